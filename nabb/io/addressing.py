"""Addressing cells the way the scenarios and uncertainty sheets do: sheet, column, filter."""
from __future__ import annotations

import math

import pandas as pd

from nabb.errors import InputError, Issue


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
