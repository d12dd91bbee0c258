"""Deterministic synthetic corpora, derived from the structure of the five seed editions.

Each edition is written in one of the three text families of the seeds:

- ``markdown`` (like A/RES/61/168): masthead lines, one line per paragraph, ``*italic*``
  opening words, Unicode superscript footnote markers, footnotes in a block of their own,
  ``*NNth plenary meeting / date*`` at the end;
- ``ods`` (like A/RES/68/160): ``[DU1]``, tab-indented paragraphs, ``1.<TAB>`` numbers, digit
  markers glued to the word before them, footnotes after the meeting line and the
  ``<<ODS ...>>`` furniture with the symbol and the session at the very end;
- ``pdf`` (like A/RES/60/156, a PDF text extraction): no masthead at all, lines hard-wrapped at
  about 85 characters with a leading space, footnotes under a ``____`` separator; the symbol
  comes from the file name and the session from the text.

and, when asked (``docx_every``), a few Word .docx files (python-docx, opening words in
italics, no footnotes).

A corpus has series of varied titles, paragraph counts and periods (every 1, 2, 3 or 5
sessions); consecutive editions of a series differ the way real ones do (a paragraph added,
one dropped, a few words changed, the previous resolution and the next session cited). The
same ``seed`` gives byte-identical corpora.

    python bench/synth.py DEST --editions 2000 --seed 7
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from drafter.citations.sessions import format_un_date, ordinal_word  # noqa: E402

SEED_CORPUS = REPO / "corpus"
FAMILIES = ("markdown", "ods", "pdf")
PERIODS = (1, 1, 1, 2, 2, 3, 5)  # drawn from: most series are annual
LAST_SESSION = 79
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

PREAMBLE_OPENERS = (
    "Reaffirming", "Recalling", "Recalling also", "Recognizing", "Recognizing also",
    "Emphasizing", "Underlining", "Bearing in mind", "Noting", "Noting with concern",
    "Welcoming", "Deeply concerned", "Convinced", "Mindful", "Stressing", "Acknowledging",
    "Taking into account", "Expressing", "Considering", "Guided",
)  # fmt: skip
OPERATIVE_OPENERS = (
    "Reaffirms", "Recognizes", "Urges", "Considers", "Calls upon", "Invites", "Requests",
    "Emphasizes", "Encourages", "Welcomes", "Stresses", "Notes", "Also requests",
    "Further invites", "Expresses", "Underlines", "Commends", "Supports", "Acknowledges",
)  # fmt: skip
COMMITTEES = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth")
FOOTNOTES = (
    "A/CONF.157/24 (Part I), chap. III.",
    "See resolution 55/2.",
    "See Official Records of the General Assembly, Sixty-third Session, Supplement No. 53 (A/63/53), chap. II, sect. A.",
    "See E/CN.4/2001/2-E/CN.4/Sub.2/2000/46, chap. II, sect. A.",
    "Resolution 66/3.",
    "United Nations, Treaty Series, vol. 993, No. 14531.",
)

_FALLBACK_WORDS = (
    "international cooperation field human rights promotion protection dialogue states "
    "member organizations development peace security charter principles purposes universal "
    "respect fundamental freedoms national regional efforts capacity mechanisms assistance "
    "programme action conference declaration implementation report secretary general"
).split()


def vocabulary() -> list[str]:
    """Lower-case words of the seed editions' paragraphs (three letters or more), sorted."""
    words: set[str] = set()
    for p in sorted(SEED_CORPUS.glob("*/*.txt")):
        text = p.read_text(encoding="utf-8", errors="replace")
        words.update(w for w in re.findall(r"\b[a-z]{3,}\b", text))
    # words the parser gives meaning to, or that read as furniture, are left out
    words -= {"session", "plenary", "meeting", "agenda", "item", "resolution", "resolutions",
              "recycle", "distr", "general", "assembly", "decides", "decided", "continue",
              "provisional", "period", "years", "later", "its", "the", "and"}  # fmt: skip
    return sorted(words) or _FALLBACK_WORDS


# --- the text of one edition -------------------------------------------------------------------


@dataclass
class Para:
    opener: str
    rest: str  # the words after the opener, without the final punctuation
    note: int | None = None  # footnote number marked at the end of the paragraph


@dataclass
class EditionSpec:
    session: int
    number: int
    title: str
    adopted: _dt.date
    meeting: int
    agenda: str
    committee: str | None
    report: str
    preamble: list[Para]
    operative: list[Para]
    footnotes: list[str] = field(default_factory=list)
    distributed: _dt.date | None = None

    @property
    def symbol(self) -> str:
        return f"A/RES/{self.session}/{self.number}"

    @property
    def slug(self) -> str:
        return f"A-RES-{self.session}-{self.number}"


def _pp_text(p: Para, last: bool) -> str:
    return f"{p.opener} {p.rest}".rstrip() + ","


def _op_text(p: Para, last: bool) -> str:
    return f"{p.opener} {p.rest}".rstrip() + ("." if last else ";")


def _meeting(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} plenary meeting"


def _report_line(ed: EditionSpec) -> str:
    if ed.committee:
        return f"[on the report of the {ed.committee} Committee ({ed.report})]"
    return ""


def render_markdown(ed: EditionSpec) -> str:
    distr = ed.distributed or ed.adopted + _dt.timedelta(days=60)
    out = ["", "", "", "", "General Assembly", "", "Distr.: General", format_un_date(distr), ""]
    out += [f"{ordinal_word(ed.session, capital=True)} session", f"Agenda item {ed.agenda}", ""]
    out += [f"Resolution adopted by the General Assembly on {format_un_date(ed.adopted)}", ""]
    if ed.committee:
        out += [_report_line(ed), ""]
    out += [f"{ed.session}/{ed.number}. {ed.title}", "", "The General Assembly,", ""]
    for p in ed.preamble:
        mark = str(p.note).translate(SUPERSCRIPT) if p.note else ""
        out += [f"*{p.opener}* {p.rest}".rstrip() + "," + mark, ""]
    for n, text in enumerate(ed.footnotes, 1):
        out += [f"{str(n).translate(SUPERSCRIPT)} {text}", ""]
    for i, p in enumerate(ed.operative, 1):
        last = i == len(ed.operative)
        out += [f"{i}. *{p.opener}* {p.rest}".rstrip() + ("." if last else ";"), ""]
    out += [f"*{_meeting(ed.meeting)}", f"{format_un_date(ed.adopted)}*"]
    return "\n".join(out)


def render_ods(ed: EditionSpec) -> str:
    distr = ed.distributed or ed.adopted + _dt.timedelta(days=60)
    out = ["[DU1]", f"Resolution adopted by the General Assembly on {format_un_date(ed.adopted)}"]
    if ed.committee:
        out.append(_report_line(ed))
    out += [f"{ed.session}/{ed.number}.\t{ed.title}", "\tThe General Assembly,"]
    for p in ed.preamble:
        out.append("\t" + _pp_text(p, False) + (str(p.note) if p.note else ""))
    for i, p in enumerate(ed.operative, 1):
        out.append(f"\t{i}.\t" + _op_text(p, i == len(ed.operative)))
    out += ["", _meeting(ed.meeting), format_un_date(ed.adopted), ""]
    for n, text in enumerate(ed.footnotes, 1):
        out.append(f"{n} {text}")
    job = f"{(ed.adopted.year % 100):02d}-{(ed.session * 977 + ed.number) % 100000:05d}"
    out += [
        f"[DU1]<<ODS JOB NO>>N{job.replace('-', '')}E<<ODS JOB NO>>",
        f"<<ODS DOC SYMBOL1>>{ed.symbol}<<ODS DOC SYMBOL1>>",
        "<<ODS DOC SYMBOL2>><<ODS DOC SYMBOL2>>",
        "_______________",
        "",
        "United Nations" + ed.symbol + "General AssemblyDistr.: General",
        f"{format_un_date(distr)}{ordinal_word(ed.session, capital=True)} session",
        f"Agenda item {ed.agenda}",
        "",
        f"{job} (E)",
        f"*{job.replace('-', '')}*Please recycle ",
    ]
    return "\n".join(out) + "\n"


def _wrap(text: str, first: str) -> list[str]:
    lines = textwrap.wrap(text, width=84, break_long_words=False, break_on_hyphens=False)
    return [(first if i == 0 else "") + line + " " for i, line in enumerate(lines)]


def render_pdf(ed: EditionSpec) -> str:
    out = ["  The General Assembly, ", ""]
    for p in ed.preamble:
        text = _pp_text(p, False) + (str(p.note) if p.note else "")
        out += _wrap(text, " ") + [""]
    for i, p in enumerate(ed.operative, 1):
        out += _wrap(f"{i}. " + _op_text(p, i == len(ed.operative)), " ") + [""]
    out += [" ", "", f"{_meeting(ed.meeting)} ", f"{format_un_date(ed.adopted)} ", ""]
    if ed.footnotes:
        out.append("_______________ ")
        for n, text in enumerate(ed.footnotes, 1):
            out.append(f"{n} {text} ")
    out.append(" ")
    return "\n".join(out)


RENDER = {"markdown": render_markdown, "ods": render_ods, "pdf": render_pdf}


def render(family: str, ed: EditionSpec) -> str:
    return RENDER[family](ed)


def write_docx(ed: EditionSpec, path: Path) -> None:
    """A plain Word edition: masthead paragraphs, opening words in italics, no footnotes."""
    import docx

    d = docx.Document()
    for line in (
        "General Assembly",
        f"{ordinal_word(ed.session, capital=True)} session",
        f"Agenda item {ed.agenda}",
        f"Resolution adopted by the General Assembly on {format_un_date(ed.adopted)}",
        _report_line(ed),
        f"{ed.session}/{ed.number}. {ed.title}",
        "The General Assembly,",
    ):
        if line:
            d.add_paragraph(line)
    for p in ed.preamble:
        para = d.add_paragraph()
        para.add_run(p.opener).italic = True
        para.add_run(f" {p.rest},")
    for i, p in enumerate(ed.operative, 1):
        para = d.add_paragraph(f"{i}. ")
        para.add_run(p.opener).italic = True
        para.add_run(f" {p.rest}" + ("." if i == len(ed.operative) else ";"))
    d.add_paragraph(_meeting(ed.meeting))
    d.add_paragraph(format_un_date(ed.adopted))
    d.core_properties.created = _dt.datetime(2000, 1, 1)
    d.core_properties.modified = _dt.datetime(2000, 1, 1)
    d.save(str(path))


# --- series and corpora ------------------------------------------------------------------------


@dataclass
class SeriesSpec:
    slug: str
    title: str
    period: int
    sessions: list[int]
    files: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "slug": self.slug,
            "title": self.title,
            "period": self.period,
            "sessions": self.sessions,
            "files": self.files,
        }


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary()
        self.used_numbers: dict[int, set[int]] = {}
        self.slugs: set[str] = set()

    def words_(self, lo: int, hi: int) -> str:
        n = self.rng.randint(lo, hi)
        ws = [self.rng.choice(self.words) for _ in range(n)]
        # a comma now and then, as in real paragraphs
        for i in range(3, len(ws) - 2, self.rng.randint(6, 12)):
            ws[i] += ","
        return " ".join(ws)

    def title(self) -> str:
        while True:
            t = self.words_(3, 9).replace(",", "")
            t = t[0].upper() + t[1:]
            from drafter.corpus.folder import slugify

            slug = slugify(t)
            if slug and slug not in self.slugs:
                self.slugs.add(slug)
                return t

    def number(self, session: int) -> int:
        used = self.used_numbers.setdefault(session, set())
        while True:
            n = self.rng.randint(100, 399 + 2 * len(used))  # room for hundreds of series
            if n not in used:
                used.add(n)
                return n

    def para(self, openers: tuple[str, ...]) -> Para:
        return Para(self.rng.choice(openers), self.words_(12, 55))

    def mutate(self, paras: list[Para], openers: tuple[str, ...]) -> list[Para]:
        out = [Para(p.opener, p.rest) for p in paras]
        r = self.rng.random()
        if r < 0.3:
            out.insert(self.rng.randint(0, len(out)), self.para(openers))
        elif r < 0.45 and len(out) > 3:
            out.pop(self.rng.randrange(len(out)))
        for _ in range(self.rng.randint(0, 2)):
            i = self.rng.randrange(len(out))
            ws = out[i].rest.split(" ")
            ws[self.rng.randrange(len(ws))] = self.rng.choice(self.words)
            out[i] = Para(out[i].opener, " ".join(ws))
        return out

    def series(
        self,
        n_max: int,
        *,
        period: int | None = None,
        first: int | None = None,
        last: int = LAST_SESSION,
        gaps: bool = True,
    ) -> tuple[SeriesSpec, list[EditionSpec]]:
        rng = self.rng
        period = period or rng.choice(PERIODS)
        first = first if first is not None else rng.randint(30, last - 1)
        sessions = list(range(first, last + 1, period))
        if gaps and len(sessions) > 4 and rng.random() < 0.15:  # an edition missing
            sessions.pop(rng.randrange(1, len(sessions) - 1))
        sessions = sessions[-n_max:] if n_max < len(sessions) else sessions
        title = self.title()
        from drafter.corpus.folder import slugify

        spec = SeriesSpec(slugify(title), title, period, sessions)
        committee = rng.choice((*COMMITTEES, None))
        pre = [self.para(PREAMBLE_OPENERS) for _ in range(rng.randint(3, 14))]
        ops = [self.para(OPERATIVE_OPENERS) for _ in range(rng.randint(3, 22))]
        eds: list[EditionSpec] = []
        prev: EditionSpec | None = None
        for s in sessions:
            pre = self.mutate(pre, PREAMBLE_OPENERS)
            ops = self.mutate(ops, OPERATIVE_OPENERS)
            year = 1945 + s
            adopted = _dt.date(year, 12, rng.randint(5, 22))
            number = self.number(s)
            these_pre = list(pre)
            if prev is not None:
                these_pre.insert(
                    1,
                    Para(
                        "Recalling",
                        f"its resolution {prev.session}/{prev.number} of "
                        f"{format_un_date(prev.adopted)}",
                    ),
                )
            notes = rng.sample(FOOTNOTES, rng.randint(0, 3))
            if notes:
                marked = rng.sample(range(len(these_pre)), min(len(notes), len(these_pre)))
                notes = notes[: len(marked)]
                for k, i in enumerate(sorted(marked), 1):
                    p = these_pre[i]
                    these_pre[i] = Para(p.opener, p.rest, k)
            last = Para(
                "Decides",
                f"to continue its consideration of the question at its "
                f"{ordinal_word(s + period)} session",
            )
            ed = EditionSpec(
                session=s,
                number=number,
                title=title,
                adopted=adopted,
                meeting=rng.randint(55, 99),
                agenda=f"{rng.randint(20, 140)} ({rng.choice('abc')})",
                committee=committee,
                report=f"A/{s}/{rng.randint(400, 600)}/Add.{rng.randint(1, 3)}",
                preamble=these_pre,
                operative=[*ops, last],
                footnotes=list(notes),
            )
            eds.append(ed)
            prev = ed
        return spec, eds


def write_series(
    dest: Path | str,
    seed: int,
    *,
    period: int,
    first: int,
    last: int,
    family: str | None = None,
) -> SeriesSpec:
    """One series folder under ``dest``: editions every ``period`` sessions from ``first`` to
    ``last`` (no gaps), each in ``family`` (default: chosen as in :func:`make_corpus`)."""
    g = Generator(seed)
    spec, eds = g.series(10**6, period=period, first=first, last=last, gaps=False)
    folder = Path(dest) / spec.slug
    folder.mkdir(parents=True)
    for ed in eds:
        fam = family or family_for(g.rng, ed.session)
        (folder / f"{ed.slug}.txt").write_text(render(fam, ed), encoding="utf-8")
        spec.files.append(f"{ed.slug}.txt")
    return spec


def family_for(rng: random.Random, session: int) -> str:
    """Older editions are mostly PDF extractions; recent ones ODS exports or Markdown."""
    if session < 55:
        weights = (2, 1, 7)
    elif session < 66:
        weights = (4, 3, 3)
    else:
        weights = (4, 5, 1)
    return rng.choices(FAMILIES, weights=weights)[0]


def make_corpus(
    dest: Path | str,
    n_editions: int,
    seed: int = 0,
    *,
    docx_every: int = 0,
    max_per_series: int = 50,
) -> dict:
    """Write a corpus of exactly ``n_editions`` editions under ``dest`` (one folder per series)
    and return its manifest (also written to ``dest/../<name>.manifest.json`` when asked by
    the caller). ``docx_every``: one edition in that many is a .docx (0: none)."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    g = Generator(seed)
    left = n_editions
    out: list[SeriesSpec] = []
    counts = {"markdown": 0, "ods": 0, "pdf": 0, "docx": 0}
    k = 0
    while left > 0:
        spec, eds = g.series(min(left, max_per_series))
        folder = dest / spec.slug
        folder.mkdir()
        for ed in eds:
            k += 1
            if docx_every and k % docx_every == 0:
                name = ed.slug + ".docx"
                write_docx(ed, folder / name)
                counts["docx"] += 1
            else:
                fam = family_for(g.rng, ed.session)
                name = ed.slug + ".txt"
                (folder / name).write_text(render(fam, ed), encoding="utf-8")
                counts[fam] += 1
            spec.files.append(name)
        left -= len(eds)
        out.append(spec)
    return {
        "seed": seed,
        "editions": n_editions,
        "series": [s.to_dict() for s in out],
        "formats": counts,
    }


def pick_series(manifest: dict, *, min_editions: int = 8) -> dict:
    """A representative annual series with many editions (the benchmark's probe)."""
    annual = [s for s in manifest["series"] if s["period"] == 1 and len(s["files"]) >= min_editions]
    pool = annual or manifest["series"]
    return max(pool, key=lambda s: (len(s["files"]), s["slug"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dest", type=Path)
    ap.add_argument("--editions", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--docx-every", type=int, default=0)
    args = ap.parse_args(argv)
    if args.dest.exists() and any(args.dest.iterdir()):
        ap.error(f"{args.dest} exists and is not empty")
    m = make_corpus(args.dest, args.editions, args.seed, docx_every=args.docx_every)
    print(
        json.dumps({k: v for k, v in m.items() if k != "series"} | {"n_series": len(m["series"])})
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
