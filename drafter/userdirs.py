"""drafter's per-user folders: the cache (the corpus store) and the state (record of the
files drafter wrote), and whether the corpus store is used at all. platformdirs answers
everywhere; on Linux the answer is the XDG rule, computed here without importing platformdirs
(10-30 ms, paid on every command)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

NO_CACHE_ENV = "DRAFTER_NO_CACHE"


def cache_enabled(flag: bool | None = None) -> bool:
    """Whether the corpus store is used: ``flag`` when given (``--no-cache`` passes False down),
    else unless the user set ``DRAFTER_NO_CACHE`` (to anything but "0")."""
    if flag is not None:
        return flag
    return os.environ.get(NO_CACHE_ENV, "").strip() in ("", "0")


_XDG = {"cache": ("XDG_CACHE_HOME", "~/.cache"), "state": ("XDG_STATE_HOME", "~/.local/state")}


def user_dir(kind: str, env_override: str) -> Path:
    """``$<env_override>`` if set, else the user's ``kind`` ("cache" or "state") folder of drafter."""
    env = os.environ.get(env_override, "").strip()
    if env:
        return Path(env).expanduser()
    if sys.platform.startswith("linux"):
        var, default = _XDG[kind]
        base = os.environ.get(var, "").strip()
        return Path(base if os.path.isabs(base) else os.path.expanduser(default)) / "drafter"
    import platformdirs

    if kind == "cache":
        return Path(platformdirs.user_cache_dir("drafter", appauthor=False))
    return Path(platformdirs.user_state_dir("drafter", appauthor=False))
