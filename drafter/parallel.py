"""Work spread over worker processes, with a progress bar and one Ctrl-C policy.

:func:`map_with_progress` is the one way drafter runs work in parallel: cold indexing of the
corpus (:mod:`drafter.corpus.cache`) and ``drafter next --all`` (:mod:`drafter.engine.batch`).

- Workers are forked where fork exists (they start with drafter already imported), else
  spawned; every worker is started before the progress bar starts its thread.
- At most one item per worker is handed out at a time: nothing waits in a queue, so there is
  nothing to cancel but what has not been handed out.
- **Ctrl-C** (``KeyboardInterrupt`` in the parent; workers ignore SIGINT, which the terminal
  sends to the whole process group): no further item is handed out; each worker may finish
  the item in hand for :data:`GRACE_S` seconds; then the workers are sent SIGUSR1, which
  interrupts an item still in hand (:class:`Stopped`; a worker that is idle, or sending its
  result, ignores it, so that no half message is left in the pool's pipe); workers still
  busy :data:`KILL_S` seconds later (stuck outside Python code) are killed. Then the
  ``KeyboardInterrupt`` goes on.
- **Workers die with their parent**: on Linux each asks the kernel for SIGKILL when its
  parent dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread in each worker watches the
  parent. A ``kill -9`` of drafter leaves no worker holding its output pipe.
- **A worker that dies** (killed, out of memory, a crash in a library) breaks the pool: the
  items it may have held are each run again alone in a fresh one-worker pool, so that only
  an item that kills its process fails (its result is a :class:`WorkerDied`); the other items
  go on in a new pool.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

GRACE_S = 10.0  # on Ctrl-C: how long workers may take to finish the item in hand
KILL_S = 5.0  # then, after SIGUSR1: how long before a worker still busy is killed
LARGE_WORK = 400  # at least this much work: show progress even without a terminal


class WorkerDied(Exception):
    """The result of an item whose worker process died twice running it (once with others,
    once alone)."""


class Stopped(BaseException):
    """Raised in a worker's item by SIGUSR1 (the parent stopping on Ctrl-C)."""


# --- where and how -----------------------------------------------------------------------------


def cpus() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def mp_context() -> Any:
    import multiprocessing as mp

    # fork where there is one (workers start with drafter already imported); spawn elsewhere
    if "fork" in mp.get_all_start_methods() and sys.platform != "darwin":
        return mp.get_context("fork")
    return mp.get_context("spawn")


def pool_ok() -> bool:
    """Whether worker processes can be started. A spawned worker imports the main module
    again, and ``python -m drafter`` runs the command line at import (``drafter/__main__.py``
    has no ``if __name__ == "__main__"`` guard): there, without fork, work is done in this
    process. The ``drafter`` console script is guarded."""
    if mp_context().get_start_method() == "fork":
        return True
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return getattr(spec, "name", None) != "drafter.__main__"


# --- in the worker -----------------------------------------------------------------------------

_busy = False
_STOP = getattr(signal, "SIGUSR1", None)  # the parent's "stop the item in hand"


def _stop_if_busy(signum: int, frame: Any) -> None:
    if _busy:
        raise Stopped


def _die_with(parent: int) -> None:
    """Have this process killed when ``parent`` dies."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            if libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent:  # died before the request was made
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="drafter-parent-watch", daemon=True).start()


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back (blocked, not lost) while workers are forked: a worker starts with it
    blocked and ignores it before it can arrive, however late its initializer runs (a Ctrl-C
    in that window used to kill a worker still starting, and a loaded machine widened it)."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:
        yield
        return
    old = mask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)


def _init_worker(parent: int) -> None:
    # Ctrl-C is the parent's to handle (the terminal sends it to every process of the group)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by _ctrl_c_held
    if _STOP is not None:
        signal.signal(_STOP, _stop_if_busy)
    _die_with(parent)


def _call(fn: Callable[[T], R], item: T) -> R:
    global _busy
    _busy = True
    try:
        return fn(item)
    finally:
        _busy = False
_STOP = getattr(signal, "SIGUSR1", None)  # the parent's "stop the item in hand"


# --- progress ----------------------------------------------------------------------------------


def stderr_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _line(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


class Progress:
    """A rich progress bar (count, elapsed, ETA) on stderr when it is a terminal; plain lines
    every 10% when it is not and the work is large (``show=None``: at least
    :data:`LARGE_WORK`); nothing otherwise, or with ``show=False``."""

    def __init__(
        self, total: int, what: str, *, show: bool | None = None, lazy: bool = False
    ) -> None:
        self.lazy = lazy  # the bar (and its thread) starts at start(), not at ``with``
        self.total = total
        self.done = 0
        self.what = what
        self.bar: Any = None
        self.task: Any = None
        self.began = time.monotonic()
        self.next_line = 0.1
        tty = stderr_tty()
        if show is None:
            show = total > 0 and (tty or total >= LARGE_WORK)
        self.mode = ("bar" if tty else "lines") if show else "none"

    def __enter__(self) -> Progress:
        if not self.lazy:
            self.start()
        return self

    def start(self) -> None:
        if self.mode == "bar" and self.bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self.bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("•"),
                TimeElapsedColumn(),
                TextColumn("• ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.bar.__enter__()
            self.task = self.bar.add_task(self.what, total=self.total)

    def advance(self, n: int) -> None:
        self.done += n
        self.start()
        if self.mode == "bar":
            self.bar.advance(self.task, n)
        elif self.mode == "lines" and self.total and self.done / self.total >= self.next_line:
            elapsed = time.monotonic() - self.began
            rate = self.done / elapsed if elapsed > 0 else 0
            left = (self.total - self.done) / rate if rate else 0
            _line(
                f"drafter: {self.what}: {self.done}/{self.total} "
                f"({self.done * 100 // self.total}%), {elapsed:.0f} s elapsed, "
                f"ETA {left:.0f} s"
            )
            while self.next_line <= self.done / self.total:
                self.next_line += 0.1

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


# --- the map -----------------------------------------------------------------------------------


class _Run(Generic[T, R]):
    def __init__(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        on_result: Callable[[int, R | WorkerDied], None] | None,
        weight: Callable[[T], int],
        bar: Progress,
        keep: bool,
    ) -> None:
        self.fn = fn
        self.items = items
        self.on_result = on_result
        self.weight = weight
        self.bar = bar
        self.keep = keep
        self.results: dict[int, R | WorkerDied] = {}

    def done(self, i: int, result: R | WorkerDied) -> None:
        if self.keep:
            self.results[i] = result
        if self.on_result is not None:
            self.on_result(i, result)
        self.bar.advance(self.weight(self.items[i]))

    def pool(self, todo: list[int], n: int) -> tuple[list[int], list[int]]:
        """Run the items ``todo`` in a pool of ``n`` workers. Returns (the items in hand when
        a worker died, the items not handed out then); both empty when all went well."""
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        before = _children()
        pool = ProcessPoolExecutor(
            max_workers=n, mp_context=mp_context(), initializer=_init_worker, initargs=(os.getpid(),)
        )
        queue: Iterator[int] = iter(todo)
        in_hand: dict[Any, int] = {}
        workers: set[int] = set()

        def hand_out() -> None:
            with _ctrl_c_held():
                while len(in_hand) < n:
                    i = next(queue, None)
                    if i is None:
                        break
                    in_hand[pool.submit(_call, self.fn, self.items[i])] = i
            # started by the first submit (fork), or as submits need them (spawn)
            workers.update(_children() - before)

        try:
            hand_out()
            self.bar.start()  # its thread starts after the workers were forked
            while in_hand:
                finished, _ = wait(in_hand, return_when=FIRST_COMPLETED)
                broken = False
                for fut in finished:
                    i = in_hand.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        in_hand[fut] = i  # kept: a suspect
                        broken = True
                        continue
                    self.done(i, result)
                if broken:
                    suspects = sorted(in_hand.values())
                    pool.shutdown(wait=True, cancel_futures=True)
                    return suspects, list(queue)
                hand_out()
        except BaseException:
            _stop(pool, in_hand, workers)
            raise
        pool.shutdown(wait=True)
        return [], []


def _children() -> set[int]:
    import multiprocessing as mp

    return {p.pid for p in mp.active_children() if p.pid is not None}


def _stop(pool: Any, in_hand: dict[Any, int], workers: set[int]) -> None:
    """Ctrl-C (or an error) in the parent: hand out nothing more, let the items in hand finish
    for a while, then interrupt them, then kill what is left."""
    from concurrent.futures import wait

    for fut in in_hand:
        fut.cancel()  # not handed out to a worker yet
    _, busy = wait(in_hand, timeout=GRACE_S)
    if busy and _STOP is not None:
        _signal(workers, _STOP)
        _, busy = wait(busy, timeout=KILL_S)
    if busy:
        _signal(workers, getattr(signal, "SIGKILL", signal.SIGTERM))
    with contextlib.suppress(Exception):
        pool.shutdown(wait=True, cancel_futures=True)


def _signal(pids: set[int], sig: int) -> None:
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, sig)


def map_with_progress(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    workers: int | None = None,
    what: str = "working",
    show: bool | None = None,
    weight: Callable[[T], int] | None = None,
    on_result: Callable[[int, R | WorkerDied], None] | None = None,
    keep: bool = True,
) -> list[R | WorkerDied]:
    """``[fn(item) for item in items]``, computed in up to ``workers`` processes (default:
    every core; in this process when that is one, or there is one item, or no pool can be
    started), with a progress bar on stderr (``what``; ``show`` as :class:`Progress` takes it;
    each item counts ``weight(item)``, default 1).

    ``on_result(index, result)`` is called in this process as each result arrives (to store
    it: what was stored stays stored when the run is interrupted); with ``keep=False`` the
    results go to ``on_result`` only, and the list returned is empty (memory stays bounded by
    the items in hand, however many there are). ``fn`` and the items must
    be picklable (module-level functions, plain data). An exception ``fn`` raises is raised
    here; a worker that dies gives :class:`WorkerDied` (see the module's docstring). Ctrl-C
    stops the run as the module's docstring says, and raises ``KeyboardInterrupt``.
    """
    weigh = weight or (lambda _item: 1)
    n = min(workers or cpus(), len(items))
    with Progress(sum(weigh(x) for x in items), what, show=show, lazy=True) as bar:
        run: _Run[T, R] = _Run(fn, items, on_result, weigh, bar, keep)
        if n <= 1 or not pool_ok():
            bar.start()
            for i, item in enumerate(items):
                run.done(i, fn(item))
            return [run.results[i] for i in sorted(run.results)]
        todo = list(range(len(items)))
        while todo:
            suspects, todo = run.pool(todo, n)
            for i in suspects:  # alone: only an item that kills its worker fails
                again, _ = run.pool([i], 1)
                if again:
                    run.done(i, WorkerDied(f"the process running item {i} died (killed?)"))
    return [run.results[i] for i in sorted(run.results)]


__all__ = [
    "GRACE_S",
    "KILL_S",
    "Progress",
    "Stopped",
    "WorkerDied",
    "cpus",
    "map_with_progress",
    "mp_context",
    "pool_ok",
    "stderr_tty",
]
