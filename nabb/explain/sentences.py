"""Words for explanations: input cells (sheet, column, Excel cell), names, amounts, years.

:class:`InputRef` points at one input cell; :func:`find_ref` finds it in the workbook's
tables (the reader's row numbers, or the template layout for inputs built in memory).
The rest turns codes, amounts and year lists into the words the reports use.  The tables of
constraint families (chain link, step, unit) and the sentences per family live here too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, TYPE_CHECKING

import pandas as pd
from openpyxl.utils import get_column_letter

from nabb.inputs import Inputs
from nabb.model.data import K, ModelData
from nabb.model.policy import crop_products
from nabb.schema import FIRST_DATA_ROW, SHEET_BY_NAME

if TYPE_CHECKING:  # pragma: no cover
    from nabb.run import Run

#: families whose rows are limits a user can relax, and the chain link each belongs to.
LINKS = {
    "land_area_max": "land",
    "rotation_area_max": "rotation",
    "area_growth_max": "growth",
    "contracted_area_min": "contract",
    "processing_capacity_max": "processing capacity",
    "investment_max": "processing investment",
    "arc_capacity_max": "transport arc",
    "import_max": "import cap",
    "domestic_share_min": "domestic-share rule",
    "national_capacity_growth_max": "national ramp-up",
    "build_system_growth_max": "construction-system growth",
    "build_system_capacity_max": "construction-system capacity",
    "biobased_target": "target",
    "regional_biobased_target": "target",
}
#: (step in user units, user unit, internal units per user unit)
STEPS = {
    "land_area_max": (100.0, "ha", 1 / K),
    "rotation_area_max": (100.0, "ha", 1 / K),
    "area_growth_max": (100.0, "ha", 1 / K),
    "contracted_area_min": (100.0, "ha", 1 / K),
    "processing_capacity_max": (1000.0, "t/yr", 1 / K),
    "investment_max": (1000.0, "t/yr", 1 / K),
    "arc_capacity_max": (1000.0, "t/yr", 1 / K),
    "import_max": (1000.0, "t/yr", 1 / K),
    "domestic_share_min": (1.0, "percentage point", 0.01),
    "national_capacity_growth_max": (1000.0, "t/yr", 1 / K),
    "build_system_growth_max": (100.0, "units/yr", 1 / K),
    "build_system_capacity_max": (100.0, "units/yr", 1 / K),
    "biobased_target": (100.0, "homes", 1 / K),
    "regional_biobased_target": (100.0, "homes", 1 / K),
}
HARD_RULES = ("biobased_target", "regional_biobased_target", "domestic_share_min",
              "contracted_area_min", "loan_utilisation_min", "demand_met")
LIMITS = ("land_area_max", "rotation_area_max", "area_growth_max", "processing_capacity_max",
          "investment_max", "arc_capacity_max", "import_max")


# ----------------------------------------------------------------------------- input cells
@dataclass(frozen=True)
class InputRef:
    """One input cell: sheet, column, Excel cell and the row's key, with its value."""
    sheet: str
    column: str
    key: str
    cell: str = ""
    value: Any = None
    index: int | None = None   # frame index (None for settings)

    @property
    def where(self) -> str:
        if self.sheet == "settings":
            return f"settings!{self.column}"
        cell = f"!{self.cell}" if self.cell else ""
        return f"{self.sheet}{cell} ({self.column}, {self.key})"


def _cell(inputs: Inputs, sheet: str, idx: int, column: str) -> str:
    spec = SHEET_BY_NAME[sheet]
    j = spec.column_names.index(column) + 1
    row = inputs.rows.get(sheet, {}).get(idx)
    if row is None:  # in-memory inputs: the template layout (data from row 3, schema order)
        row = idx + FIRST_DATA_ROW
    return f"{get_column_letter(j)}{row}"


def find_ref(inputs: Inputs, sheet: str, column: str, **match: Any) -> InputRef | None:
    """The cell of ``column`` in the first row of ``sheet`` whose columns equal ``match``."""
    frame = inputs.tables.get(sheet)
    if frame is None or not len(frame):
        return None
    mask = pd.Series(True, index=frame.index)
    for k, v in match.items():
        col = frame[k]
        if k == "year":
            mask &= pd.to_numeric(col, errors="coerce") == v
        else:
            mask &= col.astype(str) == str(v)
    hits = frame.index[mask]
    if not len(hits):
        return None
    i = int(hits[0])
    key = ", ".join(f"{k}={v}" for k, v in match.items())
    return InputRef(sheet, column, key, _cell(inputs, sheet, i, column), frame.at[i, column], i)


def setting_ref(inputs: Inputs, key: str) -> InputRef:
    return InputRef("settings", key, key, "", inputs.settings.get(key), None)


# ----------------------------------------------------------------------------- names
SEGMENT_UNITS = {"new_build": "new-build homes", "retrofit": "retrofit units",
                 "non_residential": "non-residential units"}


def nice(code: str) -> str:
    return SEGMENT_UNITS.get(str(code), str(code).replace("_", " "))


def region_names(inputs: Inputs) -> dict[str, str]:
    reg = inputs.tables["regions"]
    return dict(zip(reg["region"].astype(str), reg["name"].astype(str)))


def years_label(years: Iterable[int]) -> str:
    ys = sorted(set(int(y) for y in years))
    if not ys:
        return ""
    return str(ys[0]) if len(ys) == 1 else f"{ys[0]}\u2013{ys[-1]}"


def eur(v: float) -> str:
    """EUR amount in plain words: EUR 950, EUR 12.3 k, EUR 4.56 M."""
    a = abs(v)
    sign = "-" if v < 0 else ""
    if a >= 1e6:
        return f"{sign}\u20ac{a / 1e6:,.2f} M"
    if a >= 1e4:
        return f"{sign}\u20ac{a / 1e3:,.1f} k"
    return f"{sign}\u20ac{a:,.0f}"


def tonnes(t: float) -> str:
    return f"{t / 1e3:,.1f} kt" if abs(t) >= 1e4 else f"{t:,.0f} t"


def consecutive_runs(years: list[int], all_years: list[int]) -> list[list[int]]:
    """Split years into runs of consecutive model years."""
    pos = {y: i for i, y in enumerate(all_years)}
    out: list[list[int]] = []
    for y in sorted(years):
        if out and pos[y] == pos[out[-1][-1]] + 1:
            out[-1].append(y)
        else:
            out.append([y])
    return out


def whole(v: float) -> str:
    """EUR amount without a "-0" for a price that is zero up to solver noise."""
    return f"{(0.0 if abs(v) < 0.5 else v):,.0f}"


def describe(run_: "Run", fam: str, idx: tuple, t_rows: dict[int, int]) -> tuple[str, str, list[InputRef], list[int], list[float]]:
    """(what, limit, input refs, rows, slopes) for a family index (year removed)."""
    cp, inputs = run_.compiled, run_.inputs
    d: ModelData = cp.model.data
    names = region_names(inputs)
    rn = lambda r: names.get(str(r), str(r))  # noqa: E731
    rows = list(t_rows.values())
    what, limit, refs = fam, "", []
    slopes = [STEPS.get(fam, (1, "", 1 / K))[2]] * len(rows)
    t_last = max(t_rows)
    if fam == "land_area_max":
        (r,) = idx
        what = f"Arable land for fibre crops in {rn(r)}"
        limit = f"{d.arable_kha[r] * K:,.0f} ha"
        refs = [find_ref(inputs, "regions", "arable_land_ha", region=r)]
    elif fam == "rotation_area_max":
        r, c = idx
        what = f"The rotation limit for {nice(c)} in {rn(r)}"
        cap = d.area_cap_kha[(r, c)] * K
        ref_area = find_ref(inputs, "cultivation", "max_area_ha", region=r, crop=c)
        share = float(inputs.tables["crops"].set_index("crop").at[c, "rotation_max_share"])
        if ref_area is not None and ref_area.value is not None and not pd.isna(ref_area.value) \
                and abs(float(ref_area.value) - cap) < 1e-6:
            limit = f"at most {cap:,.0f} ha by contract or soil"
            refs = [ref_area]
        else:
            limit = f"at most {share:.0%} of the land, {cap:,.0f} ha"
            col = "cereal_area_ha" if d.land_use[c] == "cereal_byproduct" else "arable_land_ha"
            refs = [find_ref(inputs, "crops", "rotation_max_share", crop=c),
                    find_ref(inputs, "regions", col, region=r)]
    elif fam == "area_growth_max":
        r, c = idx
        what = f"The growth limit of {nice(c)} area in {rn(r)}"
        g = d.growth_rate[c]
        limit = f"+{d.growth_kha[c] * K:,.0f} ha/yr" + (f" and +{g:.0%}/yr" if g else "")
        refs = [find_ref(inputs, "crops", "max_growth_ha_per_year", crop=c),
                find_ref(inputs, "crops", "max_growth_rate", crop=c)]
        slopes = [d.gap[t] / K for t in t_rows]
    elif fam == "contracted_area_min":
        r, c = idx
        what = f"Contracted {nice(c)} area in {rn(r)}"
        limit = f"{d.contracted_kha.get((r, c, t_last), 0.0) * K:,.0f} ha in {t_last}"
        refs = [find_ref(inputs, "contracted_area", "area_ha", region=r, crop=c, year=t)
                for t in t_rows]
    elif fam == "processing_capacity_max":
        r, p = idx
        what = f"{nice(p).capitalize()} capacity in {rn(r)}"
        proc = run_.results.frames.get("processing")
        cap = new = 0.0
        if proc is not None and len(proc):
            sel = proc[(proc.region == r) & (proc.process == p) & (proc.year == t_last)]
            cap = float(sel["usable_capacity_t_per_yr"].sum())
            new = float(sel["new_capacity_t_per_yr"].sum())
        limit = f"{cap:,.0f} t/yr usable in {t_last}"
        if new > 1e-6:
            limit += (", all built new by the model: the value is the investment it saves"
                      if new >= float(sel["capacity_t_per_yr"].sum()) - 1e-6 else
                      f", of which {new * d.availability[p]:,.0f} t/yr built new")
        cap_tab = inputs.tables["capacity"]
        plants = cap_tab[(cap_tab.region.astype(str) == str(r)) & (cap_tab.process.astype(str) == str(p))]
        refs = [find_ref(inputs, "capacity", "capacity_t_per_yr", plant=pl) for pl in plants["plant"]]
        refs.append(find_ref(inputs, "processes", "availability", process=p))
        slopes = [d.availability[p] / K] * len(rows)   # per t/yr of nameplate capacity
    elif fam == "investment_max":
        r, p = idx
        what = f"The largest new {nice(p)} capacity per year in {rn(r)}"
        limit = f"{(d.max_investment_kt[p] or 0) * K:,.0f} t/yr of new capacity per year"
        refs = [find_ref(inputs, "processes", "max_investment_t_per_yr", process=p)]
    elif fam == "arc_capacity_max":
        i, j, k = idx
        what = f"The transport link {rn(i)} \u2192 {rn(j)} for {nice(k)}"
        limit = f"{(d.arc_capacity_kt or 0) * K:,.0f} t/yr"
        refs = [setting_ref(inputs, "transport_arc_capacity_t")]
    elif fam == "import_max":
        k, r = idx
        what = f"The import cap of {nice(k)} at {rn(r)}"
        limit = f"{(d.import_cap_kt[(k, r)] or 0) * K:,.0f} t/yr"
        refs = [find_ref(inputs, "imports", "max_t_per_yr", commodity=k, region=r)]
    elif fam == "national_capacity_growth_max":
        (p,) = idx
        what = f"The national ramp-up of {nice(p)} capacity"
        g = d.national_growth_rate[p]
        limit = (f"+{(d.national_growth_kt[p] or 0) * K:,.0f} t/yr of new capacity a year in the whole country"
                 + (f", plus {g:.0%} of last year's capacity" if g else ""))
        refs = [find_ref(inputs, "processes", "national_growth_t_per_yr", process=p),
                find_ref(inputs, "processes", "national_growth_rate", process=p)]
        slopes = [d.gap[t] / K for t in t_rows]
    elif fam == "build_system_growth_max":
        (g_,) = idx
        sysd = d.build_systems[g_]
        what = f"The growth limit of {nice(g_)} construction (prefab factories)"
        limit = (f"+{sysd['growth'] * K:,.0f} units a year" + (f" and +{sysd['rate']:.0%}/yr" if sysd["rate"] else "")
                 + f" from {sysd['base'] * K:,.0f} units before the horizon")
        refs = [find_ref(inputs, "build_systems", "max_growth_units_per_year", system=g_),
                find_ref(inputs, "build_systems", "max_growth_rate", system=g_),
                find_ref(inputs, "build_systems", "base_units_per_year", system=g_)]
        slopes = [d.gap[t] / K for t in t_rows]
    elif fam == "build_system_capacity_max":
        (g_,) = idx
        what = f"The factory capacity for {nice(g_)} construction"
        limit = f"{(d.build_systems[g_]['cap'] or 0) * K:,.0f} units a year"
        refs = [find_ref(inputs, "build_systems", "max_units_per_year", system=g_)]
    elif fam == "domestic_share_min":
        cps = crop_products(d)
        what = "The minimum domestic share of crop-based products"
        limit = f"{d.min_domestic_share[t_last]:.0%} in {t_last}"
        refs = [find_ref(inputs, "policy", "min_domestic_share", year=t) for t in t_rows]
        bal = run_.results.frames.get("balance")
        slopes = []
        for t in t_rows:
            deliv = 0.0
            if bal is not None and len(bal):
                b = bal[bal.year == t]
                deliv = float(sum(d.biobased_share[k] * v for k, v in zip(b.commodity, b.delivered_t)
                                  if k in cps)) / K
            slopes.append(0.01 * deliv)   # rhs change per percentage point, in kt
    elif fam in ("biobased_target", "regional_biobased_target"):
        s = idx[0]
        r = idx[1] if fam == "regional_biobased_target" else "*"
        where = "national" if r == "*" else rn(r)
        what = f"The {where} biobased target for {nice(s)}"
        share = (d.national_targets.get((s, t_last)) if r == "*"
                 else d.regional_targets.get((s, r, t_last)))
        limit = f"{share:.0%} in {t_last}"
        refs = [find_ref(inputs, "targets", "target_share", segment=s, region=r, year=t) for t in t_rows]
    return what, limit, [x for x in refs if x is not None], rows, slopes


def rule_text(run_: "Run", fam: str, idx: tuple) -> tuple[str, list[InputRef]]:
    """A constraint row in words, with the input cells behind it."""
    inputs = run_.inputs
    d: ModelData = run_.compiled.model.data
    names = region_names(inputs)
    rn = lambda r: names.get(str(r), str(r))  # noqa: E731
    t = idx[-1] if idx else None
    if fam in LINKS and fam not in ("biobased_target", "regional_biobased_target",
                                    "domestic_share_min", "contracted_area_min"):
        what, limit, refs, _, _ = describe(run_, fam, idx[:-1], {t: 0})
        return f"{what} ({limit}) in {t}", refs
    if fam == "biobased_target":
        s, t = idx
        return (f"the national {nice(s)} target of {d.national_targets[(s, t)]:.0%} biobased in {t}",
                [x for x in [find_ref(inputs, "targets", "target_share", segment=s, region="*", year=t)] if x])
    if fam == "regional_biobased_target":
        s, r, t = idx
        return (f"the {nice(s)} target of {d.regional_targets[(s, r, t)]:.0%} biobased in {rn(r)} "
                f"in {t}", [x for x in [find_ref(inputs, "targets", "target_share", segment=s,
                                                  region=r, year=t)] if x])
    if fam == "domestic_share_min":
        (t,) = idx
        return (f"the minimum domestic share of {d.min_domestic_share[t]:.0%} in {t}",
                [x for x in [find_ref(inputs, "policy", "min_domestic_share", year=t)] if x])
    if fam == "contracted_area_min":
        r, c, t = idx
        return (f"the contracted {nice(c)} area of {d.contracted_kha[(r, c, t)] * K:,.0f} ha in "
                f"{rn(r)} in {t}", [x for x in [find_ref(inputs, "contracted_area", "area_ha",
                                                          region=r, crop=c, year=t)] if x])
    if fam == "loan_utilisation_min":
        r, p, t = idx
        return (f"the minimum use of loan-financed {nice(p)} capacity in {rn(r)} in {t}",
                [setting_ref(inputs, "loan_min_utilisation")])
    if fam == "demand_met":
        r, t, s, b = idx
        return (f"building all {d.demand_k[(r, t, s, b)] * K:,.0f} {nice(b)} units in {rn(r)} in {t}",
                [x for x in [find_ref(inputs, "demand", "units", region=r, year=t, segment=s,
                                      building_type=b)] if x])
    if fam == "commodity_balance":
        r, k, t = idx
        return f"the balance of {nice(k)} in {rn(r)} in {t}", []
    if fam == "perennial_area_persists":
        r, c, t = idx
        return f"planted {nice(c)} staying in the ground in {rn(r)} in {t}", [
            x for x in [find_ref(inputs, "crops", "perennial", crop=c)] if x]
    return f"{fam}[{','.join(map(str, idx))}]", []


def amount(fam: str, v: float) -> str:
    unit = STEPS.get(fam, (1, "", 1 / K))[1]
    if fam in ("biobased_target", "regional_biobased_target", "demand_met"):
        return f"{abs(v) * K:,.0f} homes"
    if unit == "ha":
        return f"{abs(v) * K:,.0f} ha"
    return tonnes(abs(v) * K)

