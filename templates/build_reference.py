"""Build ``templates/reference.docx``, the Word reference document drafter renders into.

Run from anywhere:  ``python templates/build_reference.py [OUTPUT]``

The document is empty; what matters is its frame and its styles:

* A4 page, UN-like margins (text block 16.5 cm wide, as in UN documents), Times New Roman
  12 pt, British English. ``word/fontTable.xml`` names Liberation Serif (metric-compatible)
  as the alternative to Times New Roman for machines without it (LibreOffice on Linux).
* Named styles an editor recognises in Word's style pane:

  =========================  =========  ==================================================
  name                       type       use
  =========================  =========  ==================================================
  UN Masthead                paragraph  "United Nations" line (right tab for the symbol)
  UN Symbol                  character  the document symbol on that line
  UN Organ                   paragraph  "General Assembly"
  UN Distribution            paragraph  "Distr.: Limited", date, "Original: English"
  UN Session                 paragraph  session and committee lines (bold)
  UN Agenda                  paragraph  agenda item and its title
  UN Sponsors                paragraph  "Cuba:* draft resolution"
  UN Title                   paragraph  title of the draft (bold)
  UN Body Start              paragraph  "The General Assembly,"
  UN Preambular              paragraph  preambular paragraphs
  UN Operative               paragraph  operative paragraphs, numbered 1., 2., ... by the
                                        "UN Operative Paragraphs" numbering (level 1)
  UN Subparagraph            paragraph  (a), (b) ... (level 2 of the same numbering)
  UN Subparagraph 2          paragraph  (i), (ii) ... (level 3)
  UN Footnote Text           paragraph  footnotes (based on Word's "footnote text")
  UN Footnote Reference      character  footnote marks, superscript
  =========================  =========  ==================================================

  Because the numbering is attached to the styles (``w:numPr`` in the style, ``w:pStyle`` in
  the numbering level), Word renumbers the operative paragraphs and restarts (a), (b) under
  each of them when an editor inserts or deletes a paragraph.
* Deterministic: fixed core-property dates, fixed zip timestamps, no thumbnail; rebuilding
  gives the same bytes, so the file can be reviewed in version control.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run as a script from a source checkout
    sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt, Twips  # noqa: E402

from drafter.render.ooxml import el, save_docx, xml_part  # noqa: E402

OUTPUT = HERE / "reference.docx"

FONT = "Times New Roman"
FALLBACK_FONT = "Liberation Serif"
FIXED_DATE = datetime(2024, 1, 1, 0, 0, 0)

# geometry, in twentieths of a point (twips); 567 twips = 1 cm
PAGE_W, PAGE_H = 11906, 16838  # A4
MARGIN_LR = 1267  # 2.24 cm: a 16.5 cm text block, as UN documents have
MARGIN_TOP, MARGIN_BOTTOM = 1440, 1440
TEXT_W = PAGE_W - 2 * MARGIN_LR
INDENT = 1267  # body text is indented 2.24 cm from the margin, like UN resolutions
STEP = 648  # first-line indent / hanging indent of numbers (1.14 cm)

NUM_ID = 1  # w:num used by the UN Operative / UN Subparagraph styles
ABSTRACT_NUM_ID = 1

# (level, number format, level text, style id) of the operative-paragraph numbering
LEVELS = (
    (0, "decimal", "%1.", "UNOperative"),
    (1, "lowerLetter", "(%2)", "UNSubparagraph"),
    (2, "lowerRoman", "(%3)", "UNSubparagraph2"),
)


def _level_indent(level: int) -> tuple[int, int]:
    """(left, hanging) of numbering level `level`: the number sits at INDENT + level*STEP."""
    left = INDENT + (level + 1) * STEP
    return left, STEP


def _numbering(doc) -> None:
    """Replace the template's numbering definitions with the operative-paragraph list."""
    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    absn = el("w:abstractNum", {"w:abstractNumId": str(ABSTRACT_NUM_ID)})
    absn.append(el("w:nsid", {"w:val": "5A1D0C31"}))
    absn.append(el("w:multiLevelType", {"w:val": "multilevel"}))
    absn.append(el("w:tmpl", {"w:val": "0409001F"}))
    absn.append(el("w:name", {"w:val": "UN Operative Paragraphs"}))
    for level, fmt, text, style_id in LEVELS:
        left, hanging = _level_indent(level)
        lvl = el("w:lvl", {"w:ilvl": str(level)})
        lvl.append(el("w:start", {"w:val": "1"}))
        lvl.append(el("w:numFmt", {"w:val": fmt}))
        lvl.append(el("w:pStyle", {"w:val": style_id}))
        lvl.append(el("w:suff", {"w:val": "tab"}))
        lvl.append(el("w:lvlText", {"w:val": text}))
        lvl.append(el("w:lvlJc", {"w:val": "left"}))
        ppr = el("w:pPr")
        tabs = el("w:tabs")
        tabs.append(el("w:tab", {"w:val": "num", "w:pos": str(left)}))
        ppr.append(tabs)
        ppr.append(el("w:ind", {"w:left": str(left), "w:hanging": str(hanging)}))
        lvl.append(ppr)
        rpr = el("w:rPr")  # the number is never italic, whatever the opening words are
        rpr.append(el("w:i", {"w:val": "0"}))
        rpr.append(el("w:iCs", {"w:val": "0"}))
        lvl.append(rpr)
        absn.append(lvl)
    numbering.append(absn)
    num = el("w:num", {"w:numId": str(NUM_ID)})
    num.append(el("w:abstractNumId", {"w:val": str(ABSTRACT_NUM_ID)}))
    numbering.append(num)


def _doc_defaults(doc) -> None:
    styles = doc.styles.element
    rpr = styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr")[0]
    for child in list(rpr):
        rpr.remove(child)
    rpr.append(el("w:rFonts", {"w:ascii": FONT, "w:eastAsia": FONT, "w:hAnsi": FONT, "w:cs": FONT}))
    rpr.append(el("w:sz", {"w:val": "24"}))
    rpr.append(el("w:szCs", {"w:val": "24"}))
    rpr.append(el("w:lang", {"w:val": "en-GB", "w:eastAsia": "en-US", "w:bidi": "ar-SA"}))
    ppr = styles.xpath("./w:docDefaults/w:pPrDefault/w:pPr")[0]
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(el("w:spacing", {"w:after": "0", "w:line": "240", "w:lineRule": "auto"}))


def _font_table(doc) -> None:
    """Name Liberation Serif as the alternative font of Times New Roman."""
    part = xml_part(doc.part, RT.FONT_TABLE)
    if part is None:
        return
    fonts = part.element
    for font in fonts.findall(qn("w:font")):
        if font.get(qn("w:name")) == FONT:
            alt = font.find(qn("w:altName"))
            if alt is None:
                alt = OxmlElement("w:altName")
                font.insert(0, alt)
            alt.set(qn("w:val"), FALLBACK_FONT)
            family = font.find(qn("w:family"))
            if family is not None:
                family.set(qn("w:val"), "roman")


def _style(doc, name, kind=WD_STYLE_TYPE.PARAGRAPH, *, style_id=None, base="Normal",
           next_style=None, builtin=False):
    styles = doc.styles
    style = styles.add_style(name, kind, builtin=builtin)
    if style_id:
        style.style_id = style_id
    if base and kind == WD_STYLE_TYPE.PARAGRAPH:
        style.base_style = styles[base]
    elif base:
        style.base_style = styles[base]
    if next_style:
        style.next_paragraph_style = styles[next_style]
    style.quick_style = True
    style.hidden = False
    style.unhide_when_used = False
    return style


def _para(style, *, left=None, right=None, first=None, hanging=None, before=None, after=None,
          align=None, bold=None, italic=None, size=None, keep_next=None):
    pf = style.paragraph_format
    if left is not None:
        pf.left_indent = Twips(left)
    if right is not None:
        pf.right_indent = Twips(right)
    if first is not None:
        pf.first_line_indent = Twips(first)
    if hanging is not None:
        pf.first_line_indent = Twips(-hanging)
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if align is not None:
        pf.alignment = align
    if keep_next is not None:
        pf.keep_with_next = keep_next
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if size is not None:
        style.font.size = Pt(size)
    return style


def _tab(style, pos: int, kind: str = "right") -> None:
    ppr = style.element.get_or_add_pPr()
    tabs = ppr.find(qn("w:tabs"))
    if tabs is None:
        tabs = OxmlElement("w:tabs")
        ppr.insert_element_before(tabs, *_PPR_AFTER_TABS)
    tabs.append(el("w:tab", {"w:val": kind, "w:pos": str(pos)}))


_PPR_AFTER_TABS = (
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def _numbered(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    numpr = ppr.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = NUM_ID
    left, hanging = _level_indent(level)
    _para(style, left=left, hanging=hanging)


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)

    J = WD_ALIGN_PARAGRAPH
    masthead = _para(_style(doc, "UN Masthead", style_id="UNMasthead"), after=0)
    _tab(masthead, TEXT_W)
    _style(doc, "UN Symbol", WD_STYLE_TYPE.CHARACTER, style_id="UNSymbol",
           base="Default Paragraph Font").font.size = Pt(16)
    _para(_style(doc, "UN Organ", style_id="UNOrgan"), bold=True, size=17, before=6, after=6)
    _para(_style(doc, "UN Distribution", style_id="UNDistribution"), left=6804)  # 12 cm
    _para(_style(doc, "UN Session", style_id="UNSession"), bold=True, before=0)
    _para(_style(doc, "UN Agenda", style_id="UNAgenda"), right=3402)  # 6 cm
    _para(_style(doc, "UN Sponsors", style_id="UNSponsors"), before=18, after=12, keep_next=True)
    _para(_style(doc, "UN Title", style_id="UNTitle"), left=INDENT, right=INDENT, bold=True,
          after=12, keep_next=True)
    _para(_style(doc, "UN Body Start", style_id="UNBodyStart"), left=INDENT, first=STEP,
          after=6, keep_next=True)
    _para(_style(doc, "UN Preambular", style_id="UNPreambular"), left=INDENT, right=0,
          first=STEP, after=6, align=J.JUSTIFY)
    op = _para(_style(doc, "UN Operative", style_id="UNOperative"), after=6, align=J.JUSTIFY)
    _numbered(op, 0)
    sub = _para(_style(doc, "UN Subparagraph", style_id="UNSubparagraph"), after=6,
                align=J.JUSTIFY)
    _numbered(sub, 1)
    sub2 = _para(_style(doc, "UN Subparagraph 2", style_id="UNSubparagraph2"), after=6,
                 align=J.JUSTIFY)
    _numbered(sub2, 2)

    # Word's own footnote and comment styles (used when an editor adds a footnote or comment),
    # and the UN ones drafter uses, based on them.
    fn_text = _para(_style(doc, "footnote text", style_id="FootnoteText", builtin=True), size=10)
    fn_text.hidden = False
    fn_ref = _style(doc, "footnote reference", WD_STYLE_TYPE.CHARACTER,
                    style_id="FootnoteReference", base="Default Paragraph Font", builtin=True)
    fn_ref.font.superscript = True
    un_fn = _para(_style(doc, "UN Footnote Text", style_id="UNFootnoteText", base="footnote text"),
                  left=INDENT, hanging=288, size=10, after=0)
    _tab(un_fn, INDENT, "left")
    _style(doc, "UN Footnote Reference", WD_STYLE_TYPE.CHARACTER, style_id="UNFootnoteReference",
           base="footnote reference").font.superscript = True
    _para(_style(doc, "annotation text", style_id="CommentText", builtin=True), size=10)
    _style(doc, "annotation reference", WD_STYLE_TYPE.CHARACTER, style_id="CommentReference",
           base="Default Paragraph Font", builtin=True).font.size = Pt(8)


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width = Twips(PAGE_W)
    section.page_height = Twips(PAGE_H)
    section.left_margin = section.right_margin = Twips(MARGIN_LR)
    section.top_margin = Twips(MARGIN_TOP)
    section.bottom_margin = Twips(MARGIN_BOTTOM)
    section.header_distance = section.footer_distance = Mm(12.7)


def _clean_package(doc) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    pkg_rels = doc.part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[rid]
    cp = doc.core_properties
    cp.title = "UN draft resolution (drafter reference document)"
    cp.subject = "General Assembly draft resolution"
    cp.author = "drafter"
    cp.last_modified_by = "drafter"
    cp.comments = "Built by templates/build_reference.py; rebuild rather than edit."
    cp.keywords = "drafter; reference.docx"
    cp.category = ""
    cp.revision = 1
    cp.created = FIXED_DATE
    cp.modified = FIXED_DATE
    cp.last_printed = FIXED_DATE


KEEP_TABLE_STYLES = ("Normal Table", "Table Grid")
RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _prune(doc) -> None:
    """Drop what drafter never uses and every draft would carry: 98 of the template's 100
    table styles ("Light Shading Accent 1" ...; 340 kB of the 354 kB of styles.xml; Word knows
    them as built-in styles and adds one back when an editor picks it) and the Word 2010
    ``stylesWithEffects`` part (438 kB, which Word rewrites when it saves). drafter reads the
    reference document on every draft: this halves the time it takes to write one."""
    styles = doc.styles.element
    for style in list(styles.iterchildren(qn("w:style"))):
        name = style.find(qn("w:name"))
        if style.get(qn("w:type")) == "table" and (
                name is None or name.get(qn("w:val")) not in KEEP_TABLE_STYLES):
            styles.remove(style)
    rels = doc.part.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT_STYLES_WITH_EFFECTS:
            del rels[rid]


def build(output: Path = OUTPUT) -> Path:
    doc = Document()
    _clean_package(doc)
    _prune(doc)
    _page(doc)
    _doc_defaults(doc)
    _font_table(doc)
    _styles(doc)
    _numbering(doc)
    save_docx(doc, output)
    return output


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = build(Path(args[0]) if args else OUTPUT)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
