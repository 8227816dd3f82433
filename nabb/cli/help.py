"""Help pages that never cut a command's summary short.

click shortens each command's summary in a group's ``--help`` to what fits on one line
beside the name ("Check and merge the capacity sheets of regional chain..."). nabb's
groups list the whole first sentence instead, wrapped under the name when it is long.
"""
from __future__ import annotations

import click


class FullHelpGroup(click.Group):
    """A click group whose command list shows each summary in full."""

    group_class = type  # sub-groups made with @group.group() are FullHelpGroups too

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            rows.append((name, cmd.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
