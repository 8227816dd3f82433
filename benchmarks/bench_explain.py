"""The explanation's re-solves against the main solve, side by side in one process.

    .venv/bin/python benchmarks/bench_explain.py --regions 40 --runs 3

Per run: builds and solves the synthetic instance (``nabb.synthetic``, the scale benchmark's
structure) in this process, then computes its explanation (``nabb.explain.explain``: the
bottleneck re-solves and, when a target has a shortfall, the bisection).  The time spent
inside ``InPlace`` (changing row bounds, the re-solves, restoring the optimal state) is
summed per run and divided by that run's main HiGHS solve.  Runs alternate main solve and
re-solves, so both see the same machine load; the 1-minute load average is printed per run.
Prints each run, the medians and the median ratio (the goal of issue 14 item 3: <= 0.25).

``--unlimited-too`` computes each run's explanation a second time on the same solved run with
the re-solves' iteration budget lifted (``nabb.explain.bottlenecks.RESOLVE_SHARE`` = 1e9), so
the budgeted and the unbudgeted re-solves are measured side by side, with the values they give.
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
    ap.add_argument("--unlimited-too", action="store_true",
                    help="also explain each run with the iteration budget lifted")
    ap.add_argument("--dse-too", action="store_true",
                    help="also explain each run with dual steepest edge pricing in the re-solves "
                         "(nabb.explain.lp.DEVEX_MIN_COLUMNS lifted)")
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

    def counted_solve(self, iteration_limit=None):  # type: ignore[no-untyped-def]
        out = solve(self, iteration_limit=iteration_limit)
        spent["solves"] += 1
        spent["iterations"] += int(self.h.getInfo().simplex_iteration_count)
        return out

    lp.InPlace.__enter__, lp.InPlace.__exit__, lp.InPlace.solve = timed_enter, timed_exit, counted_solve

    inputs = synthetic_inputs(a.regions, years=a.years)
    solve_inputs(synthetic_inputs(2, years=a.years))   # imports and first calls not charged
    import importlib
    bn = importlib.import_module("nabb.explain.bottlenecks")
    share = bn.RESOLVE_SHARE

    devex_from = lp.DEVEX_MIN_COLUMNS

    def timed_explain(r, budget: bool, dse: bool = False) -> dict:
        r.__dict__.pop("_explanation", None)
        lp.DEVEX_MIN_COLUMNS = 10**12 if dse else devex_from
        bn.RESOLVE_SHARE = share if budget else 1e9
        spent.update(s=0.0, solves=0, iterations=0)
        t = time.perf_counter()
        ex = explain(r)
        total = time.perf_counter() - t
        bn.RESOLVE_SHARE = share
        lp.DEVEX_MIN_COLUMNS = devex_from
        methods = [b.method for b in ex.bottlenecks if b.method != "duals"]
        return {"resolve_s": spent["s"], "resolves": spent["solves"],
                "resolve_iterations": spent["iterations"], "explain_s": total,
                "ratio": spent["s"] / r.timings["solve_s"],
                "stopped": sum(m_ == bn.STOPPED for m_ in methods),
                "values": [round(b.value_step_eur) for b in ex.bottlenecks if b.method != "duals"],
                "shortfall_homes": ex.shortfall.missing if ex.shortfall is not None else 0.0}

    rows = []
    for n in range(a.runs):
        load = os.getloadavg()[0]
        r = solve_inputs(inputs)
        row = {"run": n + 1, "columns": r.compiled.num_cols, "main_solve_s": r.timings["solve_s"],
               "main_iterations": r.solution.iterations, "budget": bn.resolve_budget(r.solution.iterations),
               **timed_explain(r, True), "load": load}
        if a.unlimited_too:
            row["unlimited"] = timed_explain(r, False)
        if a.dse_too:
            row["dse"] = timed_explain(r, True, dse=True)
            if a.unlimited_too:
                row["dse_unlimited"] = timed_explain(r, False, dse=True)
        rows.append(row)
        print(f"run {n + 1}: main solve {row['main_solve_s']:.2f} s ({row['main_iterations']}), "
              f"re-solves {row['resolve_s']:.2f} s ({row['resolves']} solves, "
              f"{row['resolve_iterations']} iterations of a budget of {row['budget']}, "
              f"{row['stopped']} stopped), explain {row['explain_s']:.2f} s, "
              f"ratio {row['ratio']:.3f}, load {load:.1f}; values {row['values']}", flush=True)
        for key, label in (("dse", "steepest edge"), ("dse_unlimited", "steepest edge, no budget")):
            if key in row:
                u = row[key]
                print(f"       {label}: re-solves {u['resolve_s']:.2f} s ({u['resolves']} solves, "
                      f"{u['resolve_iterations']} iterations, {u['stopped']} stopped), explain "
                      f"{u['explain_s']:.2f} s, ratio {u['ratio']:.3f}; values {u['values']}", flush=True)
        if a.unlimited_too:
            u = row["unlimited"]
            print(f"       no budget: re-solves {u['resolve_s']:.2f} s ({u['resolves']} solves, "
                  f"{u['resolve_iterations']} iterations), explain {u['explain_s']:.2f} s, "
                  f"ratio {u['ratio']:.3f}; values {u['values']}", flush=True)
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
