"""Benchmark: where `nabb sweep --workers 2` starts to pay off, measured side by side.

For each number of points, one run of this script times the same carbon-price sweep of the
default workbook (a) in one process and (b) on 2 new worker processes (a private dask
LocalCluster, started and stopped inside the timing, as `--workers 2` does; the automatic
choice is switched off so that the workers really run).  The arms alternate, so a change in
the machine's load hits both.  It also prints what the automatic choice would decide, and
``WORKER_START_S`` as measured: (b) minus its share of the solve time of (a).

Usage:
    .venv/bin/python benchmarks/bench_sweep_workers.py              # 9, 50, 200, 500 points
    .venv/bin/python benchmarks/bench_sweep_workers.py --points 9 1000 --repeat 2
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, nargs="+", default=[9, 50, 200, 500])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    from nabb import pipeline
    from nabb.sweep.levers import resolve_lever
    from nabb.sweep.run import break_even_points, run_sweep

    inputs = pipeline.load(None, "base")
    lever = [resolve_lever("carbon_price")]
    run_sweep(inputs, lever, [[0.0, 100.0]])  # warm-up: imports and first compiles
    print(f"{'points':>7} {'1 process s':>12} {f'{args.workers} workers s':>12} {'ratio':>6}  "
          f"{'worker start s':>14}")
    for n in args.points:
        prices = [round(400.0 * i / max(1, n - 1), 6) for i in range(n)]
        one, many, start = [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r1 = run_sweep(inputs, lever, [prices])
            one.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            run_sweep(inputs, lever, [prices], workers=args.workers, auto_workers=False)
            many.append(time.perf_counter() - t0)
            solve = float(r1.frame["solve_s"].sum())
            start.append(many[-1] - r1.timings["setup_s"] - solve / args.workers)
        a, b = statistics.median(one), statistics.median(many)
        hot = float(r1.frame["solve_s"].iloc[1:].mean()) if n > 1 else 0.0
        cold = float(r1.frame["solve_s"].iloc[0])
        print(f"{n:>7} {a:>12.2f} {b:>12.2f} {b / a:>6.2f}  {statistics.median(start):>14.2f}"
              f"   (cold {cold:.3f} s, hot {hot:.4f} s/point; break-even at "
              f"{break_even_points(hot, cold, args.workers):,} points)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
