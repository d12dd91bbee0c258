"""Word editions that are not final: pending tracked changes and comments are named (how many,
where) and refused by ``drafter add`` unless ``--accept-changes``; ``parse`` warns. And the
masthead kept in a first-page header is read like one in the body."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures import make_fixtures as mf
from fixtures import un_layout as ul
from lxml import etree
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.corpus.folder import add_edition, load_corpus
from drafter.errors import InputError
from drafter.parse.parser import parse_file
from drafter.readers import read

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
runner = CliRunner()


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _el(tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.Element(_w(tag), {_w(k): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _run(text: str, deleted: bool = False) -> etree._Element:
    r = _el("r")
    r.append(_el("delText" if deleted else "t", text))
    return r


def _rev(tag: str, text: str, rid: str) -> etree._Element:
    el = _el(tag, id=rid, author="Editor", date="2014-10-01T09:00:00Z")
    el.append(_run(text, deleted=tag in ("del", "moveFrom")))
    return el


def _comment(p: etree._Element, cid: str) -> None:
    p.insert(0, _el("commentRangeStart", id=cid))
    p.append(_el("commentRangeEnd", id=cid))
    r = _el("r")
    r.append(_el("commentReference", id=cid))
    p.append(r)


# each edit: (what it adds to which paragraph) -> the words the reader must name
EDITS = {
    "insertion": ([("ins", "Reaffirms")], "1 pending tracked change (1 insertion in paragraph {Reaffirms})"),
    "deletion": ([("del", "Reaffirms")], "1 pending tracked change (1 deletion in paragraph {Reaffirms})"),
    "move": ([("moveFrom", "Reaffirms"), ("moveTo", "Decides")], "1 pending tracked change (1 move in paragraph {Decides})"),
    "comment": ([("comment", "Reaffirms")], "1 comment (paragraph {Reaffirms})"),
    "several": (
        [("ins", "Reaffirms"), ("ins", "Decides"), ("del", "Decides"), ("comment", "Decides")],
        "3 pending tracked changes (2 insertions in paragraphs {Reaffirms} and {Decides}, "
        "1 deletion in paragraph {Decides}) and 1 comment (paragraph {Decides})",
    ),
}


def pending_docx(tmp_path: Path, edits: list[tuple[str, str]]) -> tuple[Path, dict[str, int]]:
    """A .docx of A/RES/61/168 with ``edits`` made in the paragraphs that start with the given
    words; returns it and the number of each such paragraph, as the reader counts them."""
    import docx

    path = mf.docx_via_python(mf.seed_text("A-RES-61-168"), tmp_path / "A-RES-61-168.docx")
    document = docx.Document(str(path))
    body = document.element.body
    numbers: dict[str, int] = {}
    paragraphs = list(body.iter(_w("p")))
    for n, p in enumerate(paragraphs, 1):
        text = "".join(t.text or "" for t in p.iter(_w("t"))).lstrip("\t0123456789. ")
        for _tag, words in edits:
            if text.startswith(words):
                numbers.setdefault(words, n)
    for k, (tag, words) in enumerate(edits):
        p = paragraphs[numbers[words] - 1]
        if tag == "comment":
            _comment(p, str(k))
        else:
            p.append(_rev(tag, f" edit{k}", str(900 + k)))
    document.save(str(path))
    return path, numbers


@pytest.mark.parametrize("kind", EDITS)
def test_pending_changes_are_named(tmp_path: Path, kind: str) -> None:
    edits, expected = EDITS[kind]
    path, numbers = pending_docx(tmp_path, edits)
    src = read(path)
    assert src.pending is not None
    named = re.sub(r' \("[^"]*"\)', "", src.pending)  # each paragraph is named by its first words too
    assert named == expected.format(**{k.split()[0]: v for k, v in numbers.items()})
    first_words = {"Reaffirms": '("1. Reaffirms that it is one of…")', "Decides": '("11. Decides to continue its…")'}
    for words in numbers:
        if "{" + words + "}" in expected:
            assert f"{numbers[words]} {first_words[words]}" in src.pending
    warning = [w for w in parse_file(path).warnings if "pending" in w or "comment" in w]
    assert warning == [f"{path}: {src.pending}; read as if every change were accepted and the comments deleted"]


def test_accepted_view_is_read(tmp_path: Path) -> None:
    path, _ = pending_docx(tmp_path, [("ins", "Reaffirms"), ("del", "Decides")])
    res = parse_file(path)
    assert res.operative[0].text.endswith(" edit0")  # inserted words kept
    assert "edit1" not in res.operative[-1].text  # deleted words dropped


def test_add_refuses_pending_changes(tmp_path: Path, corpus_copy: Path) -> None:
    path, numbers = pending_docx(tmp_path, EDITS["several"][0])
    before = sorted(p.relative_to(corpus_copy) for p in corpus_copy.rglob("*"))
    r = runner.invoke(app, ["add", str(path), "--corpus", str(corpus_copy), "--replace"])
    assert r.exit_code == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr
    line = lines[0]
    assert line.startswith("drafter: error: A-RES-61-168.docx still holds 3 pending tracked changes (")
    assert f'paragraphs {numbers["Reaffirms"]} ("1. Reaffirms that it is one of…") and {numbers["Decides"]} (' in line
    assert "and 1 comment" in line and "accept or reject the changes" in line and "--accept-changes" in line
    assert sorted(p.relative_to(corpus_copy) for p in corpus_copy.rglob("*")) == before
    # knowingly: the accepted view is added, and the user is told
    r = runner.invoke(app, ["add", str(path), "--corpus", str(corpus_copy), "--replace", "--accept-changes"])
    assert r.exit_code == 0, r.stderr
    assert "read as if every change were accepted" in r.stderr
    assert any(p.name == "A-RES-61-168.docx" for p in corpus_copy.rglob("*.docx"))


def test_add_edition_api_refuses_and_accepts(tmp_path: Path, corpus_copy: Path) -> None:
    path, _ = pending_docx(tmp_path, [("comment", "Reaffirms")])
    with pytest.raises(InputError, match=r'still holds 1 comment \(paragraph \d+ \("1\. Reaffirms that it is one of…"\)\)'):
        add_edition(load_corpus(corpus_copy), path, replace=True)
    notes: list[str] = []
    dest = add_edition(load_corpus(corpus_copy), path, replace=True, accept_changes=True, notes=notes)
    assert dest.read_bytes() == path.read_bytes()
    assert notes and "1 comment" in notes[0]


def test_clean_docx_has_nothing_pending(tmp_path: Path) -> None:
    path = mf.docx_via_python(mf.seed_text("A-RES-61-168"), tmp_path / "clean.docx")
    assert read(path).pending is None


# --- the masthead in a first-page header ----------------------------------------------------------
@pytest.mark.parametrize("symbol", ["A/RES/66/152", "A/RES/68/160"])
def test_first_page_header_masthead(tmp_path: Path, symbol: str) -> None:
    ref = parse_file(mf.CORPUS / (symbol.replace("/", "-") + ".txt"), symbol=symbol)
    path = ul.un_docx(ref, tmp_path / "edition.docx")
    src = read(path)
    head = src.text[: src.text.index("The General Assembly,")]
    assert head.startswith(f"United Nations {symbol}\n\nGeneral Assembly Distr.: General\n\n")
    assert src.locate(src.text.index(symbol)).startswith("first-page header, paragraph 1, char ")
    assert src.locate(src.text.index("Distr.")).startswith("first-page header, paragraph 2, char ")
    i = src.text.index("The General Assembly,")
    assert src.locate(i).startswith("paragraph ")  # the body is numbered on its own
    got = parse_file(path)  # no --symbol: the header gives it
    assert (got.symbol, got.distributed, got.session, got.title) == (ref.symbol, ref.distributed, ref.session, ref.title)
    assert [p.full_text() for p in got.paragraphs] == [p.full_text() for p in ref.paragraphs]
    assert got.footnotes == ref.footnotes
    assert [p.markers for p in got.paragraphs] == [p.markers for p in ref.paragraphs]
    # running heads, page-number fields and the job-number footer stay out
    assert "Please recycle" not in src.text


def test_default_header_is_not_masthead(tmp_path: Path) -> None:
    """Without w:titlePg the first page shows the default header (a running head): not read."""
    import docx

    ref = parse_file(mf.CORPUS / "A-RES-66-152.txt", symbol="A/RES/66/152")
    path = ul.un_docx(ref, tmp_path / "edition.docx")
    document = docx.Document(str(path))
    document.sections[0].different_first_page_header_footer = False
    document.save(str(path))
    text = read(path).text
    assert "United Nations" not in text[: text.index("The General Assembly,")]
