"""The steps wired together: read -> scenario -> build -> solve -> results -> reports.

The CLI calls these functions and only maps their errors to exit codes.
"""
from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from nabb.defaults import DEFAULT_WORKBOOK, is_default_data  # noqa: F401  (re-exported)
from nabb.errors import InputError, SolverError
from nabb.i18n import Lang, resolve_language
from nabb.inputs import Inputs
from nabb.io.reader import read_workbook
from nabb.io.strict_json import dumps
from nabb.io.outputs import output_file, replace_dir
from nabb.model import build
from nabb.results import Results
from nabb.scenarios import apply_scenario
from nabb.compare import write_compare_data
from nabb.explain import presolve_checks
from nabb.run import Progress, Run, long_lived_heap, versions  # noqa: F401  (Run, versions re-exported)
from nabb.run import solve_inputs as _solve
from nabb.solve import compile_model, write_lp

DEFAULT_REPORTS = Path("reports")

def _quiet(_: str) -> None:
    pass


def read_base(workbook: str | Path | None, progress: Progress = _quiet,
              lang: str | None = None) -> Inputs:
    """Read and validate the workbook (the embedded default when None), scenario base.

    The report language is decided here, once (nabb.i18n.resolve_language: ``lang``, else the
    workbook's ``language`` setting, else Dutch for the default data, else English), and kept
    in ``settings["language"]`` for every step that writes text.
    """
    path = Path(workbook) if workbook else DEFAULT_WORKBOOK
    t0 = time.perf_counter()
    # before reading, the language is known from --lang, or for nabb's own default data
    progress(Lang(lang or ("nl" if path == DEFAULT_WORKBOOK else "en"))("console.reading", path=path))
    base = read_workbook(path)
    base.settings["language"] = resolve_language(lang, base.settings.get("language"),
                                                 is_default_data(base.sha256))
    base.timings["read_s"] = time.perf_counter() - t0
    return base


def load(workbook: str | Path | None, scenario: str = "base", progress: Progress = _quiet,
         lang: str | None = None) -> Inputs:
    base = read_base(workbook, progress, lang)
    try:
        return apply_scenario(base, scenario)
    except InputError as err:  # its lines follow the run's language
        err.language = err.language or base.settings.get("language")
        raise


def language(inputs: Inputs) -> Lang:
    """The language a run's texts are written in (English for inputs not read by read_base)."""
    return Lang(inputs.settings.get("language") or "en")


def solve_inputs(inputs: Inputs, options: dict[str, Any] | None = None,
                 time_limit: float | None = None, progress: Progress = _quiet) -> Run:
    """Solve one scenario with the pre-solve checks (nabb.explain) run on the built model."""
    return _solve(inputs, options=options, time_limit=time_limit, progress=progress,
                  checks=presolve_checks)


def time_limit_message(run_: Run, time_limit: float | None = None) -> str:
    """One clear line for a run that stopped at the time or iteration limit: what was found,
    what to do (in the run's language)."""
    say = language(run_.inputs)
    sol = run_.solution
    if sol.status == "iteration_limit":
        its = ", ".join(f"{k} {say.num(v)}" for k, v in sol.iterations.items() if v)
        limits = ", ".join(f"{k}={v}" for k, v in sol.options.items() if k.endswith("iteration_limit"))
        stopped = say("limit.iterations", limits=f" ({limits})" if limits else "",
                      iterations=its or say("limit.no"))
        advice = say("limit.iterations_advice")
    else:
        limit = say("limit.of", seconds=say.g(time_limit, "g")) if time_limit is not None else ""
        stopped = say("limit.time", limit=limit,
                      seconds=say.num(sol.timings.get("solve_s", float("nan")), 1))
        advice = say("limit.time_advice")
    x_ok = sol.x.size > 0 and bool(np.isfinite(sol.x).all())
    if not x_ok:
        best = say("limit.nothing")
    elif math.isfinite(sol.max_violation) and sol.max_violation <= 1e-6:
        best = say("limit.feasible", objective=say.euros(sol.objective * 1e6))
    else:
        best = say("limit.infeasible", violation=say.g(sol.max_violation, ".3g"))
    return say("limit.line", stopped=stopped, status=sol.model_status, best=best, advice=advice)


def diagnosis_lines(run_: Run) -> list[str]:
    """Why an infeasible (hard-constrained) model has no solution, in input terms."""
    from nabb.explain import explain
    ex = explain(run_)
    return [f"{f.link_name}: {f.message}" + (f" [{'; '.join(r.where for r in f.refs)}]" if f.refs else "")
            for f in ex.infeasibility]


def summary_dict(res: Results) -> dict[str, Any]:
    """summary.json content: scenario, status, objective and per-year KPIs."""
    from nabb.io.strict_json import strict as clean

    years: dict[str, Any] = {}
    if res.kpis is not None:
        for row in res.kpis.to_dict("records"):
            y = int(row.pop("year"))
            entry: dict[str, Any] = {"area_ha": {}, "processing_capacity_t": {}, "cost_eur": {}}
            for k, v in row.items():
                head, _, tail = k.partition(".")
                if tail and head not in row:  # "area_ha.hemp" -> area_ha: {hemp: ...}
                    entry.setdefault(head, {})[tail] = clean(v)
                else:  # no family, or a plain KPI of the same name (carbon_income_eur_per_ha)
                    entry[k] = clean(v)
            years[str(y)] = entry
    meta = {k: v for k, v in res.meta.items() if k not in ("warnings",)}
    return {"scenario": res.scenario, "status": res.status, "objective_eur": clean(res.objective_eur),
            "years": years, "run": json.loads(dumps(meta))}


#: Where a run that did not reach optimal writes its diagnosis when an optimal report of the
#: same scenario exists: next to it, so the good report is never replaced by a failure.
FAILED_SUFFIX = ".failed"
FAILED_KIND = "failed-report"


def failed_folder(out_dir: str | Path, scenario: str) -> Path:
    return Path(out_dir) / f"{scenario}{FAILED_SUFFIX}"


def write_reports(run_: Run, out_dir: str | Path, progress: Progress = _quiet,
                  inputs: Sequence[str | Path] | None = None) -> Path:
    """Write reports/<scenario>/ whole: the old folder is replaced only by a complete one.

    Only a folder that nabb wrote is replaced (nabb.io.outputs.replace_dir); ``inputs`` (by
    default the workbook the run read) may not lie in it.  A run that did not reach optimal
    never replaces an optimal report: it goes to reports/<scenario>.failed/ instead (the
    returned folder says where it went).  An optimal run removes a stale .failed folder.
    """
    # the run (model, compiled LP, results) outlives the report: keep the garbage collector's
    # walks off its millions of objects while the report is written (nabb.run.long_lived_heap)
    with long_lived_heap() as settle:
        settle()
        return _write_reports(run_, out_dir, progress, inputs)


def _write_reports(run_: Run, out_dir: str | Path, progress: Progress,
                   inputs: Sequence[str | Path] | None) -> Path:
    from nabb.io.outputs import remove_dir, report_status
    from nabb.reports.workbook import build_report

    if inputs is None:
        inputs = [run_.inputs.source] if run_.inputs.source else []
    scenario = run_.results.scenario
    status = run_.results.status
    target = Path(out_dir) / scenario
    kind = "report"
    if status != "optimal" and report_status(target) == "optimal":
        target, kind = failed_folder(out_dir, scenario), FAILED_KIND
        from nabb.io.outputs import read_marker
        other = read_marker(target) if target.is_dir() and not target.is_symlink() else None
        if other is not None and other.get("kind") != FAILED_KIND:
            from nabb.errors import UnsafeOutputError
            raise UnsafeOutputError(f"refusing to replace {target}: it is the report of the "
                                    f"scenario {target.name!r}, and this failed run of "
                                    f"{scenario!r} would go there; choose another --out")
    progress(language(run_.inputs)("console.writing", path=target))
    t0 = time.perf_counter()

    def fill(tmp: Path) -> None:
        from nabb.reports import extras
        if run_.results.kpis is not None:
            from nabb.kpis import headline
            wb = build_report(run_.results, extras.extra_sheets(run_),
                              headline=headline(run_.results, run_.compiled.model.data),
                              lang=language(run_.inputs).code)
            extras.add_charts(wb, run_)
            from nabb.reports.workbook import save_report
            save_report(wb, tmp / "report.xlsx")
        extras.write_extra_files(run_, tmp)
        write_compare_data(run_, tmp)  # inputs.json and frames.json, read by nabb compare
        run_.results.meta["timings"]["report_s"] = time.perf_counter() - t0
        (tmp / "summary.json").write_text(dumps(summary_dict(run_.results), indent=2))

    replace_dir(target, fill, root=out_dir, inputs=list(inputs), kind=kind, progress=progress,
                status=status)
    if status == "optimal":
        remove_dir(failed_folder(out_dir, scenario), root=out_dir, inputs=list(inputs),
                   kind=FAILED_KIND)
    return target


def export_lp(inputs: Inputs, path: str | Path, sources: Sequence[str | Path] = (),
              force: bool = False) -> None:
    """Write the LP to ``path`` (never onto one of ``sources``; an existing file needs force)."""
    from nabb.io.outputs import check_output_file
    path = Path(path)
    check_output_file(path, sources, force)
    cp = compile_model(build(inputs))
    with output_file(path, sources, force) as tmp:
        real = tmp.with_suffix(path.suffix)  # HiGHS picks the format from the suffix
        try:
            write_lp(cp, str(real))
            real.replace(tmp)
        except SolverError:
            from nabb.errors import FileSystemError
            raise FileSystemError(f"cannot write {path}: HiGHS could not write the model file "
                                  "(full disk, or no permission?)") from None
        finally:
            real.unlink(missing_ok=True)
