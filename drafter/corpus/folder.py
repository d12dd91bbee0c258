"""The corpus: past editions on disk, one folder per series, one file per edition.

Layout::

    corpus/
      <series-slug>/                 e.g. enhancement-of-international-cooperation-in-the-field-of-human-rights
        <symbol-slug>.<ext>          e.g. A-RES-68-160.txt (.txt, .docx or .pdf), byte-identical to what was received
        PROVENANCE.md                where each file came from (drafter add appends to it)
        .replaced/                   editions moved aside by ``drafter add --replace``

Files are never modified in place: :func:`add_edition` copies a new edition in, byte for byte,
and moves a replaced one aside. The corpus a command uses is found by :func:`locate_corpus`.

Parsing goes through :func:`parse_edition`, or the parse function given to :func:`load_corpus`:
the corpus store (:mod:`drafter.corpus.cache`) gives one that answers from its stored parses.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.corpus.lock import under_corpus_lock
from drafter.corpus.matching import (  # noqa: F401  (re-exported: drafter.corpus.folder.match_series)
    PARAGRAPH_MATCH,
    PARAGRAPH_SHARE,
    RETITLED_SHARE,
    TITLE_MATCH,
    match_by_content,
    match_series,
    most_common_title,
    paragraph_share,
)
from drafter.corpus.scan import (
    EDITION_SUFFIXES,
    FACTS_SUFFIX,
    is_edition_name,
    is_series_name,
    loose_files,
)
from drafter.errors import CorpusError, DrafterError, InputError
from drafter.model.resolution import Resolution

if TYPE_CHECKING:
    from drafter.readers.source import Source

ENV_VAR = "DRAFTER_CORPUS"
PROVENANCE = "PROVENANCE.md"
REPLACED_DIR = ".replaced"

# --- finding the corpus ------------------------------------------------------------------------


def bundled_corpus() -> Path | None:
    """The corpus shipped with drafter: ``drafter/_bundled/corpus`` in an installed wheel, else
    ``corpus/`` next to the package in a source checkout. None when neither exists."""
    pkg = Path(__file__).resolve().parents[1]  # the drafter package
    for candidate in (pkg / "_bundled" / "corpus", pkg.parent / "corpus"):
        if candidate.is_dir():
            return candidate
    return None


def is_bundled(folder: Path) -> bool:
    """True for the corpus inside an installed package (which drafter must not write to)."""
    pkg = Path(__file__).resolve().parents[1]  # the drafter package
    try:
        return folder.resolve() == (pkg / "_bundled" / "corpus").resolve()
    except OSError:
        return False


def _check_folder(folder: Path, how: str) -> Path:
    if not folder.exists():
        raise CorpusError(
            f"corpus folder {folder} ({how}) does not exist", hint="give an existing folder"
        )
    if not folder.is_dir():
        raise CorpusError(f"corpus {folder} ({how}) is not a folder", hint="give a folder")
    try:
        with os.scandir(folder) as it:
            next(it, None)
    except OSError as e:
        raise CorpusError(
            f"corpus folder {folder} ({how}) cannot be read: {e.strerror or e}",
            hint="check its permissions",
        ) from None
    return folder


def locate_corpus(option: Path | str | None = None, *, for_writing: bool = False) -> Path:
    """The corpus folder, in this order: the ``--corpus`` option, the ``DRAFTER_CORPUS``
    variable, ``./corpus`` in the current directory, the bundled corpus.

    A folder named by the option or the variable must exist and be readable (CorpusError).
    ``for_writing``: refuse the corpus inside an installed package.
    """
    if option is not None and str(option) != "":
        return _check_folder(Path(option).expanduser(), "--corpus")
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return _check_folder(Path(env).expanduser(), f"${ENV_VAR}")
    local = Path.cwd() / "corpus"
    if local.is_dir():
        return _check_folder(local, "./corpus in the current directory")
    bundled = bundled_corpus()
    if bundled is None:
        raise CorpusError(
            "no corpus found (no --corpus, no $DRAFTER_CORPUS, no ./corpus, no bundled corpus)",
            hint="give --corpus DIR",
        )
    if for_writing and is_bundled(bundled):
        raise CorpusError(
            f"the bundled corpus ({bundled}) is part of the installed package and is not written to",
            hint=f"give --corpus DIR or set {ENV_VAR} to a corpus folder of your own",
        )
    return _check_folder(bundled, "bundled with drafter")


# --- symbols and slugs -------------------------------------------------------------------------

_SYMBOL_RE = re.compile(
    r"""^A/(?:
        RES/(?:\d{1,3}|ES-\d{1,2}|S-\d{1,2})/\d{1,4}(?:\s?\([A-Z]\))?     # A/RES/68/160, A/RES/ES-10/1
      | RES/\d{1,4}\s?\([IVXLC]+\)(?:\s?\[[A-Z]\])?                     # A/RES/1165 (XII)
      | (?:C\.\d/|SPC/)?(?:\d{1,3}|ES-\d{1,2}|S-\d{1,2})/L\.\d{1,4}(?:/Rev\.\d{1,2})?(?:/Add\.\d{1,2})?  # drafts
      | HRC/RES/\d{1,2}/\d{1,3}                                         # A/HRC/RES/25/3 (evidence)
    )$""",
    re.VERBOSE,
)


def is_symbol(text: str) -> bool:
    """A General Assembly resolution or draft symbol (``A/RES/68/160``, ``A/RES/1165 (XII)``,
    ``A/C.3/68/L.5/Rev.1``)."""
    return bool(_SYMBOL_RE.match(text.strip()))


def normalize_symbol(text: str) -> str:
    """``a/res/68/160`` -> ``A/RES/68/160``; ``A/RES/1165(XII)`` -> ``A/RES/1165 (XII)``."""
    s = " ".join(text.split())
    s = re.sub(r"^a/res/", "A/RES/", s, flags=re.IGNORECASE)
    s = re.sub(r"^a/hrc/res/", "A/HRC/RES/", s, flags=re.IGNORECASE)
    s = re.sub(r"\s?\(([IVXLC]+)\)", r" (\1)", s)
    return s


def symbol_slug(symbol: str) -> str:
    """The file-name form of a symbol: ``A/RES/68/160`` -> ``A-RES-68-160``,
    ``A/RES/1165 (XII)`` -> ``A-RES-1165(XII)``."""
    return normalize_symbol(symbol).replace("/", "-").replace(" ", "")


def symbol_from_slug(name: str) -> str | None:
    """Back from a file name (with or without extension) to the symbol, None if the name is
    not a symbol's slug: ``A-RES-68-160.txt`` -> ``A/RES/68/160``."""
    stem = name
    for suffix in EDITION_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    if not stem.upper().startswith("A-"):
        return None
    s = stem.replace("-", "/")
    s = re.sub(r"/(ES|S)/(\d)", r"/\1-\2", s)  # emergency special / special sessions
    s = re.sub(r"\(([IVXLC]+)\)", r" (\1)", s)
    s = "A/" + s[2:]
    s = re.sub(r"^A/RES/", "A/RES/", s, flags=re.IGNORECASE)
    return s if is_symbol(s) and symbol_slug(s) == stem else None


def session_of_symbol(symbol: str | None) -> int | None:
    """``A/RES/68/160`` -> 68, ``A/C.3/68/L.5`` -> 68, ``A/RES/1165 (XII)`` -> 12;
    ``A/HRC/RES/38/3`` -> 38, the Human Rights Council's own session (never a General Assembly
    session read from its date)."""
    if not symbol:
        return None
    m = re.match(r"A/HRC/(?:RES/)?(\d{1,3})/", symbol)
    if m:
        return int(m.group(1))
    m = re.match(r"A/(?:RES/|C\.\d/|SPC/)?(\d{1,3})/", symbol)
    if m:
        return int(m.group(1))
    m = re.match(r"A/RES/\d{1,4}\s?\(([IVXLC]+)\)", symbol)
    if m:
        from drafter.citations.sessions import from_roman

        try:
            return from_roman(m.group(1))
        except ValueError:
            return None
    return None


def slugify(title: str, max_length: int = 120) -> str:
    """A series folder name from a title: lower case ASCII words joined by hyphens."""
    text = "".join(
        ch if ch.isascii() else " "
        for ch in unicodedata.normalize("NFKD", title)
        if not unicodedata.combining(ch)  # accents go, letters stay: Côte -> Cote
    )
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = "-".join(words)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def _valid_series_slug(slug: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", slug)) and ".." not in slug


# --- loading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edition:
    """One edition in the corpus: its file, its series (the folder name), its parse."""

    path: Path
    series: str
    resolution: Resolution

    @property
    def symbol(self) -> str | None:
        return self.resolution.symbol

    @property
    def session(self) -> int | None:
        return self.resolution.session


@dataclass
class Corpus:
    root: Path
    editions: list[Edition] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    series_slugs: list[str] = field(default_factory=list)  # every series folder, even empty

    def by_series(self) -> dict[str, list[Edition]]:
        out: dict[str, list[Edition]] = {slug: [] for slug in self.series_slugs}
        for ed in self.editions:
            out.setdefault(ed.series, []).append(ed)
        return out

    def series_editions(self, slug: str) -> list[Edition]:
        return [ed for ed in self.editions if ed.series == slug]


ParseFn = Callable[[Path], Resolution]


def parse_edition(path: Path) -> Resolution:
    """Parse one corpus file. The symbol in the file name is used when the text prints none.

    This is the seam for a parse cache: :func:`load_corpus` takes any function with this
    signature.
    """
    return parse_named_file(path, evidence="corpus file name")


def parse_named_file(path: Path, *, evidence: str = "file name") -> Resolution:
    """Parse ``path``; when the text prints no symbol and the file is named after one
    (``A-RES-60-156.txt``), that symbol is used, marked inferred from ``<evidence> <name>``."""
    from drafter.parse.parser import parse_source
    from drafter.readers import read

    path = Path(path)
    src = read(path)
    res = parse_source(src)
    facts = read_facts(path)
    file_symbol = facts.get("symbol") or symbol_from_slug(path.name)
    if file_symbol and res.symbol and not res.symbol.startswith("A/RES/") and file_symbol.startswith("A/RES/"):
        # an adopted edition kept as the draft it was adopted from: the draft prints its
        # L-document symbol, the corpus knows the resolution's
        res = res.with_(symbol=None)
    if res.symbol is None and file_symbol:
        with_symbol = parse_source(
            src, symbol=file_symbol, symbol_evidence=f"{evidence} {path.name}"
        )
        if res.session is not None and res.is_inferred("session"):
            # keep the session the text itself proves (meeting date, "continue ... at its
            # Nth session") rather than one read back from the file name
            inferred = tuple((k, v) for k, v in with_symbol.inferred if k != "session") + (
                ("session", res.evidence("session") or ""),
            )
            with_symbol = with_symbol.with_(session=res.session, inferred=inferred)
        res = with_symbol
    if res.adopted is None and facts.get("adopted"):
        adopted = _dt.date.fromisoformat(facts["adopted"])
        inferred = res.inferred + (("adopted", f"given with drafter add --adopted ({path.name}{FACTS_SUFFIX})"),)
        res = res.with_(adopted=adopted, inferred=inferred)
    return res


def facts_path(edition: Path) -> Path:
    """The sidecar that keeps what the user told ``drafter add`` about an edition (its symbol, its
    date of adoption) when the file itself does not print it. The edition stays byte-identical."""
    return edition.with_name(edition.name + FACTS_SUFFIX)


def read_facts(edition: Path) -> dict[str, str]:
    p = facts_path(edition)
    if not p.is_file():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: str(v) for k, v in data.items() if k in ("symbol", "adopted") and v} if isinstance(data, dict) else {}


def edition_files(folder: Path) -> list[Path]:
    """The edition files of one series folder, sorted by name (hidden files and .md left out)."""
    out = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    for p in entries:
        if is_edition_name(p.name) and p.is_file():
            out.append(p)
    return out


def series_folders(root: Path) -> list[Path]:
    try:
        entries = sorted(root.iterdir())
    except OSError as e:
        raise CorpusError(f"corpus folder {root} cannot be read: {e.strerror or e}") from None
    return [p for p in entries if is_series_name(p.name) and p.is_dir()]


def _check_symbol(ed: Edition, warnings: list[str]) -> None:
    file_symbol = symbol_from_slug(ed.path.name)
    printed = ed.resolution.symbol
    where = f"{ed.series}/{ed.path.name}"
    if file_symbol is None:
        warnings.append(
            f"{where}: the file name is not a symbol (expected e.g. A-RES-68-160{ed.path.suffix})"
        )
    elif (
        printed
        and not ed.resolution.is_inferred("symbol")
        and normalize_symbol(printed) != file_symbol
    ):
        warnings.append(f"{where}: the text prints {printed} but the file name says {file_symbol}")


def load_corpus(
    root: Path | str,
    *,
    parse: ParseFn | None = None,
    series: Iterable[str] | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> Corpus:
    """Parse every edition under each series folder of ``root`` with ``parse`` (default
    :func:`parse_edition`; :func:`drafter.corpus.cache.load_corpus` passes the store's).

    A file that cannot be parsed is reported in ``Corpus.warnings`` and left out; it does not
    stop the rest. ``series`` limits loading to those slugs; ``on_file`` is called before each
    file (progress).
    """
    root = _check_folder(Path(root), "corpus")
    wanted = set(series) if series is not None else None
    parse_fn = parse or parse_edition
    corpus = Corpus(root=root)
    for folder in series_folders(root):
        if wanted is not None and folder.name not in wanted:
            continue
        corpus.series_slugs.append(folder.name)
        for path in edition_files(folder):
            if on_file is not None:
                on_file(path)
            try:
                res = parse_fn(path)
            except DrafterError as e:
                corpus.warnings.append(f"{folder.name}/{path.name} was skipped: {e.one_line()}")
                continue
            except Exception as e:  # a bad file must not take the corpus down
                corpus.warnings.append(
                    f"{folder.name}/{path.name} was skipped: {type(e).__name__}: {e}"
                )
                continue
            ed = Edition(path=path, series=folder.name, resolution=res)
            _check_symbol(ed, corpus.warnings)
            corpus.editions.append(ed)
    corpus.warnings.extend(loose_files(root))
    return corpus


# --- adding an edition -------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    from drafter.fsutil import sha256_file

    try:
        return sha256_file(path)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None


def _moved_aside_name(folder: Path, name: str) -> Path:
    target = folder / name
    if not target.exists():
        return target
    stamp = _dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    k = 0
    while True:
        cand = folder / f"{Path(name).stem}.{stamp}{'-' + str(k) if k else ''}{Path(name).suffix}"
        if not cand.exists():
            return cand
        k += 1


def _provenance_line(
    dest: Path,
    source: Path,
    digest: str,
    adopted: _dt.date | None,
    replaced: list[Path],
    reason: str,
) -> str:
    from drafter.citations.sessions import format_un_date

    parts = [
        f"- {_dt.date.today().isoformat()}: `{dest.name}` added by drafter from `{source.name}`"
    ]
    parts.append(f"sha256 {digest}")
    if adopted:
        parts.append(f"adopted {format_un_date(adopted)} (given with --adopted)")
    if reason:
        parts.append(f"series: {reason}")
    if replaced:
        moved = ", ".join(f"`{p.name}` moved to `{REPLACED_DIR}/{p.name}`" for p in replaced)
        parts.append(f"replaces {moved}")
    return "; ".join(parts) + ".\n"


def _append_provenance(folder: Path, title: str | None, line: str) -> None:
    """Append ``line`` to the series' PROVENANCE.md, whole, with one write (under the corpus
    lock: :func:`drafter.corpus.lock.corpus_lock`); the file and its section are created first
    if need be."""
    from drafter.fsutil import append_text, atomic_write_text

    path = folder / PROVENANCE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = f"# Provenance: {title or folder.name}\n\nEditions added with `drafter add`.\n"
    if "## Added with drafter add" not in text:
        text = text.rstrip("\n") + "\n\n## Added with drafter add\n\n"
        atomic_write_text(path, text + line, force=True, record=False)
        return
    append_text(path, line if text.endswith("\n") else "\n" + line)


@under_corpus_lock
def add_edition(
    corpus: Corpus | Path | str,
    file: Path | str,
    symbol: str | None = None,
    series: str | None = None,
    adopted: str | _dt.date | None = None,
    replace: bool = False,
    *,
    notes: list[str] | None = None,
    force: bool = False,
    series_reason: str | None = None,
    accept_changes: bool = False,
    source: Source | None = None,
) -> Path:
    """Copy ``file`` into the corpus as an edition of its series and return the new path.

    The file must parse as a resolution. Its series is ``series`` (a folder slug, created if
    new), else the series with a matching title, else the series whose edition nearest in session
    its paragraphs match (:func:`match_series`), else a new folder named after its title. It is copied
    byte-identical to ``<series>/<symbol-slug>.<ext>`` and a line is appended to the series'
    PROVENANCE.md. Refused: no symbol (printed or given), the same content already in the
    series, or an edition of the same session already there (unless ``replace``: the old file is
    then moved to ``<series>/.replaced/``). ``notes`` collects what the user should know.
    Before that, :func:`drafter.corpus.guards.check_edition` refuses what is no sound edition
    (a parse that lost words, a text that is no resolution, a draft given an A/RES symbol, a
    symbol or session the text contradicts); ``force`` takes a lossy parse or a complete
    draft anyway. ``series_reason``: why ``series`` was chosen (for PROVENANCE.md), when
    not by the user (``drafter add`` of a pile).
    A Word file that still holds tracked changes or comments is refused unless
    ``accept_changes`` (its text is then read as if every change were accepted). ``source``:
    the file already read (a .doc is converted by LibreOffice only once).
    """
    from drafter.fsutil import safe_copy
    from drafter.parse.parser import parse_source
    from drafter.readers import read

    notes = notes if notes is not None else []
    if not isinstance(corpus, Corpus):
        corpus = load_corpus(Path(corpus))
    src = Path(file)
    if not src.exists():
        raise InputError(f"{src}: no such file")
    if not src.is_file():
        raise InputError(f"{src} is not a file")
    ext = src.suffix.lower()
    if ext not in EDITION_SUFFIXES:
        raise InputError(
            f"{src.name}: drafter reads {', '.join(EDITION_SUFFIXES)} files, not {ext or 'files without extension'}"
        )
    given = None
    if symbol:
        given = normalize_symbol(symbol)
        if not is_symbol(given):
            raise InputError(
                f"{symbol!r} is not a General Assembly symbol",
                hint="write it like A/RES/69/123 or A/C.3/69/L.5",
            )
    if source is None or source.path != os.fspath(src):
        source = read(src)
    if source.pending and not accept_changes:
        raise InputError(
            f"{src.name} still holds {source.pending}",
            hint="accept or reject the changes and delete the comments in Word (Review tab), then save "
            "and add it again; or give --accept-changes to add it as if every change were accepted",
        )
    if source.pending:
        notes.append(f"{source.pending}: read as if every change were accepted (--accept-changes)")
    base = parse_source(source)
    printed = base.symbol
    res = (
        parse_source(source, symbol=given, symbol_evidence="given with --symbol") if given else base
    )
    if given:
        # catch a mistyped --symbol (a draft's L. symbol may well differ from the adopted one)
        if printed and printed.startswith("A/RES/") and normalize_symbol(printed) != given:
            raise InputError(
                f"{src.name} prints the symbol {printed}, not {given}",
                hint="check --symbol",
            )
    sym = given or res.symbol
    if not sym:
        raise InputError(
            f"{src.name} prints no symbol",
            hint="give --symbol (e.g. --symbol A/RES/69/123)",
        )
    sym = normalize_symbol(sym)
    if not is_symbol(sym):
        raise InputError(
            f"{src.name}: {sym!r} is not a General Assembly symbol", hint="give --symbol"
        )
    from drafter.corpus.guards import check_edition

    check_edition(
        src.name, source.text, base, res, sym, given=bool(given), force=force, notes=notes,
        sessions=(session_of_symbol(sym), session_of_symbol(base.symbol)),
    )
    adopted_date: _dt.date | None
    if isinstance(adopted, str) and adopted.strip():
        from drafter.citations.sessions import parse_un_date

        try:
            adopted_date = parse_un_date(adopted)
        except ValueError as e:
            raise InputError(
                f"--adopted {adopted!r}: {e}", hint='write it like "18 December 2014"'
            ) from None
    else:
        adopted_date = adopted if isinstance(adopted, _dt.date) else None
    if adopted_date and res.adopted and adopted_date != res.adopted:
        notes.append(
            f"the text dates its adoption {res.adopted.isoformat()}, --adopted says {adopted_date.isoformat()}"
        )
    if adopted_date is None and res.adopted is None:
        notes.append(
            "warning: the text prints no date of adoption and --adopted is missing: drafts will "
            "recall this edition with its date as a placeholder; give it with "
            '--adopted "18 December 2014" (and --replace)'
        )
    session = res.session if res.session is not None else session_of_symbol(sym)
    if session is None and adopted_date is not None:
        from drafter.parse.parser import session_of_date

        session = session_of_date(adopted_date)

    # which series
    reason = ""
    if series:
        if not _valid_series_slug(series):
            raise InputError(
                f"--series {series!r} is not a folder name", hint="use letters, digits and hyphens"
            )
        slug = series
        reason = series_reason or "given with --series"
    else:
        found, why = match_series(corpus, res)
        if found:
            slug, reason = found, why
            if "paragraphs match" in why:
                notes.append(f"series {slug}: {why}")
        elif res.title:
            slug = slugify(res.title)
            reason = f"a new series ({why})"
            notes.append(f"new series {slug}: {why}")
        else:
            raise InputError(
                f"{src.name}: cannot tell which series it belongs to ({why})",
                hint="give --series SLUG",
            )
    folder = corpus.root / slug
    dest = folder / f"{symbol_slug(sym)}{ext}"

    # refuse duplicates
    digest = _sha256(src)
    to_replace: list[Path] = []
    for other in edition_files(folder) if folder.is_dir() else []:
        if _sha256(other) == digest:
            raise DrafterError(
                f"{src.name} is already in the corpus as {slug}/{other.name} (same content)"
            )
    for ed in corpus.series_editions(slug):
        same_session = session is not None and ed.session == session
        same_name = ed.path.stem == dest.stem
        if same_session or same_name:
            if not replace:
                why = f"session {session}" if same_session else f"symbol {sym}"
                raise DrafterError(
                    f"series {slug} already has an edition for {why}: {ed.path.name}",
                    hint="use --replace to replace it",
                )
            to_replace.append(ed.path)
    for other in edition_files(folder) if folder.is_dir() else []:
        if other.stem == dest.stem and other not in to_replace:
            if not replace:
                raise DrafterError(
                    f"{slug}/{other.name} exists", hint="use --replace to replace it"
                )
            to_replace.append(other)

    # move aside, copy in, note provenance
    moved: list[tuple[Path, Path]] = []
    try:
        for old in to_replace:
            aside = folder / REPLACED_DIR
            aside.mkdir(exist_ok=True)
            target = _moved_aside_name(aside, old.name)
            os.rename(old, target)
            moved.append((old, target))
            if facts_path(old).is_file():
                os.rename(facts_path(old), facts_path(target))
                moved.append((facts_path(old), facts_path(target)))
        safe_copy(src, dest)
        facts = {"symbol": sym if given else None, "adopted": adopted_date.isoformat() if adopted_date and not res.adopted else None}
        if any(facts.values()):
            from drafter.fsutil import atomic_write_text

            atomic_write_text(facts_path(dest), json.dumps({k: v for k, v in facts.items() if v}, indent=2) + "\n", force=True)
    except BaseException as exc:
        for old, target in reversed(moved):
            try:
                os.rename(target, old)
            except OSError:
                notes.append(f"could not move {target} back to {old}")
        if isinstance(exc, OSError):
            raise DrafterError(f"cannot add {src.name} to {folder}: {exc.strerror or exc}") from exc
        raise
    title = res.title or most_common_title(corpus.series_editions(slug))
    _append_provenance(
        folder,
        title,
        _provenance_line(dest, src, digest, adopted_date, [old for old, _ in moved], reason),
    )
    return dest


__all__ = [
    "Corpus",
    "EDITION_SUFFIXES",
    "ENV_VAR",
    "Edition",
    "add_edition",
    "bundled_corpus",
    "edition_files",
    "is_bundled",
    "is_symbol",
    "load_corpus",
    "locate_corpus",
    "match_by_content",
    "match_series",
    "paragraph_share",
    "normalize_symbol",
    "parse_edition",
    "parse_named_file",
    "session_of_symbol",
    "slugify",
    "symbol_from_slug",
    "symbol_slug",
]
