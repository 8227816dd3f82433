"""Size guard: stop before building a model that would not fit in memory.

The estimate counts the LP columns from the input tables alone (no Pyomo), in a few
milliseconds even for a dense arc list of 342 regions.  Memory per column was measured on
the synthetic instances of ``benchmarks/bench_scale.py`` (peak RSS of a whole run: build,
standard form, HiGHS, results, report): about 2.5 kB per column at 100-342 regions, so
:data:`BYTES_PER_VARIABLE` (3.5 kB) keeps a margin.  The limit is a fraction of the memory
available now (``MemAvailable`` in ``/proc/meminfo``), or ``NABB_MEMORY_LIMIT_GB``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from nabb.errors import ModelTooLargeError
from nabb.inputs import Inputs
from nabb.schema import LAND_KINDS

#: Peak bytes per LP column, measured (~2.5 kB) plus margin.
BYTES_PER_VARIABLE = 3500
#: Fixed cost of the process (Python, Pyomo, pandas, openpyxl, HiGHS loaded).
BASE_BYTES = 250 * 2**20
#: Share of the available memory a run may use by default.
DEFAULT_FRACTION = 0.5


@dataclass(frozen=True)
class SizeEstimate:
    variables: int
    flows: int
    years: int
    directed_arcs: int
    regions: int
    bytes: int

    @property
    def gigabytes(self) -> float:
        return self.bytes / 2**30


def _directed_arcs(inputs: Inputs) -> int:
    arcs = inputs.tables["arcs"]
    if not len(arcs):
        return 0
    both = arcs["bidirectional"].map(lambda b: b is None or b != b or bool(b))
    pairs = set(zip(arcs["from_region"], arcs["to_region"]))
    pairs |= {(b, a) for a, b, two in zip(arcs["from_region"], arcs["to_region"], both) if two}
    return len(pairs)


def estimate(inputs: Inputs) -> SizeEstimate:
    """Upper estimate of the LP columns, dominated by arcs x commodities x years."""
    t = inputs.tables
    years = len(inputs.years)
    n_arcs = _directed_arcs(inputs)
    commodities = len(t["commodities"])
    regions = t["regions"]
    n_regions = len(regions)
    land = int(regions["kind"].fillna("province").isin(LAND_KINDS).sum()) if n_regions else 0
    processes = len(t["processes"])
    crops = t["crops"]
    perennial = int(crops["perennial"].map(lambda v: bool(v) if v == v and v is not None
                                           else False).sum()) if len(crops) else 0
    flows = n_arcs * commodities * years
    land_vars = land * (len(crops) + perennial) * years
    processing = land * processes * 3 * years
    balance = 2 * n_regions * commodities * years            # surplus + sales to other markets
    recipes = t["recipes"].groupby(["segment", "building_type"]).size().to_dict() if len(
        t["recipes"]) else {}
    dem = t["demand"]
    built = 0
    if len(dem):
        horizon = set(inputs.years)
        in_h = dem[dem["year"].map(lambda y: y is not None and int(y) in horizon)]
        built = int(sum(recipes.get((s, b), 0) for s, b in zip(in_h["segment"],
                                                                in_h["building_type"])))
    imports = len(t["imports"]) * years
    variables = flows + land_vars + processing + balance + built + imports
    return SizeEstimate(variables=variables, flows=flows, years=years, directed_arcs=n_arcs,
                        regions=n_regions, bytes=BASE_BYTES + variables * BYTES_PER_VARIABLE)


def estimate_variables(inputs: Inputs) -> int:
    """Rough count of LP columns, dominated by arcs x commodities x years."""
    return estimate(inputs).variables


def available_bytes() -> int | None:
    """MemAvailable from /proc/meminfo (None where there is no such file)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def memory_limit(fraction: float = DEFAULT_FRACTION) -> tuple[int | None, str]:
    """(limit in bytes or None, how it was set)."""
    env = os.environ.get("NABB_MEMORY_LIMIT_GB")
    if env:
        return int(float(env) * 2**30), f"NABB_MEMORY_LIMIT_GB={env}"
    avail = available_bytes()
    if avail is None:
        return None, "unknown available memory"
    return int(avail * fraction), f"{fraction:.0%} of the {avail / 2**30:.1f} GB available now"


def check_size(inputs: Inputs, limit_bytes: int | None = None,
               fraction: float = DEFAULT_FRACTION) -> SizeEstimate:
    """Raise ModelTooLargeError when the model would exceed memory; return the estimate.

    Called by ``pipeline.solve_inputs`` before building.  ``limit_bytes`` overrides the
    default limit (``fraction`` of ``MemAvailable``, or ``NABB_MEMORY_LIMIT_GB``).
    """
    est = estimate(inputs)
    how = "limit_bytes argument"
    if limit_bytes is None:
        limit_bytes, how = memory_limit(fraction)
    if limit_bytes is None or est.bytes <= limit_bytes:
        return est
    raise ModelTooLargeError(
        f"the model is too large for this machine: about {est.variables:,} variables "
        f"({est.flows:,} of them transport flows = {est.directed_arcs:,} directed arcs x "
        f"{len(inputs.tables['commodities'])} commodities x {est.years} years) would need about "
        f"{est.gigabytes:.1f} GB, above the limit of {limit_bytes / 2**30:.1f} GB ({how}). "
        "Nothing was built. Reduce it with: fewer years (rows of the policy sheet); a sparser "
        "arc list (link each region to its few nearest neighbours and to hubs, not to every "
        "other region); coarser regions (e.g. 40 COROP regions instead of 342 municipalities). "
        "Set NABB_MEMORY_LIMIT_GB to change the limit.")
