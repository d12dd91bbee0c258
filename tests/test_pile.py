"""Series by content (issue 13.7): a titled edition joins the untitled series its paragraphs
match, and ``drafter add FILE...`` sorts a pile into series by title, content and the citation
chain, with a table of what went where and why."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEEDS, SERIES, seed_path
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.corpus.folder import load_corpus
from drafter.corpus.pile import add_pile, group_pile, pile_files
from drafter.parse.parser import parse_file

sys.path.insert(0, str(REPO / "bench"))
import synth  # noqa: E402

runner = CliRunner()
OLDER = Path(__file__).resolve().parent / "fixtures" / "older"
GUARDS = Path(__file__).resolve().parent / "fixtures" / "guards"


def invoke(*args: str):
    return runner.invoke(app, list(args))


def _empty(tmp_path: Path) -> Path:
    c = tmp_path / "corpus"
    c.mkdir()
    return c


def _layout(corpus: Path) -> dict[str, list[str]]:
    return {d.name: sorted(p.name for p in d.iterdir() if p.suffix != ".md") for d in sorted(corpus.iterdir()) if d.is_dir()}


def test_titled_edition_joins_the_untitled_series_its_paragraphs_match(tmp_path: Path) -> None:
    """Oldest first: 60/156 (untitled, given --series), then 61/168 with its title."""
    c = _empty(tmp_path)
    r = invoke("add", str(seed_path("A/RES/60/156")), "--corpus", str(c), "--series", "cooperation", "--symbol", "A/RES/60/156")
    assert r.exit_code == 0, r.output
    r = invoke("add", str(seed_path("A/RES/61/168")), "--corpus", str(c))
    assert r.exit_code == 0, r.output
    assert "series cooperation:" in r.stderr and "the untitled series takes its title" in r.stderr
    assert _layout(c) == {"cooperation": ["A-RES-60-156.txt", "A-RES-60-156.txt.facts.json", "A-RES-61-168.txt"]}
    # the files are as received, and the series now has the title (from its editions)
    assert (c / "cooperation" / "A-RES-61-168.txt").read_bytes() == seed_path("A/RES/61/168").read_bytes()
    r = invoke("series", "--corpus", str(c), "--format", "json")
    import json

    (s,) = json.loads(r.stdout)["series"]
    assert s["title"] == "Enhancement of international cooperation in the field of human rights"
    assert "paragraphs match those of A/RES/60/156" in (c / "cooperation" / "PROVENANCE.md").read_text()


def test_a_titled_edition_of_another_question_starts_its_own_series(tmp_path: Path) -> None:
    c = _empty(tmp_path)
    invoke("add", str(seed_path("A/RES/60/156")), "--corpus", str(c), "--series", "cooperation", "--symbol", "A/RES/60/156")
    r = invoke("add", str(OLDER / "A-RES-728(VIII).txt"), "--corpus", str(c))
    assert r.exit_code == 0, r.output
    assert sorted(_layout(c)) == ["assistance-to-the-fisheries-of-small-island-territories", "cooperation"]


def test_pile_of_seeds_and_older_texts(tmp_path: Path) -> None:
    """The five seeds, three older texts and minutes, given as a folder, in any order."""
    pile = tmp_path / "pile"
    (pile / "sub").mkdir(parents=True)
    for sym in SEEDS:
        shutil.copy(seed_path(sym), pile / "sub" / seed_path(sym).name)
    for p in OLDER.glob("*.txt"):
        shutil.copy(p, pile / p.name)
    shutil.copy(GUARDS / "minutes.txt", pile / "minutes.txt")
    (pile / ".hidden.txt").write_text("not read")
    c = _empty(tmp_path)
    r = invoke("add", str(pile), "--corpus", str(c))
    assert r.exit_code == 1  # minutes.txt was refused
    assert _layout(c) == {
        "assistance-to-the-fisheries-of-small-island-territories": ["A-RES-728(VIII).txt"],
        SERIES: ["A-RES-60-156.txt", "A-RES-60-156.txt.facts.json", "A-RES-61-168.txt", "A-RES-63-180.txt",
                 "A-RES-66-152.txt", "A-RES-68-160.txt"],
        "international-cooperation-in-the-study-of-coastal-erosion": ["A-RES-2222(XXI).txt"],
        "question-of-the-peaceful-uses-of-inland-waterways": ["A-RES-1471(XIV).txt"],
    }
    out = " ".join(r.stdout.split())
    assert "A-RES-61-168.txt A/RES/61/168 61" in out
    assert "recalls its resolution 60/156 (A-RES-60-156.txt, in the pile)" in out
    assert "minutes.txt ? ? - REFUSED minutes.txt has no 'The General Assembly,' line" in out
    assert "8 of 9 files added" in out
    # every file byte for byte
    for sym in SEEDS:
        assert (c / SERIES / seed_path(sym).name).read_bytes() == seed_path(sym).read_bytes()


def test_untitled_edition_joins_the_pile_group_its_paragraphs_match(tmp_path: Path) -> None:
    """60/156 (untitled) and 63/180, which recalls 62/160 (not in the pile): by content."""
    items = [(seed_path(s), parse_file(seed_path(s), symbol=s)) for s in ("A/RES/63/180", "A/RES/60/156")]
    (group,) = group_pile(items)
    assert [p.name for p, _, _ in group] == ["A-RES-60-156.txt", "A-RES-63-180.txt"]
    assert "of its paragraphs match those of A-RES-60-156.txt" in group[1][2] or "match those of A-RES-63-180.txt" in group[0][2]


def test_pile_into_a_corpus_that_has_the_series(corpus_copy: Path, tmp_path: Path) -> None:
    """Editions of a series the corpus holds go there (by title), the rest elsewhere."""
    (corpus_copy / SERIES / "A-RES-68-160.txt").unlink()
    c = load_corpus(corpus_copy)
    rows = add_pile(c, [seed_path("A/RES/68/160"), OLDER / "A-RES-1471(XIV).txt"], series=None)
    by_file = {r.file: r for r in rows}
    assert by_file["A-RES-68-160.txt"].series == SERIES and by_file["A-RES-68-160.txt"].added
    assert "its title matches the series' title" in by_file["A-RES-68-160.txt"].why
    assert by_file["A-RES-1471(XIV).txt"].series == "question-of-the-peaceful-uses-of-inland-waterways"


def test_pile_refuses_per_file_and_goes_on(corpus_copy: Path) -> None:
    """A file already in the corpus, one missing: refused with their reason; nothing else stops."""
    c = load_corpus(corpus_copy)
    rows = add_pile(c, [seed_path("A/RES/66/152"), Path("/nonexistent/A-RES-1-1.txt"), OLDER / "A-RES-728(VIII).txt"])
    got = {r.file: (r.added, r.why) for r in rows}
    assert got["A-RES-66-152.txt"][0] is False and "already in the corpus" in got["A-RES-66-152.txt"][1]
    assert got["A-RES-1-1.txt"] == (False, "/nonexistent/A-RES-1-1.txt: no such file.")
    assert got["A-RES-728(VIII).txt"][0] is True


@pytest.mark.parametrize("seed", [1, 2])
def test_long_pile_of_two_synthetic_series_shuffled(tmp_path: Path, seed: int) -> None:
    """24 editions of two invented series (bench/synth), shuffled, with file names that say
    nothing: sorted into two series of 12, with the progress bar on (24 >= PROGRESS_FROM)."""
    g = synth.Generator(seed)
    pile = tmp_path / "pile"
    pile.mkdir()
    names = []
    expected: dict[str, set[str]] = {}
    for k, first in enumerate((50, 51)):
        spec, eds = g.series(12, period=2, first=first, last=first + 22, gaps=False)
        for ed in eds:
            names.append((ed, k))
            expected.setdefault(spec.title if hasattr(spec, "title") else str(k), set()).add(ed.slug)
    random.Random(seed).shuffle(names)
    for i, (ed, _k) in enumerate(names):
        (pile / f"download-{i:03d}.txt").write_text(synth.render("markdown", ed), encoding="utf-8")
    c = _empty(tmp_path)
    r = invoke("add", str(pile), "--corpus", str(c))
    assert r.exit_code == 0, r.output
    layout = _layout(c)
    assert len(layout) == 2 and sorted(len(v) for v in layout.values()) == [12, 12]
    got = sorted(sorted(Path(n).stem for n in v) for v in layout.values())
    want = sorted(sorted(v) for v in expected.values())
    assert got == want


def test_pile_files_lists_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x")
    (tmp_path / "a" / "x.txt.facts.json").write_text("{}")
    (tmp_path / "a" / ".git").mkdir()
    (tmp_path / "a" / ".git" / "y.txt").write_text("y")
    (tmp_path / "b.pdf").write_text("b")
    assert [p.name for p in pile_files([tmp_path / "a", tmp_path / "b.pdf", tmp_path / "a" / "x.txt"])] == ["x.txt", "b.pdf"]


def test_symbol_and_adopted_are_for_one_file(tmp_path: Path) -> None:
    r = invoke("add", str(seed_path("A/RES/60/156")), str(seed_path("A/RES/61/168")), "--corpus", str(_empty(tmp_path)), "--symbol", "A/RES/60/156")
    assert r.exit_code == 2 and "--symbol and --adopted are for one file" in r.stderr  # a usage error


def test_pile_with_series_goes_into_that_series(tmp_path: Path) -> None:
    c = _empty(tmp_path)
    r = invoke("add", str(seed_path("A/RES/66/152")), str(OLDER / "A-RES-728(VIII).txt"), "--corpus", str(c), "--series", "mixed")
    assert r.exit_code == 0, r.output
    assert _layout(c) == {"mixed": ["A-RES-66-152.txt", "A-RES-728(VIII).txt"]}
    assert r.stdout.count("given with --series") == 2


def test_every_fixture_series_sorted_back_from_a_flat_pile(tmp_path: Path) -> None:
    """Every edition of the invented fixture corpora (tests/fixtures/corpora, each with its
    PROVENANCE.md), copied into one folder under names that say nothing, is sorted back into
    its own series: one series per original folder, no two folders merged."""
    src = Path(__file__).resolve().parent / "fixtures" / "corpora"
    pile = tmp_path / "pile"
    pile.mkdir()
    origin: dict[str, str] = {}
    for k, p in enumerate(sorted(q for q in src.rglob("*") if q.suffix in (".txt", ".docx", ".pdf") and "expected" not in q.parts)):
        name = f"download-{k:03d}{p.suffix}"
        shutil.copy(p, pile / name)
        origin[name] = f"{p.parent.parent.name}/{p.parent.name}"
    assert len(set(origin.values())) >= 15
    c = load_corpus(_empty(tmp_path))
    rows = add_pile(c, pile_files([pile]))
    assert all(r.added for r in rows), [r for r in rows if not r.added]
    series_of = {r.file: r.series for r in rows}
    by_origin: dict[str, set[str | None]] = {}
    for name, folder in origin.items():
        by_origin.setdefault(folder, set()).add(series_of[name])
    assert all(len(s) == 1 for s in by_origin.values()), {k: v for k, v in by_origin.items() if len(v) > 1}
    assert len({next(iter(s)) for s in by_origin.values()}) == len(by_origin)  # none merged


def test_a_mixed_recall_list_does_not_merge_two_series(tmp_path: Path) -> None:
    """1471 (XIV) recalling 'its resolutions 728 (VIII) ... and 1165 (XII)' (another series'
    resolution in its recall list): both in the pile, each keeps its own series."""
    pile = tmp_path / "pile"
    pile.mkdir()
    shutil.copy(OLDER / "A-RES-728(VIII).txt", pile / "a.txt")
    text = (OLDER / "A-RES-1471(XIV).txt").read_text(encoding="utf-8").replace(
        "Recalling its resolution 1165 (XII)", "Recalling its resolutions 728 (VIII) of 23 October 1953 and 1165 (XII)")
    (pile / "b.txt").write_text(text, encoding="utf-8")
    c = _empty(tmp_path)
    rows = add_pile(load_corpus(c), pile_files([pile]))
    assert {r.file: r.series for r in rows} == {
        "a.txt": "assistance-to-the-fisheries-of-small-island-territories",
        "b.txt": "question-of-the-peaceful-uses-of-inland-waterways",
    }
