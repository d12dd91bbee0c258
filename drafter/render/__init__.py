"""Renderers of a :class:`~drafter.model.draft.Draft`.

Word: :func:`render_docx` (``drafter.render.docx``), built on the OOXML helpers in
``drafter.render.ooxml``; ``drafter.render.revisions`` reads, accepts and rejects tracked
changes and comments in any .docx. Imports are lazy so that ``import drafter.render`` does not
pull in python-docx.
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "render_docx": "drafter.render.docx",
    "build_document": "drafter.render.docx",
    "reference_docx_path": "drafter.render.docx",
    "accept_all": "drafter.render.revisions",
    "reject_all": "drafter.render.revisions",
    "document_text": "drafter.render.revisions",
    "body_paragraph_texts": "drafter.render.revisions",
    "list_revisions": "drafter.render.revisions",
    "list_comments": "drafter.render.revisions",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'drafter.render' has no attribute {name!r}")
