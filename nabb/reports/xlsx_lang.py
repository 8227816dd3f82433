"""report.xlsx in Dutch: the tables' code values and the Summary's columns in the reader's words.

In a Dutch report the code columns (commodity, crop, process, ...) show the Dutch name of a
code nabb knows (:mod:`nabb.i18n.names`; a user's own code stays as it is), the Summary keeps
its Dutch KPI names only, and the units are written in Dutch.  An English report keeps the
codes and the English KPI names only, with its units in English (t/yr, count, homes).  Headers and sheet names are translated when
the sheets are drawn (:mod:`nabb.i18n.columns`).
"""
from __future__ import annotations

import pandas as pd

from nabb.i18n import unit
from nabb.i18n.names import NAMES_NL, name

#: columns whose values are codes with a Dutch name
CODE_COLUMNS = ("commodity", "crop", "process", "segment", "building_type", "line", "basis",
                "origin", "component", "severity", "method", "next_link")


def dutch_codes(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the code columns' values in Dutch (a copy; the frame itself is shared)."""
    cols = [c for c in frame.columns if c in CODE_COLUMNS
            and not pd.api.types.is_numeric_dtype(frame[c])]
    if not cols:
        return frame
    out = frame.copy()
    for c in cols:
        out[c] = [name(v, "nl") if isinstance(v, str) and v in NAMES_NL else v for v in out[c]]
    return out


def dutch_headline(frame: pd.DataFrame) -> pd.DataFrame:
    """The Summary table for a Dutch reader: nr, KPI, unit, years (the English KPI name out)."""
    out = frame.drop(columns=[c for c in ("KPI (EN)",) if c in frame.columns]).copy()

    def kpi(text: object) -> object:
        if not isinstance(text, str):
            return text
        code = text.strip()
        return text[: len(text) - len(text.lstrip())] + name(code, "nl") if code in NAMES_NL else text
    if "KPI (NL)" in out.columns:
        out["KPI (NL)"] = out["KPI (NL)"].map(kpi)
    if "unit" in out.columns:
        out["unit"] = out["unit"].map(lambda u: unit(u, "nl") if isinstance(u, str) else u)
    return out


def english_headline(frame: pd.DataFrame) -> pd.DataFrame:
    """The Summary table for an English reader: nr, KPI, unit, years (the Dutch KPI name out,
    the units in English: "t/jaar" -> "t/yr", "aantal" -> "count", "woningen" -> "homes")."""
    out = frame.drop(columns=[c for c in ("KPI (NL)",) if c in frame.columns])
    out = out.rename(columns={"KPI (EN)": "KPI"})
    if "unit" in out.columns:
        out["unit"] = out["unit"].map(lambda u: unit(u, "en") if isinstance(u, str) else u)
    return out


def headline_for(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Summary table in the reader's language."""
    return dutch_headline(frame) if lang == "nl" else english_headline(frame)
