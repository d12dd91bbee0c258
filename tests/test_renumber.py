"""drafter renumber: numbers, letters, footnote numbers and cross-references move with their
paragraphs, and nothing else in the document changes.

Each test builds a draft with :func:`test_review.build_docx`, renumbers it, and compares the
document before and after run by run: a run that holds no renumbered number is byte-identical
(XML), and the text of every paragraph is the old text with exactly the reported edits.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from test_review import CORPUS, OPS, PRE, build_docx
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.editor.renumber import Result, renumber_file
from drafter.editor.report import review
from drafter.editor.structure import CURRENT, all_paragraphs, open_draft
from drafter.render import revisions
from drafter.render.ooxml import story_roots


def runs_by_paragraph(path: Path) -> dict[tuple[str, int], list[bytes]]:
    """Every run of every part (body, footnotes, comments ...), by (part, paragraph)."""
    doc = docx.Document(str(path))
    out: dict[tuple[str, int], list[bytes]] = {}
    for part, root in story_roots(doc):
        for i, p in enumerate(all_paragraphs(root)):
            out[(part, i)] = [etree.tostring(r) for r in p.iter(qn("w:r"))]
    return out


def current_texts(path: Path) -> dict[int, str]:
    d = open_draft(path)
    return {u.para.index: u.text for u in d.current.units}


def assert_only_renumbered(before: Path, after: Path, result: Result, *, tracked: bool) -> None:
    """The acceptance test of renumber: nothing but the reported numbers changed."""
    edited = {a.edit.para for a in result.applied}
    b, a = runs_by_paragraph(before), runs_by_paragraph(after)
    assert set(b) == set(a)
    for key in b:
        if key[0] == "document" and key[1] in edited:
            continue
        assert b[key] == a[key], f"runs of {key} changed"
    want = current_texts(before)
    for index in edited:
        text = want[index]
        for ap in sorted((x for x in result.applied if x.edit.para == index),
                         key=lambda x: x.edit.start, reverse=True):
            e = ap.edit
            assert text[e.start:e.end] == e.old
            text = text[:e.start] + e.new + text[e.end:]
        want[index] = text
    assert current_texts(after) == want
    if not tracked:
        # same runs with the same formatting; only the text of some w:t changed
        for index in edited:
            rb, ra = b[("document", index)], a[("document", index)]
            assert len(rb) == len(ra)
            for x, y in zip(rb, ra, strict=True):
                px = etree.fromstring(x).find(qn("w:rPr"))
                py = etree.fromstring(y).find(qn("w:rPr"))
                assert (px is None and py is None) or etree.tostring(px) == etree.tostring(py)
    else:
        base_before = revisions.body_paragraph_texts(revisions.reject_all(before))
        base_after = revisions.body_paragraph_texts(revisions.reject_all(after))
        assert base_before == base_after, "rejecting all changes no longer gives the base text"


def _ops_deleted_untracked() -> list[str]:
    """Paragraph 4 was cut out without tracking: 1, 2, 3, 5, 6, with references to 5 and 3-5."""
    return [
        "1.\t*Reaffirms* the purposes of the United Nations;",
        "2.\t*Recognizes* a collective responsibility:",
        "(a)\tat the national level;",
        "(b)\tat the global level;",
        "3.\t*Urges* States to cooperate;",
        "5.\t*Welcomes* the seminar held on 15 February 2013;",
        "6.\t*Requests* the Secretary-General to report on paragraphs 3 to 5 above, on the "
        "seminar referred to in paragraph 5 above and on paragraph 2 (b) above;",
        "7.\t*Decides* to continue its consideration of the question at its seventieth session.",
    ]


def test_typed_numbers_and_references_follow_a_deletion(tmp_path: Path) -> None:
    src = build_docx(tmp_path / "d.docx", PRE + _ops_deleted_untracked())
    r = review(src, corpus_dir=CORPUS)
    assert [(p.check, p.where) for p in r.problems] == [
        ("numbering", "operative paragraph 4"), ("numbering", "operative paragraph 5"),
        ("cross-reference", "operative paragraph 5"), ("cross-reference", "operative paragraph 5"),
        ("numbering", "operative paragraph 6")]
    assert all(p.fixable for p in r.problems)
    result, out, backup = renumber_file(src)
    assert out == tmp_path / "d.renumbered.docx" and backup is None
    assert [(a.where, a.edit.old, a.edit.new, a.tracked) for a in result.applied] == [
        ("operative paragraph 4", "5", "4", False),
        ("operative paragraph 5", "6", "5", False),
        ("operative paragraph 5", "5", "4", False),  # paragraphs 3 to 5 -> 3 to 4
        ("operative paragraph 5", "5", "4", False),  # paragraph 5 above -> 4
        ("operative paragraph 6", "7", "6", False),
    ]
    assert result.left == [] and result.notes == []
    assert_only_renumbered(src, out, result, tracked=False)
    texts = list(current_texts(out).values())
    assert "5.\tRequests the Secretary-General to report on paragraphs 3 to 4 above, on the seminar " \
           "referred to in paragraph 4 above and on paragraph 2 (b) above;" in texts
    assert review(out, corpus_dir=CORPUS).exit_code() == 0


def test_tracked_renumbering(tmp_path: Path) -> None:
    src = build_docx(tmp_path / "d.docx", PRE + _ops_deleted_untracked())
    plain, out_plain, _ = renumber_file(src, tmp_path / "plain.docx")
    result, out, _ = renumber_file(src, tmp_path / "tracked.docx", track=True)
    assert all(a.tracked for a in result.applied) and len(result.applied) == 5
    revs = revisions.list_revisions(out)
    assert [(x.author, x.kind, x.text) for x in revs] == [
        ("drafter", "del", "5"), ("drafter", "ins", "4"),
        ("drafter", "del", "6"), ("drafter", "ins", "5"),
        ("drafter", "del", "5"), ("drafter", "ins", "4"),
        ("drafter", "del", "5"), ("drafter", "ins", "4"),
        ("drafter", "del", "7"), ("drafter", "ins", "6"),
    ]
    # accepting the tracked renumbering gives the plain one; rejecting it the original
    assert revisions.document_text(revisions.accept_all(out)) == revisions.document_text(out_plain)
    assert revisions.document_text(revisions.reject_all(out)) == revisions.document_text(src)
    assert_only_renumbered(src, out, result, tracked=True)
    assert review(out, corpus_dir=CORPUS).exit_code() == 0


def _pandoc_changes(node: object, out: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(insertion|deletion, author, text) of the tracked-change spans of a pandoc JSON AST."""
    if isinstance(node, dict):
        if node.get("t") == "Span":
            (_id, classes, attrs), inlines = node["c"]
            if classes and classes[0] in ("insertion", "deletion"):
                text = "".join(i["c"] if i["t"] == "Str" else " " for i in inlines
                               if i["t"] in ("Str", "Space"))
                out.append((classes[0], dict(attrs).get("author", ""), text))
        for v in node.values():
            _pandoc_changes(v, out)
    elif isinstance(node, list):
        for v in node:
            _pandoc_changes(v, out)
    return out


def test_tracked_renumbering_read_by_pandoc(tmp_path: Path) -> None:
    """An independent reader sees drafter's tracked renumbering: each old number deleted and
    the new one inserted by drafter; accepting gives the new text, rejecting the old."""
    import json

    pypandoc = pytest.importorskip("pypandoc")
    src = build_docx(tmp_path / "d.docx", PRE + _ops_deleted_untracked())
    _result, out, _ = renumber_file(src, tmp_path / "tracked.docx", track=True)
    ast = json.loads(pypandoc.convert_file(str(out), "json", extra_args=["--track-changes=all"]))
    assert _pandoc_changes(ast, []) == [
        ("deletion", "drafter", "5"), ("insertion", "drafter", "4"),
        ("deletion", "drafter", "6"), ("insertion", "drafter", "5"),
        ("deletion", "drafter", "5"), ("insertion", "drafter", "4"),
        ("deletion", "drafter", "5"), ("insertion", "drafter", "4"),
        ("deletion", "drafter", "7"), ("insertion", "drafter", "6")]
    opts = ["--wrap=none"]
    accepted = pypandoc.convert_file(str(out), "plain", extra_args=["--track-changes=accept", *opts])
    rejected = pypandoc.convert_file(str(out), "plain", extra_args=["--track-changes=reject", *opts])
    assert "paragraphs 3 to 4 above" in accepted and "paragraph 4 above" in accepted
    assert "paragraphs 3 to 5 above" in rejected and "paragraph 5 above" in rejected
    assert rejected == pypandoc.convert_file(str(src), "plain", extra_args=opts)


def test_a_tracked_insertion_with_a_typed_number(tmp_path: Path) -> None:
    """An editor inserts "3. Welcomes ..." (tracked) before the old paragraph 3: the old 3 to 5
    become 4 to 6, and "paragraph 3 above", written against the text on the table, follows the
    old paragraph 3. Base text is renumbered with tracked changes, even without --track, so
    that rejecting all changes still gives the base text."""
    ops = [
        "1.\t*Reaffirms* the purposes of the United Nations;",
        "2.\t*Recognizes* a collective responsibility;",
        "+ 3.\t*Welcomes* the seminar held on 15 February 2013;",
        "3.\t*Urges* States to cooperate;",
        "4.\t*Requests* the Secretary-General to report on the cooperation referred to in "
        "paragraph 3 above;",
        "5.\t*Decides* to continue its consideration of the question at its seventieth session.",
    ]
    src = build_docx(tmp_path / "d.docx", PRE + ops)
    r = review(src, corpus_dir=CORPUS)
    assert [(p.check, p.where) for p in r.problems] == [
        ("numbering", "operative paragraph 4"), ("numbering", "operative paragraph 5"),
        ("cross-reference", "operative paragraph 5"), ("numbering", "operative paragraph 6")]
    result, out, _ = renumber_file(src)
    assert all(a.tracked for a in result.applied)
    assert any("rejecting all changes still gives the base text" in n for n in result.notes)
    accepted = revisions.body_paragraph_texts(revisions.accept_all(out))
    assert accepted[-4:] == [
        "3.\tWelcomes the seminar held on 15 February 2013;",
        "4.\tUrges States to cooperate;",
        "5.\tRequests the Secretary-General to report on the cooperation referred to in "
        "paragraph 4 above;",
        "6.\tDecides to continue its consideration of the question at its seventieth session.",
    ]
    assert_only_renumbered(src, out, result, tracked=True)
    assert review(out, corpus_dir=CORPUS).exit_code() == 0


def test_sub_paragraph_letters_and_references_to_them(tmp_path: Path) -> None:
    ops = list(OPS)
    ops[2:4] = ["(a)\tat the national level;", "(c)\tat the global level;"]
    ops[5] = "4.\t*Requests* the Secretary-General to report on paragraph 2 (c) above;"
    src = build_docx(tmp_path / "d.docx", PRE + ops)
    result, out, _ = renumber_file(src)
    assert [(a.edit.old, a.edit.new) for a in result.applied] == [("c", "b"), ("c", "b")]
    assert_only_renumbered(src, out, result, tracked=False)
    assert "(b)\tat the global level;" in current_texts(out).values()
    assert review(out, corpus_dir=CORPUS).exit_code() == 0


def test_second_level_sub_paragraphs(tmp_path: Path) -> None:
    ops = [
        "1.\t*Decides*:",
        "(a)\tto hold a seminar:",
        "(i)\tin Geneva;",
        "(iii)\tin 2015;",
        "(b)\tto review it, as set out in paragraph 1 (a) (iii) above;",
        "2.\t*Decides* to continue its consideration of the question at its seventieth session.",
    ]
    src = build_docx(tmp_path / "d.docx", PRE + ops)
    result, out, _ = renumber_file(src)
    assert [(a.edit.old, a.edit.new) for a in result.applied] == [("iii", "ii"), ("iii", "ii")]
    assert "(b)\tto review it, as set out in paragraph 1 (a) (ii) above;" in current_texts(out).values()
    assert review(out, corpus_dir=CORPUS).exit_code() == 0


def test_typed_footnote_numbers(tmp_path: Path) -> None:
    pre = [PRE[0] + "<sup>2</sup>", PRE[1] + "<sup>1</sup>"]
    ops = list(OPS)
    ops[4] = "3.\t*Urges* States to cooperate;<sup>2</sup>"
    body = pre + ops + ["70th plenary meeting", "18 December 2014",
                        "1 Resolution 55/2.", "2 A/CONF.157/24 (Part I), chap. III."]
    src = build_docx(tmp_path / "d.docx", body)
    result, out, _ = renumber_file(src)
    assert [(a.where, a.edit.old, a.edit.new) for a in result.applied] == [
        ("preambular paragraph 1", "2", "1"), ("preambular paragraph 2", "1", "2"),
        ("operative paragraph 3", "2", "1"),
        ("footnote text 1", "1", "2"), ("footnote text 2", "2", "1")]
    assert result.moved_notes
    text = revisions.document_text(out)
    assert text.endswith("1 A/CONF.157/24 (Part I), chap. III.\n2 Resolution 55/2.")
    assert review(out, corpus_dir=CORPUS).exit_code() == 0


def test_repeated_marker_of_a_word_footnote(tmp_path: Path) -> None:
    """drafter writes a marker repeated later as a superscript number: when an editor adds a
    footnote before it, the number follows its footnote."""
    pre = ["*Reaffirming* its commitment,{+^{9}+}", PRE[0] + "^{1}", PRE[1] + "<sup>1</sup>"]
    src = build_docx(tmp_path / "d.docx", pre + OPS, notes={1: "Resolution 55/2.", 9: "New."})
    r = review(src, corpus_dir=CORPUS)
    assert [(p.check, p.where) for p in r.problems] == [("footnotes", "preambular paragraph 3")]
    result, out, _ = renumber_file(src)
    # tracked although --track was not given: the editor's new footnote is still pending
    assert [(a.edit.old, a.edit.new, a.tracked) for a in result.applied] == [("1", "2", True)]
    assert revisions.document_text(revisions.reject_all(out)) == \
        revisions.document_text(revisions.reject_all(src))
    assert review(out, corpus_dir=CORPUS).exit_code() == 0


def test_automatic_numbering_with_a_tracked_deletion(tmp_path: Path) -> None:
    """drafter's own drafts number operative paragraphs with Word's list numbering: deleting a
    paragraph (tracked) renumbers them, but not the references to them."""
    ops = [
        "*Reaffirms* the purposes of the United Nations;",
        "- *Recognizes* a collective responsibility;",
        "*Urges* States to cooperate;",
        "*Welcomes* the seminar held on 15 February 2013;",
        "*Requests* the Secretary-General to report on the seminar referred to in paragraph 4 "
        "above and on paragraphs 2 to 4 above;",
        "*Decides* to continue its consideration of the question at its seventieth session.",
    ]
    styles = {len(PRE) + i: "UN Operative" for i in range(len(ops))}
    src = build_docx(tmp_path / "d.docx", PRE + ops, styles=styles)
    r = review(src, corpus_dir=CORPUS)
    assert [(p.check, p.where) for p in r.problems] == [
        ("cross-reference", "operative paragraph 4")] * 2
    assert "4 (\"Welcomes the seminar" in r.problems[0].message
    result, out, _ = renumber_file(src)
    got = [(a.edit.old, a.edit.new, a.tracked) for a in result.applied]
    assert got == [("4", "3", True), ("4", "3", True)]
    accepted = revisions.body_paragraph_texts(revisions.accept_all(out))
    assert accepted[-2] == ("4.\tRequests the Secretary-General to report on the seminar referred "
                            "to in paragraph 3 above and on paragraphs 2 to 3 above;")
    assert_only_renumbered(src, out, result, tracked=True)
    assert review(out, corpus_dir=CORPUS).exit_code() == 0


def test_a_tracked_move(tmp_path: Path) -> None:
    """An editor moves operative paragraph 2 below paragraph 4 (Word's tracked move): the
    references follow the paragraphs they meant."""
    ops = [
        "*Reaffirms* the purposes of the United Nations;",
        "<move1 *Recognizes* a collective responsibility;",
        "*Urges* States to cooperate;",
        "*Welcomes* the seminar held on 15 February 2013;",
        ">move1 *Recognizes* a collective responsibility;",
        "*Requests* the Secretary-General to report on paragraphs 2 and 3 above;",
        "*Decides* to continue its consideration of the question at its seventieth session.",
    ]
    styles = {len(PRE) + i: "UN Operative" for i in range(len(ops))}
    src = build_docx(tmp_path / "d.docx", PRE + ops, styles=styles)
    assert [r.kind for r in revisions.list_revisions(src)] == ["moveFrom"] * 2 + ["moveTo"] * 2
    r = review(src, corpus_dir=CORPUS)
    assert [(p.check, p.where) for p in r.problems] == [("cross-reference", "operative paragraph 5")]
    assert {t.where for t in r.changes} == {
        "operative paragraph 2 (moved; now operative paragraph 4)", "operative paragraph 4"}
    result, out, _ = renumber_file(src)
    assert [(a.edit.old, a.edit.new, a.tracked) for a in result.applied] == [
        ("2", "4", True), ("3", "2", True)]
    accepted = revisions.body_paragraph_texts(revisions.accept_all(out))
    assert accepted[-2] == "5.\tRequests the Secretary-General to report on paragraphs 4 and 2 above;"
    assert_only_renumbered(src, out, result, tracked=True)
    assert review(out, corpus_dir=CORPUS).exit_code() == 0


def test_a_reference_to_a_deleted_paragraph_is_left_for_a_person(tmp_path: Path) -> None:
    ops = [
        "*Reaffirms* the purposes of the United Nations;",
        "- *Recognizes* a collective responsibility;",
        "*Requests* the Secretary-General to report on paragraph 2 above;",
        "*Decides* to continue its consideration of the question at its seventieth session.",
    ]
    styles = {len(PRE) + i: "UN Operative" for i in range(len(ops))}
    src = build_docx(tmp_path / "d.docx", PRE + ops, styles=styles)
    r = review(src, corpus_dir=CORPUS)
    assert [(p.check, p.fixable) for p in r.problems] == [("cross-reference", False)]
    assert "operative paragraph 2 was deleted" in r.problems[0].message
    runner = CliRunner()
    res = runner.invoke(app, ["renumber", str(src)])
    assert res.exit_code == 0, res.output
    assert "nothing to renumber" in res.stdout
    assert "left for a person: operative paragraph 2" in res.stderr


def test_cli_files(tmp_path: Path) -> None:
    runner = CliRunner()
    src = build_docx(tmp_path / "d.docx", PRE + _ops_deleted_untracked())
    original = src.read_bytes()
    res = runner.invoke(app, ["renumber", str(src), "-o", str(tmp_path / "out.docx")])
    assert res.exit_code == 0, res.output
    assert "operative paragraph 4: 5 -> 4: operative paragraph 5 is now 4" in res.stdout
    assert f"wrote {tmp_path / 'out.docx'}" in res.stdout
    # a second run may write drafter's own file again; a file changed since needs --force
    res = runner.invoke(app, ["renumber", str(src), "-o", str(tmp_path / "out.docx")])
    assert res.exit_code == 0, res.output
    (tmp_path / "out.docx").write_bytes(b"changed by hand")
    res = runner.invoke(app, ["renumber", str(src), "-o", str(tmp_path / "out.docx")])
    assert res.exit_code == 1 and "exists; use --force to overwrite" in res.stderr
    res = runner.invoke(app, ["renumber", str(src), "-o", str(tmp_path / "out.docx"), "--force"])
    assert res.exit_code == 0
    res = runner.invoke(app, ["renumber", str(src), "-o", str(src)])
    assert res.exit_code == 1 and "--in-place" in res.stderr
    res = runner.invoke(app, ["renumber", str(src), "-o", str(tmp_path / "x.docx"), "--in-place"])
    assert res.exit_code == 1 and "not both" in res.stderr
    assert src.read_bytes() == original
    res = runner.invoke(app, ["renumber", str(src), "--in-place"])
    assert res.exit_code == 0, res.output
    backup = tmp_path / "d.docx.bak"
    assert backup.read_bytes() == original
    assert f"renumbered {src} in place (backup: {backup})" in res.stdout
    assert revisions.document_text(src) == revisions.document_text(tmp_path / "out.docx")
    # a second run finds nothing to do and leaves the file (and the first backup) alone
    renumbered = src.read_bytes()
    res = runner.invoke(app, ["renumber", str(src), "--in-place"])
    assert res.exit_code == 0 and "nothing to renumber; no file written" in res.stdout
    assert src.read_bytes() == renumbered and not (tmp_path / "d.docx.bak.2").exists()
    assert backup.read_bytes() == original


def test_in_place_keeps_every_backup(tmp_path: Path) -> None:
    src = build_docx(tmp_path / "d.docx", PRE + _ops_deleted_untracked())
    (tmp_path / "d.docx.bak").write_bytes(b"an older backup")
    result, written, backup = renumber_file(src, in_place=True)
    assert written == src and backup == tmp_path / "d.docx.bak.2"
    assert (tmp_path / "d.docx.bak").read_bytes() == b"an older backup"


@pytest.mark.parametrize("track", [False, True])
def test_nothing_to_do_writes_nothing(tmp_path: Path, track: bool) -> None:
    src = build_docx(tmp_path / "d.docx", PRE + OPS)
    before = sorted(tmp_path.iterdir())
    result, out, backup = renumber_file(src, track=track)
    assert not result.changed and out is None and backup is None
    assert sorted(tmp_path.iterdir()) == before
    res = CliRunner().invoke(app, ["renumber", str(src), "-o", str(tmp_path / "out.docx")])
    assert res.exit_code == 0 and "nothing to renumber; no file written" in res.stdout
    assert sorted(tmp_path.iterdir()) == before


def test_review_and_renumber_agree_on_what_is_fixable(tmp_path: Path) -> None:
    src = build_docx(tmp_path / "d.docx", PRE + _ops_deleted_untracked())
    d = open_draft(src)
    assert d.current.view == CURRENT
    r = review(src, corpus_dir=CORPUS)
    result, _out, _ = renumber_file(src)
    fixed_paragraphs = {a.edit.para for a in result.applied}
    assert fixed_paragraphs == {p.paragraph for p in r.problems if p.fixable}
