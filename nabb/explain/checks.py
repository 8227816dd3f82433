"""Pre-solve checks: plainly impossible inputs, found by arithmetic on the inputs.

"The 2030 target needs at least 41 kt of hemp wool, but all regions together can make at
most 28 kt under the land, rotation and growth limits": a target above a safe upper bound on
supply (:func:`supply_bounds`) or above the share of units with a biobased recipe, and
products that store more biogenic CO2 than their inputs hold.  No solve is needed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from nabb.explain.lp import INF
from nabb.explain.sentences import say_for, tonnes
from nabb.i18n import Lang
from nabb.i18n.catalogue import CATALOGUE
from nabb.io.addressing import InputRef, find_ref, setting_ref
from nabb.inputs import Inputs
from nabb.model.data import ModelData, prepare
from nabb.model.families import nice
from nabb.units import K

# ----------------------------------------------------------------------------- pre-solve
@dataclass
class Finding:
    kind: str            # check | infeasible | iis | elastic
    link: str
    message: str
    refs: list[InputRef] = field(default_factory=list)
    severity: str = "error"
    amount: float = math.nan
    lang: str = "en"

    @property
    def link_name(self) -> str:
        """The chain link in the reader's words (the code itself when it has no translation)."""
        key = f"link.{self.link}"
        return Lang(self.lang)(key) if key in CATALOGUE else self.link

    @property
    def severity_name(self) -> str:
        key = f"severity.{self.severity}"
        return Lang(self.lang)(key) if key in CATALOGUE else self.severity

    def row(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity_name, "link": self.link_name,
                "message": self.message, "inputs": "; ".join(r.where for r in self.refs)}


def _max_area_path(d: ModelData) -> dict[tuple[str, str, int], float]:
    """Largest area (kha) each (region, crop) can reach per year under growth and caps."""
    out = {}
    for (r, c) in d.cult_pairs:
        prev = d.existing_kha[(r, c)]
        for t in d.years:
            g = d.gap_yr[t]
            a = min(d.area_cap_kha[(r, c)], (1 + d.growth_rate_per_yr[c] * g) * prev + d.growth_kha_per_yr[c] * g)
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
        cap = d.import_cap_kt_per_yr[(k, r)]
        direct[k] = INF if cap is None or direct[k] >= INF else direct[k] + cap
    n_regions = len(d.land_regions)
    build_years = [y for y in d.years if y <= t]
    proc_cap: dict[str, float] = {}
    existing_of: dict[str, list[float]] = {}   # process -> existing capacities in year t
    for (r, pp, y), v in d.existing_cap_kt_per_yr.items():
        if y == t:
            existing_of.setdefault(pp, []).append(v)
    for p in d.processes:
        existing = sum(existing_of.get(p, []))
        mi = d.max_investment_kt_per_yr[p]
        new = INF if mi is None else mi * n_regions * len(build_years)
        proc_cap[p] = INF if new >= INF else (existing + new) * d.availability_share[p]
    memo: dict[str, float] = {}

    def bound(k: str, visiting: frozenset = frozenset()) -> float:
        if k in memo:
            return memo[k]
        if k in visiting:
            return INF
        total = direct[k]
        for p in d.processes:
            out = d.proc_out_t_per_t[p].get(k, 0.0)
            if out <= 0 or total >= INF:
                continue
            act = proc_cap[p]
            for j, a in d.proc_in_t_per_t[p].items():
                if a > 0:
                    act = min(act, bound(j, visiting | {k}) / a)
            total = INF if act >= INF else total + out * act
        memo[k] = min(total, INF)
        return memo[k]

    return {k: bound(k) for k in d.commodities}


def presolve_checks(inputs: Inputs, d: ModelData | None = None) -> list[Finding]:
    """Plainly impossible inputs, in input terms, before any solve."""
    d = d or prepare(inputs)
    say = say_for(inputs)
    out: list[Finding] = []
    threshold = float(inputs.settings["biobased_threshold"])
    for (s, t), share in sorted(d.national_target_share.items(), key=lambda x: (x[0][1], x[0][0])):
        if share <= 0:
            continue
        dem = {}
        for (r, ss, b, y), v in d.demand_kunits.items():
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
            worst = ", ".join(say("check.best_recipe", building=nice(b, say), share=say.pct(v))
                              for b, v in best.items())
            out.append(Finding(
                "check", "recipe threshold",
                say("check.threshold", year=t, share=say.pct(share), segment=nice(s, say),
                    need=say.num(need * K), reach=say.num(reach * K),
                    threshold=say.pct(threshold), worst=worst),
                [r for r in (ref, setting_ref(inputs, "biobased_threshold")) if r],
                amount=(need - reach) * K, lang=say.code))
            continue
        bounds = None
        products = sorted({k for qs in bio_types.values() for q in qs for k in d.recipe_materials_t_per_unit[q]})
        for k in products:
            per_type = []
            for b, qs in bio_types.items():
                if qs:
                    per_type.append((min(d.recipe_materials_t_per_unit[q].get(k, 0.0) for q in qs), dem[b]))
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
                    say("check.supply", year=t, share=say.pct(share), segment=nice(s, say),
                        need=say.num(need * K), tonnes=tonnes(need_k * K, say),
                        commodity=nice(k, say), most=tonnes(bounds[k] * K, say)),
                    [r for r in (ref,) if r], amount=(need_k - bounds[k]) * K, lang=say.code))
    if bool(inputs.settings.get("hard_targets")):
        for f in out:
            f.message += say("check.hard")
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
    say = say_for(inputs)
    for p in d.processes:
        co2_out = sum(a * d.co2_t_per_t[k] for k, a in d.proc_out_t_per_t[p].items())
        if co2_out <= 0:
            continue
        co2_in = sum(a * (d.co2_t_per_t[k] if d.co2_t_per_t[k] > 0 else d.biobased_share[k] * CO2_PER_T_BIOMASS_MAX)
                     for k, a in d.proc_in_t_per_t[p].items())
        if co2_out > co2_in * (1 + 1e-6) + 1e-9:
            parts = " + ".join(f"{say.g(a, 'g')} t {nice(k, say)} x {say.g(d.co2_t_per_t[k], 'g')}"
                               for k, a in d.proc_in_t_per_t[p].items() if d.co2_t_per_t[k] > 0)
            outs = [k for k in d.proc_out_t_per_t[p] if d.co2_t_per_t[k] > 0]
            refs = [find_ref(inputs, "commodities", "co2_storage_t_per_t", commodity=k) for k in outs]
            refs += [find_ref(inputs, "process_io", "t_per_t", process=p, commodity=k, direction="in")
                     for k in d.proc_in_t_per_t[p]]
            out.append(Finding(
                "check", "carbon storage",
                say("check.co2", process=nice(p, say).capitalize(), out=say.g(co2_out, ".4g"),
                    products=", ".join(nice(k, say) for k in outs), into=say.g(co2_in, ".4g"),
                    parts=": " + parts if parts else ""),
                [r for r in refs if r is not None], severity="warning", amount=co2_out - co2_in,
                lang=say.code))
    return out

