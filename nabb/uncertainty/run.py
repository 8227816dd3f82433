"""One uncertainty run: spec -> samples -> plan -> solves -> summary (the dict behind uncertainty.json)."""
from __future__ import annotations

import datetime as _dt
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from nabb.errors import InputError, Issue
from nabb.inputs import Inputs
from nabb.uncertainty import stats
from nabb.uncertainty.engine import (Plan, language_of, make_plan, plan_note, run_samples,
                                     signatures)
from nabb.uncertainty.sample import METHODS, draw
from nabb.uncertainty.spec import SHEET, Spec, spec_from_frame
from nabb.units import K

MAX_SAMPLES = 1_000_000


@dataclass
class Result:
    frame: pd.DataFrame
    plan: Plan
    summary: dict[str, Any]
    interrupted: bool
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def statuses(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in self.frame["status"].value_counts().items()}


def spec_of(inputs: Inputs) -> Spec:
    """The spec in the workbook's uncertainty sheet (exit 2 naming the cell when it is wrong)."""
    frame = inputs.tables.get(SHEET)
    if frame is None or not len(frame):
        raise InputError([Issue(inputs.source, SHEET, "", "parameter",
                                "an uncertainty sheet with at least one parameter row",
                                "no such sheet" if frame is None else "no rows")])
    return spec_from_frame(frame, inputs, inputs.rows.get(SHEET, {}))


def check_args(samples: int, method: str) -> None:
    if method not in METHODS:
        raise InputError([Issue("", "", "", "--method", f"one of {', '.join(METHODS)}", repr(method))])
    if not 1 <= samples <= MAX_SAMPLES:
        raise InputError([Issue("", "", "", "--samples", f"1..{MAX_SAMPLES:,}", str(samples))])


def base_plan(inputs: Inputs, options: dict | None, time_limit: float | None) -> dict[str, float]:
    """KPIs of the workbook's own values (the plan whose regrets are counted)."""
    from nabb.model import build
    from nabb.solve import compile_model
    from nabb.uncertainty.engine import _solve, prepared
    from nabb.uncertainty.kpis import Indexer, sample_kpis
    from pyomo.common.errors import InfeasibleConstraintException
    d = prepared(inputs)
    try:
        cp = compile_model(build(d))
    except InfeasibleConstraintException:
        return {}
    sol = _solve(cp, options, time_limit, None)
    if sol.status != "optimal":
        return {}
    return sample_kpis(Indexer.of(cp), d, sol)


def run_uncertainty(inputs: Inputs, spec: Spec, samples: int, seed: int = 0, method: str = "lhs",
                    workers: int = 1, scheduler: str | None = None, client: Any = None,
                    options: dict | None = None, time_limit: float | None = None,
                    progress: bool = False, say: Callable[[str], None] | None = None,
                    force_rebuild: bool = False, chunk_size: int | None = None,
                    chunk_fn: Callable | None = None) -> Result:
    from nabb.model.data import prepare
    check_args(samples, method)
    say = say or (lambda _m: None)
    lang = language_of(inputs)
    t0 = time.perf_counter()
    values = draw(spec, samples, seed, method)
    t_draw = time.perf_counter()
    own_client = own_cluster = None
    if client is None and (scheduler or workers > 1):
        from nabb.sweep.dask import open_client
        say(lang("unc.starting_workers") if not scheduler else lang("unc.connecting", scheduler=scheduler))
        own_client, own_cluster = open_client(scheduler, workers)
        client = own_client
    try:
        group_of = None
        if client is not None and not force_rebuild:
            say(lang("unc.signatures_workers"))
            group_of = signatures(inputs, spec, values, client=client, progress=progress)
        plan = make_plan(inputs, spec, values, options=options, time_limit=time_limit,
                         force_rebuild=force_rebuild, progress=say, group_of=group_of, bar=progress)
        say(plan_note(plan, lang.code))
        say(lang("unc.base_plan"))
        base = base_plan(inputs, options, time_limit)
        rows, interrupted, solve_s = run_samples(plan, workers=workers, client=client,
                                                 progress=progress, chunk_size=chunk_size,
                                                 chunk_fn=chunk_fn)
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()
    frame = pd.DataFrame(rows)
    d0 = prepare(inputs)
    timings = {"draw_s": t_draw - t0, "setup_s": plan.setup_s, "solve_s": solve_s,
               "total_s": time.perf_counter() - t0,
               "solve_s_per_sample_median": float(pd.to_numeric(frame.get("solve_s"), errors="coerce").median())
               if "solve_s" in frame else None}
    t_sum = time.perf_counter()
    summary = summarise(frame, plan, d0, base, seed, method, samples, workers, scheduler, interrupted,
                        timings, inputs)
    timings["summary_s"] = time.perf_counter() - t_sum
    summary["run"]["timings"]["summary_s"] = stats.finite(timings["summary_s"])
    return Result(frame, plan, summary, interrupted, timings)


def summarise(frame: pd.DataFrame, plan: Plan, d0, base: dict[str, float], seed: int, method: str,
              requested: int, workers: int, scheduler: str | None, interrupted: bool,
              timings: dict, inputs: Inputs) -> dict[str, Any]:
    from nabb.run import versions
    names = plan.spec.names
    ok = frame[frame["status"] == "optimal"]
    years = d0.years
    probs, errs = stats.probability_target_met(frame, list(d0.national_target_share), list(d0.regional_target_share))
    statuses = {str(k): int(v) for k, v in frame["status"].value_counts().items()}
    failed = [{"sample": int(r["sample"]), "status": r["status"], "note": str(r.get("note", ""))}
              for _, r in frame[frame["status"] != "optimal"].iterrows()]
    existing_cap: dict[tuple[str, str], float] = {}
    last = years[-1]
    for (r, p, t), kt in d0.existing_cap_kt_per_yr.items():
        if t == last:
            existing_cap[(r, p)] = existing_cap.get((r, p), 0.0) + kt * K * d0.availability_share[p]
    existing_area = {k: v * K for k, v in d0.existing_kha.items()}
    base_inv = {k: v for k, v in base.items() if k.startswith(("new_capacity_t.", "new_area_ha."))}
    heads = stats.headline(years)
    from nabb.uncertainty.sample import sobol_groups
    sens = stats.sensitivity(frame, names, heads, method, plan.values,
                             factors=sobol_groups(plan.spec) if method == "sobol" else None)
    groups = [{"group": i, "mode": g.mode, "samples": g.samples,
               "reference_sample": g.reference, "note": g.note}
              for i, g in enumerate(plan.groups.values())]
    rebuilt = int(frame.get("rebuilt", pd.Series(dtype=object)).fillna(False).astype(bool).sum())
    return {
        "samples": int(len(frame)),
        "samples_requested": int(requested),
        "solved": int(len(ok)),
        "failed": int(len(frame) - len(ok)),
        "statuses": statuses,
        "failed_samples": failed[:1000],
        "seed": int(seed),
        "method": method,
        "interrupted": bool(interrupted),
        "probability_target_met": probs,
        "probability_standard_error": errs,
        "quantiles": stats.quantile_tree(ok, years, d0.crops, d0.processes, d0.land_regions),
        "no_regret": stats.no_regret(ok),
        "regret": stats.regret(ok, base_inv, existing_cap, existing_area),
        "sensitivity": sens,
        "inputs": [{"parameter": p.name, "sheet": p.sheet, "column": p.column, "filter": p.filter,
                    "apply": p.apply, "distribution": p.dist.describe(), "group": p.group,
                    "basis": p.basis, "source": p.source, "centre": stats.finite(c)}
                   for p, c in zip(plan.spec.params, plan.p0)],
        "correlation_groups": [{"group": g.name, "members": list(g.members), "method": g.method,
                                "matrix": g.matrix.tolist()} for g in plan.spec.groups],
        "structure": {"mode": plan.mode, "note": plan.note, "groups": groups, "compiles": plan.compiles,
                      "samples_rebuilt": rebuilt},
        "base_plan": {k: stats.finite(v) for k, v in base.items()
                      if k.startswith(("new_capacity_t.", "new_area_ha.", "total_cost_eur",
                                       "fibre_crop_area_ha.", "biobased_share.", "import_share.",
                                       "marginal_cost_target_eur_per_home.", "co2_credited_t.",
                                       "carbon_income_eur_per_ha.", "shortfall_homes."))
                      or (k.startswith("area_ha.") and k.count(".") == 2)
                      or k.startswith("capacity_t.")},
        "run": {"scenario": inputs.scenario, "input_file": inputs.source, "input_sha256": inputs.sha256,
                "workers": int(workers), "scheduler": scheduler or "",
                "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                "versions": versions(), "timings": {k: stats.finite(v) for k, v in timings.items()},
                "conventions": {"target_met": f"solved and shortfall <= {stats.MET_TOL_HOMES} homes; failed "
                                              "samples count as not met",
                                "no_regret": f"built (> {stats.BUILT_MIN} t/yr or ha) in >= "
                                             f"{stats.NO_REGRET_SHARE:.0%} of solved samples",
                                "regret": f"base-plan investment of which a sample uses < {stats.IDLE_SHARE:.0%} "
                                          "(on top of existing) in the last year, in > 50% of solved samples"}},
    }
