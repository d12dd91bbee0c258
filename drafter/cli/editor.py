"""The editor's commands: ``review`` and ``renumber`` of an amended Word draft. python-docx and
the corpus are imported inside the commands.

Exit codes of ``review``: 0 when nothing is wrong; 1 when a problem is found. Pending tracked
changes, open comments and placeholders are work still to do, not errors: they are counted (each
listed with ``--verbose``), and count towards the exit code only with ``--strict`` (a draft
ready to circulate has none). ``renumber`` exits 0 when it is done, even if problems it cannot
settle are left (it lists them; ``review`` reports them too); with nothing to renumber it writes
nothing and says so.
"""

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter.cli.common import (
    CorpusOption,
    ForceOption,
    NoCacheOption,
    ReviewFormat,
    VerboseOption,
    emit,
    plural,
    say,
    session_option,
    width,
)
from drafter.errors import InputError

if TYPE_CHECKING:
    from drafter.editor.renumber import Result
    from drafter.editor.report import Review, Todo


def _check_docx(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path} is not a file")
    with open(path, "rb") as f:
        head = f.read(4)
    if head != b"PK\x03\x04":
        raise InputError(f"{path.name} is not a Word .docx file",
                         hint="review and renumber read .docx drafts; save the draft from Word as .docx")


def review_text(r: "Review", *, strict: bool, verbose: bool = False, columns: int | None = None) -> str:
    """The review as plain text wrapped to ``columns`` (default: the terminal's, 80 in a pipe):
    the draft's facts, every problem, what is left to do (counted; each item with ``verbose``),
    and the verdict."""
    import textwrap

    cols = columns or width()
    out: list[str] = []

    def line(text: str, indent: str = "", more: str | None = None) -> None:
        out.extend(textwrap.wrap(" ".join(text.split()), width=cols, initial_indent=indent,
                                 subsequent_indent=more if more is not None else indent + "    ",
                                 break_on_hyphens=False, break_long_words=False) or [""])

    line(f"Review of {r.file}")
    line(f"session {r.session} ({r.session_evidence})" if r.session is not None
         else f"session {r.session_evidence}", "  ")
    if r.series:
        every = "every session" if r.period == 1 else f"every {r.period} sessions"
        line(f"series {r.series}, {every}", "  ")
    for n in r.notes:
        line(f"note: {n}", "  ")
    out.append("")
    if r.problems:
        out.append(f"Problems ({len(r.problems)}):")
        for p in r.problems:
            fix = "drafter renumber fixes it" if p.fixable else "fix by hand"
            line(f"{p.where} [{p.check}; {fix}]", "  ")
            line(p.message, "      ", "      ")
    else:
        out.append("No problems found.")
    out.append("")
    todo_note = "they count as problems with --strict" if not strict else "--strict: they count"
    line(f"To do ({todo_note}): {plural(len(r.changes), 'pending tracked change')}, "
         f"{plural(len(r.comments), 'open comment')}, {plural(len(r.placeholders), 'open placeholder')}, "
         f"{plural(len(r.filled), 'filled placeholder')} still highlighted")
    for title, items in (("pending tracked changes", r.changes), ("open comments", r.comments)):
        if items:
            by = Counter(i.author or "(unknown)" for i in items)
            line(f"{title} by author: " + ", ".join(f"{a} {n}" for a, n in by.items()), "  ")
    if r.filled:
        line("a filled placeholder is closed by removing its highlight (and resolving its comment)", "  ")
    if verbose:
        _todo_lists(r, line)
    elif r.todo_count:
        line("--verbose lists each of them", "  ")
    code = r.exit_code(strict)
    verdict = ("nothing wrong" if code == 0 else
               plural(len(r.problems), "problem") if r.problems else "work left to do (--strict)")
    out.append("")
    out.append(f"Result: {verdict} (exit {code})")
    return "\n".join(out) + "\n"


def _todo_lists(r: "Review", line: Callable[..., None]) -> None:
    """Every pending change, open comment and placeholder, one entry each (``--verbose``)."""

    def entries(title: str, items: list["Todo"], show: Callable[["Todo"], None]) -> None:
        if not items:
            return
        line("")
        line(f"{title} ({len(items)}):")
        for i in items:
            show(i)

    entries("Pending tracked changes", r.changes,
            lambda i: line(f"{i.author or '(unknown)'}, {i.where}: {i.detail} \"{_short(i.text)}\"", "  "))
    entries("Open comments", r.comments,
            lambda i: line(f"{i.author or '(unknown)'}, {i.where}, {i.detail}: {_short(i.text)}", "  "))
    entries("Open placeholders", r.placeholders,
            lambda i: line(f"{i.where}: \"{_short(i.text)}\" ({i.detail}): {i.close}", "  "))
    entries("Filled placeholders still highlighted", r.filled,
            lambda i: line(f"{i.where}: \"{_short(i.text)}\" (was \"{_short(i.was)}\"): {i.close}", "  "))


def _short(text: str) -> str:
    """The text on one line (``--verbose`` shows it whole; the lines wrap)."""
    return " ".join(text.replace("\ue000", "[footnote]").split()) or "(no text)"


def review(
    draft: Annotated[Path, typer.Argument(metavar="DRAFT.docx", help="The Word draft (.docx) to review.", show_default=False, readable=False)],
    session: Annotated[int | None, session_option("The draft's session (default: the masthead's session line, else its symbol).")] = None,
    corpus: CorpusOption = None,
    fmt: Annotated[ReviewFormat, typer.Option("--format", "-f", help="table or json.")] = ReviewFormat.table,
    strict: Annotated[bool, typer.Option("--strict", help="Also fail (exit 1) on pending tracked changes, open comments and placeholders.")] = False,
    verbose: VerboseOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Report what is left to do in a Word draft and what is inconsistent in it.

    To do: pending tracked changes and open comments (by author), open placeholders, and
    filled ones still highlighted. Problems: operative numbering, footnotes, session ordinals,
    the recalled previous edition, impossible dates, cross-references, end punctuation. Exit code
    0 when there is no problem, 1 when there is one (with --strict also when anything is left to
    do)."""
    from drafter.editor.report import review as review_draft

    _check_docx(draft)
    r = review_draft(draft, session=session, corpus_dir=corpus, cache=not no_cache)
    if fmt is ReviewFormat.json:
        emit(json.dumps(r.to_dict(strict), indent=2, ensure_ascii=False) + "\n")
    else:
        emit(review_text(r, strict=strict, verbose=verbose))
    code = r.exit_code(strict)
    if code:
        raise typer.Exit(code)


def renumber_report(result: "Result", written: Path | None, backup: Path | None, src: Path,
                    in_place: bool) -> None:
    """What renumber did (stdout) and what it left (stderr)."""
    for a in result.applied:
        e = a.edit
        how = " (tracked)" if a.tracked else ""
        typer.echo(f"{a.where}: {e.old} -> {e.new}{how}: {e.why}")
    for n in result.notes:
        say(n, kind="note")
    for p in result.left:
        say(f"{p.where}: {p.message}", kind="left for a person")
    if result.moved_notes:
        typer.echo("footnote texts: put in the order of their numbers")
    if not result.changed:
        typer.echo(f"{src}: nothing to renumber; no file written")
    if written is not None:
        if in_place:
            typer.echo(f"renumbered {written} in place (backup: {backup})")
        else:
            typer.echo(f"wrote {written}")


def renumber(
    draft: Annotated[Path, typer.Argument(metavar="DRAFT.docx", help="The Word draft (.docx) to renumber.", show_default=False, readable=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="OUT", readable=False, show_default=False, help="Where to write (default: DRAFT.renumbered.docx next to the draft).")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Replace the draft itself, keeping a backup (DRAFT.docx.bak).")] = False,
    track: Annotated[bool, typer.Option("--track", help="Make each renumbering a tracked change (author drafter).")] = False,
    force: ForceOption = False,
) -> None:
    """Renumber a draft after paragraphs were inserted, deleted or moved.

    Typed operative numbers, sub-paragraph letters, typed footnote numbers and internal
    cross-references ("paragraph 5 above", "paragraphs 4 to 6", "paragraph 3 (b)") move
    with their paragraphs. No other word of the document changes. With nothing to renumber,
    nothing is written."""
    from drafter.editor.renumber import renumber_file

    _check_docx(draft)
    result, written, backup = renumber_file(draft, output, in_place=in_place, track=track, force=force)
    renumber_report(result, written, backup, draft, in_place)


__all__ = ["renumber", "renumber_report", "review", "review_text"]
