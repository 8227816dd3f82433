"""Solving a sweep's points in this process: one live HiGHS model, hot-started point to point.

``solve_chunk`` is also what every dask task runs on its worker (nabb.sweep.dask);
``Progress`` is the progress bar of sweeps and uncertainty runs alike.
"""
from __future__ import annotations

import os
import time
from typing import Any, Callable, Sequence

from nabb.sweep.kpis import evaluate_kpis, kpi_map, point_scalars
from nabb.sweep.levers import set_levers
from nabb.sweep.plan import Plan
from nabb.sweep.update import LPData, compiled_from_arrays, push, structure_key

Report = Callable[[int, dict], None]

#: Two points take the same decisions when every primal value agrees within this (model
#: units, kt and kha: 1 kg, 1 m2), relative or absolute; HiGHS's feasibility tolerance is 1e-7.
SAME_DECISIONS_TOL = 1e-6
#: Key of the private primal vector a chunk's first and last rows carry, so that the master
#: can compare points across chunk borders (nabb.sweep.steady.link_chunks drops it).
X_KEY = "_x"


def same_decisions(x0: Any, x1: Any) -> bool:
    """Whether two primal vectors take the same decisions (same length, equal within the tolerance)."""
    import numpy as np
    return (x0 is not None and x1 is not None and len(x0) == len(x1)
            and bool(np.allclose(x0, x1, rtol=SAME_DECISIONS_TOL, atol=SAME_DECISIONS_TOL)))


def solve_chunk(plan: Plan, chunk: Sequence[tuple[int, tuple[float, ...]]],
                options: dict[str, Any] | None = None, time_limit: float | None = None,
                report: Report | None = None, cp=None, stop: Callable[[], bool] | None = None) -> list[dict]:
    """Solve consecutive points on one live HiGHS model; returns one row per point.

    ``cp`` reuses an already compiled model at p0 (the master's, in a sequential sweep).
    A point that raises is returned as status 'failed' with the error; it never vanishes.
    ``stop()`` is asked before each point; True ends the chunk there (Ctrl-C, or the hand-over
    of the rest of a sweep to worker processes).

    ``decisions_changed`` says whether the solution differs from the previous point's in this
    chunk (None for the chunk's first point and after a point without a solution); the first
    and last solved rows carry the primal vector under ``X_KEY`` for the chunk borders.
    """
    from nabb.model import build
    from nabb.solve import compile_model, run
    t_setup = time.perf_counter()
    if plan.mode == "affine":
        if cp is None:
            cp = compiled_from_arrays(plan.arrays)  # type: ignore[arg-type]
        km = plan.kpis
        key = plan.structure
    else:
        km, key = None, None
    setup_s = time.perf_counter() - t_setup
    out: list[dict] = []
    first = True
    prev_x = None
    for idx, p in chunk:
        if stop is not None and stop():
            break
        t0 = time.perf_counter()
        row: dict[str, Any] = {"point": idx}
        row.update({lv.name: float(v) for lv, v in zip(plan.levers, p)})
        note = ""
        try:
            if plan.mode == "affine":
                push(cp, plan.affine.at(p))  # type: ignore[union-attr]
            else:
                new = compile_model(build(set_levers(plan.inputs, plan.levers, p)))
                new_key = structure_key(new)
                if cp is not None and new_key == key:
                    push(cp, LPData.of(new))
                    cp.model, cp.columns, cp.rows = new.model, new.columns, new.rows
                    cp.col_of, cp.row_of = new.col_of, new.row_of
                else:
                    if cp is not None:
                        note = "structure changed: cold solve"
                    cp, key, first = new, new_key, True
                km = kpi_map(cp, plan.year)
            opts = {"threads": 1}
            opts.update(options or {})
            hot = not first
            if hot and "solver" not in (options or {}):
                opts["solver"] = "simplex"
            sol = run(cp, opts, time_limit)
            if hot and sol.status != "optimal":
                cp.highs.clearSolver()
                opts["solver"] = (options or {}).get("solver", "ipm")
                sol = run(cp, opts, time_limit)
                hot = False
                note = (note + "; " if note else "") + "hot start failed: cold re-solve"
            first = False
            row["status"] = sol.status
            if sol.status == "optimal":
                row.update(evaluate_kpis(km, sol, point_scalars(plan.inputs, plan.levers, p, plan.year)))  # type: ignore[arg-type]
                row["decisions_changed"] = None if prev_x is None else not same_decisions(prev_x, sol.x)
                if not out:
                    row[X_KEY] = sol.x.copy()
                prev_x = sol.x
            else:
                prev_x = None
                note = (note + "; " if note else "") + sol.model_status
            row["iterations"] = sum(sol.iterations.values())
            row["hot_start"] = hot
        except Exception as err:  # noqa: BLE001 - one bad point must not lose the others
            prev_x = None
            row["status"] = "failed"
            note = (note + "; " if note else "") + f"{type(err).__name__}: {err}"
            first = True
            if plan.mode == "affine":
                cp = compiled_from_arrays(plan.arrays)  # type: ignore[arg-type]
        row["solve_s"] = time.perf_counter() - t0 + (setup_s if idx == chunk[0][0] else 0.0)
        row["worker"] = f"{os.uname().nodename}:{os.getpid()}"
        row["note"] = note
        out.append(row)
        if report is not None:
            report(idx, row)
    if out and prev_x is not None and X_KEY not in out[-1]:
        out[-1][X_KEY] = prev_x.copy()  # the chunk's last point, for the next chunk's first
    return out


def chunks_of(points: Sequence[tuple[float, ...]], size: int,
              first: int = 0) -> list[list[tuple[int, tuple[float, ...]]]]:
    """Consecutive chunks of ``size`` (index, point) pairs; indices start at ``first``."""
    indexed = list(enumerate(points, start=first))
    return [indexed[i:i + size] for i in range(0, len(indexed), size)]


class Progress:
    """Points done / left and time left; rich when on a terminal, silent otherwise."""

    def __init__(self, total: int, enabled: bool = True, label: str = "sweep", unit: str = "points",
                 left: str = "left", eta: str = "eta"):
        self.total, self.done = total, 0
        self._bar = None
        if enabled and total:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RP, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)
            from rich.console import Console
            self._bar = RP(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                           TextColumn(unit + ", {task.fields[left]} " + left), TimeElapsedColumn(),
                           TextColumn(eta), TimeRemainingColumn(), console=Console(stderr=True),
                           transient=False)
            self._bar.start()
            self._task = self._bar.add_task(label, total=total, left=total)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(self._task, advance=n, left=self.total - self.done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
