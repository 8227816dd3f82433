"""Scale benchmark: nabb's own overhead against HiGHS itself, 12 to 342 regions.

One command (see docs/performance.md)::

    .venv/bin/python benchmarks/bench_scale.py                # 12 40 100 342 regions, 3 runs
    .venv/bin/python benchmarks/bench_scale.py --sizes 12 40 --runs 1

For every size it writes a synthetic instance with the structure of the default data
(``nabb.synthetic``) as an input workbook, then runs the whole pipeline in a **fresh
process** per run (so peak RSS is that run's own): read the workbook, build the Pyomo
model, hand it to HiGHS, solve, extract results and duals, write report.xlsx.  As the
floor it solves the same LP read from an MPS file with highspy alone (same options).

Reported per size (medians over the runs): variables, constraints, non-zeros and the
time of each step, peak RSS, the overhead ratio = (everything except the HiGHS
solve) / HiGHS solve, and the whole-run ratio = the whole run (read the workbook to the
last report file) / HiGHS alone solving the same LP from the MPS file.  Each run's ratios
are taken within that run (the two processes run back to back), then the median.  At the end it fits the growth exponent b in time ~ (arcs x years)^b.
Each worker process first builds and solves a 2-region instance, so import and first-call
costs are not counted in the steps (they are reported separately as ``startup``).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: the source tree whose nabb is measured: this one, or another one named by NABB_BENCH_TREE
#: (benchmarks/bench_side_by_side.py runs this same worker code on two trees)
REPO = Path(os.environ.get("NABB_BENCH_TREE") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(REPO))

STEPS = ("read_s", "build_s", "checks_s", "handoff_s", "solve_s", "results_s", "report_s")
OVERHEAD = ("read_s", "build_s", "checks_s", "handoff_s", "results_s", "report_s")


# ----------------------------------------------------------------------------- workers
def worker_pipeline(workbook: str, mps: str | None, options: dict) -> dict:
    """One full run in this process; returns timings and sizes as a dict."""
    import resource

    t_start = time.perf_counter()
    from nabb import pipeline
    from nabb.synthetic import synthetic_inputs
    warm = pipeline.solve_inputs(synthetic_inputs(2, years=2), options=options)  # imports, first calls
    with tempfile.TemporaryDirectory() as tmp:
        pipeline.write_reports(warm, tmp)
    startup = time.perf_counter() - t_start

    t0 = time.perf_counter()
    inputs = pipeline.load(workbook)
    run = pipeline.solve_inputs(inputs, options=options)
    explain_s, resolve_s = _time_explanation(run)
    with tempfile.TemporaryDirectory() as tmp:
        pipeline.write_reports(run, tmp)
    wall = time.perf_counter() - t0
    tm = run.results.meta["timings"]
    cp, sol = run.compiled, run.solution
    out = {
        "status": sol.status, "objective": sol.objective, "dual_valid": bool(
            sol.row_dual.size == 0 or sol.row_dual[0] == sol.row_dual[0]),
        "variables": cp.num_cols, "constraints": cp.num_rows, "nonzeros": cp.num_nz,
        "read_s": tm.get("read_s", 0.0), "build_s": tm["build_s"],
        "checks_s": tm.get("presolve_checks_s", 0.0), "solver": sol.options.get("solver"),
        "handoff_s": tm["compile_s"] + tm["pass_to_highs_s"], "solve_s": tm["solve_s"],
        "results_s": tm["results_s"], "report_s": tm.get("report_s", 0.0), "wall_s": wall,
        "explain_s": explain_s[0], "resolve_s": resolve_s[0],
        "startup_s": startup, "iterations": sol.iterations,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }
    if mps:
        from nabb.solve import write_lp
        write_lp(cp, mps)
    return out


def _time_explanation(run) -> tuple[list[float], list[float]]:
    """Time, inside the report folder, the explanation and its HiGHS re-solves on the run's
    own HiGHS object (filled in while ``write_reports`` runs; nothing else changes)."""
    import nabb.explain as ex
    explain_s, resolve_s = [0.0], [0.0]
    h, explain = run.compiled.highs, ex.explain
    highs_run = h.run

    def timed_run():
        t = time.perf_counter()
        try:
            return highs_run()
        finally:
            resolve_s[0] += time.perf_counter() - t

    def timed_explain(*args, **kwargs):
        t = time.perf_counter()
        try:
            return explain(*args, **kwargs)
        finally:
            explain_s[0] += time.perf_counter() - t
    h.run = timed_run
    ex.explain = timed_explain
    return explain_s, resolve_s


def worker_mps(mps: str, options: dict) -> dict:
    """HiGHS alone: read the MPS file and solve it with the same options."""
    import resource

    import highspy
    from nabb.solve import DEFAULT_OPTIONS, SIMPLEX_MAX_COLUMNS, new_highs
    h = new_highs()
    t0 = time.perf_counter()
    h.readModel(mps)
    read = time.perf_counter() - t0
    opts = dict(DEFAULT_OPTIONS)
    if "solver" not in options and h.getNumCol() < SIMPLEX_MAX_COLUMNS:
        opts["solver"] = "simplex"  # the same choice as nabb.solve.run
    opts.update(options)
    for k, v in opts.items():
        h.setOptionValue(k, v)
    t1 = time.perf_counter()
    h.run()
    solve = time.perf_counter() - t1
    return {"mps_read_s": read, "mps_solve_s": solve,
            "mps_status": h.modelStatusToString(h.getModelStatus()),
            "mps_objective": h.getInfo().objective_function_value,
            "mps_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
            "highspy": getattr(highspy, "__version__", "")}


def _spawn(kind: str, *args: str, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- driver
def fit_exponent(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) on log(x)."""
    import numpy as np
    if len(xs) < 2:
        return float("nan")
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[12, 40, 100, 342])
    ap.add_argument("--years", type=int, default=6)
    ap.add_argument("--k", type=int, default=4, help="nearest neighbours per region")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--solver-option", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--json", type=Path, default=None, help="also write all runs to this file")
    ap.add_argument("--timeout", type=float, default=900.0, help="per worker process (s)")
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    from nabb.solve import parse_option
    options = dict(parse_option(item) for item in args.solver_option)

    if args.worker:
        kind, rest = args.worker[0], args.worker[1:]
        if kind == "pipeline":
            res = worker_pipeline(rest[0], rest[1] if len(rest) > 1 and rest[1] != "-" else None,
                                  json.loads(rest[2]) if len(rest) > 2 else {})
        else:
            res = worker_mps(rest[0], json.loads(rest[1]) if len(rest) > 1 else {})
        print(json.dumps(res))
        return 0

    from nabb.synthetic import describe, synthetic_inputs, write_synthetic_workbook
    from nabb.solve import DEFAULT_OPTIONS, SIMPLEX_MAX_COLUMNS
    print(f"nabb scale benchmark: sizes {args.sizes}, {args.years} years, k={args.k}, "
          f"{args.runs} run(s), {os.cpu_count()} CPU(s); HiGHS options "
          f"{dict(DEFAULT_OPTIONS, **options)} (dual simplex below {SIMPLEX_MAX_COLUMNS:,} columns "
          "unless --solver-option solver=... is given)", flush=True)
    rows, everything = [], []
    with tempfile.TemporaryDirectory(prefix="nabb-bench-") as tmp:
        for n in args.sizes:
            wb = Path(tmp) / f"synthetic_{n}.xlsx"
            mps = Path(tmp) / f"synthetic_{n}.mps"
            write_synthetic_workbook(wb, n, years=args.years, k=args.k)
            size = describe(synthetic_inputs(n, years=args.years, k=args.k))
            runs = []
            for i in range(args.runs):
                r = _spawn("pipeline", str(wb), str(mps) if i == 0 else "-", json.dumps(options),
                           timeout=args.timeout)
                r.update(_spawn("mps", str(mps), json.dumps(options), timeout=args.timeout))
                r["load_1min"] = os.getloadavg()[0]
                r.update(size)
                runs.append(r)
                everything.append(dict(r, size=n, run=i))
                print(f"  {n} regions run {i + 1}: {r['status']}, solve {r['solve_s']:.2f} s, "
                      f"wall {r['wall_s']:.2f} s, MPS floor {r['mps_solve_s']:.2f} s, whole run / "
                      f"HiGHS alone {r['wall_s'] / r['mps_solve_s']:.2f}, load {r['load_1min']:.1f}",
                      flush=True)
            med = {k: statistics.median(r[k] for r in runs)
                   for k in (*STEPS, "explain_s", "resolve_s", "wall_s", "startup_s",
                             "peak_rss_mb", "mps_solve_s")}
            med["overhead_s"] = sum(med[k] for k in OVERHEAD)
            # nabb's own code: the overhead less the HiGHS re-solves of the explanation
            med["own_s"] = med["overhead_s"] - med["resolve_s"]
            med["ratio"] = statistics.median(sum(r[k] for k in OVERHEAD) / r["solve_s"] for r in runs)
            med["whole_ratio"] = statistics.median(r["wall_s"] / r["mps_solve_s"] for r in runs)
            med["load"] = max(r["load_1min"] for r in runs)
            med.update({k: runs[0][k] for k in ("variables", "constraints", "nonzeros", "regions",
                                                 "arcs", "years")})
            med["n"] = n
            med["status"] = ",".join(sorted({r["status"] for r in runs}))
            med["solver"] = ",".join(sorted({str(r["solver"]) for r in runs}))
            rows.append(med)

    head = ("| regions | arcs | vars | cons | nnz | read | build | pre-solve checks | hand-off | "
            "HiGHS solve | results+duals | report | of which explanation | of which its HiGHS "
            "re-solves | overhead | **ratio** | MPS floor | wall | "
            "**whole run / HiGHS alone** | peak RSS | solver | status | load (1 min) |")
    print()
    print(head)
    print("|" + "|".join(["---"] * 23) + "|")
    for m in rows:
        print(f"| {m['n']} | {m['arcs']:,} | {m['variables']:,} | {m['constraints']:,} | "
              f"{m['nonzeros']:,} | {m['read_s']:.2f} | {m['build_s']:.2f} | {m['checks_s']:.2f} | "
              f"{m['handoff_s']:.2f} | "
              f"{m['solve_s']:.2f} | {m['results_s']:.2f} | {m['report_s']:.2f} | "
              f"{m['explain_s']:.2f} | {m['resolve_s']:.2f} | "
              f"{m['overhead_s']:.2f} | **{m['ratio']:.2f}** | {m['mps_solve_s']:.2f} | "
              f"{m['wall_s']:.2f} | **{m['whole_ratio']:.2f}** | {m['peak_rss_mb']:,.0f} MB | "
              f"{m['solver']} | {m['status']} | {m['load']:.1f} |")
    if len(rows) >= 2:
        x = [m["arcs"] * m["years"] for m in rows]
        print()
        print("growth exponent b in time ~ (arcs x years)^b, fitted over "
              f"{[m['n'] for m in rows]} regions:")
        for key, label in (("overhead_s", "nabb overhead"), ("own_s", "overhead less re-solves"),
                           ("read_s", "read"), ("build_s", "build"), ("checks_s", "checks"),
                           ("handoff_s", "hand-off"), ("results_s", "results"),
                           ("report_s", "report"), ("explain_s", "explanation"),
                           ("resolve_s", "re-solves"), ("solve_s", "HiGHS solve"),
                           ("wall_s", "wall")):
            print(f"  {label:14s} b = {fit_exponent(x, [max(m[key], 1e-6) for m in rows]):.2f}")
        print(f"  {'variables':14s} b = {fit_exponent(x, [m['variables'] for m in rows]):.2f}")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "runs": everything}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
