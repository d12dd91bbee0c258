"""Characters of a paragraph on their way to the reader's text: white space, italics as
``*...*``, literal asterisks as ``\\*``, and the :class:`~drafter.readers.source.Segment`\\ s that lead
each character back to its place in the original (a Word paragraph or footnote, a PDF page).

Shared by the Word and PDF readers. A paragraph is built as a list of :data:`Char`
``(char, italic, offset in its place or -1 for characters drafter adds, place)``;
:func:`tidy` then :func:`render` turn it into :data:`Out` ``(char, place, offset, added)``,
and :func:`segments` groups a whole text's characters into segments.
"""

from __future__ import annotations

from collections.abc import Iterable

from drafter.readers.source import Segment

# a character of a paragraph while it is being built: (char, italic, offset in the original
# place or -1 for characters drafter adds, the place it belongs to: "paragraph 3", "page 2")
Char = tuple[str, bool, int, str]
# a character of the output: (char, where, offset in that place, added by drafter)
Out = tuple[str, str, int, bool]


def tidy(chars: list[Char]) -> list[Char]:
    """White space and italics of one paragraph, before the asterisks are written."""
    # 1. runs of white space: with a line break -> one "\n"; with a tab -> one " "
    out: list[Char] = []
    i = 0
    while i < len(chars):
        ch = chars[i]
        if ch[0] not in " \t\n":
            out.append(ch)
            i += 1
            continue
        j = i
        while j < len(chars) and chars[j][0] in " \t\n":
            j += 1
        run = chars[i:j]
        italic = all(c[1] for c in run)
        kinds = {c[0] for c in run}
        if "\n" in kinds:
            first = next(c for c in run if c[0] == "\n")
            out.append(("\n", italic, first[2], first[3]))
        elif "\t" in kinds:
            out.append((" ", italic, run[0][2], run[0][3]))
        else:
            out.extend((c[0], italic, c[2], c[3]) for c in run)
        i = j
    # 2. no white space at either end
    while out and out[0][0] in " \n":
        out.pop(0)
    while out and out[-1][0] in " \n":
        out.pop()
    # 3. italics: white space between two italic stretches is italic (one *...* not two);
    #    then spaces at the edges of a stretch go outside it, and a stretch without a letter
    #    or digit is not italic at all
    flags = [c[1] for c in out]
    n = len(out)
    i = 0
    while i < n:
        if flags[i] or out[i][0] not in " \n":
            i += 1
            continue
        j = i
        while j < n and not flags[j] and out[j][0] in " \n":
            j += 1
        if i > 0 and flags[i - 1] and j < n and flags[j]:
            for k in range(i, j):
                flags[k] = True
        i = j
    i = 0
    while i < n:
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < n and flags[j]:
            j += 1
        a, b = i, j
        while a < b and out[a][0] in " \n":
            flags[a] = False
            a += 1
        while b > a and out[b - 1][0] in " \n":
            flags[b - 1] = False
            b -= 1
        if not any(out[k][0].isalnum() for k in range(a, b)):
            for k in range(a, b):
                flags[k] = False
        i = j
    return [(c[0], f, c[2], c[3]) for c, f in zip(out, flags, strict=True)]


def render(chars: list[Char]) -> list[Out]:
    """Write italics as ``*...*`` and literal asterisks as ``\\*``; give every character its place."""
    out: list[Out] = []
    italic = False
    last = 0
    where = chars[0][3] if chars else ""
    for ch, it, pos, place in chars:
        if place != where:
            where, last = place, 0
        here = pos if pos >= 0 else last
        if it != italic:
            out.append(("*", where, here, True))
            italic = it
        if ch == "*":
            out.append(("\\", where, here, True))
        out.append((ch, where, here, pos < 0))
        if pos >= 0:
            last = pos + 1
    if italic:
        out.append(("*", where, last, True))
    return out


def join_blocks(blocks: Iterable[list[Out]]) -> list[Out]:
    """The blocks of a document (paragraphs, footnotes, furniture lines) as one text: a blank
    line between two blocks, a line end after the last; empty blocks leave no trace."""
    out: list[Out] = []
    for block in blocks:
        if not block:
            continue
        if out:
            out.extend(("\n", "", 0, True) for _ in range(2))
        out.extend(block)
    if out:
        out.append(("\n", "", 0, True))
    return out


def segments(out: list[Out]) -> list[Segment]:
    """Group output characters into segments: same place, offsets running on (or all added)."""
    # characters with no place (blank lines between blocks) belong to the block after them
    resolved: list[Out] = list(out)
    nxt: tuple[str, int] | None = None
    for i in range(len(resolved) - 1, -1, -1):
        ch, where, pos, added = resolved[i]
        if where:
            nxt = (where, pos)
        elif nxt is not None:
            resolved[i] = (ch, nxt[0], nxt[1], True)
    prev: tuple[str, int] = ("paragraph 1", 0)
    for i, (ch, where, pos, _added) in enumerate(resolved):
        if where:
            prev = (where, pos)
        else:
            resolved[i] = (ch, prev[0], prev[1], True)
    segments: list[list[object]] = []  # [start, end, where, offset, added]
    for i, (_ch, where, pos, added) in enumerate(resolved):
        if segments:
            seg = segments[-1]
            same = seg[2] == where and seg[4] == added
            if same and (added or seg[3] + (i - seg[0]) == pos):  # type: ignore[operator]
                seg[1] = i + 1
                continue
        segments.append([i, i + 1, where, pos, added])
    return [Segment(int(s[0]), int(s[1]), str(s[2]), int(s[3])) for s in segments]  # type: ignore[call-overload]


def excerpt(text: str, width: int = 32) -> str:
    """The first words of a paragraph, to name it: ``1. Reaffirms that it is one of…``."""
    words = " ".join(text.replace("\\*", "*").replace("*", "").split())
    if len(words) <= width:
        return words
    cut = words.rfind(" ", 0, width)
    return words[: cut if cut > 10 else width] + "…"


def places(wheres: list[str], excerpts: dict[str, str] | None = None) -> str:
    """``paragraphs 3 ("Recalling its resolution…") and 12 ("2. Requests…")`` (at most five
    named), ``footnote 2``."""
    excerpts = excerpts or {}
    unique = list(dict.fromkeys(wheres))
    shown = unique[:5]
    more = len(unique) - len(shown)

    def named(where: str, label: str) -> str:
        text = excerpts.get(where)
        return f'{label} ("{text}")' if text else label

    paras = [w for w in shown if w.startswith("paragraph ")]
    others = [named(w, w) for w in shown if not w.startswith("paragraph ")]
    parts = []
    if paras:
        nums = [named(w, w.split()[-1]) for w in paras]
        label = "paragraph" if len(nums) == 1 else "paragraphs"
        parts.append(f"{label} {and_list(nums)}")
    parts.extend(others)
    text = and_list(parts)
    return text + (f" and {more} more places" if more else "")


def pending_summary(revisions: list[tuple[str, str]], comments: list[str],
                    excerpts: dict[str, str] | None = None) -> str | None:
    """What a document still holds for review, on one line; None when nothing:
    ``2 pending tracked changes (1 insertion in paragraph 12 ("…"), 1 deletion in paragraph 15
    ("…")) and 1 comment (paragraph 3 ("…"))``."""
    parts = []
    if revisions:
        kinds: dict[str, list[str]] = {}
        for kind, where in revisions:
            kinds.setdefault(kind, []).append(where)
        detail = ", ".join(f"{len(w)} {k if len(w) == 1 else k + 's'} in {places(w, excerpts)}" for k, w in kinds.items())
        n = len(revisions)
        parts.append(f"{n} pending tracked change{'s' if n != 1 else ''} ({detail})")
    if comments:
        n = len(comments)
        parts.append(f"{n} comment{'s' if n != 1 else ''} ({places(comments, excerpts)})")
    return " and ".join(parts) if parts else None


def and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
