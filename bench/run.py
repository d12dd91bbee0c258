"""drafter's benchmarks (issues 7 and 12): every target with its baseline measured in the same run.

    python bench/run.py                 # the full run (under ten minutes on two cores)
    python bench/run.py --quick         # fewer repetitions and a 2,000-edition corpus
    python bench/run.py --no-write      # do not rewrite docs/benchmarks.md

What runs: a snapshot of this checkout's ``drafter/``, ``templates/`` and ``corpus/`` is copied
into a temporary folder and every command runs from there as a fresh process (``python -m
drafter ...``), so that edits made to the checkout while the benchmark runs change nothing.
Compiled bytecode is kept in the temporary folder (``PYTHONPYCACHEPREFIX``) and every command is
run once before it is timed, as an installed package (whose files are compiled when it is
installed) would run; the baselines run under the same settings. Each case runs several
times, interleaved with its baseline (A B A B ...) so that background load hits both alike;
the figures are medians. The parse cache lives in the temporary folder.

The cases and their targets:

1. ``drafter --help`` within 1.5x of ``python -c "import typer"``;
2. ``drafter next --session 69`` on the bundled corpus, cold (``--no-cache``), within 2x of
   ``python -c "import docx, jinja2, rapidfuzz, typer"``;
3. ``drafter next`` for one series of a 20,000-edition corpus (warm cache) within 2x of the same
   command on a corpus holding only that series;
4. ``drafter series`` on the warm 20,000-edition corpus under one second;
5. cold indexing of the 20,000 editions (``drafter series`` with an empty cache): time, and
   peak memory under 1 GiB (the sum over the process and its workers, sampled from /proc,
   and the largest single process from ``getrusage``);
6. for information: ``next --all`` over the big corpus, and ``bench/search_bench.py``'s
   figures when that module is there.

Where a target is missed the report says where the time goes (a phase breakdown of the
command, measured in-process, and the imports that cost most).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
PY = sys.executable
GIB = 1024**3
# issue 12: the speed budget (whole process, against a floor measured in the same run)
HELP_BUDGET = 1.5  # drafter --help vs python -c "import typer"
NEXT_BUDGET = 2.0  # drafter next --session 69, cold, vs python -c "import docx, jinja2, rapidfuzz, typer"


# --- running and timing ------------------------------------------------------------------------


@dataclass
class Env:
    work: Path
    src: Path
    run_dir: Path
    vars: dict[str, str]

    def with_(self, **changes: str) -> dict[str, str]:
        return {**self.vars, **changes}


def snapshot(work: Path) -> Env:
    src = work / "src"
    for name in ("drafter", "templates", "corpus"):
        if (REPO / name).exists():
            shutil.copytree(
                REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
    run_dir = work / "run"
    run_dir.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONDONTWRITEBYTECODE", "DRAFTER_NO_CACHE", "DRAFTER_CORPUS", "PYTHONPATH")
    }
    env.update(
        PYTHONPATH=str(src),
        PYTHONPYCACHEPREFIX=str(work / "pyc"),
        DRAFTER_CACHE_DIR=str(work / "cache"),
        DRAFTER_STATE_DIR=str(work / "state"),
        COLUMNS="100",
    )
    return Env(work, src, run_dir, env)


def drafter(*args: str) -> list[str]:
    return [PY, "-m", "drafter", *args]


def pyc(code: str) -> list[str]:
    return [PY, "-c", code]


def once(cmd: list[str], env: dict[str, str], cwd: Path, *, check: bool = True) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.decode()[-2000:]}")
    return dt


def interleaved(
    cmds: dict[str, list[str]], env: dict[str, str], cwd: Path, runs: int
) -> dict[str, list[float]]:
    """Run each command ``runs`` times, round-robin, after one untimed warm-up run each."""
    for cmd in cmds.values():
        once(cmd, env, cwd)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for k, cmd in cmds.items():
            times[k].append(once(cmd, env, cwd))
    return times


def med(xs: list[float]) -> float:
    return statistics.median(xs)


# --- memory -------------------------------------------------------------------------------------


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def run_with_memory(cmd: list[str], env: dict[str, str], cwd: Path) -> dict[str, float]:
    """Wall time, the peak of the summed RSS of the process tree (sampled every 50 ms) and
    the largest single process's peak RSS (getrusage, in a wrapper process)."""
    wrapper = (
        "import resource, subprocess, sys, json\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'rc': r.returncode, 'maxrss_kib': m}))\n"
    )
    t = time.perf_counter()
    p = subprocess.Popen(
        [PY, "-c", wrapper, *cmd], env=env, cwd=cwd, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            pids = _tree(p.pid)[1:]  # the wrapper itself is not drafter
            peak = max(peak, sum(_rss(x) for x in pids))
            stop.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = p.communicate()
    wall = time.perf_counter() - t
    stop.set()
    th.join()
    got = json.loads(out.strip().splitlines()[-1])
    if got["rc"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {err[-2000:]}")
    return {"wall_s": wall, "tree_peak_bytes": peak, "max_single_bytes": got["maxrss_kib"] * 1024}


# --- where the time goes ------------------------------------------------------------------------

PHASES = r"""
import io, json, sys, tempfile, time
from pathlib import Path
T = time.perf_counter
t0 = T(); marks = []
def mark(name):
    global t0
    t = T(); marks.append((name, (t - t0) * 1000)); t0 = t
import typer; mark("import typer")
import drafter.cli.main; mark("import drafter.cli.main (and the command modules)")
import drafter.engine.plan; mark("import drafter.engine.plan (model, corpus, series, infer, draft)")
import drafter.parse.parser, drafter.readers; mark("import drafter.parse.parser, drafter.readers (and lxml)")
from drafter.corpus.folder import load_corpus, locate_corpus
c = load_corpus(locate_corpus(None)); mark("parse the 5 editions")
import drafter.engine.rollover, rapidfuzz; mark("import drafter.engine.rollover (and rapidfuzz)")
d = drafter.engine.plan.make_draft(c, 69); mark("make_draft (series, template, roll-over)")
import drafter.render.docx; mark("import drafter.render.docx (lxml only)")
with tempfile.TemporaryDirectory() as td:
    drafter.render.docx.render_docx(d, Path(td) / "x.docx"); mark("render_docx")
from drafter.cli.engine import review_lines
review_lines(d); mark("the review table (plain text)")
print(json.dumps(marks))
"""


HELP_PHASES = r"""
import json, time
T = time.perf_counter
t0 = T(); marks = []
def mark(name):
    global t0
    t = T(); marks.append((name, (t - t0) * 1000)); t0 = t
import typer; mark("import typer")
import drafter.cli.main as cli; mark("import drafter.cli.main and the command modules")
import typer.main as tm
real = tm.get_command_from_info
per = {}
def timed(*a, **k):
    s = T(); r = real(*a, **k)
    info = a[0] if a else k["command_info"]
    per[info.name or info.callback.__name__] = (T() - s) * 1000
    return r
tm.get_command_from_info = timed
cmd = tm.get_command(cli.app); mark("typer builds the click commands")
ctx = cmd.make_context("drafter", ["--help"], resilient_parsing=True)
cmd.get_help(ctx); mark("click formats the help")
print(json.dumps([marks, per]))
"""


def _phases(script: str, env: Env, runs: int) -> list[Any]:
    once(pyc(script), env.vars, env.run_dir)
    samples = []
    for _ in range(runs):
        r = subprocess.run(
            pyc(script), env=env.vars, cwd=env.run_dir, capture_output=True, text=True, check=True
        )
        samples.append(json.loads(r.stdout.strip().splitlines()[-1]))
    return samples


def phase_breakdown(env: Env, runs: int) -> list[tuple[str, float]]:
    samples = _phases(PHASES, env, runs)
    names = [n for n, _ in samples[0]]
    return [(n, med([s[i][1] for s in samples])) for i, n in enumerate(names)]


def help_breakdown(env: Env, rep: Report, runs: int) -> None:
    samples = _phases(HELP_PHASES, env, runs)
    names = [n for n, _ in samples[0][0]]
    phases = [(n, med([s[0][i][1] for s in samples])) for i, n in enumerate(names)]
    per = {c: med([s[1].get(c, 0.0) for s in samples]) for c in samples[0][1]}
    rep.facts["help_phases"] = phases
    lines = [
        "## Where the time of `drafter --help` goes",
        "",
        f"In one process (median of {runs} runs):",
        "",
        "| phase | ms |",
        "|---|---|",
        *[f"| {n} | {ms:.1f} |" for n, ms in phases],
        "",
        "Building the click commands, per command: "
        + ", ".join(f"`{c}` {ms:.1f} ms" for c, ms in per.items())
        + ". typer builds every command's options from its signature before click prints the "
        "root help, so each command added to `drafter` adds about a millisecond to `--help` "
        "(more with many options); the command modules use `from __future__ import annotations`, "
        "so typer evaluates every `Annotated[...]` annotation string again.",
        "",
    ]
    rep.sections.append("\n".join(lines))


def import_costs(
    env: Env, cmd: list[str], floor: list[str], top: int = 12
) -> list[tuple[str, float]]:
    """Self time of the modules ``cmd`` imports that the floor does not, by -X importtime."""

    def costs(c: list[str]) -> dict[str, float]:
        r = subprocess.run(
            [c[0], "-X", "importtime", *c[1:]], env=env.vars, cwd=env.run_dir,
            capture_output=True, text=True,
        )  # fmt: skip
        out: dict[str, float] = {}
        for line in r.stderr.splitlines():
            if line.startswith("import time:") and "|" in line:
                parts = line[len("import time:") :].split("|")
                try:
                    out[parts[2].strip()] = int(parts[0]) / 1000
                except ValueError:
                    continue
        return out

    mine = costs(cmd)
    base = costs(floor)
    extra = {k: v for k, v in mine.items() if k not in base}
    return sorted(extra.items(), key=lambda kv: -kv[1])[:top]


# --- the cases ----------------------------------------------------------------------------------


@dataclass
class Row:
    case: str
    value: float  # seconds, or bytes for memory
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    met: bool | None = None
    unit: str = "s"
    note: str = ""
    runs: int = 0
    spread: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print(_row_line(row), flush=True)
        return row


def _fmt(v: float, unit: str) -> str:
    if unit == "B":
        return f"{v / 2**20:.0f} MiB"
    return f"{v * 1000:.0f} ms" if v < 10 else f"{v:.1f} s"


def _row_line(r: Row) -> str:
    s = f"{r.case}: {_fmt(r.value, r.unit)}"
    if r.baseline:
        s += f" vs {_fmt(r.baseline, r.unit)} ({r.baseline_name}) = {r.ratio:.2f}x"
    if r.target:
        s += f"; target {r.target}: {'met' if r.met else 'MISSED'}"
    return s


def spread(xs: list[float]) -> str:
    return (
        f"{min(xs) * 1000:.0f}-{max(xs) * 1000:.0f} ms"
        if max(xs) < 10
        else f"{min(xs):.1f}-{max(xs):.1f} s"
    )


def bench_startup(env: Env, rep: Report, runs: int) -> None:
    t = interleaved(
        {"floor": pyc("import typer"), "help": drafter("--help")}, env.vars, env.run_dir, runs
    )
    rep.facts["help"] = (med(t["help"]), med(t["floor"]))
    rep.add(Row("`drafter --help`", med(t["help"]), med(t["floor"]), '`python -c "import typer"`',
                f"<= {HELP_BUDGET}x", med(t["help"]) <= HELP_BUDGET * med(t["floor"]), runs=runs,
                spread=spread(t["help"])))  # fmt: skip


def bench_next_bundled(env: Env, rep: Report, runs: int) -> Row:
    out = env.run_dir / "bundled.docx"
    floor = pyc("import docx, jinja2, rapidfuzz, typer")
    cold = drafter("next", "--session", "69", "--no-cache", "-o", str(out), "--force")
    warm = drafter("next", "--session", "69", "-o", str(out), "--force")
    t = interleaved({"floor": floor, "cold": cold, "warm": warm}, env.vars, env.run_dir, runs)
    rep.facts["next"] = (med(t["cold"]), med(t["warm"]), med(t["floor"]))
    row = rep.add(Row("`drafter next --session 69`, bundled corpus, cold (`--no-cache`)",
                      med(t["cold"]), med(t["floor"]),
                      '`python -c "import docx, jinja2, rapidfuzz, typer"`', f"<= {NEXT_BUDGET}x",
                      med(t["cold"]) <= NEXT_BUDGET * med(t["floor"]), runs=runs,
                      spread=spread(t["cold"])))  # fmt: skip
    rep.add(Row("the same with a warm parse cache (for information)", med(t["warm"]),
                med(t["floor"]), "the same floor", runs=runs, spread=spread(t["warm"])))  # fmt: skip
    return row


def make_corpora(env: Env, n: int, seed: int) -> tuple[Path, Path, dict[str, Any]]:
    sys.path.insert(0, str(BENCH))
    from synth import make_corpus, pick_series

    big = env.work / "big"
    t = time.perf_counter()
    manifest = make_corpus(big, n, seed, docx_every=500)
    gen = time.perf_counter() - t
    probe = pick_series(manifest)
    one = env.work / "one"
    shutil.copytree(big / probe["slug"], one / probe["slug"])
    manifest["probe"] = probe
    manifest["generate_s"] = gen
    return big, one, manifest


def bench_cold_index(env: Env, rep: Report, big: Path, n: int, runs: int) -> None:
    results = []
    for i in range(runs):
        # the first run fills the cache the warm cases use; the others start empty too
        cache = env.work / ("cache" if i == 0 else f"cache-cold-{i}")
        if cache.exists():
            shutil.rmtree(cache)
        cmd = drafter("series", "--corpus", str(big), "--format", "json")
        results.append(run_with_memory(cmd, env.with_(DRAFTER_CACHE_DIR=str(cache)), env.run_dir))
        if i:
            shutil.rmtree(cache, ignore_errors=True)
    walls = [r["wall_s"] for r in results]
    tree = max(r["tree_peak_bytes"] for r in results)
    single = max(r["max_single_bytes"] for r in results)
    rep.add(Row(f"cold indexing of {n:,} editions (`drafter series`, empty cache, {_cpus()} cores)",
                med(walls), runs=runs, spread=spread(walls),
                note=f"{med(walls) / n * 1000:.2f} ms per edition, wall"))  # fmt: skip
    rep.add(Row("peak memory of that indexing (process and workers, summed)", tree, unit="B",
                target="< 1 GiB", met=tree < GIB, runs=runs,
                note=f"largest single process {single / 2**20:.0f} MiB"))  # fmt: skip


def bench_warm(
    env: Env, rep: Report, big: Path, one: Path, probe: dict[str, Any], runs: int, n: int
) -> None:
    slug = probe["slug"]
    session = str(probe["sessions"][-1] + probe["period"])
    common = ["--series", slug, "--session", session, "--force", "-q"]
    t = interleaved(
        {
            "big": drafter("next", "--corpus", str(big), *common, "-o", str(env.run_dir / "big.docx")),
            "one": drafter("next", "--corpus", str(one), *common, "-o", str(env.run_dir / "one.docx")),
        },
        env.vars, env.run_dir, runs,
    )  # fmt: skip
    k = len(probe["files"])
    rep.add(Row(f"`drafter next` for one series ({k} editions), {n:,}-edition corpus, warm cache",
                med(t["big"]), med(t["one"]), "the same on a corpus of that series only (warm)",
                "<= 2x", med(t["big"]) <= 2 * med(t["one"]), runs=runs,
                spread=spread(t["big"])))  # fmt: skip
    js = interleaved(
        {"json": drafter("series", "--corpus", str(big), "--format", "json")},
        env.vars, env.run_dir, runs,
    )["json"]  # fmt: skip
    rep.add(Row(f"`drafter series --format json`, {n:,} editions, warm cache", med(js),
                target="< 1 s", met=med(js) < 1.0, runs=runs, spread=spread(js)))  # fmt: skip
    table_runs = max(1, min(3, runs))
    tb = interleaved(
        {"table": drafter("series", "--corpus", str(big))}, env.vars, env.run_dir, table_runs
    )["table"]
    rep.facts["series"] = (med(js), med(tb), n)
    rep.add(Row(f"`drafter series` (the default table), {n:,} editions, warm cache", med(tb),
                target="< 1 s", met=med(tb) < 1.0, runs=table_runs, spread=spread(tb)))  # fmt: skip
    # the cache's own share: reading every series summary, in-process
    code = (
        "import time, json, sys\nfrom drafter.corpus.cache import load_series\n"
        "load_series(sys.argv[1])\nts = []\n"
        "for _ in range(5):\n    t = time.perf_counter(); load_series(sys.argv[1]); ts.append(time.perf_counter() - t)\n"
        "print(json.dumps(sorted(ts)[2]))\n"
    )
    r = subprocess.run(pyc(code) + [str(big)], env=env.vars, cwd=env.run_dir, capture_output=True,
                       text=True, check=True)  # fmt: skip
    rep.facts["load_series_s"] = json.loads(r.stdout.strip().splitlines()[-1])
    rep.add(Row(f"of which the cache: `load_series` (stat {n:,} files, read every summary)",
                rep.facts["load_series_s"], note="in-process, median of 5"))  # fmt: skip


def bench_next_all(env: Env, rep: Report, big: Path, session: int, n: int) -> None:
    out = env.work / "drafts-all"
    cmd = drafter("next", "--all", "--session", str(session), "--corpus", str(big),
                  "--format", "md", "-o", str(out))  # fmt: skip
    t = once(cmd, env.vars, env.run_dir, check=False)
    k = len(list(out.glob("*.md"))) if out.exists() else 0
    rep.add(Row(f"`drafter next --all --session {session}` (Markdown), {n:,} editions, warm cache",
                t, runs=1, note=f"{k} drafts, {t / max(k, 1) * 1000:.0f} ms per draft on {_cpus()} cores"))  # fmt: skip


def bench_search_figures(rep: Report, n: int, seed: int) -> None:
    path = BENCH / "search_bench.py"
    if not path.exists():
        rep.sections.append(
            "## Search\n\n`bench/search_bench.py` is not there: no search figures.\n"
        )
        return
    sys.path.insert(0, str(BENCH))
    try:
        from search_bench import bench_search  # type: ignore[import-not-found]
    except Exception as e:  # another developer's module: report, do not fail the run
        rep.sections.append(
            f"## Search\n\n`bench/search_bench.py` could not be imported: {type(e).__name__}: {e}\n"
        )
        return
    t = time.perf_counter()
    try:
        got = bench_search(n, seed)
    except Exception as e:
        rep.sections.append(
            f"## Search\n\n`bench_search({n}, {seed})` failed: {type(e).__name__}: {e}\n"
        )
        return
    took = time.perf_counter() - t
    rep.facts["search"] = got
    lines = ["## Search (`bench/search_bench.py`)", "",
             f"`bench_search({n}, {seed})`, in this process ({took:.0f} s):", "", "```json",
             json.dumps(got, indent=2), "```", ""]  # fmt: skip
    rep.sections.append("\n".join(lines))
    q = got.get("query", {})
    if q:
        rep.add(Row(f"search, {got.get('editions', n):,} editions: median query", q.get("median_ms", 0) / 1000,
                    note=f"p90 {q.get('p90_ms')} ms, top-1 {q.get('top1')}, top-10 {q.get('top10')}, "
                         f"precision {got.get('precision')}, absent phrases answered "
                         f"{got.get('absent', {}).get('answered')}"))  # fmt: skip


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# --- the report ---------------------------------------------------------------------------------


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for pkg in ("typer", "rich", "python-docx", "rapidfuzz", "jinja2", "lxml", "pypdfium2"):
        try:
            out.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            pass
    return ", ".join(out)


def _git() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "drafter"],
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return head + (" with uncommitted changes under drafter/" if dirty else "")


def markdown(rep: Report) -> str:
    f = rep.facts
    out = [
        "# Benchmarks",
        "",
        f"Written by `python bench/run.py` on {f['date']} ({f['elapsed_s']:.0f} s for the whole run).",
        "",
        f"Machine: {f['cpus']} cores, {platform.machine()}, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {f['versions']}. Code: {f['git']}. "
        f"Load average {f['load_start']} at the start, {f['load_end']} at the end "
        "(other work on the machine slows every figure, baselines included).",
        "",
        "Every command is a whole `python -m drafter ...` process from a snapshot of the "
        "checkout, with compiled bytecode (as installed); each case is run once untimed, then "
        "several times interleaved with its baseline. Times are medians (range in brackets).",
        "",
        "| case | median | baseline (same run) | ratio | target | |",
        "|---|---|---|---|---|---|",
    ]
    for r in rep.rows:
        base = f"{_fmt(r.baseline, r.unit)}: {r.baseline_name}" if r.baseline else ""
        ratio = f"{r.ratio:.2f}x" if r.ratio else ""
        ok = "" if r.met is None else ("met" if r.met else "**missed**")
        val = _fmt(r.value, r.unit)
        extra = []
        if r.spread and r.runs > 1:
            extra.append(f"({r.spread}, {r.runs} runs)")
        if r.note:
            extra.append(r.note)
        if extra:
            val += "<br>" + "; ".join(extra)
        out.append(f"| {r.case} | {val} | {base} | {ratio} | {r.target} | {ok} |")
    out.append("")
    m = f.get("manifest", {})
    if m:
        out += [
            "## The synthetic corpus",
            "",
            f"`bench/synth.py`, seed {m['seed']}: {m['editions']:,} editions in {len(m['series']):,} "
            f"series (periods {', '.join(f'{k}: {v}' for k, v in sorted(f['periods'].items()))} series), "
            f"formats {', '.join(f'{k} {v:,}' for k, v in m['formats'].items())}; generated in "
            f"{m['generate_s']:.0f} s. The probe series for `next` is `{m['probe']['slug']}` "
            f"({len(m['probe']['files'])} editions, every {m['probe']['period']} session(s)).",
            "",
        ]
    out += rep.sections
    return "\n".join(out).rstrip() + "\n"


def breakdown_section(env: Env, rep: Report, runs: int) -> None:
    phases = phase_breakdown(env, runs)
    lines = [
        "## Where the time of `drafter next --session 69` goes",
        "",
        f"Measured in one process, phase after phase (median of {runs} runs; the process start "
        "and the interpreter's own imports come before the first phase). The floor "
        "(`import docx, jinja2, rapidfuzz, typer`) covers the typer and rapidfuzz imports below "
        "(and lxml, which python-docx imports); `drafter next` imports neither python-docx nor "
        "jinja2 (without a template file); everything else is drafter's own cost:",
        "",
        "| phase | ms |",
        "|---|---|",
    ]
    lines += [f"| {n} | {ms:.1f} |" for n, ms in phases]
    lines.append(f"| total | {sum(ms for _, ms in phases):.1f} |")
    lines.append("")
    extra = import_costs(
        env,
        drafter(
            "next", "--session", "69", "--no-cache", "-o", str(env.run_dir / "imp.docx"), "--force"
        ),
        pyc("import docx, jinja2, rapidfuzz, typer"),
    )
    lines += [
        "Modules `drafter next` imports that the floor does not, by their own import time "
        "(`python -X importtime`, one run):",
        "",
        "| module | self ms |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {ms:.1f} |" for name, ms in extra]
    lines.append("")
    rep.sections.insert(0, "\n".join(lines))
    rep.facts["phases"] = phases
    rep.facts["import_costs"] = extra


def misses_section(rep: Report) -> None:
    """Why each missed target is missed, from this run's figures."""
    f = rep.facts
    out = ["## Targets missed, and why", ""]
    missed = [r for r in rep.rows if r.met is False]
    if not missed:
        return
    if "help" in f and f["help"][0] > HELP_BUDGET * f["help"][1]:
        h, floor = f["help"]
        hp = dict(f.get("help_phases", []))
        hget = lambda k: next((v for n, v in hp.items() if n.startswith(k)), 0.0)  # noqa: E731
        out.append(
            f"- **`drafter --help`** costs {1000 * (h - floor):.0f} ms more than `import typer` "
            f"(allowed: {1000 * (HELP_BUDGET - 1) * floor:.0f} ms). Importing `drafter.cli.main` and the command modules "
            f"takes {hget('import drafter.cli.main'):.1f} ms; typer turning the signatures of all "
            f"the commands into click commands before it prints the root help takes "
            f"{hget('typer builds'):.1f} ms, and click formatting the help "
            f"{hget('click formats'):.1f} ms; the rest is `python -m` and typer's own "
            "argument handling. The cause is in `drafter/cli.py` and the command modules "
            "(`cli_engine`, `cli_editor`, `cli_language`), not in the cache or the batch: a root "
            "group that lists the commands' names and one-line help without building their "
            "options (building only the command that runs), or annotations evaluated once "
            "(no `from __future__ import annotations` in those modules), would remove most of it."
        )
    if "next" in f and f["next"][0] > NEXT_BUDGET * f["next"][2]:
        cold, warm, floor = f["next"]
        ph = dict(f.get("phases", []))
        get = lambda k: next((v for n, v in ph.items() if n.startswith(k)), 0.0)  # noqa: E731
        out.append(
            f"- **`drafter next --session 69`** takes {1000 * cold:.0f} ms cold against a floor of "
            f"{1000 * floor:.0f} ms (allowed: {1000 * NEXT_BUDGET * floor:.0f} ms); with the parse cache warm "
            f"{1000 * warm:.0f} ms. What drafter adds to the floor's imports, by phase: "
            f"drafter's model, corpus, series, inference and draft modules "
            f"{get('import drafter.engine.plan'):.0f} ms to import (about sixty data types and the "
            f"regular expressions compiled at import; `drafter.citations.symbols` "
            f"{dict(f.get('import_costs', [])).get('drafter.citations.symbols', 0.0):.0f} ms of it); the "
            f"parser and readers {get('import drafter.parse.parser'):.0f} ms to import and "
            f"{get('parse the 5'):.0f} ms to parse (the cache saves the parse when warm); the "
            f"roll-over {get('import drafter.engine.rollover') + get('make_draft'):.0f} ms; "
            f"`render_docx` {get('render_docx'):.0f} ms for a two-page draft (reading the "
            "reference document, building ~35 paragraphs with footnotes, comments and tracked "
            "changes, and writing the zip); typer building and parsing the command's options. "
            "Already done: no python-docx, jinja2 or rich in `next`, data types without "
            "per-class compiled methods (`drafter.records`), a slim reference document, only "
            "the running command built."
        )
    if "series" in f and f["series"][1] >= 1.0:
        js, tb, n = f["series"]
        ls = f.get("load_series_s", 0.0)
        out.append(
            f"- **`drafter series`** (the default table) takes {tb:.1f} s on {n:,} editions; "
            f"with `--format json` {1000 * js:.0f} ms, of which the cache's part "
            f"(`load_series`: stat every file, read every series summary) is {1000 * ls:.0f} ms. "
            f"The other {tb - js:.1f} s are `drafter/cli.py`'s `_series_table`, which draws one "
            f"rich table per series with one row per edition ({n:,} rows, about "
            f"{1e6 * (tb - js) / n:.0f} µs each). A default of one line per series (title, "
            "period, latest, next due, gaps), with the editions on request, would meet the "
            "target; the data is already there without parsing."
        )
    out.append("")
    rep.sections.insert(0, "\n".join(out))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="drafter's benchmarks (issues 7 and 12)")
    ap.add_argument("--quick", action="store_true", help="fewer runs, a 2,000-edition corpus")
    ap.add_argument("--editions", type=int, default=None)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=None)
    ap.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)
    n = args.editions or (2000 if args.quick else 20000)
    runs = args.runs or (3 if args.quick else 9)
    t0 = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    rep = Report()
    rep.facts.update(
        date=_dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        cpus=_cpus(),
        versions=_versions(),
        git=_git(),
        load_start=", ".join(f"{x:.2f}" for x in os.getloadavg()),
    )
    print(f"drafter benchmarks in {work} ({n:,} editions, {runs} runs per case)", flush=True)
    try:
        env = snapshot(work)
        bench_startup(env, rep, max(runs, 11))
        nxt = bench_next_bundled(env, rep, max(runs, 11))
        big, one, manifest = make_corpora(env, n, args.seed)
        rep.facts["manifest"] = manifest
        periods: dict[int, int] = {}
        for s in manifest["series"]:
            periods[s["period"]] = periods.get(s["period"], 0) + 1
        rep.facts["periods"] = periods
        print(f"corpus: {n:,} editions, {len(manifest['series'])} series, generated in "
              f"{manifest['generate_s']:.0f} s", flush=True)  # fmt: skip
        bench_cold_index(env, rep, big, n, 1 if args.quick else 2)
        bench_warm(env, rep, big, one, manifest["probe"], max(3, runs // 2 + 1), n)
        bench_next_all(env, rep, big, 80, n)
        bench_search_figures(rep, n, args.seed)
        if nxt.met is False:
            breakdown_section(env, rep, 5)
        if rep.rows[0].met is False:
            help_breakdown(env, rep, 5)
        misses_section(rep)
        rep.facts["elapsed_s"] = time.perf_counter() - t0
        rep.facts["load_end"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        text = markdown(rep)
        if not args.no_write:
            target = REPO / "docs" / "benchmarks.md"
            target.parent.mkdir(exist_ok=True)
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
        print()
        print(textwrap.indent(text, "  "))
        print(f"total {rep.facts['elapsed_s']:.0f} s")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
