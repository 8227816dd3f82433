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
from nabb.inputs import Inputs
from nabb.sweep.dask import run_dask
from nabb.sweep.levers import Lever, check_values, grid
from nabb.sweep.local import Progress, chunks_of, solve_chunk
from nabb.sweep.plan import Plan, make_plan

@dataclass
class SweepResult:
    frame: pd.DataFrame
    plan: Plan
    interrupted: bool
    timings: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def statuses(self) -> dict[str, int]:
        return self.frame["status"].value_counts().to_dict()


def run_sweep(inputs: Inputs, levers: Sequence[Lever], values: Sequence[Sequence[float]],
              year: int | None = None, workers: int = 1, scheduler: str | None = None,
              options: dict[str, Any] | None = None, time_limit: float | None = None,
              chunk_size: int | None = None, progress: bool = False, retries: int = 1,
              force_rebuild: bool = False, chunk_fn: Callable | None = None,
              client: Any = None, worker_timeout: float = 60.0) -> SweepResult:
    """Solve every point; returns one row per point, in order (failed points included).

    ``client`` (a dask.distributed Client) overrides ``workers`` and ``scheduler``.
    ``chunk_fn`` replaces :func:`solve_chunk` on the workers (tests use it to kill a worker).
    ``worker_timeout``: seconds to wait for the first worker of a ``scheduler``; then
    :class:`nabb.sweep.dask.NoWorkersError` (exit 3).
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
    distributed = client is not None or scheduler is not None or workers > 1
    try:
        if not distributed:
            size = len(points)
            chunk = chunks_of(points, size)[0]
            def rep(i: int, row: dict) -> None:
                rows[i] = row
                bar.advance()
            try:
                solve_chunk(plan, chunk, options, time_limit, report=rep,
                            cp=plan.compiled if plan.mode == "affine" else None)
            except KeyboardInterrupt:
                interrupted = True
        else:
            n_workers = max(1, workers)
            size = chunk_size or max(1, math.ceil(len(points) / (2 * n_workers)))
            interrupted = run_dask(plan, points, size, options, time_limit, rows, bar, retries,
                                    scheduler, n_workers, chunk_fn, client, worker_timeout)
    finally:
        bar.close()
    t1 = time.perf_counter()
    for i, p in enumerate(points):
        if i not in rows:
            row = {"point": i, **{lv.name: float(v) for lv, v in zip(levers, p)},
                   "status": "not_run", "note": "interrupted before this point was solved"}
            rows[i] = row
    frame = _frame([rows[i] for i in range(len(points))], plan)
    return SweepResult(frame=frame, plan=plan, interrupted=interrupted,
                       timings={"setup_s": plan.setup_s, "total_s": t1 - t0},
                       meta={"points": len(points), "mode": plan.mode, "note": plan.note,
                             "compiles": plan.compiles, "kpi_year": plan.year,
                             "workers": workers, "scheduler": scheduler or "",
                             "scenario": inputs.scenario, "input_file": inputs.source,
                             "input_sha256": inputs.sha256})


KPI_ORDER_HEAD = ["status", "objective_discounted_eur", "biobased_share", "shortfall_homes",
                  "marginal_cost_target_eur_per_home", "import_share"]


def _frame(rows: list[dict], plan: Plan) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    head = ["point"] + [lv.name for lv in plan.levers]
    tail = ["iterations", "hot_start", "solve_s", "worker", "note"]
    first = [c for c in head + KPI_ORDER_HEAD if c in frame.columns]
    last = [c for c in tail if c in frame.columns]
    middle = [c for c in frame.columns if c not in first and c not in last]
    return frame[first + middle + last]
