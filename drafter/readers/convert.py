"""Old Word (.doc) and RTF editions, converted to .docx by LibreOffice and read as Word.

When LibreOffice is installed (``soffice`` or ``libreoffice`` on the PATH), the file is
converted in a private temporary folder, with a throw-away LibreOffice profile (so several
conversions can run at once and the user's own LibreOffice is not touched) and a time limit,
by the same command a user would type::

    soffice --headless --convert-to docx --outdir TMP FILE

The .docx is then read by :mod:`drafter.readers.docx` (its ``segments`` point at the
paragraphs of that converted document); the :class:`Source` keeps the original file's kind
and SHA-256. Without LibreOffice, or when the conversion fails or takes too long, the error is
one line that gives the command to run by hand.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace

from drafter.readers.safety import fail
from drafter.readers.source import Source

CONVERT_TIMEOUT = 180.0  # seconds; LibreOffice's first start in a fresh profile takes a few
KINDS = {"doc": ("an old-style Word .doc file", ".doc"), "rtf": ("an RTF file", ".rtf")}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def command(name: str) -> str:
    return f"soffice --headless --convert-to docx --outdir DIR {name}"


def converted_source(data: bytes, kind: str, *, name: str, path: str | None = None) -> Source:
    """Read a .doc or .rtf file (``kind``) by converting it to .docx with LibreOffice."""
    what, suffix = KINDS[kind]
    exe = soffice()
    if exe is None:
        raise fail(name, f"is {what}; drafter reads it through LibreOffice, which is not installed",
                   f"install LibreOffice, or convert it yourself ({command(name)}) or save it as .docx in Word, and give the .docx")
    with tempfile.TemporaryDirectory(prefix="drafter-convert-") as tmp:
        src = os.path.join(tmp, "edition" + suffix)
        out_dir = os.path.join(tmp, "out")
        with open(src, "wb") as f:
            f.write(data)
        args = [exe, f"-env:UserInstallation=file://{os.path.join(tmp, 'profile')}", "--headless",
                "--norestore", "--nolockcheck", "--convert-to", "docx", "--outdir", out_dir, src]
        problem = _run(args, CONVERT_TIMEOUT)
        out = os.path.join(out_dir, "edition.docx")
        if problem is None and not os.path.isfile(out):
            problem = "LibreOffice wrote no .docx (damaged, or password-protected?)"
        if problem is not None:
            raise fail(name, f"is {what} that could not be converted to .docx: {problem}",
                       f"open it in Word or LibreOffice and save it as .docx (or run {command(name)}), and give the .docx")
        with open(out, "rb") as f:
            converted = f.read()
    from drafter.readers.docx import docx_source

    source = docx_source(converted, name=name, path=path)
    import hashlib

    return replace(source, kind=kind, sha256=hashlib.sha256(data).hexdigest())


def _run(args: list[str], timeout: float) -> str | None:
    """Run LibreOffice in its own process group; None when it succeeded, else why not."""
    try:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        return f"LibreOffice did not start ({e.strerror or type(e).__name__})"
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return f"LibreOffice took more than {timeout:g} s"
    except BaseException:  # Ctrl-C: do not leave LibreOffice behind
        _kill(proc)
        raise
    if proc.returncode != 0:
        last = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
        return f"LibreOffice failed ({' '.join(last[0].split())[:120]})"
    return None


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """End LibreOffice and whatever it started (its process group), then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        proc.communicate(timeout=10)
