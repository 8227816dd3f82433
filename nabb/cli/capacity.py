"""Command line for capacity sheets: ``nabb capacity check|merge`` and ``nabb template capacity``.

Mounted in ``nabb/cli.py`` as ``main.add_command(capacity)`` and
``template.add_command(template_capacity, name="capacity")``.

Exit codes: 0 clean (warnings are listed), 1 warnings only with ``--strict``, 2 errors in
an input.  Every problem prints as one line naming file, sheet, cell, column, expected
and found; never a traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

import click

from nabb.cli.help import FullHelpGroup
from nabb.cli.common import remember_language
from nabb.errors import (EXIT_INVALID_INPUT, EXIT_OK, EXIT_WARNINGS, InputError, Issue, NabbError,
                         error_message, format_issues)

MAX_SHOWN = 200


def _print_issues(issues: Sequence[Issue], err: bool = False, lang: str = "en") -> None:
    """Every issue, capped per column (errors.format_issues) and at MAX_SHOWN lines in all."""
    lines = format_issues(list(issues), lang=lang)
    for i, line in enumerate(lines):
        if i == MAX_SHOWN:
            if lang == "en":
                click.echo(f"  ... and {len(lines) - MAX_SHOWN} more lines", err=err)
            else:
                from nabb.i18n import text
                click.echo(text("issues.lines_more", lang, count=len(lines) - MAX_SHOWN), err=err)
            break
        click.echo(line, err=err)


def _language(option: str | None, workbook: Path | None) -> str:
    """--lang, else the scenario workbook's language setting, else Dutch for nabb's own
    default data (no --workbook), else English (nabb.i18n.resolve_language, as validate)."""
    from nabb.capacity.lists import scenario_language
    from nabb.i18n import resolve_language
    if option:
        return option
    return resolve_language(None, scenario_language(workbook), default_data=workbook is None)


def _fail(exc: BaseException, lang: str = "en") -> None:
    """Print an error as a list of messages and exit with its code (no traceback)."""
    if isinstance(exc, InputError):
        errors = [i for i in exc.issues if i.severity == "error"]
        if lang == "en":
            click.echo(f"{len(errors)} error(s):", err=True)
        else:
            from nabb.i18n import text
            click.echo(text("console.check.errors_head", lang, count=len(errors)), err=True)
        _print_issues(exc.issues, err=True, lang=lang)
        sys.exit(exc.exit_code)
    if isinstance(exc, OSError):
        from nabb.io.outputs import fs_error
        from nabb.i18n import text
        exc = fs_error(exc, getattr(exc, "filename", None) or text("console.a_file", lang),
                       "read or write")
    if isinstance(exc, NabbError):
        head = "ERROR" if lang == "en" else "FOUT"
        click.echo(f"{head} {error_message(exc, lang)}", err=True)
        sys.exit(exc.exit_code)
    from nabb.i18n import text
    click.echo(text("console.internal_error", lang, what=f"{type(exc).__name__}: {exc}"), err=True)
    sys.exit(1)


_FILES = click.Path(dir_okay=False, path_type=Path)


@click.group("capacity", cls=FullHelpGroup)
def capacity() -> None:
    """Check and merge the capacity sheets of regional chain coordinators.

    \b
    Examples:
    A blank sheet for a region:   nabb template capacity groningen.xlsx --region GR
    Check returned sheets:        nabb capacity check sheets/*.xlsx
    Merge them into a scenario:   nabb capacity merge sheets/*.xlsx --into scenario.xlsx -o new.xlsx

    See docs/capacity.md.
    """


@capacity.command("check")
@click.argument("files", nargs=-1, required=True, type=_FILES)
@click.option("--workbook", type=_FILES, default=None,
              help="Scenario workbook whose regions, processes, crops and policy years the "
                   "sheets must use (default: the embedded default workbook).")
@click.option("--strict", is_flag=True, help="Exit with code 1 when there are warnings only.")
@click.option("--annotate", "annotate_out", type=click.Path(path_type=Path), default=None,
              help="Write a copy of the sheet with every problem highlighted and explained in "
                   "a cell comment (the original is never changed). With several FILEs, a "
                   "folder that receives NAME.checked.xlsx for each (replaced as a whole; only "
                   "a folder nabb wrote is replaced).")
@click.option("--force", is_flag=True,
              help="Overwrite an existing annotated file that nabb did not write (never an input).")
@click.option("--lang", "lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language of the issue and summary lines and of the annotated copy's "
                   "comments: nl (Dutch) or en (English). Default: the scenario workbook's "
                   "'language' setting; Dutch for nabb's own default workbook; else English.")
def check_cmd(files: tuple[Path, ...], workbook: Path | None, strict: bool,
              annotate_out: Path | None, force: bool, lang: str | None) -> None:
    """Check capacity sheets and list every error and warning at once.

    \b
    Examples:
      nabb capacity check groningen.xlsx
      nabb capacity check sheets/*.xlsx --workbook scenario.xlsx --strict
      nabb capacity check groningen.xlsx --annotate groningen.checked.xlsx

    \b
    Exit codes: 0 no errors (warnings are listed), 1 warnings only with --strict,
    2 errors.
    """
    from nabb.capacity.annotate import annotate
    from nabb.capacity.check import check_files
    from nabb.capacity.text import file_labels
    from nabb.io import outputs

    labels = file_labels(files)
    lang = _language(lang, workbook)
    remember_language(lang)
    sources = [*files, workbook]
    single = annotate_out is not None and len(files) == 1 and annotate_out.suffix.lower() == ".xlsx"
    try:
        if annotate_out is not None:  # refuse a bad output before any work
            if single:
                outputs.check_output_file(annotate_out, sources, force)
            else:
                outputs.precheck_dir(annotate_out, inputs=sources)
        issues = check_files(list(files), workbook=workbook)
        if single:
            with outputs.filesystem_errors(annotate_out):
                annotate(files[0], issues, annotate_out, label=labels[0], lang=lang)
            written = [annotate_out]
        elif annotate_out is not None:
            names = annotated_names(files)

            def fill(tmp: Path) -> None:
                for f, label, name in zip(files, labels, names):
                    annotate(f, [i for i in issues if i.file == label], tmp / name, label=label,
                             lang=lang)

            outputs.replace_dir(annotate_out, fill, inputs=sources, kind="annotated")
            written = [annotate_out / n for n in names]
    except Exception as exc:  # noqa: BLE001 - the CLI boundary
        _fail(exc, lang)
        return
    from nabb.i18n import Lang
    say = Lang(lang)
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    for label in labels:
        mine = [i for i in issues if i.file == label]
        n_err = sum(i.severity == "error" for i in mine)
        status = say("console.check.ok") if not mine else say(
            "console.check.counts", errors=n_err, warnings=len(mine) - n_err)
        click.echo(f"{label}: {status}")
    _print_issues(issues, lang=lang)
    if annotate_out is not None:
        for w in written:
            click.echo(say("console.check.annotated", path=w))
    if errors:
        click.echo(say("console.check.counts", errors=len(errors), warnings=len(warnings)), err=True)
        sys.exit(EXIT_INVALID_INPUT)
    if warnings and strict:
        click.echo(say("console.check.strict", warnings=len(warnings)), err=True)
        sys.exit(EXIT_WARNINGS)
    sys.exit(EXIT_OK)


def annotated_names(files: Sequence[Path]) -> list[str]:
    """NAME.checked.xlsx per file; two files with one name get their folder in the name too
    (sheets_a/gr.xlsx -> sheets_a_gr.checked.xlsx), so no annotated copy overwrites another."""
    from nabb.schema import is_safe_name
    stems = [f.stem for f in files]
    out: list[str] = []
    for f, stem in zip(files, stems):
        name = stem
        if stems.count(stem) > 1:
            parent = Path(f).resolve().parent.name or "root"
            name = f"{parent}_{stem}"
        if not is_safe_name(name):
            name = "".join(ch if is_safe_name(ch) else "_" for ch in name)
        base, n = name, 2
        while f"{name}.checked.xlsx" in out:
            name, n = f"{base}_{n}", n + 1
        out.append(f"{name}.checked.xlsx")
    return out


@capacity.command("merge")
@click.argument("files", nargs=-1, required=True, type=_FILES)
@click.option("--into", "into", required=True, type=_FILES,
              help="Scenario workbook to merge into; it is copied, never changed.")
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="New workbook to write (.xlsx); written only when the merge succeeds.")
@click.option("--force", is_flag=True,
              help="Overwrite an existing file that nabb did not write (never an input).")
@click.option("--lang", "lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language of the issue lines: nl (Dutch) or en (English). Default: the "
                   "--into workbook's 'language' setting, else English.")
def merge_cmd(files: tuple[Path, ...], into: Path, output: Path, force: bool,
              lang: str | None) -> None:
    """Merge checked capacity sheets into a copy of a scenario workbook.

    Rows go to the workbook's capacity and contracted_area sheets, each with its
    provenance (file name, SHA-256, coordinator, date).  Merging a sheet again changes
    nothing; a newer sheet for a region replaces the older one and the changes are
    listed; a plant claimed by two sheets is a conflict and nothing is written.

    \b
    Examples:
      nabb capacity merge sheets/*.xlsx --into scenario.xlsx -o scenario_2026.xlsx
      nabb capacity merge groningen_v2.xlsx --into scenario_2026.xlsx -o scenario_2026b.xlsx
    """
    from nabb.capacity.lists import scenario_language
    from nabb.capacity.merge import merge
    from nabb.i18n import resolve_language, text
    from nabb.io import outputs

    lang = resolve_language(lang, scenario_language(into), default_data=False)
    remember_language(lang)
    try:
        outputs.check_output_file(output, [*files, into], force)
        with outputs.filesystem_errors(output):
            result = merge(list(files), into, output)
    except Exception as exc:  # noqa: BLE001 - the CLI boundary
        _fail(exc, lang)
        return
    if result.warnings:
        click.echo(text("console.merge.warnings", lang, count=len(result.warnings)))
        _print_issues(result.warnings, lang=lang)
    from nabb.i18n.issues import translate  # the merge's lines in the check's words
    for line in result.unchanged:
        click.echo(translate(line, lang))
    for line in result.merged:
        click.echo(text("console.merge.merged", lang, line=translate(line, lang)))
    if result.changes:
        click.echo(text("console.merge.changes", lang))
        for line in result.changes:
            click.echo(f"  {translate(line, lang)}")
    else:
        click.echo(text("console.merge.no_changes", lang))
    click.echo(text("console.merge.written", lang, path=output))


@click.command("template_capacity")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--region", default=None, help="Region code or name to fill in (e.g. GR).")
@click.option("--workbook", type=_FILES, default=None,
              help="Scenario workbook whose regions, processes and crops fill the drop-down "
                   "lists (default: the embedded default workbook).")
@click.option("--force", is_flag=True,
              help="Overwrite an existing file that nabb did not write (never an input).")
@click.option("--lang", "lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language of the instructions sheet: nl (Dutch) or en (English). Default: "
                   "Dutch with nabb's own default workbook, English with --workbook.")
def template_capacity(out: Path, region: str | None, workbook: Path | None, force: bool,
                      lang: str | None) -> None:
    """Write a blank capacity sheet for a regional chain coordinator.

    \b
    Examples:
      nabb template capacity groningen.xlsx --region GR
      nabb template capacity blank.xlsx --workbook scenario.xlsx
      nabb template capacity groningen.xlsx --region GR --lang en
    """
    from nabb.capacity.template import write_capacity_template
    from nabb.io import outputs

    try:
        outputs.check_output_file(out, [workbook], force)
        with outputs.filesystem_errors(out):
            write_capacity_template(out, region=region, workbook=workbook, lang=lang)
    except Exception as exc:  # noqa: BLE001 - the CLI boundary
        _fail(exc)
        return
    click.echo(f"written {out}")
