"""WordprocessingML element builders on plain lxml: runs, tracked changes, comments, footnotes,
fields.

Every function here takes or returns lxml elements; nothing opens, reads or saves a file (that
is :mod:`drafter.render.ooxml`, on python-docx's package). The draft writer
(:mod:`drafter.render.docx`), the editor's commands (review, renumber) and a redline writer
build their XML with these functions, so a ``w:ins``, a ``w:del``, a comment anchor or a
footnote is made in one way only:

* :func:`make_run`, :func:`append_text`, :func:`set_rpr` (schema order kept);
* :class:`RevisionMarker`: ``w:ins`` / ``w:del`` around runs, paragraph marks inserted or
  deleted, one author and date, ids from a counter;
* :func:`append_comment` (the ``w:comment`` in a ``w:comments`` root) and
  :func:`anchor_comment` (range start, end and reference run around any sibling elements);
* :func:`new_footnotes_root`, :func:`append_footnote`, :func:`footnote_reference_run`;
* :func:`field_runs` (a complex field such as ``PAGE`` with its cached result).

Everything builds elements with :func:`el` / :func:`sub` and :func:`qn`; nothing edits XML as
text. Each new element declares the namespace of its own prefix (as python-docx's
``OxmlElement`` does); lxml drops the declaration again when the element is inserted under a
parent that already declares it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

NSMAP = {
    "w": W_NS,
    "r": R_NS,
    "mc": MC_NS,
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xml": "http://www.w3.org/XML/1998/namespace",
}

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT = _REL + "officeDocument"
RT_STYLES = _REL + "styles"
RT_NUMBERING = _REL + "numbering"
RT_SETTINGS = _REL + "settings"
RT_COMMENTS = _REL + "comments"
RT_FOOTNOTES = _REL + "footnotes"
RT_ENDNOTES = _REL + "endnotes"
RT_HEADER = _REL + "header"
RT_FOOTER = _REL + "footer"
RT_CORE_PROPERTIES = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_FOOTNOTES = _WML + "footnotes+xml"
CT_ENDNOTES = _WML + "endnotes+xml"
CT_COMMENTS = _WML + "comments+xml"

# Style ids of the reference document (templates/build_reference.py). Word resolves styles by
# id; the names an editor sees are "UN Footnote Reference" etc.
FOOTNOTE_TEXT_STYLE = "UNFootnoteText"
FOOTNOTE_REFERENCE_STYLE = "UNFootnoteReference"

#: elements whose ``w:id`` belongs to the revision id space
REVISION_TAGS = (
    "w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange", "w:pPrChange",
    "w:sectPrChange", "w:tblPrChange", "w:tblPrExChange", "w:tblGridChange", "w:trPrChange",
    "w:tcPrChange", "w:numberingChange", "w:cellIns", "w:cellDel", "w:cellMerge",
)

# ---------------------------------------------------------------------------------------------
# names and elements


@lru_cache(maxsize=512)
def qn(tag: str) -> str:
    """``"w:p"`` -> ``"{http://...wordprocessingml/2006/main}p"`` (Clark notation)."""
    prefix, _, local = tag.partition(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def el(tag: str, attrs: dict[str, str] | None = None, *children: Any) -> Any:
    """A new element ``tag`` (prefixed, e.g. ``"w:r"``) with prefixed `attrs` (``"w:val"``)."""
    prefix = tag.partition(":")[0]
    e = etree.Element(qn(tag), {qn(k): v for k, v in attrs.items()} if attrs else None,
                      nsmap={prefix: NSMAP[prefix]})
    for c in children:
        e.append(c)
    return e


def sub(parent: Any, tag: str, attrs: dict[str, str] | None = None) -> Any:
    """Append a new element ``tag`` to `parent` and return it (made by the parent's own
    document, so a python-docx tree gets python-docx's element classes)."""
    prefix = tag.partition(":")[0]
    e = parent.makeelement(qn(tag), {qn(k): v for k, v in attrs.items()} if attrs else None,
                           nsmap={prefix: NSMAP[prefix]})
    parent.append(e)
    return e


def wtag(e: Any) -> str:
    """``"w:ins"`` for a ``{W_NS}ins`` element ("" for comments and processing instructions)."""
    tag = e.tag if isinstance(e.tag, str) else ""
    if tag.startswith("{" + W_NS + "}"):
        return "w:" + tag[len(W_NS) + 2:]
    return tag


@lru_cache(maxsize=64)
def _compiled_xpath(expr: str) -> etree.XPath:
    return etree.XPath(expr, namespaces={"w": W_NS, "r": R_NS, "mc": MC_NS})


def xpath(e: Any, expr: str) -> Any:
    """`e.xpath(expr)` with the ``w``, ``r`` and ``mc`` prefixes bound, on any lxml element."""
    return _compiled_xpath(expr)(e)


def insert_in_order(parent: Any, child: Any, order: Sequence[str]) -> Any:
    """Insert `child` into `parent` before the first sibling that comes after it in `order`
    (the schema's sequence of the parent's children); append when none does."""
    rank = order.index(wtag(child))
    for i, c in enumerate(parent):
        name = wtag(c)
        if name in order and order.index(name) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def get_or_add(parent: Any, tag: str, order: Sequence[str]) -> Any:
    """The child ``tag`` of `parent`, inserted in schema `order` when absent."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    return insert_in_order(parent, el(tag), order)


RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)

PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)

# CT_Settings is a sequence (ECMA-376, 17.15.1.78): w:trackRevisions comes after these ...
SETTINGS_BEFORE_TRACK_REVISIONS = (
    "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
    "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
    "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
    "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData",
    "w:mirrorMargins", "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
    "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState", "w:formsDesign",
    "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter", "w:stylePaneSortMethod",
    "w:documentType", "w:mailMerge", "w:revisionView",
)
# ... and w:footnotePr before these.
SETTINGS_AFTER_FOOTNOTE_PR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)


def set_track_revisions(settings: Any) -> None:
    """Switch Track Changes on in a ``w:settings`` element (kept in schema order)."""
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    track = el("w:trackRevisions")
    before = {qn(t) for t in SETTINGS_BEFORE_TRACK_REVISIONS}
    last = None
    for child in settings:
        if child.tag in before:
            last = child
    if last is None:
        settings.insert(0, track)
    else:
        last.addnext(track)


def set_footnote_pr(settings: Any) -> None:
    """List the separator notes (ids -1 and 0) in ``w:settings/w:footnotePr`` as Word does."""
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = el("w:footnotePr")
    for note_id in ("-1", "0"):
        sub(pr, "w:footnote", {"w:id": note_id})
    after = {qn(t) for t in SETTINGS_AFTER_FOOTNOTE_PR}
    for child in settings:
        if child.tag in after:
            child.addprevious(pr)
            return
    settings.append(pr)


# ---------------------------------------------------------------------------------------------
# runs


def set_rpr(run: Any, tag: str, attrs: dict[str, str] | None = None) -> Any:
    """Set (replace) the run property ``tag`` on `run`, keeping the schema order of ``w:rPr``."""
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = el("w:rPr")
        run.insert(0, rpr)
    old = rpr.find(qn(tag))
    if old is not None:
        rpr.remove(old)
    return insert_in_order(rpr, el(tag, attrs), RPR_ORDER)


def set_italic(run: Any, on: bool = True) -> Any:
    set_rpr(run, "w:i", None if on else {"w:val": "0"})
    set_rpr(run, "w:iCs", None if on else {"w:val": "0"})
    return run


def set_highlight(run: Any, color: str = "yellow") -> Any:
    set_rpr(run, "w:highlight", {"w:val": color})
    return run


def make_run(
    text: str = "",
    *,
    italic: bool = False,
    bold: bool = False,
    highlight: str | None = None,
    style: str | None = None,
    superscript: bool = False,
    deleted: bool = False,
) -> Any:
    """A ``w:r`` holding `text`; tabs become ``w:tab`` and newlines ``w:br``.

    With ``deleted=True`` the text goes in ``w:delText`` (the form runs take inside ``w:del``).
    """
    r = el("w:r")
    if style:
        set_rpr(r, "w:rStyle", {"w:val": style})
    if bold:
        set_rpr(r, "w:b")
        set_rpr(r, "w:bCs")
    if italic:
        set_italic(r)
    if highlight:
        set_highlight(r, highlight)
    if superscript:
        set_rpr(r, "w:vertAlign", {"w:val": "superscript"})
    append_text(r, text, deleted=deleted)
    return r


def append_text(run: Any, text: str, *, deleted: bool = False,
                preserve: str = "always") -> Any:
    """Append `text` to `run` as ``w:t`` (or ``w:delText``), ``w:tab`` and ``w:br`` elements.

    ``xml:space="preserve"`` is set on every text element (``preserve="always"``) or only on
    those with leading or trailing white space (``"needed"``, as Word itself writes).
    """
    tag = "w:delText" if deleted else "w:t"

    def flush(buf: str) -> None:
        if buf:
            t = sub(run, tag)
            t.text = buf
            if preserve == "always" or buf.strip() != buf:
                t.set(XML_SPACE, "preserve")

    buf = ""
    for ch in text:
        if ch == "\t" or ch == "\n":
            flush(buf)
            buf = ""
            sub(run, "w:tab" if ch == "\t" else "w:br")
        else:
            buf += ch
    flush(buf)
    return run


def to_deleted_form(run: Any, deleted: bool = True) -> Any:
    """Turn ``w:t`` into ``w:delText`` (``deleted=True``) or back, in `run` and its children."""
    src, dst = ("w:t", "w:delText") if deleted else ("w:delText", "w:t")
    src2, dst2 = ("w:instrText", "w:delInstrText") if deleted else ("w:delInstrText", "w:instrText")
    for old_tag, new_tag in ((src, dst), (src2, dst2)):
        for t in list(run.iter(qn(old_tag))):  # renamed while walking: list first
            t.tag = qn(new_tag)
            t.set(XML_SPACE, "preserve")
    return run


# ---------------------------------------------------------------------------------------------
# tracked changes


def iso_date(date: datetime | None) -> str:
    """``2014-10-30T00:00:00Z``: the form Word writes in ``w:date`` (UTC, no fraction)."""
    d = date or datetime.now(UTC)
    if d.tzinfo is not None:
        d = d.astimezone(UTC)
    return d.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def max_revision_id(roots: Iterable[Any]) -> int:
    """The largest revision ``w:id`` used under any of `roots` (0 when there is none)."""
    tags = {qn(t) for t in REVISION_TAGS}
    wid = qn("w:id")
    best = 0
    for root in roots:
        for e in root.iter(*tags):
            try:
                best = max(best, int(e.get(wid, "0")))
            except ValueError:
                continue
    return best


class RevisionMarker:
    """Hands out revision ids from `first_id` on and wraps runs in ``w:ins`` / ``w:del``, all
    with one author and (settable, for reproducible output) date."""

    def __init__(self, first_id: int = 1, author: str = "drafter",
                 date: datetime | None = None) -> None:
        self.author = author
        self.date = iso_date(date)
        self._next = first_id

    def next_id(self) -> str:
        rid = self._next
        self._next += 1
        return str(rid)

    def _wrap(self, tag: str, runs: Iterable[Any]) -> Any:
        w = el(tag, {"w:id": self.next_id(), "w:author": self.author, "w:date": self.date})
        for r in runs:
            w.append(r)
        return w

    def ins(self, runs: Iterable[Any]) -> Any:
        """``w:ins`` around `runs`."""
        return self._wrap("w:ins", runs)

    def delete(self, runs: Iterable[Any]) -> Any:
        """``w:del`` around `runs`; their ``w:t`` become ``w:delText``."""
        return self._wrap("w:del", (to_deleted_form(r) for r in runs))

    def mark_paragraph(self, p: Any, kind: str) -> Any:
        """Mark the paragraph mark of `p` as inserted (``"ins"``) or deleted (``"del"``)."""
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            p.insert(0, ppr)
        rpr = get_or_add(ppr, "w:rPr", PPR_ORDER)
        mark = el("w:" + kind, {"w:id": self.next_id(), "w:author": self.author,
                               "w:date": self.date})
        rpr.insert(0, mark)
        return mark


# ---------------------------------------------------------------------------------------------
# comments


def anchor_comment(first: Any, last: Any, comment_id: int | str) -> None:
    """Anchor comment `comment_id` from `first` to `last` (inclusive): ``w:commentRangeStart``
    before `first`, ``w:commentRangeEnd`` after `last`, then the ``w:commentReference`` run.

    `first` and `last` can be any paragraph-content elements (``w:r``, ``w:ins``, ``w:del``,
    ``w:hyperlink``), in the body or in a footnote; so a comment can span a ``w:del`` +
    ``w:ins`` pair, which a run-based API cannot do.
    """
    cid = str(comment_id)
    first.addprevious(el("w:commentRangeStart", {"w:id": cid}))
    end = el("w:commentRangeEnd", {"w:id": cid})
    last.addnext(end)
    ref = el("w:r")
    set_rpr(ref, "w:rStyle", {"w:val": "CommentReference"})
    sub(ref, "w:commentReference", {"w:id": cid})
    end.addnext(ref)


def append_comment(comments: Any, text: str, *, author: str, initials: str = "",
                   date: datetime | None = None) -> int:
    """Append a ``w:comment`` to the ``w:comments`` element `comments`; return its id.

    Each line of `text` is a paragraph in the "CommentText" style; the first starts with the
    ``w:annotationRef`` mark (the layout Word and python-docx write).
    """
    ids = [int(x) for x in xpath(comments, "./w:comment/@w:id")]
    cid = max(ids, default=-1) + 1
    comment = sub(comments, "w:comment", {"w:id": str(cid), "w:author": author,
                                          "w:initials": initials, "w:date": iso_date(date)})
    for i, line in enumerate(text.split("\n")):
        p = sub(comment, "w:p")
        sub(sub(p, "w:pPr"), "w:pStyle", {"w:val": "CommentText"})
        if i == 0:
            mark = sub(p, "w:r")
            set_rpr(mark, "w:rStyle", {"w:val": "CommentReference"})
            sub(mark, "w:annotationRef")
        if line:
            append_text(sub(p, "w:r"), line, preserve="needed")
    return cid


# ---------------------------------------------------------------------------------------------
# footnotes


def new_footnotes_root() -> Any:
    """``w:footnotes`` with the two separator notes (``w:id="-1"`` separator, ``w:id="0"``
    continuation separator) that Word and LibreOffice expect."""
    root = etree.Element(qn("w:footnotes"), nsmap={"w": W_NS, "r": R_NS})
    for note_id, kind, mark in (("-1", "separator", "w:separator"),
                                ("0", "continuationSeparator", "w:continuationSeparator")):
        fn = sub(root, "w:footnote", {"w:type": kind, "w:id": note_id})
        p = sub(fn, "w:p")
        ppr = sub(p, "w:pPr")
        sub(ppr, "w:spacing", {"w:after": "0", "w:line": "240", "w:lineRule": "auto"})
        r = sub(p, "w:r")
        sub(r, mark)
    return root


def footnote_reference_run(
    footnote_id: int,
    *,
    custom_mark: str | None = None,
    style: str = FOOTNOTE_REFERENCE_STYLE,
) -> Any:
    """The body run ``<w:r><w:rPr>..superscript..</w:rPr><w:footnoteReference/></w:r>``.

    With `custom_mark` ("*"), the reference has ``w:customMarkFollows="1"`` and the mark
    follows as text in the same run: Word and LibreOffice then show that mark instead of a
    number, and the note does not take a number from the automatic sequence.
    """
    r = el("w:r")
    set_rpr(r, "w:rStyle", {"w:val": style})
    set_rpr(r, "w:vertAlign", {"w:val": "superscript"})
    attrs = {"w:id": str(footnote_id)}
    if custom_mark:
        attrs = {"w:customMarkFollows": "1", **attrs}
    sub(r, "w:footnoteReference", attrs)
    if custom_mark:
        append_text(r, custom_mark)
    return r


def append_footnote(
    root: Any,
    content: Iterable[Any] = (),
    *,
    custom_mark: str | None = None,
    paragraph_style: str = FOOTNOTE_TEXT_STYLE,
    reference_style: str = FOOTNOTE_REFERENCE_STYLE,
) -> tuple[int, Any]:
    """Append a footnote holding one paragraph of `content` to the ``w:footnotes`` `root`.

    The paragraph starts with the note's own mark (a ``w:footnoteRef`` run, or the custom mark
    as text) and a tab. Returns the new note's ``w:id`` and its paragraph; put
    :func:`footnote_reference_run` with that id in the body.
    """
    ids = [int(x) for x in xpath(root, "./w:footnote/@w:id")]
    note_id = max([0, *ids]) + 1
    fn = sub(root, "w:footnote", {"w:id": str(note_id)})
    p = sub(fn, "w:p")
    ppr = sub(p, "w:pPr")
    sub(ppr, "w:pStyle", {"w:val": paragraph_style})
    mark = sub(p, "w:r")
    set_rpr(mark, "w:rStyle", {"w:val": reference_style})
    set_rpr(mark, "w:vertAlign", {"w:val": "superscript"})
    if custom_mark:
        append_text(mark, custom_mark)
    else:
        sub(mark, "w:footnoteRef")
    p.append(make_run("\t"))
    for c in content:
        p.append(c)
    return note_id, p


# ---------------------------------------------------------------------------------------------
# fields and settings


def field_runs(instruction: str, result: str = "", **run_props: Any) -> list[Any]:
    """The runs of a complex field: begin, `` instruction ``, separate, `result`, end.

    `result` is the value shown until the field is updated (Word updates ``PAGE`` and
    ``NUMPAGES`` as it lays out each page; LibreOffice as well). `run_props` are the
    :func:`make_run` options of every run (``bold=True`` ...).
    """
    runs = []
    for kind in ("begin", None, "separate", "result", "end"):
        r = make_run(**run_props)
        if kind is None:
            t = sub(r, "w:instrText")
            t.text = f" {instruction} "
            t.set(XML_SPACE, "preserve")
        elif kind == "result":
            if not result:
                continue
            append_text(r, result)
        else:
            sub(r, "w:fldChar", {"w:fldCharType": kind})
        runs.append(r)
    return runs


def set_field_results(root: Any, instruction: str, value: str, *,
                      highlight: str | None = None) -> int:
    """Give every complex field under `root` whose instruction is `instruction`
    (``STYLEREF "UN Symbol"``, ``SUBJECT`` ...; switches such as ``\\* MERGEFORMAT`` are
    ignored) the cached result `value` (one run, formatted as the field's first run;
    highlighted when asked). Returns how many fields were updated.

    Word shows the cached result until it updates the field, LibreOffice shows it as the
    field's value: writing it makes both show the draft's own value."""
    def words(text: str) -> list[str]:  # the field's name and arguments: switches come last
        out = text.split()
        cut = next((i for i, w in enumerate(out) if w.startswith("\\")), len(out))
        return out[:cut]

    wanted = words(instruction)
    count = 0
    for p in root.iter(qn("w:p")):
        runs = [r for r in p.iter(qn("w:r"))]
        i = 0
        while i < len(runs):
            begin = runs[i].find(qn("w:fldChar"))
            if begin is None or begin.get(qn("w:fldCharType")) != "begin":
                i += 1
                continue
            instr: list[str] = []
            separate = end = None
            j = i + 1
            while j < len(runs):
                fc = runs[j].find(qn("w:fldChar"))
                kind = fc.get(qn("w:fldCharType")) if fc is not None else None
                if kind == "separate" and separate is None:
                    separate = j
                elif kind == "end":
                    end = j
                    break
                elif separate is None:
                    instr.extend(t.text or "" for t in runs[j].iter(qn("w:instrText")))
                j += 1
            if end is None:
                break
            if words("".join(instr)) == wanted:
                start = separate if separate is not None else end - 1
                if separate is None:  # no result yet: add the separator
                    sep = el("w:r")
                    sub(sep, "w:fldChar", {"w:fldCharType": "separate"})
                    runs[end].addprevious(sep)
                    runs.insert(end, sep)
                    start, end = end, end + 1
                for r in runs[start + 1:end]:
                    r.getparent().remove(r)
                result = make_run(value)
                rpr = runs[i].find(qn("w:rPr"))
                if rpr is not None:
                    result.insert(0, copy.deepcopy(rpr))
                if highlight:
                    set_highlight(result, highlight)
                runs[end].addprevious(result)
                count += 1
                runs = [r for r in p.iter(qn("w:r"))]
                i = runs.index(result) + 2
                continue
            i = end + 1
    return count


W14_URI = "http://schemas.microsoft.com/office/word"


def set_compatibility_mode(settings: Any, mode: int = 15) -> None:
    """``w:compat/w:compatSetting[@w:name='compatibilityMode']`` = `mode` (15: Word 2013 and
    later, so Word does not open the file in Compatibility Mode)."""
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = el("w:compat")
        after = {qn(t) for t in SETTINGS_AFTER_FOOTNOTE_PR[2:]}  # after w:endnotePr
        for child in settings:
            if child.tag in after:
                child.addprevious(compat)
                break
        else:
            settings.append(compat)
    for setting in compat.iterchildren(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:uri"), W14_URI)
            setting.set(qn("w:val"), str(mode))
            return
    sub(compat, "w:compatSetting", {"w:name": "compatibilityMode", "w:uri": W14_URI,
                                    "w:val": str(mode)})


def tostring(e: Any) -> str:
    """Pretty XML of `e`, for tests and debugging."""
    return etree.tostring(e, pretty_print=True, encoding="unicode")


__all__: Sequence[str] = (
    "CT_COMMENTS", "CT_ENDNOTES", "CT_FOOTNOTES", "FOOTNOTE_REFERENCE_STYLE",
    "FOOTNOTE_TEXT_STYLE", "NSMAP", "RevisionMarker", "anchor_comment", "append_comment",
    "append_footnote", "append_text", "el", "field_runs", "footnote_reference_run",
    "get_or_add", "insert_in_order", "iso_date", "make_run", "max_revision_id",
    "new_footnotes_root", "qn", "set_compatibility_mode", "set_field_results", "set_footnote_pr", "set_highlight",
    "set_italic", "set_rpr", "set_track_revisions", "sub", "to_deleted_form", "tostring",
    "wtag", "xpath",
)
