"""Paragraph lineage across the editions of a series.

Successive editions are aligned kind by kind (preambular with preambular, operative with
operative): first an order-preserving alignment (dynamic programming on rapidfuzz similarity,
the way negotiators mostly keep paragraphs in place), then a second pass that pairs what is left
when a paragraph was moved. Each chain of matched paragraphs is a *lineage* with a stable id made
of where it first appeared: ``op8@66`` is the paragraph that entered the series as operative
paragraph 8 of the session-66 edition. Ids do not change when later editions insert, drop or
reorder paragraphs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from drafter.model.resolution import Paragraph, Resolution

MATCH = 60.0  # similarity (0-100) for an in-order match
MOVED = 80.0  # similarity for pairing a paragraph that changed place


_NOT_WORD = re.compile(r"[^\w/]+")


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower case, runs of anything but letters, digits and "/" as one space (each paragraph is
    compared with several others: normalised once)."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def align_pair(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, float]]:
    """Pairs (i, j, score) matching ``a[i]`` to ``b[j]``; unmatched ones are left out."""
    from rapidfuzz import fuzz

    na = [normalise(x) for x in a]
    nb = [normalise(x) for x in b]
    if not na or not nb:
        return []
    sim = [[fuzz.ratio(x, y) for y in nb] for x in na]
    n, m = len(na), len(nb)
    # order-preserving DP maximising the total score of matches above MATCH
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = float(sim[i][j])
            take = s + best[i + 1][j + 1] if s >= MATCH else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int, int, float]] = []
    i = j = 0
    while i < n and j < m:
        s = float(sim[i][j])
        if s >= MATCH and best[i][j] == s + best[i + 1][j + 1]:
            pairs.append((i, j, s))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    # moved paragraphs: pair the rest greedily by score
    used_a = {p[0] for p in pairs}
    used_b = {p[1] for p in pairs}
    rest = sorted(
        ((float(sim[i][j]), i, j) for i in range(n) for j in range(m) if i not in used_a and j not in used_b),
        reverse=True,
    )
    for s, i, j in rest:
        if s < MOVED:
            break
        if i in used_a or j in used_b:
            continue
        pairs.append((i, j, s))
        used_a.add(i)
        used_b.add(j)
    return sorted(pairs, key=lambda p: p[1])


@dataclass(frozen=True)
class Member:
    edition: int  # index into Alignment.editions
    kind: str
    index: int  # index of the paragraph within its kind
    score: float  # similarity to the previous member (100 for the first)


@dataclass(frozen=True)
class Lineage:
    id: str
    kind: str
    members: tuple[Member, ...]

    def first(self) -> Member:
        return self.members[0]


@dataclass(frozen=True)
class Alignment:
    editions: tuple[Resolution, ...]  # ordered by session
    lineages: tuple[Lineage, ...]

    def lineage_of(self, edition: int, kind: str, index: int) -> Lineage | None:
        for lin in self.lineages:
            for m in lin.members:
                if m.edition == edition and m.kind == kind and m.index == index:
                    return lin
        return None

    def paragraph(self, member: Member) -> Paragraph:
        res = self.editions[member.edition]
        return (res.preamble if member.kind == "preamble" else res.operative)[member.index]

    def history(self, edition: int, kind: str, index: int) -> list[tuple[Resolution, Paragraph]]:
        """The same paragraph in every edition up to ``edition`` (oldest first)."""
        lin = self.lineage_of(edition, kind, index)
        if lin is None:
            return []
        return [(self.editions[m.edition], self.paragraph(m)) for m in lin.members if m.edition <= edition]


def _prefix(kind: str) -> str:
    return "pp" if kind == "preamble" else "op"


def align_editions(editions: Sequence[Resolution]) -> Alignment:
    """Align every edition with the one before it and chain the matches into lineages."""
    eds = tuple(editions)
    lineages: dict[str, list[Member]] = {}
    kinds: dict[str, str] = {}
    current: dict[tuple[str, int], str] = {}  # (kind, index in previous edition) -> lineage id
    for e, res in enumerate(eds):
        nxt: dict[tuple[str, int], str] = {}
        for kind in ("preamble", "operative"):
            paras = res.preamble if kind == "preamble" else res.operative
            texts = [p.full_text() for p in paras]
            matched: dict[int, tuple[str, float]] = {}
            if e > 0:
                prev = eds[e - 1].preamble if kind == "preamble" else eds[e - 1].operative
                for i, j, s in align_pair([p.full_text() for p in prev], texts):
                    lid = current.get((kind, i))
                    if lid is not None:
                        matched[j] = (lid, s)
            for j in range(len(paras)):
                if j in matched:
                    lid, s = matched[j]
                else:
                    lid, s = f"{_prefix(kind)}{j + 1}@{res.session if res.session is not None else e}", 100.0
                    while lid in lineages:
                        lid += "'"
                    lineages[lid] = []
                    kinds[lid] = kind
                lineages[lid].append(Member(e, kind, j, s))
                nxt[(kind, j)] = lid
        current = nxt
    return Alignment(eds, tuple(Lineage(lid, kinds[lid], tuple(ms)) for lid, ms in lineages.items()))
