"""Property tests (hypothesis) for issue 7's hardening:

- the readers and the parser never raise anything but DrafterError, on random text, on
  near-resolutions assembled from the seeds' lines, and on truncated or cut-up seeds;
- value objects survive ``parse(format(x)) == x``: symbols and their file-name slugs, and the
  Resolution model through JSON (ordinals, Roman numerals, dates and citations are covered by
  tests/test_sessions.py and tests/test_citations.py);
- no word of a paragraph is lost: resolutions generated from random paragraphs in each of the
  three text families (and as Word files) parse back to the same words, paragraph by
  paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, SERIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.citations.sessions import to_roman
from drafter.corpus.folder import (
    is_symbol,
    normalize_symbol,
    parse_edition,
    symbol_from_slug,
    symbol_slug,
)
from drafter.errors import DrafterError
from drafter.model.resolution import Footnote, Marker, Paragraph, Resolution, SubParagraph
from drafter.parse.parser import parse_source
from drafter.readers.text import text_source

sys.path.insert(0, str(REPO / "bench"))
import synth  # noqa: E402

SEEDS = sorted((CORPUS / SERIES).glob("*.txt"))
SEED_BYTES = {p.name: p.read_bytes() for p in SEEDS}
SEED_LINES = sorted({line for p in SEEDS for line in p.read_text(encoding="utf-8").splitlines()})
FIXTURE = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _parse_bytes(data: bytes, tmp_path: Path, name: str = "A-RES-68-160.txt") -> None:
    """Read and parse ``data`` as the corpus does; only DrafterError may come out."""
    path = tmp_path / name
    path.write_bytes(data)
    try:
        res = parse_edition(path)
    except DrafterError as e:
        assert "\n" not in e.one_line()
        return
    assert isinstance(res, Resolution)
    assert Resolution.from_json(res.to_json()) == res


# --- never anything but DrafterError -------------------------------------------------------------


@FIXTURE
@given(st.text(max_size=3000))
def test_random_text(tmp_path: Path, text: str) -> None:
    _parse_bytes(text.encode("utf-8", "surrogatepass"), tmp_path)


@FIXTURE
@given(st.lists(st.sampled_from(SEED_LINES), max_size=120), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_near_resolutions_from_seed_lines(tmp_path: Path, lines: list[str], sep: str) -> None:
    _parse_bytes(sep.join(lines).encode("utf-8"), tmp_path)


@FIXTURE
@given(st.sampled_from(sorted(SEED_BYTES)), st.data())
def test_truncated_seeds(tmp_path: Path, name: str, data: st.DataObject) -> None:
    blob = SEED_BYTES[name]
    cut = data.draw(st.integers(min_value=0, max_value=len(blob)), label="cut")
    keep_head = data.draw(st.booleans(), label="keep head")
    _parse_bytes(blob[:cut] if keep_head else blob[cut:], tmp_path, name)


@FIXTURE
@given(st.sampled_from(sorted(SEED_BYTES)), st.data())
def test_cut_up_seeds(tmp_path: Path, name: str, data: st.DataObject) -> None:
    """Seeds with a stretch of lines deleted, or duplicated, or a line replaced by junk."""
    lines = SEED_BYTES[name].split(b"\n")
    i = data.draw(st.integers(0, len(lines) - 1), label="from")
    j = data.draw(st.integers(i, min(len(lines), i + 40)), label="to")
    how = data.draw(st.sampled_from(["delete", "duplicate", "junk"]), label="how")
    if how == "delete":
        lines = lines[:i] + lines[j:]
    elif how == "duplicate":
        lines = lines[:j] + lines[i:j] + lines[j:]
    else:
        junk = data.draw(st.binary(max_size=80), label="junk")
        lines = lines[:i] + [junk] + lines[i + 1 :]
    _parse_bytes(b"\n".join(lines), tmp_path, name)


# --- parse(format(x)) == x -----------------------------------------------------------------------

sessions = st.integers(min_value=1, max_value=999)
numbers = st.integers(min_value=1, max_value=9999)
romans = st.integers(min_value=1, max_value=40).map(
    to_roman
)
symbols = st.one_of(
    st.builds(lambda s, n: f"A/RES/{s}/{n}", sessions, numbers),
    st.builds(lambda s, n: f"A/RES/ES-{s}/{n}", st.integers(1, 99), numbers),
    st.builds(lambda s, n: f"A/RES/S-{s}/{n}", st.integers(1, 99), numbers),
    st.builds(lambda n, r: f"A/RES/{n} ({r})", numbers, romans),
    st.builds(
        lambda c, s, n, rev: f"A/{c}{s}/L.{n}{rev}",
        st.sampled_from(["", "C.1/", "C.3/", "C.6/", "SPC/"]),
        sessions,
        numbers,
        st.sampled_from(["", "/Rev.1", "/Rev.2", "/Add.1", "/Rev.1/Add.2"]),
    ),
)


@given(symbols)
def test_symbol_slug_round_trip(symbol: str) -> None:
    assert is_symbol(symbol)
    assert normalize_symbol(symbol) == symbol
    slug = symbol_slug(symbol)
    assert "/" not in slug and " " not in slug
    for ext in ("", ".txt", ".docx", ".pdf"):
        assert symbol_from_slug(slug + ext) == symbol


@given(symbols, st.sampled_from(["lower", "squeeze"]))
def test_normalize_symbol_is_idempotent(symbol: str, how: str) -> None:
    messy = symbol.replace("A/RES/", "a/res/") if how == "lower" else symbol.replace(" (", "(")
    assert normalize_symbol(normalize_symbol(messy)) == normalize_symbol(messy)
    if symbol.startswith("A/RES/"):
        assert normalize_symbol(messy) == symbol


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
markers = st.lists(st.builds(Marker, st.integers(1, 20), st.integers(0, 60)), max_size=3).map(tuple)
subs = st.lists(
    st.builds(SubParagraph, st.sampled_from(["a", "b", "ii"]), texts, markers), max_size=2
).map(tuple)
paragraphs = st.builds(
    Paragraph,
    st.sampled_from(["preamble", "operative"]),
    texts,
    st.one_of(st.none(), st.integers(1, 40)),
    texts,
    markers,
    subs,
    st.one_of(st.none(), st.tuples(st.integers(0, 999), st.integers(0, 999))),
)
dates = st.one_of(
    st.none(), st.dates(min_value=dt.date(1946, 1, 1), max_value=dt.date(2100, 12, 31))
)
resolutions = st.builds(
    Resolution,
    symbol=st.one_of(st.none(), symbols),
    session=st.one_of(st.none(), sessions),
    title=st.one_of(st.none(), texts),
    committee=st.one_of(st.none(), texts),
    agenda_item=st.one_of(st.none(), texts),
    report_symbol=st.one_of(st.none(), texts),
    adopted=dates,
    plenary_meeting=st.one_of(st.none(), st.integers(1, 130)),
    distributed=dates,
    preamble=st.lists(paragraphs, max_size=3).map(tuple),
    operative=st.lists(paragraphs, max_size=3).map(tuple),
    footnotes=st.lists(st.builds(Footnote, st.integers(1, 30), texts), max_size=3).map(tuple),
    inferred=st.dictionaries(st.sampled_from(["symbol", "session", "title", "adopted"]), texts).map(
        lambda d: tuple(d.items())
    ),
    warnings=st.lists(texts, max_size=2).map(tuple),
    path=st.one_of(st.none(), texts),
    format=st.sampled_from([None, "pdf-text", "markdown", "ods", "docx", "pdf"]),
    sha256=st.one_of(st.none(), st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
)


@given(resolutions)
def test_resolution_json_round_trip(res: Resolution) -> None:
    assert Resolution.from_json(res.to_json()) == res
    assert Resolution.from_json(res.to_json(indent=None)) == res


# --- no word lost --------------------------------------------------------------------------------

WORD = re.compile(r"[A-Za-z]+")
words = st.from_regex(r"[a-z]{2,11}", fullmatch=True)


def _rest(ws: list[str]) -> str:
    # a comma now and then, as real paragraphs have
    return " ".join(w + ("," if i % 7 == 6 and i < len(ws) - 1 else "") for i, w in enumerate(ws))


paras = st.lists(words, min_size=3, max_size=60).map(_rest)
pre_paras = st.lists(
    st.tuples(st.sampled_from(synth.PREAMBLE_OPENERS), paras), min_size=1, max_size=8
)
op_paras = st.lists(
    st.tuples(st.sampled_from(synth.OPERATIVE_OPENERS), paras), min_size=1, max_size=10
)


@st.composite
def editions(draw: st.DrawFn) -> synth.EditionSpec:
    session = draw(st.integers(min_value=30, max_value=90))
    pre = [synth.Para(o, r) for o, r in draw(pre_paras)]
    ops = [synth.Para(o, r) for o, r in draw(op_paras)]
    notes = draw(st.lists(st.sampled_from(synth.FOOTNOTES), max_size=min(3, len(pre)), unique=True))
    for k, i in enumerate(sorted(draw(st.permutations(range(len(pre))))[: len(notes)]), 1):
        pre[i] = synth.Para(pre[i].opener, pre[i].rest, k)
    title = " ".join(draw(st.lists(words, min_size=2, max_size=8))).capitalize()
    return synth.EditionSpec(
        session=session,
        number=draw(numbers),
        title=title,
        adopted=dt.date(1945 + session, 12, draw(st.integers(1, 22))),
        meeting=draw(st.integers(50, 99)),
        agenda=f"{draw(st.integers(1, 150))} (b)",
        committee=draw(st.sampled_from([None, "Third", "Sixth"])),
        report=f"A/{session}/450",
        preamble=pre,
        operative=ops,
        footnotes=notes,
    )


def _expected(ed: synth.EditionSpec) -> list[list[str]]:
    return [WORD.findall(f"{p.opener} {p.rest}") for p in ed.preamble + ed.operative]


def _got(res: Resolution) -> list[list[str]]:
    return [WORD.findall(p.full_text()) for p in res.preamble + res.operative]


@settings(max_examples=60, deadline=None)
@given(editions(), st.sampled_from(synth.FAMILIES))
def test_no_word_lost_in_text_families(ed: synth.EditionSpec, family: str) -> None:
    text = synth.render(family, ed)
    res = parse_source(text_source(text.encode("utf-8"), name=f"{ed.slug}.txt"))
    assert _got(res) == _expected(ed)
    assert [p.number for p in res.operative] == list(range(1, len(ed.operative) + 1))
    assert len(res.footnotes) == len(ed.footnotes)


@settings(FIXTURE, max_examples=15)
@given(editions())
def test_no_word_lost_in_word_files(tmp_path: Path, ed: synth.EditionSpec) -> None:
    path = tmp_path / f"{ed.slug}.docx"
    synth.write_docx(ed, path)
    res = parse_edition(path)
    assert _got(res) == _expected(ed)
    assert res.symbol == ed.symbol


@pytest.mark.parametrize("family", synth.FAMILIES)
def test_synthetic_masthead_read_back(family: str) -> None:
    """The synthetic editions the benchmarks use parse as what they were generated from."""
    g = synth.Generator(5)
    _, eds = g.series(6, period=2, first=60, last=72, gaps=False)
    for ed in eds:
        res = parse_source(text_source(synth.render(family, ed).encode(), name=f"{ed.slug}.txt"))
        assert res.session == ed.session
        assert res.adopted == ed.adopted
        if family != "pdf":  # a PDF extraction prints no symbol; the corpus takes the file name's
            assert res.symbol == ed.symbol
            assert res.title == ed.title
        assert _got(res) == _expected(ed)
