"""Solver choice by measurement: dual simplex against IPX + crossover on the same MPS file.

One command (see docs/performance.md, "HiGHS options")::

    .venv/bin/python benchmarks/bench_solver_choice.py --sizes 100 342 --runs 3

For every size it builds the synthetic instance (``nabb.synthetic``, 6 years, k = 4),
writes the LP that nabb hands to HiGHS as an MPS file, then solves it ``--runs`` times
with each setting, **interleaved** (simplex, IPX, simplex, IPX, ...), every solve in a
fresh process that reads the MPS file and calls ``run()`` with nabb's options
(``presolve=on``, ``threads=1``).  It prints each solve with the 1-minute load average
before and after it, then the median per setting.  Use the medians to set
``nabb.solve.SIMPLEX_MAX_COLUMNS``.  ``--time-limit S`` stops a solve after S seconds
(HiGHS ``time_limit``); such a solve counts as "> S" in the median.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SETTINGS = {
    "simplex": {"solver": "simplex"},
    "ipx": {"solver": "ipm", "run_crossover": "on"},
}


def worker(mps: str, setting: str, time_limit: str = "inf") -> dict:
    from nabb.solve import DEFAULT_OPTIONS, new_highs
    h = new_highs()
    h.readModel(mps)
    opts = dict(DEFAULT_OPTIONS, **SETTINGS[setting])
    if float(time_limit) < float("inf"):
        opts["time_limit"] = float(time_limit)
    for k, v in opts.items():
        h.setOptionValue(k, v)
    t0 = time.perf_counter()
    h.run()
    solve = time.perf_counter() - t0
    info = h.getInfo()
    return {"solve_s": solve, "status": h.modelStatusToString(h.getModelStatus()),
            "objective": info.objective_function_value, "columns": h.getNumCol(),
            "simplex_it": int(info.simplex_iteration_count), "ipm_it": int(info.ipm_iteration_count),
            "crossover_it": int(info.crossover_iteration_count)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 342])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--years", type=int, default=6)
    ap.add_argument("--time-limit", type=float, default=float("inf"),
                    help="HiGHS time limit per solve (s); a solve that reaches it counts as "
                         "'> limit' (a censored time: the median says '>' when it is one)")
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0
    from nabb.model import build
    from nabb.solve import compile_model, write_lp
    from nabb.synthetic import synthetic_inputs
    summary = []
    with tempfile.TemporaryDirectory(prefix="nabb-solvers-") as tmp:
        for n in args.sizes:
            mps = str(Path(tmp) / f"synthetic_{n}.mps")
            write_lp(compile_model(build(synthetic_inputs(n, years=args.years))), mps)
            times: dict[str, list[float]] = {s: [] for s in SETTINGS}
            for i in range(args.runs):
                for setting in SETTINGS:
                    load0 = os.getloadavg()[0]
                    proc = subprocess.run([sys.executable, __file__, "--worker", mps, setting,
                                           str(args.time_limit)], capture_output=True, text=True)
                    if proc.returncode:
                        raise RuntimeError(proc.stderr[-2000:])
                    r = json.loads(proc.stdout.strip().splitlines()[-1])
                    censored = r["status"] == "Time limit reached"
                    times[setting].append(float("inf") if censored else r["solve_s"])
                    print(f"{n} regions, {r['columns']:,} columns, run {i + 1}, {setting}: "
                          f"{r['solve_s']:.2f} s, {r['status']}, objective {r['objective']:.10g}, "
                          f"iterations simplex {r['simplex_it']} ipm {r['ipm_it']} crossover "
                          f"{r['crossover_it']}; load {load0:.1f} -> {os.getloadavg()[0]:.1f}",
                          flush=True)
            med = {s: statistics.median(v) for s, v in times.items()}
            summary.append((n, r["columns"], med))
    print()
    print("| regions | columns | dual simplex (median) | IPX + crossover (median) | faster |")
    print("|---|---|---|---|---|")
    for n, cols, med in summary:
        best = min(med, key=med.get) if min(med.values()) < float("inf") else "neither (time limit)"
        shown = {s: (f"> {args.time_limit:.0f} s (time limit)" if math.isinf(v) else f"{v:.2f} s")
                 for s, v in med.items()}
        print(f"| {n} | {cols:,} | {shown['simplex']} | {shown['ipx']} | {best} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
