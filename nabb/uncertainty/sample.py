"""Draws: a design in the unit cube, correlation, then each parameter's inverse CDF.

* ``lhs`` (default): Latin hypercube (scipy.stats.qmc.LatinHypercube), every margin
  stratified in N equal-probability bins.
* ``sobol``: Saltelli's design on a Sobol' sequence (N (G + 2) rows for G factors) so that
  first-order and total Sobol indices can be computed (SALib's estimators); a correlation
  group is one factor.
* ``random``: plain Monte Carlo.

Correlation (per group): ``rank`` reorders the columns of the design so that their rank
correlation matches the target (Iman & Conover 1982); the margins are untouched, so a Latin
hypercube stays a Latin hypercube.  ``copula`` maps the design through a Gaussian copula
(normal scores, Cholesky factor of the target matrix, back to uniforms).

Everything is a pure function of (spec, N, seed, method): the samples are drawn on the
master before any worker starts, so results do not depend on how the work is split.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats
from scipy.stats import qmc

from nabb.errors import InputError, Issue
from nabb.uncertainty.spec import Spec

METHODS = ("lhs", "sobol", "random")


def unit_design(n: int, k: int, seed: int, method: str) -> np.ndarray:
    """n x k uniform numbers in (0, 1)."""
    if method == "lhs":
        return qmc.LatinHypercube(d=k, seed=np.random.default_rng(seed)).random(n)
    if method == "random":
        return np.random.default_rng(seed).random((n, k))
    raise ValueError(method)


def saltelli_base(n_total: int, k: int) -> int:
    """Largest power of two N with N (k + 2) <= n_total (the Saltelli design's size)."""
    n = 1
    while 2 * n * (k + 2) <= n_total:
        n *= 2
    return n


def sobol_groups(spec: Spec) -> list[tuple[str, list[int]]]:
    """The factors of a Sobol analysis: each correlation group is one factor (its members move
    together, keeping their correlation), every other input is a factor of its own."""
    pos = {name: i for i, name in enumerate(spec.names)}
    grouped = {m for g in spec.groups for m in g.members}
    out = [(f"group:{g.name}", [pos[m] for m in g.members]) for g in spec.groups]
    out += [(p.name, [i]) for i, p in enumerate(spec.params) if p.name not in grouped]
    return sorted(out, key=lambda x: x[1][0])


def saltelli_design(n_total: int, spec: Spec, seed: int) -> np.ndarray:
    """Saltelli's design on a scrambled Sobol' sequence, by factor (see sobol_groups).

    Rows come in blocks of G + 2 for each of N base points: A, then A with factor g's columns
    taken from B (g = 1..G), then B.  A and B are each correlated per group before the blocks
    are formed, so every row has the requested correlation."""
    k = len(spec.params)
    groups = sobol_groups(spec)
    G = len(groups)
    base = saltelli_base(n_total, G)
    if base * (G + 2) > n_total:
        raise InputError([Issue("", "", "", "--samples", f"at least {G + 2} samples for a Sobol "
                                f"analysis of {G} factors (N (G + 2) with N a power of two)", str(n_total))])
    u = qmc.Sobol(d=2 * k, scramble=True, seed=np.random.default_rng(seed)).random(base)
    A, B = correlate(u[:, :k], spec, seed), correlate(u[:, k:], spec, seed + 1)
    rows = []
    for j in range(base):
        rows.append(A[j])
        for _, cols in groups:
            ab = A[j].copy()
            ab[cols] = B[j, cols]
            rows.append(ab)
        rows.append(B[j])
    return np.array(rows)


def correlate(u: np.ndarray, spec: Spec, seed: int) -> np.ndarray:
    """Apply every correlation group to the uniform design u (columns in spec order)."""
    u = u.copy()
    pos = {name: i for i, name in enumerate(spec.names)}
    for gi, g in enumerate(spec.groups):
        cols = [pos[m] for m in g.members]
        if len(cols) < 2:
            continue
        sub = u[:, cols]
        u[:, cols] = iman_conover(sub, g.matrix, seed + 7919 * (gi + 1)) if g.method == "rank" \
            else gaussian_copula(sub, g.matrix)
    return u


def iman_conover(u: np.ndarray, target: np.ndarray, seed: int) -> np.ndarray:
    """Reorder each column of u so that the rank correlation is close to ``target``."""
    n, k = u.shape
    if n < 3 or k < 2:
        return u
    scores = stats.norm.ppf((np.arange(1, n + 1)) / (n + 1))
    rng = np.random.default_rng(seed)
    M = np.column_stack([rng.permutation(scores) for _ in range(k)])
    E = np.corrcoef(M, rowvar=False)
    P = _chol(target)
    Q = _chol(E)
    T = M @ np.linalg.inv(Q).T @ P.T          # score matrix with correlation ~ target
    out = np.empty_like(u)
    for j in range(k):
        order = np.argsort(np.argsort(T[:, j]))
        out[:, j] = np.sort(u[:, j])[order]
    return out


def gaussian_copula(u: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Uniforms -> correlated uniforms through a Gaussian copula with the target correlation.

    The matrix is given as a rank (Spearman) correlation; the normal copula's parameter is
    2 sin(pi rho / 6), which gives that rank correlation exactly.
    """
    R = 2.0 * np.sin(np.pi * target / 6.0)
    np.fill_diagonal(R, 1.0)
    z = stats.norm.ppf(np.clip(u, 1e-12, 1 - 1e-12)) @ _chol(R).T
    return stats.norm.cdf(z)


def _chol(C: np.ndarray) -> np.ndarray:
    """Cholesky factor of a PSD matrix (a tiny ridge for singular ones)."""
    try:
        return np.linalg.cholesky(C)
    except np.linalg.LinAlgError:
        w, V = np.linalg.eigh(C)
        C2 = (V * np.maximum(w, 0)) @ V.T + 1e-10 * np.eye(len(C))
        d = np.sqrt(np.diag(C2))
        return np.linalg.cholesky(C2 / np.outer(d, d))


def draw(spec: Spec, n: int, seed: int, method: str = "lhs") -> np.ndarray:
    """n x k parameter values (n is the number of model runs; for sobol, see saltelli_base)."""
    k = len(spec.params)
    if k == 0:
        raise InputError([Issue("", "uncertainty", "", "parameter", "at least one uncertain parameter",
                                "an empty uncertainty sheet")])
    if method == "sobol":
        u = saltelli_design(n, spec, seed)
    else:
        u = correlate(unit_design(n, k, seed, method), spec, seed)
    return np.column_stack([p.dist.ppf(u[:, i]) for i, p in enumerate(spec.params)]) if k else u


def sampling_error(p: float, n: int) -> float:
    """Standard error of a share p estimated from n independent samples."""
    return math.sqrt(max(p * (1 - p), 0.0) / max(n, 1))
