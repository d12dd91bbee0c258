"""OOXML helpers (drafter.render.ooxml), the reference document, and the revisions reader on
Word constructs drafter itself does not write (moves, paragraph marks, formatting, rows)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.shared import Emu, Mm
from lxml import etree

from drafter.render import ooxml
from drafter.render.ooxml import (
    CT_FOOTNOTES,
    NotesPart,
    Tracker,
    add_comment,
    add_footnote,
    el,
    footnote_paragraph,
    footnote_reference_run,
    footnotes_part,
    iso_date,
    make_run,
    save_docx,
    set_highlight,
    set_italic,
    xml_part,
    xpath,
)
from drafter.render.revisions import (
    accept_all,
    body_paragraph_texts,
    document_text,
    list_comments,
    list_revisions,
    notes,
    reject_all,
    remove_comments,
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "templates" / "reference.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = datetime(2014, 10, 1, 12, 0, tzinfo=UTC)


def tags(e) -> list[str]:
    return [c.tag.replace(W, "w:") for c in e]


def reload(doc):
    buf = io.BytesIO()
    save_docx(doc, buf)
    buf.seek(0)
    return docx.Document(buf)


# -- runs ------------------------------------------------------------------------------------


def test_make_run_text_tabs_breaks_and_properties():
    r = make_run("1.\tA  b\nc", italic=True, highlight="yellow", style="X", superscript=True)
    assert tags(r) == ["w:rPr", "w:t", "w:tab", "w:t", "w:br", "w:t"]
    assert tags(r.find(qn("w:rPr"))) == ["w:rStyle", "w:i", "w:iCs", "w:highlight",
                                         "w:vertAlign"]
    t = r.findall(qn("w:t"))
    assert [x.text for x in t] == ["1.", "A  b", "c"]
    assert all(x.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" for x in t)
    deleted = make_run("gone", deleted=True)
    assert tags(deleted) == ["w:delText"]


def test_set_rpr_keeps_schema_order_and_replaces():
    r = make_run("x")
    set_highlight(r)
    set_italic(r)
    ooxml.set_rpr(r, "w:rStyle", {"w:val": "S"})
    set_highlight(r, "green")
    rpr = r.find(qn("w:rPr"))
    assert tags(rpr) == ["w:rStyle", "w:i", "w:iCs", "w:highlight"]
    assert rpr.find(qn("w:highlight")).get(qn("w:val")) == "green"
    set_italic(r, False)
    assert rpr.find(qn("w:i")).get(qn("w:val")) == "0"


def test_iso_date():
    assert iso_date(DATE) == "2014-10-01T12:00:00Z"
    assert iso_date(datetime(2014, 10, 1, 14, 0, 5, 999, tzinfo=timezone(timedelta(hours=2)))) \
        == "2014-10-01T12:00:05Z"
    assert iso_date(datetime(2014, 10, 1)) == "2014-10-01T00:00:00Z"
    assert iso_date(None).endswith("Z")


# -- tracked changes ---------------------------------------------------------------------------


def test_tracker_wraps_runs_with_unique_ids():
    doc = docx.Document(str(REFERENCE))
    tr = Tracker(doc, author="Editor", date=DATE)
    d = tr.delete([make_run("old")])
    i = tr.ins([make_run("new")])
    assert d.tag == qn("w:del") and i.tag == qn("w:ins")
    assert d.get(qn("w:author")) == i.get(qn("w:author")) == "Editor"
    assert d.get(qn("w:date")) == "2014-10-01T12:00:00Z"
    assert d.get(qn("w:id")) != i.get(qn("w:id"))
    assert d.find(qn("w:r")).find(qn("w:delText")).text == "old"
    assert d.find(qn("w:r")).find(qn("w:t")) is None
    assert i.find(qn("w:r")).find(qn("w:t")).text == "new"


def test_tracker_ids_continue_after_those_in_every_part():
    doc = docx.Document(str(REFERENCE))
    p = doc.add_paragraph()._p
    p.append(el("w:ins", {"w:id": "41", "w:author": "a", "w:date": "2014-01-01T00:00:00Z"}))
    fid = add_footnote(doc)
    footnote_paragraph(doc, fid).append(
        el("w:del", {"w:id": "97", "w:author": "a", "w:date": "2014-01-01T00:00:00Z"}))
    assert Tracker(doc).next_id() == "98"


def test_paragraph_mark_revision():
    doc = docx.Document(str(REFERENCE))
    p = doc.add_paragraph("x", style="UN Operative")._p
    Tracker(doc, date=DATE).mark_paragraph(p, "del")
    rpr = p.pPr.find(qn("w:rPr"))
    assert tags(p.pPr) == ["w:pStyle", "w:rPr"]
    assert tags(rpr) == ["w:del"]


# -- comments --------------------------------------------------------------------------------


def test_comment_spans_a_deletion_and_an_insertion():
    doc = docx.Document(str(REFERENCE))
    p = doc.add_paragraph()._p
    tr = Tracker(doc, author="drafter", date=DATE)
    p.append(make_run("at its "))
    d = tr.delete([make_run("sixty-ninth")])
    i = tr.ins([make_run("seventieth")])
    p.append(d)
    p.append(i)
    p.append(make_run(" session"))
    cid = add_comment(doc, d, i, "rule period\nevidence", author="drafter", initials="D",
                      date=DATE)
    assert tags(p) == ["w:r", "w:commentRangeStart", "w:del", "w:ins", "w:commentRangeEnd",
                       "w:r", "w:r"]
    assert p[5].find(qn("w:commentReference")).get(qn("w:id")) == str(cid)
    doc2 = reload(doc)
    [c] = list_comments(doc2)
    assert (c.author, c.initials, c.date) == ("drafter", "D", "2014-10-01T12:00:00Z")
    assert c.text == "rule period\nevidence"
    assert (c.anchor, c.anchor_deleted) == ("seventieth", "sixty-ninth")
    # python-docx reads the comment too
    assert [x.text for x in doc2.comments] == ["rule period\nevidence"]


def test_remove_comments():
    doc = docx.Document(str(REFERENCE))
    p = doc.add_paragraph()._p
    r = make_run("text")
    p.append(r)
    add_comment(doc, r, r, "note", date=DATE)
    remove_comments(doc)
    assert tags(p) == ["w:r"]
    assert list_comments(doc) == []


# -- footnotes -------------------------------------------------------------------------------


def test_footnotes_part_is_created_once_with_separators():
    doc = docx.Document(str(REFERENCE))
    assert footnotes_part(doc, create=False) is None
    part = footnotes_part(doc)
    assert footnotes_part(doc) is part
    assert part.partname == "/word/footnotes.xml"
    assert part.content_type == CT_FOOTNOTES
    rels = [r for r in doc.part.rels.values() if r.reltype == RT.FOOTNOTES]
    assert len(rels) == 1 and rels[0].target_part is part
    root = part.element
    assert root.nsmap["r"] == "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    assert [(f.get(qn("w:id")), f.get(qn("w:type"))) for f in root] == [
        ("-1", "separator"), ("0", "continuationSeparator")]
    assert root[0].find(".//" + qn("w:separator")) is not None
    assert root[1].find(".//" + qn("w:continuationSeparator")) is not None
    pr = doc.settings.element.find(qn("w:footnotePr"))
    assert [f.get(qn("w:id")) for f in pr] == ["-1", "0"]
    names = tags(doc.settings.element)
    assert names.index("w:footnotePr") < names.index("w:compat")


def test_add_footnote_and_reference_round_trip():
    doc = docx.Document(str(REFERENCE))
    p = doc.add_paragraph("Cuba:", style="UN Sponsors")._p
    star = add_footnote(doc, [make_run("On behalf of the Group")], custom_mark="*")
    p.append(footnote_reference_run(star, custom_mark="*"))
    p.append(make_run(" draft resolution"))
    q = doc.add_paragraph("Programme of Action", style="UN Preambular")._p
    one = add_footnote(doc, [make_run("A/CONF.157/24 (Part I), chap. III.")])
    q.append(footnote_reference_run(one))
    assert one == star + 1
    ref = p.find(qn("w:r") + "/" + qn("w:footnoteReference"))
    assert ref.get(qn("w:customMarkFollows")) == "1"
    note = footnote_paragraph(doc, one)
    assert tags(note) == ["w:pPr", "w:r", "w:r", "w:r"]
    assert note[1].find(qn("w:footnoteRef")) is not None
    assert note[0].find(qn("w:pStyle")).get(qn("w:val")) == "UNFootnoteText"

    doc2 = reload(doc)
    part = footnotes_part(doc2, create=False)
    assert isinstance(part, NotesPart)  # registered with python-docx's PartFactory
    assert [(n.mark, n.text) for n in notes(doc2)] == [
        ("*", "On behalf of the Group"), ("1", "A/CONF.157/24 (Part I), chap. III.")]
    assert body_paragraph_texts(doc2) == ["Cuba:* draft resolution", "Programme of Action[^1]"]


def test_xml_part_swaps_a_binary_part_for_an_xml_part():
    doc = docx.Document(str(REFERENCE))
    plain = [r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE][0]
    assert not isinstance(plain, XmlPart)
    part = xml_part(doc.part, RT.FONT_TABLE)
    assert isinstance(part, XmlPart) and xml_part(doc.part, RT.FONT_TABLE) is part
    part.element.append(el("w:font", {"w:name": "Drafter Test Font"}))
    doc2 = reload(doc)
    again = xml_part(doc2.part, RT.FONT_TABLE)
    assert "Drafter Test Font" in [f.get(qn("w:name")) for f in again.element]


# -- saving ----------------------------------------------------------------------------------


def test_save_is_deterministic_and_atomic(tmp_path):
    doc = docx.Document(str(REFERENCE))
    doc.add_paragraph("text")
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    save_docx(doc, a)
    save_docx(doc, b)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    save_docx(doc, a)  # replaces
    assert sorted(os.listdir(tmp_path)) == ["a.docx", "b.docx"]


# -- reference document ----------------------------------------------------------------------


def test_reference_docx_is_up_to_date(tmp_path):
    out = tmp_path / "reference.docx"
    subprocess.run([sys.executable, str(ROOT / "templates" / "build_reference.py"), str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == REFERENCE.read_bytes(), (
        "templates/reference.docx is stale: run python templates/build_reference.py")


def test_reference_docx_page_fonts_and_properties():
    doc = docx.Document(str(REFERENCE))
    s = doc.sections[0]
    # US letter, as the United Nations' New York documents; a 16.5 cm (6.5 in) text block
    assert (s.page_width.inches, s.page_height.inches) == (8.5, 11)
    assert abs(s.left_margin - s.right_margin) < Mm(0.1)
    assert round(Emu(s.page_width - s.left_margin - s.right_margin).cm, 1) == 16.5
    rfonts = xpath(doc.styles.element, "./w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")[0]
    assert rfonts.get(qn("w:ascii")) == "Times New Roman"
    sz = xpath(doc.styles.element, "./w:docDefaults/w:rPrDefault/w:rPr/w:sz")[0]
    assert sz.get(qn("w:val")) == "20"  # 10 pt
    fonts = xml_part(doc.part, RT.FONT_TABLE).element
    tnr = [f for f in fonts if f.get(qn("w:name")) == "Times New Roman"][0]
    assert tnr.find(qn("w:altName")).get(qn("w:val")) == "Liberation Serif"
    cp = doc.core_properties
    assert cp.created == cp.modified == datetime(2024, 1, 1, tzinfo=UTC)
    assert cp.last_printed is None
    assert len(doc.paragraphs) == 0
    with zipfile.ZipFile(REFERENCE) as z:
        app = z.read("docProps/app.xml").decode()
        settings = z.read("word/settings.xml").decode()
    assert "<Application>drafter</Application>" in app and "Word" not in app
    compat = etree.fromstring(settings.encode()).find(f"{W}compat")
    [mode] = [c for c in compat if c.get(f"{W}name") == "compatibilityMode"]
    assert mode.get(f"{W}val") == "15"


def test_reference_docx_running_heads_and_feet():
    doc = docx.Document(str(REFERENCE))
    s = doc.sections[0]
    assert s.different_first_page_header_footer and doc.settings.odd_and_even_pages_header_footer

    def story(hf):
        root = hf.part.element
        [p] = root.findall(qn("w:p"))
        style = p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val"))
        instr = "".join(t.text for t in p.iter(qn("w:instrText"))).split()
        return style, instr, "".join(t.text for t in p.iter(qn("w:t")))

    symbol = ["STYLEREF", '"UN', 'Symbol"']  # the masthead's symbol
    assert story(s.even_page_header)[:2] == ("UNHeaderEven", symbol)
    assert story(s.header)[:2] == ("UNHeaderOdd", symbol)
    assert story(s.even_page_footer)[:2] == ("UNFooterEven", ["PAGE", "NUMPAGES"])
    assert story(s.footer)[:2] == ("UNFooterOdd", ["PAGE", "NUMPAGES"])
    assert story(s.first_page_footer) == ("UNJobNumber", [], "[job number] (E)")
    assert story(s.first_page_header)[1:] == ([], "")  # the masthead heads page 1
    # symbol and page number at the outer edge: left on even pages, right on odd ones
    assert doc.styles["UN Header Even"].paragraph_format.alignment == 0  # LEFT
    assert doc.styles["UN Header Odd"].paragraph_format.alignment == 2  # RIGHT
    assert doc.styles["UN Footer Even"].paragraph_format.alignment == 0
    assert doc.styles["UN Footer Odd"].paragraph_format.alignment == 2


def test_reference_docx_styles():
    doc = docx.Document(str(REFERENCE))
    names = {s.name for s in doc.styles}
    for name in ("UN Masthead", "UN Symbol", "UN Title", "UN Sponsors", "UN Body Start",
                 "UN Preambular", "UN Operative", "UN Subparagraph", "UN Footnote Text",
                 "UN Footnote Reference"):
        assert name in names, name
    assert doc.styles["UN Footnote Reference"].font.superscript is True
    assert doc.styles["UN Preambular"].paragraph_format.first_line_indent > 0


def _twips(e, name):
    v = e.get(qn(f"w:{name}"))
    return int(v) if v is not None else 0


@pytest.mark.parametrize("style, level, fmt, text", [
    ("UN Operative", 0, "decimal", "%1."),
    ("UN Subparagraph", 1, "lowerLetter", "(%2)"),
    ("UN Subparagraph 2", 2, "lowerRoman", "(%3)"),
])
def test_reference_docx_numbering_is_linked_to_the_styles_in_the_un_layout(
        style, level, fmt, text):
    """Read from styles.xml and numbering.xml: the number stands at the first-line indent
    (where a preambular paragraph's first line starts), a tab leads to the text, and wrapped
    lines return to the body's indent, like the preambular paragraphs'."""
    with zipfile.ZipFile(REFERENCE) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        numbering = etree.fromstring(z.read("word/numbering.xml"))
    by_name = {s.find(qn("w:name")).get(qn("w:val")): s for s in styles.iter(qn("w:style"))}
    st = by_name[style]
    numpr = st.find(qn("w:pPr")).find(qn("w:numPr"))
    assert numpr.find(qn("w:ilvl")).get(qn("w:val")) == str(level)
    num_id = numpr.find(qn("w:numId")).get(qn("w:val"))
    [num] = xpath(numbering, f"./w:num[@w:numId='{num_id}']")
    aid = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    [lvl] = xpath(numbering, f"./w:abstractNum[@w:abstractNumId='{aid}']/w:lvl[@w:ilvl='{level}']")
    assert lvl.find(qn("w:numFmt")).get(qn("w:val")) == fmt
    assert lvl.find(qn("w:lvlText")).get(qn("w:val")) == text
    assert lvl.find(qn("w:pStyle")).get(qn("w:val")) == st.get(qn("w:styleId"))
    assert lvl.find(qn("w:suff")).get(qn("w:val")) == "tab"

    pre = by_name["UN Preambular"].find(qn("w:pPr")).find(qn("w:ind"))
    body_left, pre_first = _twips(pre, "left"), _twips(pre, "firstLine")
    assert body_left > 0 and pre_first > 0 and _twips(pre, "hanging") == 0
    for ind in (lvl.find(qn("w:pPr")).find(qn("w:ind")), st.find(qn("w:pPr")).find(qn("w:ind"))):
        assert _twips(ind, "hanging") == 0  # not a hanging list
        assert _twips(ind, "left") == body_left  # wrapped lines at the body's indent
        # the number at the first-line indent (deeper levels one tab step further)
        assert _twips(ind, "firstLine") >= pre_first
        if level == 0:
            assert _twips(ind, "firstLine") == pre_first
    number_at = body_left + _twips(lvl.find(qn("w:pPr")).find(qn("w:ind")), "firstLine")
    [tab] = lvl.find(qn("w:pPr")).find(qn("w:tabs"))
    assert number_at < int(tab.get(qn("w:pos"))) <= number_at + 720  # the text after a tab


def test_reference_docx_numbering_renumbers():
    doc = docx.Document(str(REFERENCE))
    doc.add_paragraph("Reaffirms", style="UN Operative")
    doc.add_paragraph("To consult", style="UN Subparagraph")
    doc.add_paragraph("To report", style="UN Subparagraph")
    doc.add_paragraph("Decides", style="UN Operative")
    doc.add_paragraph("To act", style="UN Subparagraph")
    assert body_paragraph_texts(doc) == ["1.\tReaffirms", "(a)\tTo consult", "(b)\tTo report",
                                         "2.\tDecides", "(a)\tTo act"]


# -- revisions on any Word file ----------------------------------------------------------------


def _doc_with(*paragraph_xml: str):
    """A document whose body holds the given paragraphs (WordprocessingML fragments)."""
    doc = docx.Document(str(REFERENCE))
    body = doc.element.body
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    for frag in paragraph_xml:
        e = etree.fromstring(f"<w:root {ns}>{frag}</w:root>")
        for child in e:
            body.insert(len(body) - 1, child)
    return reload(doc)


A = 'w:author="Ed" w:date="2015-01-01T00:00:00Z"'


def test_moves_are_accepted_and_rejected():
    doc = _doc_with(
        f'<w:p><w:moveFrom w:id="1" {A}><w:r><w:t>moved </w:t></w:r></w:moveFrom>'
        '<w:r><w:t>stays</w:t></w:r></w:p>',
        f'<w:p><w:r><w:t>here </w:t></w:r><w:moveTo w:id="2" {A}><w:r><w:t>moved</w:t></w:r>'
        '</w:moveTo></w:p>',
    )
    assert [r.kind for r in list_revisions(doc)] == ["moveFrom", "moveTo"]
    assert body_paragraph_texts(accept_all(doc)) == ["stays", "here moved"]
    doc = _doc_with(
        f'<w:p><w:moveFrom w:id="1" {A}><w:r><w:t>moved </w:t></w:r></w:moveFrom>'
        '<w:r><w:t>stays</w:t></w:r></w:p>',
        f'<w:p><w:r><w:t>here </w:t></w:r><w:moveTo w:id="2" {A}><w:r><w:t>moved</w:t></w:r>'
        '</w:moveTo></w:p>',
    )
    assert body_paragraph_texts(reject_all(doc)) == ["moved stays", "here "]


def _two_paragraphs_one_deleted_mark():
    return _doc_with(
        f'<w:p><w:pPr><w:rPr><w:del w:id="1" {A}/></w:rPr></w:pPr>'
        f'<w:r><w:t>First </w:t></w:r><w:del w:id="2" {A}><w:r><w:delText>gone</w:delText>'
        '</w:r></w:del></w:p>',
        '<w:p><w:pPr><w:pStyle w:val="UNPreambular"/></w:pPr><w:r><w:t>second</w:t></w:r></w:p>',
        '<w:p><w:r><w:t>third</w:t></w:r></w:p>',
    )


def test_deleted_paragraph_mark_joins_paragraphs_on_accept():
    doc = _two_paragraphs_one_deleted_mark()
    revs = list_revisions(doc)
    assert [(r.kind, r.scope, r.paragraph) for r in revs] == [
        ("del", "paragraph-mark", 0), ("del", "run", 0)]
    assert body_paragraph_texts(doc, view="rejected") == ["First gone", "second", "third"]
    accept_all(doc)
    assert body_paragraph_texts(doc) == ["First second", "third"]
    assert doc.paragraphs[0].style.name == "UN Preambular"  # the surviving mark's style


def test_deleted_paragraph_mark_stays_on_reject():
    doc = reject_all(_two_paragraphs_one_deleted_mark())
    assert body_paragraph_texts(doc) == ["First gone", "second", "third"]
    assert not list_revisions(doc)


def test_inserted_paragraph_mark_joins_paragraphs_on_reject():
    doc = _doc_with(
        f'<w:p><w:pPr><w:rPr><w:ins w:id="1" {A}/></w:rPr></w:pPr>'
        f'<w:r><w:t>one </w:t></w:r><w:ins w:id="2" {A}><w:r><w:t>new</w:t></w:r></w:ins></w:p>',
        '<w:p><w:r><w:t>two</w:t></w:r></w:p>',
    )
    assert body_paragraph_texts(reject_all(doc)) == ["one two"]


def test_formatting_changes():
    frag = (f'<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="1" {A}><w:rPr><w:i/></w:rPr>'
            '</w:rPrChange></w:rPr><w:t>styled</w:t></w:r></w:p>')
    doc = accept_all(_doc_with(frag))
    assert doc.paragraphs[0].runs[0].bold and not doc.paragraphs[0].runs[0].italic
    doc = _doc_with(frag)
    assert [(r.kind, r.scope) for r in list_revisions(doc)] == [("rPrChange", "formatting")]
    reject_all(doc)
    run = doc.paragraphs[0].runs[0]
    assert run.italic and not run.bold
    assert run._r.find(".//" + qn("w:rPrChange")) is None


def test_table_rows():
    tbl = (
        '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>'
        '<w:tr><w:tc><w:p><w:r><w:t>kept</w:t></w:r></w:p></w:tc></w:tr>'
        f'<w:tr><w:trPr><w:ins w:id="5" {A}/></w:trPr><w:tc><w:p>'
        f'<w:ins w:id="6" {A}><w:r><w:t>added row</w:t></w:r></w:ins></w:p></w:tc></w:tr>'
        '</w:tbl>'
    )
    assert body_paragraph_texts(accept_all(_doc_with(tbl))) == ["kept", "added row"]
    assert body_paragraph_texts(reject_all(_doc_with(tbl))) == ["kept"]
    assert [r.scope for r in list_revisions(_doc_with(tbl))] == ["row", "run"]


def test_hyperlinks_fields_and_symbols_are_read():
    doc = _doc_with(
        '<w:p><w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:noBreakHyphen/><w:tab/><w:t>end</w:t></w:r></w:p>'
    )
    assert body_paragraph_texts(doc) == ["link7\u2011\tend"]


def test_orphans_are_pruned_when_a_footnote_reference_is_deleted():
    doc = docx.Document(str(REFERENCE))
    p = doc.add_paragraph("Text")._p
    fid = add_footnote(doc, [make_run("A note.")])
    tr = Tracker(doc, date=DATE)
    d = tr.delete([footnote_reference_run(fid)])
    p.append(d)
    add_comment(doc, d, d, "why", date=DATE)
    assert [n.text for n in notes(doc, view="rejected")] == ["A note."]
    accept_all(doc)
    assert notes(doc) == []
    assert [f.get(qn("w:id")) for f in footnotes_part(doc).element] == ["-1", "0"]
    assert len(list_comments(doc)) == 1  # the comment's anchor stays (it was outside the w:del)


def test_document_text_of_a_file_path(tmp_path):
    doc = _doc_with('<w:p><w:r><w:t>Only</w:t></w:r></w:p>')
    path = tmp_path / "x.docx"
    save_docx(doc, path)
    assert document_text(path) == "Only"
    with pytest.raises(ValueError):
        body_paragraph_texts(path, view="final")


# -- the Word layer: opening, properties, fields, saving -----------------------------------------


def test_footnotes_of_a_document_opened_without_open_docx_become_xml(tmp_path, monkeypatch):
    doc = docx.Document(str(REFERENCE))
    fid = add_footnote(doc, [make_run("A note.")])
    p = doc.add_paragraph("Text")._p
    p.append(footnote_reference_run(fid))
    path = tmp_path / "notes.docx"
    save_docx(doc, path)
    from docx.opc.part import PartFactory

    monkeypatch.delitem(PartFactory.part_type_for, CT_FOOTNOTES)  # as python-docx alone
    plain = docx.Document(str(path))
    part = footnotes_part(plain, create=False)
    assert isinstance(part, NotesPart)  # the bytes part was replaced by its XML twin
    footnote_paragraph(plain, fid).append(make_run(" Edited."))
    monkeypatch.undo()
    again = reload(plain)
    assert [n.text for n in notes(again)] == ["A note. Edited."]
    assert len([r for r in again.part.rels.values() if r.reltype == RT.FOOTNOTES]) == 1


def test_open_docx_registers_the_notes_part_once():
    from docx.opc.part import PartFactory

    from drafter.render.ooxml import open_docx

    doc = open_docx(REFERENCE)
    assert PartFactory.part_type_for[CT_FOOTNOTES] is NotesPart
    assert open_docx(REFERENCE.read_bytes()).paragraphs == [] and doc.paragraphs == []


def test_set_document_properties_leaves_no_template_leftovers():
    from drafter.render.ooxml import set_document_properties

    doc = docx.Document()  # python-docx's template: "Microsoft Macintosh Word", printed 2013
    doc.core_properties.last_printed = datetime(2013, 1, 1)
    set_document_properties(doc, title="T", subject="A/C.3/69/L.1", author="Ed",
                            date=datetime(2014, 10, 1))
    data = ooxml.document_bytes(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        app = z.read("docProps/app.xml").decode()
        core = z.read("docProps/core.xml").decode()
    assert "Macintosh" not in app and "Normal.dotm" not in app and "drafter" in app
    assert "lastPrinted" not in core
    cp = docx.Document(io.BytesIO(data)).core_properties
    assert (cp.title, cp.subject, cp.author, cp.last_modified_by) == ("T", "A/C.3/69/L.1",
                                                                      "Ed", "Ed")
    assert cp.created == cp.modified == datetime(2014, 10, 1, tzinfo=UTC)


def test_field_results_are_written():
    from drafter.render.wordxml import field_runs, set_field_results

    p = el("w:p")
    for r in [*field_runs("SUBJECT", "old", bold=True), make_run("/"),
              *field_runs("PAGE", "7")]:
        p.append(r)
    assert set_field_results(p, "SUBJECT", "A/C.3/69/L.__", highlight="yellow") == 1
    q = el("w:p")  # switches are ignored
    for r in field_runs('STYLEREF  "UN Symbol" \\* MERGEFORMAT', "x"):
        q.append(r)
    assert set_field_results(q, 'STYLEREF "UN Symbol"', "A/1") == 1
    texts = [t.text for t in p.iter(qn("w:t"))]
    assert texts == ["A/C.3/69/L.__", "/", "7"]
    result = next(r for r in p.iter(qn("w:r")) if r.find(qn("w:t")) is not None)
    assert tags(result.find(qn("w:rPr"))) == ["w:b", "w:bCs", "w:highlight"]
    assert set_field_results(p, "NUMPAGES", "3") == 0


def test_saved_zip_is_normalised():
    from drafter.render.ooxml import normalise_docx

    doc = docx.Document(str(REFERENCE))
    raw = io.BytesIO()
    doc.save(raw)  # python-docx stamps the time of saving
    data = normalise_docx(raw.getvalue())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert normalise_docx(data) == data
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as a, zipfile.ZipFile(io.BytesIO(data)) as b:
        assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}


# -- one Word layer (issue 12.2) -------------------------------------------------------------

SOURCES = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
           for p in (ROOT / "drafter").rglob("*.py")}


@pytest.mark.parametrize("needle, homes", [
    ("PackageWriter", set()),  # python-docx's private writer is never driven by hand
    ("PartFactory", {"drafter/render/ooxml.py"}),  # part types registered in one place
    ('sub(comments, "w:comment"', {"drafter/render/wordxml.py"}),  # one comment creator
    ('"lvlText"', {"drafter/readers/numbering.py"}),  # one numbering resolver
    ("ZipFile(", {"drafter/render/ooxml.py", "drafter/readers/safety.py"}),
])
def test_one_home_for_each_word_mechanism(needle, homes):
    found = {name for name, text in SOURCES.items() if needle in text}
    assert found <= homes, f"{needle!r} outside {sorted(homes)}: {sorted(found - homes)}"
