"""Build ``templates/reference.docx``, the Word reference document drafter renders into.

Run from anywhere:  ``python templates/build_reference.py [OUTPUT]``

The document is empty; what matters is its frame and its styles (like pandoc's
``--reference-doc``, ``drafter next --reference FILE.docx`` takes an organisation's own
document built the same way). It is the house style of the United Nations' New York documents:

* US letter page (8.5 x 11 in) with 1 in side margins: a 16.5 cm text block, the measure of
  UN documents, which also fits an A4 page; Times New Roman 10 pt on 12 pt lines (the type of
  issued UN documents), footnotes 8 pt on 10 pt, British English. ``word/fontTable.xml``
  names Liberation Serif (metric-compatible) as the alternative to Times New Roman for
  machines without it (LibreOffice on Linux).
* Running heads and feet as UN documents print them: nothing over the masthead of page 1, a
  job-number line as a highlighted placeholder at its foot; on later pages the document
  symbol (a ``STYLEREF "UN Symbol"`` field: Word shows the masthead's symbol; drafter writes
  it as the field's result too, which LibreOffice shows) over a rule, left on even pages and right on odd ones, and the page number
  as ``PAGE``/``NUMPAGES`` fields ("2/3") at the outer edge of the foot.
* The masthead: "United Nations" and the symbol on one line over a rule (style "UN
  Masthead"), then a two-column table (style "UN Masthead Table", whose bottom border is the
  second rule): "General Assembly" beside "Distr.: Limited", the date and "Original:
  English".
* Named styles an editor recognises in Word's style pane:

  =========================  =========  ==================================================
  name                       type       use
  =========================  =========  ==================================================
  UN Masthead                paragraph  "United Nations" line (right tab for the symbol)
  UN Symbol                  character  the document symbol on that line
  UN Masthead Table          table      "General Assembly" beside the distribution block
  UN Organ                   paragraph  "General Assembly"
  UN Distribution            paragraph  "Distr.: Limited", date, "Original: English"
  UN Session                 paragraph  session and committee lines (bold)
  UN Agenda                  paragraph  agenda item and its title
  UN Sponsors                paragraph  "Cuba:* draft resolution"
  UN Title                   paragraph  title of the draft (bold)
  UN Body Start              paragraph  "The General Assembly," (italic)
  UN Preambular              paragraph  preambular paragraphs
  UN Operative               paragraph  operative paragraphs, numbered 1., 2., ... by the
                                        "UN Operative Paragraphs" numbering (level 1)
  UN Subparagraph            paragraph  (a), (b) ... (level 2 of the same numbering)
  UN Subparagraph 2          paragraph  (i), (ii) ... (level 3)
  UN Footnote Text           paragraph  footnotes (based on Word's "footnote text")
  UN Footnote Reference      character  footnote marks, superscript
  UN Header Even / Odd       paragraph  running head, symbol left / right, rule below
  UN Footer Even / Odd       paragraph  page number left / right
  UN Job Number              paragraph  job-number line at the foot of page 1
  =========================  =========  ==================================================

  Paragraphs are laid out as in UN resolutions: the body is indented 1.27 cm; a preambular
  paragraph's first line a further 1.27 cm; an operative paragraph has its number at that
  first-line indent, a tab, then the text, and its wrapped lines return to the body's
  indent, like the preambular paragraphs. Because the numbering is attached to the styles
  (``w:numPr`` in the style, ``w:pStyle`` in the numbering level), Word renumbers the
  operative paragraphs and restarts (a), (b) under each of them when an editor inserts or
  deletes a paragraph. Style and numbering level carry the same indents, so every reader
  finds the same layout whichever it gives precedence to.
* Compatibility mode 15 (Word 2013 and later: no "Compatibility Mode" banner).
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

from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt, Twips  # noqa: E402

from drafter.render.ooxml import (  # noqa: E402
    el,
    field_runs,
    make_run,
    open_docx,
    save_docx,
    set_document_properties,
    xml_part,
)
from drafter.render.wordxml import set_compatibility_mode  # noqa: E402

OUTPUT = HERE / "reference.docx"

FONT = "Times New Roman"
FALLBACK_FONT = "Liberation Serif"
FIXED_DATE = datetime(2024, 1, 1, 0, 0, 0)
BODY_PT, LINE_PT = 10, 12  # type size and line spacing of the body
NOTE_PT, NOTE_LINE_PT = 8, 10

# geometry, in twentieths of a point (twips); 1440 twips = 1 in, 567 twips = 1 cm
PAGE_W, PAGE_H = 12240, 15840  # US letter, 8.5 x 11 in
MARGIN_LR = 1440  # 1 in: a 6.5 in (16.5 cm) text block
MARGIN_TOP, MARGIN_BOTTOM = 1440, 1440
HEADER_DISTANCE = FOOTER_DISTANCE = 720
TEXT_W = PAGE_W - 2 * MARGIN_LR
INDENT = 720  # 1.27 cm: the body's left (and right) indent
FIRST = 720  # 1.27 cm: first-line indent of a paragraph; operative numbers stand there
NUM_TAB = 360  # 0.635 cm from the number to the text of an operative paragraph
RULE_THIN, RULE_THICK = 12, 24  # border widths in eighths of a point (1.5 pt, 3 pt)

NUM_ID = 1  # w:num used by the UN Operative / UN Subparagraph styles
ABSTRACT_NUM_ID = 1

# (level, number format, level text, style id) of the operative-paragraph numbering
LEVELS = (
    (0, "decimal", "%1.", "UNOperative"),
    (1, "lowerLetter", "(%2)", "UNSubparagraph"),
    (2, "lowerRoman", "(%3)", "UNSubparagraph2"),
)


def level_layout(level: int) -> tuple[int, int, int]:
    """(left, first line, tab) of numbering level `level`, in twips from the margin.

    Wrapped lines stand at the body's indent; the number at the first-line indent (one step
    further for each deeper level); the text at the tab after it."""
    first = FIRST + level * NUM_TAB
    return INDENT, first, INDENT + first + NUM_TAB


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
        left, first, tab = level_layout(level)
        lvl = el("w:lvl", {"w:ilvl": str(level)})
        lvl.append(el("w:start", {"w:val": "1"}))
        lvl.append(el("w:numFmt", {"w:val": fmt}))
        lvl.append(el("w:pStyle", {"w:val": style_id}))
        lvl.append(el("w:suff", {"w:val": "tab"}))
        lvl.append(el("w:lvlText", {"w:val": text}))
        lvl.append(el("w:lvlJc", {"w:val": "left"}))
        lvl.append(el("w:pPr", None,
                      el("w:tabs", None, el("w:tab", {"w:val": "num", "w:pos": str(tab)})),
                      el("w:ind", {"w:left": str(left), "w:firstLine": str(first)})))
        # the number is never italic, whatever the opening words are
        lvl.append(el("w:rPr", None, el("w:i", {"w:val": "0"}), el("w:iCs", {"w:val": "0"})))
        absn.append(lvl)
    numbering.append(absn)
    numbering.append(el("w:num", {"w:numId": str(NUM_ID)},
                        el("w:abstractNumId", {"w:val": str(ABSTRACT_NUM_ID)})))


def _doc_defaults(doc) -> None:
    styles = doc.styles.element
    rpr = styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr")[0]
    for child in list(rpr):
        rpr.remove(child)
    rpr.append(el("w:rFonts", {"w:ascii": FONT, "w:eastAsia": FONT, "w:hAnsi": FONT, "w:cs": FONT}))
    rpr.append(el("w:sz", {"w:val": str(2 * BODY_PT)}))
    rpr.append(el("w:szCs", {"w:val": str(2 * BODY_PT)}))
    rpr.append(el("w:lang", {"w:val": "en-GB", "w:eastAsia": "en-US", "w:bidi": "ar-SA"}))
    ppr = styles.xpath("./w:docDefaults/w:pPrDefault/w:pPr")[0]
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(el("w:spacing", {"w:after": "0", "w:line": str(20 * LINE_PT),
                                "w:lineRule": "exact"}))


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
    if base:
        style.base_style = styles[base]
    if next_style:
        style.next_paragraph_style = styles[next_style]
    style.quick_style = True
    style.hidden = False
    style.unhide_when_used = False
    return style


def _para(style, *, left=None, right=None, first=None, hanging=None, before=None, after=None,
          align=None, bold=None, italic=None, size=None, line=None, keep_next=None):
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
    if line is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line)
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


def _rule(style, side: str, size: int, space: int = 1) -> None:
    """A rule (paragraph border) on `side` of every paragraph of `style`."""
    ppr = style.element.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    ppr.insert_element_before(pbdr, "w:shd", "w:tabs", *_PPR_AFTER_TABS)
    pbdr.append(el(f"w:{side}", {"w:val": "single", "w:sz": str(size), "w:space": str(space),
                                 "w:color": "auto"}))


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
    left, first, tab = level_layout(level)
    _tab(style, tab, "left")
    _para(style, left=left, right=INDENT, first=first)


def _table_style(doc) -> None:
    """"UN Masthead Table": no borders but the bottom one (the rule under the masthead),
    cells without side margins."""
    style = _style(doc, "UN Masthead Table", WD_STYLE_TYPE.TABLE, style_id="UNMastheadTable",
                   base="Normal Table")
    tblpr = style.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = OxmlElement("w:tblPr")
        style.element.append(tblpr)
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side == "bottom":
            borders.append(el("w:bottom", {"w:val": "single", "w:sz": str(RULE_THICK),
                                           "w:space": "0", "w:color": "auto"}))
        else:
            borders.append(el(f"w:{side}", {"w:val": "nil"}))
    tblpr.append(borders)
    margins = el("w:tblCellMar")
    for side, w in (("top", 60), ("left", 0), ("bottom", 60), ("right", 0)):
        margins.append(el(f"w:{side}", {"w:w": str(w), "w:type": "dxa"}))
    tblpr.append(margins)


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(0)

    J = WD_ALIGN_PARAGRAPH
    masthead = _para(_style(doc, "UN Masthead", style_id="UNMasthead"), after=0, line=20)
    _tab(masthead, TEXT_W)
    _rule(masthead, "bottom", RULE_THIN, 2)
    _style(doc, "UN Symbol", WD_STYLE_TYPE.CHARACTER, style_id="UNSymbol",
           base="Default Paragraph Font").font.size = Pt(16)
    _table_style(doc)
    _para(_style(doc, "UN Organ", style_id="UNOrgan"), bold=True, size=20, before=6, line=24)
    _para(_style(doc, "UN Distribution", style_id="UNDistribution"), before=0)
    session = _para(_style(doc, "UN Session", style_id="UNSession"), bold=True, before=6)
    # space under the masthead's rule, none between the session and the committee lines
    session.element.get_or_add_pPr().insert_element_before(
        OxmlElement("w:contextualSpacing"), *_PPR_AFTER_TABS[_PPR_AFTER_TABS.index("w:contextualSpacing") + 1:])
    _para(_style(doc, "UN Agenda", style_id="UNAgenda"), right=3402)  # 6 cm
    _para(_style(doc, "UN Sponsors", style_id="UNSponsors"), before=12, after=12, keep_next=True)
    _para(_style(doc, "UN Title", style_id="UNTitle"), left=INDENT, right=INDENT, bold=True,
          size=12, line=14, after=12, keep_next=True)
    _para(_style(doc, "UN Body Start", style_id="UNBodyStart"), left=INDENT, first=FIRST,
          after=6, italic=True, keep_next=True)
    _para(_style(doc, "UN Preambular", style_id="UNPreambular"), left=INDENT, right=INDENT,
          first=FIRST, after=6, align=J.JUSTIFY)
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
    fn_text = _para(_style(doc, "footnote text", style_id="FootnoteText", builtin=True),
                    size=NOTE_PT, line=NOTE_LINE_PT)
    fn_text.hidden = False
    fn_ref = _style(doc, "footnote reference", WD_STYLE_TYPE.CHARACTER,
                    style_id="FootnoteReference", base="Default Paragraph Font", builtin=True)
    fn_ref.font.superscript = True
    un_fn = _para(_style(doc, "UN Footnote Text", style_id="UNFootnoteText", base="footnote text"),
                  left=INDENT + NUM_TAB, hanging=NUM_TAB, right=INDENT, size=NOTE_PT,
                  line=NOTE_LINE_PT, after=2)
    _tab(un_fn, INDENT + NUM_TAB, "left")
    _style(doc, "UN Footnote Reference", WD_STYLE_TYPE.CHARACTER, style_id="UNFootnoteReference",
           base="footnote reference").font.superscript = True
    _para(_style(doc, "annotation text", style_id="CommentText", builtin=True), size=10)
    _style(doc, "annotation reference", WD_STYLE_TYPE.CHARACTER, style_id="CommentReference",
           base="Default Paragraph Font", builtin=True).font.size = Pt(8)

    even = _para(_style(doc, "UN Header Even", style_id="UNHeaderEven"), bold=True,
                 align=J.LEFT, line=LINE_PT)
    _rule(even, "bottom", 4, 1)
    _para(_style(doc, "UN Header Odd", style_id="UNHeaderOdd", base="UN Header Even"),
          align=J.RIGHT)
    _para(_style(doc, "UN Footer Even", style_id="UNFooterEven"), bold=True, size=8,
          align=J.LEFT)
    _para(_style(doc, "UN Footer Odd", style_id="UNFooterOdd", base="UN Footer Even"),
          align=J.RIGHT)
    _para(_style(doc, "UN Job Number", style_id="UNJobNumber"), size=8, align=J.LEFT)


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width = Twips(PAGE_W)
    section.page_height = Twips(PAGE_H)
    section.left_margin = section.right_margin = Twips(MARGIN_LR)
    section.top_margin = Twips(MARGIN_TOP)
    section.bottom_margin = Twips(MARGIN_BOTTOM)
    section.header_distance = Twips(HEADER_DISTANCE)
    section.footer_distance = Twips(FOOTER_DISTANCE)


SYMBOL_FIELD = 'STYLEREF "UN Symbol"'  # the masthead's symbol, on every later page
JOB_NUMBER_PLACEHOLDER = "[job number]"


def _story(hf, style: str, runs) -> None:
    """Make `hf` (a python-docx header or footer) its own, holding one paragraph of `runs`."""
    hf.is_linked_to_previous = False
    root = hf.part.element
    for p in list(root):
        root.remove(p)
    p = el("w:p", None, el("w:pPr", None, el("w:pStyle", {"w:val": style})))
    for r in runs:
        p.append(r)
    root.append(p)


def _headers_and_footers(doc) -> None:
    """Running heads and feet: page 1 has only the job-number line; even pages the symbol and
    the page number on the left, odd pages on the right."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    doc.settings.odd_and_even_pages_header_footer = True
    _story(section.first_page_header, "UNJobNumber", [])  # the masthead is page 1's head
    _story(section.first_page_footer, "UNJobNumber",
           [make_run(JOB_NUMBER_PLACEHOLDER, highlight="yellow"), make_run(" (E)")])
    for hf, style in ((section.even_page_header, "UNHeaderEven"),
                      (section.header, "UNHeaderOdd")):
        _story(hf, style, field_runs(SYMBOL_FIELD, "A/__/L.__"))
    page = [*field_runs("PAGE", "2"), make_run("/"), *field_runs("NUMPAGES", "2")]
    _story(section.even_page_footer, "UNFooterEven", page)
    _story(section.footer, "UNFooterOdd",
           [*field_runs("PAGE", "3"), make_run("/"), *field_runs("NUMPAGES", "3")])


def _clean_package(doc) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    pkg_rels = doc.part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[rid]
    set_document_properties(
        doc, title="UN draft resolution (drafter reference document)",
        subject="General Assembly draft resolution", author="drafter", date=FIXED_DATE,
        description="Built by templates/build_reference.py; rebuild rather than edit.",
        keywords="drafter; reference.docx")
    set_compatibility_mode(doc.settings.element, 15)


KEEP_TABLE_STYLES = ("Normal Table", "Table Grid")
RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _prune(doc) -> None:
    """Drop what drafter never uses and every draft would carry: 98 of the template's 100
    table styles ("Light Shading Accent 1" ...; 340 kB of the 354 kB of styles.xml; Word knows
    them as built-in styles and adds one back when an editor picks it) and the Word 2010
    ``stylesWithEffects`` part (438 kB, which Word rewrites when it saves)."""
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
    doc = open_docx(_default_template())
    _clean_package(doc)
    _prune(doc)
    _page(doc)
    _doc_defaults(doc)
    _font_table(doc)
    _styles(doc)
    _numbering(doc)
    _headers_and_footers(doc)
    save_docx(doc, output)
    return output


def _default_template() -> Path:
    """python-docx's own default document, the starting point."""
    import docx

    return Path(docx.__file__).parent / "templates" / "default.docx"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = build(Path(args[0]) if args else OUTPUT)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
