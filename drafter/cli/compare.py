"""``drafter compare OLD NEW``: a redline between any two editions or drafts.

Registered on the main typer app by :func:`register`; the parser, python-docx and the
writer are imported inside the command. The logic lives in :mod:`drafter.editor.compare`
(the diff model and its JSON), :mod:`drafter.render.redline` (the Word redline) and
:mod:`drafter.render.redline_markdown` (CriticMarkup).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from drafter.errors import DrafterError, OutputExistsError

FORMATS = ("md", "json", "docx")


def _note(line: str) -> None:
    typer.echo("drafter: note: " + " ".join(line.split()), err=True)


def register(app: typer.Typer) -> None:
    @app.command("compare")
    def compare_cmd(
        old: Annotated[Path, typer.Argument(
            help="The earlier text: a file (.txt, .docx, .pdf, a web page, .odt ...), or the "
                 "symbol of an edition in the corpus (A/RES/66/152).", metavar="OLD",
            show_default=False,
            readable=False)],
        new: Annotated[Path, typer.Argument(
            help="The later text, the same way.", metavar="NEW", show_default=False,
            readable=False)],
        output: Annotated[Path | None, typer.Option(
            "-o", "--output", metavar="FILE",
            help="Write to FILE: a Word redline, or Markdown / JSON for FILE.md / FILE.json.",
            show_default=False, readable=False)] = None,
        fmt: Annotated[str | None, typer.Option(
            "--format", "-f", metavar="FORMAT",
            help="docx (the default with -o), md (CriticMarkup, the default without -o) or json.",
            show_default=False)] = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")
                         ] = False,
        author: Annotated[str, typer.Option(
            "--author", metavar="NAME", help="Author of the tracked changes and comments.")] = "drafter",
        date: Annotated[str | None, typer.Option(
            "--date", metavar="ISO",
            help="Date of the tracked changes, e.g. 2014-10-01T09:30 (default: now).",
            show_default=False)] = None,
        corpus: Annotated[Path | None, typer.Option(
            "--corpus", metavar="DIR",
            help="Where to look up OLD or NEW given as symbols (default: $DRAFTER_CORPUS, "
                 "./corpus, or the bundled one).", show_default=False, readable=False)] = None,
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
        from datetime import UTC, datetime

        from drafter.editor.compare import compare_files
        from drafter.render.redline_markdown import render_markdown

        to_stdout = output is None or str(output) == "-"
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        kind = fmt or ("md" if to_stdout else suffix if suffix in ("md", "json") else "docx")
        if kind not in FORMATS:
            raise DrafterError(f"--format {kind!r} is not known", hint="use docx, md or json")
        if kind == "docx" and to_stdout:
            raise DrafterError("a Word redline is written to a file",
                               hint="give -o REDLINE.docx (or --format md or json for the terminal)")
        stamp = None
        if date is not None:
            try:
                stamp = datetime.fromisoformat(date)
            except ValueError:
                raise DrafterError(f"--date {date!r} is not a date",
                                   hint="write it like 2014-10-01 or 2014-10-01T09:30") from None
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=UTC)
        if output is not None and not to_stdout:
            if (output.exists() or output.is_symlink()) and not output.is_dir() and not force:
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
            _note(line)
        if not c.changes():
            _note(f"{c.old.label} and {c.new.label} have the same text, as drafter reads them")
        if kind == "docx":
            from drafter.render.redline import write_redline

            assert output is not None
            write_redline(c, output, force=force, author=author, date=stamp, moves=moves,
                          reference=reference)
            typer.echo(f"drafter: wrote {output} ({c.changes()} changes; Reject All gives "
                       f"{c.old.label}, Accept All gives {c.new.label})", err=True)
            return
        text = c.to_json() + "\n" if kind == "json" else render_markdown(c)
        if to_stdout:
            sys.stdout.write(text)
            return
        from drafter.fsutil import atomic_write_text

        assert output is not None
        atomic_write_text(output, text, force=force)
        typer.echo(f"drafter: wrote {output}", err=True)


__all__ = ["register"]
