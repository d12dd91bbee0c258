"""Writing a :class:`~drafter.model.draft.Draft` to a file or to stdout, in one of its formats.

Used by ``drafter next`` (one series) and by :mod:`drafter.engine.batch` (``next --all``), so
that both name, render and write drafts the same way: ``.docx`` by default (tracked changes,
comments), or the Markdown or JSON rendering. Files are written atomically, and an existing file
is replaced only when drafter wrote it and nobody changed it since, or with ``force``
(:func:`drafter.fsutil.atomic_write_bytes`).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from drafter.errors import DrafterError
from drafter.model.draft import Draft

#: the formats a draft is written in
DRAFT_FORMATS = ("docx", "md", "json")


def default_output(draft: Draft, fmt: str) -> Path:
    """``drafts/<series>-session-<N>.<fmt>``: the slug is cut to 60 characters."""
    slug = draft.series[:60].rstrip("-")
    return Path("drafts") / f"{slug}-session-{draft.target_session}.{fmt}"


def draft_bytes(
    draft: Draft,
    fmt: str,
    *,
    author: str = "drafter",
    date: datetime | None = None,
    clean: bool = False,
    reference: Path | None = None,
    allow_open: bool = False,
) -> bytes:
    """The draft rendered in ``fmt`` (docx, md or json). A clean .docx refuses while
    placeholders are open, unless ``allow_open`` (they stay highlighted)."""
    if fmt == "docx":
        from drafter.render.docx import docx_bytes

        return docx_bytes(draft, author=author, date=date, clean=clean, reference=reference, allow_open=allow_open)
    if fmt == "md":
        from drafter.render.markdown import render_markdown

        return render_markdown(draft).encode("utf-8")
    if fmt == "json":
        return (draft.to_json() + "\n").encode("utf-8")
    raise DrafterError(f"--format {fmt!r} is not known", hint="use " + ", ".join(DRAFT_FORMATS))


def write_draft(
    draft: Draft,
    fmt: str,
    output: Path | None,
    *,
    force: bool = False,
    author: str = "drafter",
    date: datetime | None = None,
    clean: bool = False,
    reference: Path | None = None,
) -> Path | None:
    """Render ``draft`` and write it; return the path written, or None when it went to stdout.

    A .docx goes to ``output`` or :func:`default_output`; Markdown and JSON go to stdout unless
    ``output`` names a file; ``-`` is stdout for every format. ``reference`` is the .docx whose
    house style the draft takes. A clean .docx refuses while placeholders are open, unless
    ``force`` (they stay highlighted)."""
    from drafter.fsutil import atomic_write_bytes

    fmt = str(fmt)
    data = draft_bytes(draft, fmt, author=author, date=date, clean=clean, reference=reference, allow_open=force)
    if output is not None and str(output) == "-" or (fmt != "docx" and output is None):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    out = output if output is not None else default_output(draft, fmt)
    atomic_write_bytes(out, data, force=force, created_by_drafter_ok=True)
    return out


__all__ = ["DRAFT_FORMATS", "default_output", "draft_bytes", "write_draft"]
