"""Helpers for the Word rendering tests: a small hand-built Draft and a pandoc AST reader.

The draft is modelled on A/RES/68/160 (enhancement of international cooperation in the field
of human rights) rolled forward to the sixty-ninth session. Not a conftest.py: tests import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from drafter.model.draft import (
    Change,
    Draft,
    DraftFootnote,
    DraftParagraph,
    Masthead,
    Piece,
    Placeholder,
)

FIXED_DATE = datetime(2014, 10, 1, 9, 30, tzinfo=UTC)
AUTHOR = "drafter test"


def S(text: str, placeholder: str | None = None) -> Piece:
    return Piece(same=text, placeholder=placeholder)


def C(cid: str, old: str, new: str, placeholder: str | None = None) -> Piece:
    return Piece(old=old, new=new, change=cid, placeholder=placeholder)


SPONSOR_NOTE = (
    "* On behalf of the States Members of the United Nations that are members of the "
    "Movement of Non-Aligned Countries."
)


def sample_draft(*, extra_operative: tuple[DraftParagraph, ...] = ()) -> Draft:
    masthead = Masthead(
        symbol="A/C.3/69/L.__",
        distribution="Limited",
        date="[date]",
        original="English",
        session="Sixty-ninth session",
        committee="Third Committee",
        agenda_item="Agenda item [..]",
        agenda_title=(
            "Promotion and protection of human rights: human rights questions, including "
            "alternative approaches for improving the effective enjoyment of human rights "
            "and fundamental freedoms"
        ),
        sponsors="Cuba:* draft resolution",
        sponsor_note=SPONSOR_NOTE,
        title="Enhancement of international cooperation in the field of human rights",
    )
    pp1 = DraftParagraph(
        id="pp1", kind="preamble", opening="Reaffirming",
        pieces=(S(
            "Reaffirming its commitment to promoting international cooperation, as set forth "
            "in the Charter of the United Nations, in particular Article 1, paragraph 3, as "
            "well as relevant provisions of the Vienna Declaration and Programme of Action "
            "adopted by the World Conference on Human Rights on 25 June 1993[^1] for "
            "enhancing genuine cooperation among Member States in the field of human rights,"
        ),),
    )
    pp2 = DraftParagraph(
        id="pp2", kind="preamble", opening="Recalling",
        pieces=(
            S("Recalling its adoption of the United Nations Millennium Declaration on "
              "8 September 2000[^2] and its resolution "),
            C("c1", "67/169 of 20 December 2012", "68/160 of 18 December 2013"),
            S(", Human Rights Council resolution 19/33 of 23 March 2012[^3] and the "
              "resolutions of the Commission on Human Rights on the enhancement of "
              "international cooperation in the field of human rights,"),
        ),
    )
    pp3 = DraftParagraph(
        id="pp3", kind="preamble", opening="Recognizing also",
        pieces=(S(
            "Recognizing also that the promotion and protection of human rights should be "
            "based on the principle of cooperation and genuine dialogue,"
        ),),
    )
    op1 = DraftParagraph(
        id="op1", kind="operative", number=1, opening="Reaffirms",
        pieces=(S(
            "Reaffirms that it is one of the purposes of the United Nations and the "
            "responsibility of all Member States to promote, protect and encourage respect "
            "for human rights and fundamental freedoms through, inter alia, international "
            "cooperation;"
        ),),
    )
    op2a = DraftParagraph(
        id="op2.a", kind="sub", label="a",
        pieces=(S("To consult States and intergovernmental and non-governmental "
                  "organizations on ways and means;"),),
    )
    op2b = DraftParagraph(
        id="op2.b", kind="sub", label="b",
        pieces=(
            S("To submit a report to the General Assembly at its "),
            C("c4", "sixty-ninth", "seventieth"),
            S(" session;"),
        ),
    )
    op2 = DraftParagraph(
        id="op2", kind="operative", number=2, opening="Requests",
        pieces=(S("Requests the Secretary-General, in collaboration with the United Nations "
                  "High Commissioner for Human Rights:"),),
        subparagraphs=(op2a, op2b),
    )
    n_last = 3 + len(extra_operative)
    op_last = DraftParagraph(
        id=f"op{n_last}", kind="operative", number=n_last, opening="Decides",
        pieces=(
            S("Decides to continue its consideration of the question at its "),
            C("c5", "sixty-ninth", "seventieth"),
            S(" session."),
        ),
    )
    footnotes = (
        DraftFootnote(1, (S("A/CONF.157/24 (Part I), chap. III."),)),
        DraftFootnote(2, (S("Resolution 55/2."),)),
        DraftFootnote(3, (
            S("See Official Records of the General Assembly, "),
            C("c3", "Sixty-seventh Session, Supplement No. 53 and corrigendum "
                    "(A/67/53 and Corr.1)",
              "Sixty-eighth Session, Supplement No. 53 (A/68/53)"),
            S(", "),
            S("chap. III, sect. A", placeholder="p5"),
            S("."),
        )),
    )
    changes = (
        Change("c1", "pp2", "67/169 of 20 December 2012", "68/160 of 18 December 2013",
               "previous-edition", "A/RES/68/160 adopted on 18 December 2013", 1.0),
        Change("c3", "fn3", "Sixty-seventh Session, Supplement No. 53 and corrigendum "
               "(A/67/53 and Corr.1)", "Sixty-eighth Session, Supplement No. 53 (A/68/53)",
               "session-linked", "HRC report for 2013 is Supplement No. 53 to session 68", 0.8),
        Change("c4", "op2.b", "sixty-ninth", "seventieth", "period",
               "series period 1 session", 1.0),
        Change("c5", f"op{n_last}", "sixty-ninth", "seventieth", "period",
               "series period 1 session", 1.0),
    )
    placeholders = (
        Placeholder("p1", "symbol", "masthead.symbol", "A/C.3/69/L.__",
                    "Third Committee draft, session 69", "the L-document number"),
        Placeholder("p2", "date", "masthead.date", "[date]", "issued in October or November "
                    "2014", "the date of issue"),
        Placeholder("p3", "agenda_item", "masthead.agenda_item", "Agenda item [..]",
                    "was 69 (b) at the sixty-eighth session", "the agenda item number"),
        Placeholder("p4", "sponsors", "masthead.sponsors", "Cuba:* draft resolution",
                    "Cuba, on behalf of NAM", "sponsors", filled=True),
        Placeholder("p5", "hrc", "fn3", "chap. III, sect. A", "chap. III, sect. A in A/67/53",
                    "chapter and section of the Council's report"),
    )
    return Draft(
        series="enhancement-of-international-cooperation-in-the-field-of-human-rights",
        series_title="Enhancement of international cooperation in the field of human rights",
        target_session=69,
        base_symbol="A/RES/68/160",
        base_adopted="18 December 2013",
        masthead=masthead,
        preamble=(pp1, pp2, pp3),
        operative=(op1, op2, *extra_operative, op_last),
        footnotes=footnotes,
        changes=changes,
        placeholders=placeholders,
    )


def inserted_paragraph(number: int) -> DraftParagraph:
    """An operative paragraph that is new as a whole (its text is one insertion)."""
    return DraftParagraph(
        id=f"op{number}", kind="operative", number=number, opening="Encourages",
        pieces=(C("c9", "", "Encourages States to share good practices;"),),
    )


def deleted_paragraph(number: int) -> DraftParagraph:
    """An operative paragraph deleted as a whole (its text is one deletion)."""
    return DraftParagraph(
        id=f"op{number}", kind="operative", number=number, opening="Takes note",
        pieces=(C("c8", "Takes note of the seminar held on 15 February 2013;", ""),),
    )


# -- expected texts ---------------------------------------------------------------------------


def expected_body(draft: Draft, *, base: bool = False) -> list[str]:
    """Paragraph texts after "The General Assembly,", with list labels as Word shows them.

    Paragraphs that are empty in that view (inserted or deleted as a whole) are left out.
    """
    out: list[str] = []

    def text(p: DraftParagraph) -> str:
        return p.base_text() if base else p.text()

    for p in draft.preamble:
        if text(p):
            out.append(text(p))
    n = 0
    for p in draft.operative:
        if not text(p):
            continue
        n += 1
        out.append(f"{n}.\t{text(p)}")
        k = 0
        for sub in p.subparagraphs:
            if text(sub):
                out.append(f"({chr(ord('a') + k)})\t{text(sub)}")
                k += 1
    return out


def expected_footnotes(draft: Draft, *, base: bool = False) -> list[str]:
    return [f.base_text() if base else f.text() for f in draft.footnotes]


# -- pandoc AST -------------------------------------------------------------------------------


def inline_text(inlines: list[dict[str, Any]], view: str = "all") -> str:
    """Plain text of a list of pandoc inlines; notes and comment texts left out.

    `view`: "all" keeps inserted and deleted text, "accepted" drops deletions, "rejected"
    drops insertions.
    """
    out: list[str] = []
    for node in inlines:
        t = node.get("t")
        c = node.get("c")
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak"):
            out.append(" ")
        elif t == "LineBreak":
            out.append("\n")
        elif t == "Note":
            continue
        elif t in ("Emph", "Strong", "Superscript", "Subscript", "SmallCaps", "Underline",
                   "Strikeout"):
            out.append(inline_text(c, view))
        elif t == "Span":
            classes = c[0][1]
            if "comment-start" in classes:
                continue
            if view == "accepted" and "deletion" in classes:
                continue
            if view == "rejected" and "insertion" in classes:
                continue
            out.append(inline_text(c[1], view))
        elif t in ("Link", "Quoted"):
            out.append(inline_text(c[1], view))
        elif t == "Code":
            out.append(c[1])
    return "".join(out)


def block_text(blocks: list[dict[str, Any]], view: str = "all") -> str:
    return "\n".join(inline_text(b["c"], view) for b in blocks if b.get("t") in ("Para", "Plain"))


@dataclass
class PandocDoc:
    """What a pandoc JSON AST (--track-changes=all) says about a document."""

    ast: dict[str, Any]
    spans: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    notes: list[list[dict[str, Any]]] = field(default_factory=list)  # blocks of each note
    marks: list[str] = field(default_factory=list)  # highlighted text
    ordered_lists: list[tuple[int, str, int]] = field(default_factory=list)
    emph: list[str] = field(default_factory=list)

    def note_texts(self, view: str = "all") -> list[str]:
        return [block_text(n, view) for n in self.notes]

    @property
    def insertions(self) -> list[tuple[dict[str, str], str]]:
        return [(a, t) for cls, a, t in self.spans if cls == "insertion"]

    @property
    def deletions(self) -> list[tuple[dict[str, str], str]]:
        return [(a, t) for cls, a, t in self.spans if cls == "deletion"]

    @property
    def comments(self) -> list[tuple[dict[str, str], str]]:
        return [(a, t) for cls, a, t in self.spans if cls == "comment-start"]


def walk_pandoc(ast: dict[str, Any]) -> PandocDoc:
    doc = PandocDoc(ast)

    def visit(node: Any, in_note: bool = False) -> None:
        if isinstance(node, list):
            for x in node:
                visit(x, in_note)
            return
        if not isinstance(node, dict) or "t" not in node:
            return
        t, c = node["t"], node.get("c")
        if t == "Span":
            (_id, classes, kvs), inner = c
            for cls in classes:
                if cls in ("insertion", "deletion", "comment-start", "paragraph-insertion",
                           "paragraph-deletion"):
                    doc.spans.append((cls, dict(kvs), inline_text(inner)))
                elif cls == "mark":
                    doc.marks.append(inline_text(inner))
        elif t == "Note":
            doc.notes.append(c)
            visit(c, True)
            return
        elif t == "OrderedList":
            (start, style, _delim), items = c
            doc.ordered_lists.append((start, style["t"], len(items)))
        elif t == "Emph" and not in_note:
            doc.emph.append(inline_text(c))
        visit(c, in_note)

    visit(ast["blocks"])
    return doc


def pandoc_ast(path: Any) -> PandocDoc:
    import json

    import pypandoc

    out = pypandoc.convert_file(str(path), "json", extra_args=["--track-changes=all"])
    return walk_pandoc(json.loads(out))
