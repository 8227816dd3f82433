"""The typed inputs the model is built from.

``Inputs.tables`` holds one tidy DataFrame per schema sheet (columns exactly as in
:mod:`nabb.schema`), ``Inputs.settings`` the settings with defaults filled in.  The model
and everything after it see only this object, never openpyxl.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from nabb.errors import Issue


@dataclass
class Inputs:
    tables: dict[str, pd.DataFrame]
    settings: dict[str, Any]
    source: str = ""
    sha256: str = ""
    #: frame index -> Excel row per sheet, so later checks can name the cell.
    rows: dict[str, dict[int, int]] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)
    scenario: str = "base"
    #: changes applied by the scenario (tidy records for the Run sheet).
    changes: list[dict[str, Any]] = field(default_factory=list)
    #: seconds spent reading the workbook (and the like), carried into the Run sheet.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.tables["policy"]["year"])

    def copy(self) -> "Inputs":
        return Inputs(tables={k: v.copy() for k, v in self.tables.items()},
                      settings=dict(self.settings), source=self.source, sha256=self.sha256,
                      rows=copy.deepcopy(self.rows), warnings=list(self.warnings),
                      scenario=self.scenario, changes=list(self.changes),
                      timings=dict(self.timings))
