"""Where build and hand-off time goes: build() by block, then the standard-form compile and passModel.

    .venv/bin/python benchmarks/profile_build.py 342

Builds the synthetic instance (``nabb.synthetic``, 6 years) in this process and prints the
time of each ``add_*`` block of ``nabb.model.build`` (the flow arcs and the flow variables
inside the balance block shown apart), of the objective and cost expressions (the rest),
and of the hand-off (``nabb.solve.compile_model``).  A 2-region build first takes the
imports and first calls.  One run; the load average is printed.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import nabb.model as M  # noqa: E402
import nabb.model.transport as T  # noqa: E402
from nabb.model.data import prepare  # noqa: E402
from nabb.solve import compile_model  # noqa: E402
from nabb.synthetic import synthetic_inputs  # noqa: E402

BLOCKS = ("add_land", "add_processing", "add_transport", "add_demand", "add_balance", "add_policy")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    compile_model(M.build(synthetic_inputs(2, years=6)))   # imports and first calls
    spent: dict[str, float] = {}

    def timed(name, f):  # type: ignore[no-untyped-def]
        def g(*a, **k):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            out = f(*a, **k)
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
            return out
        return g

    for name in BLOCKS:
        setattr(M, name, timed(name, getattr(M, name)))
    M.add_flows = timed("  add_flows (in add_balance)", M.add_flows)
    M.arc_flows = timed("  arc_flows (in add_balance)", M.arc_flows)
    T.flow_arcs = timed("  flow_arcs (in add_flows)", T.flow_arcs)
    inputs = synthetic_inputs(n, years=6)
    load = os.getloadavg()[0]
    t = time.perf_counter()
    d = prepare(inputs)
    t_prep = time.perf_counter() - t
    t = time.perf_counter()
    m = M.build(d)
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    cp = compile_model(m)
    t_hand = time.perf_counter() - t
    print(f"{n} regions, {cp.num_cols:,} columns, {cp.num_rows:,} rows, load {load:.1f}: prepare "
          f"{t_prep:.2f} s, build {t_build:.2f} s, hand-off {t_hand:.2f} s (standard-form compile "
          f"{cp.timings['compile_s']:.2f} s, passModel {cp.timings['pass_to_highs_s']:.2f} s)")
    for k, v in spent.items():
        print(f"  {k:32s} {v:6.2f} s  {v / t_build:5.1%} of build")
    rest = t_build - sum(v for k, v in spent.items() if not k.startswith("  "))
    print(f"  {'objective and cost expressions':32s} {rest:6.2f} s  {rest / t_build:5.1%} of build")


if __name__ == "__main__":
    main()
