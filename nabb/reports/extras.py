"""Extension points of the report folder: explanation sheets, native charts, report.html.

``pipeline.write_reports`` calls these three functions for every scenario.  They own
everything in the report beyond the core tables of ``reports/workbook.py``.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from nabb.pipeline import Run


def extra_sheets(run_: "Run") -> dict[str, pd.DataFrame]:
    """Extra tables for report.xlsx (e.g. Bottlenecks, Shortfall)."""
    return {}


def add_charts(wb, run_: "Run") -> None:
    """Native Excel charts added to the report workbook."""


def write_extra_files(run_: "Run", folder: Path) -> None:
    """Extra files in the report folder (e.g. report.html)."""
