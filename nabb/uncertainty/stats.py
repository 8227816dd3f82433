"""From one row per sample to the answers: probabilities, quantiles, no-regret, sensitivity.

Conventions (also in docs/uncertainty.md):

* A target is met in a sample when the sample solved to optimality and its shortfall is below
  half a home.  A failed or infeasible sample counts as *not met*: with a hard target that no
  recipe can reach, every sample is infeasible and the probability is 0.
* Quantiles, no-regret shares and sensitivities use the samples that solved (``solved``).
* An investment is *no-regret* when it is built (more than 1 t/yr or 1 ha) in at least 80%
  of the solved samples; its size is the P50 over all solved samples.
* A *regret* is an investment of the base plan (the workbook's own values) that stands idle in
  more than half of the samples: in the last year, the sample uses less than 10% of it on top
  of what already exists (processing activity, or area under the crop).
* Sensitivity: partial rank correlation (PRCC) of each input with each headline KPI; with
  ``--method sobol``, first-order and total Sobol indices (SALib, Saltelli/Jansen estimators).
"""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy import stats as sst

QUANTILES = (5, 25, 50, 75, 95)
NO_REGRET_SHARE = 0.8
BUILT_MIN = 1.0            # t/yr or ha: smaller is "not built"
IDLE_SHARE = 0.1
MET_TOL_HOMES = 0.5


def finite(x: Any) -> Any:
    """NaN and infinities -> None (strict JSON)."""
    if isinstance(x, (float, np.floating)):
        return float(x) if math.isfinite(float(x)) else None
    return x


def quantiles(series: pd.Series) -> dict[str, float | None]:
    s = pd.to_numeric(series, errors="coerce").dropna()
    if s.empty:
        return {f"P{q}": None for q in QUANTILES}
    vals = np.percentile(s.to_numpy(dtype=float), QUANTILES)
    return {f"P{q}": finite(float(v)) for q, v in zip(QUANTILES, vals)}


def probability_target_met(frame: pd.DataFrame, national: Sequence[tuple[str, int]],
                           regional: Sequence[tuple[str, str, int]]) -> tuple[dict, dict]:
    """(probabilities, standard errors).  Years of the national new-build target at the top
    level; other segments and regional targets under their own keys."""
    n = len(frame)
    ok = frame["status"] == "optimal" if n else pd.Series(dtype=bool)
    probs: dict[str, Any] = {}
    errs: dict[str, Any] = {}

    def share(col: str) -> float:
        if not n:
            return math.nan
        if col in frame:
            met = ok & (pd.to_numeric(frame[col], errors="coerce") <= MET_TOL_HOMES)
        else:
            met = pd.Series(False, index=frame.index)
        return float(met.sum()) / n

    def put(key: str | None, year: int, p: float) -> None:
        se = math.sqrt(p * (1 - p) / n) if n else math.nan
        if key is None:
            probs[str(year)], errs[str(year)] = finite(p), finite(se)
        else:
            probs.setdefault(key, {})[str(year)] = finite(p)
            errs.setdefault(key, {})[str(year)] = finite(se)
    for s, t in sorted(national, key=lambda k: (k[0] != "new_build", k[0], k[1])):
        put(None if s == "new_build" else s, t, share(f"shortfall_homes.{s}.{t}"))
    for s, r, t in sorted(regional):
        put(f"{s}@{r}", t, share(f"shortfall_homes.{s}@{r}.{t}"))
    return probs, errs


#: National KPIs with one value per year (frame columns ``<name>.<year>``).
YEARLY = ("total_cost_eur", "marginal_cost_target_eur_per_home", "biobased_share", "fibre_crop_area_ha",
          "import_share", "co2_credited_t", "carbon_income_eur_per_ha")


def _cols(frame: pd.DataFrame, prefix: str) -> list[str]:
    return [c for c in frame.columns if c.startswith(prefix)]


def quantile_tree(ok: pd.DataFrame, years: Sequence[int], crops: Sequence[str],
                  processes: Sequence[str], regions: Sequence[str]) -> dict:
    """P5..P95 of every KPI of the issue, per year (the discounted total over the horizon is
    one number per sample: ``total_discounted_cost_eur``)."""
    out: dict[str, Any] = {
        "total_discounted_cost_eur": quantiles(ok.get("total_cost_eur", pd.Series(dtype=float)))}

    def per_year(name: str) -> dict:
        return {str(t): quantiles(ok.get(f"{name}.{t}", pd.Series(dtype=float))) for t in years}
    for name in YEARLY:
        out[name] = per_year(name)
    out["area_ha"] = {c: per_year(f"area_ha.{c}") for c in crops}
    out["area_ha_by_region"] = {
        r: {c: {str(t): quantiles(ok[f"area_ha.{c}.{r}.{t}"]) for t in years}
            for c in crops if f"area_ha.{c}.{r}.{years[-1]}" in ok}
        for r in regions if any(f"area_ha.{c}.{r}.{years[-1]}" in ok for c in crops)}
    out["processing_capacity_t"] = {p: per_year(f"capacity_t.{p}") for p in processes}
    return out


def quantile_rows(tree: dict) -> list[dict]:
    """The quantile tree as rows: kpi, item (crop or process), region, year, P5..P95."""
    rows: list[dict] = []

    def put(kpi: str, item: str, region: str, block: dict) -> None:
        if any(k.startswith("P") for k in block):       # one number per sample
            rows.append({"kpi": kpi, "item": item, "region": region, "year": None, **block})
            return
        for year, qs in block.items():
            rows.append({"kpi": kpi, "item": item, "region": region, "year": int(year), **(qs or {})})
    for kpi, block in tree.items():
        if kpi == "area_ha_by_region":
            for region, crops in block.items():
                for crop, b in crops.items():
                    put("area_ha", crop, region, b)
        elif kpi in ("area_ha", "processing_capacity_t"):
            for item, b in block.items():
                put(kpi, item, "", b)
        else:
            put(kpi, "", "", block)
    return rows


def investments(ok: pd.DataFrame) -> list[dict]:
    """Every (kind, region, item) with its share of samples built and its P50."""
    out = []
    n = len(ok)
    for prefix, kind, unit in (("new_capacity_t.", "capacity", "t/yr"), ("new_area_ha.", "area", "ha")):
        for col in _cols(ok, prefix):
            _, region, item = col.split(".", 2)
            v = pd.to_numeric(ok[col], errors="coerce").fillna(0.0)
            share = float((v > BUILT_MIN).sum()) / n if n else math.nan
            out.append({"kind": kind, "region": region, ("process" if kind == "capacity" else "crop"): item,
                        "share_of_samples": finite(share), "p50": finite(float(np.median(v))) if n else None,
                        "p5": finite(float(np.percentile(v, 5))) if n else None,
                        "p95": finite(float(np.percentile(v, 95))) if n else None, "unit": unit})
    return out


def no_regret(ok: pd.DataFrame) -> list[dict]:
    return sorted([x for x in investments(ok) if (x["share_of_samples"] or 0) >= NO_REGRET_SHARE],
                  key=lambda x: (-(x["share_of_samples"] or 0), x["kind"], x["region"]))


def regret(ok: pd.DataFrame, base: dict[str, float], existing_cap: dict[tuple[str, str], float],
           existing_area: dict[tuple[str, str], float]) -> list[dict]:
    """Base-plan investments idle in more than half of the solved samples."""
    out = []
    n = len(ok)
    if not n or not base:
        return out
    for key, size in base.items():
        if size is None or not math.isfinite(size) or size <= BUILT_MIN:
            continue
        kind, region, item = key.split(".", 2)
        if kind == "new_capacity_t":
            col = f"activity_t.{region}.{item}"
            floor = existing_cap.get((region, item), 0.0)
        else:
            col = next((c for c in ok.columns if c.startswith(f"area_ha.{item}.{region}.")
                        and c.count(".") == 3), None)
            cols = sorted(c for c in ok.columns if c.startswith(f"area_ha.{item}.{region}.") and c.count(".") == 3)
            col = cols[-1] if cols else None
            floor = existing_area.get((region, item), 0.0)
        if col is None or col not in ok:
            continue
        used = pd.to_numeric(ok[col], errors="coerce").fillna(0.0)
        idle = float((used < floor + IDLE_SHARE * size).sum()) / n
        if idle > 0.5:
            out.append({"kind": "capacity" if kind == "new_capacity_t" else "area", "region": region,
                        ("process" if kind == "new_capacity_t" else "crop"): item,
                        "base_plan_size": finite(size), "idle_share_of_samples": finite(idle),
                        "unit": "t/yr" if kind == "new_capacity_t" else "ha"})
    return sorted(out, key=lambda x: -(x["idle_share_of_samples"] or 0))


def prcc(X: np.ndarray, y: np.ndarray, R: np.ndarray | None = None) -> list[float | None]:
    """Partial rank correlation of each column of X with y (None when not defined).

    The partial correlation of rank(x_i) and rank(y) given the ranks of the other inputs is
    read off the inverse P of the correlation matrix of all ranks at once:
    -P_iy / sqrt(P_ii P_yy), the same number as the correlation of the residuals of the two
    least-squares fits on the others (``_prcc_by_regression``), at the cost of one small
    matrix inversion instead of 2k least-squares fits.  ``R``: the ranks of X, when the
    caller has them (they are shared by every KPI).  A constant input has no PRCC and is
    left out of the others' conditioning (it would only repeat the intercept); when the
    ranks are (nearly) collinear the regressions are used instead.
    """
    n, k = X.shape
    mask = np.isfinite(y)
    if R is None or not mask.all():
        R = _ranks(X[mask])
    y = y[mask]
    n = len(y)
    if n < k + 3 or np.ptp(y) == 0:
        return [None] * k
    live = np.flatnonzero(np.ptp(R, axis=0) > 0)
    out: list[float | None] = [None] * k
    if not live.size:
        return out
    M = np.column_stack([R[:, live], sst.rankdata(y)])
    C = np.corrcoef(M, rowvar=False)
    if not np.all(np.isfinite(C)) or np.linalg.cond(C) > 1e10:
        return _prcc_by_regression(X[mask], y)
    P = np.linalg.inv(C)
    r = -P[:-1, -1] / np.sqrt(P.diagonal()[:-1] * P[-1, -1])
    for i, v in zip(live.tolist(), r.tolist()):
        out[i] = finite(float(np.clip(v, -1.0, 1.0)))
    return out


def _ranks(X: np.ndarray) -> np.ndarray:
    return sst.rankdata(X, axis=0) if X.size else X.astype(float)


def _prcc_by_regression(X: np.ndarray, y: np.ndarray) -> list[float | None]:
    """PRCC by definition: the correlation of the residuals of rank(x_i) and rank(y) after a
    least-squares fit on the ranks of the other inputs.  2k fits: the reference for
    ``prcc`` and its fallback for collinear inputs."""
    n, k = X.shape
    if n < k + 3 or np.ptp(y) == 0:
        return [None] * k
    R = np.column_stack([sst.rankdata(X[:, i]) for i in range(k)])
    ry = sst.rankdata(y)
    out: list[float | None] = []
    for i in range(k):
        if np.ptp(R[:, i]) == 0:
            out.append(None)
            continue
        Z = np.column_stack([np.ones(n), np.delete(R, i, axis=1)])
        bx, *_ = np.linalg.lstsq(Z, R[:, i], rcond=None)
        by, *_ = np.linalg.lstsq(Z, ry, rcond=None)
        ex, ey = R[:, i] - Z @ bx, ry - Z @ by
        den = math.sqrt(float(ex @ ex) * float(ey @ ey))
        out.append(finite(float(ex @ ey) / den) if den > 0 else None)
    return out


def headline(years: Sequence[int]) -> list[str]:
    t = 2030 if 2030 in years else years[-1]
    return ["total_cost_eur", f"marginal_cost_target_eur_per_home.{t}", f"biobased_share.{t}",
            f"shortfall_homes.new_build.{t}", f"fibre_crop_area_ha.{t}", f"import_share.{t}",
            f"co2_credited_t.{t}", f"carbon_income_eur_per_ha.{t}"]


LABELS = {"total_cost_eur": "Total discounted cost (EUR)",
          "marginal_cost_target_eur_per_home": "Marginal cost of the target (EUR/home)",
          "biobased_share": "Biobased share of new-build", "shortfall_homes.new_build": "Shortfall from the target (homes)",
          "fibre_crop_area_ha": "Fibre-crop area (ha)", "import_share": "Import share of biobased products",
          "co2_credited_t": "CO2 credited (t)", "carbon_income_eur_per_ha": "Carbon income per ha (EUR/ha)"}


def label(kpi: str) -> str:
    """'fibre_crop_area_ha.2030' -> 'Fibre-crop area (ha), 2030'."""
    head, _, year = kpi.rpartition(".")
    if head and year.isdigit():
        return f"{LABELS.get(head, head)}, {year}"
    return LABELS.get(kpi, kpi)


def sobol_indices(y: np.ndarray, factors: list[str], resamples: int = 200, seed: int = 0) -> dict:
    """First-order and total Sobol indices per factor from a Saltelli design (blocks of G + 2:
    A, AB_1..AB_G, B), with SALib's estimators and bootstrap 95% confidence half-widths."""
    from SALib.analyze.sobol import first_order, total_order
    G = len(factors)
    Y = y.reshape(-1, G + 2)
    A, B = Y[:, 0], Y[:, G + 1]
    rng = np.random.default_rng(seed)
    n = len(A)
    boot = rng.integers(0, n, size=(resamples, n))
    out = {}
    for g, name in enumerate(factors):
        AB = Y[:, 1 + g]
        if np.ptp(np.r_[A, B]) == 0:
            out[name] = {"S1": 0.0, "S1_conf": 0.0, "ST": 0.0, "ST_conf": 0.0}
            continue
        s1, st = float(first_order(A, AB, B)), float(total_order(A, AB, B))
        s1b = np.array([first_order(A[r], AB[r], B[r]) for r in boot], dtype=float)
        stb = np.array([total_order(A[r], AB[r], B[r]) for r in boot], dtype=float)
        z = float(sst.norm.ppf(0.975))
        out[name] = {"S1": finite(s1), "S1_conf": finite(z * float(np.std(s1b))),
                     "ST": finite(st), "ST_conf": finite(z * float(np.std(stb)))}
    return out


def sensitivity(frame: pd.DataFrame, names: Sequence[str], kpis: Sequence[str], method: str,
                values: np.ndarray, factors: list[tuple[str, list[int]]] | None = None) -> dict:
    """{kpi: {input: {"prcc": r}}}, or with sobol {kpi: {factor: {"S1", "ST", ...}}} and the
    factors (a correlation group is one factor, named group:<name>)."""
    out: dict[str, Any] = {"method": "sobol" if method == "sobol" else "prcc", "kpis": {}}
    if method == "sobol":
        out["factors"] = {f: [names[i] for i in cols] for f, cols in (factors or [(n, [i]) for i, n in enumerate(names)])}
        for kpi in kpis:
            y = pd.to_numeric(frame.get(kpi, pd.Series(np.nan, index=frame.index)), errors="coerce").to_numpy(dtype=float)
            if not np.all(np.isfinite(y)):
                out["kpis"][kpi] = None
                out.setdefault("notes", []).append(f"{kpi}: failed samples or undefined values; Sobol "
                                                   "indices need every sample of the Saltelli design")
                continue
            out["kpis"][kpi] = sobol_indices(y, list(out["factors"]))
        return out
    ok = (frame["status"] == "optimal").to_numpy()
    X = values[ok]
    R = _ranks(X)   # shared by every KPI
    for kpi in kpis:
        if kpi not in frame:
            out["kpis"][kpi] = None
            continue
        y = pd.to_numeric(frame.loc[ok, kpi], errors="coerce").to_numpy(dtype=float)
        r = prcc(X, y, R)
        out["kpis"][kpi] = {n: {"prcc": v} for n, v in zip(names, r)}
    return out


def tornado(sens: dict, kpi: str, top: int = 10) -> list[tuple[str, float]]:
    """(input, influence) sorted by |influence|: PRCC, or the total Sobol index."""
    block = (sens.get("kpis") or {}).get(kpi) or {}
    key = "ST" if sens.get("method") == "sobol" else "prcc"
    items = [(n, v.get(key)) for n, v in block.items() if v and v.get(key) is not None]
    return sorted(items, key=lambda x: -abs(x[1]))[:top]
