"""Benchmark: a 50-point carbon-price sweep against 50 independent `nabb run` solves.

Both arms solve the same points of the same workbook in one run of this script, and the
objectives are checked against each other.

* sweep arm: what ``nabb sweep`` does -- read the workbook once, build and compile once,
  change the carbon price in place on the live HiGHS model, hot-started re-solves, then
  write sweep.csv / sweep.xlsx / sweep.png.
* baseline arm, ``--baseline inprocess`` (default): per point what ``nabb run`` does --
  read the workbook, apply the point, build, compile, cold solve, extract the results,
  write report.xlsx -- in this same Python process, so interpreter start-up and imports
  are *not* charged to the baseline (conservative).  The solve-only part (build, compile,
  solve, extract) is reported too.
* ``--baseline cli``: 50 real ``nabb run WORKBOOK --scenario pNN`` processes on a copy of
  the workbook with one scenario per point.

Usage:
    .venv/bin/python benchmarks/bench_sweep.py                 # default workbook, 50 points
    .venv/bin/python benchmarks/bench_sweep.py --points 20 --baseline cli
Target: sweep time <= 1/5 of the baseline (issue 4).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbook", nargs="?", default=None)
    ap.add_argument("--scenario", default="base")
    ap.add_argument("--points", type=int, default=50)
    ap.add_argument("--lo", type=float, default=0.0, help="first carbon price (EUR/t)")
    ap.add_argument("--hi", type=float, default=245.0, help="last carbon price (EUR/t)")
    ap.add_argument("--baseline", choices=("inprocess", "cli"), default="inprocess")
    args = ap.parse_args()

    from nabb import pipeline
    from nabb.reports.sweep import write_outputs
    from nabb.sweep.levers import resolve_lever, set_levers
    from nabb.sweep.run import run_sweep

    workbook = Path(args.workbook) if args.workbook else pipeline.DEFAULT_WORKBOOK
    n = args.points
    prices = [round(args.lo + i * (args.hi - args.lo) / max(1, n - 1), 6) for i in range(n)]
    lever = [resolve_lever("carbon_price")]
    tmp = Path(tempfile.mkdtemp(prefix="nabb-bench-"))
    # warm-up (imports, first-compile costs) so that neither arm pays them
    pipeline.solve_inputs(pipeline.load(workbook, args.scenario))

    t0 = time.perf_counter()
    inputs = pipeline.load(workbook, args.scenario)
    res = run_sweep(inputs, lever, [prices])
    t_core = time.perf_counter() - t0
    write_outputs(res, tmp / "sweep")
    t_sweep = time.perf_counter() - t0
    print(f"sweep: {n} points in {t_sweep:.1f} s (read+setup+solves {t_core:.1f} s, setup "
          f"{res.timings['setup_s']:.1f} s); {res.plan.note}; statuses {res.statuses}")

    objectives = []
    t_solve_only = 0.0
    t1 = time.perf_counter()
    if args.baseline == "inprocess":
        base = pipeline.load(workbook, args.scenario)
        for p in prices:
            a = time.perf_counter()
            inp = set_levers(pipeline.load(workbook, args.scenario), lever, [p])
            b = time.perf_counter()
            run_ = pipeline.solve_inputs(inp)
            t_solve_only += time.perf_counter() - b
            run_.results.scenario = f"p{p:g}"
            pipeline.write_reports(run_, tmp / "reports")
            objectives.append(run_.results.objective_eur)
        del base
    else:
        wb_copy = tmp / "points.xlsx"
        _workbook_with_points(workbook, wb_copy, args.scenario, prices)
        exe = str(Path(sys.executable).with_name("nabb"))
        for i, p in enumerate(prices):
            subprocess.run([exe, "run", str(wb_copy), "--scenario", f"p{i:03d}", "--out",
                            str(tmp / "reports")], check=True, capture_output=True)
            import json
            s = json.loads((tmp / "reports" / f"p{i:03d}" / "summary.json").read_text())
            objectives.append(s["objective_eur"])
    t_base = time.perf_counter() - t1
    worst = max(abs(a - b) / (1 + abs(b)) for a, b in zip(res.frame["objective_discounted_eur"], objectives))
    print(f"baseline ({args.baseline}): {n} independent `nabb run` solves in {t_base:.1f} s"
          + (f" (solve-only part {t_solve_only:.1f} s)" if t_solve_only else ""))
    print(f"largest relative objective difference sweep vs cold solves: {worst:.1e}")
    print(f"RATIO sweep / baseline = {t_sweep / t_base:.3f}  (1/{t_base / t_sweep:.1f}); target <= 0.2")
    if t_solve_only:
        print(f"ratio sweep core / baseline solve-only = {t_core / t_solve_only:.3f} "
              f"(1/{t_solve_only / t_core:.1f})")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if t_sweep <= 0.2 * t_base and worst < 1e-6 else 1


def _workbook_with_points(src: Path, dst: Path, parent: str, prices: list[float]) -> None:
    """Copy the workbook with one scenario per point (carbon price in every year)."""
    from openpyxl import load_workbook
    wb = load_workbook(src)
    ws = wb["scenarios"]
    head = [c.value for c in ws[1]]
    row = max(ws.max_row, 2) + 1
    for i, p in enumerate(prices):
        rec = {"scenario": f"p{i:03d}", "parent": "" if parent == "base" else parent, "sheet": "policy",
               "column": "carbon_price_eur_per_t", "filter": "*", "value": p,
               "description": "benchmark point"}
        for j, h in enumerate(head, start=1):
            if h in rec and rec[h] != "":
                ws.cell(row=row + i, column=j, value=rec[h])
    wb.save(dst)


if __name__ == "__main__":
    sys.exit(main())
