"""Synthetic instances with the structure of the default data, for any number of regions.

The commodities, crops, processes, process_io, recipes, recipe materials, imports, policy
and targets are those of the default NABB dataset (``data/default/*.csv``, or the embedded
workbook when the CSVs are absent).  Only the geography is synthetic:

* ``n_regions`` land regions with reproducible random centroids inside the Dutch bounding
  box; arable land, cereal area, existing crop area and housing demand are the national
  totals of the default split over the regions by random weights;
* the three entry nodes of the default (port of Rotterdam and two German border
  crossings) at their own coordinates;
* a **sparse** arc list: every region to its ``k`` nearest neighbours plus to its nearest
  hub, hubs to each other, entry nodes to their two nearest regions.  The number of arcs
  grows linearly with the regions.  ``dense=True`` links every pair instead (used to test
  the size guard);
* existing plants of the default move to the synthetic region nearest to their province.

Used by ``benchmarks/bench_scale.py`` and ``tests/test_scale.py``::

    from nabb.synthetic import synthetic_inputs
    inputs = synthetic_inputs(40, years=6)
"""
from __future__ import annotations

import functools
import importlib.util
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nabb.inputs import Inputs

REPO_DIR = Path(__file__).resolve().parent.parent
CSV_DIR = REPO_DIR / "data" / "default"

#: Bounding box of the Netherlands (lat, lon).
LAT = (51.35, 53.40)
LON = (3.60, 7.10)
ROAD_FACTOR = 1.25   # road km per straight-line km
STRUCTURE_SHEETS = ("commodities", "crops", "processes", "process_io", "recipes",
                    "recipe_materials", "build_systems", "policy", "targets")


@functools.lru_cache(maxsize=1)
def default_tables() -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The default dataset's tables and settings (from the CSVs, else the workbook)."""
    script = REPO_DIR / "data" / "build_default.py"
    if CSV_DIR.is_dir() and script.exists():
        spec = importlib.util.spec_from_file_location("_nabb_build_default", script)
        mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        spec.loader.exec_module(mod)  # type: ignore[union-attr]
        tables, settings = mod.load_tables(CSV_DIR)
        return tables, settings
    from nabb.io.reader import read_workbook
    from nabb.defaults import DEFAULT_WORKBOOK
    inp = read_workbook(DEFAULT_WORKBOOK)
    return inp.tables, dict(inp.settings)


def _km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (numpy broadcasting)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dl = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def _weights(rng: np.random.Generator, n: int, sigma: float = 0.6) -> np.ndarray:
    w = rng.lognormal(0.0, sigma, n)
    return w / w.sum()


def n_hubs_for(n_regions: int) -> int:
    """Default number of hubs: about sqrt(n)/1.5, at least 1 (12 -> 2, 40 -> 4, 342 -> 12)."""
    return max(1, int(round(math.sqrt(n_regions) / 1.5)))


def synthetic_tables(n_regions: int, years: int = 6, k: int = 4, hubs: int | None = None,
                     dense: bool = False, seed: int = 0) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Tables (schema sheets) and settings of a synthetic instance; see the module docstring."""
    if n_regions < 2:
        raise ValueError("n_regions must be at least 2")
    base, settings = default_tables()
    rng = np.random.default_rng(seed)
    out: dict[str, pd.DataFrame] = {name: base[name].copy() for name in STRUCTURE_SHEETS
                                    if name in base}
    # horizon: the first `years` policy years (the default has 2025-2030); extend if asked
    pol = base["policy"].copy()
    pol["year"] = pol["year"].astype(int)
    pol = pol.sort_values("year").reset_index(drop=True)
    while len(pol) < years:
        extra = pol.iloc[[-1]].copy()
        extra["year"] = int(pol["year"].iloc[-1]) + 1
        pol = pd.concat([pol, extra], ignore_index=True)
    pol = pol.iloc[:years].reset_index(drop=True)
    horizon = [int(y) for y in pol["year"]]
    out["policy"] = pol
    tg = base["targets"].copy()
    out["targets"] = tg[tg["year"].astype(int).isin(horizon)].reset_index(drop=True)
    for name in out:
        if "source" in out[name].columns:
            out[name]["source"] = None

    # --- regions
    regions_df = base["regions"]
    land = regions_df[regions_df["kind"].isin(("province", "region", "municipality"))]
    entry = regions_df[~regions_df["kind"].isin(("province", "region", "municipality"))]
    kind = "province" if n_regions <= 12 else ("region" if n_regions <= 100 else "municipality")
    width = len(str(n_regions))
    codes = [f"R{i + 1:0{width}d}" for i in range(n_regions)]
    lat = rng.uniform(*LAT, n_regions)
    lon = rng.uniform(*LON, n_regions)
    arable_total = float(pd.to_numeric(land["arable_land_ha"]).sum())
    cereal_total = float(pd.to_numeric(land["cereal_area_ha"]).sum())
    w_land = _weights(rng, n_regions)
    w_pop = _weights(rng, n_regions, 0.8)
    reg = pd.DataFrame({"region": codes, "name": [f"Synthetic {c}" for c in codes], "kind": kind,
                        "lat": lat.round(4), "lon": lon.round(4),
                        "arable_land_ha": (arable_total * w_land).round(1),
                        "cereal_area_ha": (cereal_total * w_land[::-1]).round(1)})
    ent = pd.DataFrame({"region": list(entry["region"]), "name": list(entry["name"]),
                        "kind": list(entry["kind"]),
                        "lat": pd.to_numeric(entry["lat"]).to_numpy(),
                        "lon": pd.to_numeric(entry["lon"]).to_numpy(),
                        "arable_land_ha": 0.0, "cereal_area_ha": 0.0})
    out["regions"] = pd.concat([reg, ent], ignore_index=True)

    # --- arcs
    dist = _km(lat[:, None], lon[:, None], lat[None, :], lon[None, :]) * ROAD_FACTOR
    pairs: set[tuple[int, int]] = set()
    if dense:
        pairs = {(i, j) for i in range(n_regions) for j in range(i + 1, n_regions)}
    else:
        kk = min(k, n_regions - 1)
        order = np.argsort(dist, axis=1)[:, 1:kk + 1]
        for i in range(n_regions):
            for j in order[i]:
                pairs.add((min(i, int(j)), max(i, int(j))))
        nh = min(n_regions, hubs if hubs is not None else n_hubs_for(n_regions))
        hub_idx = sorted(np.argsort(-w_pop)[:nh].tolist())  # the largest demand centres
        for i in range(n_regions):
            h = min(hub_idx, key=lambda j: dist[i, j])
            if h != i:
                pairs.add((min(i, h), max(i, h)))
        for a in hub_idx:
            for b in hub_idx:
                if a < b:
                    pairs.add((a, b))
    arcs = [(codes[i], codes[j], round(float(max(dist[i, j], 1.0)), 1)) for i, j in sorted(pairs)]
    for code, elat, elon in zip(ent["region"], ent["lat"], ent["lon"]):
        d_e = _km(elat, elon, lat, lon) * ROAD_FACTOR
        for j in np.argsort(d_e)[:2]:
            arcs.append((code, codes[int(j)], round(float(max(d_e[j], 1.0)), 1)))
    out["arcs"] = pd.DataFrame(arcs, columns=["from_region", "to_region", "distance_km"]).assign(
        bidirectional=True)

    # --- existing crop area, split like the arable land
    cult = base.get("cultivation")
    rows = []
    if cult is not None and len(cult):
        totals = cult.groupby("crop")["existing_area_ha"].apply(lambda s: float(pd.to_numeric(s).sum()))
        for c, tot in totals.items():
            for code, w in zip(codes, w_land):
                rows.append({"region": code, "crop": c, "existing_area_ha": round(tot * w, 2)})
    out["cultivation"] = pd.DataFrame(rows, columns=["region", "crop", "existing_area_ha"])

    # --- existing plants: nearest synthetic region to the plant's province centroid
    where = regions_df.set_index("region")[["lat", "lon"]].astype(float)
    entry_codes = set(ent["region"])

    def nearest(region: str) -> str:
        """An entry node stays itself; a province maps to the nearest synthetic region."""
        if region in entry_codes:
            return region
        plat, plon = where.at[region, "lat"], where.at[region, "lon"]
        return codes[int(np.argmin(_km(plat, plon, lat, lon)))]

    cap = base.get("capacity")
    if cap is not None and len(cap):
        cap = cap.copy()
        cap["region"] = [nearest(r) for r in cap["region"]]
        cap["source"] = None
        out["capacity"] = cap.reset_index(drop=True)

    # --- imports at the same entry nodes; domestic supply (e.g. Dutch timber) at the nearest region
    imp = base.get("imports")
    if imp is not None:
        imp = imp.copy().assign(source=None)
        imp["region"] = [nearest(r) for r in imp["region"]]
        out["imports"] = imp.reset_index(drop=True)

    # --- demand: national units per year/segment/type split by population weights
    dem = base["demand"].copy()
    dem["year"] = dem["year"].astype(int)
    dem["units"] = pd.to_numeric(dem["units"])
    nat = dem.groupby(["year", "segment", "building_type"], as_index=False)["units"].sum()
    last = int(nat["year"].max())
    drows = []
    for y in horizon:
        sub = nat[nat["year"] == min(y, last)]
        for _, row in sub.iterrows():
            units = row["units"] * w_pop
            drows.append(pd.DataFrame({"region": codes, "year": y, "segment": row["segment"],
                                       "building_type": row["building_type"],
                                       "units": units.round(2)}))
    out["demand"] = pd.concat(drows, ignore_index=True)

    s = dict(settings)
    s["base_year"] = min(int(s.get("base_year", horizon[0])), horizon[0])
    return out, s


def synthetic_inputs(n_regions: int, years: int = 6, k: int = 4, hubs: int | None = None,
                     dense: bool = False, seed: int = 0) -> Inputs:
    """Validated :class:`Inputs` of a synthetic instance (via ``inputs_from_tables``)."""
    from nabb.io.reader import inputs_from_tables
    tables, settings = synthetic_tables(n_regions, years, k, hubs, dense, seed)
    inputs = inputs_from_tables(tables, settings, source=f"<synthetic {n_regions} regions>")
    return inputs


def write_synthetic_workbook(path: str | Path, n_regions: int, years: int = 6, k: int = 4,
                             hubs: int | None = None, dense: bool = False, seed: int = 0) -> Path:
    """Write a synthetic instance as an input workbook (so that reading can be timed)."""
    from nabb.io.template import write_input_workbook
    tables, settings = synthetic_tables(n_regions, years, k, hubs, dense, seed)
    write_input_workbook(path, tables, settings)
    return Path(path)


def describe(inputs: Inputs) -> dict[str, int]:
    """Counts that drive the model size."""
    t = inputs.tables
    arcs = t["arcs"]
    directed = int(sum(2 if (b is None or bool(b)) else 1 for b in arcs["bidirectional"]))
    return {"regions": len(t["regions"]), "arcs": directed, "years": len(inputs.years),
            "commodities": len(t["commodities"])}
