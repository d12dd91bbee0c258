"""The PDF layout reader on UN-like PDFs rendered by LibreOffice, and its parts one by one.

The editions A/RES/66/152 and A/RES/68/160 are written as UN documents (masthead in a
first-page header, even/odd running heads, "N/M" page numbers, a job number and barcode in the
first-page footer, justified text with automatic hyphenation, real footnotes in smaller type;
``fixtures/un_layout.py``) in a small grid of font sizes and margins that moves every page
break, then converted to PDF by one LibreOffice run for the whole session. Every PDF must parse
to the same paragraphs, footnotes, markers, opening words and masthead as the plain text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures import make_fixtures as mf
from fixtures import un_layout as ul

from drafter.model.resolution import Resolution
from drafter.parse.parser import parse_file
from drafter.readers import read
from drafter.readers.hyphenation import Dehyphenator, split_at_hyphen
from drafter.readers.pdf import _pages
from drafter.readers.pdf_layout import Layout

SEEDS = ("A/RES/66/152", "A/RES/68/160")
# font size (pt) x margin (cm): each moves the page breaks; chosen so that the grid holds page
# breaks inside paragraphs (after a line-end hyphen too: "univer-" / "sal", "fun-" / "damental")
GRID = ((10.0, 1.9), (11.0, 2.5), (11.5, 3.1), (12.5, 3.4))
# a page break forced inside a paragraph, before words that start with a capital letter (the
# old reader took such a line, after the page's footnotes, for more footnote text)
BREAKS = {"A/RES/66/152": "Member States to comply", "A/RES/68/160": "Member States to promote"}
BREAK_LAYOUT = (10.0, 2.5)


def reference(symbol: str) -> Resolution:
    return parse_file(mf.CORPUS / (symbol.replace("/", "-") + ".txt"), symbol=symbol)


def _needs_soffice() -> None:
    if mf.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui")
    if not Path("/usr/share/hyphen/hyph_en_US.dic").exists():
        pytest.skip("LibreOffice's en-US hyphenation patterns are missing: .ci/run installs hyphen-en-us")


Case = tuple[str, float, float, str]  # symbol, font size, margin, words a page breaks before


@pytest.fixture(scope="session")
def un_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[Case, Path]:
    """Every case as a PDF, all rendered by one LibreOffice run, once per session."""
    _needs_soffice()
    out = tmp_path_factory.mktemp("un-pdfs")
    docs: dict[Case, Path] = {}
    for case in CASES:
        symbol, size, margin, words = case
        path = out / f"{ul.slug(symbol)}_{size}_{margin}{'_break' if words else ''}.docx"
        docs[case] = ul.un_docx(reference(symbol), path, font_size=size, margin_cm=margin,
                                break_before=words or None)
    pdfs = ul.render_pdfs(list(docs.values()), out)
    return dict(zip(docs, pdfs, strict=True))


CASES: list[Case] = [(s, size, margin, "") for s in SEEDS for size, margin in GRID] + [
    (s, *BREAK_LAYOUT, words) for s, words in BREAKS.items()]


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[f"{s}-{z}pt-{m}cm{'-break' if w else ''}" for s, z, m, w in CASES])
def test_un_pdf_parses_like_its_text(un_pdfs: dict[Case, Path], case: Case) -> None:
    ref = reference(case[0])
    got = parse_file(un_pdfs[case])  # no --symbol: the masthead in the first-page header gives it
    assert [p.full_text() for p in got.preamble] == [p.full_text() for p in ref.preamble]
    assert [(p.number, p.full_text()) for p in got.operative] == [(p.number, p.full_text()) for p in ref.operative]
    assert [(f.number, f.text) for f in got.footnotes] == [(f.number, f.text) for f in ref.footnotes]
    assert [p.markers for p in got.paragraphs] == [p.markers for p in ref.paragraphs]
    assert [p.opening for p in got.paragraphs] == [p.opening for p in ref.paragraphs]
    assert (got.symbol, got.session, got.title, got.agenda_item, got.adopted, got.plenary_meeting,
            got.distributed, got.committee, got.report_symbol) == (
        ref.symbol, ref.session, ref.title, ref.agenda_item, ref.adopted, ref.plenary_meeting,
        ref.distributed, ref.committee, ref.report_symbol)
    assert got.format == "pdf"
    assert not [w for w in got.warnings if "footnote" in w or "marker" in w or "numbered" in w]


def _layout(path: Path) -> Layout:
    layout = Layout(_pages(path.read_bytes(), path.name), path.name)
    layout.text()
    return layout


@pytest.mark.slow
def test_cases_cover_what_broke_before(un_pdfs: dict[Case, Path]) -> None:
    """The PDFs hold what issue 13 found: paragraphs split by a page break (one before a capital
    letter, with footnotes between), and automatic line-end hyphens, some at a page break."""
    capital_breaks, breaks, hyphens, hyphen_breaks = [], 0, 0, 0
    for case, path in un_pdfs.items():
        layout = _layout(path)
        body = [ln for page in layout.lines for ln in page if ln.kind == "body"]
        edges = layout._edges(body)
        for a, b in zip(body, body[1:], strict=False):
            if a.page is not b.page and not layout._starts_paragraph(a, b, edges):
                breaks += 1
                hyphen_breaks += a.text.endswith("-")
                if b.text[:1].isupper():
                    capital_breaks.append(b.text)
                    assert any(ln.kind == "note" for ln in layout.lines[a.page.number - 1])
            hyphens += a.text.endswith("-")
        if case[3]:
            assert any(t.startswith(case[3]) for t in capital_breaks), f"no page break before {case[3]!r}"
    assert breaks >= 6 and len(capital_breaks) >= 2 and hyphens >= 30 and hyphen_breaks >= 2


@pytest.mark.slow
def test_furniture_set_apart(un_pdfs: dict[Case, Path]) -> None:
    path = un_pdfs[("A/RES/68/160", 11.5, 3.1, "")]
    src = read(path)
    res = parse_file(path)
    body = " ".join(p.full_text() for p in res.paragraphs) + " ".join(f.text for f in res.footnotes)
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(path)))
    assert pages >= 2
    for furniture in ("13-68160", "*1368160*", "Please recycle", *(f"{i}/{pages}" for i in range(2, pages + 1))):
        assert furniture in src.text  # kept in the text (nothing is lost) ...
        assert not re.search(rf"(?<![\w/]){re.escape(furniture)}(?![\w/])", body)  # ... never in a paragraph
    head = src.text[: src.text.index("The General Assembly,")]
    title = "Enhancement of international cooperation in the field of human rights"
    assert f"A/RES/68/160\n{title}" in head  # the running head of even pages
    if pages >= 3:
        assert f"{title}\nA/RES/68/160" in head  # and of odd pages
    # the masthead from the first-page header, one printed line (or column) a line
    assert "United Nations\nA/RES/68/160\nGeneral Assembly\nDistr.: General" in head


@pytest.mark.slow
def test_pdf_offsets_lead_back_to_pages(un_pdfs: dict[Case, Path]) -> None:
    import pypdfium2

    path = un_pdfs[("A/RES/66/152", 12.5, 3.4, "")]
    src = read(path)
    doc = pypdfium2.PdfDocument(str(path))
    page_texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    checked = 0
    for probe in ("Reaffirming", "Decides", "Invites", "A/CONF.157/24", "Durban Review Conference"):
        i = src.text.index(probe)
        where = src.locate(i)
        page, char = int(where.split(",")[0].split()[1]), int(where.rsplit(" ", 1)[1])
        assert page_texts[page - 1][char:char + len(probe)] == probe, (probe, where)
        checked += 1
    assert checked == 5
    for seg in src.segments:  # every stretch of the text points inside its page's text layer
        page = int(seg.where.split()[1])
        assert 0 <= seg.offset < len(page_texts[page - 1]), seg


@pytest.mark.slow
def test_hyphenation_off_reads_the_same(tmp_path: Path) -> None:
    """Without automatic hyphenation the same edition parses the same (no hyphen to undo)."""
    _needs_soffice()
    ref = reference("A/RES/66/152")
    docx = ul.un_docx(ref, tmp_path / "plain.docx", font_size=11, margin_cm=2.2, hyphenate=False)
    pdf = ul.render_pdfs([docx], tmp_path)[0]
    got = parse_file(pdf)
    assert [p.full_text() for p in got.paragraphs] == [p.full_text() for p in ref.paragraphs]
    assert got.footnotes == ref.footnotes


# --- line-end hyphens --------------------------------------------------------------------------
VOCABULARY = (
    "the provisions of the Declaration; confidence-building measures; universality, "
    "non-selectivity; in the field of human rights; building on the work"
)


@pytest.mark.parametrize(
    "prefix,suffix,join,certain",
    [
        ("provi", "sions", True, True),  # "provisions" elsewhere in the text
        ("confidence", "building", False, True),  # "confidence-building" elsewhere in the text
        ("non", "selectivity", False, True),  # printed hyphenated elsewhere; "non-" anyway
        ("non", "governmental", False, True),  # "non-" is always hyphenated
        ("ses", "sion", True, True),  # the word list knows "session"
        ("gen", "uine", True, True),
        ("Pro", "gramme", True, True),  # British spelling: not in the word list, halves not words
        ("decision", "making", False, True),  # "decisionmaking" is no word; both halves are
        ("re", "affirms", False, True),  # the patterns allow no break after "re"
        ("stake", "holders", True, False),  # a rare joined word between two words: reported
    ],
)
def test_dehyphenator(prefix: str, suffix: str, join: bool, certain: bool) -> None:
    d = Dehyphenator([VOCABULARY])
    decision = d.decide(prefix, suffix)
    assert (decision.join, decision.certain) == (join, certain), decision.reason


@pytest.mark.parametrize(
    "before,after,split",
    [
        ("the provi-", "sions of", ("provi", "sions")),
        ("E/CN.4/2001/2-", "E/CN.4/Sub.2", None),  # a symbol, not a word
        ("1993-", "2005", None),
        ("the provi\x02", "sions", ("provi", "sions")),  # pdfium's line-end hyphen mark
        ("rights,", "and", None),
    ],
)
def test_split_at_hyphen(before: str, after: str, split: tuple[str, str] | None) -> None:
    assert split_at_hyphen(before, after) == split


def test_reportlab_pdf_parses_like_its_text(tmp_path: Path) -> None:
    """A ragged-right, hard-wrapped PDF (reportlab; footnotes under a typed ``____`` rule, the
    markers small and raised, paragraphs apart by blank lines) parses like its text too."""
    for name in mf.MARKDOWN_SEEDS:
        path, _ = mf.pdf_via_reportlab(mf.seed_text(name), tmp_path / f"{name}.pdf")
        got, ref = parse_file(path), parse_file(mf.CORPUS / f"{name}.txt")
        assert [p.full_text() for p in got.paragraphs] == [p.full_text() for p in ref.paragraphs]
        assert [p.markers for p in got.paragraphs] == [p.markers for p in ref.paragraphs]
        assert [f.number for f in got.footnotes] == [f.number for f in ref.footnotes]



# --- small PDFs drawn by hand -------------------------------------------------------------------
LIBERATION = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")


def _drawn_pdf(path: Path, pages: list[list[tuple[float, float, float, str]]], font: str = "Times-Roman") -> Path:
    """A PDF whose pages hold ``(x, y, size, text)`` strings, nothing else."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for page in pages:
        for x, y, size, text in page:
            c.setFont(font, size)
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return path


def test_ligatures_are_letters(tmp_path: Path) -> None:
    if not LIBERATION.exists():
        pytest.skip("Liberation Serif is not installed: .ci/run installs fonts-liberation2")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("LiberationSerif", str(LIBERATION)))
    path = _drawn_pdf(tmp_path / "lig.pdf", [[
        (72, 760, 12, "The General Assembly,"),
        (90, 740, 12, "1. Afﬁrms the \ufb01eld of human rights and its ﬂexible ofﬁce;"),
    ]], font="LiberationSerif")
    res = parse_file(path)
    assert res.operative[0].text == "Affirms the field of human rights and its flexible office;"


def test_footnotes_without_a_rule_by_their_smaller_type(tmp_path: Path) -> None:
    """No separator rule: the block of smaller type at the foot of the page, starting with a
    footnote number, is the page's footnotes; the paragraph runs on over the page break."""
    page1 = [(72, 780, 11, "The General Assembly,"),
             (72, 760, 11, "Recalling its resolution 60/156 of 16 December 2005 on the enhancement"),
             (72, 746, 11, "of international cooperation in the field of human rights and the Vienna"),
             (72, 732, 11, "Declaration and Programme of Action,"),
             (78, 737, 7, "1"),
             (72, 718, 11, "Recalling also the Durban Declaration, adopted at the World Conference,"),
             (360, 723, 7, "2"),
             (72, 704, 11, "and the outcome of the Durban Review Conference held at Geneva in 2009 and"),
             (72, 100, 9, "1 A/CONF.157/24 (Part I), chap. III."),
             (72, 88, 9, "2 See A/CONF.189/12 and Corr.1, chap. I.")]
    page2 = [(72, 780, 11, "Member States in the field of human rights,"),
             (72, 760, 11, "1. Decides to continue its consideration of the question at its sixty-first"),
             (72, 746, 11, "session.")]
    # the markers of page 1 sit after "Action," and "Conference,": place them there
    page1[4] = (72 + 5.5 * len("Declaration and Programme of Action,") + 2, 737, 7, "1")
    path = _drawn_pdf(tmp_path / "norule.pdf", [page1, page2])
    res = parse_file(path)
    assert [f.number for f in res.footnotes] == [1, 2]
    assert res.footnotes[1].text == "See A/CONF.189/12 and Corr.1, chap. I."
    assert len(res.preamble) == 2 and len(res.operative) == 1
    assert res.preamble[1].text.endswith("held at Geneva in 2009 and Member States in the field of human rights,")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_add_then_next_from_pdf_and_word_editions(un_pdfs: dict[Case, Path], tmp_path: Path,
                                                   corpus_copy: Path, fmt: str) -> None:
    """The two latest editions added as UN-like PDFs (or their Word files) instead of their
    plain texts: `next` drafts exactly what it drafts from the plain texts."""
    from typer.testing import CliRunner

    from drafter.cli.main import app

    runner = CliRunner()
    env = {"DRAFTER_CACHE_DIR": str(tmp_path / "cache")}
    plain = tmp_path / "plain.json"
    r = runner.invoke(app, ["next", "--session", "69", "--corpus", str(corpus_copy), "--format", "json",
                            "-o", str(plain)], env=env)
    assert r.exit_code == 0, r.stderr
    series = next(p for p in corpus_copy.iterdir() if p.is_dir())
    for symbol, layout in (("A/RES/66/152", (11.0, 2.5)), ("A/RES/68/160", (10.0, 1.9))):
        (series / (symbol.replace("/", "-") + ".txt")).unlink()
        pdf = un_pdfs[(symbol, *layout, "")]
        given = tmp_path / f"edition.{fmt}"
        given.write_bytes(pdf.with_suffix(f".{fmt}").read_bytes())
        r = runner.invoke(app, ["add", str(given), "--corpus", str(corpus_copy)], env=env)  # symbol from the masthead
        assert r.exit_code == 0, r.stderr
        assert (series / (symbol.replace("/", "-") + f".{fmt}")).exists()
    drafted = tmp_path / "drafted.json"
    r = runner.invoke(app, ["next", "--session", "69", "--corpus", str(corpus_copy), "--format", "json",
                            "-o", str(drafted)], env=env)
    assert r.exit_code == 0, r.stderr
    assert drafted.read_text() == plain.read_text()


def test_footnote_continued_on_the_next_page(tmp_path: Path) -> None:
    """A long footnote runs on under the next page's rule: one footnote, and the paragraph that
    the page break split (before a capitalised word) is one paragraph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "long-note.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)

    def text(x: float, y: float, size: float, s: str) -> None:
        c.setFont("Times-Roman", size)
        c.drawString(x, y, s)

    text(72, 780, 11, "The General Assembly,")
    text(100, 760, 11, "Recalling the Vienna Declaration and Programme of Action adopted by the World")
    text(72, 746, 11, "Conference on Human Rights on 25 June 1993,")
    text(72 + c.stringWidth("Conference on Human Rights on 25 June 1993,", "Times-Roman", 11) + 0.5, 750, 7, "1")
    text(100, 726, 11, "Recalling also its resolutions on the enhancement of international cooperation in")
    c.line(72, 130, 180, 130)
    text(72, 118, 9, "1 See Report of the World Conference on Human Rights, Vienna, 14-25 June 1993, and the")
    text(80, 107, 9, "record of its meetings, which the Conference asked the Secretary-General to publish,")
    c.showPage()
    text(72, 780, 11, "Human Rights Council resolution 19/33 of 23 March 2012,")
    text(100, 760, 11, "1. Decides to continue its consideration of the question at its sixty-ninth session.")
    c.line(72, 130, 180, 130)
    text(80, 118, 9, "in the languages of the United Nations (A/CONF.157/24 (Part I), chap. III).")
    c.showPage()
    c.save()
    res = parse_file(path)
    assert [(f.number, f.text) for f in res.footnotes] == [(1, (
        "See Report of the World Conference on Human Rights, Vienna, 14-25 June 1993, and the record "
        "of its meetings, which the Conference asked the Secretary-General to publish, in the languages "
        "of the United Nations (A/CONF.157/24 (Part I), chap. III)."))]
    assert [p.text for p in res.preamble][1] == (
        "Recalling also its resolutions on the enhancement of international cooperation in "
        "Human Rights Council resolution 19/33 of 23 March 2012,")
    assert res.preamble[0].markers[0].number == 1 and res.operative[0].number == 1


@pytest.mark.slow
def test_draft_l_document_pdf_reads_like_its_word_file(tmp_path: Path) -> None:
    """drafter's own draft (an L-document: Third Committee masthead, sponsor line with a
    starred note, numbered operative paragraphs in the UN Operative style, real footnotes),
    printed to PDF by LibreOffice, parses as its .docx does."""
    _needs_soffice()
    from typer.testing import CliRunner

    from drafter.cli.main import app

    docx = tmp_path / "draft.docx"
    r = CliRunner().invoke(app, ["next", "--session", "69", "--clean", "--force", "-q", "-o", str(docx), "--corpus",
                                 str(mf.CORPUS.parent)], env={"DRAFTER_CACHE_DIR": str(tmp_path / "cache")})
    assert r.exit_code == 0, r.stderr
    pdf = ul.render_pdfs([docx], tmp_path)[0]
    word, printed = parse_file(docx), parse_file(pdf)
    assert printed.symbol == word.symbol == "A/C.3/69/L.__"
    assert (printed.title, printed.session, printed.committee) == (word.title, word.session, word.committee)
    assert [(p.number, p.full_text()) for p in printed.paragraphs] == [(p.number, p.full_text()) for p in word.paragraphs]
    assert [p.markers for p in printed.paragraphs] == [p.markers for p in word.paragraphs]
    assert printed.footnotes == word.footnotes


def test_hanging_numbered_paragraphs(tmp_path: Path) -> None:
    """Paragraphs whose number stands in the margin and whose lines hang under their text
    (Word's automatic numbering): each is one paragraph, even where the next line starts with
    a capital letter."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "hanging.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Times-Roman", 11)
    rows = [(72, 800, "The General Assembly,"),
            (100, 786, "Recalling its resolutions on the question, the most recent of which was"),
            (72, 772, "resolution 68/160 of 18 December 2013, and the resolutions of the Commission"),
            (72, 758, "on Human Rights on the enhancement of international cooperation in the field"),
            (72, 744, "of human rights, in particular those adopted at its last sessions,"),
            (72, 760 - 30, "1."), (100, 730, "Reaffirms that it is one of the purposes of the United Nations and of all"),
            (100, 716, "Member States to promote respect for human rights through, inter alia,"),
            (100, 702, "international cooperation;"),
            (72, 682, "2."), (100, 682, "Decides to continue its consideration of the question at its seventieth"),
            (100, 668, "session.")]
    for x, y, s in rows:
        c.drawString(x, y, s)
    c.showPage()
    c.save()
    assert "of all Member States to promote" in read(path).text  # one line: one paragraph
    res = parse_file(path)
    assert len(res.preamble) == 1 and res.warnings == ()
    assert [(p.number, p.text) for p in res.operative] == [
        (1, "Reaffirms that it is one of the purposes of the United Nations and of all Member States to "
            "promote respect for human rights through, inter alia, international cooperation;"),
        (2, "Decides to continue its consideration of the question at its seventieth session.")]


@pytest.mark.parametrize(
    "line,head",
    [
        ("A/RES/68/160", True),
        ("A/RES/68/160  Enhancement of international cooperation in the field of human rights", True),
        ("Enhancement of international cooperation in the field of human rights  A/RES/68/160", True),
        ("A/RES/1165 (XII)", True),
        ("the Durban Review Conference (A/CONF.211/8), and its outcome,", False),
        ("A/RES/68/160 and the report of the Secretary-General,", False),
    ],
)
def test_running_head_by_symbol_and_title(line: str, head: bool) -> None:
    from drafter.readers.pdf_layout import _symbol_and_title, _words

    titles = {_words("Enhancement of international cooperation in the field of human rights")}
    assert _symbol_and_title(line, titles) is head
