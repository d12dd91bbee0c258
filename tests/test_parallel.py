"""drafter.parallel.map_with_progress: the one way work runs in worker processes (cold indexing,
next --all). Same answers as a loop, results as they come, a dead worker fails only its item,
Ctrl-C stops cleanly. No test waits a fixed time: an item that must be "in hand" blocks until
a signal ends it."""

from __future__ import annotations

import os
import threading

import pytest

import drafter.parallel as par
from drafter.parallel import WorkerDied, map_with_progress

fork_only = pytest.mark.skipif(par.mp_context().get_start_method() != "fork", reason="the tests' functions reach the workers by fork")


def _square(x: int) -> int:
    return x * x


def _die_on_three(x: int) -> int:
    if x == 3:
        os._exit(9)  # as if killed (out of memory, a crash in a library)
    return x


def _block_on_one(x: int) -> int:
    if x == 1:
        threading.Event().wait()  # until the parent's stop signal
    return x


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_same_answers_as_a_loop_in_order(workers: int) -> None:
    items = list(range(20))
    assert map_with_progress(_square, items, workers=workers, show=False) == [x * x for x in items]


@fork_only
def test_results_as_they_come_and_not_kept() -> None:
    got: dict[int, int] = {}
    out = map_with_progress(_square, list(range(10)), workers=2, show=False, keep=False, on_result=got.__setitem__)
    assert out == [] and got == {i: i * i for i in range(10)}


@fork_only
def test_a_dead_worker_fails_only_its_item() -> None:
    out = map_with_progress(_die_on_three, list(range(8)), workers=2, show=False)
    assert [type(r) for r in out].count(WorkerDied) == 1 and isinstance(out[3], WorkerDied)
    assert [r for i, r in enumerate(out) if i != 3] == [0, 1, 2, 4, 5, 6, 7]
    assert par._children() == set()


@fork_only
def test_ctrl_c_stops_the_item_in_hand_and_leaves_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C in the parent (here: raised where it stores the first result) while the other
    worker holds an item that never ends: nothing more is handed out, the item in hand is
    interrupted after the grace period, and no worker is left."""
    monkeypatch.setattr(par, "GRACE_S", 0.1)
    started: list[int] = []

    def stored(i: int, r: object) -> None:
        started.append(i)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        map_with_progress(_block_on_one, [0, 1, 2, 3], workers=2, show=False, on_result=stored)
    assert started == [0]
    assert par._children() == set()


def test_progress_lines_without_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    map_with_progress(_square, list(range(40)), workers=1, what="squaring", show=True)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 10 and lines[-1].startswith("drafter: squaring: 40/40 (100%)")
