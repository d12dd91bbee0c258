"""drafter review: what is left to do in a Word draft and what is wrong in it.

The drafts are built here with python-docx and drafter's OOXML helpers, from a small markup
(:func:`build_docx`), so each test plants exactly the problem it looks for. The bundled corpus
gives the series (its period, its editions) where a check needs one.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.editor.report import review
from drafter.render.ooxml import (
    Tracker,
    add_comment,
    add_footnote,
    footnote_reference_run,
    make_run,
    save_docx,
)

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
DATE = datetime(2014, 10, 20, 9, 0, tzinfo=UTC)

MASTHEAD = [
    "United Nations\tA/C.3/69/L.32",
    "General Assembly",
    "Distr.: Limited",
    "16 October 2014",
    "Original: English",
    "Sixty-ninth session",
    "Third Committee",
    "Agenda item 68 (b)",
    "Cuba: draft resolution",
    "Enhancement of international cooperation in the field of human rights",
    "The General Assembly,",
]

# the markup of one paragraph: {+inserted+} {-deleted-} ^{n} (Word footnote n) <sup>n</sup>
# (typed superscript number) ==highlighted== *italic*
_TOKEN = re.compile(r"(\{\+.*?\+\}(?!\})|\{-.*?-\}|\^\{\d+\}|<sup>\d+</sup>|==.*?==|\*[^*]+\*)")


def build_docx(
    path: Path,
    body: list[str],
    *,
    masthead: list[str] | None = None,
    notes: dict[int, str] | None = None,
    comments: list[tuple[int, str, str]] = (),
    style: str | None = None,
    styles: dict[int, str] | None = None,
) -> Path:
    """Write a .docx: the masthead lines, then one paragraph per item of `body`.

    An item starting with ``+ `` is a paragraph inserted as a tracked change (author Editor),
    ``- `` one deleted as a tracked change, ``<name `` and ``>name `` the two sides of a tracked
    move. `notes` are the texts of Word footnotes ``^{n}``;
    `comments` are (paragraph index in body, author, text). `style` (a paragraph style name of
    drafter's reference document, e.g. "UN Operative") is given to every body paragraph whose
    text does not start with a typed number; `styles` sets it per body index.
    """
    from drafter.render.docx import reference_docx_path

    doc = docx.Document(str(reference_docx_path()))
    b = doc.element.body
    for child in list(b):
        if child.tag != qn("w:sectPr"):
            b.remove(child)
    ed = Tracker(doc, author="Editor", date=DATE)
    note_ids: dict[int, int] = {}
    for line in masthead if masthead is not None else MASTHEAD:
        _fill(doc, doc.add_paragraph()._p, line, "", ed, note_ids, notes)
    body_ps = []
    for i, item in enumerate(body):
        mode = ""
        if item.startswith(("+ ", "- ")):
            mode, item = item[0], item[2:]
        move = re.match(r"^([<>])(\w+) ", item)
        if move:
            item = item[move.end():]
        st = (styles or {}).get(i, style)
        p = doc.add_paragraph(style=st)._p if st else doc.add_paragraph()._p
        _fill(doc, p, item, mode, ed, note_ids, notes)
        if mode == "+":
            ed.mark_paragraph(p, "ins")
        elif mode == "-":
            ed.mark_paragraph(p, "del")
        if move:
            _tracked_move(p, "moveFrom" if move.group(1) == "<" else "moveTo", move.group(2), ed)
        body_ps.append(p)
    for index, author, text in comments:
        runs = [c for c in body_ps[index] if c.tag == qn("w:r")]
        add_comment(doc, runs[0], runs[-1], text, author=author, date=DATE)
    save_docx(doc, path)
    return path


def _tracked_move(p, kind: str, name: str, ed: Tracker) -> None:
    """Make paragraph `p` one side of a tracked move (Word's w:moveFrom / w:moveTo)."""
    from drafter.render.ooxml import el, iso_date, to_deleted_form

    attrs = {"w:author": "Editor", "w:date": iso_date(DATE)}
    runs = [c for c in p if c.tag == qn("w:r")]
    wrapper = el(f"w:{kind}", {"w:id": ed.next_id(), **attrs})
    runs[0].addprevious(wrapper)
    for r in runs:
        wrapper.append(to_deleted_form(r) if kind == "moveFrom" else r)
    range_id = ed.next_id()
    wrapper.addprevious(el(f"w:{kind}RangeStart", {"w:id": range_id, "w:name": name, **attrs}))
    wrapper.addnext(el(f"w:{kind}RangeEnd", {"w:id": range_id}))
    mark = ed.mark_paragraph(p, "ins")
    mark.tag = qn(f"w:{kind}")


def _fill(doc, p, item: str, mode: str, ed: Tracker, note_ids: dict[int, int],
          notes: dict[int, str] | None) -> None:
    """Append the runs of one paragraph written in the markup above to `p`."""
    for tok in _TOKEN.split(item):
        if not tok:
            continue
        runs: list = []
        wrap = mode
        if tok.startswith(("{+", "{-")):
            inner = p.makeelement(qn("w:p"), {})
            _fill(doc, inner, tok[2:-2], "", ed, note_ids, notes)
            runs, wrap = list(inner), tok[1]
        elif tok.startswith("^{"):
            n = int(tok[2:-1])
            if n not in note_ids:
                text = (notes or {}).get(n)
                note_ids[n] = add_footnote(doc, [make_run(text)]) if text is not None else 900 + n
            runs = [footnote_reference_run(note_ids[n])]
        elif tok.startswith("<sup>"):
            runs = [make_run(tok[5:-6], superscript=True)]
        elif tok.startswith("=="):
            runs = [make_run(tok[2:-2], highlight="yellow")]
        elif tok.startswith("*"):
            runs = [make_run(tok[1:-1], italic=True)]
        else:
            runs = [make_run(tok)]
        if wrap == "+":
            p.append(ed.ins(runs))
        elif wrap == "-":
            p.append(ed.delete(runs))
        else:
            for r in runs:
                p.append(r)


PRE = [
    "*Reaffirming* its commitment to promoting international cooperation, as set forth in the "
    "Charter of the United Nations, in particular Article 1, paragraph 3, as well as the Vienna "
    "Declaration,",
    "*Recalling* its resolution 68/160 of 18 December 2013,",
]
OPS = [
    "1.\t*Reaffirms* the purposes of the United Nations;",
    "2.\t*Recognizes* a collective responsibility:",
    "(a)\tat the national level;",
    "(b)\tat the global level;",
    "3.\t*Urges* States to cooperate;",
    "4.\t*Requests* the Secretary-General to consult States;",
    "5.\t*Decides* to continue its consideration of the question at its seventieth session.",
]


def _review(path: Path, **kw):
    kw.setdefault("corpus_dir", CORPUS)
    return review(path, **kw)


def _checks(r) -> list[tuple[str, str]]:
    return [(p.check, p.where) for p in r.problems]


def test_a_clean_draft_has_no_problem(tmp_path: Path) -> None:
    r = _review(build_docx(tmp_path / "d.docx", PRE + OPS))
    assert r.problems == []
    assert r.session == 69 and "masthead" in r.session_evidence
    assert r.series == "enhancement-of-international-cooperation-in-the-field-of-human-rights"
    assert r.period == 1
    assert r.exit_code() == 0 and r.exit_code(strict=True) == 0


def test_typed_numbers_that_do_not_run_on(tmp_path: Path) -> None:
    ops = list(OPS)
    ops[4] = "4.\t*Urges* States to cooperate;"  # 1, 2, 4, 4, 5
    r = _review(build_docx(tmp_path / "d.docx", PRE + ops))
    assert _checks(r) == [("numbering", "operative paragraph 3")]
    assert r.problems[0].fixable
    assert "numbered 4." in r.problems[0].message
    assert r.exit_code() == 1


def test_sub_paragraph_letters(tmp_path: Path) -> None:
    ops = list(OPS)
    ops[3] = "(c)\tat the global level;"
    r = _review(build_docx(tmp_path / "d.docx", PRE + ops))
    assert _checks(r) == [("numbering", "operative paragraph 2 (b)")]
    assert "lettered (c)" in r.problems[0].message


def test_cross_references(tmp_path: Path) -> None:
    ops = list(OPS)
    ops[4] = "3.\t*Urges* States to implement paragraph 9 above and paragraph 4 above;"
    ops[5] = ("4.\t*Requests* the Secretary-General to report on paragraphs 1 to 3 above, "
              "on paragraph 2 (b) and on paragraph 2 (d);")
    r = _review(build_docx(tmp_path / "d.docx", PRE + ops))
    messages = [p.message for p in r.problems]
    assert _checks(r) == [("cross-reference", "operative paragraph 3"),
                          ("cross-reference", "operative paragraph 3"),
                          ("cross-reference", "operative paragraph 4")]
    assert messages[0] == '"paragraph 9 above": 9: there is no operative paragraph 9'
    assert messages[1] == '"paragraph 4 above": 4: paragraph 4 is below it'
    assert messages[2] == '"paragraph 2 (d)": 2: operative paragraph 2 has no sub-paragraph (d)'
    assert not any(p.fixable for p in r.problems)


def test_references_to_other_texts_are_not_cross_references(tmp_path: Path) -> None:
    ops = list(OPS)
    ops[4] = ("3.\t*Urges* States to implement paragraph 12 of resolution 60/1, resolution 55/2, "
              "paragraph 7, and paragraph 4 thereof;")
    r = _review(build_docx(tmp_path / "d.docx", PRE + ops))
    assert r.problems == []  # "Article 1, paragraph 3," in the preamble is not one either


def test_footnote_reference_without_a_footnote(tmp_path: Path) -> None:
    pre = [PRE[0][:-1] + "^{1},", PRE[1][:-1] + "^{2},"]
    r = _review(build_docx(tmp_path / "d.docx", pre + OPS, notes={1: "A/CONF.157/24."}))
    assert _checks(r) == [("footnotes", "preambular paragraph 2")]
    assert "does not exist" in r.problems[0].message


def test_typed_footnote_numbers_out_of_order(tmp_path: Path) -> None:
    pre = [PRE[0][:-1] + ",<sup>2</sup>", PRE[1] + "<sup>1</sup>"]
    body = pre + OPS + ["70th plenary meeting", "18 December 2014",
                        "1 Resolution 55/2.", "2 A/CONF.157/24 (Part I), chap. III."]
    r = _review(build_docx(tmp_path / "d.docx", body))
    assert _checks(r) == [("footnotes", "preambular paragraph 1")]
    assert "not in order of first appearance (2, 1)" in r.problems[0].message
    assert r.problems[0].fixable


def test_session_ordinals(tmp_path: Path) -> None:
    ops = list(OPS)
    ops[6] = "5.\t*Decides* to continue its consideration of the question at its sixty-ninth session."
    ops[5] = ("4.\t*Requests* the Secretary-General to submit to the General Assembly at its "
              "seventy-first session a report;")
    path = build_docx(tmp_path / "d.docx", PRE + ops)
    r = _review(path)
    assert _checks(r) == [("session", "operative paragraph 4"), ("session", "operative paragraph 5")]
    assert all('should say "seventieth"' in p.message for p in r.problems)
    # --session overrides the masthead, and the masthead is then reported
    r68 = _review(path, session=68)
    assert ("session", "masthead") in _checks(r68)
    assert ("session", "operative paragraph 5") not in _checks(r68)  # sixty-ninth is right for 68


def test_session_from_the_symbol_when_no_session_line(tmp_path: Path) -> None:
    mast = [m for m in MASTHEAD if m != "Sixty-ninth session"]
    r = _review(build_docx(tmp_path / "d.docx", PRE + OPS, masthead=mast))
    assert r.session == 69 and "symbol" in r.session_evidence
    assert r.problems == []


def test_recalled_resolution_not_the_latest_edition(tmp_path: Path) -> None:
    pre = [PRE[0], "*Recalling* its resolution 67/169 of 20 December 2012,"]
    r = _review(build_docx(tmp_path / "d.docx", pre + OPS))
    assert _checks(r) == [("recalled", "preambular paragraph 2")]
    assert "latest edition in the corpus is resolution 68/160 of 18 December 2013" in r.problems[0].message


def test_recalled_resolution_with_the_wrong_date(tmp_path: Path) -> None:
    pre = [PRE[0], "*Recalling* its resolution 68/160 of 19 December 2013,"]
    r = _review(build_docx(tmp_path / "d.docx", pre + OPS))
    assert _checks(r) == [("recalled", "preambular paragraph 2")]
    assert "adopted on 18 December 2013" in r.problems[0].message


def test_impossible_dates(tmp_path: Path) -> None:
    pre = [PRE[0], PRE[1], "*Noting* the seminar held on 31 February 2014 and from 30 to 31 June 2014,"]
    r = _review(build_docx(tmp_path / "d.docx", pre + OPS))
    assert [p.message for p in r.problems] == ["no such date: 31 February 2014",
                                                "no such date: 31 June 2014"]
    assert {p.where for p in r.problems} == {"preambular paragraph 3"}


def test_end_punctuation(tmp_path: Path) -> None:
    pre = [PRE[0][:-1] + ";", PRE[1]]
    ops = list(OPS)
    ops[4] = "3.\t*Urges* States to cooperate."
    ops[6] = ops[6][:-1] + ";"
    ops[3] = "(b)\tat the global level,"
    r = _review(build_docx(tmp_path / "d.docx", pre + ops))
    assert _checks(r) == [
        ("punctuation", "preambular paragraph 1"),
        ("punctuation", "operative paragraph 2 (b)"),
        ("punctuation", "operative paragraph 3"),
        ("punctuation", "operative paragraph 5"),
    ]
    assert "ends with ';'" in r.problems[0].message
    assert "full stop" in r.problems[-1].message


def test_footnote_marks_after_the_punctuation_are_not_the_ending(tmp_path: Path) -> None:
    pre = [PRE[0] + "^{1}", PRE[1] + "<sup>1</sup>"]
    r = _review(build_docx(tmp_path / "d.docx", pre + OPS, notes={1: "Resolution 55/2."}))
    assert r.problems == []


def test_to_do_is_information_unless_strict(tmp_path: Path) -> None:
    mast = list(MASTHEAD)
    mast[0] = "United Nations\t==A/C.3/69/L.__=="
    mast[3] = "[date]"
    pre = [PRE[0], "*Recalling* its resolution {-67/169 of 20 December 2012-}{+68/160 of 18 December 2013+},"]
    ops = list(OPS)
    ops[4] = "3.\t*Urges* ==States== to cooperate;"
    body = pre + ops
    path = build_docx(tmp_path / "d.docx", body, masthead=mast,
                      comments=[(1, "drafter", "previous edition"), (6, "Cuba", "agreed ad ref")])
    r = _review(path)
    assert r.problems == []
    assert [(t.author, t.detail, t.text) for t in r.changes] == [
        ("Editor", "del", "67/169 of 20 December 2012"), ("Editor", "ins", "68/160 of 18 December 2013")]
    assert all(t.where == "preambular paragraph 2" for t in r.changes)
    assert [(t.author, t.where) for t in r.comments] == [("drafter", "preambular paragraph 2"),
                                                         ("Cuba", "operative paragraph 3")]
    assert [(t.kind, t.text) for t in r.placeholders] == [
        ("placeholder", "A/C.3/69/L.__"), ("placeholder", "[date]"), ("highlight", "States")]
    assert r.exit_code() == 0 and r.exit_code(strict=True) == 1


def test_cli_json_and_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    ops = list(OPS)
    ops[4] = "4.\t*Urges* States to cooperate;"
    bad = build_docx(tmp_path / "bad.docx", PRE + ops)
    good = build_docx(tmp_path / "good.docx", PRE + [
        "*Recalling also* its resolution {+68/160+},"] + OPS)
    res = runner.invoke(app, ["review", str(bad), "--format", "json", "--corpus", str(CORPUS)])
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    assert data["summary"]["problems"] == 1 and data["exit_code"] == 1
    assert data["problems"][0]["where"] == "operative paragraph 3"
    res = runner.invoke(app, ["review", str(good), "--corpus", str(CORPUS)])
    assert res.exit_code == 0, res.output
    assert "No problems found." in res.stdout and "1 pending tracked change" in res.stdout
    assert "Result: nothing wrong (exit 0)" in res.stdout
    res = runner.invoke(app, ["review", str(good), "--strict", "--corpus", str(CORPUS)])
    assert res.exit_code == 1
    not_docx = tmp_path / "x.docx"
    not_docx.write_text("Recalling its resolution 68/160,")
    res = runner.invoke(app, ["review", str(not_docx)])
    assert res.exit_code == 1
    assert res.stderr.strip().startswith("drafter: error: x.docx is not a Word .docx file")
    assert len(res.stderr.strip().splitlines()) == 1


def test_without_a_matching_series_the_review_goes_on(tmp_path: Path) -> None:
    mast = MASTHEAD[:-2] + ["Mandate of something else entirely", "The General Assembly,"]
    pre = ["*Recalling* its earlier decisions,"]
    r = _review(build_docx(tmp_path / "d.docx", pre + OPS, masthead=mast))
    assert r.series is None and r.period == 1
    assert any("no series" in n for n in r.notes)
    assert r.problems == []


@pytest.fixture(scope="module")
def drafter_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from drafter.corpus.folder import load_corpus
    from drafter.engine.plan import make_draft
    from drafter.render.docx import render_docx

    out = tmp_path_factory.mktemp("draft") / "draft69.docx"
    render_docx(make_draft(load_corpus(CORPUS), 69), out, date=DATE)
    return out


def test_drafters_own_draft(drafter_draft: Path) -> None:
    """The session-69 draft as drafter writes it: nothing wrong, but everything it asks an
    editor to do is listed."""
    r = _review(drafter_draft)
    assert r.problems == []
    assert r.session == 69
    assert {t.author for t in r.changes} == {"drafter"} and len(r.changes) == 4
    assert {t.where for t in r.changes} == {"preambular paragraph 2", "operative paragraph 14"}
    # 9 on changes and placeholders, 1 thing to check (a comment, not a tracked change)
    assert len(r.comments) == 10
    assert any("to check, past-event" in t.text for t in r.comments)
    assert [t.text for t in r.placeholders if t.kind == "placeholder"] == [
        "A/C.3/69/L.__", "[date]", "[__ (_)]", "[title of the agenda item]", "[sponsors]"]
    assert ("highlight", "19/33 of 23 March 2012") in [(t.kind, t.text) for t in r.placeholders]
    assert r.exit_code() == 0 and r.exit_code(strict=True) == 1


def test_rejecting_drafters_changes_is_caught(drafter_draft: Path, tmp_path: Path) -> None:
    """Reject all of drafter's changes: the base text recalls 67/169 and continues "at its
    sixty-ninth session", both wrong in a session-69 draft."""
    from drafter.render.revisions import reject_all

    path = tmp_path / "rejected.docx"
    reject_all(drafter_draft, save_to=path)
    r = _review(path)
    assert _checks(r) == [("recalled", "preambular paragraph 2"),
                          ("session", "operative paragraph 14")]


# --- placeholders: open, filled, closed (issue 14.4) ----------------------------------------


def test_a_filled_placeholder_is_told_from_an_open_one(tmp_path: Path) -> None:
    mast = list(MASTHEAD)
    mast[3] = "{-==[date]==-}{+==16 October 2014==+}"  # typed over, tracked, still highlighted
    mast[7] = "Agenda item {-==[__ (_)]==-}{+68 (b)+}"  # typed over, highlight gone: closed
    mast[8] = "==[sponsors]==: draft resolution"  # open
    pre = [PRE[0], "*Recalling* Council resolution ==19/33 of 23 March 2012==,"]  # to confirm
    path = build_docx(tmp_path / "d.docx", pre + OPS, masthead=mast,
                      comments=[(1, "drafter", "P7 (hrc): to confirm")])
    r = _review(path)
    assert [(t.kind, t.text) for t in r.placeholders] == [
        ("placeholder", "[sponsors]"), ("highlight", "19/33 of 23 March 2012")]
    assert [(t.kind, t.text, t.was, t.close) for t in r.filled] == [
        ("filled", "16 October 2014", "[date]", "remove the highlight")]
    assert r.placeholders[0].close == "fill it in, then remove the highlight"
    assert r.placeholders[1].close == (
        "confirm it, then remove the highlight, and resolve or delete its comment")
    assert r.exit_code() == 0 and r.exit_code(strict=True) == 1
    data = r.to_dict()
    assert data["summary"]["filled_placeholders"] == 1
    assert data["filled_placeholders"][0]["was"] == "[date]"
    res = CliRunner().invoke(app, ["review", str(path), "--corpus", str(CORPUS), "--verbose"])
    out = " ".join(res.stdout.split())
    assert "1 filled placeholder still highlighted" in out
    assert ('masthead: "16 October 2014" (was "[date]"): remove the highlight') in out


def test_filling_drafters_own_placeholder(drafter_draft: Path, tmp_path: Path) -> None:
    """An editor types the date over drafter's "[date]" with Track Changes on: the highlight
    stays, and review says the placeholder is filled and how to close it."""
    import copy

    from drafter.render.ooxml import to_deleted_form

    doc = docx.Document(str(drafter_draft))
    ed = Tracker(doc, author="Editor", date=DATE)
    run = next(r for r in doc.element.body.iter(qn("w:r"))
               if "".join(t.text or "" for t in r.iter(qn("w:t"))) == "[date]")
    typed = copy.deepcopy(run)
    next(typed.iter(qn("w:t"))).text = "16 October 2014"
    gone = ed.delete([])
    run.addprevious(gone)
    gone.append(to_deleted_form(run))
    gone.addnext(ed.ins([typed]))
    path = tmp_path / "filled.docx"
    save_docx(doc, path)
    before, after = _review(drafter_draft), _review(path)
    assert "[date]" in [t.text for t in before.placeholders]
    assert "[date]" not in [t.text for t in after.placeholders]
    assert len(after.placeholders) == len(before.placeholders) - 1
    (filled,) = after.filled
    assert (filled.where, filled.text, filled.was) == ("masthead", "16 October 2014", "[date]")
    assert filled.close.startswith("remove the highlight")
