"""The Word draft as LibreOffice lays it out: convert to PDF, read it back with pdftotext.

The main checks convert a copy WITHOUT comments: LibreOffice 7.4 has been seen to mislay
footnote texts when a comment stands between footnotes, and it cannot load a .docx at all
when a comment reference sits inside a footnote (which is why drafter anchors comments on a
footnote's content at the note's mark in the body). Comments play no part in the page layout
checked here. ``test_the_draft_as_written_opens`` converts the file with its comments, to make
sure an editor on LibreOffice can open what drafter writes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest_docx import AUTHOR, FIXED_DATE, sample_draft

from drafter.render.docx import render_docx
from drafter.render.revisions import accept_all, remove_comments

pytestmark = pytest.mark.slow

NOTE_SNIPPETS = (
    "On behalf of the States Members",
    "A/CONF.157/24 (Part I), chap. III.",
    "Resolution 55/2.",
    "See Official Records of the General Assembly",
)
BODY_SNIPPETS = (
    "The General Assembly,",
    "Reaffirming its commitment",
    "Recalling its adoption",
    "Recognizing also",
    "Reaffirms that it is",
    "Requests the Secretary-General",
    "To consult States",
    "To submit a report",
    "Decides to continue",
)


@pytest.fixture(scope="module")
def tools() -> dict[str, str]:
    found = {name: shutil.which(name) for name in ("soffice", "pdftotext")}
    if not found["soffice"]:
        found["soffice"] = shutil.which("libreoffice")
    missing = [name for name, path in found.items() if not path]
    if missing:
        pytest.skip(f"LibreOffice not installed: {', '.join(missing)} not found on PATH")
    return {k: v for k, v in found.items() if v}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("libreoffice")


def to_pdf(tools: dict[str, str], docx_path: Path, workdir: Path) -> Path:
    profile = workdir / "profile"
    outdir = workdir / "pdf"
    outdir.mkdir(exist_ok=True)
    proc = subprocess.run(
        [tools["soffice"], f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(outdir), str(docx_path)],
        capture_output=True, text=True, timeout=300,
    )
    pdf = outdir / (docx_path.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice did not convert {docx_path.name}: {proc.stdout}{proc.stderr}"
    return pdf


def pdf_pages(tools: dict[str, str], pdf: Path) -> list[list[str]]:
    out = subprocess.run([tools["pdftotext"], "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True, timeout=120).stdout
    return [page.splitlines() for page in out.split("\f") if page.strip()]


@pytest.fixture(scope="module")
def tracked_pages(tools, workdir) -> list[list[str]]:
    path = render_docx(sample_draft(), workdir / "tracked.docx", author=AUTHOR, date=FIXED_DATE)
    remove_comments(path, save_to=workdir / "tracked-no-comments.docx")
    return pdf_pages(tools, to_pdf(tools, workdir / "tracked-no-comments.docx", workdir))


@pytest.fixture(scope="module")
def accepted_pages(tools, workdir) -> list[list[str]]:
    path = render_docx(sample_draft(), workdir / "draft.docx", author=AUTHOR, date=FIXED_DATE)
    doc = accept_all(path)
    remove_comments(doc, save_to=workdir / "accepted-no-comments.docx")
    return pdf_pages(tools, to_pdf(tools, workdir / "accepted-no-comments.docx", workdir))


def assert_notes_at_the_foot(pages: list[list[str]]) -> None:
    """Every footnote text is printed below the body text of the page that refers to it."""
    seen = set()
    for page in pages:
        notes = [i for i, ln in enumerate(page) for s in NOTE_SNIPPETS if s in ln]
        if not notes:
            continue
        seen.update(s for ln in page for s in NOTE_SNIPPETS if s in ln)
        body = [i for i, ln in enumerate(page) for s in BODY_SNIPPETS if s in ln]
        assert body, "footnotes on a page without body text"
        assert max(body) < min(notes), "\n".join(page)
        # the notes come in order, the starred one first
        order = [next(k for k, s in enumerate(NOTE_SNIPPETS) if s in page[i]) for i in notes]
        assert order == sorted(order)
    assert seen == set(NOTE_SNIPPETS)


def test_masthead(tracked_pages):
    first = [ln.strip() for ln in tracked_pages[0] if ln.strip()]
    assert re.match(r"United Nations\s+A/C\.3/69/L\.__$", first[0])
    # "General Assembly" beside the distribution block (one table row), then the rest below
    assert first[1] == "Distr.: Limited"
    assert first[2] == "[date]"
    assert re.match(r"General Assembly\s+Original: English$", first[3])
    assert first[4:7] == ["Sixty-ninth session", "Third Committee", "Agenda item [..]"]
    assert first[7].startswith("Promotion and protection of human rights:")
    assert "Cuba:* draft resolution" in first
    title = next(i for i, ln in enumerate(first)
                 if ln.startswith("Enhancement of international cooperation in the field"))
    assert "The General Assembly," in first[title + 1:title + 3]


def test_footnotes_at_the_foot_of_the_page_with_tracked_changes(tracked_pages):
    assert_notes_at_the_foot(tracked_pages)
    text = re.sub(r"\s+", " ", " ".join(ln for page in tracked_pages for ln in page))
    # both the deleted and the inserted words are shown (LibreOffice shows changes)
    assert "67/169 of 20 December 2012" in text and "68/160 of 18 December 2013" in text


def test_numbering_of_the_accepted_draft(accepted_pages):
    lines = [ln.strip() for page in accepted_pages for ln in page]
    numbers = [m.group(1) for ln in lines if (m := re.match(r"(\d+)\.\s+[A-Z]", ln))]
    letters = [m.group(1) for ln in lines if (m := re.match(r"\(([a-z])\)\s+[A-Z]", ln))]
    assert numbers == ["1", "2", "3"]
    assert letters == ["a", "b"]
    assert not any(re.match(r"\d+\.\s+\d+\.", ln) for ln in lines)  # never numbered twice
    assert any(ln.startswith("1.") and "Reaffirms that it is" in ln for ln in lines)
    assert any(ln.startswith("3.") and "Decides to continue" in ln for ln in lines)
    text = " ".join(lines)
    assert "seventieth session." in text and "sixty-ninth session." not in text


def test_footnotes_of_the_accepted_draft(accepted_pages):
    assert_notes_at_the_foot(accepted_pages)
    text = re.sub(r"\s+", " ", " ".join(ln for page in accepted_pages for ln in page))
    assert ("See Official Records of the General Assembly, Sixty-eighth Session, Supplement "
            "No. 53 (A/68/53), chap. III, sect. A.") in text
    assert "Sixty-seventh Session" not in text


def test_fonts_are_times_or_its_metric_twin(tools, workdir, accepted_pages):
    pdffonts = shutil.which("pdffonts")
    if not pdffonts:
        pytest.skip("pdffonts (poppler-utils) not installed")
    pdf = workdir / "pdf" / "accepted-no-comments.pdf"
    out = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"LiberationSerif|TimesNewRoman", out), out


def test_the_draft_as_written_opens(tools, workdir):
    """With its comments (none inside footnotes), LibreOffice opens and lays out the draft."""
    path = render_docx(sample_draft(), workdir / "as-written.docx", author=AUTHOR,
                       date=FIXED_DATE)
    pages = pdf_pages(tools, to_pdf(tools, path, workdir))
    assert "United Nations" in pages[0][0]
    assert_notes_at_the_foot(pages)


# -- running heads and feet of the session-69 draft --------------------------------------------


@pytest.fixture(scope="module")
def session69_pages(tools, workdir, corpus_dir) -> list[list[str]]:
    from drafter.corpus.folder import load_corpus
    from drafter.engine.plan import make_draft

    draft = make_draft(load_corpus(corpus_dir), 69, templates_dir=workdir / "none")
    path = render_docx(draft, workdir / "session-69.docx", date=FIXED_DATE)
    return pdf_pages(tools, to_pdf(tools, path, workdir))


def _lines(page: list[str]) -> list[str]:
    return [ln for ln in page if ln.strip()]


def test_page_one_has_the_masthead_and_the_job_number_line(session69_pages):
    first = _lines(session69_pages[0])
    assert first[0].startswith("United Nations")  # no running head over the masthead
    assert first[-1].strip() == "[job number] (E)"


def test_later_pages_carry_the_symbol_and_their_page_number(session69_pages):
    """Even pages: symbol and "2/3" at the left edge; odd pages: at the right edge."""
    total = len(session69_pages)
    assert total >= 3
    for number, page in enumerate(session69_pages[1:], start=2):
        lines = _lines(page)
        head, foot = lines[0], lines[-1]
        assert head.strip() == "A/C.3/69/L.__", head
        assert foot.strip() == f"{number}/{total}", foot
        indent = len(head) - len(head.lstrip())
        if number % 2 == 0:
            assert indent == 0 and not foot.startswith(" ")
        else:
            assert indent > 40 and foot.startswith(" " * 40)


def _word_lines(tools: dict[str, str], pdf: Path) -> list[list[tuple[float, str]]]:
    """The words of `pdf` as lines of (x, word), from ``pdftotext -bbox`` (exact positions)."""
    out = subprocess.run([tools["pdftotext"], "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True, timeout=120).stdout
    lines: list[list[tuple[float, str]]] = []
    last_y = None
    for page in out.split("<page ")[1:]:
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page):
            x, y, word = float(m.group(1)), float(m.group(2)), m.group(3)
            if last_y is None or abs(y - last_y) > 3:
                lines.append([])
            lines[-1].append((x, word))
            last_y = y
        last_y = None
    return lines


def test_operative_numbers_stand_at_the_first_line_indent(tools, workdir, session69_pages):
    """The number starts where a preambular paragraph's first line does, the text after a
    tab; wrapped lines of both return to the same left edge."""
    lines = _word_lines(tools, workdir / "pdf" / "session-69.pdf")
    starts = [ln[0] for ln in lines]
    pre = next(i for i, (_x, w) in enumerate(starts) if w == "Reaffirming")
    op = next(i for i, ln in enumerate(lines) if ln[0][1] == "1." and ln[1][1] == "Reaffirms")
    assert abs(starts[op][0] - starts[pre][0]) < 1  # the number at the first-line indent
    assert abs(starts[op + 1][0] - starts[pre + 1][0]) < 1  # wrapped lines at the margin
    assert starts[op + 1][0] < starts[op][0] - 30  # ... well left of the number
    assert lines[op][1][0] - lines[op][0][0] > 15  # a tab, not a space, before the text


def test_libreoffice_open_and_save_keeps_the_draft(tools, workdir, session69_pages):
    """An editor on LibreOffice saves the draft again as .docx: comments, tracked changes,
    footnotes, numbering and the running heads survive."""
    from docx import Document

    from drafter.render.revisions import body_paragraph_texts, list_comments, list_revisions, notes

    src = workdir / "session-69.docx"
    outdir = workdir / "resaved"
    outdir.mkdir(exist_ok=True)
    subprocess.run([tools["soffice"], f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
                    "--headless", "--convert-to", "docx", "--outdir", str(outdir), str(src)],
                   capture_output=True, text=True, timeout=300)
    again = outdir / src.name
    assert again.is_file()
    assert body_paragraph_texts(again) == body_paragraph_texts(src)
    assert len(list_comments(again)) == len(list_comments(src))
    assert [(r.kind, r.text) for r in list_revisions(again)] == [
        (r.kind, r.text) for r in list_revisions(src)]
    assert [n.text for n in notes(again)] == [n.text for n in notes(src)]
    heads = [p.text for s in Document(str(again)).sections
             for p in (*s.header.paragraphs, *s.even_page_header.paragraphs)]
    assert "A/C.3/69/L.__" in heads
