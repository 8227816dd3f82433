"""A whole sweep: check the values, plan, solve every point here or on dask, one tidy frame.

The outputs (sweep.csv, sweep.xlsx, sweep.png, sweep.json) are written by
nabb.reports.sweep, from the :class:`SweepResult` this returns.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import pandas as pd

from nabb.errors import InputError, Issue
from nabb.i18n import Lang
from nabb.inputs import Inputs
from nabb.sweep.dask import run_dask
from nabb.sweep.levers import Lever, check_values, grid
from nabb.sweep.local import Progress, chunks_of, solve_chunk
from nabb.sweep.plan import Plan, make_plan
from nabb.sweep.steady import SteadyRange, link_chunks, moves_only_costs, steady_ranges

#: Wall seconds it costs to start a private dask LocalCluster of worker processes, ship them
#: the plan and get the first answers back, on top of the solves (measured side by side with
#: one process by benchmarks/bench_sweep_workers.py: 12-17 s on the shared 2-core VM; figures
#: in docs/sweeps.md).
WORKER_START_S = 12.0
#: Points a ``--workers`` sweep solves in this process before it decides whether worker
#: processes pay off (one cold solve, then hot starts: the time per point is measured).
PROBE_POINTS = 3

@dataclass
class SweepResult:
    frame: pd.DataFrame
    plan: Plan
    interrupted: bool
    timings: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    workers_note: str = ""         # why --workers N ran in one process (or on N), in English
    workers_why: tuple[str, dict[str, Any]] | None = None  # the same as a catalogue key + numbers
    steady: list[SteadyRange] = field(default_factory=list)

    @property
    def statuses(self) -> dict[str, int]:
        return self.frame["status"].value_counts().to_dict()


def run_sweep(inputs: Inputs, levers: Sequence[Lever], values: Sequence[Sequence[float]],
              year: int | None = None, workers: int = 1, scheduler: str | None = None,
              options: dict[str, Any] | None = None, time_limit: float | None = None,
              chunk_size: int | None = None, progress: bool = False, retries: int = 1,
              force_rebuild: bool = False, chunk_fn: Callable | None = None,
              client: Any = None, worker_timeout: float = 60.0,
              auto_workers: bool = True) -> SweepResult:
    """Solve every point; returns one row per point, in order (failed points included).

    ``client`` (a dask.distributed Client) overrides ``workers`` and ``scheduler``.
    ``chunk_fn`` replaces :func:`solve_chunk` on the workers (tests use it to kill a worker).
    ``worker_timeout``: seconds to wait for the first worker of a ``scheduler``; then
    :class:`nabb.sweep.dask.NoWorkersError` (exit 3).

    With ``workers`` > 1 (and no client or scheduler) the first :data:`PROBE_POINTS` points
    are solved here and timed; the rest go to worker processes only when that is estimated
    to be faster (:func:`workers_pay_off`), else they are solved here too.  ``auto_workers``
    False always starts the workers (benchmarks).
    """
    for lv, vals in zip(levers, values):
        check_values(lv, vals)
    if len(levers) != len(values) or not levers:
        raise InputError([Issue("", "", "", "--param", "one --values per --param", f"{len(levers)} "
                                f"--param, {len(values)} --values")])
    if len({lv.name for lv in levers}) != len(levers):
        raise InputError([Issue("", "", "", "--param", "different levers", ", ".join(lv.name for lv in levers))])
    points = grid(values)
    t0 = time.perf_counter()
    plan = make_plan(inputs, levers, points, year, force_rebuild=force_rebuild)
    bar = Progress(len(points), progress)
    rows: dict[int, dict] = {}
    interrupted = False
    own_workers = client is None and scheduler is None and workers > 1
    distributed = client is not None or scheduler is not None or (own_workers and not auto_workers)
    probe = own_workers and auto_workers and len(points) > PROBE_POINTS
    decision: dict[str, Any] = {}

    def stop() -> bool:
        """Asked before each point here: True hands the rest to the worker processes."""
        if probe and not decision and len(rows) >= PROBE_POINTS:
            decision.update(_decide_workers([rows[i] for i in range(PROBE_POINTS)],
                                            len(points), workers))
        return bool(decision.get("hand_over"))

    try:
        if not distributed:
            def rep(i: int, row: dict) -> None:
                rows[i] = row
                bar.advance()
            try:
                solve_chunk(plan, chunks_of(points, len(points))[0], options, time_limit, report=rep,
                            cp=plan.compiled if plan.mode == "affine" else None, stop=stop)
            except KeyboardInterrupt:
                interrupted = True
        if distributed or (decision.get("hand_over") and not interrupted):
            n_workers = max(1, workers)
            done = len(rows)
            rest = points[done:]
            size = chunk_size or max(1, math.ceil(len(rest) / (2 * n_workers)))
            interrupted = run_dask(plan, rest, size, options, time_limit, rows, bar, retries,
                                   scheduler, n_workers, chunk_fn, client, worker_timeout,
                                   first=done)
    finally:
        bar.close()
    t1 = time.perf_counter()
    for i, p in enumerate(points):
        if i not in rows:
            row = {"point": i, **{lv.name: float(v) for lv, v in zip(levers, p)},
                   "status": "not_run", "note": "interrupted before this point was solved"}
            rows[i] = row
    ordered = [rows[i] for i in range(len(points))]
    link_chunks(ordered, levers)
    frame = _frame(ordered, plan)
    if own_workers and not decision and not distributed:
        decision = _why(False, "sweep.workers.few", workers=workers, n=len(points))
    return SweepResult(frame=frame, plan=plan, interrupted=interrupted,
                       workers_note=decision.get("note", ""), workers_why=decision.get("why"),
                       steady=steady_ranges(frame, levers, moves_only_costs(plan)),
                       timings={"setup_s": plan.setup_s, "total_s": t1 - t0},
                       meta={"points": len(points), "mode": plan.mode, "note": plan.note,
                             "compiles": plan.compiles, "kpi_year": plan.year,
                             "workers": workers, "scheduler": scheduler or "",
                             "worker_processes": ("cluster" if scheduler or client is not None
                                                  else workers if distributed or
                                                  decision.get("hand_over") else 1),
                             "scenario": inputs.scenario, "input_file": inputs.source,
                             "input_sha256": inputs.sha256})


KPI_ORDER_HEAD = ["status", "objective_discounted_eur", "biobased_share", "shortfall_homes",
                  "marginal_cost_target_eur_per_home", "import_share"]


def _frame(rows: list[dict], plan: Plan) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    head = ["point"] + [lv.name for lv in plan.levers]
    tail = ["decisions_changed", "iterations", "hot_start", "solve_s", "worker", "note"]
    first = [c for c in head + KPI_ORDER_HEAD if c in frame.columns]
    last = [c for c in tail if c in frame.columns]
    middle = [c for c in frame.columns if c not in first and c not in last]
    return frame[first + middle + last]


def workers_pay_off(points_left: int, s_per_point: float, s_cold: float, workers: int,
                    start_s: float = WORKER_START_S) -> bool:
    """Whether ``points_left`` points of ``s_per_point`` each finish sooner on ``workers``
    new processes: starting them costs ``start_s``, and each worker's two chunks begin with
    a cold solve (``s_cold``) instead of a hot start."""
    here = points_left * s_per_point
    return start_s + 2 * s_cold + here / workers < here


def break_even_points(s_per_point: float, s_cold: float, workers: int,
                      start_s: float = WORKER_START_S) -> int:
    """The number of points from which :func:`workers_pay_off` (on this model)."""
    gain = s_per_point * (1.0 - 1.0 / workers)
    if gain <= 0:
        return 10 ** 9
    return int(math.floor((start_s + 2 * s_cold) / gain)) + 1


def parallel_cores(workers: int, cores: int | None = None, load: float | None = None) -> float:
    """How many of ``workers`` processes can run at once here: the cores not busy with other
    work (this process's own core counted free), at least 1."""
    cores = _cores() if cores is None else cores
    load = _load() if load is None else load
    return max(1.0, min(float(workers), cores - load + 1.0))


def _decide_workers(probe: list[dict], n: int, workers: int) -> dict[str, Any]:
    """From the probe points' times: hand the rest over to ``workers`` processes, or not; why
    (``why``: a catalogue key and its numbers, written in the reader's language by
    :func:`workers_note`; ``note``: the English text, kept in sweep.json)."""
    s_cold = float(probe[0].get("solve_s", 0.0))
    hot = [float(r.get("solve_s", 0.0)) for r in probe[1:]] or [s_cold]
    s_point = sum(hot) / len(hot)
    left = n - len(probe)
    alone = s_cold + (n - 1) * s_point
    at_once = parallel_cores(workers)
    if at_once < 1.5:
        return _why(False, "sweep.workers.busy", workers=workers, load=(_load(), 1),
                    cores=_cores(), n=n, alone=(alone, 1))
    if workers_pay_off(left, s_point, s_cold, at_once):
        return _why(True, "sweep.workers.hand_over", workers=workers, n=n, alone=(alone, 0))
    be = break_even_points(s_point, s_cold, at_once)
    return _why(False, "sweep.workers.no_gain", workers=workers, n=n, alone=(alone, 1),
                start=(WORKER_START_S, 0), break_even=be)


def _why(hand_over: bool, key: str, **values: Any) -> dict[str, Any]:
    """A decision about worker processes: whether to hand over, and why in words.  A value
    given as (number, decimals) is written with that many decimals, an int as it is."""
    why = (key, values)
    return {"hand_over": hand_over, "why": why, "note": workers_note(why, "en")}


def workers_note(why: tuple[str, dict[str, Any]] | None, lang: str = "en") -> str:
    """The ``--workers`` decision in ``lang``, its numbers in that language's notation."""
    if not why:
        return ""
    say = Lang(lang)
    key, values = why
    shown = {k: say.num(*v) if isinstance(v, tuple) else say.num(v) if isinstance(v, int) else v
             for k, v in values.items()}
    return say(key, **shown)


def _load() -> float:
    """The 1-minute load average (0 where the platform has none)."""
    import os
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):
        return 0.0


def _cores() -> int:
    import os
    return os.cpu_count() or 1
