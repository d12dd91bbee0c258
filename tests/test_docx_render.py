"""Word rendering of a Draft: read back with pandoc (independent reader) and python-docx."""

from __future__ import annotations

import os
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from conftest_docx import (
    AUTHOR,
    FIXED_DATE,
    SPONSOR_NOTE,
    C,
    S,
    deleted_paragraph,
    expected_body,
    expected_footnotes,
    inserted_paragraph,
    pandoc_ast,
    sample_draft,
)
from docx.oxml.ns import qn

from drafter.model.draft import Change, DraftParagraph, Placeholder
from drafter.render.docx import OpenPlaceholdersError, reference_docx_path, render_docx
from drafter.render.ooxml import footnotes_part, xpath
from drafter.render.revisions import (
    accept_all,
    body_paragraph_texts,
    document_text,
    list_comments,
    list_revisions,
    notes,
    reject_all,
)

pypandoc = pytest.importorskip("pypandoc")

ISO = "2014-10-01T09:30:00Z"
BODY_START = "The General Assembly,"


@pytest.fixture(scope="module")
def draft():
    return sample_draft()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, draft) -> Path:
    path = tmp_path_factory.mktemp("docx") / "draft.docx"
    out = render_docx(draft, path, author=AUTHOR, date=FIXED_DATE)
    assert out == path
    return path


@pytest.fixture(scope="module")
def ast(rendered):
    return pandoc_ast(rendered)


def body_after_start(paragraphs: list[str]) -> list[str]:
    i = paragraphs.index(BODY_START)
    return [p for p in paragraphs[i + 1:] if p]


# -- pandoc ----------------------------------------------------------------------------------


def test_pandoc_reads_every_footnote_in_order(ast, draft):
    # the starred sponsor note first, then the numbered ones in the draft's order
    assert len(ast.notes) == 1 + len(draft.footnotes)
    assert ast.note_texts("accepted")[0] == SPONSOR_NOTE
    assert ast.note_texts("accepted")[1:] == expected_footnotes(draft)
    assert ast.note_texts("rejected")[1:] == expected_footnotes(draft, base=True)


def test_pandoc_reads_insertions_and_deletions_with_author_and_date(ast):
    assert [t for _a, t in ast.insertions] == [
        "68/160 of 18 December 2013",
        "Sixty-eighth Session, Supplement No. 53 (A/68/53)",  # in footnote 3, read at its mark
        "seventieth",
        "seventieth",
    ]
    assert [t for _a, t in ast.deletions] == [
        "67/169 of 20 December 2012",
        "Sixty-seventh Session, Supplement No. 53 and corrigendum (A/67/53 and Corr.1)",
        "sixty-ninth",
        "sixty-ninth",
    ]
    for attrs, _t in ast.insertions + ast.deletions:
        assert attrs["author"] == AUTHOR
        assert attrs["date"] == ISO


def test_pandoc_reads_one_comment_per_change_and_open_placeholder(ast, draft):
    texts = [t for _a, t in ast.comments]
    assert all(a["author"] == AUTHOR for a, _t in ast.comments)
    # masthead placeholders (p4 was filled by --set: no comment), changes, footnote placeholder
    ids = [t.split(":")[0].split(" ")[1] for t in texts]
    assert ids == ["p1", "p2", "p3", "c1", "c3", "p5", "c4", "c5"]
    c1 = next(t for t in texts if t.startswith("drafter c1:"))
    assert "rule previous-edition" in c1 and "A/RES/68/160 adopted on 18 December 2013" in c1
    assert "confidence 1.00" in c1
    p3 = next(t for t in texts if t.startswith("drafter p3"))
    assert "the agenda item number" in p3 and "was 69 (b)" in p3


def test_pandoc_reads_numbered_operative_paragraphs_and_lettered_subparagraphs(ast):
    assert ast.ordered_lists == [(1, "Decimal", 3), (1, "LowerAlpha", 2)]
    md = pypandoc.convert_text(
        __import__("json").dumps(ast.ast), "plain", format="json", extra_args=["--wrap=none"]
    )
    lines = [ln.strip() for ln in md.splitlines() if ln.strip()]
    # the number appears exactly once per paragraph (from the list, never as literal text)
    assert [ln[:2] for ln in lines if ln[:2] in ("1.", "2.", "3.")] == ["1.", "2.", "3."]
    assert not any(ln.startswith("1. 1.") or "1.\t" in ln for ln in lines)
    assert any(ln.startswith("(a) To consult States") for ln in lines)


def test_pandoc_reads_opening_words_in_italics(ast):
    assert ast.emph == ["Reaffirming", "Recalling", "Recognizing also", "Reaffirms",
                        "Requests", "Decides"]


def test_pandoc_reads_placeholders_highlighted(ast):
    assert ast.marks == ["A/C.3/69/L.__", "[date]", "Agenda item [..]", "chap. III, sect. A"]


# -- python-docx: accept / reject ------------------------------------------------------------


def test_accept_all_gives_the_draft_text(rendered, draft):
    doc = accept_all(rendered)
    assert body_after_start(body_paragraph_texts(doc)) == expected_body(draft)
    assert [n.text for n in notes(doc)] == [SPONSOR_NOTE[2:], *expected_footnotes(draft)]
    body = doc.element.body
    assert not body.findall(".//" + qn("w:ins")) and not body.findall(".//" + qn("w:del"))
    assert not list_revisions(doc)
    # comments stay (Word keeps them when changes are accepted)
    assert len(list_comments(doc)) == 8


def test_reject_all_gives_the_base_text(rendered, draft):
    doc = reject_all(rendered)
    assert body_after_start(body_paragraph_texts(doc)) == expected_body(draft, base=True)
    assert [n.text for n in notes(doc)][1:] == expected_footnotes(draft, base=True)
    assert not list_revisions(doc)


def test_accept_all_saved_and_reopened(rendered, draft, tmp_path):
    out = tmp_path / "accepted.docx"
    accept_all(rendered, save_to=out)
    reopened = docx.Document(str(out))
    assert body_after_start(body_paragraph_texts(reopened)) == expected_body(draft)
    # plain python-docx sees the text too once the changes are accepted (without list labels)
    plain = [p.text for p in reopened.paragraphs]
    assert "Decides to continue its consideration of the question at its seventieth session." \
        in plain


def test_views_without_resolving(rendered, draft):
    assert body_after_start(body_paragraph_texts(rendered)) == expected_body(draft)
    rejected = body_paragraph_texts(rendered, view="rejected")
    assert body_after_start(rejected) == expected_body(draft, base=True)
    text = document_text(rendered)
    assert "[^3]: See Official Records of the General Assembly, Sixty-eighth Session" in text
    assert "\n* On behalf of the States Members" in text


# -- structure --------------------------------------------------------------------------------


def test_masthead_is_plain_and_in_order(rendered):
    paras = body_paragraph_texts(rendered)
    head = paras[: paras.index(BODY_START) + 1]
    assert head == [
        "United Nations\tA/C.3/69/L.__",
        "General Assembly",
        "Distr.: Limited",
        "[date]",
        "Original: English",
        "Sixty-ninth session",
        "Third Committee",
        "Agenda item [..]",
        "Promotion and protection of human rights: human rights questions, including "
        "alternative approaches for improving the effective enjoyment of human rights and "
        "fundamental freedoms",
        "Cuba:* draft resolution",
        "Enhancement of international cooperation in the field of human rights",
        BODY_START,
    ]
    assert all(r.paragraph is None or r.paragraph > len(head) - 1
               for r in list_revisions(rendered) if r.part == "document")


def test_styles_are_the_named_un_styles(rendered):
    doc = docx.Document(str(rendered))
    by_id = {s.style_id: s.name for s in doc.styles}
    styles = [by_id[p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val"))]
              for p in doc.element.body.iter(qn("w:p"))]
    start = styles.index("UN Body Start")
    assert styles[:start + 1] == [
        "UN Masthead", "UN Organ", "UN Distribution", "UN Distribution", "UN Distribution",
        "UN Session", "UN Session", "UN Agenda", "UN Agenda", "UN Sponsors", "UN Title",
        "UN Body Start",
    ]
    assert styles[start + 1:] == ["UN Preambular"] * 3 + [
        "UN Operative", "UN Operative", "UN Subparagraph", "UN Subparagraph", "UN Operative"]


def test_general_assembly_beside_the_distribution_block_over_a_rule(rendered):
    doc = docx.Document(str(rendered))
    [table] = doc.tables
    assert table.style.name == "UN Masthead Table"
    [row] = table.rows
    left, right = row.cells
    assert [p.text for p in left.paragraphs] == ["General Assembly"]
    assert [p.text for p in right.paragraphs] == ["Distr.: Limited", "[date]",
                                                  "Original: English"]
    # the rules are the styles': under the "United Nations" line and under the table
    masthead = doc.styles["UN Masthead"].element.pPr
    assert masthead.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    borders = doc.styles["UN Masthead Table"].element.find(qn("w:tblPr")).find(
        qn("w:tblBorders"))
    assert borders.find(qn("w:bottom")).get(qn("w:val")) == "single"
    assert borders.find(qn("w:top")).get(qn("w:val")) == "nil"


def test_the_general_assembly_is_italic(rendered):
    doc = docx.Document(str(rendered))
    assert doc.styles["UN Body Start"].font.italic is True
    start = next(p for p in doc.paragraphs if p.text == BODY_START)
    assert start.style.name == "UN Body Start"
    assert all(r.italic is not False for r in start.runs)


def test_official_records_titles_are_italic_in_footnotes(rendered):
    doc = docx.Document(str(rendered))
    note = footnotes_part(doc, create=False).element
    italic_text = "".join(
        t.text for r in note.iter(qn("w:r")) if r.find(qn("w:rPr")) is not None
        and r.find(qn("w:rPr")).find(qn("w:i")) is not None
        for t in r.iter(qn("w:t"), qn("w:delText")))
    # the deleted title and the inserted one, each up to its supplement number
    assert italic_text == (
        "Official Records of the General Assembly, Sixty-seventh Session, Supplement No. 53"
        "Sixty-eighth Session, Supplement No. 53")


def test_sponsor_note_is_a_custom_mark_footnote_before_the_numbered_ones(rendered):
    doc = docx.Document(str(rendered))
    refs = doc.element.body.findall(".//" + qn("w:footnoteReference"))
    assert len(refs) == 4
    star = refs[0]
    assert star.get(qn("w:customMarkFollows")) == "1"
    run = star.getparent()
    assert run.find(qn("w:t")).text == "*"
    assert all(r.get(qn("w:customMarkFollows")) is None for r in refs[1:])
    ids = [int(r.get(qn("w:id"))) for r in refs]
    assert ids == sorted(ids) and ids[0] > 0
    for r in refs:
        rpr = r.getparent().find(qn("w:rPr"))
        assert rpr.find(qn("w:rStyle")).get(qn("w:val")) == "UNFootnoteReference"
        assert rpr.find(qn("w:vertAlign")).get(qn("w:val")) == "superscript"
    fns = footnotes_part(doc, create=False)
    assert fns is not None
    types = [(f.get(qn("w:id")), f.get(qn("w:type"))) for f in fns.element]
    assert types[:2] == [("-1", "separator"), ("0", "continuationSeparator")]
    # a numbered note's paragraph starts with its own mark
    note = fns.element[3]
    first_run = note.find(qn("w:p")).find(qn("w:r"))
    assert first_run.find(qn("w:footnoteRef")) is not None


def test_revision_ids_unique_author_and_date(rendered):
    revs = list_revisions(rendered)
    assert len(revs) == 8
    assert len({r.id for r in revs}) == len(revs)
    assert {(r.author, r.date) for r in revs} == {(AUTHOR, ISO)}
    fn = [r for r in revs if r.part == "footnotes"]
    assert [(r.kind, r.text) for r in fn] == [
        ("del", "Sixty-seventh Session, Supplement No. 53 and corrigendum (A/67/53 and Corr.1)"),
        ("ins", "Sixty-eighth Session, Supplement No. 53 (A/68/53)"),
    ]


def test_comments_are_anchored_on_the_changed_span(rendered):
    by_text = {c.text.split(":")[0]: c for c in list_comments(rendered)}
    c1 = by_text["drafter c1"]
    assert (c1.anchor, c1.anchor_deleted) == ("68/160 of 18 December 2013",
                                              "67/169 of 20 December 2012")
    assert c1.author == AUTHOR and c1.date == ISO and c1.part == "document"
    # comments on a footnote's content sit on the note's mark in the body (LibreOffice 7.4
    # cannot open a file with comment references inside footnotes)
    c3 = by_text["drafter c3"]
    assert (c3.part, c3.anchor) == ("document", "[^3]")
    assert c3.text.endswith("\nIn footnote 3.")
    p5 = next(c for c in list_comments(rendered) if c.text.startswith("drafter p5"))
    assert (p5.part, p5.anchor) == ("document", "[^3]")
    # the range starts before the w:del and ends after the w:ins
    doc = docx.Document(str(rendered))
    cid = c1.id
    [start] = xpath(doc.element.body, f".//w:commentRangeStart[@w:id='{cid}']")
    sib = start.getnext()
    assert sib.tag == qn("w:del") and sib.getnext().tag == qn("w:ins")
    assert sib.getnext().getnext().tag == qn("w:commentRangeEnd")


def test_footnote_comments_inline_are_anchored_inside_the_note(tmp_path, draft):
    path = render_docx(draft, tmp_path / "inline.docx", date=FIXED_DATE, footnote_comments="inline")
    by_id = {c.text.split(":")[0]: c for c in list_comments(path)}
    c3 = by_id["drafter c3"]
    assert c3.part == "footnotes"
    assert (c3.anchor, c3.anchor_deleted) == (
        "Sixty-eighth Session, Supplement No. 53 (A/68/53)",
        "Sixty-seventh Session, Supplement No. 53 and corrigendum (A/67/53 and Corr.1)",
    )
    assert by_id["drafter p5 (hrc)"].anchor == "chap. III, sect. A"
    with pytest.raises(ValueError):
        render_docx(draft, tmp_path / "x.docx", footnote_comments="margin")


def test_opening_words_are_italic_runs(rendered):
    doc = docx.Document(str(rendered))
    start = [p.text for p in doc.paragraphs].index(BODY_START)
    for p, opening in zip(doc.paragraphs[start + 1:],
                          ["Reaffirming", "Recalling", "Recognizing also", "Reaffirms",
                           "Requests"], strict=False):
        assert p.runs[0].text == opening and p.runs[0].italic is True
        assert not p.runs[1].italic


def test_operative_numbering_comes_from_the_style(rendered):
    doc = docx.Document(str(rendered))
    ops = [p for p in doc.paragraphs if p.style.name == "UN Operative"]
    assert len(ops) == 3
    for p in ops:
        assert not p.text.startswith(("1.", "2.", "3."))  # no literal number
        assert p._p.pPr.numPr is None  # numbered through the style, so Word renumbers
    numpr = doc.styles["UN Operative"].element.pPr.numPr
    assert numpr is not None and numpr.numId.val == 1


# -- clean ------------------------------------------------------------------------------------


def filled(draft):
    """`draft` with every placeholder filled (as by --set: no blank left in the masthead)."""
    masthead = replace(draft.masthead, symbol="A/C.3/69/L.32", date="30 October 2014",
                       agenda_item="Agenda item 68 (b)")
    return replace(draft, masthead=masthead, placeholders=tuple(
        replace(ph, filled=True) for ph in draft.placeholders))


def test_clean_has_no_changes_comments_or_highlights(tmp_path, draft):
    d = filled(draft)
    path = render_docx(d, tmp_path / "clean.docx", date=FIXED_DATE, clean=True)
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist()
                      if n.startswith("word/") and n.endswith(".xml")
                      and not n.startswith("word/footer"))  # the job number is the Secretariat's
    for tag in ("<w:ins ", "<w:del ", "w:commentRangeStart", "w:commentReference", "w:highlight"):
        assert tag not in xml
    assert not list_comments(path)
    assert body_after_start(body_paragraph_texts(path)) == expected_body(d)
    ast = pandoc_ast(path)
    assert not ast.insertions and not ast.deletions and not ast.comments and not ast.marks
    assert ast.note_texts()[1:] == expected_footnotes(d)


def test_clean_refuses_while_placeholders_are_open_and_names_them(tmp_path, draft):
    with pytest.raises(OpenPlaceholdersError) as e:
        render_docx(draft, tmp_path / "clean.docx", date=FIXED_DATE, clean=True)
    line = e.value.one_line()
    assert "4 open placeholder(s)" in line
    for name in ("p1 symbol", "p2 date", "p3 agenda_item", "p5 hrc", "--force"):
        assert name in line
    assert "p4" not in line  # filled by --set
    assert not (tmp_path / "clean.docx").exists()


def test_clean_with_open_placeholders_allowed_keeps_them_highlighted(tmp_path, draft):
    path = render_docx(draft, tmp_path / "clean.docx", date=FIXED_DATE, clean=True,
                       allow_open=True)
    ast = pandoc_ast(path)
    assert not ast.insertions and not ast.deletions and not ast.comments
    assert ast.marks == ["A/C.3/69/L.__", "[date]", "Agenda item [..]", "chap. III, sect. A"]


def test_every_blank_is_highlighted_even_in_a_change_without_placeholder(tmp_path, draft):
    """--set hrc=...: the new citation holds "chap. [__], sect. [__]" to fill."""
    fn3 = draft.footnotes[2]
    pieces = (S("See "), C("c3", "Official Records ..., chap. III, sect. A",
                            "Official Records of the General Assembly, Sixty-ninth Session, "
                            "Supplement No. 53 (A/69/53), chap. [__], sect. [__]"), S("."))
    d = replace(draft, footnotes=(*draft.footnotes[:2], replace(fn3, pieces=pieces)))
    for clean in (False, True):
        path = render_docx(d, tmp_path / f"blanks{clean}.docx", date=FIXED_DATE, clean=clean,
                           allow_open=True)
        marks = pandoc_ast(path).marks
        assert marks[-2:] == ["[__]", "[__]"], marks


# -- whole paragraphs, openers, repeated markers ----------------------------------------------


def test_inserted_and_deleted_paragraphs(tmp_path):
    base = sample_draft(extra_operative=(inserted_paragraph(3), deleted_paragraph(4)))
    d = replace(base, changes=base.changes + (
        Change("c8", "op4", "Takes note of the seminar held on 15 February 2013;", "", "set",
               "deleted by the editor", 1.0),
        Change("c9", "op3", "", "Encourages States to share good practices;", "template",
               "new paragraph", 1.0),
    ))
    path = render_docx(d, tmp_path / "paras.docx", author=AUTHOR, date=FIXED_DATE)
    marks = [r for r in list_revisions(path) if r.scope == "paragraph-mark"]
    assert [m.kind for m in marks] == ["ins", "del"]
    assert body_after_start(body_paragraph_texts(accept_all(path))) == expected_body(d)
    assert body_after_start(body_paragraph_texts(reject_all(path))) == expected_body(
        d, base=True)
    clean = render_docx(d, tmp_path / "paras-clean.docx", date=FIXED_DATE, clean=True,
                        allow_open=True)
    assert body_after_start(body_paragraph_texts(clean)) == expected_body(d)


def test_changed_opening_is_italic_in_old_and_new(tmp_path):
    d = sample_draft()
    pp3 = DraftParagraph(
        id="pp3", kind="preamble", opening="Recognizing also",
        pieces=(C("c6", "Recognizing", "Recognizing also"), S(" that dialogue matters,")),
    )
    d = replace(d, preamble=(*d.preamble[:2], pp3))
    path = render_docx(d, tmp_path / "opener.docx", date=FIXED_DATE)
    doc = docx.Document(str(path))
    p = [x for x in doc.paragraphs if x.style.name == "UN Preambular"][2]._p
    dele, ins = p.find(qn("w:del")), p.find(qn("w:ins"))
    for wrapper in (dele, ins):
        assert wrapper.find(qn("w:r")).find(qn("w:rPr")).find(qn("w:i")) is not None
    assert p.findall(qn("w:r"))[-1].find(qn("w:rPr")) is None  # the rest is upright
    ast = pandoc_ast(path)
    # pandoc reads one Emph holding the deleted and the inserted opener
    assert "RecognizingRecognizing also" in ast.emph


def test_repeated_marker_points_once_at_the_note(tmp_path):
    d = sample_draft()
    pp3 = DraftParagraph(
        id="pp3", kind="preamble", opening="Recalling also",
        pieces=(S("Recalling also the Millennium Declaration,[^2]"),),
    )
    d = replace(d, preamble=(*d.preamble[:2], pp3))
    path = render_docx(d, tmp_path / "repeat.docx", date=FIXED_DATE)
    doc = docx.Document(str(path))
    refs = doc.element.body.findall(".//" + qn("w:footnoteReference"))
    assert len(refs) == 4  # star + three notes; the repeat is a plain superscript "2"
    last = [x for x in doc.paragraphs if x.style.name == "UN Preambular"][2]
    assert last.runs[-1].text == "2" and last.runs[-1].font.superscript


# -- files ------------------------------------------------------------------------------------


def test_output_is_reproducible_and_written_atomically(tmp_path, draft):
    a = render_docx(draft, tmp_path / "a.docx", author=AUTHOR, date=FIXED_DATE)
    b = render_docx(draft, tmp_path / "b.docx", author=AUTHOR, date=FIXED_DATE)
    assert a.read_bytes() == b.read_bytes()
    a.write_bytes(b"old content")
    render_docx(draft, a, author=AUTHOR, date=FIXED_DATE)
    assert a.read_bytes() == b.read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["a.docx", "b.docx"]  # no temp file left behind


def test_core_properties(rendered):
    cp = docx.Document(str(rendered)).core_properties
    assert cp.title == "Enhancement of international cooperation in the field of human rights"
    assert cp.author == AUTHOR and cp.subject == "A/C.3/69/L.__"
    assert cp.created.replace(tzinfo=None) == FIXED_DATE.replace(tzinfo=None)


def test_reference_docx_path_finds_the_template():
    path = reference_docx_path()
    assert path.name == "reference.docx" and path.is_file()
    assert path.parent.name == "templates"


def test_filled_and_stray_placeholders(tmp_path):
    d = sample_draft()
    pp2 = d.preamble[1]
    # c1 came from --set previous=...: a filled placeholder, tracked and commented, not marked
    pieces = tuple(replace(pc, placeholder="p6") if pc.change == "c1" else pc
                   for pc in pp2.pieces)
    d = replace(
        d,
        preamble=(d.preamble[0], replace(pp2, pieces=pieces), d.preamble[2]),
        placeholders=d.placeholders + (
            Placeholder("p6", "previous", "pp2", "68/160 of 18 December 2013",
                        "the base edition recalls 67/169", "given with --set previous",
                        filled=True),
            Placeholder("p7", "mandate", "op1", "", "nothing in the corpus",
                        "whether the mandate continues"),
        ),
    )
    path = render_docx(d, tmp_path / "ph.docx", date=FIXED_DATE)
    ast = pandoc_ast(path)
    assert "68/160 of 18 December 2013" not in ast.marks
    comments = {c.text.split(":")[0]: c for c in list_comments(path)}
    assert "p6" not in comments["drafter c1"].text
    stray = comments["drafter p7 (mandate)"]
    assert stray.anchor.startswith("Reaffirms that it is one of the purposes")
    assert stray.text.endswith("(at op1)")


def test_track_changes_is_on_for_the_editors_own_amendments(tmp_path):
    """The draft opens with Track Changes on (the clean copy for circulation does not)."""
    from drafter.render.docx import render_docx

    draft = sample_draft()
    for clean, expected in ((False, True), (True, False)):
        out = render_docx(draft, tmp_path / f"d{clean}.docx", clean=clean, allow_open=True)
        settings = docx.Document(str(out)).settings.element
        assert (settings.find(qn("w:trackRevisions")) is not None) is expected


def test_operative_paragraphs_take_number_and_indents_from_their_style(rendered):
    """The paragraph itself (document.xml) carries no indent or numbering of its own, so the
    UN layout of the style and its numbering level applies, and Word renumbers."""
    with zipfile.ZipFile(rendered) as z:
        body = docx.oxml.parse_xml(z.read("word/document.xml"))
        styles = docx.oxml.parse_xml(z.read("word/styles.xml"))
    ops = [p for p in body.iter(qn("w:p"))
           if p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "UNOperative"]
    assert len(ops) == 3
    for p in ops:
        assert [c.tag for c in p.find(qn("w:pPr"))] == [qn("w:pStyle")]
    ind = {s.get(qn("w:styleId")): s.find(qn("w:pPr")).find(qn("w:ind"))
           for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) in
           ("UNOperative", "UNPreambular")}
    op, pre = ind["UNOperative"], ind["UNPreambular"]
    for attr in ("w:left", "w:firstLine"):
        assert op.get(qn(attr)) == pre.get(qn(attr)) and int(op.get(qn(attr))) > 0
    assert op.get(qn("w:hanging")) is None
