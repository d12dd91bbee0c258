"""The readers on the seeds and on .docx/.pdf fixtures built from them at test time."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from fixtures import make_fixtures as mf

from drafter.errors import InputError
from drafter.readers import read, sniff
from drafter.readers.docx import superscript
from drafter.readers.numbering import format_number
from drafter.readers.safety import read_bounded
from drafter.readers.source import Family
from drafter.readers.text import detect_family, normalise_newlines, text_source

SEED_FAMILIES = {
    "A-RES-60-156": Family.PDF_TEXT,
    "A-RES-61-168": Family.MARKDOWN,
    "A-RES-63-180": Family.MARKDOWN,
    "A-RES-66-152": Family.MARKDOWN,
    "A-RES-68-160": Family.ODS,
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- plain text ------------------------------------------------------------------------------------
@pytest.mark.parametrize("symbol,family", SEED_FAMILIES.items())
def test_seed_text(symbol: str, family: Family) -> None:
    path = mf.CORPUS / f"{symbol}.txt"
    src = read(path)
    raw = path.read_bytes()
    assert src.kind == "txt"
    assert src.family is family
    assert src.path == str(path)
    assert src.sha256 == hashlib.sha256(raw).hexdigest()
    assert src.text == raw.decode("utf-8")  # LF files, no no-break spaces: unchanged
    assert src.warnings == ()
    line_no = 1 + raw.decode("utf-8")[:300].count("\n")
    assert src.locate(300).startswith(f"line {line_no}, char ")


@pytest.mark.parametrize(
    "text,family",
    [
        ("", Family.UNKNOWN),
        ("hello", Family.UNKNOWN),
        ("x <<ODS JOB NO>>N1344905E<<ODS JOB NO>>", Family.ODS),
        # tab-indented paragraphs, one a line (ODS export without its metadata)
        ("\tThe General Assembly,\n" + "\tRecalling its resolution 60/156 of 16 December 2005 on the matter,\n" * 4, Family.ODS),
        # one paragraph a line, blank lines between, superscript markers
        ("The General Assembly,\n\nRecalling its resolution 60/156 of 16 December 2005,¹\n\n¹ See x.\n", Family.MARKDOWN),
        # italic openers only
        ("1. *Reaffirms* that it is one of the purposes of the United Nations to do things;\n", Family.MARKDOWN),
        # one paragraph a line, nothing else: read like the Markdown seeds
        ("The General Assembly,\n\nRecalling its resolution 60/156 of 16 December 2005 on the matter,\n", Family.MARKDOWN),
        # one paragraph a line and plain-digit footnote lines: like the ODS export
        ("Recalling its resolution 60/156 of 16 December 2005 on the matter,1\n\n1 See resolution 55/2.\n", Family.ODS),
        # hard-wrapped
        ("Reaffirming its commitment to promoting international cooperation, as set forth \n"
         "in the Charter of the United Nations, in particular Article 1, paragraph 3, as well as \n"
         "relevant provisions of the Vienna Declaration and Programme of Action adopted by \n"
         "the World Conference on Human Rights on 25 June 1993, 1 for enhancing genuine \n"
         "cooperation among Member States in the field of human rights, \n", Family.PDF_TEXT),
    ],
)
def test_detect_family(text: str, family: Family) -> None:
    assert detect_family(text) is family


def test_newlines_normalised_and_located(tmp_path: Path) -> None:
    original = "The General Assembly,\r\n\r\nRecalling its resolution,\rNoting with concern\nthat\r\n\r\n1. *Decides*"
    path = tmp_path / "crlf.txt"
    path.write_bytes(original.encode("utf-8"))
    src = read(path)
    assert "\r" not in src.text
    assert src.text == "The General Assembly,\n\nRecalling its resolution,\nNoting with concern\nthat\n\n1. *Decides*"
    lines = re.split(r"\r\n|\r|\n", original)
    for i, ch in enumerate(src.text):
        m = re.fullmatch(r"line (\d+), char (\d+)", src.locate(i))
        assert m, src.locate(i)
        line, col = int(m.group(1)), int(m.group(2))
        if ch == "\n":
            assert col == len(lines[line - 1])
        else:
            assert lines[line - 1][col] == ch


def test_normalise_newlines_segments() -> None:
    text, segments = normalise_newlines("a\r\nbb\rccc\fd\u2028e")
    assert text == "a\nbb\nccc\nd\ne"
    assert [(s.start, s.end, s.where) for s in segments] == [
        (0, 2, "line 1"), (2, 5, "line 2"), (5, 9, "line 3"), (9, 11, "line 4"), (11, 12, "line 5")]


@pytest.mark.parametrize(
    "data,text,warned",
    [
        (b"\xef\xbb\xbfThe General Assembly,\n", "The General Assembly,\n", False),
        ("The General Assembly,\n".encode("utf-16"), "The General Assembly,\n", False),
        (b"Recalling \x93its\x94 resolution \x96 60/156,\n", "Recalling \u201cits\u201d resolution \u2013 60/156,\n", True),
        ("Recalling resolution\u00a060/156,\n".encode(), "Recalling resolution 60/156,\n", False),
    ],
)
def test_decoding(data: bytes, text: str, warned: bool) -> None:
    src = text_source(data, name="x.txt")
    assert src.text == text
    decoding = [w for w in src.warnings if "Windows-1252" in w]
    assert bool(decoding) == warned
    assert all("\n" not in w for w in src.warnings)


def test_read_bounded_reads_at_most_limit_plus_one(tmp_path: Path) -> None:
    path = tmp_path / "grew.txt"
    path.write_bytes(b"x" * 5000)

    class Counting(io.BufferedReader):
        asked: list[int] = []

        def read(self, n: int | None = -1) -> bytes:  # type: ignore[override]
            self.asked.append(-1 if n is None else n)
            return super().read(n)

    with open(path, "rb", buffering=0) as raw:
        f = Counting(raw)  # type: ignore[arg-type]
        with pytest.raises(InputError, match="more than the 100 bytes limit"):
            read_bounded(f, 10, 100, name="grew.txt", what="a text edition")  # fstat said 10 bytes
    assert Counting.asked == [101]


@pytest.mark.parametrize(
    "head,kind",
    [
        (b"PK\x03\x04rest", "docx"),
        (b"%PDF-1.7\n", "pdf"),
        (b"\n\n%PDF-1.4\n", "pdf"),
        (b"The General Assembly, %PDF- is mentioned", "txt"),
        (b"The General Assembly,", "txt"),
    ],
)
def test_sniff(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_dispatch_on_content_not_name(tmp_path: Path) -> None:
    docx_named_txt = mf.docx_via_python(mf.seed_text("A-RES-61-168"), tmp_path / "edition.txt")
    assert read(docx_named_txt).kind == "docx"
    text_named_md = tmp_path / "edition.md"
    text_named_md.write_bytes((mf.CORPUS / "A-RES-61-168.txt").read_bytes())
    assert read(text_named_md).kind == "txt"
    pdf, _ = mf.pdf_via_reportlab(mf.seed_text("A-RES-61-168"), tmp_path / "edition.docx")
    assert read(pdf).kind == "pdf"


# --- Word -----------------------------------------------------------------------------------------
DOCX_BUILDERS = {
    "pandoc": lambda text, out: mf.docx_via_pandoc(text, out),
    "pandoc, literal numbers": lambda text, out: mf.docx_via_pandoc(text, out, auto_numbers=False),
    "python-docx": lambda text, out: mf.docx_via_python(text, out),
}


@pytest.mark.parametrize("symbol", mf.MARKDOWN_SEEDS)
@pytest.mark.parametrize("builder", DOCX_BUILDERS)
def test_docx_from_seed(tmp_path: Path, symbol: str, builder: str) -> None:
    text = mf.seed_text(symbol)
    path = DOCX_BUILDERS[builder](text, tmp_path / f"{symbol}.docx")
    src = read(path)
    assert src.kind == "docx"
    assert src.family is Family.MARKDOWN
    assert src.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert src.text == mf.expected_markdown(text)
    assert detect_family(src.text) is Family.MARKDOWN
    assert src.warnings == ()


def test_docx_features(tmp_path: Path) -> None:
    path, expected = mf.feature_docx(tmp_path / "features.docx")
    assert "word/comments.xml" in zipfile.ZipFile(path).namelist()
    src = read(path)
    assert src.text == expected
    assert "COMMENT" not in src.text and "HIDDEN" not in src.text and "OLD PLACE" not in src.text
    assert "98/1" not in src.text
    assert any("never referenced" in w for w in src.warnings)


def _body_paragraph_numbers(path: Path) -> dict[str, int]:
    """Text of each body w:p (tables included) -> its number from 1, as the reader counts."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out: dict[str, int] = {}
    for n, p in enumerate(root.iter(f"{W}p"), 1):
        text = "".join("\n" if el.tag == f"{W}br" else el.text or "" for el in p.iter(f"{W}t", f"{W}br"))
        out.setdefault(text, n)
    return out


def test_docx_locate_paragraphs_and_footnotes(tmp_path: Path) -> None:
    path, _ = mf.feature_docx(tmp_path / "features.docx")
    src = read(path)
    numbers = _body_paragraph_numbers(path)
    requests = numbers["Requests the Secretary-General;"]
    i = src.text.index("the Secretary-General")
    assert src.locate(i) == f"paragraph {requests}, char 9"
    i = src.text.index("1 January 2099")  # second paragraph of a table cell
    assert src.locate(i) == f"paragraph {numbers['1 January 2099']}, char 0"
    i = src.text.index("First note")
    assert src.locate(i) == "footnote 1, char 1"  # after the tab that follows the number
    i = src.text.index("Reissued")
    assert src.locate(i).startswith("footnote *, char ")
    # the characters drafter adds (label, asterisks, markers) point at their paragraph too
    i = src.text.index("2. *Requests*")
    assert src.locate(i).startswith(f"paragraph {requests}, ")


@pytest.mark.parametrize("symbol", mf.MARKDOWN_SEEDS)
def test_docx_locate_every_seed_paragraph(tmp_path: Path, symbol: str) -> None:
    text = mf.seed_text(symbol)
    path = mf.docx_via_python(text, tmp_path / f"{symbol}.docx")
    src = read(path)
    numbers = _body_paragraph_numbers(path)
    kept = [j for j, ch in enumerate(src.text) if ch != "*"]  # italics' asterisks left out
    plain = "".join(src.text[j] for j in kept)
    checked, pos = 0, 0
    for ptext, n in numbers.items():
        words = re.sub(r"^\d+\.", "", ptext)[:30]  # the tabs are w:tab, not text
        if len(words) < 12:
            continue
        i = plain.find(words, pos)
        assert i >= 0, words
        assert src.locate(kept[i]).startswith(f"paragraph {n}, char "), (words, src.locate(kept[i]))
        checked, pos = checked + 1, i
    assert checked >= 15


def test_docx_footnotes_found_through_relationships(tmp_path: Path) -> None:
    path = mf.docx_via_python(mf.seed_text("A-RES-61-168"), tmp_path / "x.docx")
    names = zipfile.ZipFile(path).namelist()
    assert "word/notes/notes1.xml" in names and "word/footnotes.xml" not in names
    assert "\n\n¹ A/CONF.157/24 (Part I), chap. III.\n" in read(path).text


@pytest.mark.parametrize(
    "n,fmt,label",
    [(1, "decimal", "1"), (12, "decimal", "12"), (1, "lowerLetter", "a"), (27, "lowerLetter", "aa"),
     (2, "upperLetter", "B"), (4, "lowerRoman", "iv"), (14, "upperRoman", "XIV"), (3, "decimalZero", "03")],
)
def test_format_number(n: int, fmt: str, label: str) -> None:
    assert format_number(n, fmt) == label


def test_superscript() -> None:
    assert superscript(1) + superscript(10) + superscript(234) == "¹¹⁰²³⁴"


# --- PDF --------------------------------------------------------------------------------------------
def test_pdf_reportlab_pages(tmp_path: Path) -> None:
    """A hard-wrapped, ragged-right PDF (reportlab): the layout reader gives one line per
    paragraph, superscript markers, footnotes after the body, and locates every line on its page."""
    text = mf.seed_text("A-RES-66-152")
    path, pages = mf.pdf_via_reportlab(text, tmp_path / "66-152.pdf")
    src = read(path)
    assert src.kind == "pdf" and src.family is Family.MARKDOWN
    assert len(pages) >= 2
    assert {s.where for s in src.segments} == {f"page {i}" for i in range(1, len(pages) + 1)}
    flat = " ".join(src.text.split())
    for number, lines in enumerate(pages, 1):
        for line in (ln for ln in lines if len(ln) > 30):
            words = line.split()[1:-1]  # whole words inside the line (its ends may be hyphenated)
            if len(words) < 4 or any(ch.isdigit() or ch == "-" for w in words for ch in w):
                continue  # markers are plain digits in ``pages``
            probe = " ".join(words)
            flat_text = src.text.replace("\n", " ")
            assert probe in flat_text, probe
            if flat_text.count(probe) > 1:
                continue
            i = flat_text.find(probe)
            assert src.locate(i).startswith(f"page {number}, char "), (probe, src.locate(i))
    # markers are superscripts again; footnotes follow the body
    assert "25 June 1993¹ for" in flat
    assert "\n\n¹ A/CONF.157/24 (Part I), chap. III.\n" in src.text
    assert src.text.index("¹ A/CONF") > src.text.index("Decides to continue")


@pytest.mark.parametrize("with_soffice", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_pdf_of_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_soffice: bool) -> None:
    if with_soffice and mf.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    if not with_soffice:
        monkeypatch.setattr(mf, "soffice", lambda: None)
    src = read(mf.pdf_of_seed(mf.seed_text("A-RES-63-180"), tmp_path))
    assert src.kind == "pdf" and "Decides to continue its consideration" in " ".join(src.text.replace("*", "").split())


def _words(s: str) -> str:
    s = re.sub(rf"[{mf.SUP}*]", "", s)
    return " ".join(s.split())


@pytest.mark.slow
@pytest.mark.skipif(mf.soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("symbol", mf.MARKDOWN_SEEDS)
def test_pdf_via_libreoffice(tmp_path: Path, symbol: str) -> None:
    import pypdfium2

    text = mf.seed_text(symbol)
    docx_path = mf.docx_via_pandoc(text, tmp_path / f"{symbol}.docx")
    pdf = mf.pdf_via_soffice(docx_path, tmp_path)
    src = read(pdf)
    assert src.kind == "pdf" and src.family is Family.MARKDOWN
    pages = len(pypdfium2.PdfDocument(str(pdf)))
    assert {s.where for s in src.segments} == {f"page {i}" for i in range(1, pages + 1)}
    flat = _words(src.text)
    paras, notes = mf.seed_blocks(text)
    pos = 0
    for p in paras:  # every paragraph, whole, in order
        words = _words(p)
        found = flat.find(words, pos)
        assert found >= 0, words
        pos = found
    for n, note in notes.items():
        assert f"{mf.sup(n)} {' '.join(note.replace('*', '').split())}" in src.text.replace("*", "")
    i = src.text.index("to continue its consideration")  # the last operative paragraph
    assert src.locate(i).startswith(f"page {pages}, ")


# --- the parser reads a Word edition as it reads the text of the same edition ---------------------------
@pytest.mark.parametrize("symbol", mf.MARKDOWN_SEEDS)
def test_parser_agrees_on_docx_and_txt(tmp_path: Path, symbol: str) -> None:
    parse = pytest.importorskip("drafter.parse.parser")
    text = mf.seed_text(symbol)
    from_txt = parse.parse_source(read(mf.CORPUS / f"{symbol}.txt"))
    for builder in ("pandoc", "python-docx"):
        from_docx = parse.parse_source(read(DOCX_BUILDERS[builder](text, tmp_path / f"{builder}.docx")))
        assert [(p.text, p.markers, p.number) for p in from_docx.paragraphs] == [
            (p.text, p.markers, p.number) for p in from_txt.paragraphs]
        assert from_docx.footnotes == from_txt.footnotes
        assert from_docx.symbol == from_txt.symbol
