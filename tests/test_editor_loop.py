"""The editor loop (issue 5, "Done when"): drafter writes the session-69 draft, an editor amends
it in Word, ``review`` finds exactly what the amendments broke, ``renumber`` mends it without
touching any other word, ``review`` is then content, and the adopted text goes back into the
corpus so that ``drafter next --session 70`` rolls over from it.

The editor works as in Word with Track Changes on (author "Editor"), done here with python-docx
and drafter's OOXML helpers:

* accepts drafter's changes in the body (previous edition 68/160, Human Rights Council
  resolution 25/3 given with --set, "seventieth session"), rejects its change to footnote 3
  (the Official Records reference derived from 25/3, whose chapter is still unknown);
* deletes operative paragraph 10 ("Urges States to take measures ...");
* inserts after operative paragraph 13 a new paragraph that asks for a report on "the
  consultations referred to in paragraph 13 above", numbered against the text on the table,
  where the consultations are paragraph 13; after the deletion they are paragraph 12;
* adds a footnote to operative paragraph 12.

Planted: one problem, the cross-reference. Word renumbers the automatically numbered operative
paragraphs and the footnotes by itself.
"""

from __future__ import annotations

import copy
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from test_renumber import assert_only_renumbered
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.render import revisions
from drafter.render.ooxml import (
    Tracker,
    add_footnote,
    footnote_reference_run,
    make_run,
    save_docx,
    story_roots,
    to_deleted_form,
)

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SERIES = "enhancement-of-international-cooperation-in-the-field-of-human-rights"
HRC = "25/3 of 27 March 2014"  # the Council's resolution of 2014 on the subject
DRAFTED = datetime(2014, 10, 1, tzinfo=UTC)
EDITED = datetime(2014, 10, 20, 15, 0, tzinfo=UTC)
NEW_PARAGRAPH = (" the Secretary-General to submit to the General Assembly at its seventieth session "
                 "a report on the consultations referred to in paragraph 13 above;")


def _paragraph(doc, start: str):  # type: ignore[no-untyped-def]
    for p, text in zip(doc.element.body.iter(qn("w:p")),
                       revisions.body_paragraph_texts(doc, numbers=False), strict=True):
        if text.startswith(start):
            return p
    raise KeyError(start)


def _resolve(doc, ids: set[str], accept: bool) -> None:  # type: ignore[no-untyped-def]
    """Accept or reject the tracked changes with these w:id (as Word's Accept/Reject)."""
    for _name, root in story_roots(doc):
        for e in list(root.iter(qn("w:ins"), qn("w:del"))):
            if e.get(qn("w:id")) not in ids:
                continue
            parent = e.getparent()
            if (e.tag == qn("w:ins")) == accept:
                for t in e.iter(qn("w:delText")):
                    t.tag = qn("w:t")
                i = parent.index(e)
                for c in list(e):
                    parent.insert(i, c)
                    i += 1
            parent.remove(e)


def amend(src: Path, dst: Path) -> None:
    doc = docx.Document(str(src))
    revs = revisions.list_revisions(doc)
    assert [(r.part, r.kind) for r in revs] == [("document", "del"), ("document", "ins")] * 3 + [
        ("footnotes", "del"), ("footnotes", "ins")]
    _resolve(doc, {r.id for r in revs if r.part == "document"}, accept=True)
    _resolve(doc, {r.id for r in revs if r.part == "footnotes"}, accept=False)
    ed = Tracker(doc, author="Editor", date=EDITED)
    # delete operative paragraph 10
    p10 = _paragraph(doc, "Urges States to take measures")
    for r in [c for c in p10 if c.tag == qn("w:r")]:
        w = ed.delete([])
        r.addprevious(w)
        w.append(to_deleted_form(r))
    ed.mark_paragraph(p10, "del")
    # a new paragraph after operative paragraph 13, in the operative paragraph style
    p13 = _paragraph(doc, "Requests the Secretary-General, in collaboration")
    new = copy.deepcopy(p13)
    for c in list(new):
        if c.tag != qn("w:pPr"):
            new.remove(c)
    new.append(ed.ins([make_run("Requests", italic=True), make_run(NEW_PARAGRAPH)]))
    p13.addnext(new)
    ed.mark_paragraph(new, "ins")
    # a footnote at the end of operative paragraph 12
    p12 = _paragraph(doc, "Takes note of the holding of the seminar")
    note = add_footnote(doc, [ed.ins([make_run(
        "See the summary of the seminar prepared by the Office of the United Nations High "
        "Commissioner for Human Rights.")])])
    p12.append(ed.ins([footnote_reference_run(note)]))
    save_docx(doc, dst)


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from drafter.corpus.folder import load_corpus
    from drafter.engine.plan import make_draft
    from drafter.render.docx import render_docx

    tmp = tmp_path_factory.mktemp("loop")
    corpus = tmp / "corpus"
    shutil.copytree(CORPUS, corpus)
    draft = make_draft(load_corpus(corpus), 69, facts={"hrc": HRC})
    drafted = render_docx(draft, tmp / "draft-69.docx", date=DRAFTED)
    amended = tmp / "amended.docx"
    amend(drafted, amended)
    return {"tmp": tmp, "corpus": corpus, "drafted": drafted, "amended": amended}


def _review_json(path: Path, corpus: Path, *extra: str) -> tuple[int, dict]:
    res = CliRunner().invoke(app, ["review", str(path), "--format", "json", "--corpus", str(corpus),
                                   *extra])
    assert res.exit_code in (0, 1), res.output
    return res.exit_code, json.loads(res.stdout)


def test_editor_loop(loop: dict[str, Path]) -> None:
    runner = CliRunner()
    corpus, amended = loop["corpus"], loop["amended"]

    # 1. review finds exactly the problem planted, and lists the editor's work by author
    code, data = _review_json(amended, corpus)
    assert code == 1
    assert data["session"] == 69 and data["series"] == SERIES and data["period"] == 1
    assert [(p["check"], p["where"], p["fixable"]) for p in data["problems"]] == [
        ("cross-reference", "operative paragraph 13", True)]
    assert data["problems"][0]["message"] == (
        '"paragraph 13 above" points at a paragraph whose number changed: 13 ("Requests the '
        'Secretary-General, in collaboratio...") is now paragraph 12')
    assert data["pending_changes_by_author"] == {"Editor": 7}
    assert {c["where"] for c in data["pending_changes"]} == {
        "operative paragraph 10 (deleted; numbered as before the pending changes)",
        "operative paragraph 11", "operative paragraph 13", "footnote 6"}
    # 9 on changes and placeholders (the citation derived from --set hrc is both: one comment),
    # 1 thing to check (the seminar of 15 February 2013 is past)
    assert data["open_comments_by_author"] == {"drafter": 10}
    assert [p["text"] for p in data["placeholders"]] == [
        "A/C.3/69/L.__", "[date]", "[__ (_)]", "[title of the agenda item]", "[sponsors]"]

    # 2. renumber fixes it, and changes nothing else
    out = loop["tmp"] / "renumbered.docx"
    res = runner.invoke(app, ["renumber", str(amended), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == (
        "operative paragraph 13: 13 -> 12: paragraph 13 is now paragraph 12")
    from drafter.editor.renumber import renumber_document

    again = docx.Document(str(amended))
    result = renumber_document(again)
    assert [(a.edit.old, a.edit.new, a.tracked) for a in result.applied] == [("13", "12", False)]
    assert_only_renumbered(amended, out, result, tracked=False)
    accepted = revisions.body_paragraph_texts(revisions.accept_all(out))
    assert accepted[-3:] == [
        "12.\tRequests the Secretary-General, in collaboration with the United Nations High "
        "Commissioner for Human Rights, to consult States and intergovernmental and "
        "non-governmental organizations on ways and means, as well as obstacles and challenges "
        "and possible proposals to overcome them, for the enhancement of international "
        "cooperation and dialogue in the United Nations human rights machinery, including the "
        "Human Rights Council;",
        "13.\tRequests" + NEW_PARAGRAPH.replace("paragraph 13", "paragraph 12"),
        "14.\tDecides to continue its consideration of the question at its seventieth session.",
    ]
    assert revisions.document_text(revisions.reject_all(out)) == \
        revisions.document_text(revisions.reject_all(amended))

    # 3. review is then content (what is left to do is information, unless --strict)
    code, data = _review_json(out, corpus)
    assert code == 0 and data["problems"] == []
    res = runner.invoke(app, ["review", str(out), "--corpus", str(corpus)])
    assert res.exit_code == 0 and "Result: nothing wrong (exit 0)" in res.stdout
    code, _ = _review_json(out, corpus, "--strict")
    assert code == 1

    # 4. the adopted text (changes accepted, comments gone) goes back into the corpus; it still
    # shows the draft's masthead (A/C.3/69/L.__, [date]), so add refuses it as A/RES/69/179
    # unless told with --force that the draft was adopted word for word (issue 13.6)
    adopted = loop["tmp"] / "adopted.docx"
    revisions.remove_comments(revisions.accept_all(out), save_to=adopted)
    res = runner.invoke(app, ["add", str(adopted), "--symbol", "A/RES/69/179",
                              "--adopted", "18 December 2014", "--corpus", str(corpus)])
    assert res.exit_code == 1 and "is a draft" in res.output and "--force" in res.output
    res = runner.invoke(app, ["add", str(adopted), "--symbol", "A/RES/69/179",
                              "--adopted", "18 December 2014", "--corpus", str(corpus), "--force"])
    assert res.exit_code == 0, res.output
    assert f"added {SERIES}/A-RES-69-179.docx" in res.stdout
    assert (corpus / SERIES / "A-RES-69-179.docx").read_bytes() == adopted.read_bytes()
    res = runner.invoke(app, ["add", str(adopted), "--symbol", "A/RES/69/179", "--corpus",
                              str(corpus), "--force"])
    assert res.exit_code == 1 and "already in the corpus" in res.output  # the same edition twice

    # 5. next --session 70 rolls over from it
    from drafter.corpus.folder import load_corpus
    from drafter.engine.plan import choose_series

    series = choose_series(load_corpus(corpus), SERIES)
    assert series.latest is not None and series.latest.path.name == "A-RES-69-179.docx"
    assert series.latest.session == 69
    res = runner.invoke(app, ["next", "--session", "70", "--corpus", str(corpus),
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    draft = json.loads(res.stdout)
    ops = draft["operative"]
    assert len(ops) == 14
    assert not any(p["text"].startswith("Urges States to take measures") for p in ops)
    assert ops[12]["text"].startswith("Requests the Secretary-General to submit")
    assert "paragraph 12 above" in ops[12]["text"]
    last = ops[-1]
    assert last["base_text"] == ("Decides to continue its consideration of the question at its "
                                 "seventieth session.")
    assert last["text"] == ("Decides to continue its consideration of the question at its "
                            "seventy-first session.")


def test_the_adopted_draft_is_a_full_edition(loop: dict[str, Path]) -> None:
    """The adopted draft, added with --symbol and --adopted, is a full edition: the base is
    A/RES/69/179 adopted 18 December 2014, its preamble is there, and the draft for session 70
    recalls resolution 69/179."""
    from drafter.corpus.folder import add_edition
    from drafter.editor.renumber import renumber_file

    tmp = loop["tmp"] / "full"
    shutil.copytree(CORPUS, tmp / "corpus")
    _result, out, _ = renumber_file(loop["amended"], tmp / "renumbered.docx")
    assert out is not None
    adopted = tmp / "adopted.docx"
    revisions.remove_comments(revisions.accept_all(out), save_to=adopted)
    add_edition(tmp / "corpus", adopted, symbol="A/RES/69/179", adopted="18 December 2014", force=True)
    res = CliRunner().invoke(app, ["next", "--session", "70", "--corpus", str(tmp / "corpus"),
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    draft = json.loads(res.stdout)
    assert draft["base"] == "A/RES/69/179"
    assert draft["base_adopted"] == "18 December 2014"
    assert len(draft["preamble"]) == 9
    assert any(c["old"] == "68/160 of 18 December 2013" and c["new"] == "69/179 of 18 December 2014"
               for c in draft["changes"])
