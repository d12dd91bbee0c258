"""Web pages: the main content of an HTML page as MARKDOWN-family text.

A resolution saved from the web (or such a page renamed ``.txt``) is recognised by its content
(:func:`looks_like_html`) and parsed with lxml's HTML parser, which reads any page, however
broken, the way browsers do. Then:

* the page's main content is taken: ``<main>``, ``<article>`` or ``role="main"`` when there
  is one (the one holding "The General Assembly," if several), else ``<body>``; navigation,
  headers and footers of the site, forms, scripts, styles and hidden elements are dropped
  (by element, by ARIA role, and by ``id``/``class`` naming navigation, menus, breadcrumbs,
  sidebars, cookie banners or sharing buttons);
* block elements (``<p>``, ``<div>``, headings, list items, table cells, ``<blockquote>``)
  become paragraphs, one a line with blank lines between; ``<br>`` a line break; white space
  collapsed as a browser does (``&nbsp;`` is a plain space);
* ``<em>``/``<i>`` as ``*italics*``; ``<sup>1</sup>`` footnote markers (linked or not) as
  ``¹``; a literal ``*`` as ``\\*``;
* a footnote list (an ``<ol>`` or the items of a block whose ``id``/``class`` names
  footnotes or notes) as ``¹ text`` lines in its numbering;
* a footnote mark that is a link to its note (``<a href="#_ftn1">[1]</a>`` as Word's "Save as
  Web Page" writes it, LibreOffice's ``sdfootnote`` anchors) as ``¹``, and a note's number
  linked back to its mark as the note's ``¹ `` label; ``vertical-align: super`` as ``<sup>``.

A page whose main content is mostly ``<pre>`` (a plain text put on the web as typed) keeps
that text's own layout (hard-wrapped lines, tabs) and family, as the same text in a .txt file.
The encoding is the one the page declares, else UTF-8 when the bytes are UTF-8, else
Windows-1252, as browsers assume.

``segments`` say ``"line L"``: the line of the HTML source where the element holding that
text starts (lxml's ``sourceline``), the offset counting the characters drafter read from it.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

from drafter.readers.markup import Char, join_blocks, render, segments, tidy
from drafter.readers.safety import (
    FORMATS_HINT,
    MAX_TEXT_BYTES,
    display_name,
    fail,
    read_limited,
    reader_errors,
)
from drafter.readers.source import Family, Source

_ACTION = "save the page's text as .txt, or give the .docx or .pdf"
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|link|base|style|script|main|article|section|div|p|h[1-6]|table|ul|ol)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_DROP_TAGS = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "template", "button", "select", "input", "textarea", "head", "object", "embed", "canvas",
    "map", "dialog", "menu",
}
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "complementary", "dialog"}
_DROP_NAMES = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|breadcrumbs?|sidebar|cookies?|cookie-banner|"
    r"skip-link|skiplinks?|share|social|site-header|site-footer|masthead-nav|toolbar|pager|pagination)(?:$|[-_\s])",
    re.IGNORECASE,
)
_NOTES_NAMES = re.compile(r"foot-?notes?|end-?notes?|(?:^|[-_\s])notes?(?:$|[-_\s])", re.IGNORECASE)
_BLOCKS = {
    "p", "div", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th",
    "tr", "table", "ul", "ol", "dl", "section", "article", "main", "body", "center", "address",
    "figure", "figcaption", "pre", "hr", "caption", "tbody", "thead", "tfoot", "details", "summary",
}
_ITALIC = {"em", "i", "cite", "var", "dfn"}
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# the text of a link that is a footnote mark: 1, [1], (1), 1/
_LINKED_NUMBER = re.compile(r"^[\[(]?(\d{1,3})[\])]?/?$")
_GA = re.compile(r"The (?:General Assembly|Human Rights Council)\s*,")


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes (1 KB is plenty) are those of an HTML page."""
    return bool(_HTML_START.match(head[:4096]))


def read_html(path: str | os.PathLike[str]) -> Source:
    name = display_name(path)
    data = read_limited(path, MAX_TEXT_BYTES, what="a web page")
    return html_source(data, name=name, path=os.fspath(path))


def html_source(data: bytes, *, name: str = "page.html", path: str | None = None) -> Source:
    """A MARKDOWN-family :class:`Source` from the bytes of a web page."""
    if len(data) > MAX_TEXT_BYTES:
        raise fail(name, f"is larger than the {MAX_TEXT_BYTES // (1024 * 1024)} MB limit for a web page",
                   "give the page of a single resolution")
    if b"\x00" in data[:1 << 20]:
        raise fail(name, "looks like HTML but is a binary file (it contains NUL bytes)", FORMATS_HINT)
    with reader_errors(name, "a web page", _ACTION):
        from lxml import etree, html

        parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                 recover=True, huge_tree=False, default_doctype=False,
                                 encoding=_encoding(data))
        try:
            root = html.document_fromstring(data, parser=parser)
        except (etree.ParserError, ValueError) as e:
            raise fail(name, f"could not be read as a web page ({' '.join(str(e).split())})", _ACTION) from None
        reader = _HtmlReader()
        content = _main_content(root)
        reader.block(content)
        blocks = reader.finish()
        preformatted = _mostly_preformatted(content)
    # a <pre> text keeps its lines and characters as typed (no italics to mark)
    out = join_blocks(
        [(c[0], c[3], c[2], c[2] < 0) for c in block] if preformatted else render(tidy(block)) for block in blocks
    )
    text = "".join(c[0] for c in out)
    if not text.strip():
        raise fail(name, "is a web page without text in its main content", _ACTION)
    family = Family.MARKDOWN
    if preformatted:  # a plain text in <pre>: its own layout (hard-wrapped, tabbed...)
        from drafter.readers.text import detect_family

        family = detect_family(text)
        if family is Family.UNKNOWN:
            family = Family.MARKDOWN
    return Source(
        text=text,
        family=family,
        path=path,
        kind="html",
        sha256=hashlib.sha256(data).hexdigest(),
        segments=tuple(segments(out)),
    )


def _attr_names(el: Any) -> str:
    return f"{el.get('id') or ''} {el.get('class') or ''}"


def _dropped(el: Any) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag.lower() in _DROP_TAGS:
        return True
    if (el.get("role") or "").lower() in _DROP_ROLES:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if tag.lower() == "a" and (el.get("href") or "").startswith("#"):
        label = el.text_content() or ""
        if not any(ch.isalnum() for ch in label) or "backlink" in (el.get("role") or "") + _attr_names(el):
            return True  # a footnote's "↩" link back to its marker
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return bool(_DROP_NAMES.search(_attr_names(el)))


_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=|<\?xml[^>]+encoding\s*=""", re.IGNORECASE)


def _encoding(data: bytes) -> str | None:
    """The encoding to read a page in: None when it declares one (a ``<meta>`` charset, an
    XML declaration) or starts with a byte-order mark, which lxml follows; else UTF-8 when the
    bytes are valid UTF-8, else Windows-1252 (what browsers assume)."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or _DECLARED.search(data[:4096]):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "windows-1252"
    return "utf-8"


def _mostly_preformatted(content: Any) -> bool:
    """Whether most of the main content's text stands in ``<pre>`` (a plain text put on the
    web as it was typed)."""
    total = len("".join((content.text_content() or "").split()))
    pre = sum(len("".join((el.text_content() or "").split())) for el in content.iter("pre"))
    return total > 0 and pre * 2 > total


def _main_content(root: Any) -> Any:
    candidates = [el for el in root.iter("main", "article") if not _dropped(el)]
    candidates += [el for el in root.iter() if isinstance(el.tag, str) and el.get("role") == "main"]
    with_ga = [el for el in candidates if _GA.search(el.text_content() or "")]
    if with_ga:
        return min(with_ga, key=lambda el: len(el.text_content() or ""))
    if candidates:
        return max(candidates, key=lambda el: len(el.text_content() or ""))
    body = root.find("body")
    return body if body is not None else root


class _HtmlReader:
    def __init__(self) -> None:
        self.blocks: list[list[Char]] = []
        self.cur: list[Char] = []
        self.note_number: int | None = None  # numbering of the footnote list being read

    def flush(self) -> None:
        if any(not c[0].isspace() for c in self.cur):
            self.blocks.append(self.cur)
        self.cur = []

    def finish(self) -> list[list[Char]]:
        self.flush()
        return self.blocks

    def add(self, text: str | None, el: Any, italic: bool, sup: bool, pre: bool) -> None:
        if not text:
            return
        where = f"line {getattr(el, 'sourceline', None) or 1}"
        text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2007", " ").replace("\r", "")
        if not pre:
            text = re.sub(r"[ \t\n\f\v]+", " ", text)
            if text.startswith(" ") and self.cur and self.cur[-1][0] in " \n":
                text = text[1:]  # white space collapses across elements too, as in a browser
        if sup and text.strip().isdigit():
            text = text.strip().translate(_SUP)
            italic = False
        for k, ch in enumerate(text):
            self.cur.append((ch, italic and not ch.isspace(), k, where))

    def block(self, el: Any, italic: bool = False, sup: bool = False, pre: bool = False,
              notes: bool = False) -> None:
        """Read ``el`` (its text and children; not its tail)."""
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        is_block = tag in _BLOCKS
        if is_block:
            self.flush()
        if tag == "br":
            self.cur.append(("\n", False, -1, f"line {getattr(el, 'sourceline', None) or 1}"))
            return
        if tag == "a" and (el.get("href") or "").startswith("#"):
            m = _LINKED_NUMBER.match(" ".join((el.text_content() or "").split()))
            if m:  # a footnote mark linked to its note (or a note's number linked back to its mark)
                where = f"line {getattr(el, 'sourceline', None) or 1}"
                starts = not any(not c[0].isspace() for c in self.cur)
                mark = m.group(1).translate(_SUP) + (" " if starts else "")
                self.cur.extend((ch, False, -1, where) for ch in mark)
                return
        italic = italic or tag in _ITALIC
        sup = sup or tag == "sup" or "vertical-align:super" in (el.get("style") or "").replace(" ", "").lower()
        pre = pre or tag == "pre"
        notes = notes or bool(_NOTES_NAMES.search(_attr_names(el)))
        if tag == "ol":
            try:
                self.note_number = int(el.get("start") or 1)
            except ValueError:
                self.note_number = 1
        if tag == "li" and notes and self.note_number is not None:
            label = str(self.note_number).translate(_SUP)
            text_start = (el.text or "").strip()
            if not text_start[:1].isdigit() and not (len(el) and el[0].tag == "sup"):
                self.cur.extend((ch, False, -1, f"line {el.sourceline or 1}") for ch in label + " ")
            self.note_number += 1
        self.add(el.text, el, italic, sup, pre)
        for child in el:
            if not isinstance(child.tag, str):  # comments, processing instructions
                self.add(child.tail, el, italic, sup, pre)
                continue
            if not _dropped(child):
                self.block(child, italic, sup, pre, notes)
            self.add(child.tail, el, italic, sup, pre)
        if is_block:
            self.flush()
        if tag == "ol":
            self.note_number = None
