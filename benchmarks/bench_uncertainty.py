"""Benchmark: the cost of one `nabb uncertainty` sample against one cold `nabb run`.

Both arms run in this one script, on the same workbook, interleaved (cold runs before and
after the uncertainty run), so that the load of a shared machine hits both alike; the
figures are medians.

* cold arm: ``python -m nabb run WORKBOOK --scenario S --out TMP`` as a separate process,
  timed from start to exit (what a user waits for).
* uncertainty arm: the whole ``nabb uncertainty`` run in this process (reading the workbook,
  draws, set-up compiles, structure signatures, every sample, the summary and writing the four
  files), divided by the number of samples; and the median time of one sample's solve alone.

Usage:
    .venv/bin/python benchmarks/bench_uncertainty.py                 # default, 1,000 samples
    .venv/bin/python benchmarks/bench_uncertainty.py --samples 200 --cold-runs 2
Goal (issue 15): one sample <= 1/10 of a cold run.
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

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def cold_run(workbook: Path, scenario: str, out: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nabb", "run", str(workbook), "--scenario", scenario,
                    "--out", str(out)], check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbook", nargs="?", default=None)
    ap.add_argument("--scenario", default="base")
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cold-runs", type=int, default=3, help="cold runs before and after (each)")
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    args = ap.parse_args()

    from nabb import pipeline
    from nabb.reports.uncertainty_outputs import write_outputs
    from nabb.uncertainty.run import run_uncertainty, spec_of

    workbook = Path(args.workbook) if args.workbook else pipeline.DEFAULT_WORKBOOK
    tmp = Path(tempfile.mkdtemp(prefix="nabb-bench-unc-"))
    load_start = os.getloadavg()
    cold = [cold_run(workbook, args.scenario, tmp / f"cold{i}") for i in range(args.cold_runs)]
    print(f"cold nabb run (before): {', '.join(f'{c:.2f}' for c in cold)} s", flush=True)

    t0 = time.perf_counter()
    inputs = pipeline.load(workbook, args.scenario)
    spec = spec_of(inputs)
    res = run_uncertainty(inputs, spec, args.samples, seed=args.seed)
    t_run = time.perf_counter() - t0
    write_outputs(res, tmp / "unc")
    t_all = time.perf_counter() - t0
    load_end = os.getloadavg()

    after = [cold_run(workbook, args.scenario, tmp / f"cold_after{i}") for i in range(args.cold_runs)]
    print(f"cold nabb run (after): {', '.join(f'{c:.2f}' for c in after)} s")
    cold_med = statistics.median(cold + after)
    n = len(res.frame)
    per_sample = t_all / n              # the whole command: read, draws, set-up, solves, summary, files
    solve_med = float(res.frame["solve_s"].median())
    st = res.summary["structure"]
    figures = {
        "workbook": str(workbook), "scenario": args.scenario, "samples": n,
        "inputs": len(spec.params), "cpu_count": os.cpu_count(),
        "load_average_1min": os.getloadavg()[0],
        "cold_run_s_median": cold_med, "cold_runs_s": cold + after,
        "load_average_start": load_start, "load_average_end": load_end,
        "uncertainty_total_s": t_run, "with_outputs_s": t_all, "outputs_s": t_all - t_run,
        "setup_s": res.timings["setup_s"], "solve_phase_s": res.timings["solve_s"],
        "summary_s": res.timings.get("summary_s"),
        "per_sample_s": per_sample, "per_sample_solve_s_median": solve_med,
        "ratio_per_sample_to_cold_run": per_sample / cold_med,
        "ratio_without_output_files": t_run / n / cold_med,
        "statuses": res.statuses, "structure_mode": st["mode"], "structure_groups": len(st["groups"]),
        "compiles": st["compiles"], "group_compiles": res.plan.group_compiles,
        "samples_rebuilt": st["samples_rebuilt"],
        "group_sizes": sorted((g["samples"] for g in st["groups"]), reverse=True),
    }
    print(f"uncertainty: {n} samples of {len(spec.params)} inputs in {t_run:.1f} s "
          f"(set-up {res.timings['setup_s']:.1f} s, solves {res.timings['solve_s']:.1f} s, summary "
          f"{res.timings.get('summary_s', float('nan')):.1f} s; output files {t_all - t_run:.1f} s more); {st['note']}")
    print(f"per sample: {per_sample * 1000:.0f} ms all in, {solve_med * 1000:.0f} ms median solve; "
          f"cold nabb run median {cold_med:.2f} s; ratio {per_sample / cold_med:.3f} "
          f"(goal <= 0.100: {'met' if per_sample / cold_med <= 0.1 else 'NOT met'})")
    print(f"statuses {res.statuses}; structure groups {len(st['groups'])}, compiles {st['compiles']}, "
          f"of them on structure groups {res.plan.group_compiles}, samples rebuilt {st['samples_rebuilt']}; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores (at the start {load_start[0]:.1f}, at the end of the uncertainty run "
          f"{load_end[0]:.1f})")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
