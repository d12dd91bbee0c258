"""PDF editions, read from the page's geometry into MARKDOWN-family text.

pypdfium2 (PDFium, the PDF engine of Chromium) gives every character of the text layer with
its position, baseline, font size and font name; :mod:`drafter.readers.pdf_layout` turns them
into the same shape of text the Word reader gives: the masthead, one line per paragraph
(paragraphs split by page breaks joined, line-end hyphenation undone), ``¹`` markers, the
footnotes after the body, running heads, page numbers, job numbers and barcodes set apart.
``segments`` say ``"page N"`` with the index of the character in that page's text layer.

A PDF without a text layer (a scan) or whose pages are all empty, an encrypted PDF that does
not open with an empty password, and a damaged PDF raise :class:`InputError`.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
from typing import Any

from drafter.readers.pdf_layout import Glyph, Page, layout_text
from drafter.readers.safety import (
    MAX_PDF_BYTES,
    display_name,
    fail,
    read_limited,
    reader_errors,
)
from drafter.readers.source import Family, Source

MAX_PDF_PAGES = 2000
MAX_PDF_CHARS = 2_000_000  # characters over all pages; a resolution has far fewer than 100 000
_ACTION = "give the .docx or .txt of the resolution, or save the PDF again"
_SPACES = {0xA0: " ", 0x202F: " ", 0x2007: " ", 0x2002: " ", 0x2003: " ", 0x2009: " "}
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}


def read_pdf(path: str | os.PathLike[str]) -> Source:
    """Read a PDF edition from ``path``."""
    name = display_name(path)
    data = read_limited(path, MAX_PDF_BYTES, what="a PDF")
    return pdf_source(data, name=name, path=os.fspath(path))


def pdf_source(data: bytes, *, name: str = "document.pdf", path: str | None = None) -> Source:
    """A MARKDOWN-family :class:`Source` from the bytes of a PDF file."""
    if b"%PDF-" not in data[:1024]:
        raise fail(name, "is not a PDF (it has no %PDF- header; damaged or misnamed?)",
                   "give the real PDF, or the .docx or .txt")
    with reader_errors(name, "a PDF", _ACTION):
        pages = _pages(data, name)
        if not any(p.glyphs for p in pages):
            raise fail(name, "has no text layer (scanned?)", "run OCR first or give the .docx/.txt")
        text, segments, warnings = layout_text(pages, name)
    empty = [str(p.number) for p in pages if not p.glyphs]
    if empty:
        warnings.insert(0, f"{name}: page(s) {', '.join(empty)} have no text layer (scanned?); their text is missing")
    if not text.strip():
        raise fail(name, "has no text layer (scanned?)", "run OCR first or give the .docx/.txt")
    return Source(
        text=text,
        family=Family.MARKDOWN,
        path=path,
        kind="pdf",
        sha256=hashlib.sha256(data).hexdigest(),
        segments=tuple(segments),
        warnings=tuple(warnings),
    )


def _pages(data: bytes, name: str) -> list[Page]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pc

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == pc.FPDF_ERR_PASSWORD:
            raise fail(name, "is a password-protected (encrypted) PDF",
                       "remove the password, or give the .docx or .txt") from None
        raise fail(name, f"is a damaged PDF ({' '.join(str(e).split())})", _ACTION) from None
    try:
        count = len(doc)
        if count == 0:
            raise fail(name, "is a damaged PDF (no pages found)", _ACTION)
        if count > MAX_PDF_PAGES:
            raise fail(name, f"has {count} pages, more than the {MAX_PDF_PAGES} drafter reads",
                       "give the PDF of a single resolution")
        pages: list[Page] = []
        total = 0
        for i in range(count):
            page = doc[i]
            try:
                pages.append(_page(page, i + 1, pc))
            finally:
                page.close()
            total += len(pages[-1].glyphs)
            if total > MAX_PDF_CHARS:
                raise fail(name, f"has more than {MAX_PDF_CHARS} characters of text, far more than a resolution",
                           "give the PDF of a single resolution")
        return pages
    finally:
        doc.close()


def _page(page: Any, number: int, pc: Any) -> Page:
    width, height = page.get_size()
    textpage = page.get_textpage()
    glyphs: list[Glyph] = []
    try:
        raw = textpage.raw
        n = pc.FPDFText_CountChars(raw)
        box = pc.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        name_buf = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        italic_cache: dict[bytes, bool] = {}
        by_object: dict[int, bool] = {}  # text object (its address) -> italic
        is_generated, get_unicode, loose_box = pc.FPDFText_IsGenerated, pc.FPDFText_GetUnicode, pc.FPDFText_GetLooseCharBox
        origin, font_size, is_hyphen = pc.FPDFText_GetCharOrigin, pc.FPDFText_GetFontSize, pc.FPDFText_IsHyphen
        text_object = getattr(pc, "FPDFText_GetTextObject", None)
        for k in range(max(0, n)):
            if is_generated(raw, k) == 1:
                continue
            code = get_unicode(raw, k)
            if code in (0x0D, 0x0A, 0xFFFE, 0xFFFF, 0):
                continue
            ch = _SPACES.get(code) or (chr(code) if code < 0x110000 else "\ufffd")
            if ch == "\t":
                ch = " "
            if not loose_box(raw, k, box) or not origin(raw, k, ox, oy):
                continue
            size = font_size(raw, k)
            if is_hyphen(raw, k) == 1:
                ch = "\x02"  # a hyphen that ends a line; the layout decides whether it stays
            obj = ctypes.cast(text_object(raw, k), ctypes.c_void_p).value if text_object else None
            italic = by_object.get(obj) if obj else None
            if italic is None:
                pc.FPDFText_GetFontInfo(raw, k, name_buf, len(name_buf), flags)
                font = name_buf.value
                italic = italic_cache.get(font)
                if italic is None:
                    lowered = font.lower()
                    italic = b"italic" in lowered or b"oblique" in lowered or bool(flags.value & 64)
                    italic_cache[font] = italic
                if obj:
                    by_object[obj] = italic
            expanded = _LIGATURES.get(ch)
            if expanded:  # "ﬁ" is two letters: two glyphs sharing its box
                step = (box.right - box.left) / len(expanded)
                for j, letter in enumerate(expanded):
                    x0 = box.left + j * step
                    glyphs.append(Glyph(letter, x0, x0 + step, oy.value, box.top, float(size), italic, k))
                continue
            glyphs.append(Glyph(ch, box.left, box.right, oy.value, box.top, float(size), italic, k))
    finally:
        textpage.close()
    rules = []
    for obj in page.get_objects(filter=[pc.FPDF_PAGEOBJ_PATH], max_depth=3):
        x0, y0, x1, y1 = obj.get_bounds()
        if y1 - y0 <= 2 and x1 - x0 >= 20:
            rules.append((x0, y0, x1, y1))
    return Page(number, width, height, glyphs, rules)
