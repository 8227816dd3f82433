"""Command ``nabb uncertainty`` (registered by nabb.cli._register_commands).  No logic here."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from nabb.cli.common import _fail, _say, error_language, remember_language
from nabb.cli.options import many_solves_options
from nabb.errors import EXIT_INTERRUPTED, EXIT_SOLVER_FAILURE, NabbError


@click.command("uncertainty")
@click.argument("workbook", required=False, type=click.Path(dir_okay=False), is_eager=True)
@click.option("--scenario", default="base", show_default=True, help="Scenario the samples start from.")
@click.option("--samples", type=int, required=True, help="Number of samples (model runs).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sample design.")
@click.option("--method", type=click.Choice(["lhs", "sobol", "random"]), default="lhs", show_default=True,
              help="lhs: Latin hypercube; sobol: Saltelli design and Sobol indices; random: Monte Carlo.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for uncertainty.json, uncertainty.xlsx, uncertainty.html and samples.csv.")
@many_solves_options("sample")
@click.option("--lang", "lang", type=click.Choice(["nl", "en"]), default=None,
              is_eager=True,
              help="Language of the console lines, uncertainty.html and uncertainty.xlsx: nl "
                   "(Dutch) or en (English); uncertainty.json and samples.csv keep the raw keys. "
                   "Default: the workbook's 'language' setting; Dutch for nabb's default data, "
                   "else English.")
def uncertainty(workbook, scenario, samples, seed, method, workers, scheduler, out_dir, solver_options,
                time_limit, rebuild, no_progress, lang) -> None:
    """Sample the uncertain inputs of the uncertainty sheet and solve every sample.

    \b
    Writes DIR/uncertainty.json, uncertainty.xlsx, uncertainty.html and samples.csv: the
    probability of meeting each target per year, P5..P95 of the KPIs per year, no-regret
    and regret investments, and which inputs matter most (PRCC, or Sobol indices with
    --method sobol).  The same seed gives the same results with any number of workers.
    Ctrl-C keeps the samples already solved.
    DIR is replaced whole, and only when nabb wrote it (an empty or new folder is fine).
    Exit codes: 0 done (infeasible samples are counted in the results), 2 invalid input or
    an output folder nabb did not write, 3 a sample failed in the solver, 6 the file system
    refused, 130 interrupted.

    \b
    Examples:
      nabb uncertainty --samples 1000 --out uncertainty/base
      nabb uncertainty my.xlsx --scenario housing_100k --samples 500 --seed 7 --out unc
      nabb uncertainty --samples 4096 --method sobol --workers 2 --out unc_sobol
      nabb uncertainty --samples 100000 --scheduler tcp://10.0.0.5:8786 --out unc_big
    """
    from nabb import pipeline
    from nabb.io.outputs import precheck_dir
    from nabb.reports.uncertainty_outputs import write_outputs
    from nabb.i18n import Lang
    from nabb.reports.uncertainty_words import status_word
    from nabb.uncertainty.run import check_args, run_uncertainty, spec_of

    inputs = None
    # until the workbook is read: --lang, else Dutch for nabb's default data (as pipeline.load)
    say = Lang(lang or ("en" if workbook else "nl"))
    try:
        check_args(samples, method)
        sources = [workbook or pipeline.DEFAULT_WORKBOOK]
        precheck_dir(Path(out_dir), inputs=sources)  # refuse before solving, not after
        inputs = pipeline.load(workbook, scenario, progress=_say, lang=lang)
        say = pipeline.language(inputs)
        remember_language(say.code)
        spec = spec_of(inputs)
        _say(say("unc.start", params=say.num(len(spec.params)), samples=say.num(samples),
                 method=method, seed=seed, scenario=scenario))
        res = run_uncertainty(inputs, spec, samples, seed=seed, method=method, workers=workers,
                              scheduler=scheduler, options=solver_options,
                              time_limit=time_limit, progress=not no_progress, say=_say,
                              force_rebuild=rebuild)
        paths = write_outputs(res, out_dir, inputs=sources, lang=say.code)
    except NabbError as err:  # input lines in the run's language (Dutch for the default data)
        _fail(err, say.code if inputs is not None else error_language(lang, err, workbook))
        return
    except KeyboardInterrupt:
        _say(say("unc.interrupted_early"))
        sys.exit(EXIT_INTERRUPTED)
    st = res.statuses
    s = res.summary
    click.echo(say("unc.done", samples=say.num(s["samples"]), total=say.num(res.timings["total_s"], 1),
                   setup=say.num(res.timings["setup_s"], 1),
                   states=", ".join(f"{status_word(k, say.code)} {say.num(v)}" for k, v in sorted(st.items()))))
    probs = {k: v for k, v in s["probability_target_met"].items() if k.isdigit()}
    if probs:
        click.echo(say("unc.probability_line",
                       years=", ".join(f"{y} {say.pct(p)}" for y, p in probs.items())))
    for kind in ("json", "xlsx", "html", "csv"):
        click.echo(f"{kind}: {paths[kind]}")
    # like nabb sweep's ending, but an infeasible sample is a result here (counted in the
    # probabilities), not a failure: no exit 4, so the two endings stay apart
    if res.interrupted:
        _say(say("unc.interrupted"))
        sys.exit(EXIT_INTERRUPTED)
    if st.get("failed", 0) or st.get("not_run", 0):
        sys.exit(EXIT_SOLVER_FAILURE)
    sys.exit(0)
