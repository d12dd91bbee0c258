"""drafter's per-user folders: the cache (the corpus store) and the state (record of the
files drafter wrote), as platformdirs gives them on each system, and whether the corpus store
is used at all."""

from __future__ import annotations

import os
from pathlib import Path

NO_CACHE_ENV = "DRAFTER_NO_CACHE"


def cache_enabled(flag: bool | None = None) -> bool:
    """Whether the corpus store is used: ``flag`` when given (``--no-cache`` passes False down),
    else unless the user set ``DRAFTER_NO_CACHE`` (to anything but "0")."""
    if flag is not None:
        return flag
    return os.environ.get(NO_CACHE_ENV, "").strip() in ("", "0")


def user_dir(kind: str, env_override: str) -> Path:
    """``$<env_override>`` if set, else the user's ``kind`` ("cache" or "state") folder of drafter."""
    env = os.environ.get(env_override, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    if kind == "cache":
        return Path(platformdirs.user_cache_dir("drafter", appauthor=False))
    return Path(platformdirs.user_state_dir("drafter", appauthor=False))
