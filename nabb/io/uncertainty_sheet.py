"""Checks of the ``uncertainty`` sheet: ranges of uncertain inputs (issue 15's inputs).

Each row addresses cells the way the scenarios sheet does (sheet, column, filter) and gives a
distribution.  A plain ``nabb run`` does not sample from it; these checks make sure that a
sampler can trust every row: the cells exist, the distribution's parameters are complete and
ordered, draws stay inside the addressed column's range, and each correlation group has a
positive semi-definite (equicorrelation) matrix.  Every problem is an :class:`Issue` at its cell.
"""
from __future__ import annotations

import math
from typing import Any, Callable

import pandas as pd

from nabb.errors import InputError
from nabb.io.addressing import rows_matching
from nabb.schema import SETTING_BY_KEY, SETTINGS_SHEET, SHEET_BY_NAME
from nabb.schema import UNCERTAINTY_SHEET as SHEET

#: Sheets whose cells an uncertainty row may not address (they hold no model data).
NOT_ADDRESSABLE = {"uncertainty", "scenarios", "sources"}


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def _text(v: Any) -> str:
    return "" if _blank(v) else str(v).strip()


def parse_values(text: str) -> list[float]:
    """'8.4;6.9;7.3' -> [8.4, 6.9, 7.3]; raises ValueError on anything else."""
    parts = [p.strip() for p in str(text).split(";") if p.strip()]
    values = [float(p) for p in parts]
    if any(not math.isfinite(v) for v in values):
        raise ValueError("not finite")
    return values


def support(row: pd.Series) -> tuple[float, float] | None:
    """Smallest and largest value a draw of this row can take (None: unbounded or unknown)."""
    dist = _text(row["distribution"])
    if dist in ("triangular", "uniform"):
        return float(row["low"]), float(row["high"])
    if dist == "discrete":
        values = parse_values(row["values"])
        return min(values), max(values)
    if dist in ("normal", "lognormal") and not _blank(row["low"]) and not _blank(row["high"]):
        return float(row["low"]), float(row["high"])
    if dist == "lognormal":
        return 0.0, math.inf
    return None


def check_uncertainty(tables: dict[str, pd.DataFrame], settings: dict[str, Any],
                      add: Callable[[str, int, str, str, str], None]) -> None:
    """Validate every row of the uncertainty sheet; ``add(sheet, idx, column, expected, found)``."""
    frame = tables.get(SHEET)
    if frame is None or frame.empty:
        return
    from nabb.errors import Issue

    def err(idx: int, column: str, expected: str, found: str) -> None:
        add(SHEET, idx, column, expected, found)

    groups: dict[str, list[int]] = {}
    for idx, row in frame.iterrows():
        sheet, column, flt = _text(row["sheet"]), _text(row["column"]), _text(row["filter"]) or "*"
        target = None  # (min, max) of the addressed column
        if sheet == SETTINGS_SHEET:
            head, _, key = (p.strip() for p in flt.partition("="))
            spec = SETTING_BY_KEY.get(key) if head == "key" else None
            if column not in ("value", key):
                err(idx, "column", "value (a settings row samples the value of the key in the "
                    "filter)", repr(column))
            elif spec is None or spec.type not in ("float", "int", "year"):
                numeric = sorted(k for k, s in SETTING_BY_KEY.items() if s.type in ("float", "int", "year"))
                err(idx, "filter", f"key=<numeric setting>, one of {', '.join(numeric)}", repr(flt))
            else:
                target = (spec.min, spec.max)
        elif sheet not in SHEET_BY_NAME or sheet in NOT_ADDRESSABLE:
            names = sorted(set(SHEET_BY_NAME) - NOT_ADDRESSABLE) + [SETTINGS_SHEET]
            err(idx, "sheet", f"a data sheet: {', '.join(names)}", repr(sheet))
        else:
            spec_sheet = SHEET_BY_NAME[sheet]
            numeric = [c.name for c in spec_sheet.columns if c.type in ("float", "int", "year")]
            if column not in numeric:
                err(idx, "column", f"a numeric column of {sheet}: {', '.join(numeric)}", repr(column))
            else:
                col = spec_sheet.column(column)
                target = (col.min, col.max)
                where = Issue("", SHEET, "", "filter", "", "")
                try:
                    mask = rows_matching(tables[sheet], flt, where)
                except InputError as exc:
                    err(idx, "filter", exc.issues[0].expected, exc.issues[0].found)
                    target = None
                else:
                    if not mask.any():
                        err(idx, "filter", f"a filter that matches at least one row of {sheet}",
                            f"{flt!r} matches none")
        if not _check_distribution(idx, row, err):
            continue
        bounds = support(row)
        if target is not None and bounds is not None:
            lo, hi = bounds
            if _text(row["apply"]) == "multiplier":
                if lo < 0 and (target[0] is not None and target[0] >= 0):
                    err(idx, "low", f"multipliers >= 0 (column {column} cannot be negative)",
                        f"{lo:g}")
            else:
                if target[0] is not None and lo < target[0]:
                    err(idx, "low", f"draws within the range of {sheet}.{column} "
                        f"[{target[0]}, {target[1]}]", f"{lo:g}")
                if target[1] is not None and hi > target[1]:
                    err(idx, "high", f"draws within the range of {sheet}.{column} "
                        f"[{target[0]}, {target[1]}]", f"{hi:g}")
        group = _text(row["correlation_group"])
        if group:
            groups.setdefault(group, []).append(idx)
        elif _text(row["correlation"]):
            err(idx, "correlation_group", "a group name when correlations are given", "an empty cell")
    for group, members in groups.items():
        _check_group(frame, group, members, err, add)


def _check_distribution(idx: int, row: pd.Series, err: Callable[[int, str, str, str], None]) -> bool:
    """The distribution's parameters are present and ordered; False when the row is unusable."""
    dist = _text(row["distribution"])
    has = {c: not _blank(row[c]) for c in ("low", "mode", "high", "mean", "sd", "values")}
    needed = {"triangular": ("low", "mode", "high"), "uniform": ("low", "high"),
              "normal": ("mean", "sd"), "lognormal": ("mean", "sd"), "discrete": ("values",)}.get(dist)
    if needed is None:
        return False  # the reader has already reported the disallowed distribution
    ok = True
    for c in needed:
        if not has[c]:
            err(idx, c, f"a value ({dist} needs {', '.join(needed)})", "an empty cell")
            ok = False
    if not ok:
        return False
    low, high = row["low"], row["high"]
    if dist == "triangular":
        if not (low <= row["mode"] <= high) or not low < high:
            err(idx, "mode", "low <= mode <= high and low < high",
                f"low {low:g}, mode {row['mode']:g}, high {high:g}")
            return False
    elif dist == "uniform":
        if not low < high:
            err(idx, "high", "high > low", f"low {low:g}, high {high:g}")
            return False
    elif dist in ("normal", "lognormal"):
        if not row["sd"] > 0:
            err(idx, "sd", "a standard deviation > 0", f"{row['sd']:g}")
            return False
        if dist == "lognormal" and not row["mean"] > 0:
            err(idx, "mean", "a mean > 0 (lognormal)", f"{row['mean']:g}")
            return False
        if has["low"] != has["high"]:
            err(idx, "high" if has["low"] else "low", "both low and high (truncation) or neither",
                "only one of them")
            return False
        if has["low"] and not low < row["mean"] < high:
            err(idx, "mean", "low < mean < high (truncation around the mean)",
                f"low {low:g}, mean {row['mean']:g}, high {high:g}")
            return False
    elif dist == "discrete":
        try:
            values = parse_values(row["values"])
        except ValueError:
            err(idx, "values", "numbers separated by ; (e.g. 8.4;6.9;7.3)", repr(row["values"]))
            return False
        if len(values) < 2:
            err(idx, "values", "at least two values", repr(row["values"]))
            return False
    return True


def _check_group(frame: pd.DataFrame, group: str, members: list[int],
                 err: Callable[[int, str, str, str], None], add) -> None:
    """Pairs name=rho naming other members, one value per pair, one method per group, and a
    correlation matrix that is positive semi-definite (pairs not given are 0)."""
    import numpy as np
    names = [_text(frame.at[idx, "parameter"]) for idx in members]
    pos = {n: i for i, n in enumerate(names)}
    methods = {_text(frame.at[idx, "correlation_method"]) or "rank" for idx in members}
    if len(methods) > 1:
        err(members[-1], "correlation_method", f"one method for all rows of group {group!r}",
            ", ".join(sorted(methods)))
    if len(members) < 2:
        add(SHEET, members[0], "correlation_group", "at least two rows in a correlation group",
            f"group {group!r} has one row", "warning")
        return
    matrix = np.eye(len(names))
    given: dict[tuple[int, int], float] = {}
    ok = True
    for idx, name in zip(members, names):
        for part in [x for x in _text(frame.at[idx, "correlation"]).split(";") if x.strip()]:
            other, _, val = (x.strip() for x in part.partition("="))
            try:
                rho = float(val)
            except ValueError:
                err(idx, "correlation", "name=rho pairs separated by ; (e.g. yield_hemp=0.6)", repr(part))
                ok = False
                continue
            if other not in pos or other == name:
                err(idx, "correlation", f"another parameter of group {group!r}: "
                    f"{', '.join(n for n in names if n != name)}", repr(other))
                ok = False
                continue
            if not -1 <= rho <= 1 or not math.isfinite(rho):
                err(idx, "correlation", "a correlation in [-1, 1]", f"{rho:g}")
                ok = False
                continue
            key = tuple(sorted((pos[name], pos[other])))
            if key in given and given[key] != rho:
                err(idx, "correlation", f"one value per pair ({names[key[0]]}, {names[key[1]]})",
                    f"{given[key]:g} and {rho:g}")
                ok = False
                continue
            given[key] = rho
            matrix[key[0], key[1]] = matrix[key[1], key[0]] = rho
    if not ok:
        return
    smallest = float(np.linalg.eigvalsh(matrix).min())
    if smallest < -1e-10:
        err(members[0], "correlation", f"a positive semi-definite correlation matrix for group "
            f"{group!r}", f"smallest eigenvalue {smallest:.3g}")
