"""Shortfall ("tekort"): the chain link that runs out first, and the smallest change to one
input cell that closes the gap, found by bisection over re-solves of the run's LP in place."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from nabb.explain.bottlenecks import Bottleneck, bottlenecks
from nabb.explain.lp import InPlace, Probe, family_rows
from nabb.explain.sentences import context, say_for, years_label
from nabb.i18n import Lang
from nabb.i18n.catalogue import CATALOGUE
from nabb.io.addressing import InputRef, setting_ref
from nabb.model.data import ModelData
from nabb.model.families import BY_NAME, Lever, nice
from nabb.run import solve_inputs
from nabb.units import K

if TYPE_CHECKING:  # pragma: no cover
    from nabb.run import Run


def _lever(run_: "Run", b: Bottleneck) -> Lever | None:
    """The one input cell behind a bottleneck, and how it moves the LP's right-hand sides."""
    family = BY_NAME[b.family]
    if family.lever is None:
        return None
    return family.lever(context(run_), b.index, b.refs, family_rows(run_.compiled))


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
    lang: str = "en"

    def sentence(self, missing: float) -> str:
        where = self.ref.where if self.ref else "?"
        say = Lang(self.lang)
        column = self.ref.column if self.ref else "?"
        if self.needed is not None:
            pct = (f" (+{say.pct(self.needed / self.current - 1)})" if self.current > 0 else "")
            return say("short.closes", column=column, current=say.g(self.current),
                       needed=say.g(self.needed), unit=say.unit(self.unit), pct=pct,
                       missing=say.num(missing), solves=self.solves, where=where)
        nxt = say("short.then", link=self.next_link) if self.next_link else ""
        return say("short.not_alone", column=column, left=say.num(self.left_homes),
                   missing=say.num(missing), next=nxt, where=where)


@dataclass
class ShortfallDiagnosis:
    missing_by_year: dict[int, float]
    first_link: str
    first_year: int
    message: str
    steps: list[ShortfallStep] = field(default_factory=list)
    lang: str = "en"

    @property
    def missing(self) -> float:
        return float(sum(self.missing_by_year.values()))

    def frame(self) -> pd.DataFrame:
        say = Lang(self.lang)
        link = lambda code: say(f"link.{code}") if f"link.{code}" in CATALOGUE else code  # noqa: E731
        rows = []
        for n, s in enumerate(self.steps, start=1):
            rows.append({"option": n, "link": link(s.link), "what": s.what,
                         "input": s.ref.where if s.ref else "", "current_value": s.current,
                         "needed_value": s.needed, "unit": s.unit,
                         "shortfall_left_homes": s.left_homes, "next_link": s.next_link,
                         "explanation": s.sentence(self.missing)})
        head = {"option": 0, "link": link(self.first_link), "what": say("short.summary"), "input": "",
                "current_value": None, "needed_value": None, "unit": "",
                "shortfall_left_homes": self.missing, "next_link": "", "explanation": self.message}
        return pd.DataFrame([head] + rows)


def _bio_reach(d: ModelData, s: str, t: int) -> tuple[float, float]:
    """(units required by the national target, units that have a biobased recipe) in k."""
    total = reach = 0.0
    for (r, ss, b, y), v in d.demand_kunits.items():
        if y == t and ss == s:
            total += v
            if any(d.recipe_is_bio[q] for q in d.recipes_for.get((s, b), [])):
                reach += v
    return d.national_target_share.get((s, t), 0.0) * total, reach


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
    probe = Probe(cp)
    say = say_for(run_.inputs)
    missing = probe.shortfall_homes(run_.solution.x)
    if need > reach + 1e-9:
        threshold = float(run_.inputs.settings["biobased_threshold"])
        shares = sorted({v for v in d.recipe_bio_share.values() if v < threshold}, reverse=True)
        msg = say("short.threshold", year=first_year, homes=say.num(by_year[first_year]),
                  reach=say.num(reach * K), need=say.num(need * K), segment=nice(seg, say),
                  threshold=say.pct(threshold))
        steps = []
        if shares:
            steps.append(_threshold_step(run_, shares, missing))
        return ShortfallDiagnosis(by_year, "recipe threshold", first_year, msg, steps, say.code)
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
    msg = (say("short.first", homes=say.num(missing), years=years, link=first.link_name,
               what=first.what[0].lower() + first.what[1:], limit=first.limit,
               year=min(set(first.years) & set(by_year))) if first else
           say("short.no_limit", homes=say.num(missing), years=years))
    closing = [s for s in steps if s.needed is not None]
    if closing:
        s = closing[0]
        msg += say("short.smallest", where=s.ref.where if s.ref else "", current=say.g(s.current),
                   needed=say.g(s.needed), unit=say.unit(s.unit))
    return ShortfallDiagnosis(by_year, link, first_year, msg, steps, say.code)


def _bisect(run_: "Run", b: Bottleneck, lever: Lever, probe: Probe, missing: float,
            max_iter: int) -> ShortfallStep:
    """Bisection over re-solves of the run's LP in place (restored afterwards)."""
    with InPlace(run_.compiled) as ip:
        return _bisect_in(run_, ip, b, lever, probe, missing, max_iter)


def _bisect_in(run_: "Run", ip: InPlace, b: Bottleneck, lever: Lever, probe: Probe,
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
                nxt = f"{again[0].link_name} ({again[0].what[0].lower() + again[0].what[1:]})"
        return ShortfallStep(b.link, b.what, lever.ref, lever.v0, None, lever.unit, left, nxt, solves,
                             lang=b.lang)
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
                         max(left, 0.0), "", solves, lang=b.lang)


def _threshold_step(run_: "Run", shares: list[float], missing: float) -> ShortfallStep:
    """Lower settings!biobased_threshold to the next recipe share below it and re-solve."""
    ref = setting_ref(run_.inputs, "biobased_threshold")
    say = say_for(run_.inputs)
    solves = 0
    left = missing
    for s in shares:
        inp = run_.inputs.copy()
        inp.settings["biobased_threshold"] = math.floor(s * 1000) / 1000
        solves += 1
        r2 = solve_inputs(inp)
        if r2.solution.optimal:
            left = Probe(r2.compiled).shortfall_homes(r2.solution.x)
            if left <= 0.5:
                return ShortfallStep("recipe threshold", say("short.threshold_what"), ref,
                                     float(ref.value), inp.settings["biobased_threshold"], "t/t",
                                     left, "", solves, lang=say.code)
    return ShortfallStep("recipe threshold", say("short.threshold_what"), ref, float(ref.value), None,
                         "t/t", left, "", solves, lang=say.code)

