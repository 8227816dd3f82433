"""The explanation's re-solves against the main solve, side by side in one process.

    .venv/bin/python benchmarks/bench_explain.py --regions 40 --runs 3

Per run: builds and solves the synthetic instance (``nabb.synthetic``, the scale benchmark's
structure) in this process, then computes its explanation (``nabb.explain.explain``: the
bottleneck re-solves and, when a target has a shortfall, the bisection).  The time spent
inside ``InPlace`` (changing row bounds, the re-solves, restoring the optimal state) is
summed per run and divided by that run's main HiGHS solve.  Runs alternate main solve and
re-solves, so both see the same machine load; the 1-minute load average is printed per run.
Prints each run, the medians and the median ratio (the goal of issue 14 item 3: <= 0.25).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=40)
    ap.add_argument("--years", type=int, default=6)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", help="write the runs to this file")
    a = ap.parse_args()

    from nabb.explain import explain, lp
    from nabb.run import solve_inputs
    from nabb.synthetic import synthetic_inputs

    spent = {"s": 0.0, "solves": 0, "iterations": 0}
    enter, leave, solve = lp.InPlace.__enter__, lp.InPlace.__exit__, lp.InPlace.solve

    def timed_enter(self):  # type: ignore[no-untyped-def]
        self._t0 = time.perf_counter()
        return enter(self)

    def timed_exit(self, *exc):  # type: ignore[no-untyped-def]
        leave(self, *exc)
        spent["s"] += time.perf_counter() - self._t0

    def counted_solve(self):  # type: ignore[no-untyped-def]
        out = solve(self)
        spent["solves"] += 1
        spent["iterations"] += int(self.h.getInfo().simplex_iteration_count)
        return out

    lp.InPlace.__enter__, lp.InPlace.__exit__, lp.InPlace.solve = timed_enter, timed_exit, counted_solve

    inputs = synthetic_inputs(a.regions, years=a.years)
    solve_inputs(synthetic_inputs(2, years=a.years))   # imports and first calls not charged
    rows = []
    for n in range(a.runs):
        load = os.getloadavg()[0]
        r = solve_inputs(inputs)
        spent.update(s=0.0, solves=0, iterations=0)
        t = time.perf_counter()
        ex = explain(r)
        total = time.perf_counter() - t
        row = {"run": n + 1, "columns": r.compiled.num_cols, "main_solve_s": r.timings["solve_s"],
               "main_iterations": r.solution.iterations, "resolve_s": spent["s"],
               "resolves": spent["solves"], "resolve_iterations": spent["iterations"],
               "explain_s": total, "ratio": spent["s"] / r.timings["solve_s"],
               "shortfall_homes": ex.shortfall.missing if ex.shortfall is not None else 0.0,
               "load": load}
        rows.append(row)
        print(f"run {n + 1}: main solve {row['main_solve_s']:.2f} s ({row['main_iterations']}), "
              f"re-solves {row['resolve_s']:.2f} s ({row['resolves']} solves, "
              f"{row['resolve_iterations']} iterations), explain {total:.2f} s, "
              f"ratio {row['ratio']:.3f}, load {load:.1f}", flush=True)
    med = {k: statistics.median(r_[k] for r_ in rows)
           for k in ("main_solve_s", "resolve_s", "explain_s", "ratio")}
    print(f"\n{a.regions} regions, {rows[0]['columns']:,} columns, median of {a.runs}: main solve "
          f"{med['main_solve_s']:.2f} s, re-solves {med['resolve_s']:.2f} s, explain "
          f"{med['explain_s']:.2f} s, re-solves / main solve {med['ratio']:.3f} "
          f"(load {min(r_['load'] for r_ in rows):.1f}-{max(r_['load'] for r_ in rows):.1f})")
    if a.json:
        Path(a.json).write_text(json.dumps({"runs": rows, "median": med}, indent=1))


if __name__ == "__main__":
    main()
