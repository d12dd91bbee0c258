"""``drafter compare OLD NEW``: a redline between any two editions or drafts.

A top-level command function registered in :mod:`drafter.cli.main`; the parser, python-docx
and the writer are imported inside it. The logic lives in :mod:`drafter.editor.compare` (the
diff model and its JSON), :mod:`drafter.render.redline` (the Word redline) and
:mod:`drafter.render.redline_markdown` (CriticMarkup).
"""

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.common import (
    CorpusOption,
    DraftFormat,
    ForceOption,
    UsageError,
    check_date,
    emit,
    note,
    parse_iso,
    say,
)
from drafter.errors import DrafterError, OutputExistsError


def compare(
    old: Annotated[Path, typer.Argument(
        help="The earlier text: a file (.txt, .docx, .pdf, a web page, .odt ...), or the "
             "symbol of an edition in the corpus (A/RES/66/152).", metavar="OLD",
        show_default=False, readable=False)],
    new: Annotated[Path, typer.Argument(
        help="The later text, the same way.", metavar="NEW", show_default=False, readable=False)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write to FILE: a Word redline, or Markdown / JSON for FILE.md / FILE.json.",
        show_default=False, readable=False)] = None,
    fmt: Annotated[DraftFormat | None, typer.Option(
        "--format", "-f",
        help="docx (the default with -o), md (CriticMarkup, the default without -o) or json.",
        show_default=False)] = None,
    force: ForceOption = False,
    author: Annotated[str, typer.Option(
        "--author", metavar="NAME", help="Author of the tracked changes and comments.")] = "drafter",
    date: Annotated[str | None, typer.Option(
        "--date", metavar="DATE", callback=check_date,
        help="Date of the tracked changes (ISO, e.g. 2014-10-01T09:30; default: now).",
        show_default=False)] = None,
    corpus: CorpusOption = None,
    reference: Annotated[Path | None, typer.Option(
        "--reference", metavar="FILE.docx",
        help="Reference document for the styles (default: drafter's UN reference.docx).",
        show_default=False, readable=False)] = None,
    moves: Annotated[bool, typer.Option(
        "--moves/--no-moves",
        help="Show moved paragraphs as Word moves (default), or as deletion + insertion.",
    )] = True,
) -> None:
    """A redline turning OLD into NEW: moved, inserted and deleted paragraphs, word-level
    changes, changes inside footnotes, masthead differences, each change commented with
    its cause when drafter knows it (session moved, previous edition cited, another body's
    act updated). Renumbered paragraphs are not changes (Word numbers them). In Word,
    Reject All gives OLD back and Accept All gives NEW."""
    from drafter.editor.compare import compare_files
    from drafter.fsutil import was_created_by_drafter
    from drafter.render.redline_markdown import render_markdown

    to_stdout = output is None or str(output) == "-"
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    kind = str(fmt) if fmt is not None else ("md" if to_stdout else suffix if suffix in ("md", "json") else "docx")
    if kind == "docx" and to_stdout:
        raise UsageError("a Word redline is written to a file",
                         hint="give -o REDLINE.docx (or --format md or json for the terminal)")
    stamp = parse_iso(date)
    if output is not None and not to_stdout:
        exists = (output.exists() or output.is_symlink()) and not output.is_dir()
        if exists and not force and not was_created_by_drafter(output):
            # said before the texts are read (the write itself refuses too, atomically)
            raise OutputExistsError(f"{output} exists; use --force to overwrite")
        for given in (old, new):
            if given.exists() and output.exists() and output.resolve() == given.resolve():
                raise DrafterError(f"-o {output} is one of the texts being compared",
                                   hint="give another file name")
    if kind == "docx" and reference is not None:
        from drafter.render.docx import check_reference

        check_reference(reference)  # before any work: one line if it cannot be used
    c = compare_files(old, new, corpus=corpus)
    for line in c.notices:
        note(line)
    if not c.changes():
        note(f"{c.old.label} and {c.new.label} have the same text, as drafter reads them")
    if kind == "docx":
        from drafter.render.redline import redline_bytes

        assert output is not None
        emit(redline_bytes(c, author=author, date=stamp, moves=moves, reference=reference), output, force=force)
        say(f"wrote {output} ({c.changes()} changes; Reject All gives {c.old.label}, "
            f"Accept All gives {c.new.label})")
        return
    text = c.to_json() + "\n" if kind == "json" else render_markdown(c)
    if emit(text, output, force=force) is not None:
        say(f"wrote {output}")


__all__ = ["compare"]
