"""Every .docx drafter writes is valid Office Open XML, and the `next` options that shape it.

openxml-audit (a pure-Python port of the Open XML SDK's validator, schema and semantic
checks) finds no error in: the draft, ``--clean --force``, ``--clean`` with every fact given,
``--set``, ``--reference`` (an organisation's own A4 reference document), and ``renumber``'s
output. ``--clean`` refuses while placeholders are open, naming them; ``--reference``
refuses what is not a usable Word document; both in one line.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.render.docx import reference_docx_path
from drafter.render.revisions import body_paragraph_texts, list_revisions

openxml_audit = pytest.importorskip("openxml_audit")

runner = CliRunner()
DATE = "2014-10-01"
ALL_FACTS = (
    "symbol=A/C.3/69/L.32", "date=30 October 2014", "agenda_item=68 (b)",
    "agenda_title=Promotion and protection of human rights: human rights questions, including "
    "alternative approaches for improving the effective enjoyment of human rights and "
    "fundamental freedoms",
    "sponsors=Cuba", "hrc=25/3 of 27 March 2014",
    "hrc_report=Official Records of the General Assembly, Sixty-ninth Session, Supplement "
    "No. 53 (A/69/53), chap. III, sect. A",
)


def next_(out: Path, *args: str):
    r = runner.invoke(app, ["next", "--session", "69", "--date", DATE, "-q", "-o", str(out),
                            *args])
    return r


def audit(path: Path) -> list[str]:
    result = openxml_audit.OpenXmlValidator().validate(str(path))
    return [str(e) for e in result.errors]


def sets(*facts: str) -> list[str]:
    return [a for f in facts for a in ("--set", f)]


@pytest.fixture(scope="module")
def a4_reference(tmp_path_factory) -> Path:
    """An organisation's own reference document: drafter's, on A4 paper, in Arial 11."""
    doc = docx.Document(str(reference_docx_path()))
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    doc.styles["UN Preambular"].font.name = "Arial"
    doc.styles["UN Preambular"].font.size = Pt(11)
    path = tmp_path_factory.mktemp("ref") / "house.docx"
    doc.save(str(path))
    return path


CASES = {
    "draft": [],
    "clean --force": ["--clean", "--force"],
    "clean, every fact given": ["--clean", *sets(*ALL_FACTS)],
    "--set": sets("agenda_item=68 (b)", "hrc=25/3 of 27 March 2014"),
    "--author": ["--author", "Permanent Mission of Cuba"],
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_draft_validates(tmp_path: Path, case: str) -> None:
    out = tmp_path / "d.docx"
    r = next_(out, *CASES[case])
    assert r.exit_code == 0, r.output
    assert audit(out) == []


def test_a_draft_on_an_organisations_reference_validates_and_takes_its_style(
        tmp_path: Path, a4_reference: Path) -> None:
    out = tmp_path / "d.docx"
    r = next_(out, "--reference", str(a4_reference))
    assert r.exit_code == 0, r.output
    assert audit(out) == []
    doc = docx.Document(str(out))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert doc.styles["UN Preambular"].font.name == "Arial"
    # the draft itself is the same as on drafter's own reference
    default = tmp_path / "default.docx"
    assert next_(default).exit_code == 0
    assert body_paragraph_texts(out) == body_paragraph_texts(default)
    assert len(list_revisions(out)) == len(list_revisions(default))


def test_renumbered_draft_validates(tmp_path: Path) -> None:
    from test_review import build_docx

    from drafter.editor.renumber import renumber_file

    src = build_docx(tmp_path / "edited.docx", [
        "*The General Assembly*,",
        "1.\t*Reaffirms* the purposes of the United Nations;",
        "2.\t*Recognizes* a collective responsibility;",
        "4.\t*Requests* the Secretary-General to report, as in paragraph 4 above;",
        "5.\t*Decides* to continue its consideration of the question.",
    ])
    for track in (False, True):
        result, out, _ = renumber_file(src, tmp_path / f"renumbered-{track}.docx", track=track)
        assert result.changed and out is not None
        assert audit(out) == []


# -- --clean never hides an open placeholder -------------------------------------------------


def test_clean_refuses_while_placeholders_are_open(tmp_path: Path) -> None:
    out = tmp_path / "clean.docx"
    r = next_(out, "--clean")
    assert r.exit_code == 1
    [line] = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert line.startswith("drafter: error: --clean would circulate a draft with")
    for name in ("p1 symbol", "date", "agenda_item", "sponsors", "--set", "--force"):
        assert name in line
    assert not out.exists()


def _highlighted(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist()
                 if n in ("word/document.xml", "word/footnotes.xml") or n.startswith("word/header")]
        roots = [docx.oxml.parse_xml(z.read(n)) for n in names]
    return ["".join(t.text or "" for t in r.iter(qn("w:t")))
            for root in roots for r in root.iter(qn("w:r"))
            if r.find(qn("w:rPr")) is not None
            and r.find(qn("w:rPr")).find(qn("w:highlight")) is not None]


def test_clean_with_force_keeps_open_placeholders_highlighted(tmp_path: Path) -> None:
    out = tmp_path / "clean.docx"
    assert next_(out, "--clean", "--force").exit_code == 0
    marked = _highlighted(out)
    for text in ("A/C.3/69/L.__", "[date]", "[sponsors]: draft resolution"):
        assert text in marked
    assert marked.count("A/C.3/69/L.__") >= 3  # masthead and the running heads of pages 2, 3
    assert not list_revisions(out)


def test_clean_with_every_fact_given_has_nothing_highlighted(tmp_path: Path) -> None:
    out = tmp_path / "clean.docx"
    r = next_(out, "--clean", *sets(*ALL_FACTS))
    assert r.exit_code == 0, r.output
    assert _highlighted(out) == []


def test_set_hrc_highlights_the_blanks_of_the_new_footnote(tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    assert next_(out, *sets("hrc=25/3 of 27 March 2014")).exit_code == 0
    with zipfile.ZipFile(out) as z:
        notes = docx.oxml.parse_xml(z.read("word/footnotes.xml"))
    marked = ["".join(t.text for t in r.iter(qn("w:t"))) for r in notes.iter(qn("w:r"))
              if r.find(qn("w:rPr")) is not None
              and r.find(qn("w:rPr")).find(qn("w:highlight")) is not None]
    assert marked == ["[__]", "[__]"]  # "chap. [__], sect. [__]"


# -- --reference -----------------------------------------------------------------------------


def test_reference_that_is_not_a_usable_docx_is_one_line(tmp_path: Path) -> None:
    text = tmp_path / "house.txt"
    text.write_text("not Word")
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"PK not a zip")
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    for ref, says in ((text, "not a .docx file"), (junk, "not a readable Word document"),
                      (tmp_path / "missing.docx", "no such file"),
                      (plain, "no style 'UN Masthead'")):
        out = tmp_path / "d.docx"
        r = next_(out, "--reference", str(ref))
        assert r.exit_code == 1, r.output
        [line] = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert says in line and "Traceback" not in r.stderr
        assert not out.exists()


def test_reference_document_is_not_changed(tmp_path: Path, a4_reference: Path) -> None:
    copy = tmp_path / "house.docx"
    shutil.copy(a4_reference, copy)
    assert next_(tmp_path / "d.docx", "--reference", str(copy)).exit_code == 0
    assert copy.read_bytes() == a4_reference.read_bytes()


# -- every invented fixture series -------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _fixture_cases() -> list[tuple[str, str, int]]:
    import json

    out = []
    for path in sorted((FIXTURES / "expected").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for e in data if isinstance(data, list) else [data]:
            out.append((e["corpus"], e["series"], e["session"]))
    return out


@pytest.mark.parametrize("corpus, series, session", _fixture_cases(),
                         ids=[f"{c}-{s}" for c, _x, s in _fixture_cases()])
def test_drafts_of_every_fixture_series_validate_and_reject_to_the_base(
        tmp_path: Path, corpus: str, series: str, session: int) -> None:
    """Other committees, plenary drafts without a committee line, old Roman-numeral series,
    periods of one to five years: the same Word layer, valid, Reject All gives the base."""
    from drafter.corpus.folder import load_corpus
    from drafter.engine.plan import make_draft
    from drafter.render.docx import render_docx

    draft = make_draft(load_corpus(FIXTURES / "corpora" / corpus), session, series=series,
                       templates_dir=FIXTURES / "corpora" / "no-templates")
    out = render_docx(draft, tmp_path / "d.docx", date=None)
    assert audit(out) == []
    import re

    notes = {f.number for f in draft.footnotes}

    def shown(text: str) -> str:  # a marker without a note is a plain superscript number
        return re.sub(r"\[\^(\d+)\]", lambda m: m.group(0) if int(m.group(1)) in notes
                      else m.group(1), text)

    base = [shown(p.base_text()) for p in draft.paragraphs() if p.base_text()]
    rejected = [t for t in body_paragraph_texts(out, view="rejected", numbers=False) if t]
    assert rejected[-len(base):] == base
    text = [shown(p.text()) for p in draft.paragraphs() if p.text()]
    accepted = [t for t in body_paragraph_texts(out, numbers=False) if t]
    assert accepted[-len(text):] == text
