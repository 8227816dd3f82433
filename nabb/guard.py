"""Size guard: stop before building a model that would not fit in memory."""
from __future__ import annotations

from nabb.inputs import Inputs


def estimate_variables(inputs: Inputs) -> int:
    """Rough count of LP columns, dominated by arcs x commodities x years."""
    t = inputs.tables
    years = len(inputs.years)
    arcs = len(t["arcs"]) * 2
    commodities = len(t["commodities"])
    regions = len(t["regions"])
    processes = len(t["processes"])
    crops = len(t["crops"])
    return years * (arcs * commodities + regions * (3 * processes + 2 * crops + commodities + 10))


def check_size(inputs: Inputs) -> None:
    """Raise ModelTooLargeError when the model would exceed memory (see issue on scale)."""
