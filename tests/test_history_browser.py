"""The HTML history report in a real browser: headless Chromium loads the page (a ``file://``
URL, network off), runs its script, and ``--dump-dom`` gives back the DOM after the script ran.
The page writes any script error into ``#js-errors`` and sets ``data-ready`` when its script
finished; Chromium's log (``--enable-logging=stderr``) shows every console message, and there
must be none. Filters are checked through the page's ``#kind=...`` links."""

from __future__ import annotations

import html as _html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS, SERIES

pytestmark = pytest.mark.slow


def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name) if not name.startswith("/") else (name if Path(name).exists() else None)
        if path:
            return path
    return None


CHROMIUM = _chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it when missing)",
)


def dump_dom(url: str, profile: Path) -> tuple[str, str]:
    """(DOM after load, Chromium's log) for ``url``."""
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
        "--virtual-time-budget=5000", "--dump-dom", url,
    ]  # fmt: skip
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("Chromium did not finish loading the page within 120 s")
    if p.returncode != 0 or "<html" not in p.stdout:
        pytest.skip(f"Chromium could not run here (exit {p.returncode}): {p.stderr.strip()[-300:]}")
    return p.stdout, p.stderr


def console_messages(log: str) -> list[str]:
    return [ln for ln in log.splitlines() if ":CONSOLE" in ln or "Uncaught" in ln]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from drafter.corpus.folder import load_corpus
    from drafter.engine.plan import choose_series
    from drafter.language.history import render_html, series_history

    h = series_history(choose_series(load_corpus(CORPUS), SERIES))
    path = tmp_path_factory.mktemp("report") / "history.html"
    path.write_text(render_html(h), encoding="utf-8")
    return path


def _visible_articles(dom: str) -> list[str]:
    """The opening tags of the paragraph cards that are not hidden."""
    return [m.group(0) for m in re.finditer(r"<article [^>]*>", dom) if " hidden" not in m.group(0)]


def _text(dom: str) -> str:
    return " ".join(_html.unescape(re.sub(r"<[^>]+>", " ", dom)).split())


@needs_chromium
def test_page_loads_without_errors_and_shows_the_paragraphs(report: Path, tmp_path: Path) -> None:
    dom, log = dump_dom(report.as_uri(), tmp_path / "profile")
    assert console_messages(log) == []
    assert 'data-ready="1"' in dom, "the page's script did not finish"
    errors = re.search(r'<div id="js-errors"[^>]*>(.*?)</div>\s*<section', dom, re.S)
    assert errors is not None and errors.group(1).strip() == ""
    assert 'data-shown="23"' in dom and len(_visible_articles(dom)) == 23
    text = _text(dom)
    assert "23 of 23 paragraphs shown" in text
    for line in (
        "OP8 operative op8@66 entered in 66/152; unchanged in 68/160",
        "OP10 operative op10@68 entered in 68/160",
        "OP12 operative op12@68 entered in 68/160",
        "OP13 operative op10@61 entered in 61/168; changed in 61/168 → 63/180, 63/180 → 66/152; unchanged in 68/160",
    ):
        assert line in text
    assert "Emphasizes the role of international cooperation in support of national efforts" in text
    assert "consecutive and compounded global crises" in text
    assert "Takes note of the holding of the seminar" in text
    assert "<del>to enhance</del>" in dom and "<ins>, including the Human Rights Council</ins>" in dom


@needs_chromium
@pytest.mark.parametrize(
    "fragment, shown",
    [
        ("kind=operative", 14),
        ("kind=preamble", 9),
        ("kind=dropped", 0),
        ("changed=1", 7),  # PP1-3, PP8, OP9, OP13, OP14
        ("edition=4", 5),  # 68/160: two new paragraphs, three changed
        ("kind=operative&changed=1&words=secretary-general", 1),
    ],
)
def test_filters(report: Path, tmp_path: Path, fragment: str, shown: int) -> None:
    dom, log = dump_dom(report.as_uri() + "#" + fragment, tmp_path / "profile")
    assert console_messages(log) == []
    assert 'data-ready="1"' in dom
    assert f'data-shown="{shown}"' in dom
    assert len(_visible_articles(dom)) == shown
    for tag in _visible_articles(dom):
        if "kind=operative" in fragment:
            assert 'data-kind="operative"' in tag
        if "changed=1" in fragment:
            assert 'data-changed="1"' in tag


@needs_chromium
def test_no_network_requests(report: Path, tmp_path: Path) -> None:
    """The page asks for nothing: its Content-Security-Policy forbids every fetch, so any
    attempt would be logged as a console violation."""
    dom, log = dump_dom(report.as_uri(), tmp_path / "profile")
    assert "Content-Security-Policy" in dom
    assert not [ln for ln in log.splitlines() if "Refused to" in ln or "net::ERR" in ln]
