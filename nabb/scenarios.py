"""Named scenarios as changes to the base data (TIMES/VEDA-style deltas).

Each row of the ``scenarios`` sheet changes one column of one sheet, on the rows that
match a filter (``*`` or ``column=value;column=value``), to a new value or by a
multiplier.  A scenario may inherit from another (``parent``); the parent's changes apply
first.  A filter that matches no row is an error, never a silent no-op.
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

from nabb.errors import InputError, Issue, did_you_mean, names
from nabb.inputs import Inputs
from nabb.io.addressing import rows_matching
from nabb.io.reader import validate
from nabb.schema import SETTING_BY_KEY, SETTINGS_SHEET, SHEET_BY_NAME

BASE = "base"


def scenario_names(inputs: Inputs) -> list[str]:
    names = list(dict.fromkeys(inputs.tables["scenarios"]["scenario"].dropna()))
    return names if BASE in names else [BASE] + names


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v).strip()


def _chain(rows: pd.DataFrame, name: str, inputs: Inputs) -> list[str]:
    """[root, ..., name]: the scenarios whose changes apply, parents first."""
    known = set(rows["scenario"].dropna())
    chain: list[str] = []
    current = name
    while current and current != BASE:
        if current in chain:
            raise InputError([Issue(inputs.source, "scenarios", "", "parent", "no inheritance cycle",
                                    " -> ".join(chain + [current]))])
        if current not in known:
            raise InputError([Issue(inputs.source, "scenarios", "", "parent",
                                    f"a scenario defined in the scenarios sheet "
                                    f"({names(sorted(known))})",
                                    f"{current!r} (parent of {chain[-1]!r})"
                                    + did_you_mean(current, known))])
        chain.append(current)
        parents = sorted({_text(p) for p in rows.loc[rows["scenario"] == current, "parent"]} - {""})
        if len(parents) > 1:
            raise InputError([Issue(inputs.source, "scenarios", "", "parent",
                                    f"one parent per scenario ({current!r})", ", ".join(parents))])
        current = parents[0] if parents else ""
    return list(reversed(chain))


def apply_scenario(inputs: Inputs, name: str) -> Inputs:
    """Return a copy of ``inputs`` with scenario ``name`` (and its parents) applied."""
    rows = inputs.tables["scenarios"]
    if name != BASE and name not in set(rows["scenario"]):
        known = scenario_names(inputs)
        raise InputError([Issue(inputs.source, "scenarios", "", "scenario",
                                f"a scenario of the workbook: {names(known)}",
                                repr(name) + did_you_mean(name, known))])
    out = inputs.copy()
    out.scenario = name
    out.changes = []
    excel_rows = inputs.rows.get("scenarios", {})
    base_changes = rows[(rows["scenario"] == BASE) & (rows["sheet"].map(_text) != "")]
    if len(base_changes):
        idx = base_changes.index[0]
        raise InputError([Issue(inputs.source, "scenarios", f"C{excel_rows.get(idx, '')}", "sheet",
                                "no changes in scenario 'base' (base is the data itself; name "
                                "the scenario differently)", repr(base_changes.at[idx, "sheet"]))])
    for scen in _chain(rows, name, inputs):
        for idx, row in rows[rows["scenario"] == scen].iterrows():
            sheet = _text(row["sheet"])
            if not sheet:
                continue  # a row that only names or describes the scenario
            cell = f"A{excel_rows.get(idx, '')}"
            where = Issue(inputs.source, "scenarios", cell, "", "", "")
            out.changes.append(_apply_row(out, row, where))
    issues = [i for i in validate(out) if i.severity == "error"]
    if issues:
        raise InputError([Issue(i.file, i.sheet, i.cell, i.column, i.expected,
                                f"{i.found} (after scenario {name!r})") for i in issues])
    return out


def _apply_row(inputs: Inputs, row: pd.Series, where: Issue) -> dict[str, Any]:
    sheet, column, flt = _text(row["sheet"]), _text(row["column"]), _text(row["filter"]) or "*"
    value, mult = row["value"], row["multiplier"]
    has_value = value is not None and not (isinstance(value, float) and math.isnan(value))
    has_mult = mult is not None and not (isinstance(mult, float) and math.isnan(mult))
    if has_value == has_mult:
        raise InputError([Issue(where.file, where.sheet, where.cell, "value",
                                "exactly one of value or multiplier", f"value={value!r}, multiplier={mult!r}")])
    if sheet == SETTINGS_SHEET:
        head, _, key = (p.strip() for p in flt.partition("="))
        key = key if head == "key" else ""
        if column not in ("", "value", key):
            raise InputError([Issue(where.file, where.sheet, where.cell, "column",
                                    "value (settings rows change the value of the key in the filter)",
                                    repr(column))])
        if key not in SETTING_BY_KEY:
            raise InputError([Issue(where.file, where.sheet, where.cell, "filter",
                                    f"key=<setting> with a setting in {names(sorted(SETTING_BY_KEY))}",
                                    repr(flt) + did_you_mean(key, SETTING_BY_KEY))])
        old = inputs.settings[key]
        spec = SETTING_BY_KEY[key]
        if spec.type == "str":  # the report language is not a lever of the model
            raise InputError([Issue(where.file, where.sheet, where.cell, "filter",
                                    "a numeric setting (a scenario changes numbers)",
                                    f"{flt!r}: {key} is text")])
        new = float(value) if has_value else float(old) * float(mult)
        if (spec.min is not None and new < spec.min) or (spec.max is not None and new > spec.max):
            raise InputError([Issue(where.file, where.sheet, where.cell, "value",
                                    f"a value of {key} in [{spec.min}, {spec.max}]", repr(new))])
        inputs.settings[key] = int(new) if spec.type in ("int", "year") else new
        return {"scenario": row["scenario"], "sheet": sheet, "column": key, "filter": flt,
                "rows": 1, "old": f"{old:g}" if isinstance(old, (int, float)) else str(old),
                "new": f"{inputs.settings[key]:g}"}
    if sheet not in SHEET_BY_NAME:
        raise InputError([Issue(where.file, where.sheet, where.cell, "sheet",
                                f"one of {names(sorted(SHEET_BY_NAME) + [SETTINGS_SHEET])}",
                                repr(sheet) + did_you_mean(sheet, [*SHEET_BY_NAME, SETTINGS_SHEET]))])
    spec = SHEET_BY_NAME[sheet]
    if column not in spec.column_names or spec.column(column).type not in ("float", "int", "year"):
        numeric = [c.name for c in spec.columns if c.type in ("float", "int", "year")]
        raise InputError([Issue(where.file, where.sheet, where.cell, "column",
                                f"a numeric column of {sheet}: {numeric}", repr(column))])
    frame = inputs.tables[sheet]
    mask = rows_matching(frame, flt, where)
    if not mask.any():
        raise InputError([Issue(where.file, where.sheet, where.cell, "filter",
                                f"a filter that matches at least one row of {sheet}",
                                f"{flt!r} matches none")])
    col = spec.column(column)
    old = frame.loc[mask, column].copy()
    if has_value:
        new = pd.Series(float(value), index=old.index)
    else:
        if old.isna().any():
            raise InputError([Issue(where.file, where.sheet, where.cell, "multiplier",
                                    f"rows whose {column} has a value to multiply", "blank cells")])
        new = old.astype(float) * float(mult)
    if (col.min is not None and (new < col.min).any()) or (col.max is not None and (new > col.max).any()):
        raise InputError([Issue(where.file, where.sheet, where.cell, "value",
                                f"{column} in [{col.min}, {col.max}]", f"{new.min()}..{new.max()}")])
    if col.type in ("int", "year"):
        frame[column] = frame[column].astype(object)
        frame.loc[mask, column] = [int(round(v)) for v in new]
    else:
        frame.loc[mask, column] = new.values
    return {"scenario": row["scenario"], "sheet": sheet, "column": column, "filter": flt,
            "rows": int(mask.sum()),
            "old": ", ".join(f"{v:g}" if isinstance(v, (int, float)) else str(v) for v in old.head(5)),
            "new": ", ".join(f"{v:g}" for v in new.head(5))}
