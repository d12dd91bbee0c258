"""Shared fixtures: where the repository, the corpus and the seed editions are; golden files.

Golden files (``tests/golden/*.json``) are compared, never rewritten, unless pytest runs with
``--update-golden``; then they are written afresh and must be reviewed by hand before they
are committed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SERIES = "enhancement-of-international-cooperation-in-the-field-of-human-rights"
GOLDEN = Path(__file__).resolve().parent / "golden"

# The five seed editions and what the parser must find in each (issue 2):
# symbol: (preambular, operative, footnotes, adopted, plenary meeting)
SEEDS: dict[str, tuple[int, int, int, str, int]] = {
    "A/RES/60/156": (8, 10, 4, "2005-12-16", 64),
    "A/RES/61/168": (9, 11, 4, "2006-12-19", 81),
    "A/RES/63/180": (9, 11, 4, "2008-12-18", 70),
    "A/RES/66/152": (9, 12, 5, "2011-12-19", 89),
    "A/RES/68/160": (9, 14, 5, "2013-12-18", 70),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.json from the current parser instead of comparing "
        "(review every changed file by hand before committing it)",
    )


@pytest.fixture(autouse=True, scope="session")
def _state_dir(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Tests keep drafter's record of written files and its caches (parse cache, search index)
    in temporary folders, never in the user's own."""
    saved = {k: os.environ.get(k) for k in ("DRAFTER_STATE_DIR", "DRAFTER_CACHE_DIR")}
    os.environ["DRAFTER_STATE_DIR"] = str(tmp_path_factory.mktemp("drafter-state"))
    os.environ["DRAFTER_CACHE_DIR"] = str(tmp_path_factory.mktemp("drafter-cache"))
    yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def series_dir() -> Path:
    return CORPUS / SERIES


def seed_path(symbol: str) -> Path:
    return CORPUS / SERIES / (symbol.replace("/", "-") + ".txt")


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus."""
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


class Golden:
    """Compare data with ``tests/golden/<name>.json``, or write it with --update-golden."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, name: str, data: Any) -> None:
        path = GOLDEN / f"{name}.json"
        text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"no golden file {path.name}; run pytest --update-golden and review it")
        want = json.loads(path.read_text(encoding="utf-8"))
        assert data == want, (
            f"parse differs from {path.name} (if intended: --update-golden, review)"
        )


@pytest.fixture
def golden(update_golden: bool) -> Golden:
    return Golden(update_golden)
