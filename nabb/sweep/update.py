"""The LP as plain arrays, changed in place on a live HiGHS object.

``LPData`` holds what a lever or an uncertain input can change (costs, offset, matrix values,
row and column bounds); ``structure_key`` hashes what it cannot (columns, rows, non-zero
pattern).  ``Affine`` models X(p) = X(p0) + sum_i (p_i - p0_i) dX_i; ``slope_of`` finds
dX_i from two compiles and ``mismatch`` checks a prediction against a third.  ``push`` moves
a live HiGHS model to new data entry by entry (a hot start keeps its basis), and
``compiled_from_arrays`` rebuilds the HiGHS model on a worker without Pyomo.

Shared by the sweep and the uncertainty engine (nabb.uncertainty.engine).
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import scipy.sparse as sp

from nabb.errors import SolverError

#: Relative tolerance when checking that a lever is affine in the LP data.
AFFINE_RTOL = 1e-9


@dataclass
class LPData:
    c: np.ndarray
    offset: float
    A_data: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray

    FIELDS = ("c", "A_data", "row_lower", "row_upper", "col_lower", "col_upper")

    @classmethod
    def of(cls, cp) -> "LPData":
        return cls(cp.c.copy(), float(cp.c_offset), cp.A.data.astype(float).copy(),
                   cp.row_lower.copy(), cp.row_upper.copy(), cp.col_lower.copy(), cp.col_upper.copy())


def structure_key(cp) -> str:
    """Hash of the LP's shape: column and row identities and the non-zero pattern."""
    h = hashlib.sha1()
    for v in cp.columns:
        h.update(v.name.encode())
        h.update(b"\0")
    h.update(b"|rows|")
    for con, sign in cp.rows:
        h.update(f"{con.name}:{sign}".encode())
        h.update(b"\0")
    h.update(np.asarray(cp.A.indptr, dtype=np.int64).tobytes())
    h.update(np.asarray(cp.A.indices, dtype=np.int64).tobytes())
    return h.hexdigest()


@dataclass
class Arrays:
    """Everything needed to rebuild the HiGHS model without Pyomo (shipped to workers)."""
    indptr: np.ndarray
    indices: np.ndarray
    data: LPData


def arrays_of(cp) -> Arrays:
    return Arrays(np.asarray(cp.A.indptr).copy(), np.asarray(cp.A.indices).copy(), LPData.of(cp))


def compiled_from_arrays(arr: Arrays):
    """A Compiled (as in nabb.solve) backed by a fresh HiGHS object, from plain arrays."""
    import highspy
    from nabb.solve import Compiled, new_highs
    d = arr.data
    n = len(arr.indptr) - 1
    m = len(d.row_lower)
    A = sp.csc_matrix((d.A_data.copy(), arr.indices, arr.indptr), shape=(m, n))
    h = new_highs()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = d.c.copy(), d.col_lower.copy(), d.col_upper.copy()
    lp.row_lower_, lp.row_upper_ = d.row_lower.copy(), d.row_upper.copy()
    lp.offset_ = d.offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data.astype(float)
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
    if h.passModel(lp) == highspy.HighsStatus.kError:
        raise SolverError("HiGHS rejected the model (passModel returned an error)")
    return Compiled(model=None, highs=h, A=A, c=d.c.copy(), c_offset=d.offset,  # type: ignore[arg-type]
                    row_lower=d.row_lower.copy(), row_upper=d.row_upper.copy(),
                    col_lower=d.col_lower.copy(), col_upper=d.col_upper.copy(),
                    columns=[None] * n, rows=[None] * m, col_of={}, row_of={})


def push(cp, new: LPData) -> int:
    """Change the live HiGHS model (and cp's arrays) to ``new``; returns entries changed."""
    h = cp.highs
    changed = 0
    idx = np.flatnonzero(cp.c != new.c)
    if idx.size:
        h.changeColsCost(idx.size, idx.astype(np.int32), new.c[idx])
        cp.c[idx] = new.c[idx]
        changed += idx.size
    if new.offset != cp.c_offset:
        h.changeObjectiveOffset(new.offset)
        cp.c_offset = new.offset
        changed += 1
    idx = np.flatnonzero((cp.col_lower != new.col_lower) | (cp.col_upper != new.col_upper))
    if idx.size:
        h.changeColsBounds(idx.size, idx.astype(np.int32), new.col_lower[idx], new.col_upper[idx])
        cp.col_lower[idx], cp.col_upper[idx] = new.col_lower[idx], new.col_upper[idx]
        changed += idx.size
    idx = np.flatnonzero((cp.row_lower != new.row_lower) | (cp.row_upper != new.row_upper))
    if idx.size:
        h.changeRowsBounds(idx.size, idx.astype(np.int32), new.row_lower[idx], new.row_upper[idx])
        cp.row_lower[idx], cp.row_upper[idx] = new.row_lower[idx], new.row_upper[idx]
        changed += idx.size
    idx = np.flatnonzero(cp.A.data != new.A_data)
    if idx.size:
        cols = np.searchsorted(cp.A.indptr, idx, side="right") - 1
        for k, j in zip(idx.tolist(), cols.tolist()):
            h.changeCoeff(int(cp.A.indices[k]), int(j), float(new.A_data[k]))
        cp.A.data[idx] = new.A_data[idx]
        changed += idx.size
    return changed


@dataclass
class Affine:
    """X(p) = base + sum_i (p_i - p0_i) * slope_i, each slope sparse per field."""
    p0: tuple[float, ...]
    base: LPData
    slopes: list[dict[str, tuple[np.ndarray, np.ndarray]]]   # field -> (indices, values)
    offset_slopes: list[float]

    def at(self, p: Sequence[float]) -> LPData:
        out = LPData(**{f: getattr(self.base, f).copy() for f in LPData.FIELDS},
                     offset=self.base.offset)
        for i, (s, so) in enumerate(zip(self.slopes, self.offset_slopes)):
            dp = float(p[i]) - self.p0[i]
            if dp == 0.0:
                continue
            add_scaled(out, s, so, dp)
        return out


def add_scaled(out: LPData, terms: dict[str, tuple[np.ndarray, np.ndarray]], offset: float,
               weight: float) -> None:
    """out += weight * (terms, offset), in place: one slope (or product term) of the LP data."""
    for f, (idx, val) in terms.items():
        getattr(out, f)[idx] += val * weight
    out.offset += offset * weight


def slope_of(a: LPData, b: LPData, dp: float) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], float] | None:
    out = {}
    for f in LPData.FIELDS:
        x, y = getattr(a, f), getattr(b, f)
        fin_x, fin_y = np.isfinite(x) & (np.abs(x) < 1e20), np.isfinite(y) & (np.abs(y) < 1e20)
        if not np.array_equal(fin_x, fin_y) or not np.array_equal(x[~fin_x], y[~fin_y]):
            return None  # a bound turns (in)finite: not affine
        idx = np.flatnonzero(fin_x & (x != y))
        out[f] = (idx, (y[idx] - x[idx]) / dp)
    return out, (b.offset - a.offset) / dp


def mismatch(pred: LPData, actual: LPData) -> float:
    """Largest relative mismatch between two LPData (0 = identical)."""
    worst = abs(pred.offset - actual.offset) / (1 + abs(actual.offset))
    for f in LPData.FIELDS:
        x, y = getattr(pred, f), getattr(actual, f)
        fin = np.isfinite(y) & (np.abs(y) < 1e20)
        if not np.array_equal(x[~fin], y[~fin]):
            return math.inf
        if fin.any():
            worst = max(worst, float(np.max(np.abs(x[fin] - y[fin]) / (1 + np.abs(y[fin])))))
    return worst
