"""Hand the LP to HiGHS, read back primal values and duals, and verify the solution.

Path (measured fastest in Pyomo 6.10; figures in docs/performance.md):
``LinearStandardFormCompiler`` -> CSC arrays -> ``highspy.Highs.passModel``.  The
``highspy.Highs`` object stays alive in :class:`Compiled`, so sweeps can change costs or
bounds in place and re-solve with a warm (hot) start.

After every solve the solution is checked against the compiled constraints and bounds
ourselves: a coefficient HiGHS dropped or mangled on the way (|a| >= 1e15 is treated as
infinite) would otherwise pass as "optimal".
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from nabb.errors import SolverError

INF = highspy.kHighsInf
#: Coefficients at or above this are treated as infinite by HiGHS (large_matrix_value).
HUGE_COEFFICIENT = 1e15
FEASIBILITY_TOL = 1e-6

# Chosen by measurement (benchmarks/bench_solver_choice.py: the same MPS file, fresh process
# per solve, simplex and IPX interleaved, median of 3; HiGHS 1.16.0 wheel, threads=1, on the
# shared 2-core machine at load average 10-18, see docs/performance.md).  Solve seconds:
#   columns   regions   dual simplex   IPX + crossover
#    38.8 k      40         16.9            14.7         (at par: within the noise)
#    95.9 k     100        188.0            68.7         (IPX 2.7x faster)
# (Before the issue-12 model features, on a quiet machine: 40 regions 1.1 vs 2.7 s, 100
# regions 8.9 vs 9.9 s, 342 regions 86-90 vs 66-82 s.)  Above ~40 k columns IPX + crossover;
# below, dual simplex (fewer iterations to restart from for the explanations' re-solves).
# Both return an optimal basis with valid (vertex) duals.  Neither presolve off, parallel
# simplex, primal simplex nor PDLP helped; IPX is single-threaded.
DEFAULT_OPTIONS: dict[str, Any] = {
    "solver": "ipm",          # IPX + crossover for large models (simplex below, see run())
    "run_crossover": "on",    # a basis: vertex duals and hot starts for sweeps
    "presolve": "on",
    "threads": 1,
}
#: Below this many columns, and when the caller does not choose, run() uses dual simplex.
SIMPLEX_MAX_COLUMNS = 40_000


@dataclass
class Compiled:
    """The LP in standard form, and the live HiGHS object that holds it."""
    model: pyo.ConcreteModel
    highs: highspy.Highs
    A: Any                      # scipy CSC, rows x columns
    c: np.ndarray
    c_offset: float
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    columns: list               # VarData per column
    rows: list                  # (ConstraintData, multiplier) per row
    col_of: dict[int, int]      # id(VarData) -> column
    row_of: dict[int, int]      # id(ConstraintData) -> row
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def num_cols(self) -> int:
        return len(self.columns)

    @property
    def num_rows(self) -> int:
        return len(self.rows)

    @property
    def num_nz(self) -> int:
        return int(self.A.nnz)


@dataclass
class Solution:
    status: str                 # optimal | infeasible | unbounded | time_limit | failed
    model_status: str           # HiGHS's own wording
    objective: float            # internal units (M EUR)
    x: np.ndarray
    row_dual: np.ndarray
    col_dual: np.ndarray
    max_violation: float
    iterations: dict[str, int]
    options: dict[str, Any]
    timings: dict[str, float]
    solver_version: str

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"


def parse_option(item: str) -> tuple[str, Any]:
    """'KEY=VALUE' -> (key, int, float or text value); ValueError without '='."""
    if "=" not in item:
        raise ValueError(f"expected KEY=VALUE, got {item!r}")
    key, text = item.split("=", 1)
    for cast in (int, float):
        try:
            return key, cast(text)
        except ValueError:
            continue
    return key, text


def _touches_files(key: str) -> bool:
    """HiGHS options that read or write files (log_file, write_solution_to_file, ...)."""
    return "file" in key or key.startswith(("write_", "read_"))


def check_options(options: dict[str, Any]) -> dict[str, Any]:
    """Validate solver options against HiGHS itself, before any workbook is read.

    Returns the options with values converted to the option's type (``output_flag=1`` ->
    True).  Raises ValueError naming the option for an unknown key, a value of the wrong
    type or out of range (HiGHS's own check), a NaN, or an option that reads or writes
    files: nabb writes only inside the output folder it was given.
    """
    h = new_highs()
    out: dict[str, Any] = {}
    for key, value in options.items():
        status, kind = h.getOptionType(key)
        if status != highspy.HighsStatus.kOk:
            raise ValueError(f"unknown HiGHS option {key!r} (see "
                             "https://ergo-code.github.io/HiGHS/stable/options/definitions/)")
        if _touches_files(key):
            raise ValueError(f"HiGHS option {key!r} reads or writes files; nabb writes only "
                             "inside its output folder, so it is not allowed")
        if kind == highspy.HighsOptionType.kBool:
            text = str(value).strip().lower()
            if text in ("1", "true", "on", "yes"):
                value = True
            elif text in ("0", "false", "off", "no"):
                value = False
        elif kind == highspy.HighsOptionType.kDouble and isinstance(value, int):
            value = float(value)
        elif kind == highspy.HighsOptionType.kString and not isinstance(value, str):
            value = str(value)
        if isinstance(value, float) and value != value:
            raise ValueError(f"HiGHS option {key}: expected a number, found NaN")
        if h.setOptionValue(key, value) != highspy.HighsStatus.kOk:
            kind_name = str(kind).rsplit(".", 1)[-1].removeprefix("k").lower()
            raise ValueError(f"HiGHS option {key}: value {value!r} is not accepted "
                             f"(expected a valid {kind_name}; see "
                             "https://ergo-code.github.io/HiGHS/stable/options/definitions/)")
        out[key] = value
    return out


def check_time_limit(seconds: float | None) -> float | None:
    """A time limit must be a positive number of seconds (inf = none); ValueError otherwise."""
    if seconds is None:
        return None
    if seconds != seconds or seconds <= 0:
        raise ValueError(f"expected a positive number of seconds, found {seconds!r}")
    return float(seconds)


def new_highs() -> highspy.Highs:
    """A silent HiGHS object (the first one in a process prints a banner on fd 1)."""
    import os
    import sys
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


def compile_model(m: pyo.ConcreteModel) -> Compiled:
    """Compile the Pyomo model to standard form and pass it to a fresh HiGHS object."""
    t0 = time.perf_counter()
    info = LinearStandardFormCompiler().write(m, mixed_form=True, set_sense=None)
    t1 = time.perf_counter()
    A = info.A.tocsc()
    rhs = np.asarray(info.rhs, dtype=float)
    mult = np.fromiter((s for _, s in info.rows), dtype=np.int8, count=len(info.rows))
    row_lower = np.where(mult >= 0, np.where(mult == 0, rhs, -INF), rhs)
    row_upper = np.where(mult <= 0, np.where(mult == 0, rhs, INF), rhs)
    if info.c.shape[0] != 1:
        raise SolverError("the model must have exactly one active objective")
    c = np.asarray(info.c.toarray()).ravel().astype(float)
    offset = float(np.asarray(info.c_offset).ravel()[0]) if np.size(info.c_offset) else 0.0
    sense = info.objectives[0].sense
    if sense == pyo.maximize:
        c, offset = -c, -offset  # HiGHS minimises; callers see the model's own sign
    col_lower = np.array([(-INF if v.lb is None else v.lb) for v in info.columns], dtype=float)
    col_upper = np.array([(INF if v.ub is None else v.ub) for v in info.columns], dtype=float)
    for name, arr in (("constraint coefficient", A.data), ("objective coefficient", c)):
        if arr.size and np.max(np.abs(arr)) >= HUGE_COEFFICIENT:
            raise SolverError(f"a {name} of {np.max(np.abs(arr)):.3g} (>= {HUGE_COEFFICIENT:.0e}) "
                              "would be treated as infinite by HiGHS; check the input units")
    h = new_highs()
    lp = highspy.HighsLp()
    lp.num_col_ = len(info.columns)
    lp.num_row_ = len(info.rows)
    lp.col_cost_ = c
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.offset_ = offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data.astype(float)
    lp.a_matrix_.num_col_ = lp.num_col_
    lp.a_matrix_.num_row_ = lp.num_row_
    status = h.passModel(lp)
    if status == highspy.HighsStatus.kError:
        raise SolverError("HiGHS rejected the model (passModel returned an error)")
    t2 = time.perf_counter()
    col_of = {id(v): j for j, v in enumerate(info.columns)}
    row_of: dict[int, int] = {}
    for i, (con, _) in enumerate(info.rows):
        row_of.setdefault(id(con), i)
    return Compiled(model=m, highs=h, A=A, c=c, c_offset=offset, row_lower=row_lower,
                    row_upper=row_upper, col_lower=col_lower, col_upper=col_upper,
                    columns=list(info.columns), rows=list(info.rows), col_of=col_of, row_of=row_of,
                    timings={"compile_s": t1 - t0, "pass_to_highs_s": t2 - t1})


_STATUS = {
    "Optimal": "optimal",
    "Infeasible": "infeasible",
    "Unbounded": "unbounded",
    "Primal infeasible or unbounded": "infeasible",
    "Time limit reached": "time_limit",
    "Iteration limit reached": "iteration_limit",
}
#: Statuses where HiGHS stopped early on a limit the user set (not a failure of the model).
LIMIT_STATUSES = ("time_limit", "iteration_limit")


def max_violation(cp: Compiled, x: np.ndarray) -> float:
    """Largest scaled violation of any row or bound by x (0 when feasible)."""
    if x.size == 0:
        return 0.0
    act = cp.A @ x
    lo = np.where(np.isfinite(cp.row_lower) & (cp.row_lower > -INF), cp.row_lower - act, 0.0)
    hi = np.where(np.isfinite(cp.row_upper) & (cp.row_upper < INF), act - cp.row_upper, 0.0)
    scale_r = 1.0 + np.maximum(np.abs(np.where(np.abs(cp.row_lower) < INF, cp.row_lower, 0)),
                               np.abs(np.where(np.abs(cp.row_upper) < INF, cp.row_upper, 0)))
    blo = np.where(cp.col_lower > -INF, cp.col_lower - x, 0.0)
    bhi = np.where(cp.col_upper < INF, x - cp.col_upper, 0.0)
    rows = np.maximum(np.maximum(lo, hi), 0.0) / scale_r if act.size else np.zeros(1)
    cols = np.maximum(np.maximum(blo, bhi), 0.0) / (1.0 + np.abs(x))
    return float(max(rows.max(initial=0.0), cols.max(initial=0.0)))


def run(cp: Compiled, options: dict[str, Any] | None = None, time_limit: float | None = None,
        verify: bool = True) -> Solution:
    """Solve (or re-solve, hot-started) the compiled LP and verify the answer."""
    opts = dict(DEFAULT_OPTIONS)
    if "solver" not in (options or {}) and cp.num_cols < SIMPLEX_MAX_COLUMNS:
        opts["solver"] = "simplex"  # at par or faster below ~40 k columns (see above)
    opts.update(options or {})
    if time_limit is not None:
        opts["time_limit"] = float(time_limit)
    h = cp.highs
    for key, value in opts.items():
        st = h.setOptionValue(key, value)
        if st == highspy.HighsStatus.kError:
            raise SolverError(f"HiGHS does not accept option {key}={value!r}")
    t0 = time.perf_counter()
    h.run()
    solve_s = time.perf_counter() - t0
    model_status = h.modelStatusToString(h.getModelStatus())
    status = _STATUS.get(model_status, "failed")
    info = h.getInfo()
    sol = h.getSolution()
    n, m_ = cp.num_cols, cp.num_rows
    x = np.asarray(sol.col_value, dtype=float) if sol.value_valid else np.full(n, np.nan)
    row_dual = np.asarray(sol.row_dual, dtype=float) if sol.dual_valid else np.full(m_, np.nan)
    col_dual = np.asarray(sol.col_dual, dtype=float) if sol.dual_valid else np.full(n, np.nan)
    viol = max_violation(cp, x) if sol.value_valid else float("nan")
    objective = float(info.objective_function_value)
    if status == "optimal" and verify:
        if not np.isfinite(viol) or viol > FEASIBILITY_TOL:
            status = "failed"
            model_status = f"Optimal by HiGHS, but the solution violates a constraint by {viol:.3g}"
        else:
            recomputed = float(cp.c @ x + cp.c_offset)
            if abs(recomputed - objective) > 1e-6 * (1 + abs(objective)):
                status = "failed"
                model_status = (f"Optimal by HiGHS, but c.x = {recomputed:.10g} differs from the "
                                f"reported objective {objective:.10g}")
    return Solution(
        status=status, model_status=model_status, objective=objective, x=x, row_dual=row_dual,
        col_dual=col_dual, max_violation=viol,
        iterations={"simplex": int(info.simplex_iteration_count), "ipm": int(info.ipm_iteration_count),
                    "crossover": int(info.crossover_iteration_count)},
        options=opts, timings={"solve_s": solve_s},
        solver_version=solver_version(h),
    )


def solver_version(h: highspy.Highs | None = None) -> str:
    try:
        from importlib.metadata import version
        return f"HiGHS {version('highspy')}"
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "HiGHS (unknown version)"


def write_lp(cp: Compiled, path: str) -> None:
    """Write the exact LP HiGHS holds (format from the suffix: .mps or .lp)."""
    st = cp.highs.writeModel(str(path))
    if st == highspy.HighsStatus.kError:
        raise SolverError(f"HiGHS could not write {path}")
