"""Two versions of nabb side by side: the whole pipeline of each, alternately, on one LP.

Before/after figures for a speed change (see docs/performance.md)::

    git archive <old commit> | tar -x -C /tmp/nabb-old
    .venv/bin/python benchmarks/bench_side_by_side.py /tmp/nabb-old . --sizes 40 100 342 --runs 1

For every size it writes one synthetic workbook (``nabb.synthetic``, this tree's), then per
run starts this tree's ``benchmarks/bench_scale.py --worker pipeline`` once per tree in a
fresh process, alternating which tree goes first, and once per run HiGHS alone on the
exported MPS file.  The worker imports nabb from the tree it measures (``NABB_BENCH_TREE``
puts that tree first on ``sys.path``), so both trees run the same measuring code.  Printed
per size and tree: every step of bench_scale (medians), the explanation and its HiGHS
re-solves inside the report folder, the whole run and the whole run / HiGHS alone of the
same run, and the load; then the growth exponents per tree.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

COLUMNS = ("read_s", "build_s", "checks_s", "handoff_s", "solve_s", "results_s", "report_s",
           "explain_s", "resolve_s")
OWN = ("read_s", "build_s", "checks_s", "handoff_s", "results_s", "report_s")


def spawn(tree: Path, *args: str, timeout: float) -> dict:
    """This tree's bench_scale worker, importing nabb from ``tree`` (the same worker code for
    both trees, so both report the explanation and its re-solves)."""
    cmd = [sys.executable, str(HERE / "benchmarks" / "bench_scale.py"), "--worker", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=tree,
                          env={**os.environ, "NABB_BENCH_TREE": str(tree)})
    if proc.returncode != 0:
        raise RuntimeError(f"worker in {tree} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trees", type=Path, nargs=2, help="two source trees: old, new")
    ap.add_argument("--sizes", type=int, nargs="+", default=[40, 100, 342])
    ap.add_argument("--years", type=int, default=6)
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=1800.0)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    trees = [t.resolve() for t in args.trees]
    from nabb.synthetic import describe, synthetic_inputs, write_synthetic_workbook
    print(f"side by side: {trees[0]} (old) and {trees[1]} (new); sizes {args.sizes}, "
          f"{args.runs} run(s), {os.cpu_count()} CPU(s)", flush=True)
    table: dict[tuple[int, int], list[dict]] = {}
    sizes = {}
    with tempfile.TemporaryDirectory(prefix="nabb-side-") as tmp:
        for n in args.sizes:
            wb, mps = Path(tmp) / f"synthetic_{n}.xlsx", Path(tmp) / f"synthetic_{n}.mps"
            write_synthetic_workbook(wb, n, years=args.years, k=args.k)
            sizes[n] = describe(synthetic_inputs(n, years=args.years, k=args.k))
            for i in range(args.runs):
                order = [0, 1] if i % 2 == 0 else [1, 0]
                got = {}
                for j, t in enumerate(order):
                    write_mps = str(mps) if (i == 0 and j == 0) else "-"
                    r = spawn(trees[t], "pipeline", str(wb), write_mps, "{}", timeout=args.timeout)
                    r["load_1min"] = os.getloadavg()[0]
                    got[t] = r
                    print(f"  {n} regions run {i + 1} tree {t}: {r['status']}, solve "
                          f"{r['solve_s']:.2f} s, report {r['report_s']:.2f} s, wall {r['wall_s']:.2f} s,"
                          f" load {r['load_1min']:.1f}", flush=True)
                floor = spawn(HERE, "mps", str(mps), "{}", timeout=args.timeout)
                print(f"  {n} regions run {i + 1}: HiGHS alone {floor['mps_solve_s']:.2f} s", flush=True)
                for t, r in got.items():
                    r.update(floor)
                    r["whole_ratio"] = r["wall_s"] / r["mps_solve_s"]
                    table.setdefault((n, t), []).append(r)

    def med(rs: list[dict], key: str) -> float:
        vals = [r[key] for r in rs if key in r]
        return statistics.median(vals) if vals else math.nan

    print()
    print("| regions | tree | read | build | checks | hand-off | HiGHS solve | results | report folder "
          "| of which explanation | of which its re-solves | nabb's own (overhead) | whole run | "
          "HiGHS alone | **whole run / HiGHS alone** | load |")
    print("|" + "|".join(["---"] * 16) + "|")
    own: dict[int, list[float]] = {0: [], 1: []}
    for n in args.sizes:
        for t in (0, 1):
            rs = table[(n, t)]
            m = {k: med(rs, k) for k in (*COLUMNS, "wall_s", "mps_solve_s", "whole_ratio")}
            o = sum(m[k] for k in OWN)
            own[t].append(o)
            cells = " | ".join("-" if math.isnan(m[k]) else f"{m[k]:.2f}" for k in COLUMNS)
            print(f"| {n} | {'old' if t == 0 else 'new'} | {cells} | {o:.2f} | {m['wall_s']:.2f} | "
                  f"{m['mps_solve_s']:.2f} | **{m['whole_ratio']:.2f}** | "
                  f"{max(r['load_1min'] for r in rs):.1f} |")
    if len(args.sizes) >= 2:
        import numpy as np
        x = np.log([sizes[n]["arcs"] * sizes[n]["years"] for n in args.sizes])
        for t in (0, 1):
            b = float(np.polyfit(x, np.log(own[t]), 1)[0])
            print(f"{'old' if t == 0 else 'new'}: nabb's own time grows as (arcs x years)^{b:.2f}")
        for key in OWN + ("explain_s", "resolve_s"):
            parts = []
            for t in (0, 1):
                ys = [med(table[(n, t)], key) for n in args.sizes]
                parts.append("-" if any(math.isnan(y) or y <= 0 for y in ys)
                             else f"{float(np.polyfit(x, np.log(ys), 1)[0]):.2f}")
            print(f"  {key:10s} exponent old {parts[0]}, new {parts[1]}")
    if args.json:
        args.json.write_text(json.dumps({f"{n}/{t}": rs for (n, t), rs in table.items()},
                                        indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
