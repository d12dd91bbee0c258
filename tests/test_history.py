"""Paragraph history (issue 6): word-level diffs, the seeds' paragraph histories, dropped
paragraphs, the four output formats and the ``drafter history`` command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import CORPUS, SERIES
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.language.history import (
    History,
    build_history,
    render_html,
    render_markdown,
    series_history,
    word_diff,
)
from drafter.model.resolution import Paragraph, Resolution

runner = CliRunner()


@pytest.fixture(scope="module")
def seeds() -> History:
    from drafter.corpus.folder import load_corpus
    from drafter.engine.plan import choose_series

    return series_history(choose_series(load_corpus(CORPUS), SERIES))


# --- word diff ---------------------------------------------------------------------------------


def _sides(diff) -> tuple[str, str]:
    old = "".join(s.text for s in diff if s.op != "insert")
    new = "".join(s.text for s in diff if s.op != "delete")
    return old, new


def test_word_diff_marks_whole_words() -> None:
    d = word_diff("held at Durban, South Africa", "held in Durban, South Africa")
    assert [(s.op, s.text) for s in d] == [
        ("equal", "held"),
        ("delete", " at"),
        ("insert", " in"),
        ("equal", " Durban, South Africa"),
    ]


def test_word_diff_folds_small_words_between_changes() -> None:
    # "of" left alone between two rewrites would make the diff hard to read
    d = word_diff("to enhance of cooperation", "for the enhancement of their cooperation")
    ops = [s.op for s in d]
    assert ops.count("delete") == 1 and ops.count("insert") == 1


words = st.lists(st.sampled_from(["the", "of", "States", "rights", ",", "human", "Council", "2009", ";"]), max_size=12)


@settings(max_examples=200, deadline=None)
@given(words, words)
def test_word_diff_gives_back_both_texts(a: list[str], b: list[str]) -> None:
    old, new = " ".join(a), " ".join(b)
    got_old, got_new = _sides(word_diff(old, new))
    assert (" ".join(got_old.split()), " ".join(got_new.split())) == (old, new)


def test_word_diff_of_equal_texts_is_one_equal_segment() -> None:
    assert [s.op for s in word_diff("Reaffirms that", "Reaffirms that")] == ["equal"]


# --- the seeds ---------------------------------------------------------------------------------


def test_seed_editions_in_order(seeds: History) -> None:
    assert [e.symbol for e in seeds.editions] == [
        "A/RES/60/156", "A/RES/61/168", "A/RES/63/180", "A/RES/66/152", "A/RES/68/160",
    ]  # fmt: skip
    assert len(seeds.current) == 9 + 14  # every paragraph of the latest edition
    assert seeds.dropped == ()  # the seeds never drop a paragraph


@pytest.mark.parametrize(
    "start, label, entered",
    [
        ("Emphasizes the role of international cooperation in support of national efforts", "OP8", "A/RES/66/152"),
        ("Urges States to take measures necessary to enhance bilateral, regional and international cooperation", "OP10", "A/RES/68/160"),
        ("Takes note of the holding of the seminar", "OP12", "A/RES/68/160"),
        ("Recognizing also that the promotion and protection of human rights should be based", "PP5", "A/RES/61/168"),
        ("Reaffirms that it is one of the purposes of the United Nations", "OP1", "A/RES/60/156"),
    ],
)
def test_where_paragraphs_entered(seeds: History, start: str, label: str, entered: str) -> None:
    p = seeds.find(start)
    assert p is not None and p.label == label
    assert p.introduced.symbol == entered
    assert p.events[0].status == "introduced"


def test_urges_states_paragraph_is_about_compounded_crises(seeds: History) -> None:
    p = seeds.find("Urges States to take measures necessary")
    assert p is not None and "consecutive and compounded global crises" in p.text
    assert [e.status for e in p.events] == ["introduced"]


def test_requests_the_secretary_general_changed_twice_on_the_way_to_66_152(seeds: History) -> None:
    """The issue says it 'changed in 61/168 -> 66/152'; the texts show two steps, because 63/180
    lies in between: 63/180 adds the Human Rights Council, 66/152 rewrites 'to enhance'."""
    p = seeds.find("Requests the Secretary-General")
    assert p is not None and p.id == "op10@61" and p.label == "OP13"
    assert [(e.edition.symbol, e.status) for e in p.events] == [
        ("A/RES/61/168", "introduced"),
        ("A/RES/63/180", "changed"),
        ("A/RES/66/152", "changed"),
        ("A/RES/68/160", "unchanged"),
    ]
    first, second = p.changes
    assert first.previous is not None and first.previous.symbol == "A/RES/61/168"
    assert [(s.op, s.text) for s in first.diff if s.op != "equal"] == [
        ("insert", ", including the Human Rights Council"),
    ]
    assert [(s.op, s.text.strip()) for s in second.diff if s.op != "equal"] == [
        ("delete", "to enhance"),
        ("insert", ", as well as obstacles and challenges and possible proposals to overcome them, for the enhancement of"),
    ]
    assert second.label == "OP11" and first.label == "OP10"  # renumbered as paragraphs came in


def test_punctuation_only_change_is_marked_minor(seeds: History) -> None:
    p = seeds.find("Reaffirming its commitment to promoting international cooperation")
    assert p is not None
    (change,) = p.changes
    assert change.edition.symbol == "A/RES/66/152" and change.minor
    assert [(s.op, s.text) for s in change.diff if s.op != "equal"] == [("delete", ",")]


def test_unchanged_editions_listed(seeds: History) -> None:
    p = seeds.find("Recalling also the World Conference against Racism")
    assert p is not None
    assert [e.symbol for e in p.unchanged_in] == ["A/RES/61/168", "A/RES/63/180"]
    assert [e.edition.symbol for e in p.changes] == ["A/RES/66/152", "A/RES/68/160"]
    last = p.changes[-1]
    assert [(s.op, s.text.strip()) for s in last.diff if s.op != "equal"] == [
        ("delete", "at"), ("insert", "in"), ("delete", "at"), ("insert", "in"),
    ]  # fmt: skip


def test_counts_per_edition(seeds: History) -> None:
    c = seeds.counts(seeds.editions[-1])
    assert c["introduced"] == 2 and c["dropped"] == 0
    assert sum(c.values()) == 23


# --- dropped paragraphs ------------------------------------------------------------------------


def _res(session: int, pre: list[str], ops: list[str]) -> Resolution:
    return Resolution(
        symbol=f"A/RES/{session}/1",
        session=session,
        preamble=tuple(Paragraph("preamble", t) for t in pre),
        operative=tuple(Paragraph("operative", t, number=i) for i, t in enumerate(ops, 1)),
    )


def test_dropped_paragraph_and_when() -> None:
    keep = "Reaffirms the importance of the enhancement of international cooperation for the promotion of human rights;"
    gone = "Welcomes the report of the Secretary-General on the follow-up to the World Conference on Human Rights;"
    end = "Decides to continue its consideration of the question at its next session."
    h = build_history(
        [_res(60, ["Recalling its resolutions,"], [keep, gone, end]),
         _res(61, ["Recalling its resolutions,"], [keep, gone, end]),
         _res(62, ["Recalling its resolutions,"], [keep, end])],
        series="s",
    )
    (d,) = h.dropped
    assert d.text == gone and d.label == "OP2" and d.status == "dropped"
    assert d.dropped is not None and d.dropped.symbol == "A/RES/62/1"
    assert [e.status for e in d.events] == ["introduced", "unchanged", "dropped"]
    assert h.paragraphs[-1] is d  # dropped ones come after the latest edition's
    data = h.to_dict()
    assert data["paragraphs"][-1]["dropped"] == "A/RES/62/1"
    assert "Dropped paragraphs" in render_markdown(h)
    html = render_html(h)
    assert 'data-status="dropped"' in html and "Welcomes the report" in html


# --- formats -----------------------------------------------------------------------------------


def test_json_is_complete(seeds: History) -> None:
    data = json.loads(seeds.to_json())
    assert [e["symbol"] for e in data["editions"]][-1] == "A/RES/68/160"
    sg = next(p for p in data["paragraphs"] if p["text"].startswith("Requests the Secretary-General"))
    assert sg["introduced"] == "A/RES/61/168"
    assert sg["changed"] == ["A/RES/63/180", "A/RES/66/152"]
    assert sg["unchanged"] == ["A/RES/68/160"]
    ev = sg["events"][2]
    assert ev["previous"] == "A/RES/63/180" and {d["op"] for d in ev["diff"]} == {"equal", "insert", "delete"}


def test_markdown_uses_criticmarkup(seeds: History) -> None:
    md = render_markdown(seeds)
    assert "held {--at--} {++in++} Durban" in md
    assert "### OP8 (op8@66)" in md


def test_html_is_self_contained_and_escaped() -> None:
    evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    h = build_history([_res(60, [evil], ["Decides;"]), _res(61, [evil + " more"], ["Decides;"])], series="s<b>", title="T <i>")
    html = render_html(h)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "s&lt;b&gt;" in html and "T &lt;i&gt;" in html
    # no network: nothing fetched from anywhere
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", html, re.I)
    assert "@import" not in html and "url(" not in html
    assert html.count("<script>") == 1  # the page's own, inline


def test_html_seeds_shows_timeline_filters_and_diffs(seeds: History) -> None:
    html = render_html(seeds)
    for sym in ("60/156", "61/168", "63/180", "66/152", "68/160"):
        assert f'<span class="sym">{sym}</span>' in html
    for kind in ("all", "preamble", "operative", "dropped"):
        assert f'data-kind="{kind}"' in html
    assert "<del>to enhance</del>" in html
    assert "<ins>, including the Human Rights Council</ins>" in html
    assert html.count('<article class="para') == 23


# --- the command -------------------------------------------------------------------------------


def test_cli_history_table() -> None:
    r = runner.invoke(app, ["history", "--corpus", str(CORPUS)])
    assert r.exit_code == 0, r.output
    assert "A/RES/68/160" in r.stdout and "op10@61" in r.stdout
    assert "machinery{+," in r.stdout and "[-to" in r.stdout  # no colours: changes marked in words


@pytest.mark.parametrize("fmt, marker", [("json", '"paragraphs"'), ("md", "# Paragraph history"), ("html", "<!DOCTYPE html>")])
def test_cli_history_formats_to_file(tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / f"h.{fmt}"
    r = runner.invoke(app, ["history", "--corpus", str(CORPUS), "--series", "enhancement", "--format", fmt, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert marker in out.read_text(encoding="utf-8")
    assert r.stdout == ""


def test_cli_history_table_to_file_and_no_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "h.txt"
    out.write_text("mine\n")
    r = runner.invoke(app, ["history", "--corpus", str(CORPUS), "-o", str(out)])
    assert r.exit_code == 1
    assert out.read_text() == "mine\n"
    r = runner.invoke(app, ["history", "--corpus", str(CORPUS), "-o", str(out), "--force"])
    assert r.exit_code == 0, r.output
    assert "Requests the Secretary-General" in out.read_text(encoding="utf-8")


def test_cli_history_bad_format_and_series() -> None:
    r = runner.invoke(app, ["history", "--corpus", str(CORPUS), "--format", "pdf"])
    assert r.exit_code == 2 and "'pdf' is not one of" in r.stderr  # a usage error
    r = runner.invoke(app, ["history", "--corpus", str(CORPUS), "--series", "nope"])
    assert r.exit_code == 1 and "no series 'nope'" in r.stderr
