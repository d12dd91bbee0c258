"""The editor's commands: ``review`` and ``renumber``. Registered on the main typer app by
:func:`register`; python-docx, rich and the corpus are imported inside the commands.

Exit codes of ``review``: 0 when nothing is wrong; 1 when a problem is found. Pending tracked
changes, open comments and unfilled placeholders are work still to do, not errors: they are
listed, and count towards the exit code only with ``--strict`` (a draft ready to circulate has
none). ``renumber`` exits 0 when it wrote its file, even if problems it cannot settle are left
(it lists them; ``review`` reports them too).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter.errors import DrafterError, InputError

if TYPE_CHECKING:
    from drafter.editor.renumber import Result
    from drafter.editor.review import Review

PROG = "drafter"


def _err(line: str) -> None:
    typer.echo(" ".join(line.split()), err=True)


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


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def print_review(r: Review, *, strict: bool, width: int | None = None) -> None:
    """The review as tables on stdout: problems, then what is left to do, then the verdict."""
    from collections import Counter

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, width=width, soft_wrap=False)
    console.print(Text(f"Review of {r.file}", style="bold"))
    facts = [f"session {r.session} ({r.session_evidence})" if r.session is not None
             else f"session {r.session_evidence}"]
    if r.series:
        every = "every session" if r.period == 1 else f"every {r.period} sessions"
        facts.append(f"series {r.series}, {every}")
    for f in facts:
        console.print(Text(f"  {f}"))
    for n in r.notes:
        console.print(Text.assemble("  ", ("note:", "yellow"), f" {n}"))
    console.print()
    if r.problems:
        t = Table(title=f"Problems ({len(r.problems)})", title_justify="left", show_lines=False)
        for col in ("where", "check", "problem", "fix"):
            t.add_column(col, overflow="fold")
        for p in r.problems:
            t.add_row(Text(p.where), p.check, Text(p.message),
                      "drafter renumber" if p.fixable else "by hand")
        console.print(t)
    else:
        console.print("No problems found.")
    todo_note = "they count as problems with --strict" if not strict else "--strict: they count"
    console.print()
    console.print(Text.assemble(("To do", "bold"), f" ({todo_note}): "
                                f"{_plural(len(r.changes), 'pending tracked change')}, "
                                f"{_plural(len(r.comments), 'open comment')}, "
                                f"{_plural(len(r.placeholders), 'placeholder')}"))
    for title, items in (("Pending tracked changes", r.changes), ("Open comments", r.comments)):
        if not items:
            continue
        by = Counter(i.author or "(unknown)" for i in items)
        t = Table(title=Text(f"{title} by author: " + ", ".join(f"{a} {n}" for a, n in by.items())),
                  title_justify="left")
        for col in ("author", "where", "what", "text"):
            t.add_column(col, overflow="fold")
        for author in by:
            for i in items:
                if (i.author or "(unknown)") == author:
                    t.add_row(Text(author), Text(i.where), Text(i.detail), Text(_short(i.text)))
        console.print(t)
    if r.placeholders:
        t = Table(title="Placeholders", title_justify="left")
        for col in ("where", "text", "in"):
            t.add_column(col, overflow="fold")
        for i in r.placeholders:
            t.add_row(Text(i.where), Text(i.text), Text(i.detail))
        console.print(t)
    code = r.exit_code(strict)
    verdict = ("nothing wrong" if code == 0 else
               _plural(len(r.problems), "problem") if r.problems else "work left to do (--strict)")
    console.print()
    console.print(Text(f"Result: {verdict} (exit {code})"))


def _short(text: str, limit: int = 90) -> str:
    s = " ".join(text.replace("\ue000", "[footnote]").split()) or "(no text)"
    return s if len(s) <= limit else s[: limit - 3] + "..."


def print_renumber(result: Result, written: Path | None, backup: Path | None, src: Path,
                   in_place: bool) -> None:
    for a in result.applied:
        e = a.edit
        how = " (tracked)" if a.tracked else ""
        typer.echo(f"{a.where}: {e.old} -> {e.new}{how}: {e.why}")
    for n in result.notes:
        _err(f"{PROG}: note: {n}")
    for p in result.left:
        _err(f"{PROG}: left for a person: {p.where}: {p.message}")
    if result.moved_notes:
        typer.echo("footnote texts: put in the order of their numbers")
    if not result.changed:
        typer.echo(f"{src}: nothing to renumber"
                   + ("; the file was left as it was" if in_place else ""))
    if written is not None:
        if in_place:
            typer.echo(f"renumbered {written} in place (backup: {backup})")
        else:
            typer.echo(f"wrote {written}")


def register(app: typer.Typer) -> None:
    @app.command("review")
    def review_cmd(
        draft: Annotated[Path, typer.Argument(help="The Word draft (.docx) to review.",
                                              show_default=False)],
        session: Annotated[int | None, typer.Option(
            "--session", metavar="N",
            help="The draft's session (default: the masthead's session line, else its symbol).",
            show_default=False)] = None,
        corpus: Annotated[Path | None, typer.Option(
            "--corpus", metavar="DIR",
            help="Corpus folder (default: $DRAFTER_CORPUS, ./corpus, or the bundled one).",
            show_default=False)] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
        strict: Annotated[bool, typer.Option(
            "--strict",
            help="Also fail (exit 1) on pending tracked changes, open comments and placeholders.",
        )] = False,
    ) -> None:
        """Report what is left to do in a Word draft and what is inconsistent in it.

        To do: pending tracked changes and open comments (by author), unfilled placeholders.
        Problems: operative numbering, footnotes, session ordinals, the recalled previous
        edition, impossible dates, cross-references, end punctuation. Exit code 0 when there
        is no problem, 1 when there is one (with --strict also when anything is left to do)."""
        from drafter.editor.review import review

        if fmt not in ("table", "json"):
            raise DrafterError(f"--format {fmt!r} is not known", hint="use table or json")
        _check_docx(draft)
        r = review(draft, session=session, corpus_dir=corpus)
        if fmt == "json":
            sys.stdout.write(json.dumps(r.to_dict(strict), indent=2, ensure_ascii=False) + "\n")
        else:
            print_review(r, strict=strict)
        code = r.exit_code(strict)
        if code:
            raise typer.Exit(code)

    @app.command("renumber")
    def renumber_cmd(
        draft: Annotated[Path, typer.Argument(help="The Word draft (.docx) to renumber.",
                                              show_default=False)],
        output: Annotated[Path | None, typer.Option(
            "-o", "--output", metavar="OUT",
            help="Where to write (default: DRAFT.renumbered.docx next to the draft).",
            show_default=False)] = None,
        in_place: Annotated[bool, typer.Option(
            "--in-place", help="Replace the draft itself, keeping a backup (DRAFT.docx.bak).",
        )] = False,
        track: Annotated[bool, typer.Option(
            "--track", help="Make each renumbering a tracked change (author drafter).")] = False,
        force: Annotated[bool, typer.Option("--force", help="Overwrite OUT if it exists.")] = False,
    ) -> None:
        """Renumber a draft after paragraphs were inserted, deleted or moved.

        Typed operative numbers, sub-paragraph letters, typed footnote numbers and internal
        cross-references ("paragraph 5 above", "paragraphs 4 to 6", "paragraph 3 (b)") move
        with their paragraphs. No other word of the document changes."""
        from drafter.editor.renumber import renumber_file

        _check_docx(draft)
        result, written, backup = renumber_file(draft, output, in_place=in_place, track=track,
                                                force=force)
        print_renumber(result, written, backup, draft, in_place)


__all__ = ["print_renumber", "print_review", "register"]
