"""What drives the answer: the thresholds at which the default's main 2030 conclusions flip.

For five inputs whose values are uncertain (the wood-fibre import price, the non-biobased mass
of a biobased ground-level home, the long flax fibre price, the ramp-up cap of nascent product
lines and the carbon price), this script finds by bisection the value at which a conclusion of
the base run changes, each input moved alone from its base value.  The carbon price is first
scanned with the in-place sweep (:func:`nabb.sweep.run.run_sweep`, model built once), then the
bracket is refined by full solves.

Usage:  .venv/bin/python data/drivers.py [WORKBOOK] [--json data/drivers.json]

The figures are pinned in tests/test_drivers.py (which re-solves just below and just above each
threshold) and quoted in data/README.md ("What drives the answer").  Rerun this script after a
change to the data or the model and update both.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from nabb import pipeline  # noqa: E402
from nabb.errors import Issue  # noqa: E402
from nabb.inputs import Inputs  # noqa: E402
from nabb.io.reader import read_workbook  # noqa: E402
from nabb.io.addressing import rows_matching  # noqa: E402

YEAR = 2030
#: Recipes whose insulation or walls come from Dutch crops.
CROP_RECIPES = ("hsb_hempwool_ground", "hsb_flax_ground", "hsb_miscanthus_ground", "strawpanel_ground",
                "hempcrete_clt_ground", "clt_hempwool_apartment", "clt_flax_apartment")
WOOD_FIBRE_NEW_BUILD = ("hsb_woodfibre_ground", "clt_woodfibre_apartment")
#: Biobased ground-level recipes at the central 50 t of non-biobased mass (mineral wool: 51 t).
GROUND_BIO = {"hsb_mineralwool_ground": 1.0, "hsb_woodfibre_ground": 0.0, "hsb_hempwool_ground": 0.0,
              "hsb_flax_ground": 0.0, "hsb_miscanthus_ground": 0.0, "strawpanel_ground": 0.0,
              "hempcrete_clt_ground": 0.0}
APARTMENT_BIO = {"clt_mineralwool_apartment": 0.6, "clt_woodfibre_apartment": 0.0,
                 "clt_hempwool_apartment": 0.0, "clt_flax_apartment": 0.0}
NASCENT = ("straw_panel_production", "hempcrete_production", "miscanthus_blowin_production")


# ----------------------------------------------------------------------------- changes

def set_cells(inputs: Inputs, sheet: str, column: str, flt: str, value: float) -> Inputs:
    """A copy of ``inputs`` with the addressed cells set to ``value``."""
    out = inputs.copy()
    frame = out.tables[sheet]
    mask = rows_matching(frame, flt, Issue("", sheet, "", "filter", "", ""))
    if not mask.any():
        raise ValueError(f"{sheet}: filter {flt!r} matches no row")
    frame.loc[mask, column] = float(value)
    return out


def wood_fibre_price(inputs: Inputs, v: float) -> Inputs:
    return set_cells(inputs, "imports", "price_eur_per_t", "commodity=wood_fibre_insulation", v)


def nonbio_mass(inputs: Inputs, v: float) -> Inputs:
    """Non-biobased mass of every biobased ground-level home set to ``v`` t (mineral wool route
    +1 t), and that of every biobased apartment scaled alike (23 t x v / 50)."""
    out = inputs
    for recipe, extra in GROUND_BIO.items():
        out = set_cells(out, "recipes", "other_mass_t_per_unit", f"recipe={recipe}", v + extra)
    for recipe, extra in APARTMENT_BIO.items():
        out = set_cells(out, "recipes", "other_mass_t_per_unit", f"recipe={recipe}", 23.0 * v / 50.0 + extra)
    return out


def flax_price(inputs: Inputs, v: float) -> Inputs:
    return set_cells(inputs, "commodities", "market_value_eur_per_t", "commodity=flax_long_fibre", v)


def rampup_cap(inputs: Inputs, v: float) -> Inputs:
    """National new capacity per year (absolute part) of each nascent product line."""
    out = inputs
    for p in NASCENT:
        out = set_cells(out, "processes", "national_growth_t_per_yr", f"process={p}", v)
    return out


def carbon_price(inputs: Inputs, v: float) -> Inputs:
    return set_cells(inputs, "policy", "carbon_price_eur_per_t", "*", v)


# ----------------------------------------------------------------------------- outcomes

def outcome(inputs: Inputs) -> dict[str, float]:
    """The 2030 figures the conclusions are about."""
    res = pipeline.solve_inputs(inputs).results
    if res.status != "optimal":
        raise RuntimeError(f"solver status {res.status}")
    k = res.kpis.set_index("year").loc[YEAR]
    dem = res.frames["demand"].query("year == @YEAR and segment == 'new_build'")
    by_recipe = dem.groupby("recipe").units.sum()
    return {
        "crop_homes": float(by_recipe.reindex(CROP_RECIPES).fillna(0).sum()),
        "wood_fibre_homes": float(by_recipe.reindex(WOOD_FIBRE_NEW_BUILD).fillna(0).sum()),
        "biobased_homes": float(k["biobased_homes"]),
        "shortfall_homes": float(k["shortfall_homes"]),
        "hemp_ha": float(k["area_ha.hemp"]),
        "flax_ha": float(k["area_ha.flax"]),
        "miscanthus_ha": float(k["area_ha.miscanthus"]),
        "fibre_crop_area_ha": float(k["fibre_crop_area_ha"]),
        "marginal_cost_eur_per_home": float(k["marginal_cost_target_eur_per_home"]),
    }


@dataclass
class Driver:
    key: str
    label: str
    unit: str
    base: float
    change: Callable[[Inputs, float], Inputs]
    conclusion: str            # the base conclusion, in words
    holds: Callable[[dict], bool]  # True while the base conclusion holds
    flipped: str               # what happens past the threshold
    lo: float                  # search interval: the conclusion holds at base and flips at one end
    hi: float
    tol: float


def drivers(base_out: dict[str, float]) -> list[Driver]:
    crop0 = base_out["crop_homes"]
    fibre0 = base_out["fibre_crop_area_ha"]
    return [
        Driver("wood_fibre_price", "Wood-fibre insulation import price", "EUR/t", 1100.0, wood_fibre_price,
               "no wood fibre in new-build homes", lambda o: o["wood_fibre_homes"] < 1.0,
               "wood-fibre insulation enters new-build homes", 0.0, 1100.0, 5.0),
        Driver("wood_fibre_price_crops", "Wood-fibre insulation import price", "EUR/t", 1100.0, wood_fibre_price,
               "at least half of the 2030 biobased homes use Dutch-crop insulation",
               lambda o: o["crop_homes"] >= 0.5 * crop0,
               "Dutch-crop homes fall below half of base", 0.0, 1100.0, 5.0),
        Driver("nonbio_mass", "Non-biobased mass of a biobased ground-level home (apartments scaled alike)",
               "t", 50.0, nonbio_mass,
               "at least half of the 2030 biobased homes use Dutch-crop insulation",
               lambda o: o["crop_homes"] >= 0.5 * crop0,
               "Dutch-crop homes fall below half of base (crop routes miss 30%)", 50.0, 65.0, 0.1),
        Driver("flax_price", "Long flax fibre price (linen market)", "EUR/t", 3500.0, flax_price,
               "flax is grown for linen beyond the contracts (> 1,000 ha in 2030)",
               lambda o: o["flax_ha"] > 1000.0,
               "flax falls to <= 1,000 ha in 2030", 0.0, 3500.0, 10.0),
        Driver("rampup_cap", "National ramp-up of nascent product lines (straw panels, hempcrete, miscanthus "
               "blow-in), absolute part", "t/yr of new capacity", 3000.0, rampup_cap,
               "hemp is grown for building (> 4,000 ha in 2030)", lambda o: o["hemp_ha"] > 4000.0,
               "hemp falls to <= 4,000 ha in 2030", 3000.0, 30000.0, 50.0),
        Driver("carbon_price", "Carbon credit price", "EUR/t CO2", 80.0, carbon_price,
               "fibre-crop area within 1% of base", lambda o: abs(o["fibre_crop_area_ha"] - fibre0) <= 0.01 * fibre0,
               "fibre-crop area moves by more than 1%", 80.0, 1000.0, 1.0),
    ]


def first_flip(inputs: Inputs, d: Driver, log: Callable[[str], None],
               grid: list[float] | None = None, grid_outcomes: list[dict] | None = None) -> dict:
    """The value nearest to base, moving towards the far end of the search interval, at which
    ``d.holds`` turns False.  A coarse grid (8 steps, or the given one with its outcomes) finds
    the first bracket, so a conclusion that flips and flips back is caught at its first flip;
    bisection then narrows the bracket to ``d.tol``."""
    if not d.holds(outcome(d.change(inputs, d.base))):
        raise RuntimeError(f"{d.key}: the conclusion does not hold at the base value {d.base}")
    far = d.lo if abs(d.lo - d.base) > abs(d.hi - d.base) else d.hi
    if grid is None:
        grid = [d.base + (far - d.base) * i / 8 for i in range(1, 9)]
        grid_outcomes = [outcome(d.change(inputs, v)) for v in grid]
    inside = d.base
    outside = None
    for v, o in zip(grid, grid_outcomes):
        if not d.holds(o):
            outside = v
            break
        inside = v
    if outside is None:
        log(f"{d.key}: holds over the whole range up to {far:g} {d.unit}")
        return {"threshold": None, "holds_up_to": far, "beyond": grid_outcomes[-1]}
    while abs(outside - inside) > d.tol:
        mid = 0.5 * (inside + outside)
        if d.holds(outcome(d.change(inputs, mid))):
            inside = mid
        else:
            outside = mid
    log(f"{d.key}: flips between {inside:.4g} and {outside:.4g} {d.unit}")
    return {"threshold": 0.5 * (inside + outside), "holds_at": inside, "flips_at": outside,
            "before": outcome(d.change(inputs, inside)), "after": outcome(d.change(inputs, outside))}


def carbon_scan(inputs: Inputs) -> pd.DataFrame:
    """2030 KPIs over carbon prices 0-1,000 EUR/t with the in-place sweep (model built once)."""
    from nabb.sweep.levers import resolve_lever
    from nabb.sweep.run import run_sweep
    result = run_sweep(inputs, [resolve_lever("carbon_price")], [[float(v) for v in range(0, 1001, 50)]],
                       year=YEAR)
    return result.frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", nargs="?", default=str(pipeline.DEFAULT_WORKBOOK))
    parser.add_argument("--json", type=Path, default=None, help="write the thresholds here")
    parser.add_argument("--only", action="append", default=[], help="driver key (repeatable)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    inputs = read_workbook(args.workbook)
    base_out = outcome(inputs)
    print("base 2030:", {k: round(v, 1) for k, v in base_out.items()})
    found = {}
    for d in drivers(base_out):
        if args.only and d.key not in args.only:
            continue
        grid = outcomes = None
        if d.key == "carbon_price":
            # coarse bracket from the in-place sweep (model built once), then full solves
            scan = carbon_scan(inputs)
            cols = ["carbon_price_eur_per_t", "fibre_crop_area_ha", "area_ha.hemp", "area_ha.flax",
                    "area_ha.miscanthus", "marginal_cost_target_eur_per_home"]
            print(scan[[c for c in cols if c in scan.columns]].round(0).to_string(index=False))
            found["carbon_scan"] = scan[[c for c in cols if c in scan.columns]].to_dict(orient="list")
            rows = scan[scan.carbon_price_eur_per_t > d.base]
            grid = rows.carbon_price_eur_per_t.tolist()
            outcomes = [{"fibre_crop_area_ha": a} for a in rows.fibre_crop_area_ha]
        r = first_flip(inputs, d, print, grid, outcomes)
        found[d.key] = {**{k: v for k, v in asdict(d).items() if k not in ("change", "holds")}, **r}
    print("\n| Input | Base | Conclusion at base | Flips at | What happens |")
    print("|---|---|---|---|---|")
    for key, r in found.items():
        if key == "carbon_scan":
            continue
        thr = "not within the range searched" if r["threshold"] is None else f"{r['threshold']:,.4g} {r['unit']}"
        print(f"| {r['label']} | {r['base']:,.4g} {r['unit']} | {r['conclusion']} | {thr} | {r['flipped']} |")
    if args.json:
        args.json.write_text(json.dumps(found, indent=1, default=float) + "\n", encoding="utf-8")
    print(f"\n{time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
