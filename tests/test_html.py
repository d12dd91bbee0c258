"""Web pages: recognised by content whatever their name, the main content read with a real HTML
parser (site navigation, scripts and styles left out), ``<sup>`` markers and footnotes kept."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest
from fixtures import make_fixtures as mf
from typer.testing import CliRunner

from drafter.cli.main import app
from drafter.errors import InputError
from drafter.model.resolution import Paragraph, Resolution
from drafter.parse.parser import parse_file
from drafter.readers import read, sniff
from drafter.readers.html import looks_like_html

SEEDS = ("A/RES/61/168", "A/RES/63/180", "A/RES/66/152", "A/RES/68/160")
SITE_WORDS = ("Home", "tracking", "Copyright", "Decides nothing here", "menu", "See also elsewhere", "cookies")


def reference(symbol: str) -> Resolution:
    return parse_file(mf.CORPUS / (symbol.replace("/", "-") + ".txt"), symbol=symbol)


def _marked(p: Paragraph) -> str:
    text = escape(p.marked_text(lambda n: f"\x00{n}\x01"))
    text = re.sub(r"\x00(\d+)\x01",
                  lambda m: f'<sup><a href="#fn{m.group(1)}" id="ref{m.group(1)}">{m.group(1)}</a></sup>', text)
    if p.opening and text.startswith(escape(p.opening)):
        text = f"<em>{escape(p.opening)}</em>" + text[len(escape(p.opening)):]
    return text.replace(" ", "&nbsp;", 1)  # a no-break space after the opening's first word


def web_page(res: Resolution, notes: str = "ol") -> str:
    """The edition as a page of a web site: navigation, header, footer, sidebar, scripts and
    styles around a ``<main>`` holding the masthead, ``<p>`` paragraphs (``<em>`` openings,
    ``<sup>`` linked markers, ``&nbsp;``) and footnotes as an ``<ol>`` with back links
    (``notes="ol"``) or as ``<p><sup>1</sup> ...`` paragraphs (``notes="p"``)."""
    body = [f"<p class='pp'>{_marked(p)}</p>" for p in res.preamble]
    for p in res.operative:
        subs = "".join(f"<p class='sub'>({s.label})&nbsp;{escape(s.text)}</p>" for s in p.subparagraphs)
        body.append(f"<p>{p.number}.&nbsp;&nbsp;{_marked(p)}</p>\n{subs}")
    if notes == "ol":
        items = "".join(f"<li id='fn{f.number}'>{escape(f.text)} <a href='#ref{f.number}'>&#8617;</a></li>\n"
                        for f in res.footnotes)
        footnotes = f"<section class='footnotes'><hr/><ol>\n{items}</ol></section>"
    else:
        footnotes = "".join(f"<p class='note'><sup>{f.number}</sup>&nbsp;{escape(f.text)}</p>\n" for f in res.footnotes)
    issued = f"{res.distributed.day} {res.distributed:%B %Y}" if res.distributed else ""
    adopted = f"{res.adopted.day} {res.adopted:%B %Y}" if res.adopted else ""
    nl = "\n"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(res.symbol or '')} - United Nations</title>
<style>p {{ margin: 0 }} .menu {{ color: red }}</style>
<script>var menu = "The General Assembly, Recalling nothing";</script></head>
<body>
<header class="site-header"><a href="/">United Nations</a> | <a href="/ga">General Assembly</a></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/docs">Documents</a></li></ul></nav>
<div class="breadcrumb">Home &gt; Documents &gt; {escape(res.symbol or '')}</div>
<div id="cookie-banner" style="display: none">We use cookies</div>
<main id="content">
<p>United Nations&nbsp;&nbsp;{escape(res.symbol or '')}</p>
<p>General Assembly</p>
<p>Distr.: General<br>{issued}</p>
<h1>{res.number}.&nbsp;{escape(res.title or '')}</h1>
<p>The General Assembly,</p>
{nl.join(body)}
<p><em>{res.plenary_meeting}th plenary meeting</em><br>{adopted}</p>
{footnotes}
</main>
<aside class="sidebar"><h2>See also elsewhere</h2><p>1. Decides nothing here;</p></aside>
<footer><p>Copyright United Nations 2014</p></footer>
<script>document.write("tracking")</script>
</body></html>"""


def same(got: Resolution, ref: Resolution) -> None:
    assert [(p.number, p.full_text()) for p in got.paragraphs] == [(p.number, p.full_text()) for p in ref.paragraphs]
    assert [p.markers for p in got.paragraphs] == [p.markers for p in ref.paragraphs]
    assert [p.opening for p in got.paragraphs] == [p.opening for p in ref.paragraphs]
    assert got.footnotes == ref.footnotes
    assert (got.symbol, got.title, got.distributed, got.adopted, got.plenary_meeting) == (
        ref.symbol, ref.title, ref.distributed, ref.adopted, ref.plenary_meeting)


@pytest.mark.parametrize("symbol", SEEDS)
@pytest.mark.parametrize("notes", ["ol", "p"])
@pytest.mark.parametrize("suffix", [".html", ".txt", ""])
def test_web_page_parses_like_its_text(tmp_path: Path, symbol: str, notes: str, suffix: str) -> None:
    ref = reference(symbol)
    path = tmp_path / f"page{suffix}"
    path.write_text(web_page(ref, notes), encoding="utf-8")
    src = read(path)
    assert src.kind == "html"
    assert not any(word in src.text for word in SITE_WORDS)
    assert "\u00a0" not in src.text and "&nbsp;" not in src.text and "<" not in src.text
    got = parse_file(path)
    same(got, ref)
    assert got.format == "html" and got.warnings == ()


def test_web_page_offsets_are_source_lines(tmp_path: Path) -> None:
    ref = reference("A/RES/66/152")
    page = web_page(ref)
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    src = read(path)
    lines = page.split("\n")
    for probe in ("Distr.: General", "The General Assembly,", "Decides", "A/CONF.157/24"):
        where = src.locate(src.text.index(probe))
        line = int(re.match(r"line (\d+), char \d+$", where).group(1))  # type: ignore[union-attr]
        assert probe in lines[line - 1], (probe, where)


def test_encoding_from_meta(tmp_path: Path) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
            "<body><p>The General Assembly,</p><p>\x93Recalling\x94 its resolution 60/156 \x96 on the matter,</p>"
            "<p>1. Decides to continue its consideration of the question at its sixty-first session.</p></body></html>")
    path = tmp_path / "old.htm"
    path.write_bytes(page.encode("latin-1"))
    res = parse_file(path)
    assert res.preamble[0].text == "\u201cRecalling\u201d its resolution 60/156 \u2013 on the matter,"
    assert res.operative[0].number == 1


@pytest.mark.parametrize(
    "head,html",
    [
        (b"<!DOCTYPE html><html>", True),
        (b"\xef\xbb\xbf\n  <html lang='en'>", True),
        (b"<?xml version='1.0'?>\n<!-- saved -->\n<html xmlns='http://www.w3.org/1999/xhtml'>", True),
        (b"<p>The General Assembly,</p>", True),
        (b"<HEAD><TITLE>A/RES/1165 (XII)</TITLE>", True),
        (b"The General Assembly, <p> is not where it starts", False),
        (b"<<ODS JOB NO>>N1344905E<<ODS JOB NO>>", False),
        (b"<Recalling> nothing", False),
    ],
)
def test_recognised_by_content(head: bytes, html: bool) -> None:
    assert looks_like_html(head) is html
    assert (sniff(head) == "html") is html


def _one_line(path: Path) -> str:
    with pytest.raises(InputError) as e:
        read(path)
    message = str(e.value)
    assert "\n" not in message
    return message


def test_hostile_web_pages(tmp_path: Path) -> None:
    junk = tmp_path / "junk.html"
    junk.write_bytes(bytes(range(256)) * 8)
    assert "binary" in _one_line(junk)
    nul = tmp_path / "nul.html"
    nul.write_bytes(b"<html><body><p>The General Assembly,\x00\x00\x00</p></body></html>")
    assert "binary" in _one_line(nul)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"<!DOCTYPE html><html><head><title>x</title><script>var a = 1;</script></head><body><nav>Home</nav></body></html>")
    assert "without text" in _one_line(empty)
    deep = tmp_path / "deep.html"
    deep.write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"The General Assembly," + b"</div>" * 100_000 + b"</body></html>")
    try:
        read(deep)  # libxml2 caps the depth; either it reads or it says why, in one line
    except InputError as e:
        assert "\n" not in str(e)
    huge = tmp_path / "huge.html"
    huge.write_bytes(b"<html><body>" + b"<p>The General Assembly,</p>" * 800_000 + b"</body></html>")
    assert "more than the" in _one_line(huge)


def test_add_renamed_web_page_joins_its_series(tmp_path: Path, corpus_copy: Path) -> None:
    """A saved page renamed .txt was once added as a new junk series; now it is its edition."""
    path = tmp_path / "A-RES-66-152.txt"
    path.write_text(web_page(reference("A/RES/66/152")), encoding="utf-8")
    series_before = sorted(p.name for p in corpus_copy.iterdir() if p.is_dir())
    r = CliRunner().invoke(app, ["add", str(path), "--corpus", str(corpus_copy), "--replace"])
    assert r.exit_code == 0, r.stderr
    assert sorted(p.name for p in corpus_copy.iterdir() if p.is_dir()) == series_before
    added = next(corpus_copy.rglob("A-RES-66-152.txt"))
    assert added.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("symbol", ["A/RES/60/156", "A/RES/68/160", "A/RES/66/152"])
def test_plain_text_in_pre_keeps_its_layout(tmp_path: Path, symbol: str) -> None:
    """A text put on the web as typed, in <pre> (hard-wrapped lines of a PDF extraction, a
    tabbed export), is read with its own layout, as the same text in a .txt file is."""
    name = symbol.replace("/", "-")
    text = (mf.CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    page = (f"<html><head><title>{symbol}</title><script>x()</script></head><body>"
            "<nav><a href='/'>Home</a></nav><pre>" + escape(text) + "</pre><footer>Copyright</footer></body></html>")
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    src = read(path)
    assert src.kind == "html" and src.text.strip() == text.strip()
    got, ref = parse_file(path, symbol=symbol), parse_file(mf.CORPUS / f"{name}.txt", symbol=symbol)
    assert [(p.number, p.full_text(), p.markers) for p in got.paragraphs] == [
        (p.number, p.full_text(), p.markers) for p in ref.paragraphs]
    assert got.footnotes == ref.footnotes


@pytest.mark.parametrize("encoding", ["utf-8", "windows-1252"])
def test_undeclared_encoding(tmp_path: Path, encoding: str) -> None:
    page = ("<html><body><p>The General Assembly,</p><p>\u201cRecalling\u201d its resolution 60/156 \u2013 on the "
            "matter,</p><p>1. Decides to continue its consideration at its sixty-first session.</p></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(encoding))
    assert parse_file(path).preamble[0].text == "\u201cRecalling\u201d its resolution 60/156 \u2013 on the matter,"


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv=Content-Type content="text/html; charset=windows-1252">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {margin:0cm;} --></style></head>
<body lang=EN-US style='tab-interval:36.0pt'>
<div class=WordSection1>
<p class=MsoNormal>The General Assembly,<o:p></o:p></p>
<p class=MsoNormal><i>Reaffirming</i> the Vienna Declaration adopted on 25 June 1993<a style='mso-footnote-id:ftn1'
href="#_ftn1" name="_ftnref1" title=""><span class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference>[1]</span><![endif]></span></span></a> for enhancing cooperation,<o:p></o:p></p>
<p class=MsoNormal>1.&nbsp;<i>Decides</i> to continue its consideration of the question at its sixty-ninth session.<o:p></o:p></p>
</div>
<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all>
<hr align=left size=1 width="33%"><![endif]>
<div style='mso-element:footnote' id=ftn1>
<p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1" name="_ftn1" title=""><span
class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference>[1]</span><![endif]></span></span></a> A/CONF.157/24 (Part I), chap. III.<o:p></o:p></p>
</div></div>
</body></html>"""


def test_word_saved_as_web_page(tmp_path: Path) -> None:
    """Word's "Save as Web Page": footnote marks are links "[1]" styled as references, the notes
    follow in a footnote list; Office's conditional comments and <o:p> leave no trace."""
    path = tmp_path / "word.htm"
    path.write_bytes(WORD_HTML.encode("windows-1252"))
    src = read(path)
    assert "¹ A/CONF.157/24 (Part I), chap. III." in src.text
    assert "[1]" not in src.text and "supportFootnotes" not in src.text and "endif" not in src.text
    res = parse_file(path, symbol="A/RES/68/160")
    assert res.preamble[0].text == "Reaffirming the Vienna Declaration adopted on 25 June 1993 for enhancing cooperation,"
    assert [m.number for m in res.preamble[0].markers] == [1]
    assert res.footnotes[0].text == "A/CONF.157/24 (Part I), chap. III." and res.warnings == ()
