"""One solve and its record: inputs -> model -> HiGHS -> results, kept together in a :class:`Run`.

Lives below ``explain`` and ``reports`` (both take a Run) and above ``results``; it may import
io, inputs, model, solve and results, never analysis, reports, pipeline or cli.
"""
from __future__ import annotations

import datetime as _dt
import gc
import math
import platform
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Callable, Iterator

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


_heap_lock = threading.Lock()
_heap_depth = 0
_heap_ours = False


@contextmanager
def long_lived_heap() -> Iterator[Callable[[], None]]:
    """Keep Python's cyclic garbage collector off a run's objects while the run is in use.

    A 342-region run holds about 3 million Python objects (the Pyomo model and its compiled
    form), none of them garbage while the run is used.  Every collection of the generation
    that holds them walks all of them (about 1 s each at 342 regions), and the collector
    made several such walks per run, in whichever step happened to allocate (the pre-solve
    checks paid for the build's).  The yielded ``settle()`` moves every object alive at that
    moment into the permanent generation (``gc.freeze``), which the collector skips; objects
    made afterwards are collected as usual.  When the outermost scope ends, the frozen
    objects go back to the oldest generation (``gc.unfreeze``), so a run that is dropped is
    freed as before.  Scopes nest (``solve_inputs`` inside ``write_reports``); a process that
    froze objects itself keeps them frozen and nabb then freezes nothing.
    """
    global _heap_depth, _heap_ours
    with _heap_lock:
        if _heap_depth == 0:
            _heap_ours = gc.get_freeze_count() == 0
        _heap_depth += 1
        ours = _heap_ours

    def settle() -> None:
        if ours:
            gc.freeze()
    try:
        yield settle
    finally:
        with _heap_lock:
            _heap_depth -= 1
            if _heap_depth == 0 and _heap_ours:
                gc.unfreeze()


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
    The model, its compiled form and the results are kept out of the garbage collector's
    walks while this runs (:func:`long_lived_heap`).
    """
    with long_lived_heap() as settle:
        return _solve_inputs(inputs, options, time_limit, progress, checks, settle)


def _solve_inputs(inputs: Inputs, options: dict[str, Any] | None, time_limit: float | None,
                  progress: Progress, checks: Checks | None, settle: Callable[[], None]) -> Run:
    timings = dict(inputs.timings)
    t0 = time.perf_counter()
    check_size(inputs)
    say = Lang(inputs.settings.get("language") or "en")
    progress(say("console.building"))
    m = build(inputs)
    settle()  # the model's objects live as long as the run: no collector walks over them
    timings["build_s"] = time.perf_counter() - t0
    findings = checks(inputs, m.data) if checks is not None else None
    for finding in findings or []:
        progress(say("console.presolve_check", severity=getattr(finding, "severity_name",
                                                                 finding.severity),
                     message=finding.message))
    timings["presolve_checks_s"] = time.perf_counter() - t0 - timings["build_s"]
    progress(say("console.handing"))
    cp = compile_model(m)
    settle()
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
        "changes": inputs.changes,
        # the input warnings in the run's language (the report's Run sheet lists them)
        "warnings": [w.render(inputs.settings.get("language") or "en") for w in inputs.warnings],
    }
    return Run(inputs=inputs, compiled=cp, solution=sol, results=res, timings=timings,
               checks=findings)
