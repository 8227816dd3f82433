r"""The constraint families of the LP: one registry of what nabb knows about each.

Each :class:`Family` holds, for one Pyomo constraint component, what the rest of nabb needs
to know about it: the model module that declares it, its index and row sense, the chain link
it belongs to (for limits a user can relax), the step a bottleneck is priced for and its
unit, the input columns it comes from, its role in the infeasibility diagnosis, and the
sentences that say it in words (:attr:`Family.describe` for a limit, :attr:`Family.rule`
for a rule).  :mod:`nabb.explain` loops over :data:`FAMILIES`; ``models/formulation.md``,
the model and the ``test_<family>`` tests must name the same set
(``tests/test_names_agree.py``).

Layer "model": may import nabb's vocabulary, io and :mod:`nabb.model.data` /
:mod:`nabb.model.policy`; the result frames reach the sentence builders as plain data
(:class:`Context`), never through an import of results or run.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import pandas as pd

from nabb.i18n import Lang
from nabb.i18n.names import name as code_name
from nabb.inputs import Inputs
from nabb.io.addressing import InputRef, find_ref, setting_ref
from nabb.model.data import ModelData
from nabb.model.policy import crop_products
from nabb.units import K

SEGMENT_UNITS = {"new_build": "new-build homes", "retrofit": "retrofit units",
                 "non_residential": "non-residential units"}
SEGMENT_UNITS_NL = {"new_build": "nieuwbouwwoningen", "retrofit": "eenheden verduurzaming",
                    "non_residential": "eenheden utiliteitsbouw"}
EN = Lang("en")


def nice(code: str, say: Lang = EN) -> str:
    """A code in words: ``hemp_wool`` -> ``hemp wool`` (Dutch: ``hennepwol``); segments by
    their units."""
    if say.code == "nl":
        return SEGMENT_UNITS_NL.get(str(code), code_name(code, "nl"))
    return SEGMENT_UNITS.get(str(code), str(code).replace("_", " "))


def region_names(inputs: Inputs, say: Lang = EN) -> dict[str, str]:
    """Region code -> name (the Dutch name of nabb's own import points in a Dutch report)."""
    reg = inputs.tables["regions"]
    return {r: code_name(n, "nl") if say.code == "nl" else n
            for r, n in zip(reg["region"].astype(str), reg["name"].astype(str))}


@dataclass
class Context:
    """What a sentence builder may read: the inputs, the prepared data and (after a solve)
    the tidy result frames by name (``processing``, ``balance``; empty before a solve)."""
    inputs: Inputs
    data: ModelData
    frames: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    say: Lang = EN                  # the language the sentences are written in
    _names: dict[str, str] | None = field(default=None, repr=False)

    def region(self, r: Any) -> str:
        if self._names is None:
            self._names = region_names(self.inputs, self.say)
        return self._names.get(str(r), str(r))

    def nice(self, code: Any) -> str:
        return nice(code, self.say)


@dataclass(frozen=True)
class Limit:
    """A limit in words: what binds, its value, the input cells behind it, and how much one
    user unit of the input moves each year's right-hand side (internal units; None: the
    family's :attr:`Family.per_unit` in every year)."""
    what: str
    limit: str
    refs: list[InputRef]
    slopes: list[float] | None = None


@dataclass(frozen=True)
class Lever:
    """The one input cell behind a limit, and how it moves the LP's right-hand sides: each of
    ``rows`` changes by its slope (internal units) per user unit of the input."""
    ref: InputRef
    rows: list[int]
    slopes: list[float]
    v0: float                   # the input's value now
    vmax: float                 # the largest value it may take
    round_to: float             # a change is rounded up to a multiple of this
    unit: str


#: LP rows by family: family name -> [(full index, row number)]
RowsOf = Mapping[str, list[tuple[tuple, int]]]
#: builds a :class:`Limit` from (context, index without the year, the years)
Describe = Callable[[Context, tuple, list[int]], Limit]
#: builds (rule in words, input cells) from (context, full index)
Rule = Callable[[Context, tuple], tuple[str, list[InputRef]]]
#: builds the :class:`Lever` of a limit from (context, index without the year, the limit's
#: input cells, the LP rows by family); None when no single input cell moves it
LeverOf = Callable[[Context, tuple, list[InputRef], RowsOf], "Lever | None"]


@dataclass(frozen=True)
class Family:
    """One constraint family (a Pyomo ``Constraint`` component of the LP)."""
    name: str
    module: str                     # nabb/model/<module>.py declares it ("__init__": the balance)
    index: tuple[str, ...]          # index symbols, in the order of the model's index
    sense: str                      # "<=", ">=" or "==" (the row as the model states it)
    inputs: tuple[str, ...] = ()    # "sheet.column" the right-hand side comes from
    link: str = ""                  # chain link a user can relax ("" for structural rows)
    step: float = 0.0               # bottleneck step in user units
    unit: str = ""                  # the user unit of the step
    per_unit: float = 1 / K         # internal right-hand-side units per user unit
    amount: str = "t"               # what a violated row's slack counts: t, ha, homes or units
    hard: bool = False              # a hard rule the elastic diagnosis may break
    input_limit: bool = False       # an input limit the elastic diagnosis may relax
    one_cell: bool = False          # one input cell for every region: bottlenecks merge regions
    describe: Describe | None = None
    rule: Rule | None = None
    lever: LeverOf | None = None

    def rule_text(self, ctx: Context, idx: tuple) -> tuple[str, list[InputRef]]:
        """The row ``self.name[idx]`` in words, with the input cells behind it."""
        if self.rule is not None:
            return self.rule(ctx, idx)
        if self.describe is not None:
            t = idx[-1]
            lim = self.describe(ctx, idx[:-1], [t])
            return ctx.say("why.rule.limit", what=lim.what, limit=lim.limit, year=t), lim.refs
        return f"{self.name}[{','.join(map(str, idx))}]", []


def _found(*refs: InputRef | None) -> list[InputRef]:
    return [r for r in refs if r is not None]


def _gaps(ctx: Context, years: list[int]) -> list[float]:
    """Right-hand side per user unit of a yearly growth limit: the years since the last step."""
    return [ctx.data.gap_yr[t] / K for t in years]


def _lever(ref: InputRef | None, row_slopes: list[tuple[int, float]], round_to: float,
           unit: str) -> Lever | None:
    """A lever on an input without an upper limit, from (row, slope) pairs."""
    if ref is None:
        return None
    return Lever(ref, [i for i, _ in row_slopes], [s for _, s in row_slopes], float(ref.value),
                 math.inf, round_to, unit)


def _per_unit_lever(ref: InputRef | None, rows: list[int], round_to: float, unit: str,
                    slope: float = 1 / K) -> Lever | None:
    """A lever whose input moves every row by the same slope."""
    return _lever(ref, [(i, slope) for i in rows], round_to, unit)


# ----------------------------------------------------------------------------- land
def _land_area_max(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    (r,) = idx
    return Limit(ctx.say("why.what.land", region=ctx.region(r)),
                 f"{ctx.say.num(ctx.data.arable_kha[r] * K)} ha",
                 _found(find_ref(ctx.inputs, "regions", "arable_land_ha", region=r)))


def _land_lever(ctx: Context, idx: tuple, refs: list[InputRef], rows_of: RowsOf) -> Lever | None:
    """Arable land moves its own rows and the rotation caps set as a share of it."""
    (r,) = idx
    d, inputs = ctx.data, ctx.inputs
    ref = find_ref(inputs, "regions", "arable_land_ha", region=r)
    rows = [(i, 1 / K) for ix, i in rows_of.get("land_area_max", []) if ix[0] == r]
    crops = inputs.tables["crops"].set_index("crop")
    for ix, i in rows_of.get("rotation_area_max", []):
        rr, c = ix[0], ix[1]
        if rr == r and d.land_use[c] == "arable":
            sh = float(crops.at[c, "rotation_max_share"])
            if abs(d.area_cap_kha[(r, c)] - sh * d.arable_kha[r]) < 1e-9:
                rows.append((i, sh / K))
    return _lever(ref, rows, 10.0, "ha")


def _rotation_area_max(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    r, c = idx
    d, inputs = ctx.data, ctx.inputs
    say = ctx.say
    what = say("why.what.rotation", crop=ctx.nice(c), region=ctx.region(r))
    cap = d.area_cap_kha[(r, c)] * K
    ref_area = find_ref(inputs, "cultivation", "max_area_ha", region=r, crop=c)
    share = float(inputs.tables["crops"].set_index("crop").at[c, "rotation_max_share"])
    if ref_area is not None and ref_area.value is not None and not pd.isna(ref_area.value) \
            and abs(float(ref_area.value) - cap) < 1e-6:
        return Limit(what, say("why.limit.rotation_cap", area=say.num(cap)), [ref_area])
    col = "cereal_area_ha" if d.land_use[c] == "cereal_byproduct" else "arable_land_ha"
    return Limit(what, say("why.limit.rotation_share", share=say.pct(share), area=say.num(cap)),
                 _found(find_ref(inputs, "crops", "rotation_max_share", crop=c),
                        find_ref(inputs, "regions", col, region=r)))


def _rotation_lever(ctx: Context, idx: tuple, refs: list[InputRef], rows_of: RowsOf) -> Lever | None:
    """A cap by contract or soil (cultivation.max_area_ha), else the crop's rotation share."""
    r, c = idx
    d, inputs = ctx.data, ctx.inputs
    area_ref = refs[0] if refs and refs[0].sheet == "cultivation" else None
    if area_ref is not None:
        rows = [i for ix, i in rows_of.get("rotation_area_max", []) if ix[:2] == (r, c)]
        return _per_unit_lever(area_ref, rows, 10.0, "ha")
    ref = find_ref(inputs, "crops", "rotation_max_share", crop=c)
    if ref is None:
        return None
    rows, slopes = [], []
    sh = float(ref.value)
    reg = inputs.tables["regions"].set_index("region")
    for ix, i in rows_of.get("rotation_area_max", []):
        if ix[1] != c:
            continue
        col = "cereal_area_ha" if d.land_use[c] == "cereal_byproduct" else "arable_land_ha"
        base = float(reg.at[ix[0], col] or 0.0) / K
        if abs(d.area_cap_kha[(ix[0], c)] - sh * base) < 1e-9:
            rows.append(i)
            slopes.append(base)
    return Lever(ref, rows, slopes, sh, 1.0, 0.001, "share of land")


def _area_growth_max(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    r, c = idx
    d = ctx.data
    g = d.growth_rate_per_yr[c]
    say = ctx.say
    return Limit(say("why.what.growth", crop=ctx.nice(c), region=ctx.region(r)),
                 say("why.limit.growth", area=say.num(d.growth_kha_per_yr[c] * K))
                 + (say("why.limit.growth_rate", rate=say.pct(g)) if g else ""),
                 _found(find_ref(ctx.inputs, "crops", "max_growth_ha_per_year", crop=c),
                        find_ref(ctx.inputs, "crops", "max_growth_rate", crop=c)),
                 _gaps(ctx, years))


def _growth_lever(ctx: Context, idx: tuple, refs: list[InputRef], rows_of: RowsOf) -> Lever | None:
    c = idx[1]
    ref = find_ref(ctx.inputs, "crops", "max_growth_ha_per_year", crop=c)
    rows = [(i, ctx.data.gap_yr[ix[-1]] / K) for ix, i in rows_of.get("area_growth_max", [])
            if ix[1] == c]
    return _lever(ref, rows, 10.0, "ha/yr")


def _contracted_area_min(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    r, c = idx
    t_last = max(years)
    return Limit(ctx.say("why.what.contract", crop=ctx.nice(c), region=ctx.region(r)),
                 ctx.say("why.limit.contract",
                         area=ctx.say.num(ctx.data.contracted_kha.get((r, c, t_last), 0.0) * K),
                         year=t_last),
                 _found(*(find_ref(ctx.inputs, "contracted_area", "area_ha", region=r, crop=c, year=t)
                          for t in years)))


def _contracted_area_rule(ctx: Context, idx: tuple) -> tuple[str, list[InputRef]]:
    r, c, t = idx
    return (ctx.say("why.rule.contract", crop=ctx.nice(c),
                    area=ctx.say.num(ctx.data.contracted_kha[(r, c, t)] * K), region=ctx.region(r),
                    year=t),
            _found(find_ref(ctx.inputs, "contracted_area", "area_ha", region=r, crop=c, year=t)))


def _perennial_rule(ctx: Context, idx: tuple) -> tuple[str, list[InputRef]]:
    r, c, t = idx
    return (ctx.say("why.rule.perennial", crop=ctx.nice(c), region=ctx.region(r), year=t),
            _found(find_ref(ctx.inputs, "crops", "perennial", crop=c)))


# ----------------------------------------------------------------------------- processing
def _processing_capacity_max(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    r, p = idx
    d, inputs = ctx.data, ctx.inputs
    t_last = max(years)
    proc = ctx.frames.get("processing")
    cap = new = 0.0
    if proc is not None and len(proc):
        sel = proc[(proc.region == r) & (proc.process == p) & (proc.year == t_last)]
        cap = float(sel["usable_capacity_t_per_yr"].sum())
        new = float(sel["new_capacity_t_per_yr"].sum())
    say = ctx.say
    limit = say("why.limit.capacity", tonnes=say.num(cap), year=t_last)
    if new > 1e-6:
        limit += (say("why.limit.all_new")
                  if new >= float(sel["capacity_t_per_yr"].sum()) - 1e-6 else
                  say("why.limit.some_new", tonnes=say.num(new * d.availability_share[p])))
    cap_tab = inputs.tables["capacity"]
    plants = cap_tab[(cap_tab.region.astype(str) == str(r)) & (cap_tab.process.astype(str) == str(p))]
    refs = [find_ref(inputs, "capacity", "capacity_t_per_yr", plant=pl) for pl in plants["plant"]]
    refs.append(find_ref(inputs, "processes", "availability", process=p))
    what = say("why.what.capacity", region=ctx.region(r),
               process=ctx.nice(p).capitalize() if say.code == "en" else ctx.nice(p))
    return Limit(what, limit, _found(*refs),
                 [d.availability_share[p] / K] * len(years))   # per t/yr of nameplate capacity


def _capacity_lever(ctx: Context, idx: tuple, refs: list[InputRef], rows_of: RowsOf) -> Lever | None:
    """The largest plant's nameplate capacity, in the years it runs."""
    r, p = idx
    plants = [x for x in refs if x.sheet == "capacity"]
    if not plants:
        return None
    ref = max(plants, key=lambda x: float(x.value or 0))
    cap = ctx.inputs.tables["capacity"].loc[ref.index]
    start = int(cap["commissioning_year"]) if cap["commissioning_year"] is not None else 1900
    end = cap["decommissioning_year"]
    end = int(end) if end is not None and not pd.isna(end) else 9999
    if str(cap["status"] or "existing") not in ("existing", "financed", "under_construction"):
        return None
    rows = [i for ix, i in rows_of.get("processing_capacity_max", [])
            if ix[:2] == (r, p) and start <= ix[-1] <= end]
    return _per_unit_lever(ref, rows, 100.0, "t/yr", ctx.data.availability_share[p] / K)


def _investment_lever(ctx: Context, idx: tuple, refs: list[InputRef], rows_of: RowsOf) -> Lever | None:
    p = idx[1]
    rows = [i for ix, i in rows_of.get("investment_max", []) if ix[1] == p]
    return _per_unit_lever(refs[0] if refs else None, rows, 100.0, "t/yr")


def _investment_max(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    r, p = idx
    return Limit(ctx.say("why.what.investment", process=ctx.nice(p), region=ctx.region(r)),
                 ctx.say("why.limit.investment",
                         tonnes=ctx.say.num((ctx.data.max_investment_kt_per_yr[p] or 0) * K)),
                 _found(find_ref(ctx.inputs, "processes", "max_investment_t_per_yr", process=p)))


def _national_capacity_growth_max(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    (p,) = idx
    d = ctx.data
    g = d.national_growth_rate_per_yr[p]
    say = ctx.say
    return Limit(say("why.what.ramp_up", process=ctx.nice(p)),
                 say("why.limit.ramp_up", tonnes=say.num((d.national_growth_kt_per_yr[p] or 0) * K))
                 + (say("why.limit.ramp_up_rate", rate=say.pct(g)) if g else ""),
                 _found(find_ref(ctx.inputs, "processes", "national_growth_t_per_yr", process=p),
                        find_ref(ctx.inputs, "processes", "national_growth_rate", process=p)),
                 _gaps(ctx, years))


def _loan_utilisation_rule(ctx: Context, idx: tuple) -> tuple[str, list[InputRef]]:
    r, p, t = idx
    return (ctx.say("why.rule.loan", process=ctx.nice(p), region=ctx.region(r), year=t),
            [setting_ref(ctx.inputs, "loan_min_utilisation")])


# ----------------------------------------------------------------------------- transport
def _arc_capacity_max(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    i, j, k = idx
    return Limit(ctx.say("why.what.arc", origin=ctx.region(i), destination=ctx.region(j),
                         commodity=ctx.nice(k)),
                 ctx.say("why.limit.tonnes", tonnes=ctx.say.num((ctx.data.arc_capacity_kt_per_yr or 0) * K)),
                 [setting_ref(ctx.inputs, "transport_arc_capacity_t")])


def _arc_lever(ctx: Context, idx: tuple, refs: list[InputRef], rows_of: RowsOf) -> Lever | None:
    rows = [i for _, i in rows_of.get("arc_capacity_max", [])]
    return _per_unit_lever(setting_ref(ctx.inputs, "transport_arc_capacity_t"), rows, 100.0, "t/yr")


def _import_lever(ctx: Context, idx: tuple, refs: list[InputRef], rows_of: RowsOf) -> Lever | None:
    k, r = idx
    rows = [i for ix, i in rows_of.get("import_max", []) if ix[:2] == (k, r)]
    return _per_unit_lever(refs[0] if refs else None, rows, 100.0, "t/yr")


def _import_max(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    k, r = idx
    return Limit(ctx.say("why.what.import", commodity=ctx.nice(k), region=ctx.region(r)),
                 ctx.say("why.limit.tonnes",
                         tonnes=ctx.say.num((ctx.data.import_cap_kt_per_yr[(k, r)] or 0) * K)),
                 _found(find_ref(ctx.inputs, "imports", "max_t_per_yr", commodity=k, region=r)))


# ----------------------------------------------------------------------------- demand
def _build_system_growth_max(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    (g,) = idx
    sysd = ctx.data.build_systems[g]
    inputs = ctx.inputs
    say = ctx.say
    return Limit(say("why.what.system_growth", system=ctx.nice(g)),
                 say("why.limit.system_growth", units=say.num(sysd["growth"] * K))
                 + (say("why.limit.system_rate", rate=say.pct(sysd["rate"])) if sysd["rate"] else "")
                 + say("why.limit.system_base", units=say.num(sysd["base"] * K)),
                 _found(find_ref(inputs, "build_systems", "max_growth_units_per_year", system=g),
                        find_ref(inputs, "build_systems", "max_growth_rate", system=g),
                        find_ref(inputs, "build_systems", "base_units_per_year", system=g)),
                 _gaps(ctx, years))


def _build_system_capacity_max(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    (g,) = idx
    return Limit(ctx.say("why.what.system_capacity", system=ctx.nice(g)),
                 ctx.say("why.limit.units",
                         units=ctx.say.num((ctx.data.build_systems[g]["cap"] or 0) * K)),
                 _found(find_ref(ctx.inputs, "build_systems", "max_units_per_year", system=g)))


def _target(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    s = idx[0]
    r = idx[1] if len(idx) > 1 else "*"
    d = ctx.data
    t_last = max(years)
    share = (d.national_target_share.get((s, t_last)) if r == "*"
             else d.regional_target_share.get((s, r, t_last)))
    what = (ctx.say("why.what.target_national", segment=ctx.nice(s)) if r == "*" else
            ctx.say("why.what.target_regional", segment=ctx.nice(s), region=ctx.region(r)))
    return Limit(what, ctx.say("why.limit.share_in", share=ctx.say.pct(share), year=t_last),
                 _found(*(find_ref(ctx.inputs, "targets", "target_share", segment=s, region=r, year=t)
                          for t in years)))


def _national_target_rule(ctx: Context, idx: tuple) -> tuple[str, list[InputRef]]:
    s, t = idx
    return (ctx.say("why.rule.target_national", segment=ctx.nice(s),
                    share=ctx.say.pct(ctx.data.national_target_share[(s, t)]), year=t),
            _found(find_ref(ctx.inputs, "targets", "target_share", segment=s, region="*", year=t)))


def _regional_target_rule(ctx: Context, idx: tuple) -> tuple[str, list[InputRef]]:
    s, r, t = idx
    return (ctx.say("why.rule.target_regional", segment=ctx.nice(s),
                    share=ctx.say.pct(ctx.data.regional_target_share[(s, r, t)]),
                    region=ctx.region(r), year=t),
            _found(find_ref(ctx.inputs, "targets", "target_share", segment=s, region=r, year=t)))


def _demand_rule(ctx: Context, idx: tuple) -> tuple[str, list[InputRef]]:
    r, s, b, t = idx
    return (ctx.say("why.rule.demand", units=ctx.say.num(ctx.data.demand_kunits[(r, s, b, t)] * K),
                    building=ctx.nice(b), region=ctx.region(r), year=t),
            _found(find_ref(ctx.inputs, "demand", "units", region=r, year=t, segment=s,
                            building_type=b)))


# ----------------------------------------------------------------------------- policy, balance
def _domestic_share_min(ctx: Context, idx: tuple, years: list[int]) -> Limit:
    d = ctx.data
    cps = crop_products(d)
    t_last = max(years)
    bal = ctx.frames.get("balance")
    slopes = []
    for t in years:
        deliv = 0.0
        if bal is not None and len(bal):
            b = bal[bal.year == t]
            deliv = float(sum(d.biobased_share[k] * v for k, v in zip(b.commodity, b.delivered_t)
                              if k in cps)) / K
        slopes.append(0.01 * deliv)   # rhs change per percentage point, in kt
    return Limit(ctx.say("why.what.domestic"),
                 ctx.say("why.limit.share_in", share=ctx.say.pct(d.min_domestic_share[t_last]),
                         year=t_last),
                 _found(*(find_ref(ctx.inputs, "policy", "min_domestic_share", year=t) for t in years)),
                 slopes)


def _domestic_share_rule(ctx: Context, idx: tuple) -> tuple[str, list[InputRef]]:
    (t,) = idx
    return (ctx.say("why.rule.domestic", share=ctx.say.pct(ctx.data.min_domestic_share[t]), year=t),
            _found(find_ref(ctx.inputs, "policy", "min_domestic_share", year=t)))


def _balance_rule(ctx: Context, idx: tuple) -> tuple[str, list[InputRef]]:
    r, k, t = idx
    return ctx.say("why.rule.balance", commodity=ctx.nice(k), region=ctx.region(r), year=t), []


# ----------------------------------------------------------------------------- the registry
HA = dict(step=100.0, unit="ha", amount="ha")
T_YR = dict(step=1000.0, unit="t/yr")
HOMES = dict(step=100.0, unit="homes", amount="homes")
UNITS_YR = dict(step=100.0, unit="units/yr", amount="units")

#: Every constraint family, the limits a user can relax first (in the order explain ranks
#: ties), then the rules and the structural rows.
FAMILIES: tuple[Family, ...] = (
    Family("land_area_max", "land", ("r", "t"), "<=", ("regions.arable_land_ha",),
           "land", **HA, input_limit=True, describe=_land_area_max, lever=_land_lever),
    Family("rotation_area_max", "land", ("r", "c", "t"), "<=",
           ("crops.rotation_max_share", "regions.arable_land_ha", "regions.cereal_area_ha",
            "cultivation.max_area_ha"),
           "rotation", **HA, input_limit=True, one_cell=True, describe=_rotation_area_max,
           lever=_rotation_lever),
    Family("area_growth_max", "land", ("r", "c", "t"), "<=",
           ("crops.max_growth_ha_per_year", "crops.max_growth_rate"),
           "growth", **HA, input_limit=True, one_cell=True, describe=_area_growth_max,
           lever=_growth_lever),
    Family("contracted_area_min", "land", ("r", "c", "t"), ">=", ("contracted_area.area_ha",),
           "contract", **HA, hard=True, describe=_contracted_area_min, rule=_contracted_area_rule),
    Family("processing_capacity_max", "processing", ("r", "p", "t"), "<=",
           ("capacity.capacity_t_per_yr", "processes.availability"),
           "processing capacity", **T_YR, input_limit=True, describe=_processing_capacity_max,
           lever=_capacity_lever),
    Family("investment_max", "processing", ("r", "p", "t"), "<=",
           ("processes.max_investment_t_per_yr",),
           "processing investment", **T_YR, input_limit=True, one_cell=True,
           describe=_investment_max, lever=_investment_lever),
    Family("arc_capacity_max", "transport", ("i", "j", "k", "t"), "<=",
           ("settings.transport_arc_capacity_t",),
           "transport arc", **T_YR, input_limit=True, one_cell=True, describe=_arc_capacity_max,
           lever=_arc_lever),
    Family("import_max", "transport", ("k", "r", "t"), "<=", ("imports.max_t_per_yr",),
           "import cap", **T_YR, input_limit=True, describe=_import_max, lever=_import_lever),
    Family("domestic_share_min", "policy", ("t",), "<=", ("policy.min_domestic_share",),
           "domestic-share rule", step=1.0, unit="percentage point", per_unit=0.01, hard=True,
           describe=_domestic_share_min, rule=_domestic_share_rule),
    Family("national_capacity_growth_max", "processing", ("p", "t"), "<=",
           ("processes.national_growth_t_per_yr", "processes.national_growth_rate"),
           "national ramp-up", **T_YR, describe=_national_capacity_growth_max),
    Family("build_system_growth_max", "demand", ("g", "t"), "<=",
           ("build_systems.max_growth_units_per_year", "build_systems.max_growth_rate",
            "build_systems.base_units_per_year"),
           "construction-system growth", **UNITS_YR, describe=_build_system_growth_max),
    Family("build_system_capacity_max", "demand", ("g", "t"), "<=",
           ("build_systems.max_units_per_year",),
           "construction-system capacity", **UNITS_YR, describe=_build_system_capacity_max),
    Family("biobased_target", "demand", ("s", "t"), ">=", ("targets.target_share",),
           "target", **HOMES, hard=True, describe=_target, rule=_national_target_rule),
    Family("regional_biobased_target", "demand", ("s", "r", "t"), ">=", ("targets.target_share",),
           "target", **HOMES, hard=True, describe=_target, rule=_regional_target_rule),
    Family("perennial_area_persists", "land", ("r", "c", "t"), "==", ("crops.perennial",),
           rule=_perennial_rule),
    Family("loan_utilisation_min", "processing", ("r", "p", "t"), ">=",
           ("settings.loan_min_utilisation",), hard=True, rule=_loan_utilisation_rule),
    Family("loan_amount_max", "processing", ("r", "t"), "<=",
           ("settings.loan_max_eur", "settings.loan_share")),
    # "==" as small models state it; in large models a key whose conventional recipe is
    # substituted reads "<=" (nabb.model.demand.recipe_substitution).  Nothing reads this
    # family's sense (no link); the infeasibility diagnosis rebuilds with every recipe.
    Family("demand_met", "demand", ("r", "s", "b", "t"), "==", ("demand.units",),
           amount="homes", hard=True, rule=_demand_rule),
    Family("biobased_mass_target", "demand", ("s", "t"), ">=",
           ("targets.target_share", "targets.basis")),
    Family("regional_biobased_mass_target", "demand", ("s", "r", "t"), ">=",
           ("targets.target_share", "targets.basis")),
    Family("market_sales_max", "__init__", ("k", "t"), "<=", ("commodities.market_max_t_per_yr",)),
    # "==" as small models state it; from LEAN_BALANCE_MIN_KEYS on, the rows where a surplus may
    # be left read ">=" (the surplus is their slack: nabb.model.surplus_in_rows).  Nothing reads
    # this family's sense (it has no link: no bottleneck, no lever); the elastic and IIS
    # diagnoses take each row's own bounds.
    Family("commodity_balance", "__init__", ("r", "k", "t"), "==", (), rule=_balance_rule),
)
BY_NAME: dict[str, Family] = {f.name: f for f in FAMILIES}


def family(name: str) -> Family | None:
    """The registry entry of a constraint family (None for a name the registry does not know)."""
    return BY_NAME.get(name)
