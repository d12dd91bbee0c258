"""Precedent search: where has the Assembly already used this language?

Every paragraph of every edition of every series is in the corpus store
(:mod:`drafter.corpus.cache`: one SQLite file, table ``paras`` with an FTS5 full-text index,
kept up to date with the parses, one series per transaction, in place). This module is the
query layer over it. A search

1. brings the store up to date for the corpus (:func:`ensure_index`: one ``stat`` per file;
   a changed file is hashed, and when its content did change its series is parsed again);
2. narrows the candidates with FTS5: the phrase's rarer words (fewest paragraphs, by the
   index's own vocabulary), joined with OR, best ``bm25`` first, among the paragraphs of the
   corpus' editions;
3. scores each candidate with rapidfuzz ``fuzz.partial_ratio`` on normalised text (lower case,
   punctuation as spaces) and locates the matched words with ``partial_ratio_alignment``,
   widened to whole words and mapped back to offsets in the paragraph's own text;
4. keeps a candidate only when it holds the phrase's words (:func:`covers`): a phrase the
   corpus does not hold gives no hit, not the best of the near misses.

Paragraphs with the same words in several editions of a series are one hit, shown at its
latest edition with every edition that carries it (oldest first: where the language entered).

Without a store on disk (``cache=False``, or one that cannot be used) the corpus is indexed in
a store in memory for the one search.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import json
import re
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError

CACHE_ENV = "DRAFTER_CACHE_DIR"
CANDIDATES = 200  # FTS5 candidates scored with rapidfuzz
MAX_TERMS = 8  # rarer words of the phrase sent to FTS5
MIN_SCORE = 60.0
RARE_MIN = 500  # a word in at most this many paragraphs (or 1/RARE_SHARE of them) is rare
RARE_SHARE = 200
COMMON_TERMS = 4  # common words of the phrase, any all-but-one of which a candidate must have
RANK_BUDGET = 0.15  # seconds for ranking one FTS5 query by bm25; beyond it, unranked
WINDOW = 16  # at most this many characters around the aligned words (a quarter of the
# phrase's length) are where the phrase's words are looked for

STOPWORDS = frozenset(
    """a about above after again against all also an and any are as at be been before being
    between both but by can could did do does doing during each few for from further had has
    have having he her here hers him his how i if in into is it its itself may me more most
    must my no nor not of off on once only or other our ours out over own same shall she
    should so some such than that the their theirs them then there these they this those
    through to too under until up upon very was we were what when where which while who whom
    why will with would you your""".split()
)


def cache_dir() -> Path:
    """``$DRAFTER_CACHE_DIR``, else the user cache directory of drafter (platformdirs)."""
    from drafter.corpus.db import cache_dir as store_dir

    return store_dir()


# --- what is indexed ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedParagraph:
    kind: str  # "preamble" or "operative"
    number: int | None
    position: int  # 1-based within its kind
    text: str


@dataclass(frozen=True)
class IndexedEdition:
    """An edition as search sees it (for :func:`write_index`: a store filled without files)."""

    series: str
    file: str | None
    symbol: str | None
    session: int | None
    adopted: _dt.date | None
    title: str | None
    paragraphs: tuple[IndexedParagraph, ...]

    @classmethod
    def of(cls, series: str, res: Any, file: str | None = None) -> IndexedEdition:
        """From a :class:`drafter.model.resolution.Resolution`."""
        paras = [IndexedParagraph("preamble", None, i, p.full_text()) for i, p in enumerate(res.preamble, 1)]
        paras += [IndexedParagraph("operative", p.number, i, p.full_text()) for i, p in enumerate(res.operative, 1)]
        return cls(series, file, res.symbol, res.session, res.adopted, res.title, tuple(paras))


@dataclass(frozen=True)
class IndexInfo:
    path: Path
    action: str  # "fresh", "built", "updated"
    seconds: float
    files: int
    reparsed_series: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def write_index(path: Path, editions: Iterable[IndexedEdition]) -> tuple[int, int]:
    """Fill a store at ``path`` with ``editions`` directly (no corpus files: for the benchmark
    and tests); :func:`search_index` then searches it. Returns (editions, paragraphs)."""
    from drafter.corpus.db import Cache, checksum, insert_paras

    store = Cache(Path(path))
    n_ed = n_par = 0
    try:
        with store.transaction() as db:
            for ed in editions:
                n_ed += 1
                key = (f"direct:{n_ed}", ed.file or f"edition-{n_ed}")
                folder = f"{path}/{ed.series}"
                adopted = ed.adopted.isoformat() if ed.adopted else None
                db.execute(
                    "INSERT OR REPLACE INTO editions VALUES (?,?,?,?,?,?,?,?,?)",
                    (folder, str(path), key[1], key[0], ed.series, ed.symbol, ed.session, adopted, ed.title),
                )
                rows = [(*key, p.kind, p.number, p.position, p.text) for p in ed.paragraphs]
                insert_paras(db, [(*r, checksum(*r)) for r in rows])
                n_par += len(rows)
            db.execute("INSERT INTO paras_fts(paras_fts) VALUES('optimize')")
    finally:
        store.close()
    return n_ed, n_par


# --- the store ---------------------------------------------------------------------------------


def _open(root: Path, cache: bool | None, rebuild: bool, on_build: Callable[[str, int], None] | None) -> tuple[Any, Any]:
    """(store, index) with the store up to date for ``root``: the store on disk, else one in
    memory."""
    from drafter.corpus.db import Cache, open_cache
    from drafter.corpus.indexing import index
    from drafter.userdirs import cache_enabled

    store = open_cache() if cache_enabled(cache) else None
    if store is not None and store.readonly:
        store.close()
        store = None  # its paragraphs may be stale, and cannot be brought up to date
    if store is not None and rebuild:
        _forget(store, root)
    if store is not None:
        idx = index(root, cache=store, on_work=on_build)
        if idx is not None and idx.writable:
            return store, idx
        store.close()
    store = Cache.in_memory()
    idx = index(root, cache=store, on_work=on_build)
    if idx is None:  # pragma: no cover - a store in memory cannot fail but for memory
        raise DrafterError("the corpus cannot be indexed for search")
    return store, idx


def _forget(store: Any, root: Path) -> None:
    """Drop what the store holds for the corpus at ``root`` (``--rebuild``)."""
    import os

    top = os.path.abspath(root)
    with store.transaction() as db:
        keys = db.execute("SELECT sha256, name FROM files WHERE root = ?", (top,)).fetchall()
        db.executemany("DELETE FROM parses WHERE sha256 = ? AND name = ?", keys)
        db.executemany("DELETE FROM paras WHERE sha256 = ? AND name = ?", keys)
        db.execute("DELETE FROM series WHERE root = ?", (top,))
        db.execute("DELETE FROM editions WHERE root = ?", (top,))


def _info(store: Any, idx: Any, seconds: float) -> IndexInfo:
    action = "fresh" if not idx.summarised else ("updated" if idx.had_summaries else "built")
    warnings: list[str] = []
    for fs in idx.folders:
        if fs.slug in idx.summarised:
            warnings += json.loads(idx.summaries[fs.path])["warnings"]
    files = sum(len(fs.files) for fs in idx.folders)
    return IndexInfo(Path(str(store.path)), action, seconds, files, tuple(sorted(idx.summarised)), tuple(warnings))


def ensure_index(
    root: Path,
    *,
    cache: bool | None = None,
    rebuild: bool = False,
    on_build: Callable[[str, int], None] | None = None,
) -> IndexInfo:
    """Bring the paragraphs of the corpus at ``root`` up to date in the store and say what was
    done: "built" (nothing was stored for it), "updated" (some series parsed again) or
    "fresh". ``rebuild``: parse the whole corpus again. ``on_build(action, n_files)`` is
    called before any parsing (for a progress line)."""
    t0 = time.perf_counter()
    store, idx = _open(Path(root), cache, rebuild, on_build)
    try:
        return _info(store, idx, time.perf_counter() - t0)
    finally:
        store.close()


# --- searching ---------------------------------------------------------------------------------


_WORD = re.compile(r"[^\W_]+")


def _fold(word: str) -> str:
    """Lower case without diacritics, as FTS5's unicode61 tokenizer (remove_diacritics 2)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower case, punctuation as single spaces (the text of :class:`Normalised`, faster)."""
    joined = " ".join(_WORD.findall(text))
    low = joined.lower()
    if len(low) == len(joined):
        return low
    return Normalised.of(text).text  # a letter whose lower case is longer (rare): word by word


def words_of(text: str) -> list[str]:
    return [_fold(w) for w in re.findall(r"[^\W_]+", text)]


@dataclass(frozen=True)
class Normalised:
    """``text`` lower-cased with punctuation as single spaces, and the way back to offsets in
    the original."""

    text: str
    norm_starts: tuple[int, ...]  # start of each word in the normalised text
    orig_spans: tuple[tuple[int, int], ...]  # (start, end) of each word in the original

    @classmethod
    def of(cls, original: str) -> Normalised:
        parts: list[str] = []
        starts: list[int] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        for m in re.finditer(r"[^\W_]+", original):
            w = m.group().lower()
            if len(w) != len(m.group()):
                w = m.group()
            starts.append(pos)
            spans.append((m.start(), m.end()))
            parts.append(w)
            pos += len(w) + 1
        return cls(" ".join(parts), tuple(starts), tuple(spans))

    def word_at(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.norm_starts, offset) - 1)

    def word_end(self, k: int) -> int:
        """End of word ``k`` in the normalised text."""
        return self.norm_starts[k + 1] - 1 if k + 1 < len(self.norm_starts) else len(self.text)

    def words_span(self, start: int, end: int) -> tuple[int, int]:
        """Normalised offsets [start, end) widened to whole words: (first word, last word)."""
        if not self.norm_starts:
            return 0, -1
        return self.word_at(start), self.word_at(max(start, end - 1))


@dataclass(frozen=True)
class Occurrence:
    symbol: str | None
    session: int | None
    adopted: str | None
    paragraph: str  # "PP3", "OP11"

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "session": self.session, "adopted": self.adopted, "paragraph": self.paragraph}


@dataclass(frozen=True)
class Hit:
    score: float  # partial_ratio, 0-100
    exact: bool  # the phrase's words appear as they are (case and punctuation aside)
    series: str
    symbol: str | None
    session: int | None
    adopted: str | None  # ISO date
    title: str | None
    kind: str  # "preambular" or "operative"
    number: int  # operative paragraph number, or preambular paragraph position
    text: str
    start: int  # the matched words: text[start:end]
    end: int
    closeness: float = 0.0  # fuzz.ratio of the phrase with the matched words
    editions: tuple[Occurrence, ...] = ()  # every edition of the series with these words

    @property
    def paragraph(self) -> str:
        return f"{'PP' if self.kind == 'preambular' else 'OP'}{self.number}"

    @property
    def matched(self) -> str:
        return self.text[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 1),
            "exact": self.exact,
            "series": self.series,
            "symbol": self.symbol,
            "session": self.session,
            "adopted": self.adopted,
            "kind": self.kind,
            "number": self.number,
            "paragraph": self.paragraph,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "matched": self.matched,
            "first_used": self.editions[0].symbol if self.editions else self.symbol,
            "editions": [o.to_dict() for o in self.editions],
        }


@dataclass(frozen=True)
class SearchResult:
    phrase: str
    hits: tuple[Hit, ...]
    index: IndexInfo | None
    terms: tuple[str, ...]  # the words sent to FTS5
    candidates: int  # paragraphs scored
    seconds: float
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "phrase": self.phrase,
            "hits": [h.to_dict() for h in self.hits],
            "terms": list(self.terms),
            "candidates": self.candidates,
            "seconds": round(self.seconds, 4),
        }
        if self.index is not None:
            d["index"] = {
                "path": str(self.index.path),
                "action": self.index.action,
                "seconds": round(self.index.seconds, 3),
                "files": self.index.files,
            }
        d["warnings"] = list(self.warnings)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _fts_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True)
class QueryPlan:
    """The FTS5 queries for a phrase.

    ``rare``: its words that few paragraphs have (and a prefix, ``"cooperat"*``, for a long
    word the index does not know: another inflection, a typo), joined with OR;
    ``common``: when it has words that many paragraphs have, paragraphs with all but one of
    the rarest four of them (so that one changed word does not hide the source)."""

    rare: tuple[str, ...]
    common: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        return self.rare + self.common


def _doc_counts(conn: sqlite3.Connection, words: Sequence[str]) -> dict[str, int]:
    marks = ",".join("?" * len(words))
    return dict(conn.execute(f"SELECT term, doc FROM paras_vocab WHERE term IN ({marks})", list(words)).fetchall())


def plan_query(conn: sqlite3.Connection, phrase: str, max_terms: int = MAX_TERMS) -> QueryPlan:
    import itertools

    words = list(dict.fromkeys(words_of(phrase)))
    if not words:
        return QueryPlan((), ())
    # how many paragraphs have each word: for the stopwords only when the phrase has nothing
    # else (counting "the" reads half the index)
    lookup = [w for w in words if w not in STOPWORDS] or words
    freq = _doc_counts(conn, lookup)
    if lookup is not words and not any(freq.values()):
        freq = _doc_counts(conn, words)
    # about how many paragraphs there are (the highest id: no count of half a million rows)
    total = conn.execute("SELECT coalesce(max(id), 0) FROM paras").fetchone()[0]
    cap = max(RARE_MIN, total // RARE_SHARE)
    known = [w for w in words if freq.get(w)]
    content = sorted([w for w in known if w not in STOPWORDS] or known, key=lambda w: (freq[w], w))
    rare = [_fts_quote(w) for w in content if freq[w] <= cap][:max_terms]
    for w in words:
        if w not in freq and w not in STOPWORDS and len(w) >= 6 and not w.isdigit():
            rare.append(_fts_quote(w[: max(5, len(w) - 3)]) + "*")
    common = [_fts_quote(w) for w in content if freq[w] > cap][:COMMON_TERMS]
    if len(common) >= 3:
        clauses = tuple("(" + " AND ".join(c) + ")" for c in itertools.combinations(common, len(common) - 1))
    elif common:
        clauses = ("(" + " AND ".join(common) + ")",)
    else:
        clauses = ()
    return QueryPlan(tuple(rare), clauses)


def query_terms(conn: sqlite3.Connection, phrase: str, max_terms: int = MAX_TERMS) -> list[str]:
    """The FTS5 terms and clauses the phrase is narrowed with."""
    return list(plan_query(conn, phrase, max_terms).terms)


_IN_CORPUS = (
    " AND EXISTS (SELECT 1 FROM paras p JOIN editions e ON e.sha256 = p.sha256 AND e.name = p.name"
    " WHERE p.id = paras_fts.rowid AND e.root = ?)"
)


def _fts(conn: sqlite3.Connection, clauses: Sequence[str], n: int, budget: float, root: str | None) -> list[tuple[int, float]]:
    """Paragraphs of the corpus at ``root`` (any, when None) matching any of ``clauses``, best
    ``bm25`` first; when ranking them all would take more than ``budget`` seconds (clauses of
    common words), ``n`` of them unranked."""
    if not clauses:
        return []
    q = " OR ".join(clauses)
    scope, args = (_IN_CORPUS, (q, root, n)) if root is not None else ("", (q, n))
    deadline = time.perf_counter() + budget
    conn.set_progress_handler(lambda: 1 if time.perf_counter() > deadline else 0, 2000)
    try:
        return conn.execute(
            f"SELECT rowid, bm25(paras_fts) AS r FROM paras_fts WHERE paras_fts MATCH ?{scope} ORDER BY r LIMIT ?", args
        ).fetchall()
    except sqlite3.OperationalError as e:
        if "interrupt" not in str(e):
            raise
    finally:
        conn.set_progress_handler(None, 0)
    rows = conn.execute(
        f"SELECT rowid FROM paras_fts WHERE paras_fts MATCH ?{scope} ORDER BY rowid DESC LIMIT ?", args
    ).fetchall()
    return [(r[0], 0.0) for r in rows]


def _candidates(conn: sqlite3.Connection, plan: QueryPlan, n: int, root: str | None) -> list[tuple[int, float]]:
    """The union of the rare-word and the common-word candidates (best bm25 kept)."""
    out: dict[int, float] = {}
    for clauses in (plan.rare, plan.common):
        for rowid, r in _fts(conn, clauses, n, RANK_BUDGET, root):
            out[rowid] = min(r, out.get(rowid, r))
    return sorted(out.items(), key=lambda kv: kv[1])


def _locate(phrase_n: str, para: str) -> tuple[float, bool, int, int, float]:
    """(score, exact, start, end, closeness) of ``phrase_n`` (normalised) in ``para``."""
    from rapidfuzz import fuzz

    norm = Normalised.of(para)
    if not norm.text:
        return 0.0, False, 0, 0, 0.0
    padded = f" {norm.text} "
    at = padded.find(f" {phrase_n} ")
    if at >= 0:
        first, last = norm.words_span(at, at + len(phrase_n))
        return 100.0, True, norm.orig_spans[first][0], norm.orig_spans[last][1], 100.0
    al = fuzz.partial_ratio_alignment(phrase_n, norm.text)
    if al is None:
        return 0.0, False, 0, 0, 0.0
    first, last = norm.words_span(al.dest_start, al.dest_end)
    spans = {(first, last), _word_blocks(phrase_n, norm.text)}
    first, last, closeness = max((_refine(phrase_n, norm, a, b) for a, b in spans if 0 <= a <= b), key=lambda t: t[2])
    first, last = _cover_ends(phrase_n, norm, first, last)
    start, end = norm.orig_spans[first][0], norm.orig_spans[last][1]
    return float(al.score), False, start, end, closeness


def _cover_ends(phrase_n: str, norm: Normalised, first: int, last: int, most: int = 3) -> tuple[int, int]:
    """Widen the matched words over the precedent's counterparts of the phrase's first or last
    words when those were replaced ("the holding of the seminar" for "... of the workshop"):
    as many words as the phrase has unmatched at that end, up to ``most``."""
    import difflib

    pw = phrase_n.split()
    sw = norm.text[norm.norm_starts[first] : norm.word_end(last)].split()
    blocks = [b for b in difflib.SequenceMatcher(None, pw, sw, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return first, last
    lead = min(blocks[0].a, most) - blocks[0].b
    tail = min(len(pw) - (blocks[-1].a + blocks[-1].size), most) - (len(sw) - (blocks[-1].b + blocks[-1].size))
    n = len(norm.norm_starts)
    return max(0, first - max(0, lead)), min(n - 1, last + max(0, tail))


def _word_blocks(phrase_n: str, text_n: str) -> tuple[int, int]:
    """The words of ``text_n`` from the first to the last one matched, in order, with the
    phrase's words (lone small words far from the rest left out): (first word, last word)."""
    import difflib

    pw, tw = phrase_n.split(), text_n.split()
    sm = difflib.SequenceMatcher(None, pw, tw, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    while len(blocks) > 1 and blocks[0].size == 1 and tw[blocks[0].b] in STOPWORDS and blocks[1].b - blocks[0].b > 3:
        blocks.pop(0)
    while len(blocks) > 1 and blocks[-1].size == 1 and tw[blocks[-1].b] in STOPWORDS and blocks[-1].b - (blocks[-2].b + blocks[-2].size) > 3:
        blocks.pop()
    if not blocks:
        return 0, -1
    return blocks[0].b, blocks[-1].b + blocks[-1].size - 1


def _hit(row: tuple[Any, ...], score: float) -> Hit:
    _pid, kind, number, position, text, series, symbol, session, adopted, title = row
    kind_name = "preambular" if kind == "preamble" else "operative"
    num = position if kind == "preamble" or number is None else number
    return Hit(score, False, series, symbol, session, adopted, title, kind_name, int(num), text, 0, 0)


def _refine(phrase_n: str, norm: Normalised, first: int, last: int) -> tuple[int, int, float]:
    """Widen or narrow the matched words one at a time while the whole-span similarity
    (``fuzz.ratio``) with the phrase improves: partial_ratio's window has the phrase's length,
    so words inserted into (or left out of) the precedent would otherwise be cut off."""
    from rapidfuzz import fuzz

    n = len(norm.norm_starts)

    def sim(a: int, b: int) -> float:
        return float(fuzz.ratio(phrase_n, norm.text[norm.norm_starts[a] : norm.word_end(b)]))

    best = sim(first, last)
    for _ in range(2 * n):
        moves = [(first - 1, last), (first, last + 1), (first + 1, last), (first, last - 1)]
        scored = [(sim(a, b), a, b) for a, b in moves if 0 <= a <= b < n]
        if not scored:
            break
        top = max(scored)
        if top[0] <= best:
            break
        best, first, last = top
    return first, last, best


def search_index(
    path: Path,
    phrase: str,
    *,
    limit: int = 10,
    candidates: int = CANDIDATES,
    min_score: float = MIN_SCORE,
) -> tuple[list[Hit], list[str], int]:
    """Search every edition in the store at ``path`` (as :func:`write_index` fills one):
    (hits, FTS5 terms, number of candidates scored)."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return _search(conn, None, phrase, limit=limit, candidates=candidates, min_score=min_score)
    finally:
        conn.close()


def content_words(phrase: str) -> list[str]:
    """The words of ``phrase`` that carry its meaning (normalised, stopwords left out; all of
    them when every one is a stopword)."""
    words = list(dict.fromkeys(normalise(phrase).split()))
    return [w for w in words if w not in STOPWORDS] or words


def covers(words: Sequence[str], text_n: str, *, spare: int | None = None) -> bool:
    """Whether the normalised paragraph ``text_n`` holds the phrase's content ``words``: each
    as it is, or nearly (another inflection, a spelling: ``fuzz.ratio`` >= 80 for words of
    four letters or more), all but ``spare`` of them (default: none of three, one of four,
    two of five or more, a third of ten or more: a phrase with a word or two changed still
    finds its source). A short phrase whose words are
    not all there is not a precedent, however well its letters align."""
    from rapidfuzz import fuzz, process

    if spare is None:
        n = len(words)
        spare = 0 if n <= 3 else 1 if n == 4 else max(2, (n - 1) // 3)
    have = set(text_n.split())
    missing = 0
    for w in words:
        if w in have:
            continue
        if len(w) >= 4 and process.extractOne(w, have, scorer=fuzz.ratio, score_cutoff=80) is not None:
            continue
        missing += 1
        if missing > spare:
            return False
    return True


def _search(
    conn: sqlite3.Connection,
    root: str | None,
    phrase: str,
    *,
    limit: int,
    candidates: int,
    min_score: float,
    warnings: list[str] | None = None,
) -> tuple[list[Hit], list[str], int]:
    from drafter.corpus.db import checksum

    phrase_n = Normalised.of(phrase).text
    if not phrase_n:
        raise DrafterError(f"the phrase {phrase!r} has no words to search for", hint="give a few words in quotes")
    plan = plan_query(conn, phrase)
    terms = list(plan.terms)
    cands = _candidates(conn, plan, candidates, root)
    if not cands:
        return [], terms, 0
    rank = {rowid: r for rowid, r in cands}
    ids = list(rank)
    scope, args = ("AND e.root = ?", [*ids, root]) if root is not None else ("", ids)
    found = conn.execute(
        "SELECT p.id, p.kind, p.number, p.position, p.text, e.series, e.symbol, e.session, e.adopted, e.title, "
        "p.sha256, p.name, p.checksum "
        f"FROM paras p JOIN editions e ON e.sha256 = p.sha256 AND e.name = p.name WHERE p.id IN ({','.join('?' * len(ids))}) {scope}",
        args,
    ).fetchall()
    rows = []
    for row in found:
        if row[12] != checksum(row[10], row[11], row[1], row[2], row[3], row[4]):
            if warnings is not None and not any(row[11] in w for w in warnings):
                warnings.append(f"the search index entry of {row[5]}/{row[11]} is damaged; run drafter search --rebuild")
            continue
        rows.append(row[:10])
    from rapidfuzz import fuzz

    # one hit per wording: the same words in several editions of a series are scored once
    groups: dict[tuple[str, str, str], list[tuple[Any, ...]]] = {}
    for row in rows:
        groups.setdefault((row[5], row[1], normalise(row[4])), []).append(row)
    padded = f" {phrase_n} "
    content = content_words(phrase)
    pad = min(WINDOW, len(phrase_n) // 4)
    ranked: list[tuple[float, float, tuple[str, str, str]]] = []
    for key, members in groups.items():
        text_n = key[2]
        if padded in f" {text_n} ":
            score = 100.0
        else:
            al = fuzz.partial_ratio_alignment(phrase_n, text_n, score_cutoff=min_score)
            # the phrase's words must be there, where its letters align (give or take a
            # quarter of its length), not anywhere in a long paragraph
            if al is None or not covers(content, text_n[max(0, al.dest_start - pad) : al.dest_end + pad]):
                continue
            score = float(al.score)
        if score >= min_score and score > 0:
            ranked.append((score, min(rank[m[0]] for m in members), key))
    ranked.sort(key=lambda t: (-t[0], t[1]))
    # the finalists: matched words located (and the whole-span similarity as a tie-breaker)
    finals: list[tuple[tuple[Any, ...], Hit]] = []
    for score, best_rank, key in ranked[: max(3 * limit, 20)]:
        chrono = sorted(groups[key], key=lambda r: (r[7] is None, r[7] or 0, r[8] or "", r[6] or ""))
        hits_of = [_hit(r, score) for r in chrono]
        latest = chrono[-1]  # the same words, so the same score: shown at its latest edition
        _, exact, start, end, closeness = _locate(phrase_n, latest[4])
        occ = tuple(Occurrence(h.symbol, h.session, h.adopted, h.paragraph) for h in hits_of)
        hit = replace(hits_of[-1], exact=exact, start=start, end=end, closeness=closeness, editions=occ)
        finals.append(((-score, -closeness, best_rank, -(latest[7] or 0), latest[6] or ""), hit))
    finals.sort(key=lambda kv: kv[0])
    hits = [h for _, h in finals[:limit]]
    return hits, terms, len(rows)


def search(
    root: Path,
    phrase: str,
    *,
    limit: int = 10,
    cache: bool | None = None,
    candidates: int = CANDIDATES,
    min_score: float = MIN_SCORE,
    on_build: Callable[[str, int], None] | None = None,
    rebuild: bool = False,
) -> SearchResult:
    """Search every edition of every series of the corpus at ``root`` for ``phrase``
    (``cache=False``: in a store in memory, built for this search)."""
    import os

    if limit < 1:
        raise DrafterError(f"--limit {limit}: must be at least 1")
    if not Normalised.of(phrase).text:
        raise DrafterError(f"the phrase {phrase!r} has no words to search for", hint="give a few words in quotes")
    t0 = time.perf_counter()
    store, idx = _open(Path(root), cache, rebuild, on_build)
    try:
        info = _info(store, idx, time.perf_counter() - t0)
        warnings = list(info.warnings)
        hits, terms, n = _search(
            store.db, os.path.abspath(root), phrase, limit=limit, candidates=candidates, min_score=min_score, warnings=warnings
        )
    finally:
        store.close()
    return SearchResult(phrase, tuple(hits), info, tuple(terms), n, time.perf_counter() - t0, tuple(warnings))


__all__ = [
    "CACHE_ENV",
    "Hit",
    "IndexInfo",
    "IndexedEdition",
    "IndexedParagraph",
    "SearchResult",
    "cache_dir",
    "content_words",
    "covers",
    "ensure_index",
    "query_terms",
    "search",
    "search_index",
    "write_index",
]
