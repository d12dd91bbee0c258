"""The one lock every write to a corpus is made under: a lock on the corpus folder itself
(``flock``: nothing is added to the folder, and the kernel releases it however the process
ends). Two ``drafter add`` into one corpus at once are serialised: neither loses the other's
PROVENANCE.md line, nor checks for duplicates while the other is copying."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def corpus_lock(root: Path | str) -> contextlib.AbstractContextManager[None]:
    """Hold the lock of the corpus at ``root`` for a ``with`` block."""
    from drafter.fsutil import locked

    return locked(Path(root))


def under_corpus_lock(fn: Callable[Concatenate[Any, P], T]) -> Callable[Concatenate[Any, P], T]:
    """``fn(corpus, ...)`` under the lock of ``corpus`` (a Corpus, with its ``root``, or the
    corpus folder): what it checks on disk and what it writes are one step for any other
    writer. The decorated function keeps its own signature."""

    @functools.wraps(fn)
    def locked(corpus: Any, *args: P.args, **kwargs: P.kwargs) -> T:
        with corpus_lock(getattr(corpus, "root", corpus)):
            return fn(corpus, *args, **kwargs)

    return locked


__all__ = ["corpus_lock", "under_corpus_lock"]
