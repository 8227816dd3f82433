"""The run's LP seen from explain: rows by constraint family, re-solves in place, copies.

:class:`InPlace` re-solves on the run's own HiGHS object (row bounds changed in place,
dual simplex hot-started from the optimal basis) and puts bounds, basis, options and the
optimal solution back afterwards.  :func:`clone_highs` makes a silent copy for diagnoses that
add columns.  :class:`Probe` reads biobased homes and shortfall from any primal vector.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import highspy
import numpy as np

from nabb.solve import INF, new_highs
from nabb.units import K

if TYPE_CHECKING:  # pragma: no cover
    from nabb.solve import Compiled

DUAL_TOL = 1e-7          # M EUR per internal unit: 1e-4 EUR per ha/t/home
SLACK_TOL = 1e-6
#: From this many columns on, the re-solves price with Devex instead of dual steepest edge.
#: HiGHS computes exact steepest-edge weights afresh at the start of every re-solve from a
#: set basis: 0.45 s of a 5-iteration re-solve at 342 regions (119,250 rows), against 0.1 s
#: with Devex; the same as the switch to IPX for the main solve (nabb.solve.SIMPLEX_MAX_COLUMNS).
DEVEX_MIN_COLUMNS = 40_000
#: HiGHS's simplex_dual_edge_weight_strategy values
CHOOSE, DEVEX = -1, 1


# ----------------------------------------------------------------------------- LP helpers
def family_rows(cp: "Compiled") -> dict[str, list[tuple[tuple, int]]]:
    """Constraint family -> [(index tuple, LP row)] for every compiled row."""
    cached = getattr(cp, "_family_rows", None)
    if cached is not None:
        return cached
    out: dict[str, list[tuple[tuple, int]]] = {}
    names: dict[int, str] = {}   # Pyomo builds a component's name anew on every .name
    for i, (con, _) in enumerate(cp.rows):
        comp = con.parent_component()
        idx = con.index()
        idx = idx if isinstance(idx, tuple) else (idx,)
        if cp.row_of.get(id(con)) == i:
            name = names.get(id(comp))
            if name is None:
                name = names[id(comp)] = comp.name
            out.setdefault(name, []).append((idx, i))
    cp._family_rows = out  # type: ignore[attr-defined]
    return out


def row_name(cp: "Compiled", i: int) -> tuple[str, tuple]:
    con = cp.rows[i][0]
    idx = con.index()
    return con.parent_component().name, (idx if isinstance(idx, tuple) else (idx,))


def columns_of(cp: "Compiled", var) -> list[tuple[tuple, int]]:
    out = []
    for k in var:
        j = cp.col_of.get(id(var[k]))
        if j is not None:
            out.append((k if isinstance(k, tuple) else (k,), j))
    return out


def clone_highs(cp: "Compiled", warm: bool = True) -> highspy.Highs:
    """A silent copy of the run's LP (same rows and columns), optionally warm-started."""
    h = new_highs()
    h.passModel(cp.highs.getLp())
    h.setOptionValue("threads", 1)
    if warm:
        try:
            basis = cp.highs.getBasis()
            if basis.valid:
                h.setBasis(basis)
                h.setOptionValue("solver", "simplex")
                h.setOptionValue("presolve", "off")
        except Exception:  # noqa: BLE001 - no basis: cold start
            pass
    return h


class InPlace:
    """Re-solves on the run's own HiGHS object, restored afterwards (no copy, no rebuild).

    ``with InPlace(cp) as ip: ip.set_row(i, lo, up); ip.solve()`` changes row bounds in
    place and re-solves with dual simplex hot-started from the current basis (presolve off,
    so the basis is kept).  On exit every changed row gets its compiled bounds back, the
    optimal basis and the options are restored, and one more run from that basis (0
    iterations) makes the object hold the run's optimal solution again, as before.
    """

    KEEP = ("solver", "presolve", "time_limit", "simplex_iteration_limit",
            "simplex_dual_edge_weight_strategy")

    def __init__(self, cp: "Compiled") -> None:
        self.cp = cp
        self.h = cp.highs
        self.changed: set[int] = set()

    def __enter__(self) -> "InPlace":
        h = self.h
        self.options = {}
        for k in self.KEEP:
            v = h.getOptionValue(k)
            self.options[k] = v[1] if isinstance(v, tuple) else v   # highspy 1.16: (status, value)
        basis = h.getBasis()
        self.basis = basis if basis.valid else None
        self.objective = float(h.getInfo().objective_function_value)
        self.optimal = status_of(h) == "Optimal"
        self.devex = False
        if self.basis is not None:
            h.setOptionValue("solver", "simplex")
            h.setOptionValue("presolve", "off")
            if (h.getNumCol() >= DEVEX_MIN_COLUMNS
                    and self.options["simplex_dual_edge_weight_strategy"] == CHOOSE):
                # HiGHS reads the pricing rule when it sets its solver up: clear it, then put
                # the optimal basis back (the next run factors it; 0 iterations to optimal)
                h.setOptionValue("simplex_dual_edge_weight_strategy", DEVEX)
                h.clearSolver()
                h.setBasis(self.basis)
                self.devex = True
        return self

    def reset(self, basis: highspy.HighsBasis | None = None) -> None:
        """Start the next re-solve from ``basis`` (one :meth:`stopped_basis` gave), by default
        from the run's optimal basis (fewer pivots than from the last re-solve's)."""
        basis = basis if basis is not None else self.basis
        if basis is not None:
            self.h.setBasis(basis)

    def stopped_basis(self) -> highspy.HighsBasis | None:
        """The basis where the last re-solve stopped at its iteration limit (dual feasible, so
        dual simplex can go on from it), or None when it did not stop there."""
        if status_of(self.h) != "Iteration limit reached":
            return None
        return self.h.getBasis()

    def set_row(self, i: int, lo: float, up: float) -> None:
        self.changed.add(int(i))
        self.h.changeRowBounds(int(i), float(lo), float(up))

    def solve(self, iteration_limit: int | None = None
              ) -> tuple[str, np.ndarray | None, np.ndarray | None, float]:
        """Re-solve; with ``iteration_limit`` HiGHS stops after that many simplex iterations
        (status "Iteration limit reached", no solution returned)."""
        if iteration_limit is not None:
            self.h.setOptionValue("simplex_iteration_limit", max(int(iteration_limit), 0))
        return solve_highs(self.h)

    @property
    def iterations(self) -> int:
        """Simplex iterations of the last re-solve."""
        return int(self.h.getInfo().simplex_iteration_count)

    def __exit__(self, *exc: object) -> None:
        h, cp = self.h, self.cp
        if self.changed:
            rows = np.array(sorted(self.changed), dtype=np.int32)
            h.changeRowsBounds(len(rows), rows, cp.row_lower[rows], cp.row_upper[rows])
        # the last run is simplex from the optimal basis (0 iterations), with the run's own
        # iteration limit and pricing rule (set up afresh after Devex); then the other options
        for k in ("simplex_iteration_limit", "simplex_dual_edge_weight_strategy"):
            h.setOptionValue(k, self.options[k])
        if self.devex:
            h.clearSolver()
        if self.basis is not None:
            h.setBasis(self.basis)
        if self.optimal and (self.changed or self.devex):
            h.run()   # the run's solution is back
        for k, v in self.options.items():
            h.setOptionValue(k, v)


def status_of(h: highspy.Highs) -> str:
    return h.modelStatusToString(h.getModelStatus())


def solve_highs(h: highspy.Highs) -> tuple[str, np.ndarray | None, np.ndarray | None, float]:
    h.run()
    st = status_of(h)
    if st != "Optimal":
        return st, None, None, math.nan
    sol = h.getSolution()
    return (st, np.asarray(sol.col_value, float), np.asarray(sol.row_dual, float),
            float(h.getInfo().objective_function_value))


@dataclass
class Probe:
    """Read the quantities explanations need from any primal vector of the run's LP."""
    cp: "Compiled"
    bio_cols: np.ndarray = field(init=False)
    shortfall_cols: list[tuple[tuple, int]] = field(init=False)

    def __post_init__(self) -> None:
        m, d = self.cp.model, self.cp.model.data
        self.bio_cols = np.array([j for k, j in columns_of(self.cp, m.built)
                                  if d.recipe_is_bio[k[3]]], dtype=np.int64)
        self.shortfall_cols = ([(("*",) + k, j) for k, j in columns_of(self.cp, m.shortfall)]
                               + [(k, j) for k, j in columns_of(self.cp, m.regional_shortfall)])

    def bio_homes(self, x: np.ndarray) -> float:
        return float(x[self.bio_cols].sum() * K) if self.bio_cols.size else 0.0

    def shortfall_homes(self, x: np.ndarray) -> float:
        return float(sum(x[j] for _, j in self.shortfall_cols) * K)

