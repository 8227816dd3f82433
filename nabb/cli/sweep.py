"""Commands ``nabb sweep`` and ``nabb compare`` (registered by nabb.cli._register_commands)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from nabb.cli.common import _fail, _say, error_language, remember_language
from nabb.cli.options import many_solves_options
from nabb.errors import EXIT_INTERRUPTED, EXIT_SOLVER_FAILURE, NabbError

#: Seconds a sweep waits for the first dask worker of a --scheduler (--worker-timeout).
WORKER_TIMEOUT_S = 60.0


def _positive_seconds(ctx: click.Context, param: click.Parameter, value: float | None):
    if value is not None and not (value > 0):
        raise click.BadParameter(f"expected a positive number of seconds, found {value!r}",
                                 param_hint=f"--{param.name.replace('_', '-')}")
    return value


@click.command("sweep")
@click.argument("workbook", required=False, type=click.Path(dir_okay=False), is_eager=True)
@click.option("--scenario", default="base", show_default=True, help="Scenario the sweep starts from.")
@click.option("--param", "params", multiple=True, required=True, metavar="LEVER",
              help="Numeric lever of the policy or settings sheet, e.g. carbon_price, "
                   "min_domestic_share, discount_rate, loan_interest_rate. Twice for a 2-D grid.")
@click.option("--values", "values", multiple=True, required=True, metavar="SPEC",
              help="start:stop:step (stop included) or a list a,b,c; one per --param.")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Output folder [default: sweeps/<scenario>_<params>].")
@click.option("--year", type=int, default=None, help="Year of the KPIs [default: 2030, else the last year].")
@many_solves_options("point")
@click.option("--worker-timeout", type=float, default=WORKER_TIMEOUT_S, show_default=True,
              callback=_positive_seconds,
              help="Seconds to wait for the first worker of --scheduler before giving up (exit 3).")
@click.option("--chunk-size", type=int, default=None,
              help="Points per task on a worker [default: points / (2 x workers)].")
@click.option("--retries", type=int, default=1, show_default=True,
              help="Times a task lost with its worker is resubmitted before its points are reported failed.")
@click.option("--lang", "lang", type=click.Choice(["nl", "en"]), default=None,
              is_eager=True,
              help="Language of the console lines, sweep.xlsx and sweep.png: nl (Dutch) or en "
                   "(English); sweep.csv keeps the raw keys. Default: the workbook's 'language' "
                   "setting; Dutch for nabb's default data, else English.")
def sweep(workbook, scenario, params, values, out_dir, year, workers, scheduler, worker_timeout,
          chunk_size, retries, solver_options, time_limit, rebuild, no_progress, lang) -> None:
    """Solve a range of values of one or two levers, fast (build once, hot-start re-solves).

    \b
    Writes sweep.csv, sweep.xlsx (with native line charts), sweep.png and sweep.json:
    one row per value with the biobased share and shortfall, hectares per crop, processing
    capacity, CO2 stored, carbon credits, farmer income per ha, import share, total cost and
    the marginal cost of the target.  Ctrl-C keeps the points already solved.
    Exit codes: 0 all optimal, 2 invalid input, 3 a point failed, 4 a point infeasible or
    out of time, 130 interrupted.

    \b
    Examples:
      nabb sweep --param carbon_price --values 0:200:10
      nabb sweep my.xlsx --scenario housing_100k --param carbon_price --values 0,50,100,200
      nabb sweep --param carbon_price --values 0:300:25 --param loan_interest_rate --values 0,0.03,0.07
      nabb sweep --param carbon_price --values 0:500:1 --workers 2
      nabb sweep --param carbon_price --values 0:1000:1 --scheduler tcp://10.0.0.5:8786
    """
    from nabb import pipeline
    from nabb.reports.sweep import write_outputs
    from nabb.reports.labels import lever_measure, lowered
    from nabb.reports.console import status_word
    from nabb.reports.sweep_text import console_table, how_it_ran, steady_sentences
    from nabb.sweep.levers import parse_values, resolve_lever
    from nabb.sweep.run import run_sweep, workers_note

    if len(params) != len(values):
        raise click.UsageError("give one --values for each --param")
    if len(params) > 2:
        raise click.UsageError("at most two --param (a 2-D grid)")
    from nabb.io.outputs import precheck_dir
    say = None
    try:
        levers = [resolve_lever(p) for p in params]
        vals = [parse_values(v) for v in values]
        sources = [workbook or pipeline.DEFAULT_WORKBOOK]
        inputs = pipeline.load(workbook, scenario, progress=_say, lang=lang)
        say = pipeline.language(inputs)
        remember_language(say.code)
        out = Path(out_dir) if out_dir else (Path("sweeps") /
                                             f"{scenario}_{'_'.join(lv.name for lv in levers)}")
        precheck_dir(out, inputs=sources)  # refuse before solving, not after
        n = 1
        for v in vals:
            n *= len(v)
        _say(say("sweep.sweeping", levers=" x ".join(
            say("sweep.lever_values", lever=lowered(lever_measure(lv, say.code).label),
                count=len(v)) for lv, v in zip(levers, vals)), n=say.num(n), scenario=scenario))
        res = run_sweep(inputs, levers, vals, year=year, workers=workers, scheduler=scheduler,
                           options=solver_options, time_limit=time_limit,
                           chunk_size=chunk_size, progress=not no_progress, retries=retries,
                           force_rebuild=rebuild, worker_timeout=worker_timeout)
    except NabbError as err:
        _fail(err, say.code if say else error_language(lang, err, workbook))
        return
    how = how_it_ran(res, say.code)
    _say(how[:1].lower() + how[1:])
    if res.workers_note:
        _say(workers_note(res.workers_why, say.code) or res.workers_note)
    try:
        paths = write_outputs(res, out, inputs=sources, lang=say.code)
    except NabbError as err:
        _fail(err, say.code)
        return
    st = res.statuses
    for line in console_table(res, lang=say.code):
        click.echo(line)
    for line in steady_sentences(res, lang=say.code):
        click.echo(line)
    states = (say("sweep.all_optimal") if set(st) == {"optimal"} else
              ", ".join(f"{k} {v}" if say.code == "en" else f"{status_word(k, say)} {say.num(v)}"
                        for k, v in sorted(st.items())))
    click.echo(say("sweep.solved", n=say.num(len(res.frame)), total=say.num(res.timings["total_s"], 1),
                   setup=say.num(res.timings["setup_s"], 1), states=states))
    click.echo(say("sweep.written", out=out))
    if res.interrupted:
        _say(say("sweep.interrupted"))
        sys.exit(EXIT_INTERRUPTED)
    if st.get("failed", 0) or st.get("not_run", 0):
        sys.exit(EXIT_SOLVER_FAILURE)
    if set(st) - {"optimal"}:
        sys.exit(4)
    sys.exit(0)


@click.command("compare")
@click.argument("report_dirs", nargs=-1, required=True, type=click.Path(file_okay=False, exists=True))
@click.option("-o", "--output", default="compare.xlsx", show_default=True, type=click.Path(dir_okay=False))
@click.option("--year", type=int, default=None, help="Year of the hectares-per-crop chart [default: 2030].")
@click.option("--force", is_flag=True,
              help="Overwrite an existing file that nabb did not write (never an input).")
@click.option("--lang", "lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language of compare.xlsx and the console lines: nl (Dutch) or en "
                   "(English). Default: the first report's 'language' setting; Dutch for "
                   "reports of nabb's default data, else English.")
def compare(report_dirs, output, year, force, lang) -> None:
    """Compare report folders against the first: inputs cell by cell, KPIs, regions, duals.

    \b
    REPORT_DIRS are folders written by `nabb run` (reports/<scenario>).
    The workbook leads with the KPIs that changed, in words and units; then the input
    differences, every KPI per year (KPI deltas), hectares and capacity per
    region side by side, changes in prices and in the marginal cost of the target, and
    native charts (biobased share per year per scenario, hectares per crop in 2030).

    \b
    Examples:
      nabb run --all --out reports
      nabb compare reports/base reports/high_carbon_price reports/housing_100k -o compare.xlsx
    """
    from nabb.compare import compare_reports
    from nabb.reports.compare import check_output, write_workbook
    if len(report_dirs) < 2:
        raise click.UsageError("give at least two report folders")
    folders = [Path(d) for d in report_dirs]
    try:
        check_output(folders, Path(output), force)  # refuse before reading, not after
        comparison = compare_reports(folders)
        lang = comparison.language(lang)
        write_workbook(comparison, Path(output), year=year, force=force, lang=lang)
    except NabbError as err:
        _fail(err, lang or "en")
        return
    from nabb.i18n import Lang
    for line in comparison.lines(lang):
        click.echo(line)
    click.echo(Lang(lang)("compare.wrote", path=output))
