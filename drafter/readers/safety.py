"""Guards the readers put between a user's file and the libraries that parse it.

Everything here raises :class:`~drafter.errors.InputError` with a one-line message that says
what is wrong with the file and what to do; nothing lets a library exception (zipfile, lxml,
python-docx, pypdfium2) escape as a traceback.

* :func:`open_input` / :func:`read_limited`: refuse missing paths, directories, devices, FIFOs,
  unreadable and empty files, and files over a size limit, reading at most ``limit + 1`` bytes.
* :func:`open_zip_safely`: check a .docx (a zip archive) before python-docx opens it: a valid
  zip, bounded member count, bounded total uncompressed size and compression ratio (zip
  bombs), no absolute or ``..`` member names, no encrypted members, no XML part that declares a
  DOCTYPE (entity attacks; Word never writes one).
* :func:`parse_xml`: lxml parsing that never resolves entities, loads DTDs or touches the
  network (the same guarantee python-docx's own parser gives with ``resolve_entities=False``).
* :func:`reader_errors`: a context manager turning any other exception into an InputError.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from lxml import etree

from drafter.errors import InputError

MB = 1024 * 1024

MAX_TEXT_BYTES = 20 * MB  # a plain-text edition; the longest resolution is far below 1 MB
MAX_DOCX_BYTES = 100 * MB  # the .docx file itself (images can make it large)
MAX_PDF_BYTES = 100 * MB
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_UNCOMPRESSED = 200 * MB
MAX_ZIP_RATIO = 100  # uncompressed/compressed, for members over RATIO_MIN_SIZE
RATIO_MIN_SIZE = 1 * MB
XML_SCREEN_BYTES = 64 * 1024  # how much of each XML part is screened for a DOCTYPE

FORMATS_HINT = "give a resolution as .txt, .docx, .pdf, .html or .odt"


def display_name(path: str | os.PathLike[str]) -> str:
    """The path as the user gave it, safe to print on one line (control characters escaped)."""
    text = os.fspath(path)
    if isinstance(text, bytes):  # pragma: no cover - bytes paths are not used by drafter
        text = text.decode("utf-8", "replace")
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def fail(name: str, problem: str, action: str) -> InputError:
    """``InputError("<name>: <problem>; <action>")`` on one line."""
    message = f"{name}: {problem}; {action}"
    return InputError(" ".join(message.split()))


def _size(n: int) -> str:
    if n >= MB:
        return f"{n / MB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


# --- opening a file ------------------------------------------------------------------------
@contextlib.contextmanager
def open_input(path: str | os.PathLike[str]) -> Iterator[tuple[io.BufferedReader, int]]:
    """Open ``path`` for reading as a regular, non-empty file; yield ``(file, size)``.

    Opens with ``O_NONBLOCK`` so a FIFO cannot hang drafter, then checks ``fstat`` of what was
    actually opened (no race between a check and the open).
    """
    name = display_name(path)
    try:
        fd = os.open(os.fspath(path), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise fail(name, "no such file", "check the path") from None
    except IsADirectoryError:
        raise fail(name, "is a directory, not a file", FORMATS_HINT) from None
    except PermissionError:
        if Path(path).is_dir():
            raise fail(name, "is a directory, not a file", FORMATS_HINT) from None
        raise fail(name, "cannot be read (permission denied)", "check the file's permissions") from None
    except OSError as e:
        raise fail(name, f"cannot be opened ({e.strerror or type(e).__name__})", "check the path") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise fail(name, "is a directory, not a file", FORMATS_HINT)
        if not stat.S_ISREG(st.st_mode):
            raise fail(name, "is not a regular file (a device, pipe or socket)", FORMATS_HINT)
        if st.st_size == 0:
            raise fail(name, "is empty", FORMATS_HINT)
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        yield f, st.st_size


def too_large(name: str, size: int, limit: int, what: str) -> InputError:
    return fail(
        name,
        f"is {_size(size)}, more than the {_size(limit)} limit for {what}",
        "give the file of a single resolution",
    )


def read_bounded(f: io.BufferedReader, size: int, limit: int, *, name: str, what: str) -> bytes:
    """Read an opened file whose ``fstat`` size is ``size``: at most ``limit + 1`` bytes."""
    if size > limit:
        raise too_large(name, size, limit, what)
    try:
        data = f.read(limit + 1)
    except OSError as e:
        raise fail(name, f"cannot be read ({e.strerror or type(e).__name__})", "check the file") from None
    if len(data) > limit:  # the file grew after fstat
        raise too_large(name, len(data), limit, what)
    if not data:
        raise fail(name, "is empty", FORMATS_HINT)
    return data


def read_limited(path: str | os.PathLike[str], limit: int, *, what: str) -> bytes:
    """All bytes of ``path``, refusing (before reading) a file larger than ``limit``."""
    name = display_name(path)
    with open_input(path) as (f, size):
        return read_bounded(f, size, limit, name=name, what=what)


# --- zip (.docx) -------------------------------------------------------------------------------
def _unsafe_member(member: str) -> bool:
    if not member or member.startswith(("/", "\\")) or "\x00" in member:
        return True
    if len(member) >= 2 and member[1] == ":":  # C:foo
        return True
    parts = PurePosixPath(member.replace("\\", "/")).parts
    return ".." in parts


def open_zip_safely(
    source: str | os.PathLike[str] | bytes, *, name: str | None = None, required: str = "[Content_Types].xml"
) -> zipfile.ZipFile:
    """Open a .docx as a zip archive after checking it is safe for python-docx to read.

    ``source`` is a path or the file's bytes. Returns the open :class:`zipfile.ZipFile`
    (the caller closes it). Python's zipfile never inflates a member past the size its
    directory declares, so bounding the declared sizes bounds the memory a reader can use.
    ``required`` is the member the format cannot do without (``content.xml`` for OpenDocument).
    """
    if isinstance(source, bytes):
        name = name or "document"
        data = source
    else:
        name = name or display_name(source)
        data = read_limited(source, MAX_DOCX_BYTES, what="a Word document")
    if not data.startswith(b"PK"):
        raise fail(name, "is not a valid .docx file (not a zip archive; damaged or misnamed?)",
                   "open it in Word and save it again as .docx, or give the .txt or .pdf")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception:  # BadZipFile, LargeZipFile, OSError, ValueError, EOFError, zlib.error...
        raise fail(name, "is a damaged .docx (incomplete or corrupt zip archive)",
                   "open it in Word and save it again, or give the .txt or .pdf") from None
    try:
        _check_members(zf, infos, name, required)
        _screen_xml(zf, infos, name)
    except BaseException:
        zf.close()
        raise
    return zf


def _check_members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str,
                   required: str = "[Content_Types].xml") -> None:
    if len(infos) > MAX_ZIP_MEMBERS:
        raise fail(name, f"has {len(infos)} members, more than the {MAX_ZIP_MEMBERS} a Word document could need (possible zip bomb)",
                   "refusing to open it")
    total = 0
    for info in infos:
        if _unsafe_member(info.filename):
            raise fail(name, f"contains an unsafe member name {info.filename!r} (absolute or with '..')",
                       "refusing to open it")
        if info.flag_bits & 0x1:
            raise fail(name, "is encrypted (password-protected zip members)",
                       "remove the password in Word and save it again as .docx")
        total += info.file_size
        if total > MAX_ZIP_UNCOMPRESSED:
            raise fail(name, f"expands to more than {_size(MAX_ZIP_UNCOMPRESSED)} (possible zip bomb)",
                       "refusing to open it")
        if info.file_size > RATIO_MIN_SIZE:
            ratio = info.file_size / max(1, info.compress_size)
            if ratio > MAX_ZIP_RATIO:
                raise fail(name, f"has a member compressed {ratio:.0f}:1 (possible zip bomb)",
                           "refusing to open it")
    names = {i.filename for i in infos}
    if required not in names:
        what = "an OpenDocument text" if required == "content.xml" else "a Word document"
        raise fail(name, f"is a zip archive but not {what} (no {required})",
                   "give a .docx, .odt, .txt or .pdf")


def _screen_xml(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse XML parts with a DOCTYPE: Word never writes one; it is how entity attacks start."""
    for info in infos:
        lower = info.filename.lower()
        if not lower.endswith((".xml", ".rels")) or info.is_dir():
            continue
        try:
            with zf.open(info) as member:
                head = member.read(XML_SCREEN_BYTES)
        except Exception as e:  # zipfile, zlib, bz2, lzma: any damage in the member
            raise fail(name, f"is a damaged .docx ({info.filename}: {_short(e)})",
                       "open it in Word and save it again, or give the .txt or .pdf") from None
        text = head.replace(b"\x00", b"").upper()  # also catches UTF-16 encoded parts
        if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
            raise fail(name, f"part {info.filename} declares a DOCTYPE or entities, which Word never writes (possible XML entity attack)",
                       "refusing to open it; save the document again from Word")


# --- XML -------------------------------------------------------------------------------------
def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_blank_text=False,
    )


def parse_xml(blob: bytes, *, name: str, part: str) -> etree._Element:
    """Parse one XML part of a document without resolving entities or loading anything."""
    try:
        return etree.fromstring(blob, parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as e:
        raise fail(name, f"has a damaged XML part {part} ({_short(e)})",
                   "open it in Word and save it again, or give the .txt or .pdf") from None


# --- turning library errors into InputError ------------------------------------------------------
def _short(e: BaseException) -> str:
    text = " ".join(str(e).split())
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


@contextlib.contextmanager
def reader_errors(name: str, what: str, action: str) -> Iterator[None]:
    """Turn any exception other than an InputError into ``InputError`` about ``what``."""
    try:
        yield
    except InputError:
        raise
    except MemoryError:
        raise fail(name, f"is too large to read as {what}", action) from None
    except RecursionError:
        raise fail(name, f"is nested too deeply to read as {what}", action) from None
    except Exception as e:  # every library error must become a one-line message
        raise fail(name, f"could not be read as {what}; it may be damaged ({_short(e)})", action) from None
