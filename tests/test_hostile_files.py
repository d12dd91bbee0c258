"""Files that are not editions, or are built to hurt: each gives one InputError line, nothing else."""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import pytest
from fixtures import make_fixtures as mf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.errors import InputError
from drafter.readers import read, safety
from drafter.readers.docx import docx_source
from drafter.readers.pdf import pdf_source


def _one_line_error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read(path)
    err = info.value
    assert "\n" not in str(err) and "\r" not in str(err)
    assert "\n" not in err.one_line()
    assert str(err).startswith(safety.display_name(path) + ": ")
    return err


@pytest.mark.parametrize("case", mf.HOSTILE)
def test_hostile_file_gives_one_line_input_error(tmp_path: Path, case: str) -> None:
    build, phrase = mf.HOSTILE[case]
    err = _one_line_error(build(tmp_path))
    assert phrase in str(err)


def test_unreadable_file(tmp_path: Path) -> None:
    path = mf.unreadable(tmp_path)
    try:
        if os.access(path, os.R_OK):
            pytest.skip(
                "running as root (or with CAP_DAC_OVERRIDE): a chmod 000 file is still readable"
            )
        assert "permission denied" in str(_one_line_error(path))
    finally:
        os.chmod(path, 0o644)


def test_permission_denied_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What an unprivileged user gets for a chmod 000 file (simulated, since tests run as root)."""
    path = tmp_path / "locked.txt"
    path.write_text("The General Assembly,\n")

    def deny(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safety.os, "open", deny)
    assert "cannot be read (permission denied)" in str(_one_line_error(path))


def test_huge_sparse_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mf.huge_text(tmp_path)
    assert path.stat().st_size == 200 * 1024 * 1024
    positions: list[int] = []
    real = safety.read_bounded

    def spy(f, size, limit, **kw):  # type: ignore[no-untyped-def]
        try:
            return real(f, size, limit, **kw)
        finally:
            positions.append(f.tell())  # still at 0: refused on its size, nothing read

    monkeypatch.setattr("drafter.readers.read_bounded", spy)
    err = _one_line_error(path)
    assert "200.0 MB" in str(err) and "20.0 MB limit" in str(err)
    assert positions == [0]


def test_control_characters_in_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "bad\nname\x1b.txt"
    path.write_bytes(b"")
    err = _one_line_error(path)
    assert "bad\\nname\\x1b.txt: is empty" in str(err)


# --- XML entities ------------------------------------------------------------------------------------
def test_xxe_is_refused_before_python_docx(tmp_path: Path) -> None:
    err = _one_line_error(mf.xxe_docx(tmp_path))
    assert "DOCTYPE" in str(err) and mf.SECRET not in str(err)


def test_xxe_never_resolved_even_without_the_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Second line of defence: python-docx's parser (resolve_entities=False) and ours."""
    import docx

    path = mf.xxe_docx(tmp_path)
    document = docx.Document(str(path))
    assert mf.SECRET not in "\n".join(p.text for p in document.paragraphs)
    monkeypatch.setattr(safety, "_screen_xml", lambda *a: None)
    try:
        src = read(path)
    except InputError as e:
        assert mf.SECRET not in str(e)
    else:
        assert mf.SECRET not in src.text
        assert src.text.startswith("The General Assembly,")


def test_our_xml_parser_never_resolves_entities(tmp_path: Path) -> None:
    secret = mf.secret_file(tmp_path)
    xml = (f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]><x>&xxe;</x>').encode()
    root = safety.parse_xml(xml, name="t", part="x.xml")
    assert mf.SECRET not in (root.text or "") + "".join(root.itertext())


def test_billion_laughs_without_the_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = mf.billion_laughs_docx(tmp_path)
    monkeypatch.setattr(safety, "_screen_xml", lambda *a: None)
    try:
        src = read(path)
    except InputError as e:
        assert "\n" not in str(e)
    else:
        assert len(src.text) < 10_000


# --- zip limits ----------------------------------------------------------------------------------------
def test_total_uncompressed_size_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mf.docx_via_python(mf.seed_text("A-RES-61-168"), tmp_path / "ok.docx")
    assert read(path).kind == "docx"
    monkeypatch.setattr(safety, "MAX_ZIP_UNCOMPRESSED", 20_000)
    assert "expands to more than" in str(_one_line_error(path))


def test_open_zip_safely_accepts_a_real_docx(tmp_path: Path) -> None:
    path = mf.docx_via_pandoc(mf.seed_text("A-RES-61-168"), tmp_path / "ok.docx")
    with safety.open_zip_safely(path) as zf:
        assert "word/document.xml" in zf.namelist()


@pytest.mark.parametrize(
    "member", ["/etc/passwd", "..\\evil.xml", "word/../../evil.xml", "C:evil.xml"]
)
def test_unsafe_member_names(tmp_path: Path, member: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(member, "<x/>")
    with pytest.raises(InputError, match="unsafe member name"):
        safety.open_zip_safely(buf.getvalue(), name="x.docx")


def test_docx_with_missing_main_part(tmp_path: Path) -> None:
    data = mf._rewrite_zip(mf._minimal_docx_bytes(), {})
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
    path = tmp_path / "no-document.docx"
    path.write_bytes(buf.getvalue())
    _one_line_error(path)


def test_docx_without_text(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert "contains no text" in str(_one_line_error(path))


def test_pdf_with_empty_user_password_opens(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    def draw(c):  # type: ignore[no-untyped-def]
        c.drawString(72, 720, "The General Assembly, Reaffirming its commitment")

    path = mf._reportlab_pdf(
        tmp_path / "owner-only.pdf", draw, encrypt=StandardEncryption("", ownerPassword="owner")
    )  # type: ignore[arg-type]
    assert "The General Assembly" in read(path).text


# --- damaged copies of real files: a Source or an InputError, never anything else -------------------------
def _damaged_copies(data: bytes, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    out = [data[:n] for n in (10, 100, len(data) // 3, len(data) - 30)]
    for _ in range(25):
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        out.append(bytes(b))
    return out


def _read_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(data)
    try:
        read(path)
    except InputError as e:
        assert "\n" not in str(e)


def test_damaged_docx_copies(tmp_path: Path) -> None:
    data = mf.docx_via_python(mf.seed_text("A-RES-61-168"), tmp_path / "good.docx").read_bytes()
    for copy in _damaged_copies(data, 1):
        _read_bytes(tmp_path, copy, ".docx")


def test_damaged_pdf_copies(tmp_path: Path) -> None:
    path, _ = mf.pdf_via_reportlab(mf.seed_text("A-RES-61-168"), tmp_path / "good.pdf")
    for copy in _damaged_copies(path.read_bytes(), 2):
        _read_bytes(tmp_path, copy, ".pdf")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(min_size=0, max_size=2000),
    prefix=st.sampled_from([b"", b"PK\x03\x04", b"%PDF-1.4\n", b"\xef\xbb\xbf", b"\xff\xfe"]),
    suffix=st.sampled_from([".txt", ".docx", ".pdf", ""]),
)
def test_random_bytes(tmp_path: Path, data: bytes, prefix: bytes, suffix: str) -> None:
    _read_bytes(tmp_path, prefix + data, suffix)


@pytest.mark.parametrize("reader", [docx_source, pdf_source])
def test_readers_on_bytes_raise_only_input_error(reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for blob in (
        b"",
        b"PK\x03\x04",
        b"%PDF-",
        b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n",
        b"PK\x05\x06" + b"\0" * 18,
    ):
        with pytest.raises(InputError):
            reader(blob, name="x")
