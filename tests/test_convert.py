"""OpenDocument text read directly; old Word .doc and RTF converted by LibreOffice (or a
one-line error giving the command); hostile .odt files refused in one line."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from fixtures import make_fixtures as mf
from fixtures import un_layout as ul

from drafter.errors import InputError
from drafter.model.resolution import Resolution
from drafter.parse.parser import parse_file
from drafter.readers import convert, read, sniff

ODT_MIME = "application/vnd.oasis.opendocument.text"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"


def reference(symbol: str) -> Resolution:
    return parse_file(mf.CORPUS / (symbol.replace("/", "-") + ".txt"), symbol=symbol)


def _soffice_to(fmt: str, docx: Path, outdir: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([mf.soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", fmt, "--outdir", str(outdir), str(docx)],
                       check=True, capture_output=True, timeout=300)
    return outdir / f"{docx.stem}.{fmt}"


@pytest.fixture(scope="session")
def office_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A/RES/66/152 as a UN-like .docx, and LibreOffice's .odt, .doc, .rtf and .html of it."""
    if mf.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui")
    out = tmp_path_factory.mktemp("office")
    docx = ul.un_docx(reference("A/RES/66/152"), out / "A-RES-66-152.docx")
    return {fmt: _soffice_to(fmt, docx, out) for fmt in ("odt", "doc", "rtf", "html")}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["odt", "doc", "rtf", "html"])
def test_office_formats_parse_like_the_text(office_files: dict[str, Path], fmt: str) -> None:
    """LibreOffice's .odt, .doc, .rtf and web page (HTML export: linked footnote marks, notes
    with links back) of a UN-like edition parse like its text."""
    ref = reference("A/RES/66/152")
    path = office_files[fmt]
    assert sniff(path.read_bytes()[:1024]) == fmt
    src = read(path)
    assert src.kind == fmt and src.pending is None
    got = parse_file(path)
    assert [(p.number, p.full_text()) for p in got.paragraphs] == [(p.number, p.full_text()) for p in ref.paragraphs]
    assert [p.markers for p in got.paragraphs] == [p.markers for p in ref.paragraphs]
    assert [p.opening for p in got.paragraphs] == [p.opening for p in ref.paragraphs]
    assert got.footnotes == ref.footnotes
    assert got.format == fmt
    if fmt == "odt":  # the masthead of the first page's header, read directly
        assert (got.symbol, got.distributed) == (ref.symbol, ref.distributed)
        assert src.locate(src.text.index("A/RES/66/152")).startswith("first-page header, paragraph 1, ")


@pytest.mark.parametrize("fmt", ["doc", "rtf"])
def test_without_libreoffice_the_error_gives_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setattr(convert, "soffice", lambda: None)
    path = tmp_path / f"edition.{fmt}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 if fmt == "doc" else b"{\\rtf1\\ansi The General Assembly,\\par}")
    with pytest.raises(InputError) as e:
        read(path)
    message = str(e.value)
    assert "\n" not in message
    assert "LibreOffice, which is not installed" in message
    assert f"soffice --headless --convert-to docx --outdir DIR {path}" in message


def test_conversion_that_hangs_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60 &\nsleep 60\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(convert, "soffice", lambda: str(fake))
    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 1.0)
    path = tmp_path / "edition.rtf"
    path.write_bytes(b"{\\rtf1\\ansi The General Assembly,\\par}")
    with pytest.raises(InputError, match=r"could not be converted to \.docx: LibreOffice took more than 1 s"):
        read(path)


def test_conversion_that_fails_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(convert, "soffice", lambda: str(fake))
    path = tmp_path / "edition.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(InputError, match="source file could not be loaded") as e:
        read(path)
    assert "\n" not in str(e.value)


# --- OpenDocument, by hand ------------------------------------------------------------------------
def _odt(content_body: str, *, styles: str = "", extra: dict[str, bytes] | None = None,
         mime: str = ODT_MIME, content: bytes | None = None) -> bytes:
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{OFFICE}" '
           f'xmlns:text="{TEXT}" xmlns:style="{STYLE}" xmlns:fo="{FO}"><office:automatic-styles>{styles}'
           f"</office:automatic-styles><office:body><office:text>{content_body}</office:text></office:body>"
           "</office:document-content>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mime, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content if content is not None else xml.encode())
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
        for k, v in (extra or {}).items():
            zf.writestr(k, v)
    return buf.getvalue()


ITALIC = '<style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>'


def test_odt_read_directly(tmp_path: Path) -> None:
    body = (
        "<text:p>United Nations<text:tab/>A/RES/99/1</text:p>"
        "<text:p>The General Assembly,</text:p>"
        '<text:p><text:span text:style-name="T1">Recalling</text:span> its resolution 98/2,'
        '<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>See resolution 55/2.</text:p></text:note-body></text:note></text:p>"
        "<text:list><text:list-item><text:p>1.<text:s/><text:span text:style-name=\"T1\">Decides</text:span>"
        " to continue<text:s text:c=\"3\"/>its consideration at its hundredth session.</text:p></text:list-item></text:list>"
    )
    path = tmp_path / "edition.odt"
    path.write_bytes(_odt(body, styles=ITALIC))
    src = read(path)
    assert src.kind == "odt"
    assert src.text == ("United Nations A/RES/99/1\n\nThe General Assembly,\n\n*Recalling* its resolution 98/2,¹\n\n"
                        "1. *Decides* to continue   its consideration at its hundredth session.\n\n¹ See resolution 55/2.\n")
    assert src.locate(src.text.index("its resolution")).startswith("paragraph 3, char ")
    assert src.locate(src.text.index("See resolution")).startswith("footnote 1, ")
    res = parse_file(path)
    assert res.symbol == "A/RES/99/1" and res.footnotes[0].text == "See resolution 55/2."
    assert res.preamble[0].opening == "Recalling" and res.operative[0].number == 1


def test_odt_pending_changes_and_comments(tmp_path: Path) -> None:
    body = (
        '<text:tracked-changes><text:changed-region text:id="ct1"><text:insertion><office:change-info>'
        "<dc:creator xmlns:dc='http://purl.org/dc/elements/1.1/'>Editor</dc:creator></office:change-info>"
        '</text:insertion></text:changed-region><text:changed-region text:id="ct2"><text:deletion>'
        "<office:change-info/><text:p>OLD WORDS</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        "<text:p>The General Assembly,</text:p>"
        '<text:p>Recalling <text:change-start text:change-id="ct1"/>new words<text:change-end text:change-id="ct1"/>'
        ' its resolution,<text:change text:change-id="ct2"/></text:p>'
        "<text:p>1. Decides<office:annotation><text:p>COMMENT TEXT</text:p></office:annotation> to continue.</text:p>"
    )
    path = tmp_path / "edition.odt"
    path.write_bytes(_odt(body))
    src = read(path)
    assert "OLD WORDS" not in src.text and "COMMENT TEXT" not in src.text and "new words" in src.text
    assert src.pending == ('2 pending tracked changes (1 insertion in paragraph 2 ("Recalling new words its…"), '
                           '1 deletion in paragraph 2 ("Recalling new words its…")) and 1 comment (paragraph 3 '
                           '("1. Decides to continue."))')


def _one_line(path: Path) -> str:
    with pytest.raises(InputError) as e:
        read(path)
    assert "\n" not in str(e.value)
    return str(e.value)


def test_hostile_odt(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.odt"
    bomb.write_bytes(_odt("", content=b"<x>" + b" " * (5 * 1024 * 1024) + b"</x>"))
    assert "zip bomb" in _one_line(bomb)
    doctype = tmp_path / "entities.odt"
    doctype.write_bytes(_odt("", content=b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'))
    assert "DOCTYPE" in _one_line(doctype)
    sheet = tmp_path / "sheet.odt"
    sheet.write_bytes(_odt("<text:p>x</text:p>", mime="application/vnd.oasis.opendocument.spreadsheet"))
    assert "not a text document" in _one_line(sheet)
    broken = tmp_path / "broken.odt"
    broken.write_bytes(_odt("", content=b"<office:document-content><unclosed>"))
    assert "damaged" in _one_line(broken)
    empty = tmp_path / "empty.odt"
    empty.write_bytes(_odt("<text:p/>"))
    assert "no text" in _one_line(empty)
    truncated = tmp_path / "truncated.odt"
    truncated.write_bytes(_odt("<text:p>The General Assembly,</text:p>")[:200])
    _one_line(truncated)


def test_no_libreoffice_process_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hung conversion's whole process group was ended: its children do not outlive it."""
    marker = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {marker}\nwait\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(convert, "soffice", lambda: str(fake))
    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 1.0)
    path = tmp_path / "edition.rtf"
    path.write_bytes(b"{\\rtf1\\ansi x\\par}")
    with pytest.raises(InputError):
        read(path)
    pid = int(marker.read_text())
    status = Path(f"/proc/{pid}/status")
    if status.exists():  # only a zombie waiting to be reaped may remain
        state = next(ln for ln in status.read_text().splitlines() if ln.startswith("State:"))
        assert "Z" in state.split()[1], state
    else:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["odt", "doc"])
def test_added_office_edition_is_part_of_its_series(office_files: dict[str, Path], corpus_copy: Path,
                                                     tmp_path: Path, fmt: str) -> None:
    from typer.testing import CliRunner

    from drafter.cli.main import app
    from drafter.corpus.folder import load_corpus

    runner = CliRunner()
    env = {"DRAFTER_CACHE_DIR": str(tmp_path / "cache")}
    r = runner.invoke(app, ["add", str(office_files[fmt]), "--corpus", str(corpus_copy), "--replace"], env=env)
    assert r.exit_code == 0, r.stderr
    stored = next(corpus_copy.rglob(f"A-RES-66-152.{fmt}"))
    assert stored.read_bytes() == office_files[fmt].read_bytes()
    corpus = load_corpus(corpus_copy)
    editions = [e for e in corpus.editions if e.symbol == "A/RES/66/152"]
    assert len(editions) == 1 and editions[0].path.suffix == f".{fmt}"
    assert editions[0].series == stored.parent.name and len(corpus.by_series()) == 1
