"""Columns of the synthetic LP by variable, before and after the exact cuts of issue 14.

    .venv/bin/python benchmarks/count_columns.py 40 100 342

"before" is the same code with the size-ruled cuts switched off (``meta["lean_columns"]``,
``meta["surplus_in_rows"]`` and ``meta["recipe_substitution"]`` False), i.e. the LP before
those cuts; 6 modelled years, as in the scale benchmark.  Builds only (no solve): about 10 s at 342 regions.
"""
from __future__ import annotations

import argparse

import pyomo.environ as pyo

#: columns of the 342-region LP when issue 14 was filed (its "today")
ISSUE_COLUMNS = 410_490


def count(regions: int, years: int, **meta: bool) -> dict[str, int]:
    from nabb.model import build
    from nabb.model.data import prepare
    from nabb.synthetic import synthetic_inputs
    d = prepare(synthetic_inputs(regions, years=years))
    d.meta.update(meta)
    m = build(d)
    return {v.name: len(v) for v in m.component_objects(pyo.Var, active=True)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[40, 100, 342])
    ap.add_argument("--years", type=int, default=6)
    a = ap.parse_args()
    for n in a.sizes:
        before = count(n, a.years, lean_columns=False, surplus_in_rows=False, recipe_substitution=False)
        after = count(n, a.years)
        print(f"{n} regions, {a.years} years: variable, before, after")
        for name in before:
            if before[name] or after[name]:
                print(f"  {name:24s} {before[name]:>9,} {after[name]:>9,}")
        b, t = sum(before.values()), sum(after.values())
        print(f"  {'all columns':24s} {b:>9,} {t:>9,}"
              + (f"  ({100 * t / ISSUE_COLUMNS:.1f}% of {ISSUE_COLUMNS:,})" if n == 342 else ""))


if __name__ == "__main__":
    main()
