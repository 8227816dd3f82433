"""Explain the balance in words a policy officer uses: knelpunten, tekort, and why.

Four parts, each usable on its own:

* :func:`presolve_checks` -- plainly impossible inputs, found by arithmetic on the inputs
  before any solve ("the 2030 target needs at least 41 kt of hemp wool, but all regions
  together can make at most 28 kt under the land, rotation and growth limits").
* :func:`bottlenecks` -- the binding constraints ("knelpunten") ranked by what relaxing
  them is worth, from the duals of the solved LP, with consecutive years merged.  The top
  entries are checked by a re-solve (the run's LP in place with that limit raised by one step),
  within an iteration budget (:func:`nabb.explain.bottlenecks.resolve_budget`).
* :func:`diagnose_shortfall` -- when a target has a shortfall (tekort): the chain link that
  runs out first, and the smallest change to that one input (sheet and cell) that closes
  the gap, found by bisection over re-solves.
* :func:`diagnose_infeasible` -- for hard-constrained models (setting ``hard_targets``, a
  minimum domestic share) that are infeasible: an elastic re-solve whose non-zero slacks
  name the rules and input cells in conflict, then the HiGHS IIS (highspy >= 1.13 API).

Units: the LP is scaled (kha, kt, thousand homes, M EUR; see :mod:`nabb.model.data`), so a
dual in M EUR per internal unit is 1,000 EUR per ha, per t or per home.  Duals are values
of the discounted objective: "lowers the system cost by" means the total discounted cost.
Bottleneck and shortfall re-solves reuse the run's own HiGHS object (``lp.InPlace``):
they change row bounds in place, hot-start dual simplex from the optimal basis, and put
bounds, basis, options and the optimal solution back afterwards.  The elastic and IIS
diagnoses add columns, so they work on a copy.

Modules (layer "analysis": they may import nabb's vocabulary, io, inputs, model, solve,
results and run; never reports, pipeline or cli):

* ``sentences`` -- amounts and years in words; the run as the family registry sees it
* ``lp`` -- rows by family, ``InPlace`` re-solves, copies of the LP, ``Probe``
* ``checks`` -- pre-solve checks (:func:`presolve_checks`, :func:`supply_bounds`, CO2)
* ``bottlenecks`` -- binding limits ranked by value (:func:`bottlenecks`)
* ``shortfall`` -- the first link to run out and the bisection (:func:`diagnose_shortfall`)
* ``infeasible`` -- elastic re-solves and the IIS (:func:`diagnose_infeasible`)
* ``idle`` -- existing plants that idle, and why (:func:`idle_plants`)

What each constraint family is (chain link, step, unit, input columns, its sentences and the
input cell a shortfall diagnosis changes) is not written here: the modules loop over the
registry in :mod:`nabb.model.families`.  Input cells are :class:`nabb.io.addressing.InputRef`.
This ``__init__`` holds :class:`Explanation` and :func:`explain`, which runs them all.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from nabb.explain.bottlenecks import MIN_LISTED_EUR, Bottleneck, bottlenecks
from nabb.explain.checks import Finding, presolve_checks
from nabb.explain.idle import idle_plants
from nabb.explain.infeasible import diagnose_infeasible
from nabb.explain.sentences import say_for
from nabb.explain.shortfall import ShortfallDiagnosis, diagnose_shortfall
from nabb.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    from nabb.run import Run

__all__ = ["Bottleneck", "Explanation", "Finding", "MIN_LISTED_EUR", "ShortfallDiagnosis",
           "bottlenecks", "diagnose_infeasible", "diagnose_shortfall", "explain", "idle_plants",
           "presolve_checks"]


@dataclass
class Explanation:
    status: str
    checks: list[Finding]
    bottlenecks: list[Bottleneck]
    shortfall: ShortfallDiagnosis | None
    infeasibility: list[Finding]
    idle: pd.DataFrame | None = None
    lang: str = "en"             # the language of every sentence in it

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
            out["Shortfall"] = pd.DataFrame([{"explanation": text("short.none", self.lang)}])
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
    lang = say_for(run_.inputs).code
    if run_.solution.status == "infeasible":
        ex = Explanation("infeasible", checks, [], None, diagnose_infeasible(run_), lang=lang)
    elif run_.solution.optimal:
        ranked = bottlenecks(run_, resolve_top=resolve_top)
        short = diagnose_shortfall(run_, ranked) if bisect else None
        ex = Explanation("optimal", checks, ranked, short, [], idle_plants(run_), lang=lang)
    else:
        ex = Explanation(run_.solution.status, checks, [], None, [], lang=lang)
    run_._explanation = ex  # type: ignore[attr-defined]
    return ex
