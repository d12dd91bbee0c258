"""Precedent search (issue 6): ranking on the seeds, matched words, the index in the cache
directory (built once, refreshed when a corpus file changes, never left half-written), and
the ``drafter search`` command."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, SERIES
from typer.testing import CliRunner

import drafter.language.search as S
from drafter.cli.main import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own index cache (never the user's)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(S.CACHE_ENV, str(folder))
    return folder


# Phrases taken from the seeds with a few words changed, and the edition(s) and paragraph the
# words come from. The top hit must be that paragraph (a hit stands for every edition of the
# series with the same words, so the source must be one of them).
CASES = [
    ("Urges States to take the measures needed to enhance bilateral, regional and international cooperation "
     "aimed at addressing the negative impact of successive and compounded global crises",
     {("A/RES/68/160", "OP10")}),
    ("the Durban Review Conference, held at Geneva from 20 to 24 April 2009, and the political statement of "
     "the high-level meeting", {("A/RES/66/152", "PP3")}),
    ("the Durban Review Conference, held in Geneva from 20 until 24 April 2009, and the political declaration "
     "of the high level meeting", {("A/RES/68/160", "PP3")}),
    ("its resolution 60/156 of 16 December 2005, and taking into account Commission on Human Rights "
     "resolution 2005/54", {("A/RES/61/168", "PP2")}),
    ("Decides to continue consideration of this question at its sixty-first session", {("A/RES/60/156", "OP10")}),
    ("Decides to continue its examination of the question at its sixty-fourth session", {("A/RES/63/180", "OP11")}),
    ("ways and means to strengthen international cooperation and discussion in the United Nations human "
     "rights machinery, including the Human Rights Council", {("A/RES/63/180", "OP10")}),
    ("Takes note of the holding of the workshop on the enhancement of international cooperation in the "
     "field of human rights on 15 February 2013", {("A/RES/68/160", "OP12")}),
    ("Emphasizes the role of international cooperation in supporting national efforts and in increasing "
     "the capacity of Member States", {("A/RES/66/152", "OP8")}),
    ("confidence-building are essential elements in all the activities for the promotion and protection "
     "of human rights", {("A/RES/60/156", "PP7")}),
    ("Calls upon Member States, the specialized agencies and intergovernmental organisations to continue "
     "to carry on a constructive dialogue", {("A/RES/63/180", "OP8")}),
    ("human rights should be founded on the principle of cooperation and real dialogue and aimed at "
     "strengthening the capacity of States", {("A/RES/61/168", "PP5")}),
    # 61/168 and 63/180 carry these words alike; either is the source
    ("consult States and intergovernmental organizations on ways and means to improve international cooperation",
     {("A/RES/61/168", "OP10"), ("A/RES/63/180", "OP10")}),
]


@pytest.mark.parametrize("phrase, sources", CASES, ids=[c[0][:40] for c in CASES])
def test_true_source_ranks_first(phrase: str, sources: set[tuple[str, str]]) -> None:
    r = S.search(CORPUS, phrase, limit=5)
    assert r.hits, f"no hit for {phrase!r}"
    top = r.hits[0]
    carried = {(o.symbol, o.paragraph) for o in top.editions}
    assert carried & sources, f"top hit {top.symbol} {top.paragraph} ({top.score:.1f}); wanted {sources}"
    assert not top.exact and 60 <= top.score < 100


def test_exact_match_and_offsets() -> None:
    phrase = "held at Geneva from 20 to 24 April 2009"
    r = S.search(CORPUS, phrase, limit=3)
    top = r.hits[0]
    assert top.exact and top.score == 100
    assert (top.symbol, top.paragraph, top.kind, top.number) == ("A/RES/66/152", "PP3", "preambular", 3)
    assert top.text[top.start : top.end] == phrase == top.matched
    assert top.adopted == "2011-12-19"
    second = r.hits[1]
    assert second.symbol == "A/RES/68/160" and second.matched == "held in Geneva from 20 to 24 April 2009"


def test_same_words_in_several_editions_are_one_hit() -> None:
    r = S.search(CORPUS, "Emphasizes the role of international cooperation in support of national efforts")
    top = r.hits[0]
    assert top.exact
    assert [o.symbol for o in top.editions] == ["A/RES/66/152", "A/RES/68/160"]  # first used in 66/152
    assert top.symbol == "A/RES/68/160" and top.paragraph == "OP8"  # shown at its latest edition
    assert top.to_dict()["first_used"] == "A/RES/66/152"


def test_matched_words_are_whole_words_and_cover_an_insertion() -> None:
    # the precedent has words the phrase leaves out ("and non-governmental")
    r = S.search(CORPUS, "consult States and intergovernmental organizations on ways and means to enhance international cooperation")
    top = r.hits[0]
    assert top.matched.startswith("consult States and intergovernmental and non-governmental organizations")
    assert top.matched.endswith("international cooperation")
    assert top.text[top.start - 1] == " " and top.text[top.end] == " "


def test_no_hit_and_bad_input() -> None:
    assert S.search(CORPUS, "xyzzy plugh quux").hits == ()
    with pytest.raises(S.DrafterError):
        S.search(CORPUS, " ,;  ")
    with pytest.raises(S.DrafterError):
        S.search(CORPUS, "human rights", limit=0)


def test_limit() -> None:
    assert len(S.search(CORPUS, "human rights", limit=3).hits) == 3


# --- the index ---------------------------------------------------------------------------------


def test_index_lives_in_the_cache_keyed_by_corpus(cache: Path, corpus_copy: Path) -> None:
    a = S.ensure_index(CORPUS)
    b = S.ensure_index(corpus_copy)
    assert a.path.parent == cache and b.path.parent == cache and a.path != b.path
    assert a.action == "built" and a.files == 5
    again = S.ensure_index(CORPUS)
    assert again.action == "fresh" and again.path == a.path
    with sqlite3.connect(a.path) as conn:
        assert conn.execute("SELECT count(*) FROM editions").fetchone()[0] == 5
        assert conn.execute("SELECT count(*) FROM paras").fetchone()[0] == 8 + 10 + 9 + 11 + 9 + 11 + 9 + 12 + 9 + 14
        sizes = conn.execute("SELECT size, sha256 FROM files WHERE rel LIKE '%A-RES-68-160.txt'").fetchone()
    f = CORPUS / SERIES / "A-RES-68-160.txt"
    assert sizes[0] == f.stat().st_size and len(sizes[1]) == 64


def test_new_parser_code_rebuilds_the_index(corpus_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert S.ensure_index(corpus_copy).action == "built"
    assert S.ensure_index(corpus_copy).action == "fresh"
    monkeypatch.setattr(S, "_version", lambda: "another parser")
    assert S.ensure_index(corpus_copy).action == "built"


def test_platformdirs_cache_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(S.CACHE_ENV)
    from platformdirs import user_cache_dir

    assert S.cache_dir() == Path(user_cache_dir("drafter"))


def _age(folder: Path, seconds: int = 60) -> None:
    """Make every file look written ``seconds`` ago (files just written are hashed again on
    the next check, whatever their stat says)."""
    for p in folder.rglob("*"):
        if p.is_file():
            st = p.stat()
            os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def test_touched_file_is_hashed_not_reparsed(corpus_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _age(corpus_copy, 120)
    S.ensure_index(corpus_copy)
    f = corpus_copy / SERIES / "A-RES-63-180.txt"
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 60_000_000_000))
    info = S.ensure_index(corpus_copy)
    assert info.action == "fresh" and info.reparsed_series == ()  # hashed, recorded, not parsed
    # the folder's listing is recorded again: the next check does not even hash
    hashed: list[Path] = []
    original = S._sha256
    monkeypatch.setattr(S, "_sha256", lambda p: hashed.append(p) or original(p))
    assert S.ensure_index(corpus_copy).action == "fresh"
    assert hashed == []


def test_changed_added_and_removed_files_refresh_the_index(corpus_copy: Path) -> None:
    phrase = "Welcomes the cooperation of the Mars Colonial Authority"
    assert S.search(corpus_copy, phrase).hits == ()
    f = corpus_copy / SERIES / "A-RES-68-160.txt"
    text = f.read_text(encoding="utf-8")
    old = "Takes note of the holding of the seminar"
    assert old in text
    f.write_text(text.replace(old, "Welcomes the cooperation of the Mars Colonial Authority and takes note of the holding of the seminar"), encoding="utf-8")
    r = S.search(corpus_copy, phrase)
    assert r.index is not None and r.index.action == "updated" and r.index.reparsed_series == (SERIES,)
    assert r.hits and r.hits[0].exact and r.hits[0].symbol == "A/RES/68/160"
    # a new series folder
    other = corpus_copy / "another-series"
    other.mkdir()
    shutil.copy(CORPUS / SERIES / "A-RES-60-156.txt", other / "A-RES-60-156.txt")
    r = S.search(corpus_copy, "sixty-first session")
    assert r.index is not None and r.index.reparsed_series == ("another-series",)
    assert {h.series for h in r.hits} >= {SERIES, "another-series"}
    # a file removed
    (other / "A-RES-60-156.txt").unlink()
    r = S.search(corpus_copy, "sixty-first session")
    assert r.index is not None and r.index.action == "updated"
    assert {h.series for h in r.hits} == {SERIES}


def test_facts_sidecar_change_reparses_its_series(corpus_copy: Path) -> None:
    S.ensure_index(corpus_copy)
    sidecar = corpus_copy / SERIES / "A-RES-60-156.txt.facts.json"
    sidecar.write_text('{"adopted": "2005-12-16"}\n', encoding="utf-8")
    info = S.ensure_index(corpus_copy)
    assert info.action == "updated" and info.reparsed_series == (SERIES,)
    again = S.ensure_index(corpus_copy)
    assert again.action == "fresh" and again.reparsed_series == ()


def test_file_edited_just_after_indexing_is_checked_again(corpus_copy: Path) -> None:
    """An edit in the same clock tick as the scan, keeping the size, is still seen: files
    written in the last two seconds are recorded so that the next check hashes them."""
    f = corpus_copy / SERIES / "A-RES-68-160.txt"
    text = f.read_text(encoding="utf-8")
    os.utime(f)  # just written
    S.ensure_index(corpus_copy)
    st = f.stat()
    f.write_text(text.replace("seminar", "SEMINAR"), encoding="utf-8")  # same size
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime
    info = S.ensure_index(corpus_copy)
    assert info.action == "updated" and info.reparsed_series == (SERIES,)


def test_unwritable_cache_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(S.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.setenv("DRAFTER_NO_CACHE", "1")  # the parse cache would complain first
    r = runner.invoke(app, ["search", "human rights", "--corpus", str(CORPUS)])
    assert r.exit_code == 1
    assert "cannot write the search index" in r.stderr and S.CACHE_ENV in r.stderr
    assert "Traceback" not in r.stderr


def _leftovers(cache: Path) -> list[str]:
    """Files of the search index other than the index itself (the parse cache is not ours)."""
    return sorted(
        p.name for p in cache.iterdir()
        if p.name.lstrip(".").startswith("search-") and (".tmp-" in p.name or p.name.endswith(("-journal", "-wal")))
    )


def test_interrupted_first_build_leaves_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(S, "_insert_editions", boom)
    with pytest.raises(KeyboardInterrupt):
        S.ensure_index(CORPUS)
    assert not S.index_path(CORPUS).exists()
    assert _leftovers(cache) == []


def test_interrupted_update_keeps_the_old_index(cache: Path, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = S.ensure_index(corpus_copy)
    before = info.path.read_bytes()
    f = corpus_copy / SERIES / "A-RES-68-160.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("seminar", "workshop"), encoding="utf-8")
    calls = []
    original = S._insert_editions

    def half(conn, editions):  # write some rows, then die
        calls.append(1)
        conn.execute("INSERT INTO editions(series) VALUES ('half')")
        raise KeyboardInterrupt

    monkeypatch.setattr(S, "_insert_editions", half)
    with pytest.raises(KeyboardInterrupt):
        S.ensure_index(corpus_copy)
    assert calls and info.path.read_bytes() == before
    assert _leftovers(cache) == []
    monkeypatch.setattr(S, "_insert_editions", original)
    r = S.search(corpus_copy, "holding of the workshop")
    assert r.hits[0].exact and r.hits[0].symbol == "A/RES/68/160"


def test_damaged_index_is_rebuilt(corpus_copy: Path) -> None:
    info = S.ensure_index(corpus_copy)
    info.path.write_bytes(b"this is not a database" * 100)
    r = S.search(corpus_copy, "held at Geneva")
    assert r.index is not None and r.index.action == "built"
    assert r.hits[0].symbol == "A/RES/66/152"


def test_stale_temp_files_are_cleaned(cache: Path, corpus_copy: Path) -> None:
    path = S.index_path(corpus_copy)
    cache.mkdir(parents=True)
    stale = path.with_name(f".{path.name}.tmp-1-deadbeef")
    stale.write_bytes(b"half")
    os.utime(stale, (0, 0))
    recent = path.with_name(f".{path.name}.tmp-2-cafef00d")
    recent.write_bytes(b"a build running now")
    S.ensure_index(corpus_copy)
    assert not stale.exists() and recent.exists()


def test_index_built_from_editions_directly(tmp_path: Path) -> None:
    from drafter.corpus.folder import load_corpus

    eds = [S.IndexedEdition.of(ed.series, ed.resolution, ed.path.name) for ed in load_corpus(CORPUS).editions]
    path = tmp_path / "direct.sqlite3"
    assert S.write_index(path, eds) == (5, 102)
    hits, terms, n = S.search_index(path, "held in Geneva from 20 to 24 April 2009")
    assert hits[0].symbol == "A/RES/68/160" and hits[0].exact and n > 0
    assert '"geneva"' in terms


# --- the command -------------------------------------------------------------------------------


def test_cli_search_json() -> None:
    r = runner.invoke(app, ["search", "held at Geneva from 20 to 24 April 2009", "--corpus", str(CORPUS), "--format", "json", "--limit", "2"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert len(data["hits"]) == 2
    h = data["hits"][0]
    assert h["symbol"] == "A/RES/66/152" and h["adopted"] == "2011-12-19"
    assert h["kind"] == "preambular" and h["number"] == 3 and h["exact"] is True
    assert h["text"][h["start"] : h["end"]] == "held at Geneva from 20 to 24 April 2009"
    assert "building the search index" in r.stderr  # first search: the index is built


def test_cli_search_table_highlights() -> None:
    r = runner.invoke(app, ["search", "Takes note of the holding of the workshop", "--corpus", str(CORPUS)])
    assert r.exit_code == 0, r.output
    assert "A/RES/68/160" in r.stdout and "OP12" in r.stdout
    assert "»Takes note of the holding of the seminar«" in r.stdout  # no colours: marked


def test_cli_search_markup_in_text_is_not_interpreted(corpus_copy: Path) -> None:
    f = corpus_copy / SERIES / "A-RES-68-160.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("Takes note of the holding", "Takes note [bold]of[/bold] the holding"), encoding="utf-8")
    r = runner.invoke(app, ["search", "Takes note of the holding of the seminar", "--corpus", str(corpus_copy)])
    assert r.exit_code == 0, r.output
    assert "[bold]of[/bold]" in r.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--limit", "0"], "--limit 0: must be at least 1"),
        (["--format", "xml"], "'xml' is not one of 'table', 'json'"),
        (["--min-score", "120"], "--min-score 120: must be between 0 and 100"),
    ],
)
def test_cli_search_errors(args: list[str], message: str) -> None:
    r = runner.invoke(app, ["search", "human rights", "--corpus", str(CORPUS), *args])
    assert r.exit_code == 2 and message in " ".join(r.stderr.replace("│", " ").split())  # usage


# --- the benchmark -----------------------------------------------------------------------------


def test_bench_search_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """bench/search_bench.py runs end to end on a small corpus (the figures are for bench/)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("search_bench", Path(__file__).resolve().parents[1] / "bench" / "search_bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "search_bench", bench)
    spec.loader.exec_module(bench)
    r = bench.bench_search(120, 3, n_queries=5, cold_files=12, workdir=tmp_path / "work", settle=0)
    assert r["editions"] == 120 and r["paragraphs"] > 1000
    assert r["query"]["n"] == 5 and r["query"]["median_ms"] > 0 and r["query"]["top10"] > 0
    assert r["cold"]["files"] == 12 and r["cold"]["warnings"] == 0
    again = bench.bench_search(120, 3, n_queries=5, workdir=tmp_path / "again")
    assert again["paragraphs"] == r["paragraphs"]  # deterministic for a seed
