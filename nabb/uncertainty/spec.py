"""Typed uncertain parameters: what varies, how it is distributed, what moves together.

A :class:`Param` addresses cells exactly like a row of the scenarios sheet (sheet, column,
filter) and carries a :class:`Distribution`.  ``apply = value`` puts the drawn number in
every matched cell; ``apply = multiplier`` multiplies each matched cell by it (for
"every regional flax yield +-10%").  Correlation groups hold pairwise rank correlations;
the matrix of each group must be positive semi-definite.

The spec is read from the workbook's ``uncertainty`` sheet (:func:`spec_from_frame`) or
built in memory (tests, scripts).  Every problem names its cell.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from nabb.errors import InputError, Issue
from nabb.inputs import Inputs
from nabb.schema import (CORRELATION_METHODS, DISTRIBUTIONS, SETTING_BY_KEY, SETTINGS_SHEET,
                         SHEET_BY_NAME, UNCERTAINTY_APPLY)
from nabb.schema import UNCERTAINTY_SHEET as SHEET

#: Columns of the uncertainty sheet, in order (the schema entry uses the same names).
COLUMNS = ("parameter", "sheet", "column", "filter", "apply", "distribution", "low", "mode", "high",
           "mean", "sd", "values", "correlation_group", "correlation", "correlation_method",
           "basis", "source")


@dataclass(frozen=True)
class Distribution:
    """One marginal distribution.  ``low``/``high`` truncate normal and lognormal draws."""
    kind: str
    low: float | None = None
    mode: float | None = None
    high: float | None = None
    mean: float | None = None
    sd: float | None = None
    values: tuple[float, ...] = ()

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF: uniform numbers in (0, 1) -> draws."""
        u = np.clip(np.asarray(u, dtype=float), 1e-12, 1 - 1e-12)
        if self.kind == "uniform":
            return self.low + (self.high - self.low) * u
        if self.kind == "triangular":
            span = self.high - self.low
            if span == 0:
                return np.full_like(u, self.low)
            return stats.triang.ppf(u, (self.mode - self.low) / span, loc=self.low, scale=span)
        if self.kind == "discrete":
            vals = np.asarray(self.values, dtype=float)
            return vals[np.minimum((u * len(vals)).astype(int), len(vals) - 1)]
        dist = self._frozen()
        lo = dist.cdf(self.low) if self.low is not None else 0.0
        hi = dist.cdf(self.high) if self.high is not None else 1.0
        return dist.ppf(lo + (hi - lo) * u)

    def _frozen(self):
        if self.kind == "normal":
            return stats.norm(loc=self.mean, scale=self.sd) if self.sd else _Point(self.mean)
        # lognormal given the mean and sd of the variable itself (not of its logarithm)
        if not self.sd:
            return _Point(self.mean)
        s2 = math.log(1.0 + (self.sd / self.mean) ** 2)
        return stats.lognorm(s=math.sqrt(s2), scale=self.mean * math.exp(-s2 / 2))

    @property
    def support(self) -> tuple[float, float]:
        if self.kind in ("uniform", "triangular"):
            return float(self.low), float(self.high)
        if self.kind == "discrete":
            return float(min(self.values)), float(max(self.values))
        lo = self.low if self.low is not None else (0.0 if self.kind == "lognormal" else -math.inf)
        hi = self.high if self.high is not None else math.inf
        return float(lo), float(hi)

    @property
    def centre(self) -> float:
        """The value the affine model is built around (median of the distribution)."""
        return float(self.ppf(np.array([0.5]))[0])

    def describe(self) -> str:
        if self.kind == "triangular":
            return f"triangular({self.low:g}, {self.mode:g}, {self.high:g})"
        if self.kind == "uniform":
            return f"uniform({self.low:g}, {self.high:g})"
        if self.kind == "discrete":
            return "discrete(" + ", ".join(f"{v:g}" for v in self.values) + ")"
        trunc = ""
        if self.low is not None or self.high is not None:
            trunc = f" in [{'' if self.low is None else f'{self.low:g}'}, " \
                    f"{'' if self.high is None else f'{self.high:g}'}]"
        return f"{self.kind}(mean {self.mean:g}, sd {self.sd:g}){trunc}"


class _Point:
    """A degenerate distribution (sd = 0)."""

    def __init__(self, v: float):
        self.v = v

    def cdf(self, x):
        return 0.0 if x < self.v else 1.0

    def ppf(self, u):
        return np.full_like(np.asarray(u, dtype=float), self.v)


@dataclass(frozen=True)
class Param:
    name: str
    sheet: str
    column: str
    filter: str
    dist: Distribution
    apply: str = "value"
    group: str = ""
    basis: str = ""
    source: str = ""
    row: int = 0                      # Excel row in the uncertainty sheet (0 = in memory)

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True)
class Group:
    name: str
    members: tuple[str, ...]
    matrix: np.ndarray = field(compare=False)
    method: str = "rank"


@dataclass(frozen=True)
class Spec:
    params: tuple[Param, ...]
    groups: tuple[Group, ...] = ()

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.params]


# --------------------------------------------------------------------------- reading

def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def _text(v: Any) -> str:
    return "" if _blank(v) else str(v).strip()


def _cell(column: str, row: int) -> str:
    from openpyxl.utils import get_column_letter
    return f"{get_column_letter(COLUMNS.index(column) + 1)}{row}" if row else ""


def spec_from_frame(frame: pd.DataFrame, inputs: Inputs, excel_rows: dict[int, int] | None = None,
                    file: str = "") -> Spec:
    """Parse and check the uncertainty sheet (one row per parameter) against the inputs."""
    excel_rows = excel_rows or {}
    issues: list[Issue] = []
    params: list[Param] = []
    corr_text: dict[str, tuple[str, int]] = {}
    methods: dict[str, tuple[str, int]] = {}

    def err(row: int, column: str, expected: str, found: str) -> None:
        issues.append(Issue(file or inputs.source, SHEET, _cell(column, row), column, expected, found))

    seen: set[str] = set()
    for idx, rec in frame.iterrows():
        r = excel_rows.get(idx, 0)
        get = lambda c: rec[c] if c in rec.index else None  # noqa: E731
        name = _text(get("parameter"))
        if not name:
            err(r, "parameter", "a parameter name", "an empty cell")
            continue
        if name in seen:
            err(r, "parameter", "each parameter once", repr(name))
            continue
        seen.add(name)
        before = len(issues)
        dist = _distribution(rec, r, err)
        sheet, column, flt = _text(get("sheet")), _text(get("column")), _text(get("filter")) or "*"
        apply = _text(get("apply")) or "value"
        if apply not in UNCERTAINTY_APPLY:
            err(r, "apply", f"one of {', '.join(UNCERTAINTY_APPLY)}", repr(apply))
        group = _text(get("correlation_group"))
        if dist is None or len(issues) > before:
            continue
        p = Param(name, sheet, column, flt, dist, apply, group, _text(get("basis")), _text(get("source")), r)
        found = check_address(p, inputs, file)
        if found:
            issues.extend(found)
            continue
        p = truncate_to_column(p)
        issues.extend(check_param(p, inputs, file))
        params.append(p)
        if group:
            corr_text[name] = (_text(get("correlation")), r)
            m = _text(get("correlation_method")) or "rank"
            if m not in CORRELATION_METHODS:
                err(r, "correlation_method", f"one of {', '.join(CORRELATION_METHODS)}", repr(m))
            elif group in methods and methods[group][0] != m:
                err(r, "correlation_method", f"the same method for the whole group {group!r} "
                    f"({methods[group][0]}, row {methods[group][1]})", repr(m))
            methods.setdefault(group, (m, r))
        elif _text(get("correlation")):
            err(r, "correlation", "a correlation_group for a row with correlations", "no group")
    groups = _groups(params, corr_text, methods, err)
    if issues:
        raise InputError(issues)
    return Spec(tuple(params), tuple(groups))


def _num(rec: pd.Series, col: str, r: int, err) -> float | None:
    v = rec[col] if col in rec.index else None
    if _blank(v):
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        err(r, col, "a number", repr(v))
        return None
    if not math.isfinite(x):
        err(r, col, "a finite number", repr(v))
        return None
    return x


def _distribution(rec: pd.Series, r: int, err) -> Distribution | None:
    kind = _text(rec.get("distribution")).lower()
    if kind not in DISTRIBUTIONS:
        err(r, "distribution", f"one of {', '.join(DISTRIBUTIONS)}", repr(kind or "an empty cell"))
        return None
    low, mode, high = _num(rec, "low", r, err), _num(rec, "mode", r, err), _num(rec, "high", r, err)
    mean, sd = _num(rec, "mean", r, err), _num(rec, "sd", r, err)
    if kind in ("triangular", "uniform"):
        need = ("low", "mode", "high") if kind == "triangular" else ("low", "high")
        vals = {"low": low, "mode": mode, "high": high}
        missing = [c for c in need if vals[c] is None]
        for c in missing:
            err(r, c, f"a number ({kind} needs {', '.join(need)})", "an empty cell")
        if missing:
            return None
        if low > high:
            err(r, "low", f"low <= high ({high:g})", f"{low:g}")
            return None
        if kind == "triangular" and not (low <= mode <= high):
            err(r, "mode", f"low <= mode <= high ({low:g}..{high:g})", f"{mode:g}")
            return None
        return Distribution(kind, low=low, mode=mode if kind == "triangular" else None, high=high)
    if kind == "discrete":
        text = _text(rec.get("values"))
        try:
            values = tuple(float(x) for x in text.replace(",", ";").split(";") if x.strip())
        except ValueError:
            err(r, "values", "numbers separated by ; (e.g. 6.1;6.8;7.4)", repr(text))
            return None
        if not values or not all(math.isfinite(v) for v in values):
            err(r, "values", "at least one number, separated by ;", repr(text or "an empty cell"))
            return None
        return Distribution(kind, values=values)
    # normal, lognormal
    if mean is None:
        err(r, "mean", f"a number ({kind} needs mean and sd)", "an empty cell")
    if sd is None:
        err(r, "sd", f"a number ({kind} needs mean and sd)", "an empty cell")
    if mean is None or sd is None:
        return None
    if sd < 0:
        err(r, "sd", "a standard deviation >= 0", f"{sd:g}")
        return None
    if kind == "lognormal" and mean <= 0:
        err(r, "mean", "a mean > 0 (lognormal)", f"{mean:g}")
        return None
    if low is not None and high is not None and low >= high:
        err(r, "low", f"low < high ({high:g}) (truncation bounds)", f"{low:g}")
        return None
    d = Distribution(kind, low=low, high=high, mean=mean, sd=sd)
    lo, hi = d.support
    if sd > 0 and d._frozen().cdf(hi) - d._frozen().cdf(lo) < 1e-9:
        err(r, "low", f"truncation bounds that keep some probability of {kind}(mean {mean:g}, sd {sd:g})",
            f"[{lo:g}, {hi:g}]")
        return None
    return d


def target_column(p: Param):
    """(min, max, is_integer) of the addressed column or setting."""
    if p.sheet == SETTINGS_SHEET:
        s = SETTING_BY_KEY[_setting_key(p)]
        return s.min, s.max, s.type in ("int", "year")
    col = SHEET_BY_NAME[p.sheet].column(p.column)
    return col.min, col.max, col.type in ("int", "year")


def _setting_key(p: Param) -> str:
    head, _, key = (x.strip() for x in p.filter.partition("="))
    if head == "key" and key:
        return key
    return p.column if p.column in SETTING_BY_KEY else ""


def check_address(p: Param, inputs: Inputs, file: str = "") -> list[Issue]:
    """Problems with sheet, column or filter only (so the range checks can use the column)."""
    found = check_param(p, inputs, file)
    return [i for i in found if i.column in ("sheet", "column", "filter")]


def truncate_to_column(p: Param) -> Param:
    """Normal and lognormal draws (unbounded) are cut at the column's allowed range."""
    if p.dist.kind not in ("normal", "lognormal") or p.apply != "value":
        return p
    lo_c, hi_c, _ = target_column(p)
    low, high = p.dist.low, p.dist.high
    if lo_c is not None and (low is None or low < lo_c):
        low = float(lo_c)
    if hi_c is not None and (high is None or high > hi_c):
        high = float(hi_c)
    if (low, high) == (p.dist.low, p.dist.high):
        return p
    from dataclasses import replace
    return replace(p, dist=replace(p.dist, low=low, high=high))


def check_param(p: Param, inputs: Inputs, file: str = "") -> list[Issue]:
    """The address must match cells of a numeric column, and every draw must stay in its range."""
    from nabb.io.addressing import rows_matching
    f = file or inputs.source
    out: list[Issue] = []

    def bad(column: str, expected: str, found: str) -> list[Issue]:
        return [Issue(f, SHEET, _cell(column, p.row), column, expected, found)]

    if p.sheet == SETTINGS_SHEET:
        key = _setting_key(p)
        if key not in SETTING_BY_KEY or SETTING_BY_KEY[key].type not in ("float", "int", "year"):
            numeric = sorted(k for k, s in SETTING_BY_KEY.items() if s.type in ("float", "int", "year"))
            return bad("filter", f"key=<numeric setting> with a setting in {numeric}", repr(p.filter))
        base = np.array([float(inputs.settings[key])])
    else:
        if p.sheet not in SHEET_BY_NAME or p.sheet == SHEET:
            return bad("sheet", f"one of {', '.join(sorted(set(SHEET_BY_NAME) - {SHEET}) + [SETTINGS_SHEET])}", repr(p.sheet))
        spec = SHEET_BY_NAME[p.sheet]
        numeric = [c.name for c in spec.columns if c.type in ("float", "int", "year")]
        if p.column not in numeric:
            return bad("column", f"a numeric column of {p.sheet}: {numeric}", repr(p.column))
        frame = inputs.tables[p.sheet]
        try:
            mask = rows_matching(frame, p.filter, Issue(f, SHEET, _cell("filter", p.row), "", "", ""))
        except InputError as e:
            return e.issues
        if not mask.any():
            return bad("filter", f"a filter that matches at least one row of {p.sheet}", f"{p.filter!r} matches none")
        base = pd.to_numeric(frame.loc[mask, p.column], errors="coerce").to_numpy(dtype=float)
        if p.apply == "multiplier" and np.isnan(base).any():
            return bad("filter", f"rows whose {p.column} has a value to multiply", "blank cells")
    lo_c, hi_c, _ = target_column(p)
    lo, hi = p.dist.support
    vals = [lo, hi]
    if p.apply == "multiplier":
        vals = [v * b for v in (lo, hi) for b in base if math.isfinite(v)] or [lo]
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return bad("low", "low and high bounds on a normal multiplier (a multiplier needs a finite range)",
                       p.dist.describe())
    col = "low" if p.dist.kind != "discrete" else "values"
    if lo_c is not None and min(vals) < lo_c:
        out += bad(col, f"draws >= {lo_c:g}, the smallest value of {p.sheet}.{p.column or _setting_key(p)} "
                   "(set low to truncate)", f"{p.dist.describe()} reaches {min(vals):g}")
    if hi_c is not None and max(vals) > hi_c:
        out += bad("high" if p.dist.kind != "discrete" else "values",
                   f"draws <= {hi_c:g}, the largest value of {p.sheet}.{p.column or _setting_key(p)} "
                   "(set high to truncate)", f"{p.dist.describe()} reaches {max(vals):g}")
    return out


def _groups(params: Sequence[Param], corr_text: dict[str, tuple[str, int]],
            methods: dict[str, tuple[str, int]], err) -> list[Group]:
    by_group: dict[str, list[Param]] = {}
    for p in params:
        if p.group:
            by_group.setdefault(p.group, []).append(p)
    out = []
    for g, members in by_group.items():
        names = [p.name for p in members]
        pos = {n: i for i, n in enumerate(names)}
        n = len(names)
        C = np.eye(n)
        given: dict[tuple[int, int], tuple[float, int]] = {}
        ok = True
        for p in members:
            text, r = corr_text.get(p.name, ("", p.row))
            for part in [x for x in text.split(";") if x.strip()]:
                other, _, val = part.partition("=")
                other = other.strip()
                try:
                    rho = float(val)
                except ValueError:
                    err(r, "correlation", "name=rho pairs separated by ; (e.g. yield_hemp=0.6)", repr(part))
                    ok = False
                    continue
                if other not in pos or other == p.name:
                    err(r, "correlation", f"another parameter of group {g!r} ({', '.join(x for x in names if x != p.name)})",
                        repr(other))
                    ok = False
                    continue
                if not -1 <= rho <= 1:
                    err(r, "correlation", "a correlation in [-1, 1]", f"{rho:g}")
                    ok = False
                    continue
                key = tuple(sorted((pos[p.name], pos[other])))
                if key in given and given[key][0] != rho:
                    err(r, "correlation", f"the same correlation as row {given[key][1]} ({given[key][0]:g})", f"{rho:g}")
                    ok = False
                    continue
                given[key] = (rho, r)
                C[key[0], key[1]] = C[key[1], key[0]] = rho
        if not ok:
            continue
        eig = float(np.linalg.eigvalsh(C).min()) if n else 0.0
        if eig < -1e-10:
            rows = sorted({r for _, r in given.values()})
            first = min(rows) if rows else members[0].row
            err(first, "correlation", f"a positive semi-definite correlation matrix for group {g!r} "
                f"(rows {', '.join(str(x) for x in rows)})", f"smallest eigenvalue {eig:.3g}")
            continue
        out.append(Group(g, tuple(names), C, methods.get(g, ("rank", 0))[0]))
    return out


def spec_from_records(records: Sequence[dict[str, Any]], inputs: Inputs) -> Spec:
    """In-memory spec (tests and scripts): dicts with the uncertainty sheet's column names."""
    frame = pd.DataFrame(list(records), columns=list(COLUMNS))
    return spec_from_frame(frame, inputs, {i: i + 3 for i in range(len(frame))}, file="<memory>")


# --------------------------------------------------------------------------- applying a draw

@dataclass
class Target:
    sheet: str
    column: str            # setting key for the settings sheet
    index: np.ndarray      # frame positions
    base: np.ndarray       # current values (for multipliers)
    apply: str
    integer: bool


class Applier:
    """Writes one draw of every parameter into a copy of the inputs (positions found once)."""

    def __init__(self, inputs: Inputs, spec: Spec):
        from nabb.io.addressing import rows_matching
        self.inputs = inputs
        self.targets: list[Target] = []
        for p in spec.params:
            _, _, integer = target_column(p)
            if p.sheet == SETTINGS_SHEET:
                key = _setting_key(p)
                self.targets.append(Target(SETTINGS_SHEET, key, np.zeros(0, dtype=int),
                                           np.array([float(inputs.settings[key])]), p.apply, integer))
                continue
            frame = inputs.tables[p.sheet]
            mask = rows_matching(frame, p.filter, Issue(inputs.source, SHEET, "", "", "", "")).to_numpy()
            idx = np.flatnonzero(mask)
            base = pd.to_numeric(frame[p.column], errors="coerce").to_numpy(dtype=float)[idx]
            self.targets.append(Target(p.sheet, p.column, idx, base, p.apply, integer))
        self.sheets = sorted({t.sheet for t in self.targets if t.sheet != SETTINGS_SHEET})

    def apply(self, values: Sequence[float]) -> Inputs:
        src = self.inputs
        tables = dict(src.tables)
        for s in self.sheets:
            tables[s] = src.tables[s].copy()
        settings = dict(src.settings)
        for t, v in zip(self.targets, values):
            new = t.base * float(v) if t.apply == "multiplier" else np.full(max(len(t.base), 1), float(v))
            if t.integer:
                new = np.round(new)
            if t.sheet == SETTINGS_SHEET:
                settings[t.column] = int(new[0]) if t.integer else float(new[0])
                continue
            frame = tables[t.sheet]
            j = frame.columns.get_loc(t.column)
            if t.integer:
                col = frame[t.column].astype(object).to_numpy(copy=True)
                col[t.index] = [int(x) for x in new[:len(t.index)]]
                frame[t.column] = col
            else:
                frame.iloc[t.index, j] = new[:len(t.index)]
        return Inputs(tables=tables, settings=settings, source=src.source, sha256=src.sha256,
                      rows=src.rows, warnings=src.warnings, scenario=src.scenario,
                      changes=src.changes, timings=src.timings)

    def current(self) -> list[float]:
        """Each parameter's value in the workbook (multipliers: 1; value: the first matched cell)."""
        return [1.0 if t.apply == "multiplier" else float(t.base[0]) for t in self.targets]
