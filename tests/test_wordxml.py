"""drafter.render.wordxml.WordPackage: the minimal .docx package the draft writer uses, read back
by python-docx (an independent reader of the package structure)."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from drafter.render.docx import reference_docx_path
from drafter.render.wordxml import (
    RT_COMMENTS,
    PackageError,
    WordPackage,
    append_comment,
    append_footnote,
    make_run,
    qn,
    xpath,
)


def test_unchanged_package_round_trips_part_for_part():
    src = reference_docx_path()
    pkg = WordPackage.open(src)
    out = zipfile.ZipFile(io.BytesIO(pkg.to_bytes()))
    ref = zipfile.ZipFile(src)
    assert out.namelist()[0] == "[Content_Types].xml"
    assert sorted(out.namelist()) == sorted(ref.namelist())
    for name in ref.namelist():
        assert out.read(name) == ref.read(name), name  # nothing edited: copied byte for byte
    assert {i.date_time for i in out.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_new_parts_are_related_typed_and_read_by_python_docx():
    pkg = WordPackage.open(reference_docx_path())
    sect = pkg.body.find(qn("w:sectPr"))
    p = make_run("Recalling its resolution 68/160")
    para = pkg.body.makeelement(qn("w:p"), {})
    para.append(p)
    sect.addprevious(para)
    note_id, fp = append_footnote(pkg.footnotes())
    fp.append(make_run("A/68/53, chap. III."))
    cid = append_comment(pkg.comments(), "first line\nsecond line", author="drafter test")
    assert (note_id, cid) == (1, 0)
    assert pkg.footnotes() is pkg.footnotes()  # created once
    data = pkg.to_bytes()

    z = zipfile.ZipFile(io.BytesIO(data))
    types = z.read("[Content_Types].xml").decode()
    assert 'PartName="/word/comments.xml"' in types and 'PartName="/word/footnotes.xml"' in types
    rels = z.read("word/_rels/document.xml.rels").decode()
    assert 'Target="comments.xml"' in rels and 'Target="footnotes.xml"' in rels
    assert "w:footnotePr" in z.read("word/settings.xml").decode()  # separators listed

    doc = docx.Document(io.BytesIO(data))
    assert [x.text for x in doc.paragraphs] == ["Recalling its resolution 68/160"]
    comment = next(iter(doc.comments))
    assert comment.author == "drafter test"
    assert [x.text for x in comment.paragraphs] == ["first line", "second line"]
    reparsed = WordPackage(dict((n, z.read(n)) for n in z.namelist()))
    notes = xpath(reparsed.footnotes(), "./w:footnote/@w:id")
    assert notes == ["-1", "0", "1"]


def test_a_lookup_adds_nothing():
    pkg = WordPackage.open(reference_docx_path())
    assert pkg.part_of(RT_COMMENTS) is None
    assert pkg.related("word/numbering.xml", RT_COMMENTS) is None  # a part without rels
    names = zipfile.ZipFile(io.BytesIO(pkg.to_bytes())).namelist()
    assert sorted(names) == sorted(zipfile.ZipFile(reference_docx_path()).namelist())


@pytest.mark.parametrize(
    "members, message",
    [
        ({}, "no \\[Content_Types\\].xml"),
        ({"[Content_Types].xml": b"<Types/>"}, "no main document part"),
    ],
)
def test_not_a_word_package(members, message):
    with pytest.raises(PackageError, match=message):
        WordPackage(members)


def test_unreadable_files_are_package_errors(tmp_path):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(PackageError, match="not a readable .docx"):
        WordPackage.open(junk)
    with pytest.raises(PackageError, match="not a readable .docx"):
        WordPackage.open(tmp_path / "missing.docx")


def test_entities_are_not_resolved(tmp_path):
    src = zipfile.ZipFile(reference_docx_path())
    members = {n: src.read(n) for n in src.namelist()}
    members["word/document.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    pkg = WordPackage(members)
    assert "root:" not in "".join(pkg.body.itertext())
