"""Writing files safely: atomic, never overwriting what drafter did not create.

Every file drafter writes goes through :func:`atomic_write_bytes`: the data is written to a
temporary file in the destination folder, flushed and fsynced, then moved into place with one
``os.replace`` (or ``os.link`` when nothing may be overwritten, so that a file appearing in the
meantime is not clobbered either). An interrupted run (an exception, Ctrl-C, a killed process)
leaves either the old file or the new one, never half of one; the temporary file is removed on
any exception, ``KeyboardInterrupt`` included (a killed process can leave a ``.drafter-tmp-*``
file behind, which corpus loading ignores).

An existing file is overwritten only with ``force=True`` (the ``--force`` option), or, with
``created_by_drafter_ok=True``, when drafter wrote that file itself and nobody changed it since.
drafter remembers what it wrote in its state folder (``$DRAFTER_STATE_DIR``, else the user's
state directory from platformdirs), one small record per written path holding the SHA-256 of
what was written; nothing is added to the folders drafter writes into.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from drafter.errors import DrafterError, OutputExistsError

TEMP_PREFIX = ".drafter-tmp-"
STATE_ENV = "DRAFTER_STATE_DIR"
_CHUNK = 1 << 20


def sha256_file(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _oserror(path: Path, e: OSError, doing: str = "write") -> DrafterError:
    reason = e.strerror or str(e)
    return DrafterError(f"cannot {doing} {path}: {reason}")


def state_dir() -> Path:
    """Where drafter keeps its records: ``$DRAFTER_STATE_DIR``, else the user's state folder."""
    from drafter.userdirs import user_dir

    return user_dir("state", STATE_ENV)


def _record_path(path: Path) -> Path:
    key = hashlib.sha256(os.fsencode(path.absolute())).hexdigest()[:32]
    return state_dir() / "written" / f"{key}.json"


def was_created_by_drafter(path: str | os.PathLike[str]) -> bool:
    """True when drafter wrote ``path`` and its content is unchanged since."""
    p = Path(path)
    try:
        record = json.loads(_record_path(p).read_text(encoding="utf-8"))
        if record.get("path") != str(p.absolute()):
            return False
        return sha256_file(p) == record.get("sha256")
    except (OSError, ValueError, AttributeError):
        return False


def _remember(path: Path, digest: str) -> None:
    """Record that drafter wrote ``path`` (best effort: a failure here loses nothing)."""
    data = json.dumps({"path": str(path.absolute()), "sha256": digest}).encode() + b"\n"
    with contextlib.suppress(OSError, DrafterError):
        rec = _record_path(path)
        rec.parent.mkdir(parents=True, exist_ok=True)
        _write(rec, lambda f: f.write(data), overwrite=True)


def _write(path: Path, fill: Callable[[BinaryIO], object], *, overwrite: bool) -> None:
    """Create a temporary file next to ``path``, let ``fill(f)`` write it, move it into place."""
    folder = path.parent
    tmp = folder / f"{TEMP_PREFIX}{path.name}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            fill(f)
            f.flush()
            os.fsync(f.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if path exists: never clobbers a file created meanwhile
            except FileExistsError:
                raise OutputExistsError(f"{path} exists; use --force to overwrite") from None
            except OSError as e:
                if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                # file systems without hard links
                if path.exists():
                    raise OutputExistsError(f"{path} exists; use --force to overwrite") from None
                os.replace(tmp, path)
            else:
                os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


def atomic_write_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    force: bool = False,
    created_by_drafter_ok: bool = False,
    record: bool = True,
) -> Path:
    """Write ``data`` to ``path`` atomically and return the path.

    Refuses (:class:`OutputExistsError`) to replace an existing file unless ``force``, or
    ``created_by_drafter_ok`` and the file is one drafter wrote and nobody changed since.
    Missing parent folders are created. ``record=False``: do not remember the write (files
    that ``created_by_drafter_ok`` will never be asked about, such as the corpus' PROVENANCE.md).
    """
    p = Path(path)
    if p.is_dir():
        raise OutputExistsError(f"{p} is a folder", hint="give a file name")
    overwrite = False
    if p.exists() or p.is_symlink():
        if force or (created_by_drafter_ok and was_created_by_drafter(p)):
            overwrite = True
        else:
            raise OutputExistsError(f"{p} exists; use --force to overwrite")
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        _write(p, lambda f: f.write(data), overwrite=overwrite)
    except OSError as e:
        raise _oserror(p, e) from e
    if record:
        _remember(p, hashlib.sha256(data).hexdigest())
    return p


def atomic_write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    force: bool = False,
    created_by_drafter_ok: bool = False,
    record: bool = True,
    encoding: str = "utf-8",
) -> Path:
    """:func:`atomic_write_bytes` for text (UTF-8, newlines written as given)."""
    return atomic_write_bytes(
        path,
        text.encode(encoding),
        force=force,
        created_by_drafter_ok=created_by_drafter_ok,
        record=record,
    )


@contextlib.contextmanager
def locked(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the ``with`` block: another process asking for
    the same lock waits. ``path`` is a folder (locked itself: nothing is created in it) or a
    lock file (created if need be). ``fcntl.flock`` on POSIX, released by the kernel when the
    process dies, however it dies; on Windows, where folders cannot be locked, nothing."""
    p = Path(path)
    if sys.platform == "win32":  # pragma: no cover - not tested on POSIX
        yield
        return
    import fcntl

    try:
        fd = os.open(p, os.O_RDONLY) if p.is_dir() else os.open(p, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as e:
        raise _oserror(p, e, "lock") from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def append_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Append ``text`` to ``path`` (created if need be) with one ``write`` on a file opened for
    appending: the text lands whole, after whatever is there, even when another process
    appends at the same time."""
    data = text.encode(encoding)
    p = Path(path)
    try:
        fd = os.open(p, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            if os.write(fd, data) != len(data):
                raise OSError(errno.ENOSPC, "short write")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:
        raise _oserror(p, e) from e


def safe_copy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> Path:
    """Copy ``src`` to ``dst`` byte for byte, atomically; never overwrites ``dst``.

    The copy is checked against the source's SHA-256 before it is moved into place.
    """
    s, d = Path(src), Path(dst)
    if d.exists() or d.is_symlink():
        raise OutputExistsError(f"{d} exists; drafter never overwrites a file it copies to")
    try:
        want = sha256_file(s)
    except OSError as e:
        raise _oserror(s, e, "read") from e

    def fill(f: BinaryIO) -> None:
        h = hashlib.sha256()
        with open(s, "rb") as r:
            for chunk in iter(lambda: r.read(_CHUNK), b""):
                h.update(chunk)
                f.write(chunk)
        if h.hexdigest() != want:
            raise DrafterError(f"{s} changed while it was being copied", hint="try again")

    try:
        d.parent.mkdir(parents=True, exist_ok=True)
        _write(d, fill, overwrite=False)
    except OSError as e:
        raise _oserror(d, e) from e
    return d


__all__ = [
    "STATE_ENV",
    "TEMP_PREFIX",
    "append_text",
    "locked",
    "atomic_write_bytes",
    "atomic_write_text",
    "safe_copy",
    "sha256_file",
    "state_dir",
    "was_created_by_drafter",
]
