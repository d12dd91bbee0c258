"""Read an edition from a file: plain text, Word .docx, PDF or HTML, chosen by its content.

:func:`read` looks at the first bytes of the file, not only at its name: ``PK\\x03\\x04`` (a zip
archive) is read as Word .docx, ``%PDF-`` as PDF, the start of an HTML page as a web page,
anything else as text. A file that cannot be
read as an edition (missing, a directory, unreadable, empty, binary, too large, damaged,
hostile, scanned) raises :class:`~drafter.errors.InputError` with a one-line message.

Every reader returns a :class:`~drafter.readers.source.Source`:

* text: the file's own text in whichever family :func:`~drafter.readers.text.detect_family`
  finds (``kind="txt"``; segments ``"line L"``);
* docx: ``Family.MARKDOWN`` text (``kind="docx"``; segments ``"paragraph N"``/``"footnote N"``);
* pdf: ``Family.MARKDOWN`` text laid out from the pages' geometry (``kind="pdf"``; segments
  ``"page N"``);
* odt: an OpenDocument text, ``Family.MARKDOWN`` text as for Word (``kind="odt"``);
* doc, rtf: converted to .docx by LibreOffice when it is installed, then read as Word
  (``kind="doc"``/``"rtf"``); without it a one-line error gives the command to convert by hand;
* html: a web page (recognised by its content, whatever its name), its main content as
  ``Family.MARKDOWN`` text (``kind="html"``; segments ``"line L"`` of the HTML source).
"""

from __future__ import annotations

import os

from drafter.readers.safety import (
    MAX_DOCX_BYTES,
    MAX_PDF_BYTES,
    MAX_TEXT_BYTES,
    display_name,
    fail,
    open_input,
    read_bounded,
)
from drafter.readers.source import Source
from drafter.readers.text import detect_family

__all__ = ["read", "sniff", "detect_family"]

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, or an encrypted Office file
RTF_MAGIC = b"{\\rtf"

_LIMITS = {"txt": (MAX_TEXT_BYTES, "a text edition"), "docx": (MAX_DOCX_BYTES, "a Word document"),
           "pdf": (MAX_PDF_BYTES, "a PDF"), "html": (MAX_TEXT_BYTES, "a web page"),
           "odt": (MAX_DOCX_BYTES, "an OpenDocument text"), "doc": (MAX_DOCX_BYTES, "a Word .doc file"),
           "rtf": (MAX_DOCX_BYTES, "an RTF file")}


def sniff(head: bytes) -> str:
    """``"docx"``, ``"odt"``, ``"pdf"``, ``"doc"``, ``"rtf"``, ``"html"`` or ``"txt"`` from the
    first bytes of a file (1 KB is plenty)."""
    if head.startswith(ZIP_MAGIC):
        from drafter.readers.odt import sniff_odt

        return "odt" if sniff_odt(head) else "docx"
    if head.startswith(PDF_MAGIC):
        return "pdf"
    from drafter.readers.html import looks_like_html

    if looks_like_html(head):
        return "html"
    pos = head.find(PDF_MAGIC, 0, 1024)  # PDF readers accept a little junk before the header
    if pos > 0:
        junk = head[:pos]
        if b"\x00" in junk or not junk.strip(b" \t\r\n\x0c\xef\xbb\xbf"):
            return "pdf"
    if head.startswith(OLE_MAGIC):  # an old .doc (or an Office file with a password)
        return "doc"
    if head.startswith(RTF_MAGIC):
        return "rtf"
    return "txt"


def read(path: str | os.PathLike[str]) -> Source:
    """Read the edition in ``path`` (.txt, .docx, .pdf, .html, .odt, .doc or .rtf, recognised by
    content)."""
    name = display_name(path)
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    with open_input(path) as (f, size):
        head = f.read(1024)
        kind = sniff(head)
        _refuse_by_content(head, kind, suffix, name)
        limit, what = _LIMITS[kind]
        f.seek(0)
        data = read_bounded(f, size, limit, name=name, what=what)
    where = os.fspath(path)
    if kind == "docx":
        from drafter.readers.docx import docx_source

        return docx_source(data, name=name, path=where)
    if kind == "pdf":
        from drafter.readers.pdf import pdf_source

        return pdf_source(data, name=name, path=where)
    if kind in ("doc", "rtf"):
        from drafter.readers.convert import converted_source

        return converted_source(data, kind, name=name, path=where)
    if kind == "odt":
        from drafter.readers.odt import odt_source

        return odt_source(data, name=name, path=where)
    if kind == "html":
        from drafter.readers.html import html_source

        return html_source(data, name=name, path=where)
    from drafter.readers.text import text_source

    return text_source(data, name=name, path=where)


def _refuse_by_content(head: bytes, kind: str, suffix: str, name: str) -> None:
    """Clear messages for files whose name promises one format and whose bytes are another."""
    if kind != "txt":
        return
    if suffix in (".docx", ".docm", ".dotx"):
        raise fail(name, "is not a valid .docx file (not a zip archive; damaged or misnamed?)",
                   "open it in Word and save it again as .docx, or give the .txt or .pdf")
    if suffix == ".pdf":
        raise fail(name, "is not a PDF (it has no %PDF- header; damaged or misnamed?)",
                   "give the real PDF, or the .docx or .txt")
