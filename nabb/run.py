"""One solve and its record: inputs -> model -> HiGHS -> results, kept together in a :class:`Run`.

Lives below ``explain`` and ``reports`` (both take a Run) and above ``results``; it may import
io, inputs, model, solve and results, never analysis, reports, pipeline or cli.
"""
from __future__ import annotations

import datetime as _dt
import math
import platform
import time
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Callable

from nabb import __version__
from nabb.errors import InputError, Issue
from nabb.guard import check_size
from nabb.i18n import Lang
from nabb.inputs import Inputs
from nabb.model import build
from nabb.model.data import ModelData
from nabb.results import Results, extract
from nabb.solve import Compiled, Solution, compile_model, run

Progress = Callable[[str], None]
#: pre-solve checks on the built model's data: (inputs, data) -> findings
Checks = Callable[[Inputs, ModelData], list]


def _quiet(_: str) -> None:
    pass


def versions() -> dict[str, str]:
    out = {"nabb": __version__, "python": platform.python_version()}
    for pkg in ("pyomo", "highspy", "pandas", "numpy", "openpyxl", "scipy"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:  # pragma: no cover
            out[pkg] = "not installed"
    return out


@dataclass
class Run:
    inputs: Inputs
    compiled: Compiled
    solution: Solution
    results: Results
    timings: dict[str, float] = field(default_factory=dict)
    #: pre-solve findings (nabb.explain.checks.Finding); None when the run did not compute them
    checks: list | None = None


def solve_inputs(inputs: Inputs, options: dict[str, Any] | None = None,
                 time_limit: float | None = None, progress: Progress = _quiet,
                 checks: Checks | None = None) -> Run:
    """Build, hand to HiGHS, solve and extract the results of one scenario's inputs.

    ``checks`` runs on the built model before the hand-off (the pipeline passes
    ``nabb.explain.presolve_checks``; it lives above this module, so it comes in as an argument).
    """
    timings = dict(inputs.timings)
    t0 = time.perf_counter()
    check_size(inputs)
    say = Lang(inputs.settings.get("language") or "en")
    progress(say("console.building"))
    m = build(inputs)
    timings["build_s"] = time.perf_counter() - t0
    findings = checks(inputs, m.data) if checks is not None else None
    for finding in findings or []:
        progress(say("console.presolve_check", severity=getattr(finding, "severity_name",
                                                                 finding.severity),
                     message=finding.message))
    timings["presolve_checks_s"] = time.perf_counter() - t0 - timings["build_s"]
    progress(say("console.handing"))
    cp = compile_model(m)
    timings.update(cp.timings)
    if cp.num_cols == 0:  # validation catches this; a safety net for any other path here
        raise InputError([Issue(inputs.source or "the workbook", "", "", "",
                                f"a model with something to decide (scenario {inputs.scenario})",
                                "0 variables: no demand to meet and nothing to grow, make or "
                                "import")])
    progress(say("console.solving", variables=say.num(cp.num_cols), constraints=say.num(cp.num_rows),
                 nonzeros=say.num(cp.num_nz)))
    sol = run(cp, options=options, time_limit=time_limit)
    timings.update(sol.timings)
    t1 = time.perf_counter()
    if sol.status in ("optimal", "time_limit", "iteration_limit") and math.isfinite(sol.objective) and not any(
            v != v for v in sol.x[:1]):
        res = extract(cp, sol, inputs.scenario)
    else:
        res = Results(scenario=inputs.scenario, status=sol.status, objective_eur=float("nan"),
                      frames={}, kpis=None)  # type: ignore[arg-type]
    timings["results_s"] = time.perf_counter() - t1
    res.meta = {
        "scenario": inputs.scenario,
        "input_file": inputs.source,
        "input_sha256": inputs.sha256,
        "status": sol.status,
        "solver_status": sol.model_status,
        "solver": sol.solver_version,
        "objective_eur": res.objective_eur,
        # whole-horizon discounted objective: chain cost + shortfall penalties - credits - sales
        "objective_discounted_eur": res.objective_eur,
        "shortfall_penalty_eur_per_unit": float(inputs.settings["shortfall_penalty_eur_per_unit"]),
        "max_constraint_violation": sol.max_violation,
        "variables": cp.num_cols, "constraints": cp.num_rows, "nonzeros": cp.num_nz,
        "iterations": sol.iterations,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": versions(), "solver_options": sol.options, "timings": timings,
        "changes": inputs.changes, "warnings": [str(w) for w in inputs.warnings],
    }
    return Run(inputs=inputs, compiled=cp, solution=sol, results=res, timings=timings,
               checks=findings)
