"""Addressing input cells: by filter (the scenarios and uncertainty sheets: sheet, column,
``column=value;...``) and by key (:func:`find_ref`: the Excel cell behind one input value,
which explanations cite)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from nabb.errors import InputError, Issue
from nabb.inputs import Inputs
from nabb.schema import FIRST_DATA_ROW, SHEET_BY_NAME


def rows_matching(frame: pd.DataFrame, flt: str, where: Issue) -> pd.Series:
    """Rows of ``frame`` that the filter ``flt`` (``column=value;...``, ``*`` for all) selects;
    ``where`` locates the filter cell for the error."""
    mask = pd.Series(True, index=frame.index)
    flt = (flt or "*").strip()
    if flt == "*":
        return mask
    for part in flt.split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise InputError([Issue(where.file, where.sheet, where.cell, "filter",
                                    "column=value pairs separated by ;", repr(flt))])
        col, value = (s.strip() for s in part.split("=", 1))
        if col not in frame.columns:
            raise InputError([Issue(where.file, where.sheet, where.cell, "filter",
                                    f"a column of the target sheet ({', '.join(frame.columns)})",
                                    repr(col))])
        if value == "*":
            continue
        series = frame[col]
        as_text = series.map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v))
                             else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)))
        mask &= as_text == value
    return mask


# ----------------------------------------------------------------------------- input cells
@dataclass(frozen=True)
class InputRef:
    """One input cell: sheet, column, Excel cell and the row's key, with its value."""
    sheet: str
    column: str
    key: str
    cell: str = ""
    value: Any = None
    index: int | None = None   # frame index (None for settings)

    @property
    def where(self) -> str:
        if self.sheet == "settings":
            return f"settings!{self.column}"
        cell = f"!{self.cell}" if self.cell else ""
        return f"{self.sheet}{cell} ({self.column}, {self.key})"


def _cell(inputs: Inputs, sheet: str, idx: int, column: str) -> str:
    spec = SHEET_BY_NAME[sheet]
    j = spec.column_names.index(column) + 1
    row = inputs.rows.get(sheet, {}).get(idx)
    if row is None:  # in-memory inputs: the template layout (data from row 3, schema order)
        row = idx + FIRST_DATA_ROW
    return f"{get_column_letter(j)}{row}"


def find_ref(inputs: Inputs, sheet: str, column: str, **match: Any) -> InputRef | None:
    """The cell of ``column`` in the first row of ``sheet`` whose columns equal ``match``."""
    frame = inputs.tables.get(sheet)
    if frame is None or not len(frame):
        return None
    mask = pd.Series(True, index=frame.index)
    for k, v in match.items():
        col = frame[k]
        if k == "year":
            mask &= pd.to_numeric(col, errors="coerce") == v
        else:
            mask &= col.astype(str) == str(v)
    hits = frame.index[mask]
    if not len(hits):
        return None
    i = int(hits[0])
    key = ", ".join(f"{k}={v}" for k, v in match.items())
    return InputRef(sheet, column, key, _cell(inputs, sheet, i, column), frame.at[i, column], i)


def setting_ref(inputs: Inputs, key: str) -> InputRef:
    """The settings cell ``key`` (settings are addressed by name, not by cell)."""
    return InputRef("settings", key, key, "", inputs.settings.get(key), None)
