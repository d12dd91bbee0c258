"""Benchmark of ``drafter search`` on a synthetic corpus the size of the Assembly's whole history.

The corpus is derived deterministically (``seed``) from the five seed editions: every series
has its own small topic vocabulary (made-up words, as real series each have their own subject
matter); its paragraphs are the seeds' paragraphs, recombined (the head of one joined to the
tail of another, at a comma) and perturbed (some words swapped for the series' topic words or
other seed words); later editions of a series change the way real ones do (a paragraph added,
one dropped, a few words changed, the previous resolution recalled).

Measured:

- ``index_build_s``: the index built straight from the generated editions (no files);
- ``query``: search latency over ``queries`` phrases, each 10-20 words of a paragraph of the
  corpus with two words changed: median, p90 and max in ms, and how often a true source (the
  paragraph the words came from, or another with exactly those words) is the top hit
  (``top1``) or in the top 10 (``top10``);
- ``common``: the same for very common short phrases ("human rights"), the worst case for
  the full-text narrowing;
- with ``cold_files`` (a number of editions, or True for all of them): the editions written as
  text files (Markdown-like, as A/RES/61/168), then ``cold_build_s``: the index built from the
  files as ``drafter search`` does the first time (scan, SHA-256, parse, index);
  ``fresh_check_ms``: the check that the index is fresh (one stat per file) every later search
  pays; ``search_e2e_ms``: one search through :func:`drafter.language.search.search` (check + query).

    python bench/search_bench.py --editions 20000 --seed 7 [--cold-files N|all] [--queries 40]

``bench/run.py`` calls :func:`bench_search`.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from drafter.language.search import IndexedEdition, IndexedParagraph, normalise  # noqa: E402

SEED_CORPUS = REPO / "corpus"
LAST_SESSION = 79
COMMON_PHRASES = ("human rights", "international cooperation", "Member States", "the General Assembly", "calls upon States")
_SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["an", "el", "in", "or", "ul", "ar", "es"]


@dataclass(frozen=True)
class SeedPara:
    kind: str
    opening: str
    text: str  # without the final punctuation


def seed_paragraphs() -> list[SeedPara]:
    """The distinct paragraphs of the seed editions (sub-paragraphs folded in)."""
    from drafter.corpus.folder import load_corpus

    out: dict[str, SeedPara] = {}
    for ed in load_corpus(SEED_CORPUS).editions:
        for p in ed.resolution.paragraphs:
            text = p.full_text().rstrip(",;. ")
            if p.opening and text.startswith(p.opening) and len(text.split()) >= 6:
                out.setdefault(text, SeedPara(p.kind, p.opening, text))
    return [out[k] for k in sorted(out)]


class Synth:
    """Deterministic synthetic editions (as :class:`IndexedEdition`) from the seeds."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.paras = seed_paragraphs()
        self.pre = [p for p in self.paras if p.kind == "preamble"]
        self.ops = [p for p in self.paras if p.kind == "operative"]
        self.words = sorted({w for p in self.paras for w in re.findall(r"[a-z]{4,}", p.text)})
        self.numbers: dict[int, int] = {}
        self.made_up: set[str] = set()

    def made_up_word(self) -> str:
        while True:
            w = "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 4)))
            if w not in self.made_up and len(w) >= 4:
                self.made_up.add(w)
                return w

    def number(self, session: int) -> int:
        """A resolution number not used yet at ``session`` (numbers rise with gaps)."""
        n = self.numbers.get(session, 0) + self.rng.randint(1, 3)
        self.numbers[session] = n
        return n

    def paragraph(self, kind: str, topic: list[str]) -> str:
        rng = self.rng
        pool = self.pre if kind == "preamble" else self.ops
        a = rng.choice(pool)
        text = a.text
        if rng.random() < 0.5:  # recombine: head of one, tail of another
            b = rng.choice(pool)
            ca = [m.start() for m in re.finditer(",", a.text)]
            cb = [m.start() for m in re.finditer(",", b.text)]
            if ca and cb:
                text = a.text[: rng.choice(ca)] + b.text[rng.choice(cb) :]
        words = text.split(" ")
        n_open = len(a.opening.split())
        for i in range(n_open, len(words)):
            r = rng.random()
            if r < 0.15:
                words[i] = rng.choice(topic)
            elif r < 0.20:
                words[i] = rng.choice(self.words)
        return " ".join(words)

    def series(self, n_max: int) -> list[IndexedEdition]:
        rng = self.rng
        topic = [self.made_up_word() for _ in range(rng.randint(8, 20))]
        title = " ".join(w.capitalize() if i == 0 else w for i, w in enumerate(rng.sample(topic, 3) + rng.sample(self.words, 2)))
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        period = rng.choice((1, 1, 1, 2, 2, 3, 5))
        first = rng.randint(10, LAST_SESSION - 1)
        sessions = list(range(first, LAST_SESSION + 1, period))[-n_max:]
        pre = [self.paragraph("preamble", topic) for _ in range(rng.randint(3, 12))]
        ops = [self.paragraph("operative", topic) for _ in range(rng.randint(4, 18))]
        out: list[IndexedEdition] = []
        prev: tuple[int, int, _dt.date] | None = None
        for s in sessions:
            pre = self._evolve(pre, "preamble", topic)
            ops = self._evolve(ops, "operative", topic)
            number = self.number(s)
            adopted = _dt.date(1945 + s, 12, rng.randint(5, 22))
            these = list(pre)
            if prev is not None:
                from drafter.citations.sessions import format_un_date

                these.insert(1, f"Recalling its resolution {prev[0]}/{prev[1]} of {format_un_date(prev[2])}")
            last = f"Decides to continue its consideration of the question at its {_ordinal(s + period)} session"
            paras = [IndexedParagraph("preamble", None, i, t + ",") for i, t in enumerate(these, 1)]
            paras += [IndexedParagraph("operative", i, i, t + ";") for i, t in enumerate(ops, 1)]
            paras.append(IndexedParagraph("operative", len(ops) + 1, len(ops) + 1, last + "."))
            out.append(IndexedEdition(slug, f"A-RES-{s}-{number}.txt", f"A/RES/{s}/{number}", s, adopted, title, tuple(paras)))
            prev = (s, number, adopted)
        return out

    def _evolve(self, paras: list[str], kind: str, topic: list[str]) -> list[str]:
        rng = self.rng
        out = list(paras)
        r = rng.random()
        if r < 0.3:
            out.insert(rng.randint(0, len(out)), self.paragraph(kind, topic))
        elif r < 0.45 and len(out) > 3:
            out.pop(rng.randrange(len(out)))
        for _ in range(rng.randint(0, 2)):
            i = rng.randrange(len(out))
            ws = out[i].split(" ")
            ws[rng.randrange(1, len(ws))] = rng.choice(topic + self.words)
            out[i] = " ".join(ws)
        return out

    def corpus(self, n_editions: int, max_per_series: int = 40) -> list[IndexedEdition]:
        out: list[IndexedEdition] = []
        while len(out) < n_editions:
            out.extend(self.series(min(max_per_series, n_editions - len(out))))
        return out


def _ordinal(n: int) -> str:
    from drafter.citations.sessions import ordinal_word

    return ordinal_word(n)


def queries(editions: list[IndexedEdition], n: int, seed: int) -> list[tuple[str, str, str, str]]:
    """(phrase, symbol, paragraph label, original words): 10-20 words of a paragraph, two of
    them changed (swapped for another word, or left out)."""
    rng = random.Random(seed * 7919 + 1)
    vocab = sorted({w for ed in editions[:200] for p in ed.paragraphs for w in p.text.split() if w.isalpha()})
    out: list[tuple[str, str, str, str]] = []
    while len(out) < n:
        ed = rng.choice(editions)
        p = rng.choice(ed.paragraphs)
        words = p.text.split()
        if len(words) < 14 or p.text.startswith(("Recalling its resolution", "Decides to continue")):
            continue
        k = rng.randint(10, min(20, len(words)))
        start = rng.randint(0, len(words) - k)
        window = words[start : start + k]
        original = " ".join(window)
        for _ in range(2):
            i = rng.randrange(len(window))
            if rng.random() < 0.5:
                window[i] = rng.choice(vocab)
            else:
                del window[i]
        label = ("PP" if p.kind == "preamble" else "OP") + str(p.position if p.kind == "preamble" else p.number)
        out.append((" ".join(window), ed.symbol or "", label, original))
    return out


def _stats(ms: list[float]) -> dict[str, float]:
    s = sorted(ms)
    return {
        "median_ms": round(statistics.median(s), 2),
        "p90_ms": round(s[min(len(s) - 1, int(0.9 * len(s)))], 2),
        "max_ms": round(s[-1], 2),
    }


def render_text(ed: IndexedEdition) -> str:
    """The edition as a Markdown-like text (the family of A/RES/61/168)."""
    from drafter.citations.sessions import format_un_date, ordinal_word

    assert ed.session is not None and ed.adopted is not None and ed.symbol is not None
    number = ed.symbol.rsplit("/", 1)[1]
    out = ["General Assembly", "", "Distr.: General", format_un_date(ed.adopted + _dt.timedelta(days=40)), ""]
    out += [f"{ordinal_word(ed.session, capital=True)} session", "Agenda item 69", ""]
    out += [f"Resolution adopted by the General Assembly on {format_un_date(ed.adopted)}", ""]
    out += [f"[on the report of the Third Committee (A/{ed.session}/456)]", ""]
    out += [f"{ed.session}/{number}. {ed.title}", "", "The General Assembly,", ""]
    for p in ed.paragraphs:
        opening, _, rest = p.text.partition(" ")
        body = f"*{opening}* {rest}"
        out += [body if p.kind == "preamble" else f"{p.number}. {body}", ""]
    out += ["*70th plenary meeting", f"{format_un_date(ed.adopted)}*", ""]
    return "\n".join(out)


def bench_search(
    n_editions: int,
    seed: int,
    *,
    n_queries: int = 40,
    cold_files: int | bool = False,
    workdir: Path | str | None = None,
    settle: float = 2.1,
) -> dict[str, Any]:
    """Generate ``n_editions`` synthetic editions (deterministic for ``seed``), index them, and
    time searches. Returns the figures (see the module's docstring)."""
    from drafter.language.search import ensure_index, search, search_index, write_index

    own_tmp = workdir is None
    work = Path(tempfile.mkdtemp(prefix="drafter-search-bench-")) if own_tmp else Path(workdir)  # type: ignore[arg-type]
    work.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        editions = Synth(seed).corpus(n_editions)
        gen_s = time.perf_counter() - t0
        n_par = sum(len(e.paragraphs) for e in editions)
        db = work / "direct.sqlite3"
        t0 = time.perf_counter()
        write_index(db, editions)
        build_s = time.perf_counter() - t0
        qs = queries(editions, n_queries, seed)
        search_index(db, "warm up the page cache")
        lat: list[float] = []
        top1 = top10 = 0
        for phrase, symbol, label, original in qs:
            t0 = time.perf_counter()
            hits, _, _ = search_index(db, phrase, limit=10)
            lat.append((time.perf_counter() - t0) * 1000)
            # a true source: the paragraph the words came from, or any other with those same
            # words (an earlier or later edition that carried them unchanged)
            want = f" {normalise(original)} "
            ranks = [
                i for i, h in enumerate(hits)
                if any(o.symbol == symbol and o.paragraph == label for o in h.editions) or want in f" {normalise(h.text)} "
            ]
            top1 += bool(ranks and ranks[0] == 0)
            top10 += bool(ranks)
        common: list[float] = []
        for phrase in COMMON_PHRASES:
            t0 = time.perf_counter()
            search_index(db, phrase, limit=10)
            common.append((time.perf_counter() - t0) * 1000)
        result: dict[str, Any] = {
            "editions": len(editions),
            "series": len({e.series for e in editions}),
            "paragraphs": n_par,
            "seed": seed,
            "generate_s": round(gen_s, 2),
            "index_build_s": round(build_s, 2),
            "index_mb": round(db.stat().st_size / 1e6, 1),
            "query": {"n": len(qs), **_stats(lat), "top1": round(top1 / len(qs), 3), "top10": round(top10 / len(qs), 3)},
            "common": {"n": len(common), **_stats(common)},
        }
        if cold_files:
            n_files = len(editions) if cold_files is True else min(int(cold_files), len(editions))
            root = work / "corpus"
            for ed in editions[:n_files]:
                folder = root / ed.series
                folder.mkdir(parents=True, exist_ok=True)
                (folder / (ed.file or "x.txt")).write_text(render_text(ed), encoding="utf-8")
            time.sleep(settle)  # files written a while ago, as in a real corpus (drafter.language.search.RECENT_NS)
            cache = work / "cache"
            # a truly cold start: no search index and no parse cache (drafter.corpus.cache) either
            saved = os.environ.get("DRAFTER_CACHE_DIR")
            os.environ["DRAFTER_CACHE_DIR"] = str(cache)
            try:
                t0 = time.perf_counter()
                info = ensure_index(root, cache=cache)
                cold = time.perf_counter() - t0
                t0 = time.perf_counter()
                again = ensure_index(root, cache=cache)
                fresh = time.perf_counter() - t0
                assert again.action == "fresh"
                e2e = []
                for phrase, *_ in qs[:10]:
                    t0 = time.perf_counter()
                    search(root, phrase, cache=cache)
                    e2e.append((time.perf_counter() - t0) * 1000)
            finally:
                if saved is None:
                    os.environ.pop("DRAFTER_CACHE_DIR", None)
                else:
                    os.environ["DRAFTER_CACHE_DIR"] = saved
            result["cold"] = {
                "files": n_files,
                "cold_build_s": round(cold, 2),
                "per_file_ms": round(cold / n_files * 1000, 2),
                "warnings": len(info.warnings),
                "fresh_check_ms": round(fresh * 1000, 1),
                "search_e2e": _stats(e2e),
            }
        return result
    finally:
        if own_tmp:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="drafter search benchmark")
    ap.add_argument("--editions", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--cold-files", default="0", help="editions written as files for the cold build: a number, or 'all'")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args(argv)
    cold: int | bool = True if args.cold_files == "all" else int(args.cold_files)
    print(json.dumps(bench_search(args.editions, args.seed, n_queries=args.queries, cold_files=cold, workdir=args.workdir), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
