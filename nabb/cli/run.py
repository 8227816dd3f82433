"""Commands ``nabb run``, ``validate``, ``template input``, ``export`` and ``schema-doc``.  No logic here."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from nabb.cli.common import FORCE, _fail, _say, error_language, remember_language
from nabb.cli.options import LANG, solver_options_callback, time_limit_callback
from nabb.errors import EXIT_INFEASIBLE, EXIT_SOLVER_FAILURE, NabbError, format_issues


@click.command("run")
@click.argument("workbook", required=False, type=click.Path(dir_okay=False), is_eager=True)
@click.option("--scenario", "scenarios", multiple=True, help="Scenario name (repeatable). Default: base.")
@click.option("--all", "all_scenarios", is_flag=True, help="Run every scenario in the workbook.")
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(file_okay=False),
              help="Folder that receives <scenario>/ (report.xlsx, report.html, summary.json, "
                   "inputs.json, frames.json).")
@click.option("--solver-option", "solver_options", multiple=True, metavar="KEY=VALUE",
              callback=solver_options_callback,
              help="HiGHS option, e.g. solver=simplex (repeatable).")
@click.option("--time-limit", type=float, default=None, callback=time_limit_callback,
              help="Solver time limit in seconds.")
@LANG
def run_cmd(workbook, scenarios, all_scenarios, out_dir, solver_options, time_limit, lang) -> None:
    """Solve scenarios and write their reports.

    \b
    Without WORKBOOK the embedded default workbook (shipped with nabb) is used.
    Writes OUT/<scenario>/ with report.xlsx, report.html, summary.json, inputs.json and
    frames.json. A run that is not optimal never replaces an optimal report of the same
    scenario: it goes to OUT/<scenario>.failed/ and the console says so.

    \b
    Exit codes:
      0    optimal
      2    invalid input, or an output folder nabb did not write
      3    solver failure
      4    infeasible (the run says why), or stopped at the time or iteration limit
      5    model too large to build
      6    the file system refused (read-only, full disk, permission denied)
      130  interrupted (Ctrl-C)

    \b
    Examples:
      nabb run
      nabb run my.xlsx --scenario base --scenario high_carbon_price
      nabb run my.xlsx --all --out reports --time-limit 120
      nabb run --lang en
    """
    from nabb import pipeline
    from nabb.io.outputs import listing, precheck_dir
    from nabb.reports.console import kpi_lines
    from nabb.scenarios import apply_scenario, scenario_names
    from nabb.solve import LIMIT_STATUSES

    options = solver_options  # checked by solver_options_callback
    say = None
    try:
        base = pipeline.read_base(workbook, progress=_say, lang=lang)
        say = pipeline.language(base)
        remember_language(say.code)
        names = scenario_names(base) if all_scenarios else (list(scenarios) or ["base"])
        sources = [workbook or pipeline.DEFAULT_WORKBOOK]
        for name in names:  # every name and output folder is checked before anything is solved
            apply_scenario(base, name)
            precheck_dir(Path(out_dir) / name, root=out_dir, inputs=sources)
        worst = 0
        for name in names:
            inputs = apply_scenario(base, name)
            _say(say("console.scenario", scenario=name))
            run_ = pipeline.solve_inputs(inputs, options=options, time_limit=time_limit, progress=_say)
            target = pipeline.write_reports(run_, out_dir, progress=_say, inputs=sources)
            for line in kpi_lines(run_.results, say):
                click.echo(line)
            written = listing(target)
            if target.name != name:  # a failed run kept the optimal report of this scenario
                click.echo(say("console.kept", kept=Path(out_dir) / name, path=target,
                               files=", ".join(written)))
            else:
                click.echo(say("console.report", path=target, files=", ".join(written)))
            if run_.results.status != "optimal":
                _say(say("console.solver_status", status=run_.solution.model_status))
            if run_.results.status in LIMIT_STATUSES:
                _say(pipeline.time_limit_message(run_, time_limit))
            if run_.results.status == "infeasible":
                for line in pipeline.diagnosis_lines(run_):
                    click.echo(say("console.why", line=line))
            if run_.results.status != "optimal":
                stopped = run_.results.status in LIMIT_STATUSES + ("infeasible",)
                worst = max(worst, EXIT_INFEASIBLE if stopped else EXIT_SOLVER_FAILURE)
        sys.exit(worst)
    except NabbError as err:
        _fail(err, say.code if say else error_language(lang, err, workbook))


@click.command("validate")
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings only.")
@click.option("--lang", "lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language of the summary line: nl (Dutch) or en (English). Default: the "
                   "workbook's 'language' setting, else English.")
def validate_cmd(workbook, strict, lang) -> None:
    """List every error and warning in WORKBOOK; exit 2 when there are errors.

    \b
    Example:
      nabb validate my.xlsx
    """
    from nabb.i18n import Lang, resolve_language
    from nabb.io.reader import read_workbook
    try:
        inputs = read_workbook(workbook)
    except NabbError as err:  # the lines follow --lang, else the workbook's language setting
        _fail(err, resolve_language(lang, getattr(err, "language", None), default_data=False))
        return
    say = Lang(resolve_language(lang, inputs.settings.get("language"), default_data=False))
    for line in format_issues(inputs.warnings, indent="", lang=say.code):
        click.echo(line)
    click.echo(say("console.valid", workbook=workbook, count=len(inputs.warnings)))
    sys.exit(1 if strict and inputs.warnings else 0)


@click.command("input")
@click.argument("out", type=click.Path(dir_okay=False))
@FORCE
@click.option("--lang", "lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language of the descriptions (cell comments, the settings' descriptions): "
                   "nl (Dutch) or en (English). Default: Dutch, as for nabb's own default "
                   "data. Sheet and column names stay as they are.")
def template_input(out, force, lang) -> None:
    """Write a blank input workbook (headers, units, descriptions, drop-downs from the schema).

    \b
    Examples:
      nabb template input my_scenario.xlsx
      nabb template input my_scenario.xlsx --lang en
    """
    from nabb.i18n import resolve_language
    from nabb.io.outputs import check_output_file, filesystem_errors
    from nabb.io.template import write_input_workbook
    from nabb.i18n import text
    language = resolve_language(lang, None, default_data=True)
    try:
        check_output_file(out, force=force)
        with filesystem_errors(out):
            write_input_workbook(out, lang=language, printable=True)
    except NabbError as err:
        _fail(err)
    click.echo(text("template.wrote", language, path=out))


@click.command("export")
@click.argument("workbook", required=False, type=click.Path(dir_okay=False))
@click.option("--scenario", default="base", show_default=True,
              help="Scenario whose LP is written (a name in the workbook's scenarios sheet).")
@click.option("--format", "fmt", type=click.Choice(["mps", "lp"]), required=True,
              help="MPS (fixed columns, any solver) or CPLEX LP (readable).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="File to write; its suffix follows --format.")
@FORCE
def export_cmd(workbook, scenario, fmt, output, force) -> None:
    """Write the LP (MPS or LP format) so it can be audited with other solvers.

    \b
    Example:
      nabb export --format mps -o models/default_base.mps
    """
    from nabb import pipeline
    out = Path(output)
    if out.suffix.lower() != f".{fmt}":
        out = out.with_suffix(f".{fmt}")
    try:
        source = workbook or pipeline.DEFAULT_WORKBOOK
        from nabb.io.outputs import check_output_file
        check_output_file(out, [source], force)  # before reading: refuse early
        inputs = pipeline.load(workbook, scenario, progress=_say)
        pipeline.export_lp(inputs, out, sources=[source], force=force)
    except NabbError as err:
        _fail(err)
    click.echo(f"wrote {out}")


@click.command("schema-doc")
@click.option("-o", "--output", default="-", help="File to write (default: standard output).")
@FORCE
def schema_doc(output, force) -> None:
    """Print the input schema as Markdown (docs/schema.md is generated by this).

    \b
    Example:
      nabb schema-doc -o docs/schema.md
    """
    from nabb.io.outputs import output_file
    from nabb.schema import schema_markdown
    text = schema_markdown()
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        with output_file(output, force=force) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except NabbError as err:
        _fail(err)
