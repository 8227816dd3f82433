"""Explain the balance in words a policy officer uses: knelpunten, tekort, and why.

Four parts, each usable on its own:

* :func:`presolve_checks` -- plainly impossible inputs, found by arithmetic on the inputs
  before any solve ("the 2030 target needs at least 41 kt of hemp wool, but all regions
  together can make at most 28 kt under the land, rotation and growth limits").
* :func:`bottlenecks` -- the binding constraints ("knelpunten") ranked by what relaxing
  them is worth, from the duals of the solved LP, with consecutive years merged.  The top
  entries are checked by a re-solve (a copy of the LP with that limit raised by one step).
* :func:`diagnose_shortfall` -- when a target has a shortfall (tekort): the chain link that
  runs out first, and the smallest change to that one input (sheet and cell) that closes
  the gap, found by bisection over re-solves.
* :func:`diagnose_infeasible` -- for hard-constrained models (setting ``hard_targets``, a
  minimum domestic share) that are infeasible: an elastic re-solve whose non-zero slacks
  name the rules and input cells in conflict, then the HiGHS IIS (highspy >= 1.13 API).

Units: the LP is scaled (kha, kt, thousand homes, M EUR; see :mod:`nabb.model.data`), so a
dual in M EUR per internal unit is 1,000 EUR per ha, per t or per home.  Duals are values
of the discounted objective: "lowers the system cost by" means the total discounted cost.
Bottleneck and shortfall re-solves reuse the run's own HiGHS object (:class:`InPlace`):
they change row bounds in place, hot-start dual simplex from the optimal basis, and put
bounds, basis, options and the optimal solution back afterwards.  The elastic and IIS
diagnoses add columns, so they work on a copy.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, TYPE_CHECKING

import highspy
import numpy as np
import pandas as pd

from nabb.inputs import Inputs
from nabb.model.data import K, ModelData
from nabb.schema import FIRST_DATA_ROW, SHEET_BY_NAME

if TYPE_CHECKING:  # pragma: no cover
    from nabb.run import Run
    from nabb.solve import Compiled

INF = highspy.kHighsInf
DUAL_TOL = 1e-7          # M EUR per internal unit: 1e-4 EUR per ha/t/home
SLACK_TOL = 1e-6
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
    from openpyxl.utils import get_column_letter
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


def _nice(code: str) -> str:
    return SEGMENT_UNITS.get(str(code), str(code).replace("_", " "))


def _names(inputs: Inputs) -> dict[str, str]:
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


def _runs(years: list[int], all_years: list[int]) -> list[list[int]]:
    """Split years into runs of consecutive model years."""
    pos = {y: i for i, y in enumerate(all_years)}
    out: list[list[int]] = []
    for y in sorted(years):
        if out and pos[y] == pos[out[-1][-1]] + 1:
            out[-1].append(y)
        else:
            out.append([y])
    return out


# ----------------------------------------------------------------------------- LP helpers
def family_rows(cp: "Compiled") -> dict[str, list[tuple[tuple, int]]]:
    """Constraint family -> [(index tuple, LP row)] for every compiled row."""
    cached = getattr(cp, "_family_rows", None)
    if cached is not None:
        return cached
    out: dict[str, list[tuple[tuple, int]]] = {}
    for i, (con, _) in enumerate(cp.rows):
        comp = con.parent_component()
        idx = con.index()
        idx = idx if isinstance(idx, tuple) else (idx,)
        if cp.row_of.get(id(con)) == i:
            out.setdefault(comp.name, []).append((idx, i))
    cp._family_rows = out  # type: ignore[attr-defined]
    return out


def row_name(cp: "Compiled", i: int) -> tuple[str, tuple]:
    con = cp.rows[i][0]
    idx = con.index()
    return con.parent_component().name, (idx if isinstance(idx, tuple) else (idx,))


def _cols(cp: "Compiled", var) -> list[tuple[tuple, int]]:
    out = []
    for k in var:
        j = cp.col_of.get(id(var[k]))
        if j is not None:
            out.append((k if isinstance(k, tuple) else (k,), j))
    return out


def clone_highs(cp: "Compiled", warm: bool = True) -> highspy.Highs:
    """A silent copy of the run's LP (same rows and columns), optionally warm-started."""
    from nabb.solve import new_highs
    h = new_highs()
    h.passModel(cp.highs.getLp())
    h.setOptionValue("threads", 1)
    if warm:
        try:
            basis = cp.highs.getBasis()
            if basis.valid:
                h.setBasis(basis)
                h.setOptionValue("solver", "simplex")
                h.setOptionValue("presolve", "off")
        except Exception:  # noqa: BLE001 - no basis: cold start
            pass
    return h


class InPlace:
    """Re-solves on the run's own HiGHS object, restored afterwards (no copy, no rebuild).

    ``with InPlace(cp) as ip: ip.set_row(i, lo, up); ip.solve()`` changes row bounds in
    place and re-solves with dual simplex hot-started from the current basis (presolve off,
    so the basis is kept).  On exit every changed row gets its compiled bounds back, the
    optimal basis and the options are restored, and one more run from that basis (0
    iterations) makes the object hold the run's optimal solution again, as before.
    """

    KEEP = ("solver", "presolve", "time_limit")

    def __init__(self, cp: "Compiled") -> None:
        self.cp = cp
        self.h = cp.highs
        self.changed: set[int] = set()

    def __enter__(self) -> "InPlace":
        h = self.h
        self.options = {}
        for k in self.KEEP:
            v = h.getOptionValue(k)
            self.options[k] = v[1] if isinstance(v, tuple) else v   # highspy 1.16: (status, value)
        basis = h.getBasis()
        self.basis = basis if basis.valid else None
        self.objective = float(h.getInfo().objective_function_value)
        self.optimal = _status(h) == "Optimal"
        if self.basis is not None:
            h.setOptionValue("solver", "simplex")
            h.setOptionValue("presolve", "off")
        return self

    def reset(self) -> None:
        """Start the next re-solve from the run's optimal basis (fewer pivots than from the last)."""
        if self.basis is not None:
            self.h.setBasis(self.basis)

    def set_row(self, i: int, lo: float, up: float) -> None:
        self.changed.add(int(i))
        self.h.changeRowBounds(int(i), float(lo), float(up))

    def solve(self) -> tuple[str, np.ndarray | None, np.ndarray | None, float]:
        return _solve(self.h)

    def __exit__(self, *exc: object) -> None:
        h, cp = self.h, self.cp
        if self.changed:
            rows = np.array(sorted(self.changed), dtype=np.int32)
            h.changeRowsBounds(len(rows), rows, cp.row_lower[rows], cp.row_upper[rows])
        if self.basis is not None:
            h.setBasis(self.basis)
        if self.optimal and self.changed:
            h.run()   # from the optimal basis: 0 iterations, the run's solution is back
        for k, v in self.options.items():
            h.setOptionValue(k, v)


def _status(h: highspy.Highs) -> str:
    return h.modelStatusToString(h.getModelStatus())


def _solve(h: highspy.Highs) -> tuple[str, np.ndarray | None, np.ndarray | None, float]:
    h.run()
    st = _status(h)
    if st != "Optimal":
        return st, None, None, math.nan
    sol = h.getSolution()
    return (st, np.asarray(sol.col_value, float), np.asarray(sol.row_dual, float),
            float(h.getInfo().objective_function_value))


@dataclass
class _Probe:
    """Read the quantities explanations need from any primal vector of the run's LP."""
    cp: "Compiled"
    bio_cols: np.ndarray = field(init=False)
    shortfall_cols: list[tuple[tuple, int]] = field(init=False)

    def __post_init__(self) -> None:
        m, d = self.cp.model, self.cp.model.data
        self.bio_cols = np.array([j for k, j in _cols(self.cp, m.built)
                                  if d.recipe_is_bio[k[4]]], dtype=np.int64)
        self.shortfall_cols = ([(("*",) + k, j) for k, j in _cols(self.cp, m.shortfall)]
                               + [(k, j) for k, j in _cols(self.cp, m.regional_shortfall)])

    def bio_homes(self, x: np.ndarray) -> float:
        return float(x[self.bio_cols].sum() * K) if self.bio_cols.size else 0.0

    def shortfall_homes(self, x: np.ndarray) -> float:
        return float(sum(x[j] for _, j in self.shortfall_cols) * K)


# ----------------------------------------------------------------------------- pre-solve
@dataclass
class Finding:
    kind: str            # check | infeasible | iis | elastic
    link: str
    message: str
    refs: list[InputRef] = field(default_factory=list)
    severity: str = "error"
    amount: float = math.nan

    def row(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity, "link": self.link,
                "message": self.message, "inputs": "; ".join(r.where for r in self.refs)}


def _max_area_path(d: ModelData) -> dict[tuple[str, str, int], float]:
    """Largest area (kha) each (region, crop) can reach per year under growth and caps."""
    out = {}
    for (r, c) in d.cult_pairs:
        prev = d.existing_kha[(r, c)]
        for t in d.years:
            g = d.gap[t]
            a = min(d.area_cap_kha[(r, c)], (1 + d.growth_rate[c] * g) * prev + d.growth_kha[c] * g)
            a = max(a, d.existing_kha[(r, c)] if d.perennial[c] else 0.0)
            out[(r, c, t)] = a
            prev = a
    return out


def supply_bounds(d: ModelData, t: int) -> dict[str, float]:
    """Upper bound (kt) on each commodity available in year t from all regions together.

    Harvest is bounded by rotation, land caps and the growth path; each process's output by
    min over its inputs of (bound of input / input per tonne of activity) and, when new
    capacity per year is capped, by the capacity that can exist by year t; imports by their
    caps (unlimited imports make the bound infinite).  Loose but safe: a target above it is
    impossible whatever the solver does.
    """
    area = _max_area_path(d)
    direct: dict[str, float] = {k: 0.0 for k in d.commodities}
    for (r, c) in d.cult_pairs:
        k = d.crop_commodity[c]
        if d.perennial[c]:
            lag_years = [y for y in d.years if y <= t - d.establishment_years[c]]
            a = area[(r, c, lag_years[-1])] if lag_years else d.existing_kha[(r, c)]
        else:
            a = area[(r, c, t)]
        direct[k] += d.yield_kt_per_kha[(r, c)] * a
    for (k, r) in d.import_options:
        cap = d.import_cap_kt[(k, r)]
        direct[k] = INF if cap is None or direct[k] >= INF else direct[k] + cap
    n_regions = len(d.land_regions)
    build_years = [y for y in d.years if y <= t]
    proc_cap: dict[str, float] = {}
    for p in d.processes:
        existing = sum(v for (r, pp, y), v in d.existing_cap_kt.items() if pp == p and y == t)
        mi = d.max_investment_kt[p]
        new = INF if mi is None else mi * n_regions * len(build_years)
        proc_cap[p] = INF if new >= INF else (existing + new) * d.availability[p]
    memo: dict[str, float] = {}

    def bound(k: str, visiting: frozenset = frozenset()) -> float:
        if k in memo:
            return memo[k]
        if k in visiting:
            return INF
        total = direct[k]
        for p in d.processes:
            out = d.proc_out[p].get(k, 0.0)
            if out <= 0 or total >= INF:
                continue
            act = proc_cap[p]
            for j, a in d.proc_in[p].items():
                if a > 0:
                    act = min(act, bound(j, visiting | {k}) / a)
            total = INF if act >= INF else total + out * act
        memo[k] = min(total, INF)
        return memo[k]

    return {k: bound(k) for k in d.commodities}


def presolve_checks(inputs: Inputs, d: ModelData | None = None) -> list[Finding]:
    """Plainly impossible inputs, in input terms, before any solve."""
    from nabb.model.data import prepare
    d = d or prepare(inputs)
    out: list[Finding] = []
    threshold = float(inputs.settings["biobased_threshold"])
    targets = inputs.tables["targets"]
    for (s, t), share in sorted(d.national_targets.items(), key=lambda x: (x[0][1], x[0][0])):
        if share <= 0:
            continue
        dem = {}
        for (r, y, ss, b), v in d.demand_k.items():
            if y == t and ss == s:
                dem[b] = dem.get(b, 0.0) + v
        total = sum(dem.values())
        need = share * total
        ref = find_ref(inputs, "targets", "target_share", segment=s, region="*", year=t)
        bio_types = {b: [q for q in d.recipes_for.get((s, b), []) if d.recipe_is_bio[q]] for b in dem}
        reach = sum(v for b, v in dem.items() if bio_types[b])
        if need > reach + 1e-9:
            best = {b: max((d.recipe_bio_share[q] for q in d.recipes_for.get((s, b), [])), default=0.0)
                    for b in dem if not bio_types[b]}
            worst = ", ".join(f"{_nice(b)} (best recipe {v:.0%})" for b, v in best.items())
            out.append(Finding(
                "check", "recipe threshold",
                f"The {t} target asks {share:.0%} of {_nice(s)} ({need * K:,.0f}) to be "
                f"biobased, but only {reach * K:,.0f} have a recipe at or above the "
                f"{threshold:.0%} threshold; no recipe reaches it for {worst}.",
                [r for r in (ref, setting_ref(inputs, "biobased_threshold")) if r],
                amount=(need - reach) * K))
            continue
        bounds = None
        products = sorted({k for qs in bio_types.values() for q in qs for k in d.recipe_materials[q]})
        for k in products:
            per_type = []
            for b, qs in bio_types.items():
                if qs:
                    per_type.append((min(d.recipe_materials[q].get(k, 0.0) for q in qs), dem[b]))
            if not any(a > 0 for a, _ in per_type):
                continue
            per_type.sort()
            left, need_k = need, 0.0
            for a, cap in per_type:
                take = min(left, cap)
                need_k += take * a
                left -= take
            if need_k <= 0:
                continue
            bounds = bounds or supply_bounds(d, t)
            if bounds[k] < INF and need_k > bounds[k] * (1 + 1e-6) + 1e-9:
                out.append(Finding(
                    "check", "land and growth",
                    f"The {t} target ({share:.0%} of {_nice(s)}, {need * K:,.0f} biobased) "
                    f"needs at least {tonnes(need_k * K)} of {_nice(k)}, but all regions together "
                    f"can make at most {tonnes(bounds[k] * K)} in {t} under the given land, "
                    "rotation, growth, investment and import limits.",
                    [r for r in (ref,) if r], amount=(need_k - bounds[k]) * K))
    if bool(inputs.settings.get("hard_targets")):
        for f in out:
            f.message += " With hard_targets = TRUE the model will be infeasible."
    out.extend(co2_checks(inputs, d))
    return out


#: t CO2 in one t of dry biomass at most (about 50% carbon x 44/12), used for an input
#: whose own CO2 figure is not given.
CO2_PER_T_BIOMASS_MAX = 1.83


def co2_checks(inputs: Inputs, d: ModelData) -> list[Finding]:
    """Products that store more biogenic CO2 than their inputs hold (issue 12, defect 5).

    Per process: CO2 out = sum of out t/t x co2_storage_t_per_t; CO2 in = sum of in t/t x
    co2_storage_t_per_t, or for an input without a CO2 figure its biobased share x 1.83
    (the most dry biomass can hold).  A warning: the numbers contradict each other.
    """
    out: list[Finding] = []
    for p in d.processes:
        co2_out = sum(a * d.co2[k] for k, a in d.proc_out[p].items())
        if co2_out <= 0:
            continue
        co2_in = sum(a * (d.co2[k] if d.co2[k] > 0 else d.biobased_share[k] * CO2_PER_T_BIOMASS_MAX)
                     for k, a in d.proc_in[p].items())
        if co2_out > co2_in * (1 + 1e-6) + 1e-9:
            parts = " + ".join(f"{a:g} t {_nice(k)} x {d.co2[k]:g}" for k, a in d.proc_in[p].items()
                               if d.co2[k] > 0)
            outs = [k for k in d.proc_out[p] if d.co2[k] > 0]
            refs = [find_ref(inputs, "commodities", "co2_storage_t_per_t", commodity=k) for k in outs]
            refs += [find_ref(inputs, "process_io", "t_per_t", process=p, commodity=k, direction="in")
                     for k in d.proc_in[p]]
            out.append(Finding(
                "check", "carbon storage",
                f"{_nice(p).capitalize()} makes products that store {co2_out:.4g} t CO2 per t of "
                f"activity ({', '.join(_nice(k) for k in outs)}), more than its inputs hold "
                f"({co2_in:.4g} t CO2{': ' + parts if parts else ''}). Lower co2_storage_t_per_t "
                f"of the product or check the inputs.",
                [r for r in refs if r is not None], severity="warning", amount=co2_out - co2_in))
    return out


def _whole(v: float) -> str:
    """EUR amount without a "-0" for a price that is zero up to solver noise."""
    return f"{(0.0 if abs(v) < 0.5 else v):,.0f}"


def idle_plants(run_: "Run", threshold: float = 0.01) -> pd.DataFrame:
    """Existing plants that (almost) idle, and why, in words (issue 12, item 3).

    An idle process has a positive reduced cost: running it one more tonne costs its
    variable cost plus its inputs at their implied prices, and earns its outputs at their
    implied prices; the sentence names both sides and the largest terms.
    """
    cols = ["plant", "region", "process", "year", "usable_capacity_t_per_yr", "activity_t",
            "utilisation", "cost_per_t_eur", "value_per_t_eur", "explanation"]
    res = run_.results
    proc = res.frames.get("processing")
    prices = res.frames.get("prices")
    if proc is None or prices is None or not len(proc):
        return pd.DataFrame(columns=cols)
    d: ModelData = run_.compiled.model.data
    inputs = run_.inputs
    names = _names(inputs)
    price = {(r, k, y): v for r, k, y, v in zip(prices.region, prices.commodity, prices.year,
                                                prices.price_eur_per_t)}
    cap_tab = inputs.tables["capacity"]
    rows = []
    for _, pl in cap_tab.iterrows():
        if (pl.get("status") or "existing") not in ("existing", "financed", "under_construction"):
            continue
        r, p = pl["region"], pl["process"]
        sub = proc[(proc.region == r) & (proc.process == p)]
        for _, x in sub.iterrows():
            usable = float(x.usable_capacity_t_per_yr)
            if x.existing_capacity_t_per_yr <= 1e-9 or usable <= 1e-9:
                continue
            if float(x.activity_t) > threshold * usable:
                continue
            y = int(x.year)
            ins = [(k, a, price.get((r, k, y), math.nan)) for k, a in d.proc_in[p].items()]
            outs = [(k, a, price.get((r, k, y), math.nan)) for k, a in d.proc_out[p].items()]
            var = d.variable_cost[p] * K
            cost = var + sum(a * v for _, a, v in ins if not math.isnan(v))
            value = sum(a * v for _, a, v in outs if not math.isnan(v))
            idle = ", ".join(f"{a:g} t {_nice(k)} at EUR {_whole(v)}/t" for k, a, v in ins)
            made = ", ".join(f"{a:g} t {_nice(k)} worth EUR {_whole(v)}/t" for k, a, v in outs)
            unused = [k for k, a, v in outs if not math.isnan(v) and v <= 0]
            why = (f"{pl['plant']} ({_nice(p)}, {names.get(str(r), r)}) runs at "
                   f"{float(x.activity_t) / usable:.0%} of its usable capacity in {y}: one tonne of "
                   f"activity costs EUR {cost:,.0f} (variable cost EUR {var:,.0f} plus {idle}) but "
                   f"its outputs are worth only EUR {value:,.0f} ({made}) at the prices the rest of "
                   f"the chain sets")
            if unused:
                why += ("; " + ", ".join(_nice(k) for k in unused)
                        + " has no use or buyer in the model at this price (no recipe or outside "
                          "market takes more of it)")
            elif cost > value:
                why += f"; the chain gets these outputs EUR {cost - value:,.0f}/t cheaper elsewhere"
            rows.append({"plant": pl["plant"], "region": r, "process": p, "year": y,
                         "usable_capacity_t_per_yr": usable, "activity_t": float(x.activity_t),
                         "utilisation": float(x.activity_t) / usable, "cost_per_t_eur": cost,
                         "value_per_t_eur": value, "explanation": why + "."})
    return pd.DataFrame(rows, columns=cols)


# ----------------------------------------------------------------------------- bottlenecks
@dataclass
class Bottleneck:
    family: str
    link: str
    index: tuple                 # constraint index without the year
    years: list[int]
    what: str                    # "Hemp decortication capacity in Groningen"
    limit: str                   # "44,200 t/yr usable"
    step: float                  # in user units
    unit: str
    value_per_unit_eur: float    # average over the years, EUR of each year (undiscounted)
    value_step_eur: float        # discounted total of relaxing by one step in all years
    homes_per_step: float = math.nan
    method: str = "duals"        # duals | re-solve
    refs: list[InputRef] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    slopes: list[float] = field(default_factory=list)   # internal rhs change per user unit

    @property
    def when(self) -> str:
        return years_label(self.years)

    def sentence(self) -> str:
        step_txt = f"{self.step:,.0f} {self.unit}"
        if self.family in ("biobased_target", "regional_biobased_target"):
            s = (f"{self.what} ({self.limit}) binds in {self.when}: each extra biobased home it "
                 f"asks for costs {eur(self.value_per_unit_eur)}.")
            return s
        verb = "forces more than the cheapest area" if self.link == "contract" else "binds"
        s = f"{self.what} ({self.limit}) {verb} in {self.when}."
        if self.unit == "percentage point":
            s += f" One percentage point less would lower the system cost by {eur(self.value_step_eur)}"
        else:
            more = "less" if self.link == "contract" else "more"
            s += f" {step_txt} {more} would lower the system cost by {eur(self.value_step_eur)}"
        if not math.isnan(self.homes_per_step) and self.homes_per_step >= 0.5:
            s += f" and allow {self.homes_per_step:,.0f} more biobased homes"
        how = "re-solve" if self.method == "re-solve" else "estimate from duals"
        if self.unit in ("ha", "t/yr"):
            s += f" ({eur(self.value_per_unit_eur)} per {self.unit} per year; {how})."
        else:
            s += f" ({how})."
        return s

    def row(self) -> dict[str, Any]:
        return {"link": self.link, "what": self.what, "limit": self.limit, "years": self.when,
                "step": f"{self.step:,.0f} {self.unit}",
                "value_per_unit_eur": self.value_per_unit_eur,
                "value_per_step_eur": self.value_step_eur,
                "extra_biobased_homes": (0.0 if abs(self.homes_per_step) < 1e-6
                                         else self.homes_per_step), "method": self.method,
                "input": "; ".join(r.where for r in self.refs), "explanation": self.sentence(),
                "constraint": f"{self.family}[{','.join(map(str, self.index))}]"}


def _describe(run_: "Run", fam: str, idx: tuple, t_rows: dict[int, int]) -> tuple[str, str, list[InputRef], list[int], list[float]]:
    """(what, limit, input refs, rows, slopes) for a family index (year removed)."""
    cp, inputs = run_.compiled, run_.inputs
    d: ModelData = cp.model.data
    names = _names(inputs)
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
        what = f"The rotation limit for {_nice(c)} in {rn(r)}"
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
        what = f"The growth limit of {_nice(c)} area in {rn(r)}"
        g = d.growth_rate[c]
        limit = f"+{d.growth_kha[c] * K:,.0f} ha/yr" + (f" and +{g:.0%}/yr" if g else "")
        refs = [find_ref(inputs, "crops", "max_growth_ha_per_year", crop=c),
                find_ref(inputs, "crops", "max_growth_rate", crop=c)]
        slopes = [d.gap[t] / K for t in t_rows]
    elif fam == "contracted_area_min":
        r, c = idx
        what = f"Contracted {_nice(c)} area in {rn(r)}"
        limit = f"{d.contracted_kha.get((r, c, t_last), 0.0) * K:,.0f} ha in {t_last}"
        refs = [find_ref(inputs, "contracted_area", "area_ha", region=r, crop=c, year=t)
                for t in t_rows]
    elif fam == "processing_capacity_max":
        r, p = idx
        what = f"{_nice(p).capitalize()} capacity in {rn(r)}"
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
        what = f"The largest new {_nice(p)} capacity per year in {rn(r)}"
        limit = f"{(d.max_investment_kt[p] or 0) * K:,.0f} t/yr of new capacity per year"
        refs = [find_ref(inputs, "processes", "max_investment_t_per_yr", process=p)]
    elif fam == "arc_capacity_max":
        i, j, k = idx
        what = f"The transport link {rn(i)} \u2192 {rn(j)} for {_nice(k)}"
        limit = f"{(d.arc_capacity_kt or 0) * K:,.0f} t/yr"
        refs = [setting_ref(inputs, "transport_arc_capacity_t")]
    elif fam == "import_max":
        k, r = idx
        what = f"The import cap of {_nice(k)} at {rn(r)}"
        limit = f"{(d.import_cap_kt[(k, r)] or 0) * K:,.0f} t/yr"
        refs = [find_ref(inputs, "imports", "max_t_per_yr", commodity=k, region=r)]
    elif fam == "national_capacity_growth_max":
        (p,) = idx
        what = f"The national ramp-up of {_nice(p)} capacity"
        g = d.national_growth_rate[p]
        limit = (f"+{(d.national_growth_kt[p] or 0) * K:,.0f} t/yr of new capacity a year in the whole country"
                 + (f", plus {g:.0%} of last year's capacity" if g else ""))
        refs = [find_ref(inputs, "processes", "national_growth_t_per_yr", process=p),
                find_ref(inputs, "processes", "national_growth_rate", process=p)]
        slopes = [d.gap[t] / K for t in t_rows]
    elif fam == "build_system_growth_max":
        (g_,) = idx
        sysd = d.build_systems[g_]
        what = f"The growth limit of {_nice(g_)} construction (prefab factories)"
        limit = (f"+{sysd['growth'] * K:,.0f} units a year" + (f" and +{sysd['rate']:.0%}/yr" if sysd["rate"] else "")
                 + f" from {sysd['base'] * K:,.0f} units before the horizon")
        refs = [find_ref(inputs, "build_systems", "max_growth_units_per_year", system=g_),
                find_ref(inputs, "build_systems", "max_growth_rate", system=g_),
                find_ref(inputs, "build_systems", "base_units_per_year", system=g_)]
        slopes = [d.gap[t] / K for t in t_rows]
    elif fam == "build_system_capacity_max":
        (g_,) = idx
        what = f"The factory capacity for {_nice(g_)} construction"
        limit = f"{(d.build_systems[g_]['cap'] or 0) * K:,.0f} units a year"
        refs = [find_ref(inputs, "build_systems", "max_units_per_year", system=g_)]
    elif fam == "domestic_share_min":
        from nabb.model.policy import crop_products
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
        what = f"The {where} biobased target for {_nice(s)}"
        share = (d.national_targets.get((s, t_last)) if r == "*"
                 else d.regional_targets.get((s, r, t_last)))
        limit = f"{share:.0%} in {t_last}"
        refs = [find_ref(inputs, "targets", "target_share", segment=s, region=r, year=t) for t in t_rows]
    return what, limit, [x for x in refs if x is not None], rows, slopes


#: A binding limit worth less than this (EUR, discounted, for one step) is not listed in reports.
MIN_LISTED_EUR = 1_000.0


def bottlenecks(run_: "Run", resolve_top: int = 5, x: np.ndarray | None = None,
                row_dual: np.ndarray | None = None) -> list[Bottleneck]:
    """Binding limits ranked by the discounted value of relaxing them by one step."""
    cp = run_.compiled
    d: ModelData = cp.model.data
    x = run_.solution.x if x is None else x
    y = run_.solution.row_dual if row_dual is None else row_dual
    if x is None or y is None or not np.all(np.isfinite(y)):
        return []
    act = cp.A @ x
    fam_rows = family_rows(cp)
    # target duals per year where a national or regional target has a shortfall
    short_year_dual: dict[int, float] = {}
    probe = _Probe(cp)
    short_years = {k[-1] for k, j in probe.shortfall_cols if x[j] * K > 0.5}
    for fam in ("biobased_target", "regional_biobased_target"):
        for idx, i in fam_rows.get(fam, []):
            t = idx[-1]
            if t in short_years and y[i] > DUAL_TOL:
                short_year_dual[t] = max(short_year_dual.get(t, 0.0), y[i])
    proc_act = {}
    for k, j in _cols(cp, cp.model.activity):
        proc_act[k] = x[j]
    out: list[Bottleneck] = []
    for fam, link in LINKS.items():
        groups: dict[tuple, dict[int, int]] = {}
        for idx, i in fam_rows.get(fam, []):
            lo, up = cp.row_lower[i], cp.row_upper[i]
            if up < INF and lo <= -INF:      # <= row
                val = -y[i]
                tight = up - act[i] <= 1e-6 * (1 + abs(up))
            elif lo > -INF and up >= INF:    # >= row
                val = y[i]
                tight = act[i] - lo <= 1e-6 * (1 + abs(lo))
            else:
                continue
            if val <= DUAL_TOL or not tight:
                continue
            t = idx[-1]
            if fam == "processing_capacity_max" and (
                    proc_act.get(idx, 0.0) <= 1e-9
                    or not any(v > 0 for (r_, p_, _), v in d.existing_cap_kt.items()
                               if (r_, p_) == idx[:2])):
                # nothing runs there, or all capacity is built by the model: its value is the
                # investment it saves, and a cap on building shows up as investment_max
                continue
            groups.setdefault(idx[:-1], {})[t] = i
        for key, by_year in groups.items():
            for run_years in _runs(list(by_year), d.years):
                t_rows = {t: by_year[t] for t in run_years}
                what, limit, refs, rows, slopes = _describe(run_, fam, key, t_rows)
                step, unit, _ = STEPS[fam]
                vals = np.array([(y[i] if fam in ("biobased_target", "regional_biobased_target",
                                                  "contracted_area_min") else -y[i]) for i in rows])
                sl = np.array(slopes)
                value_step = float((vals * sl).sum() * step * 1e6)
                per_unit = [vals[n] * sl[n] * 1e6 / d.discount[t] for n, t in enumerate(t_rows)]
                b = Bottleneck(fam, link, key, run_years, what, limit, step, unit,
                               float(np.mean(per_unit)), value_step, refs=refs, rows=rows,
                               slopes=slopes)
                if short_year_dual and link != "target":
                    homes = sum(vals[n] * sl[n] * step / short_year_dual[t]
                                for n, t in enumerate(t_rows) if t in short_year_dual) * K
                    b.homes_per_step = float(homes)
                elif link != "target":
                    b.homes_per_step = 0.0
                out.append(b)
    out = _merge_shared(run_, out)
    out.sort(key=lambda b: -b.value_step_eur)
    if resolve_top:
        _resolve(run_, [b for b in out if b.link not in ("target",)][:resolve_top], probe)
    out.sort(key=lambda b: (b.link == "target", -b.value_step_eur))
    return out


#: families whose limit is one input cell shared by all regions: one entry for all regions.
SHARED_CELL = ("investment_max", "area_growth_max", "rotation_area_max", "arc_capacity_max")


def _merge_shared(run_: "Run", items: list[Bottleneck]) -> list[Bottleneck]:
    """Merge entries that share one input cell and the same years into one entry."""
    names = _names(run_.inputs)
    groups: dict[tuple, list[Bottleneck]] = {}
    out: list[Bottleneck] = []
    for b in items:
        if b.family in SHARED_CELL and b.refs and b.refs[0].sheet in ("processes", "crops", "settings"):
            groups.setdefault((b.family, b.refs[0].where, tuple(b.years)), []).append(b)
        else:
            out.append(b)
    for (fam, _, _), bs in groups.items():
        if len(bs) == 1:
            out.append(bs[0])
            continue
        regions = [names.get(str(b.index[0]), str(b.index[0])) for b in bs]
        first = bs[0]
        where = (", ".join(regions) if len(regions) <= 4
                 else f"{len(regions)} regions ({', '.join(regions[:3])}, …)")
        what = first.what.replace(f" in {regions[0]}", f" in {where}")
        merged = Bottleneck(fam, first.link, ("*",) + tuple(first.index[1:]), first.years, what,
                            first.limit + ", the same cell for every region", first.step, first.unit,
                            float(np.mean([b.value_per_unit_eur for b in bs])),
                            float(sum(b.value_step_eur for b in bs)),
                            float(sum(b.homes_per_step for b in bs)), "duals",
                            first.refs, [i for b in bs for i in b.rows],
                            [x for b in bs for x in b.slopes])
        out.append(merged)
    return out


def _resolve(run_: "Run", items: list[Bottleneck], probe: _Probe) -> None:
    """Check the top entries by re-solving the run's LP in place with the limit relaxed one step."""
    if not items:
        return
    cp, sol = run_.compiled, run_.solution
    base_obj = float(sol.objective)
    base_bio = probe.bio_homes(sol.x)
    with InPlace(cp) as ip:
        for n, b in enumerate(items):
            if n:
                ip.reset()
            lower = b.link in ("contract",)
            for i, s in zip(b.rows, b.slopes):
                lo, up = cp.row_lower[i], cp.row_upper[i]
                delta = s * b.step
                if lower:
                    ip.set_row(i, lo - delta, up)
                else:
                    ip.set_row(i, lo, up + delta)
            st, x2, _, obj = ip.solve()
            for i in b.rows:
                ip.set_row(i, cp.row_lower[i], cp.row_upper[i])
            _apply_resolve(run_, b, probe, base_obj, base_bio, st, x2, obj)


def _apply_resolve(run_: "Run", b: "Bottleneck", probe: _Probe, base_obj: float, base_bio: float,
                   st: str, x2: np.ndarray | None, obj: float) -> None:
    if st == "Optimal" and x2 is not None:
        b.value_step_eur = (base_obj - obj) * 1e6
        disc = sum(run_.compiled.model.data.discount[t] for t in b.years)
        b.value_per_unit_eur = b.value_step_eur / (b.step * disc) if disc else math.nan
        b.homes_per_step = max(probe.bio_homes(x2) - base_bio, 0.0)
        b.method = "re-solve"


# ----------------------------------------------------------------------------- shortfall
@dataclass
class Lever:
    ref: InputRef
    rows: list[int]
    slopes: list[float]         # internal rhs change per user unit of the input
    v0: float
    vmax: float
    round_to: float
    unit: str


def _lever(run_: "Run", b: Bottleneck) -> Lever | None:
    """The one input cell behind a bottleneck, and how it moves the LP's right-hand sides."""
    cp, inputs = run_.compiled, run_.inputs
    d: ModelData = cp.model.data
    fr = family_rows(cp)
    fam, idx = b.family, b.index
    if fam == "land_area_max":
        (r,) = idx
        ref = find_ref(inputs, "regions", "arable_land_ha", region=r)
        rows = [(i, 1 / K) for ix, i in fr.get("land_area_max", []) if ix[0] == r]
        crops = inputs.tables["crops"].set_index("crop")
        for ix, i in fr.get("rotation_area_max", []):
            rr, c = ix[0], ix[1]
            if rr == r and d.land_use[c] == "arable":
                sh = float(crops.at[c, "rotation_max_share"])
                if abs(d.area_cap_kha[(r, c)] - sh * d.arable_kha[r]) < 1e-9:
                    rows.append((i, sh / K))
        return Lever(ref, [i for i, _ in rows], [s for _, s in rows], float(ref.value), INF, 10.0, "ha") if ref else None
    if fam == "rotation_area_max":
        r, c = idx
        area_ref = b.refs[0] if b.refs and b.refs[0].sheet == "cultivation" else None
        if area_ref is not None:
            rows = [i for ix, i in fr.get("rotation_area_max", []) if ix[:2] == (r, c)]
            return Lever(area_ref, rows, [1 / K] * len(rows), float(area_ref.value), INF, 10.0, "ha")
        ref = find_ref(inputs, "crops", "rotation_max_share", crop=c)
        if ref is None:
            return None
        rows, slopes = [], []
        sh = float(ref.value)
        reg = inputs.tables["regions"].set_index("region")
        for ix, i in fr.get("rotation_area_max", []):
            if ix[1] != c:
                continue
            col = "cereal_area_ha" if d.land_use[c] == "cereal_byproduct" else "arable_land_ha"
            base = float(reg.at[ix[0], col] or 0.0) / K
            if abs(d.area_cap_kha[(ix[0], c)] - sh * base) < 1e-9:
                rows.append(i)
                slopes.append(base)
        return Lever(ref, rows, slopes, sh, 1.0, 0.001, "share of land")
    if fam == "area_growth_max":
        c = idx[1]
        ref = find_ref(inputs, "crops", "max_growth_ha_per_year", crop=c)
        rows = [(i, d.gap[ix[2]] / K) for ix, i in fr.get("area_growth_max", []) if ix[1] == c]
        return Lever(ref, [i for i, _ in rows], [s for _, s in rows], float(ref.value), INF, 10.0,
                     "ha/yr") if ref else None
    if fam == "processing_capacity_max":
        r, p = idx
        plants = [x for x in b.refs if x.sheet == "capacity"]
        if not plants:
            return None
        ref = max(plants, key=lambda x: float(x.value or 0))
        cap = inputs.tables["capacity"].loc[ref.index]
        start = int(cap["commissioning_year"]) if cap["commissioning_year"] is not None else 1900
        end = cap["decommissioning_year"]
        end = int(end) if end is not None and not pd.isna(end) else 9999
        if str(cap["status"] or "existing") not in ("existing", "financed", "under_construction"):
            return None
        rows = [i for ix, i in fr.get("processing_capacity_max", [])
                if ix[:2] == (r, p) and start <= ix[2] <= end]
        return Lever(ref, rows, [d.availability[p] / K] * len(rows), float(ref.value), INF, 100.0,
                     "t/yr")
    if fam == "investment_max":
        p = idx[1]
        ref = b.refs[0] if b.refs else None
        rows = [i for ix, i in fr.get("investment_max", []) if ix[1] == p]
        return Lever(ref, rows, [1 / K] * len(rows), float(ref.value), INF, 100.0, "t/yr") if ref else None
    if fam == "import_max":
        k, r = idx
        ref = b.refs[0] if b.refs else None
        rows = [i for ix, i in fr.get("import_max", []) if ix[:2] == (k, r)]
        return Lever(ref, rows, [1 / K] * len(rows), float(ref.value), INF, 100.0, "t/yr") if ref else None
    if fam == "arc_capacity_max":
        ref = setting_ref(inputs, "transport_arc_capacity_t")
        rows = [i for _, i in fr.get("arc_capacity_max", [])]
        return Lever(ref, rows, [1 / K] * len(rows), float(ref.value), INF, 100.0, "t/yr")
    return None


@dataclass
class ShortfallStep:
    link: str
    what: str
    ref: InputRef | None
    current: float
    needed: float | None          # None: this input alone cannot close the gap
    unit: str
    left_homes: float             # shortfall left at ``needed`` (or at the largest value tried)
    next_link: str = ""
    solves: int = 0

    def sentence(self, missing: float) -> str:
        where = self.ref.where if self.ref else "?"
        if self.needed is not None:
            pct = (f" (+{(self.needed / self.current - 1):.0%})" if self.current > 0 else "")
            return (f"Raising {self.ref.column if self.ref else '?'} from {self.current:,.4g} to "
                    f"{self.needed:,.4g} {self.unit}{pct} closes the gap of {missing:,.0f} homes "
                    f"(re-solve, bisection over {self.solves} solves). Cell: {where}.")
        nxt = f" Then {self.next_link} runs out." if self.next_link else ""
        return (f"Raising {self.ref.column if self.ref else '?'} alone does not close the gap: at "
                f"the largest value tried {self.left_homes:,.0f} of the {missing:,.0f} missing "
                f"homes are still missing.{nxt} Cell: {where}.")


@dataclass
class ShortfallDiagnosis:
    missing_by_year: dict[int, float]
    first_link: str
    first_year: int
    message: str
    steps: list[ShortfallStep] = field(default_factory=list)

    @property
    def missing(self) -> float:
        return float(sum(self.missing_by_year.values()))

    def frame(self) -> pd.DataFrame:
        rows = []
        for n, s in enumerate(self.steps, start=1):
            rows.append({"option": n, "link": s.link, "what": s.what,
                         "input": s.ref.where if s.ref else "", "current_value": s.current,
                         "needed_value": s.needed, "unit": s.unit,
                         "shortfall_left_homes": s.left_homes, "next_link": s.next_link,
                         "explanation": s.sentence(self.missing)})
        head = {"option": 0, "link": self.first_link, "what": "summary", "input": "",
                "current_value": None, "needed_value": None, "unit": "",
                "shortfall_left_homes": self.missing, "next_link": "", "explanation": self.message}
        return pd.DataFrame([head] + rows)


def _bio_reach(d: ModelData, s: str, t: int) -> tuple[float, float]:
    """(units required by the national target, units that have a biobased recipe) in k."""
    total = reach = 0.0
    for (r, y, ss, b), v in d.demand_k.items():
        if y == t and ss == s:
            total += v
            if any(d.recipe_is_bio[q] for q in d.recipes_for.get((s, b), [])):
                reach += v
    return d.national_targets.get((s, t), 0.0) * total, reach


def diagnose_shortfall(run_: "Run", ranked: list[Bottleneck] | None = None,
                       max_levers: int = 3, max_iter: int = 14) -> ShortfallDiagnosis | None:
    """Which link runs out first, and the smallest change to one input that closes the gap."""
    res = run_.results
    tg = res.frames.get("targets")
    if tg is None or not len(tg) or tg["shortfall_units"].fillna(0).max() < 0.5:
        return None
    cp = run_.compiled
    d: ModelData = cp.model.data
    miss = tg[tg.shortfall_units > 0.5]
    by_year = miss.groupby("year")["shortfall_units"].sum().to_dict()
    first_year = int(min(by_year))
    seg = str(miss.sort_values("year").iloc[0]["segment"])
    need, reach = _bio_reach(d, seg, first_year)
    probe = _Probe(cp)
    missing = probe.shortfall_homes(run_.solution.x)
    if need > reach + 1e-9:
        threshold = float(run_.inputs.settings["biobased_threshold"])
        shares = sorted({v for v in d.recipe_bio_share.values() if v < threshold}, reverse=True)
        msg = (f"The {first_year} target misses {by_year[first_year]:,.0f} homes because of the "
               f"recipe threshold: only {reach * K:,.0f} of the {need * K:,.0f} required "
               f"{_nice(seg)} have a recipe at or above {threshold:.0%} biobased mass.")
        steps = []
        if shares:
            steps.append(_threshold_step(run_, shares, missing))
        return ShortfallDiagnosis(by_year, "recipe threshold", first_year, msg, steps)
    ranked = ranked if ranked is not None else bottlenecks(run_, resolve_top=0)
    cands = [b for b in ranked if b.link != "target" and set(b.years) & set(by_year)
             and not math.isnan(b.homes_per_step)]
    cands.sort(key=lambda b: (min(set(b.years) & set(by_year)), -b.homes_per_step))
    first = cands[0] if cands else None
    steps: list[ShortfallStep] = []
    seen: set[tuple[str, str]] = set()
    for b in sorted(cands, key=lambda b: -b.homes_per_step):
        lever = _lever(run_, b)
        if lever is None or (lever.ref.sheet, lever.ref.cell or lever.ref.column) in seen:
            continue
        seen.add((lever.ref.sheet, lever.ref.cell or lever.ref.column))
        steps.append(_bisect(run_, b, lever, probe, missing, max_iter))
        if len(steps) >= max_levers:
            break
    years = years_label(by_year)
    link = first.link if first else "unknown"
    msg = (f"The biobased target misses {missing:,.0f} homes in {years}. The link that runs out "
           f"first is {link}: {first.what[0].lower() + first.what[1:]} ({first.limit}) binds "
           f"from {min(set(first.years) & set(by_year))}." if first else
           f"The biobased target misses {missing:,.0f} homes in {years}; no single input limit "
           "binds (the shortfall penalty is lower than the cost of more biobased homes).")
    closing = [s for s in steps if s.needed is not None]
    if closing:
        s = closing[0]
        msg += f" Smallest single change found: {s.ref.where if s.ref else ''} from " \
               f"{s.current:,.4g} to {s.needed:,.4g} {s.unit}."
    return ShortfallDiagnosis(by_year, link, first_year, msg, steps)


def _bisect(run_: "Run", b: Bottleneck, lever: Lever, probe: _Probe, missing: float,
            max_iter: int) -> ShortfallStep:
    """Bisection over re-solves of the run's LP in place (restored afterwards)."""
    with InPlace(run_.compiled) as ip:
        return _bisect_in(run_, ip, b, lever, probe, missing, max_iter)


def _bisect_in(run_: "Run", ip: InPlace, b: Bottleneck, lever: Lever, probe: _Probe,
               missing: float, max_iter: int) -> ShortfallStep:
    cp = run_.compiled
    base = [(i, cp.row_lower[i], cp.row_upper[i]) for i in lever.rows]
    solves = 0

    def left_at(v: float) -> tuple[float, np.ndarray | None, np.ndarray | None]:
        nonlocal solves
        for (i, lo, up), s in zip(base, lever.slopes):
            ip.set_row(i, lo, up + s * (v - lever.v0))
        solves += 1
        st, x, y, _ = ip.solve()
        if x is None:
            return math.inf, None, None
        return probe.shortfall_homes(x), x, y

    tol = 0.5  # homes
    lo = lever.v0
    hi = lever.v0 * 2 if lever.v0 > 0 else max(lever.round_to * 100, 1.0)
    hi = min(hi, lever.vmax)
    left, x, y = left_at(hi)
    grow = 0
    while left > tol and hi < lever.vmax and grow < 8:
        lo, hi = hi, min(hi * 2, lever.vmax)
        left, x, y = left_at(hi)
        grow += 1
    if left > tol:
        nxt = ""
        if x is not None and y is not None:
            again = bottlenecks(run_, resolve_top=0, x=x, row_dual=y)
            again = [a for a in again if a.link != "target" and
                     not (a.family == b.family and a.index == b.index)]
            if again:
                nxt = f"{again[0].link} ({again[0].what[0].lower() + again[0].what[1:]})"
        return ShortfallStep(b.link, b.what, lever.ref, lever.v0, None, lever.unit, left, nxt, solves)
    for _ in range(max_iter):
        if hi - lo <= lever.round_to:
            break
        mid = (lo + hi) / 2
        l_mid, _, _ = left_at(mid)
        if l_mid > tol:
            lo = mid
        else:
            hi = mid
    needed = math.ceil(hi / lever.round_to - 1e-9) * lever.round_to
    needed = min(needed, lever.vmax)
    left, _, _ = left_at(needed)
    return ShortfallStep(b.link, b.what, lever.ref, lever.v0, round(needed, 6), lever.unit,
                         max(left, 0.0), "", solves)


def _threshold_step(run_: "Run", shares: list[float], missing: float) -> ShortfallStep:
    """Lower settings!biobased_threshold to the next recipe share below it and re-solve."""
    from nabb.run import solve_inputs
    ref = setting_ref(run_.inputs, "biobased_threshold")
    solves = 0
    left = missing
    for s in shares:
        inp = run_.inputs.copy()
        inp.settings["biobased_threshold"] = math.floor(s * 1000) / 1000
        solves += 1
        r2 = solve_inputs(inp)
        if r2.solution.optimal:
            left = _Probe(r2.compiled).shortfall_homes(r2.solution.x)
            if left <= 0.5:
                return ShortfallStep("recipe threshold", "The biobased threshold", ref,
                                     float(ref.value), inp.settings["biobased_threshold"], "t/t",
                                     left, "", solves)
    return ShortfallStep("recipe threshold", "The biobased threshold", ref, float(ref.value), None,
                         "t/t", left, "", solves)


# ----------------------------------------------------------------------------- infeasible
def _rule_text(run_: "Run", fam: str, idx: tuple) -> tuple[str, list[InputRef]]:
    """A constraint row in words, with the input cells behind it."""
    inputs = run_.inputs
    d: ModelData = run_.compiled.model.data
    names = _names(inputs)
    rn = lambda r: names.get(str(r), str(r))  # noqa: E731
    t = idx[-1] if idx else None
    if fam in LINKS and fam not in ("biobased_target", "regional_biobased_target",
                                    "domestic_share_min", "contracted_area_min"):
        what, limit, refs, _, _ = _describe(run_, fam, idx[:-1], {t: 0})
        return f"{what} ({limit}) in {t}", refs
    if fam == "biobased_target":
        s, t = idx
        return (f"the national {_nice(s)} target of {d.national_targets[(s, t)]:.0%} biobased in {t}",
                [x for x in [find_ref(inputs, "targets", "target_share", segment=s, region="*", year=t)] if x])
    if fam == "regional_biobased_target":
        s, r, t = idx
        return (f"the {_nice(s)} target of {d.regional_targets[(s, r, t)]:.0%} biobased in {rn(r)} "
                f"in {t}", [x for x in [find_ref(inputs, "targets", "target_share", segment=s,
                                                  region=r, year=t)] if x])
    if fam == "domestic_share_min":
        (t,) = idx
        return (f"the minimum domestic share of {d.min_domestic_share[t]:.0%} in {t}",
                [x for x in [find_ref(inputs, "policy", "min_domestic_share", year=t)] if x])
    if fam == "contracted_area_min":
        r, c, t = idx
        return (f"the contracted {_nice(c)} area of {d.contracted_kha[(r, c, t)] * K:,.0f} ha in "
                f"{rn(r)} in {t}", [x for x in [find_ref(inputs, "contracted_area", "area_ha",
                                                          region=r, crop=c, year=t)] if x])
    if fam == "loan_utilisation_min":
        r, p, t = idx
        return (f"the minimum use of loan-financed {_nice(p)} capacity in {rn(r)} in {t}",
                [setting_ref(inputs, "loan_min_utilisation")])
    if fam == "demand_met":
        r, t, s, b = idx
        return (f"building all {d.demand_k[(r, t, s, b)] * K:,.0f} {_nice(b)} units in {rn(r)} in {t}",
                [x for x in [find_ref(inputs, "demand", "units", region=r, year=t, segment=s,
                                      building_type=b)] if x])
    if fam == "commodity_balance":
        r, k, t = idx
        return f"the balance of {_nice(k)} in {rn(r)} in {t}", []
    if fam == "perennial_area_persists":
        r, c, t = idx
        return f"planted {_nice(c)} staying in the ground in {rn(r)} in {t}", [
            x for x in [find_ref(inputs, "crops", "perennial", crop=c)] if x]
    return f"{fam}[{','.join(map(str, idx))}]", []


def _elastic(run_: "Run", families: tuple[str, ...]) -> tuple[str, list[tuple[int, float]]]:
    """Minimise total violation of the rows in ``families`` (all else firm); original costs off.

    Every slack is weighted by 1 / (1 + |rhs|), so a violation counts relative to its limit.
    Returns the status and the rows with a non-zero slack and by how much (internal units).
    """
    cp = run_.compiled
    h = clone_highs(cp, warm=False)
    n = cp.num_cols
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
    fr = family_rows(cp)
    slack_rows: list[tuple[int, float]] = []
    for fam in families:
        for _, i in fr.get(fam, []):
            lo, up = cp.row_lower[i], cp.row_upper[i]
            rhs = up if up < INF else lo
            w = 1.0 / (1.0 + abs(rhs))
            if lo > -INF:     # >= or = : s+ lets the body fall below lo
                slack_rows.append((i, +1.0))
                h.addCol(w, 0.0, INF, 1, np.array([i], dtype=np.int32), np.array([1.0]))
            if up < INF:      # <= or = : s- lets the body exceed up
                slack_rows.append((i, -1.0))
                h.addCol(w, 0.0, INF, 1, np.array([i], dtype=np.int32), np.array([-1.0]))
    h.setOptionValue("time_limit", 60.0)
    h.run()
    st = _status(h)
    if st != "Optimal":
        return st, []
    xs = np.asarray(h.getSolution().col_value, float)[n:]
    hits: dict[int, float] = {}
    for (i, sign), v in zip(slack_rows, xs):
        if v > SLACK_TOL:
            hits[i] = hits.get(i, 0.0) + v * sign
    return st, sorted(hits.items(), key=lambda kv: -abs(kv[1]))


def _amount(fam: str, v: float) -> str:
    unit = STEPS.get(fam, (1, "", 1 / K))[1]
    if fam in ("biobased_target", "regional_biobased_target", "demand_met"):
        return f"{abs(v) * K:,.0f} homes"
    if unit == "ha":
        return f"{abs(v) * K:,.0f} ha"
    return tonnes(abs(v) * K)


def iis_rows(h: highspy.Highs, time_limit: float = 30.0) -> tuple[str, list[int], list[int]]:
    """Rows and columns of an irreducible infeasible subsystem, by highspy version.

    highspy >= 1.13: ``st, iis = h.getIis()`` with ``iis_strategy`` a bitmap (FromLp |
    Irreducible); 1.12: light by default, strategy 1 = full from LP with row priority;
    <= 1.11: ``h.getIis(iis)`` with strategy 0 = full (HiGHS release notes).
    """
    ver = (h.versionMajor(), h.versionMinor())
    h.setOptionValue("time_limit", float(time_limit))
    try:
        if ver >= (1, 13):
            s = highspy.IisStrategy
            h.setOptionValue("iis_strategy", int(s.kIisStrategyFromLp) | int(s.kIisStrategyIrreducible))
            st, iis = h.getIis()
            ok, rows, cols = iis.valid_, list(iis.row_index_), list(iis.col_index_)
        else:
            h.setOptionValue("iis_strategy", 1 if ver == (1, 12) else 0)
            iis = highspy.HighsIis()
            st = h.getIis(iis)
            ok, rows, cols = iis.valid, list(iis.row_index), list(iis.col_index)
    except (AttributeError, TypeError) as exc:   # an API this wrapper does not know
        return f"IIS not available in highspy {ver[0]}.{ver[1]}: {exc}", [], []
    if st != highspy.HighsStatus.kOk or not ok:
        return f"IIS not found (status {st}, valid {ok})", [], []
    return "ok", [int(i) for i in rows], [int(j) for j in cols]


def _grouped(run_: "Run", hits: list[tuple[int, float]]) -> list[tuple[str, str, list[InputRef], float]]:
    """Merge rows of one family and key over consecutive years: (family, text, refs, max amount)."""
    cp = run_.compiled
    d: ModelData = cp.model.data
    groups: dict[tuple, dict[int, tuple[int, float]]] = {}
    for i, v in hits:
        fam, idx = row_name(cp, i)
        t = idx[-1] if idx and isinstance(idx[-1], int) and idx[-1] in d.years else None
        key = (fam, idx[:-1] if t is not None else idx)
        groups.setdefault(key, {})[t if t is not None else -1] = (i, v)
    out = []
    for (fam, key), by_year in groups.items():
        years = [t for t in by_year if t != -1]
        runs = _runs(years, d.years) if years else [[-1]]
        for ys in runs:
            last = ys[-1]
            i, _ = by_year[last]
            fam_, idx = row_name(cp, i)
            text, refs = _rule_text(run_, fam_, idx)
            if years:
                per_year = {y: _rule_text(run_, fam_, row_name(cp, by_year[y][0])[1])[0] for y in ys}
                same = len({v.replace(f" in {y}", "") for y, v in per_year.items()}) == 1
                if same:
                    text = text.replace(f" in {last}", "") + f" in {years_label(ys)}"
                else:
                    text = " / ".join(per_year[y] for y in ys)
            seen, uniq = set(), []
            for y in ys:
                for r in _rule_text(run_, fam_, row_name(cp, by_year[y][0])[1])[1]:
                    if r.where not in seen:
                        seen.add(r.where)
                        uniq.append(r)
            out.append((fam, text, uniq, max(abs(by_year[y][1]) for y in ys)))
    return out


def diagnose_infeasible(run_: "Run", use_iis: bool = True) -> list[Finding]:
    """Why a hard-constrained model is infeasible, in rules and input cells."""
    cp = run_.compiled
    out: list[Finding] = []
    # 1. which hard rules cannot hold, with every input limit firm
    st, hits = _elastic(run_, HARD_RULES)
    broken: list[str] = []
    if st == "Optimal":
        for fam, text, refs, v in _grouped(run_, hits):
            broken.append(text)
            out.append(Finding("elastic", LINKS.get(fam, fam),
                               f"Cannot hold {text}: up to {_amount(fam, v)} out of reach with "
                               "every other rule and limit as given.", refs, amount=v))
    # 2. which input limits stand in the way, with the hard rules firm
    st2, hits2 = _elastic(run_, LIMITS)
    if st2 == "Optimal" and hits2:
        for fam, text, refs, v in _grouped(run_, hits2):
            out.append(Finding("elastic", LINKS.get(fam, fam),
                               f"In conflict with it: {text[0].lower() + text[1:]}; the hard rules "
                               f"need up to {_amount(fam, v)} more.", refs, amount=v))
    elif st2 != "Optimal":
        out.append(Finding("elastic", "structure",
                           "Even with every land, growth, capacity and import limit relaxed the "
                           "hard rules cannot all hold: the conflict is between the rules "
                           "themselves (e.g. a target above the share of units that have a "
                           f"biobased recipe). Rules out of reach: {'; '.join(broken) or 'see IIS'}.",
                           []))
    # 3. the solver's own irreducible infeasible subsystem
    if use_iis:
        h = clone_highs(cp, warm=False)
        msg, rows, cols = iis_rows(h)
        if msg != "ok":
            out.append(Finding("iis", "solver", msg, [], severity="warning"))
        else:
            texts, refs, balances = [], [], set()
            rule_rows = []
            for i in rows:
                fam, idx = row_name(cp, i)
                if fam == "commodity_balance":
                    balances.add(_nice(idx[1]))
                else:
                    rule_rows.append((i, 0.0))
            seen = set()
            for fam, text, r, _ in _grouped(run_, rule_rows):
                texts.append(text)
                for x in r:
                    if x.where not in seen:
                        seen.add(x.where)
                        refs.append(x)
            tail = []
            if balances:
                tail.append(f"the balances of {', '.join(sorted(balances))}")
            if cols:
                tail.append(f"{len(cols)} non-negativity bounds")
            out.append(Finding("iis", "solver",
                               f"HiGHS IIS: these rules cannot hold together: " + "; ".join(texts)
                               + (f" (linked through {' and '.join(tail)})" if tail else "") + ".",
                               refs))
    return out


# ----------------------------------------------------------------------------- everything
@dataclass
class Explanation:
    status: str
    checks: list[Finding]
    bottlenecks: list[Bottleneck]
    shortfall: ShortfallDiagnosis | None
    infeasibility: list[Finding]
    idle: pd.DataFrame | None = None

    def listed(self) -> list[Bottleneck]:
        """The bottlenecks a report lists: targets, and limits worth at least
        :data:`MIN_LISTED_EUR` for one step (a limit worth ~EUR 0 is binding only on paper)."""
        return [b for b in self.bottlenecks if b.link == "target" or b.value_step_eur >= MIN_LISTED_EUR]

    def frames(self) -> dict[str, pd.DataFrame]:
        out: dict[str, pd.DataFrame] = {}
        rows = []
        for n, b in enumerate(self.listed(), start=1):
            r = {"rank": n}
            r.update(b.row())
            rows.append(r)
        out["Bottlenecks"] = pd.DataFrame(rows, columns=[
            "rank", "link", "what", "limit", "years", "step", "value_per_unit_eur",
            "value_per_step_eur", "extra_biobased_homes", "method", "input", "explanation",
            "constraint"])
        if self.shortfall is not None:
            out["Shortfall"] = self.shortfall.frame()
        else:
            out["Shortfall"] = pd.DataFrame([{"explanation": "No shortfall: every biobased target "
                                              "is met."}])
        findings = self.checks + self.infeasibility
        out["Checks"] = pd.DataFrame([f.row() for f in findings],
                                     columns=["kind", "severity", "link", "message", "inputs"])
        if self.idle is not None:
            out["Idle plants"] = self.idle
        return out


def explain(run_: "Run", resolve_top: int = 5, bisect: bool = True) -> Explanation:
    """All explanations for one run (cached on the run object)."""
    cached = getattr(run_, "_explanation", None)
    if cached is not None:
        return cached
    checks = (run_.checks if getattr(run_, "checks", None) is not None
              else presolve_checks(run_.inputs, run_.compiled.model.data))
    if run_.solution.status == "infeasible":
        ex = Explanation("infeasible", checks, [], None, diagnose_infeasible(run_))
    elif run_.solution.optimal:
        ranked = bottlenecks(run_, resolve_top=resolve_top)
        short = diagnose_shortfall(run_, ranked) if bisect else None
        ex = Explanation("optimal", checks, ranked, short, [], idle_plants(run_))
    else:
        ex = Explanation(run_.solution.status, checks, [], None, [])
    run_._explanation = ex  # type: ignore[attr-defined]
    return ex
