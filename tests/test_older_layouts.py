"""Older web layouts (issue 13.4) and the word audit that ends every parse (issue 13.5).

The fixtures in tests/fixtures/older are invented (see their PROVENANCE.md).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.citations.sessions import to_roman
from drafter.corpus.folder import parse_named_file
from drafter.model.resolution import Audit, Resolution
from drafter.parse.audit import WORDS
from drafter.parse.parser import parse_source, parse_text
from drafter.readers.source import Family
from drafter.readers.text import text_source

sys.path.insert(0, str(REPO / "bench"))
import synth  # noqa: E402

OLDER = Path(__file__).resolve().parent / "fixtures" / "older"


# --- the fixtures: what each must parse to ------------------------------------------------------

# file: symbol, title, adopted, preamble openings, operative (number, opening, sub labels),
# footnotes, markers (paragraph index in document order -> footnote numbers)
# fmt: off
EXPECTED = {
    "A-RES-1471(XIV).txt": (
        "A/RES/1471 (XIV)", "Question of the peaceful uses of inland waterways", dt.date(1959, 12, 5),
        ["Recalling", "Noting with satisfaction", "Considering"],
        [(1, "Takes note", ""), (2, "Requests", ""), (3, "Decides", "")],
        ["Official Records of the General Assembly, Fourteenth Session, Annexes, agenda item 31, document A/4211."],
        {1: [1]},
    ),
    "A-RES-728(VIII).txt": (
        "A/RES/728 (VIII)", "Assistance to the fisheries of small island territories", dt.date(1953, 10, 23),
        ["Recalling", "Mindful", "Taking into account"],
        [(1, "Expresses", ""), (2, "Recommends", "abc"), (3, "Requests", "")],
        ["Document A/2410.", "See resolution 611 (VII), paragraph 2."],
        {1: [1], 4: [2]},
    ),
    "A-RES-2222(XXI).txt": (
        "A/RES/2222 (XXI)", "International cooperation in the study of coastal erosion", None,
        ["Recalling", "Noting", "Convinced", "Bearing in mind"],
        [(1, "Invites", ""), (2, "Requests", "")],
        ["See A/6347 and Add.1."],
        {1: [1]},
    ),
}
# fmt: on


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_older_fixture(name: str) -> None:
    symbol, title, adopted, pre, ops, notes, markers = EXPECTED[name]
    res = parse_named_file(OLDER / name)
    assert (res.symbol, res.title, res.adopted) == (symbol, title, adopted)
    assert res.session == int({"XIV": 14, "VIII": 8, "XXI": 21}[symbol.split("(")[1].rstrip(")")])
    assert [p.opening for p in res.preamble] == pre
    assert [(p.number, p.opening, "".join(s.label for s in p.subparagraphs)) for p in res.operative] == ops
    assert [f.text for f in res.footnotes] == notes
    got = {i: list(p.all_markers()) for i, p in enumerate(res.paragraphs) if p.all_markers()}
    assert got == markers
    assert res.audit is not None and res.audit.ok and res.audit.opening
    assert res.warnings == ()
    # no marker, heading or meeting line left in the text
    for p in res.paragraphs:
        assert not re.search(r"\d/(\s|$)|\[\d\]|plenary meeting|\(XIV\)\.|\(VIII\)\.", p.full_text()), p.full_text()
    # the heading is kept as furniture, with the masthead
    assert any(k == "masthead" and t.endswith(title) for k, t in res.furniture)


def test_opening_words_inside_a_sentence_are_not_cut() -> None:
    """'recalling that', 'Taking into consideration' inside a sub-paragraph, 'United Nations'
    after a comma: none starts a paragraph."""
    res = parse_named_file(OLDER / "A-RES-728(VIII).txt")
    assert "recalling that the territories depend on the sea" in res.preamble[1].text
    assert "Member States, United Nations bodies" in res.preamble[2].text
    (sub_b,) = [s for s in res.operative[1].subparagraphs if s.label == "b"]
    assert sub_b.text == "Report on the assistance given, Taking into consideration the needs of each territory;"


# (text of the body, preambular paragraphs expected, operative paragraphs expected)
# fmt: off
CUTS = [
    # an opener after a comma, lower case: inside the sentence
    ("Recalling its resolution 1 (I), recalling also that the question is old, 1. Decides to act.", 1, 1),
    # a capitalised word that is not an opener ("United", "Beijing" end like participles)
    ("Noting the report of the Secretary-General, United Nations bodies and the Beijing Conference, Beijing declarations, 1. Decides to act.", 1, 1),
    # an operative number out of sequence is not a paragraph
    ("Recalling the decision taken in 1957, 2. Decides nothing, 1. Decides to act.", 1, 1),
    # the expected numbers, after a semicolon
    ("Noting the report, 1. Decides to act; 2. Requests a report; 3. Decides to continue.", 1, 3),
    # a marker between the comma and the next opener
    ("Recalling its resolution 1 (I), 1/ Noting the report, [2] Bearing in mind the Charter, 1. Decides to act.", 3, 1),
    # a semicolon ends a preambular paragraph too
    ("Recalling its resolution 1 (I); Deeply concerned by the situation, Further recalling the Charter, 1. Decides.", 3, 1),
]
# fmt: on


@pytest.mark.parametrize(("body", "n_pre", "n_op"), CUTS)
def test_where_run_together_text_is_cut(body: str, n_pre: int, n_op: int) -> None:
    res = parse_text("The General Assembly, " + body, family=Family.MARKDOWN)
    assert (len(res.preamble), len(res.operative)) == (n_pre, n_op), [p.text for p in res.paragraphs]
    assert res.audit is not None and not res.audit.lost and not res.audit.doubled


def test_symbol_with_or_without_the_space() -> None:
    for printed in ("A/RES/1471(XIV)", "A/RES/1471 (XIV)"):
        res = parse_text(f"{printed}\n\nThe General Assembly,\n\n1. Decides to act.\n", family=Family.MARKDOWN)
        assert res.symbol == "A/RES/1471 (XIV)" and res.session == 14


# --- the word audit -----------------------------------------------------------------------------


def _ok(res: Resolution) -> bool:
    return res.audit is not None and res.audit.ok


BASE = (
    "The General Assembly,\n\n"
    "Recalling its resolution 60/156 of 16 December 2005,\n\n"
    "1. Decides to act;\n\n"
    "2. Requests the Secretary-General to report.\n\n"
    "64th plenary meeting\n16 December 2005\n"
)


def test_audit_passes_and_counts_the_words() -> None:
    res = parse_text(BASE, family=Family.MARKDOWN)
    assert _ok(res) and res.problems() == ()
    assert res.audit is not None and res.audit.words == len(WORDS.findall(BASE))


# (how the text is spoilt, what the audit must say)
# fmt: off
SPOILT = [
    # a paragraph after the meeting line is no masthead
    (BASE + "\n3. Decides to continue its consideration of the question at its next session.\n",
     "read like a paragraph"),
    # a footnote printed twice: the second text is in no place of the model
    ("The General Assembly,\n\nRecalling the Declaration,¹\n\n1. Decides to act.\n\n"
     "¹ Resolution 55/2.\n\n¹ Resolution 217 A (III) of the old times.\n", "in no paragraph, footnote or furniture line"),
    # operative numbering with a hole
    ("The General Assembly,\n\nRecalling the Declaration,\n\n1. Decides to act;\n\n3. Requests a report.\n",
     "operative paragraphs are numbered 1, 3, not 1..2"),
    # numbering that does not start at 1 (a text cut after its first page)
    ("The General Assembly,\n\nRecalling the Declaration,\n\n13. Decides to act;\n\n14. Requests a report.\n",
     "operative paragraphs are numbered 13-14, not 1..2"),
    # a preamble before the opening line is taken for masthead
    ("Recalling its resolution 60/156 of 16 December 2005 on the subject,\n\nThe General Assembly,\n\n1. Decides to act.\n",
     "before the text but read like a paragraph"),
    # operative paragraphs swallowed by a footnote (a page break taken for more footnote text)
    # the rest of a paragraph after a page break, taken for more footnote text
    ("The General Assembly,\n\n"
     " Recalling the Vienna Declaration and Programme of Action adopted by the World\n"
     "Conference on Human Rights,1\n\n"
     " 1. Reaffirms that it is one of the purposes of the United Nations to promote\n"
     "international cooperation in the field of human rights;\n\n"
     " 2. Urges all actors on the international scene to build an international order based on\n"
     "_______________\n"
     "1 A/CONF.157/24 (Part I), chap. III.\n"
     "Inclusion, justice, equality and equity, human dignity and mutual understanding, and to\n"
     "reject all doctrines of exclusion;\n",
     "at the end of footnote 1 read like the end of a paragraph"),
    # a body line that a furniture pattern caught (a job number glued before it)
    ("The General Assembly,\n\nRecalling the Declaration,\n\n1. Decides to act;\n\n"
     "13-44905 (E) 2. Requests the Secretary-General to consult all States on the ways and means to act and to report.\n",
     "were read as page furniture but make a sentence"),
    # (PDF text: the next page starts with a capital after the page's footnote)
    ("The General Assembly,\n\n"
     " Recalling the Vienna Declaration and Programme of Action adopted by the World\n"
     "Conference on Human Rights,1\n\n"
     " 1. Reaffirms that it is one of the purposes of the United Nations to promote\n"
     "international cooperation in the field of human rights;\n\n"
     " 2. Urges all actors on the international scene to build an international order based on\n"
     "_______________\n"
     "1 A/CONF.157/24 (Part I), chap. III.\n"
     "Inclusion, justice, equality and equity, human dignity and mutual understanding, and to\n"
     "reject all doctrines of exclusion;\n"
     "3. Invites States to continue to pay attention to the importance of mutual\n"
     "cooperation;\n"
     "4. Decides to continue its consideration of the question at its sixty-ninth session.\n",
     "in footnote 1 read like operative paragraph 3 (the text has 2)"),
]
# fmt: on


@pytest.mark.parametrize(("text", "says"), SPOILT)
def test_audit_finds_what_is_lost(text: str, says: str) -> None:
    res = parse_text(text)
    assert not _ok(res)
    assert any(says in p for p in res.problems()), res.problems()
    # and the parse says so among its warnings
    assert any(says in w for w in res.warnings), res.warnings


def test_audit_survives_json_and_the_cache_form() -> None:
    res = parse_text(SPOILT[0][0], family=Family.MARKDOWN)
    back = Resolution.from_json(res.to_json())
    assert back == res and back.problems() == res.problems() and back.furniture == res.furniture


# --- no word lost on run-together texts (property) ---------------------------------------------

words = st.one_of(
    st.from_regex(r"[a-z]{2,11}", fullmatch=True),
    # traps: openers in lower case, capitalised words that are no openers
    st.sampled_from(["recalling", "noting", "taking", "United", "Nations", "Beijing", "Geneva"]),
)


def _rest(ws: list[str]) -> str:
    return " ".join(w + ("," if i % 5 == 4 and i < len(ws) - 1 else "") for i, w in enumerate(ws))


paras = st.lists(words, min_size=3, max_size=30).map(_rest)


@st.composite
def older_texts(draw: st.DrawFn) -> tuple[str, list[list[str]], int, int, list[int]]:
    """An older web text: heading, preamble and operative paragraphs run together on lines of
    random length (or all on one line), italic openings or not, sub-paragraphs (a), (b) ...,
    notes in the 1/ or [1] style after the text."""
    pre = draw(st.lists(st.tuples(st.sampled_from(synth.PREAMBLE_OPENERS), paras), min_size=1, max_size=6))
    ops = draw(st.lists(st.tuples(st.sampled_from(synth.OPERATIVE_OPENERS), paras), min_size=1, max_size=8))
    style = draw(st.sampled_from(["slash", "bracket"]))
    n_notes = draw(st.integers(0, min(3, len(pre))))
    noted = sorted(draw(st.permutations(range(len(pre))))[:n_notes])
    mark = (lambda k: f" {k}/") if style == "slash" else (lambda k: f" [{k}]")
    italic = draw(st.booleans())
    pieces = []
    for i, (o, r) in enumerate(pre):
        m = mark(noted.index(i) + 1) if i in noted else ""
        pieces.append(f"{'*' + o + '*' if italic else o} {r},{m}")
    op_texts = []
    sub_counts: list[int] = []  # sub-paragraphs of each operative paragraph
    for i, (o, r) in enumerate(ops, 1):
        end = "." if i == len(ops) else ";"
        subs = draw(st.lists(paras, max_size=3))
        sub_counts.append(len(subs))
        if subs:
            body = f"{o} {r}: " + " ".join(f"({chr(97 + k)}) {t}" + (";" if k < len(subs) - 1 else end) for k, t in enumerate(subs))
        else:
            body = f"{o} {r}{end}"
        op_texts.append(body)
        pieces.append(f"{i}. {'*' + o + '*' + body[len(o):] if italic else body}")
    session = draw(st.integers(1, 30))
    number = draw(st.integers(100, 2999))
    head = f"{number} ({to_roman(session)}). " + " ".join(draw(st.lists(st.from_regex(r"[a-z]{3,9}", fullmatch=True), min_size=2, max_size=6))).capitalize()
    tail = []
    if draw(st.booleans()):
        tail.append(f"{draw(st.integers(100, 999))}th plenary meeting, 5 December {1945 + session}.")
    notes = [f"{k}/ See document A/{session}/{k}{k}." if style == "slash" else f"[{k}] See document A/{session}/{k}{k}." for k in range(1, n_notes + 1)]
    items = [head, "The General Assembly,", *pieces, *tail, *notes]
    # group the items into lines of random length
    lines: list[str] = []
    i = 0
    one_line = draw(st.booleans())
    while i < len(items):
        k = len(items) if one_line else draw(st.integers(1, 4))
        lines.append(" ".join(items[i : i + k]))
        i += k
    sep = draw(st.sampled_from(["\n", "\n\n"]))
    expected = [WORDS.findall(f"{o} {r}") for o, r in pre] + [WORDS.findall(t) for t in op_texts]
    return sep.join(lines), expected, len(ops), n_notes, sub_counts


@settings(max_examples=100, deadline=None)
@given(older_texts())
def test_no_word_lost_in_run_together_texts(case: tuple[str, list[list[str]], int, int, list[int]]) -> None:
    text, expected, n_ops, n_notes, sub_counts = case
    res = parse_source(text_source(text.encode("utf-8"), name="old.txt"))
    got = [WORDS.findall(p.full_text()) for p in res.paragraphs]
    assert got == expected
    assert [p.number for p in res.operative] == list(range(1, n_ops + 1))
    assert [len(p.subparagraphs) for p in res.operative] == sub_counts
    assert len(res.footnotes) == n_notes
    assert sorted(m for p in res.paragraphs for m in p.all_markers()) == list(range(1, n_notes + 1))
    assert res.audit is not None and res.audit.ok, res.audit


audits = st.builds(
    Audit,
    words=st.integers(0, 10_000),
    lost=st.lists(st.text(max_size=40), max_size=2).map(tuple),
    doubled=st.lists(st.text(max_size=40), max_size=2).map(tuple),
    numbering=st.one_of(st.none(), st.text(max_size=40)),
    opening=st.booleans(),
)
furniture = st.lists(
    st.tuples(st.sampled_from(["masthead", "page", "heading", "meeting", "note"]), st.text(max_size=40)), max_size=4
).map(tuple)


@given(st.one_of(st.none(), audits), furniture)
def test_audit_and_furniture_json_round_trip(audit: Audit | None, furn: tuple[tuple[str, str], ...]) -> None:
    res = Resolution(symbol="A/RES/1/1", furniture=furn, audit=audit)
    back = Resolution.from_json(res.to_json())
    assert back == res
    assert back.problems() == (audit.problems() if audit else ())
    assert (audit is None or audit.ok) == (back.problems() == ())


def test_first_operative_paragraph_on_the_opening_line() -> None:
    res = parse_text(
        "The General Assembly, 1. Decides to act: (a) At once; (b) Together; 2. Requests a report.",
        family=Family.MARKDOWN,
    )
    assert [(p.number, [s.label for s in p.subparagraphs]) for p in res.operative] == [(1, ["a", "b"]), (2, [])]
    assert res.preamble == () and res.audit is not None and res.audit.ok


def test_sub_paragraph_that_starts_a_line_continues_the_letters() -> None:
    res = parse_text(
        "The General Assembly,\n\nNoting the report,\n\n1. Decides:\n\n(a) To act; (b) To report;\n\n2. Requests a report.",
        family=Family.MARKDOWN,
    )
    assert [s.label for s in res.operative[0].subparagraphs] == ["a", "b"]


def test_parse_md_shows_what_was_set_aside_and_the_audit() -> None:
    from typer.testing import CliRunner

    from drafter.cli.main import app

    r = CliRunner().invoke(app, ["parse", str(OLDER / "A-RES-728(VIII).txt"), "--format", "md"])
    assert r.exit_code == 0 and r.stderr == ""
    assert "## Set aside (masthead, page furniture, headings, meeting line)" in r.stdout
    assert "- masthead: 728 (VIII). Assistance to the fisheries of small island territories" in r.stdout
    assert "- meeting: 470th plenary meeting" in r.stdout
    assert "_Word audit: 157 words of the source; every word in one place._" in r.stdout


@pytest.mark.parametrize("width", [50, 60, 70, 78, 90, 120])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_older_fixture_hard_wrapped(name: str, width: int) -> None:
    """The same texts wrapped by a text editor at ``width`` columns: the opening line, an
    operative number, a sub-paragraph letter or a note's number may now end a line, and a
    marker or "United Nations" may start one. They parse as the unwrapped texts do."""
    import textwrap

    symbol, title, adopted, pre, ops, notes, markers = EXPECTED[name]
    text = (OLDER / name).read_text(encoding="utf-8")
    wrapped = "\n".join("\n".join(textwrap.wrap(ln, width)) if ln.strip() else "" for ln in text.split("\n"))
    res = parse_source(text_source(wrapped.encode("utf-8"), name=name))
    assert [p.opening for p in res.preamble] == pre
    assert [(p.number, p.opening, "".join(s.label for s in p.subparagraphs)) for p in res.operative] == ops
    assert [" ".join(f.text.split()) for f in res.footnotes] == notes
    assert {i: list(p.all_markers()) for i, p in enumerate(res.paragraphs) if p.all_markers()} == markers
    assert res.audit is not None and res.audit.ok and res.warnings == ()


def test_run_on_operative_paragraph_is_flagged() -> None:
    """The safety net behind the cutting: a paragraph that still holds the next operative
    paragraph ("...; 3. Decides ...") is reported, its words counted as lost from their place."""
    from drafter.model.resolution import Paragraph
    from drafter.parse.placement import run_on_paragraphs as _run_on

    pre = (Paragraph("preamble", "Recalling the Declaration, 1. Decides to act;", opening="Recalling", source=(10, 60)),)
    ops = (
        Paragraph("operative", "Requests a report; 3. Decides to continue.", number=2, opening="Requests", source=(70, 120)),
    )
    got = _run_on(pre, ops)
    assert [(off, why) for off, _, why in got] == [
        (70, "in operative paragraph 2 read like operative paragraph 3"),
        (10, "in the last preambular paragraph read like operative paragraph 1"),
    ]
    # another number than the next one is no run-on paragraph
    assert _run_on((), (Paragraph("operative", "Requests a report, see annex 4. Decides", number=2),)) == []
