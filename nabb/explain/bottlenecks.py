"""Bottlenecks ("knelpunten"): binding limits ranked by what relaxing them by one step is worth.

From the duals of the solved LP, with consecutive years merged and limits that share one
input cell merged across regions.  The top entries are checked by a re-solve of the run's LP
in place with that limit relaxed one step.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, TYPE_CHECKING

import numpy as np

from nabb.explain.lp import DUAL_TOL, INF, InPlace, Probe, columns_of, family_rows
from nabb.explain.sentences import consecutive_runs, context, eur, say_for, years_label
from nabb.i18n import Lang
from nabb.io.addressing import InputRef
from nabb.model.data import ModelData
from nabb.model.families import BY_NAME, FAMILIES, region_names
from nabb.units import K

if TYPE_CHECKING:  # pragma: no cover
    from nabb.run import Run


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
    method: str = "duals"        # duals | re-solve | duals, re-solve stopped (STOPPED)
    refs: list[InputRef] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    slopes: list[float] = field(default_factory=list)   # internal rhs change per user unit
    lang: str = "en"             # the language of what, limit and the sentence

    @property
    def when(self) -> str:
        return years_label(self.years)

    @property
    def step_text(self) -> str:
        """One step in the reader's words: "1,000 t/yr", "1.000 t/jaar"."""
        say = Lang(self.lang)
        return f"{say.num(self.step)} {say.unit(self.unit)}"

    @property
    def link_name(self) -> str:
        """The chain link in the reader's words ("processing capacity", "verwerkingscapaciteit")."""
        return Lang(self.lang)(f"link.{self.link}")

    @property
    def how(self) -> str:
        """How the value was found, in the reader's words ("re-solve", "estimate from duals")."""
        return Lang(self.lang)(HOW[self.method])

    def sentence(self) -> str:
        say = Lang(self.lang)
        common = dict(what=self.what, limit=self.limit, years=self.when)
        if self.link == "target":
            return say("why.target_binds", cost=eur(self.value_per_unit_eur, say), **common)
        s = say("why.contract_binds" if self.link == "contract" else "why.binds", **common)
        value = eur(self.value_step_eur, say)
        if self.unit == "percentage point":
            s += say("why.point_less", value=value)
        else:
            s += say("why.step_less" if self.link == "contract" else "why.step_more",
                     step=self.step_text, value=value)
        if not math.isnan(self.homes_per_step) and self.homes_per_step >= 0.5:
            s += say("why.more_homes", homes=say.num(self.homes_per_step))
        how = self.how
        if self.unit in ("ha", "t/yr"):
            s += say("why.per_unit", value=eur(self.value_per_unit_eur, say),
                     unit=say.unit(self.unit), how=how)
        else:
            s += say("why.how", how=how)
        return s

    def row(self) -> dict[str, Any]:
        return {"link": self.link_name, "what": self.what, "limit": self.limit, "years": self.when,
                "step": self.step_text,
                "value_per_unit_eur": self.value_per_unit_eur,
                "value_per_step_eur": self.value_step_eur,
                "extra_biobased_homes": (0.0 if abs(self.homes_per_step) < 1e-6
                                         else self.homes_per_step), "method": self.method,
                "input": "; ".join(r.where for r in self.refs), "explanation": self.sentence(),
                "constraint": f"{self.family}[{','.join(map(str, self.index))}]"}


#: ``Bottleneck.method`` of an entry whose re-solve reached its part of the budget
STOPPED = "duals, re-solve stopped"

#: the words for each method in a sentence
HOW = {"duals": "why.duals", "re-solve": "why.resolve", STOPPED: "why.duals_stopped"}

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
    probe = Probe(cp)
    short_years = {k[-1] for k, j in probe.shortfall_cols if x[j] * K > 0.5}
    for fam in (f.name for f in FAMILIES if f.link == "target"):
        for idx, i in fam_rows.get(fam, []):
            t = idx[-1]
            if t in short_years and y[i] > DUAL_TOL:
                short_year_dual[t] = max(short_year_dual.get(t, 0.0), y[i])
    proc_act = {}
    for k, j in columns_of(cp, cp.model.activity):
        proc_act[k] = x[j]
    # (region, process) pairs with existing capacity in some year, found once (not per row)
    has_existing = {(r_, p_) for (r_, p_, _), v in d.existing_cap_kt_per_yr.items() if v > 0}
    out: list[Bottleneck] = []
    ctx = context(run_)
    for family in FAMILIES:
        if not family.link:
            continue
        fam, link = family.name, family.link
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
                    or idx[:2] not in has_existing):
                # nothing runs there, or all capacity is built by the model: its value is the
                # investment it saves, and a cap on building shows up as investment_max
                continue
            groups.setdefault(idx[:-1], {})[t] = i
        for key, by_year in groups.items():
            for run_years in consecutive_runs(list(by_year), d.years):
                t_rows = {t: by_year[t] for t in run_years}
                lim = family.describe(ctx, key, run_years)
                what, limit, refs, rows = lim.what, lim.limit, lim.refs, list(t_rows.values())
                slopes = lim.slopes if lim.slopes is not None else [family.per_unit] * len(rows)
                step, unit = family.step, family.unit
                # value of relaxing: a >= row's dual is positive when it binds, a <= row's negative
                vals = np.array([(y[i] if family.sense == ">=" else -y[i]) for i in rows])
                sl = np.array(slopes)
                value_step = float((vals * sl).sum() * step * 1e6)
                per_unit = [vals[n] * sl[n] * 1e6 / d.discount_factor[t] for n, t in enumerate(t_rows)]
                b = Bottleneck(fam, link, key, run_years, what, limit, step, unit,
                               float(np.mean(per_unit)), value_step, refs=refs, rows=rows,
                               slopes=slopes, lang=ctx.say.code)
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


def _merge_shared(run_: "Run", items: list[Bottleneck]) -> list[Bottleneck]:
    """Merge entries that share one input cell and the same years into one entry."""
    say = say_for(run_.inputs)
    names = region_names(run_.inputs, say)
    groups: dict[tuple, list[Bottleneck]] = {}
    out: list[Bottleneck] = []
    for b in items:
        if BY_NAME[b.family].one_cell and b.refs and b.refs[0].sheet in ("processes", "crops", "settings"):
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
                 else say("why.regions", count=len(regions), first=", ".join(regions[:3])))
        what = first.what.replace(f" in {regions[0]}", f" in {where}")
        merged = Bottleneck(fam, first.link, ("*",) + tuple(first.index[1:]), first.years, what,
                            first.limit + say("why.same_cell"), first.step, first.unit,
                            float(np.mean([b.value_per_unit_eur for b in bs])),
                            float(sum(b.value_step_eur for b in bs)),
                            float(sum(b.homes_per_step for b in bs)), "duals",
                            first.refs, [i for b in bs for i in b.rows],
                            [x for b in bs for x in b.slopes], lang=say.code)
        out.append(merged)
    return out


#: The bottleneck re-solves together may take this share of the main solve's simplex and
#: crossover iterations (IPX's own iterations are not counted) ...
RESOLVE_SHARE = 0.05
#: ... and at least this many iterations (small models: every re-solve runs to the end).
RESOLVE_MIN_ITERATIONS = 1_000


def resolve_budget(iterations: dict[str, int]) -> int:
    """Simplex iterations the bottleneck re-solves may use together.

    Counted in iterations, not seconds, so that a report does not depend on the machine:
    :data:`RESOLVE_SHARE` of the main solve's simplex and crossover iterations, at least
    :data:`RESOLVE_MIN_ITERATIONS`.  The default's five re-solves take ~130 iterations and 40
    synthetic regions' ~700 (budget 1,000: all finish); at 342 synthetic regions they would
    take ~6,700 (20 s, a quarter of the main solve) and get 1,000 (5% of its 16,313 crossover
    iterations is 815).
    """
    main = int(iterations.get("simplex", 0)) + int(iterations.get("crossover", 0))
    return max(RESOLVE_MIN_ITERATIONS, int(RESOLVE_SHARE * main))


def _resolve(run_: "Run", items: list[Bottleneck], probe: Probe) -> None:
    """Check the top entries by re-solving the run's LP in place with the limit relaxed one step.

    The re-solves share :func:`resolve_budget`, in two passes.  First each gets an equal part
    of what is left (what one leaves unused goes to the next); then the entries stopped at
    their part go on, best-ranked first, from where they stopped with what the others left.
    An entry whose re-solve still does not finish keeps the duals' value, marked ``method =
    "duals, re-solve stopped"``: that value is an upper bound on the saving (the optimal cost
    is convex in a row bound, so the dual's slope over-states what a finite step saves).
    """
    if not items:
        return
    cp, sol = run_.compiled, run_.solution
    base_obj = float(sol.objective)
    base_bio = probe.bio_homes(sol.x)
    left = resolve_budget(sol.iterations)
    stopped: list[tuple[Bottleneck, Any]] = []
    with InPlace(cp) as ip:

        def attempt(b: Bottleneck, limit: int) -> Any:
            """Re-solve b within ``limit`` iterations; the basis where it stopped, or None."""
            nonlocal left
            lower = BY_NAME[b.family].sense == ">="   # a minimum is relaxed by lowering it
            for i, s in zip(b.rows, b.slopes):
                lo, up = cp.row_lower[i], cp.row_upper[i]
                if lower:
                    ip.set_row(i, lo - s * b.step, up)
                else:
                    ip.set_row(i, lo, up + s * b.step)
            st, x2, _, obj = ip.solve(iteration_limit=limit)
            left -= min(ip.iterations, limit)
            where = ip.stopped_basis()
            for i in b.rows:
                ip.set_row(i, cp.row_lower[i], cp.row_upper[i])
            if where is not None:
                b.method = STOPPED
            _apply_resolve(run_, b, probe, base_obj, base_bio, st, x2, obj)
            return where

        for n, b in enumerate(items):
            limit = left // (len(items) - n)
            if limit < 1:
                b.method = STOPPED
                continue
            if n:
                ip.reset()
            where = attempt(b, limit)
            if where is not None:
                stopped.append((b, where))
        for b, where in stopped:
            if left < 1:
                break
            ip.reset(where)   # on from where it stopped
            attempt(b, left)


def _apply_resolve(run_: "Run", b: "Bottleneck", probe: Probe, base_obj: float, base_bio: float,
                   st: str, x2: np.ndarray | None, obj: float) -> None:
    if st == "Optimal" and x2 is not None:
        b.value_step_eur = (base_obj - obj) * 1e6
        disc = sum(run_.compiled.model.data.discount_factor[t] for t in b.years)
        b.value_per_unit_eur = b.value_step_eur / (b.step * disc) if disc else math.nan
        b.homes_per_step = max(probe.bio_homes(x2) - base_bio, 0.0)
        b.method = "re-solve"

