"""PDF editions: the text layer, page by page, as PDF_TEXT-family text.

pypdf extracts each page's text (hard-wrapped lines as printed; superscript footnote markers
come out as plain digits glued to the word before them, which the parser resolves). Pages are
joined with ``"\\n"``; line ends are ``\\n`` and no-break spaces plain spaces. ``segments``
are one per page (``"page N"``, offset = character in that page's extracted text).

A PDF without a text layer (a scan) or whose pages are all empty, an encrypted PDF that does
not open with an empty password, and a damaged PDF raise :class:`InputError`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import re
import warnings as _warnings
from collections.abc import Iterator

from drafter.readers.safety import (
    MAX_PDF_BYTES,
    display_name,
    fail,
    read_limited,
    reader_errors,
)
from drafter.readers.source import Family, Segment, Source

MAX_PDF_PAGES = 2000
_ACTION = "give the .docx or .txt of the resolution, or save the PDF again"
_LINE_END = re.compile(r"\r\n?|[\f\v\u2028\u2029]")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})


def read_pdf(path: str | os.PathLike[str]) -> Source:
    """Read a PDF edition from ``path``."""
    name = display_name(path)
    data = read_limited(path, MAX_PDF_BYTES, what="a PDF")
    return pdf_source(data, name=name, path=os.fspath(path))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = " ".join(record.getMessage().split())
        if msg and msg not in self.messages and len(self.messages) < 5:
            self.messages.append(msg)


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[_Collect]:
    """pypdf logs repairs to stderr; collect them for ``Source.warnings`` instead."""
    logger = logging.getLogger("pypdf")
    handler = _Collect()
    old_propagate, old_level = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
        logger.setLevel(old_level)


def pdf_source(data: bytes, *, name: str = "document.pdf", path: str | None = None) -> Source:
    """A PDF_TEXT-family :class:`Source` from the bytes of a PDF file."""
    if b"%PDF-" not in data[:1024]:
        raise fail(name, "is not a PDF (it has no %PDF- header; damaged or misnamed?)",
                   "give the real PDF, or the .docx or .txt")
    with _quiet_pypdf() as log, reader_errors(name, "a PDF", _ACTION):
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            opened = False
            with contextlib.suppress(Exception):
                opened = bool(reader.decrypt(""))
            if not opened:
                raise fail(name, "is a password-protected (encrypted) PDF",
                           "remove the password, or give the .docx or .txt")
        count = len(reader.pages)
        if count == 0:
            raise fail(name, "is a damaged PDF (no pages found)", _ACTION)
        if count > MAX_PDF_PAGES:
            raise fail(name, f"has {count} pages, more than the {MAX_PDF_PAGES} drafter reads",
                       "give the PDF of a single resolution")
        pages = [_page_text(reader.pages[i].extract_text() or "") for i in range(count)]
    if not any(p.strip() for p in pages):
        raise fail(name, "has no text layer (scanned?)", "run OCR first or give the .docx/.txt")
    warnings: list[str] = []
    empty = [str(i + 1) for i, p in enumerate(pages) if not p.strip()]
    if empty:
        warnings.append(f"{name}: page(s) {', '.join(empty)} have no text layer (scanned?); their text is missing")
    warnings.extend(f"{name}: pypdf: {m}" for m in log.messages)
    parts: list[str] = []
    segments: list[Segment] = []
    pos = 0
    for i, page in enumerate(pages):
        if i:
            parts.append("\n")
            pos += 1
        parts.append(page)
        segments.append(Segment(pos, pos + len(page), f"page {i + 1}", 0))
        pos += len(page)
    text = "".join(parts)
    if not text.endswith("\n"):
        text += "\n"
    return Source(
        text=text,
        family=Family.PDF_TEXT,
        path=path,
        kind="pdf",
        sha256=hashlib.sha256(data).hexdigest(),
        segments=tuple(segments),
        warnings=tuple(warnings),
    )


def _page_text(text: str) -> str:
    text = _LINE_END.sub("\n", text).translate(_SPACES).replace("\x00", "")
    return text.rstrip("\n")
