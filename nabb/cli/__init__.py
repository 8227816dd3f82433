"""Command line: the ``nabb`` group and its commands, one module per concern.

Parses arguments, calls the pipeline and the analyses, and maps errors to exit codes; no logic
lives here.  The top layer: it may import anything in nabb, and nothing in nabb imports it.
``run`` (run, validate, template input, export, schema-doc), ``sweep`` (sweep, compare),
``capacity``, ``uncertainty``, ``portal`` (serve, users); ``common``, ``options`` and ``help``
hold what they share.
"""
from __future__ import annotations

import click

from nabb import __version__
from nabb.cli.help import FullHelpGroup
from nabb.errors import EXIT_INTERRUPTED, NabbError, error_lines


class NabbGroup(FullHelpGroup):
    """The top-level group: Ctrl-C anywhere exits 130 with one line, and every error nabb
    raises on purpose exits with its documented code, never with a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:   # in the command's language once it knew it (remember_language)
            from nabb.i18n import text
            click.echo(text("console.interrupted", ctx.meta.get("nabb.lang", "en")), err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except NabbError as err:  # in its language when known (a bad option: --lang, the default data)
            click.echo("\n".join(error_lines(err, getattr(err, "language", None) or "en")), err=True)
            ctx.exit(err.exit_code)


@click.group(cls=NabbGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nabb")
def main() -> None:
    """nabb balances the Dutch biobased building chain (NABB 30-30-30).

    \b
    Examples:
      nabb run                           # the embedded default, scenario base
      nabb run my.xlsx --scenario housing_100k --out reports
      nabb validate my.xlsx
      nabb template input blank.xlsx
      nabb export --format mps -o models/default.mps
    """


@main.group("template")
def template() -> None:
    """Write blank workbooks generated from the schema.

    \b
    Examples:
      nabb template input my_scenario.xlsx
      nabb template capacity groningen.xlsx --region GR
    """


def _register_commands() -> None:
    """Every command lives in its own module; the group only lists them (in help order)."""
    from nabb.cli.capacity import capacity, template_capacity
    from nabb.cli.portal import serve, users
    from nabb.cli.run import export_cmd, run_cmd, schema_doc, template_input, validate_cmd
    from nabb.cli.sweep import compare, sweep
    from nabb.cli.uncertainty import uncertainty
    main.add_command(run_cmd)
    main.add_command(validate_cmd)
    main.add_command(export_cmd)
    main.add_command(schema_doc)
    template.add_command(template_input)
    main.add_command(uncertainty)
    main.add_command(compare)
    main.add_command(sweep)
    main.add_command(capacity)
    main.add_command(serve)
    main.add_command(users)
    template.add_command(template_capacity, name="capacity")


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
