"""The next-session engine on the seeds and on fixture series: the session-69 draft, a gap in the
corpus, a five-yearly mandate with old-style symbols, the backtest, facts, templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.corpus.folder import load_corpus
from drafter.engine.backtest import backtest
from drafter.engine.infer import infer_template
from drafter.engine.plan import choose_series, make_draft
from drafter.engine.rollover import roll_over
from drafter.engine.template_io import read_template, write_template
from drafter.errors import DrafterError

HERE = Path(__file__).resolve().parent
FIVE = HERE / "fixtures" / "corpora" / "five-yearly"


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path):  # type: ignore[no-untyped-def]
    return load_corpus(corpus_dir)


@pytest.fixture(scope="module")
def draft69(corpus):  # type: ignore[no-untyped-def]
    return make_draft(corpus, 69, templates_dir=HERE / "no-templates-here")


def test_session_69_golden(draft69, golden) -> None:  # type: ignore[no-untyped-def]
    golden.check("draft-session-69", draft69.to_dict())


def test_session_69_points_of_the_issue(draft69) -> None:  # type: ignore[no-untyped-def]
    d = draft69
    assert d.base_symbol == "A/RES/68/160"
    assert "its resolution 68/160 of 18 December 2013" in d.preamble[1].text()
    # every change is recorded with rule and evidence
    rules = {(c.where, c.old, c.new, c.rule) for c in d.changes}
    assert ("pp2", "67/169 of 20 December 2012", "68/160 of 18 December 2013", "previous-edition") in rules
    assert ("op14", "sixty-ninth", "seventieth", "session-linked") in rules
    assert len(d.changes) == 2
    assert d.operative[-1].text().endswith("at its seventieth session.")
    assert [p.number for p in d.operative] == list(range(1, 15))
    assert [f.number for f in d.footnotes] == [1, 2, 3, 4, 5]
    assert d.masthead.session == "Sixty-ninth session"
    assert d.masthead.symbol == "A/C.3/69/L.__"
    keys = {p.key: p for p in d.placeholders}
    for key in ("symbol", "date", "agenda_item", "sponsors", "hrc", "hrc_report"):
        assert key in keys and not keys[key].filled
    hrc = keys["hrc"]
    assert hrc.where == "pp2" and hrc.text == "19/33 of 23 March 2012"
    assert "2013-2014" in hrc.known and "Supplement No. 53 (A/69/53)" in hrc.known
    assert keys["hrc_report"].where == "fn3"
    assert "69 (b) at session 68" in keys["agenda_item"].known


def test_draft_keeps_every_word_of_the_base(draft69, corpus) -> None:  # type: ignore[no-untyped-def]
    base = next(e.resolution for e in corpus.editions if e.symbol == "A/RES/68/160")
    for dp, bp in zip(draft69.preamble + draft69.operative, base.preamble + base.operative, strict=True):
        assert dp.base_text() == bp.marked_text()
    for df, bf in zip(draft69.footnotes, base.footnotes, strict=True):
        assert df.base_text() == bf.text
    # the draft text differs from the base only where a change is recorded
    changed = {c.where for c in draft69.changes}
    for dp in draft69.preamble + draft69.operative:
        assert (dp.text() != dp.base_text()) == (dp.id in changed)


def test_gap_in_the_corpus_is_not_invented(corpus) -> None:  # type: ignore[no-untyped-def]
    s = choose_series(corpus, None)
    early = [e.resolution for e in s.editions if e.session in (60, 61, 63)]
    d = make_draft(corpus, 66, editions=early, templates_dir=HERE / "none")
    prev = [c for c in d.changes if c.rule == "previous-edition"]
    assert len(prev) == 1
    assert prev[0].old == "62/160 of 18 December 2007"
    # the session-66 text recalls the edition of session 66 - period (annual: 65), never the
    # first missing session (64); the corpus lacks both, so it is a placeholder with its year
    assert prev[0].new == "65/___ of __ December 2010"
    ph = d.placeholder(prev[0].placeholder or "")
    assert "no edition of session 65" in ph.known
    assert any("lacks the editions of sessions 64-65" in w for w in d.warnings)
    assert d.operative[-1].text().endswith("at its sixty-seventh session.")


FIVE_YEARLY_CHANGES = [
    ("pp1", "3101 (XXVIII) of 12 December 1973", "33/121 of 14 December 1978", "previous-edition"),
    ("pp1", "thirty-third", "thirty-eighth", "session-linked"),
    ("pp1", "1979", "1984", "session-linked"),
    ("op1", "1980", "1985", "session-linked"),
    ("op2", "thirty-eighth", "forty-third", "session-linked"),
    ("op2", "1984", "1989", "session-linked"),
]


@pytest.mark.parametrize("history", ["both editions", "single edition (rules only)"])
def test_five_yearly_mandate_moves_on_by_five(history: str) -> None:
    c = load_corpus(FIVE)
    s = choose_series(c, None)
    assert s.period.sessions == 5
    eds = [e.resolution for e in s.editions]
    if history.startswith("single"):
        eds = eds[-1:]
    d = make_draft(c, 38, editions=eds, templates_dir=HERE / "none")
    assert [(x.where, x.old, x.new, x.rule) for x in d.changes] == FIVE_YEARLY_CHANGES
    assert d.masthead.session == "Thirty-eighth session"
    # the fixed historical facts stay: the report of the Special Committee, paragraph 3
    assert d.operative[2].text() == d.operative[2].base_text()


def test_backtest_on_the_seeds_makes_no_wrong_change(corpus) -> None:  # type: ignore[no-untyped-def]
    rows = backtest(choose_series(corpus, None))
    assert [r.edition for r in rows] == ["A/RES/61/168", "A/RES/63/180", "A/RES/66/152", "A/RES/68/160"]
    assert sum(r.wrong for r in rows) == 0
    assert sum(r.missed for r in rows) == 0
    assert all(r.right >= 1 for r in rows)
    # never further from the adopted text than last year's copy (66/152: the placeholder recalls
    # the session-65 edition, target minus the stated period; the real text recalls 64/171)
    assert all(r.dist_draft <= r.dist_copy for r in rows)
    assert sum(r.dist_draft for r in rows) < sum(r.dist_copy for r in rows)


def test_facts_fill_placeholders(corpus) -> None:  # type: ignore[no-untyped-def]
    d = make_draft(
        corpus,
        69,
        facts={"hrc": "25/3 of 27 March 2014", "agenda_item": "68 (b)", "sponsor": "Cuba", "date": "16 October 2014"},
        templates_dir=HERE / "none",
    )
    assert "Human Rights Council resolution 25/3 of 27 March 2014" in d.preamble[1].text()
    fn3 = d.footnotes[2].text()
    assert "Sixty-ninth Session, Supplement No. 53 (A/69/53)" in fn3
    assert d.masthead.agenda_item == "Agenda item 68 (b)"
    assert d.masthead.sponsors == "Cuba: draft resolution"
    assert d.masthead.date == "16 October 2014"
    open_keys = {p.key for p in d.placeholders if not p.filled}
    assert "hrc" not in open_keys and "agenda_item" not in open_keys and "sponsors" not in open_keys


@pytest.mark.parametrize(
    "facts, message",
    [
        ({"colour": "blue"}, "unknown fact"),
        ({"date": "October 16, 2014"}, "not a date"),
        ({"hrc": "the latest one"}, "not a citation"),
        ({"sponsors": " "}, "empty"),
    ],
)
def test_bad_facts_are_one_line_errors(corpus, facts, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DrafterError) as e:
        make_draft(corpus, 69, facts=facts, templates_dir=HERE / "none")
    assert message in e.value.one_line() and "\n" not in e.value.one_line()


def test_target_must_follow_the_base(corpus) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DrafterError):
        make_draft(corpus, 60, templates_dir=HERE / "none")


def test_template_file_round_trip_and_editor_correction(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = choose_series(corpus, None)
    eds = [e.resolution for e in s.editions]
    t = infer_template(eds, series=s.slug, title=s.title, target=69, period=1)
    path = tmp_path / f"{s.slug}.md.j2"
    path.write_text(write_template(t), encoding="utf-8")
    again = read_template(path, t)
    for a, b in zip(t.paragraphs(), again.paragraphs(), strict=True):
        assert a.base_text() == b.base_text()
        assert [(x.kind, x.old, x.offset) for x in a.slots()] == [(x.kind, x.old, x.offset) for x in b.slots()]
    # an editor says the HRC citation is not external and fixes a word
    edited = path.read_text(encoding="utf-8")
    edited = edited.replace('{{ external("hrc", "19/33 of 23 March 2012") }}', "19/33 of 23 March 2012")
    edited = edited.replace("mutual cooperation, understanding", "mutual trust, understanding")
    path.write_text(edited, encoding="utf-8")
    d = roll_over(read_template(path, t), 69)
    assert "hrc" not in {p.key for p in d.placeholders}
    tpl_changes = [c for c in d.changes if c.rule == "template"]
    assert [(c.where, c.old, c.new) for c in tpl_changes] == [("op11", "cooperation,", "trust,")]
    op11 = d.operative[10]
    assert op11.base_text() == t.operative[10].base_text()


@pytest.mark.parametrize(
    "source, message",
    [
        ("{{ open('/etc/passwd').read() }}", "undefined"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
        ("pp1 | {{ session(1, 'nowhere') }}", "does not match"),
        ("op99 | Decides.", "missing"),
    ],
)
def test_template_file_is_sandboxed_and_checked(corpus, tmp_path: Path, source: str, message: str) -> None:  # type: ignore[no-untyped-def]
    s = choose_series(corpus, None)
    t = infer_template([e.resolution for e in s.editions], series=s.slug, title=s.title, target=69)
    path = tmp_path / "t.md.j2"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(DrafterError) as e:
        read_template(path, t)
    assert message in str(e.value).lower() or message in e.value.one_line().lower()


def test_council_resolution_in_the_corpus_is_evidence(corpus_copy: Path) -> None:
    """A Human Rights Council resolution of the same subject kept in the corpus updates the
    Council citation and its Official Records footnote; without it, they are placeholders."""
    import shutil

    shutil.copytree(HERE / "fixtures" / "corpora" / "council" / "hrc-enhancement-of-international-cooperation", corpus_copy / "hrc-enhancement")
    c = load_corpus(corpus_copy)
    d = make_draft(c, 69, series="enhancement-of-international", templates_dir=HERE / "none")
    ext = [x for x in d.changes if x.rule == "external"]
    assert [(x.where, x.old, x.new) for x in ext][0] == ("pp2", "19/33 of 23 March 2012", "25/3 of 27 March 2014")
    assert "A/HRC/RES/25/3 in the corpus" in ext[0].evidence
    assert "Sixty-ninth Session, Supplement No. 53 (A/69/53)" in d.footnotes[2].text()
    # a Council resolution adopted after the target session's year is not evidence for it
    d2 = make_draft(c, 69, series="enhancement-of-international", templates_dir=HERE / "none", editions=None)
    assert d2.changes == d.changes
    old = [e.resolution for e in choose_series(c, "enhancement-of-international").editions if (e.session or 0) <= 66]
    d3 = make_draft(c, 67, series="enhancement-of-international", editions=old, templates_dir=HERE / "none")
    assert not [x for x in d3.changes if x.rule == "external"]
