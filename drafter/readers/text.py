"""Plain-text editions: decoding, newline normalisation and detection of the text family.

The text is decoded as UTF-8 (a UTF-8 byte-order mark is dropped; UTF-16 with a byte-order
mark, as Word's "Unicode text" export writes it, is accepted too), else as Windows-1252 with a
warning. Line ends (``\\r\\n``, ``\\r``, form feeds, vertical tabs, U+2028/U+2029) become ``\\n``
and no-break spaces become plain spaces; every other character is kept as it is. The
``segments`` of the :class:`~drafter.readers.source.Source` are one per line of the original file, so
``source.locate(i)`` answers ``"line L, char C"`` (line from 1, character in that line from 0)
for the original, whatever line ends it had.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re

from drafter.readers.safety import (
    FORMATS_HINT,
    MAX_TEXT_BYTES,
    display_name,
    fail,
    open_input,
    read_bounded,
)
from drafter.readers.source import Family, Segment, Source

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# one character each, so offsets inside a line do not move
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})
_LINE_END = re.compile(r"\r\n|[\r\n\f\v\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

_ITALIC = re.compile(r"(?:^|[\s(\[])\*[A-Za-z][^*\n]{0,200}\*", re.MULTILINE)
_DIGIT_NOTE = re.compile(r"^\d{1,3}[ \t]+\S", re.MULTILINE)
_SENTENCE_END = (".", ";", ":", "!", "?")


def read_text(path: str | os.PathLike[str]) -> Source:
    """Read a plain-text edition from ``path`` (at most :data:`MAX_TEXT_BYTES`)."""
    name = display_name(path)
    with open_input(path) as (f, size):
        data = read_bounded(f, size, MAX_TEXT_BYTES, name=name, what="a text edition")
    return text_source(data, name=name, path=os.fspath(path))


def text_source(data: bytes, *, name: str = "input", path: str | None = None) -> Source:
    """A :class:`Source` from the raw bytes of a text edition."""
    if len(data) > MAX_TEXT_BYTES:
        raise fail(name, f"is larger than the {MAX_TEXT_BYTES // (1024 * 1024)} MB limit for a text edition",
                   "give the file of a single resolution")
    raw, warnings = decode_text(data, name=name)
    text, segments = normalise_newlines(raw)
    text = text.translate(_SPACES)
    if not text.strip():
        raise fail(name, "contains only white space", FORMATS_HINT)
    family = detect_family(text)
    if family is Family.UNKNOWN:
        warnings.append(f"{name}: the layout of the text is not one drafter knows; it is read as plain paragraphs")
    return Source(
        text=text,
        family=family,
        path=path,
        kind="txt",
        sha256=hashlib.sha256(data).hexdigest(),
        segments=tuple(segments),
        warnings=tuple(warnings),
    )


def decode_text(data: bytes, *, name: str = "input") -> tuple[str, list[str]]:
    """Decode the bytes of a text file; ``(text, warnings)`` or :class:`InputError`."""
    warnings: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise fail(name, f"starts with a UTF-16 byte-order mark but is not valid UTF-16 (at byte {e.start})",
                       "save it again as UTF-8 text") from None
        _check_not_binary(text, name)
        return text, warnings
    if b"\x00" in data:
        raise fail(name, "is a binary file, not text (it contains NUL bytes)", FORMATS_HINT)
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError as e:
            raise fail(name, f"starts with a UTF-8 byte-order mark but is not valid UTF-8 (byte 0x{data[e.start + 3]:02x} at offset {e.start + 3})",
                       "save it again as UTF-8 text") from None
        _check_not_binary(text, name)
        return text, warnings
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad, where = data[e.start], e.start
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as e2:
            _check_not_binary(data.decode("latin-1"), name)
            raise fail(name, f"is neither UTF-8 nor Windows-1252 text (byte 0x{data[e2.start]:02x} at offset {e2.start})",
                       "save it again as UTF-8 text") from None
        warnings.append(f"{name}: not UTF-8 (byte 0x{bad:02x} at offset {where}); read as Windows-1252 (cp1252)")
    _check_not_binary(text, name)
    return text, warnings


def _check_not_binary(text: str, name: str) -> None:
    if "\x00" in text:
        raise fail(name, "is a binary file, not text (it contains NUL characters)", FORMATS_HINT)
    controls = len(_CONTROL.findall(text, 0, 1 << 20))
    if controls > max(2, min(len(text), 1 << 20) // 200):
        raise fail(name, f"looks like a binary file, not text ({controls} control characters)", FORMATS_HINT)


def normalise_newlines(text: str) -> tuple[str, list[Segment]]:
    """``text`` with every line end as ``\\n``, and one :class:`Segment` per original line."""
    parts: list[str] = []
    segments: list[Segment] = []
    pos = 0  # in the normalised text
    last = 0  # in the original text
    line = 1
    for m in _LINE_END.finditer(text):
        piece = text[last:m.start()]
        parts.append(piece)
        parts.append("\n")
        segments.append(Segment(pos, pos + len(piece) + 1, f"line {line}", 0))
        pos += len(piece) + 1
        last = m.end()
        line += 1
    tail = text[last:]
    if tail or not segments:
        parts.append(tail)
        segments.append(Segment(pos, pos + len(tail), f"line {line}", 0))
    return "".join(parts), segments


# --- families -------------------------------------------------------------------------------
def detect_family(text: str) -> Family:
    """Which layout ``text`` (newlines already ``\\n``) is in.

    * ODS: ``<<ODS`` job metadata, or most paragraph-length lines start with a tab.
    * PDF_TEXT: hard-wrapped: paragraph-length lines that do not end a sentence are
      followed directly by more text (at least 3 such lines and 30 % of the paragraph lines).
    * MARKDOWN: Unicode superscript markers or ``*italic*`` openings, or simply one line per
      paragraph with blank lines between.
    * ODS again for one line per paragraph with footnotes as plain-digit lines ("1 A/CONF...").
    * UNKNOWN otherwise (short or empty text).
    """
    if "<<ODS" in text:
        return Family.ODS
    lines = text.split("\n")
    long_lines = [ln for ln in lines if len(ln.strip()) >= 40]
    if not long_lines:
        return Family.MARKDOWN if _markdown_marks(text) else Family.UNKNOWN
    tabbed = sum(1 for ln in long_lines if ln.startswith("\t"))
    if tabbed >= 3 and 2 * tabbed > len(long_lines):
        return Family.ODS
    wrapped = 0
    for a, b in zip(lines, lines[1:], strict=False):
        sa = a.strip()
        if len(sa) >= 40 and b.strip() and not sa.endswith(_SENTENCE_END):
            wrapped += 1
    if wrapped >= 3 and wrapped * 10 >= 3 * len(long_lines):
        return Family.PDF_TEXT
    if _markdown_marks(text):
        return Family.MARKDOWN
    if _DIGIT_NOTE.search(text):
        return Family.ODS
    return Family.MARKDOWN


def _markdown_marks(text: str) -> bool:
    return any(ch in text for ch in SUPERSCRIPT_DIGITS) or len(_ITALIC.findall(text)) >= 1
