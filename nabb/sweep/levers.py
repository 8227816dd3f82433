"""The levers a sweep moves: numeric columns of the policy sheet and numeric settings.

``resolve_lever`` turns a name from the command line into a :class:`Lever`, ``parse_values``
reads ``start:stop:step`` or ``a,b,c``, ``set_levers`` writes the values into a copy of the
inputs, and ``grid`` lays out the points of a 1-D or 2-D sweep.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Sequence

from nabb.errors import InputError, Issue, did_you_mean
from nabb.inputs import Inputs
from nabb.schema import SETTING_BY_KEY, SETTINGS, SHEET_BY_NAME

#: Short names for the policy levers.
ALIASES = {
    "carbon_price": ("policy", "carbon_price_eur_per_t"),
    "min_domestic_share": ("policy", "min_domestic_share"),
}


@dataclass(frozen=True)
class Lever:
    name: str           # column name in the outputs (policy column or settings key)
    sheet: str          # "policy" or "settings"
    column: str         # policy column or settings key
    unit: str
    min: float | None
    max: float | None
    integer: bool = False

    @property
    def label(self) -> str:
        return f"{self.name} [{self.unit}]" if self.unit and self.unit != "-" else self.name


def levers_available() -> list[str]:
    pol = [c.name for c in SHEET_BY_NAME["policy"].columns if c.type == "float"]
    return sorted(set(ALIASES) | set(pol) | {s.key for s in SETTINGS if s.type in ("float", "int", "year")})


def resolve_lever(name: str) -> Lever:
    """'carbon_price', 'carbon_price_eur_per_t', 'policy.min_domestic_share', 'discount_rate'..."""
    raw = name.strip()
    sheet, _, col = raw.partition(".") if "." in raw else ("", "", raw)
    if not sheet and col in ALIASES:
        sheet, col = ALIASES[col]
    pol = SHEET_BY_NAME["policy"]
    if sheet in ("", "policy") and col in pol.column_names and pol.column(col).type == "float":
        c = pol.column(col)
        return Lever(col, "policy", col, c.unit, c.min, c.max)
    if sheet in ("", "settings") and col in SETTING_BY_KEY:
        s = SETTING_BY_KEY[col]
        if s.type in ("float", "int", "year"):
            return Lever(col, "settings", col, s.unit, s.min, s.max, s.type != "float")
    raise InputError([Issue("", "", "", "--param", f"a numeric lever of the policy or settings sheet: "
                            f"{', '.join(levers_available())}",
                            repr(name) + did_you_mean(name, levers_available()))])


def _number(text: str) -> float:
    """float(text), with a message a user can act on (not Python's 'could not convert')."""
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None


def parse_values(text: str) -> list[float]:
    """'0:200:10' (start:stop:step, stop included) or '0,50,100'."""
    text = text.strip()
    try:
        if ":" in text:
            parts = [_number(p) for p in text.split(":")]
            if len(parts) != 3:
                raise ValueError("start:stop:step")
            start, stop, step = parts
            if step <= 0 or stop < start:
                raise ValueError("step > 0 and stop >= start")
            n = int(math.floor((stop - start) / step + 1e-9)) + 1
            if n > 100000:
                raise ValueError("at most 100,000 values")
            return [round(start + i * step, 12) for i in range(n)]
        values = [_number(p) for p in text.split(",") if p.strip()]
        if not values:
            raise ValueError("no values")
        return values
    except ValueError as err:
        raise InputError([Issue("", "", "", "--values", f"start:stop:step or a list a,b,c ({err})",
                                repr(text))]) from None


def check_values(lever: Lever, values: Sequence[float]) -> None:
    bad = [v for v in values if (lever.min is not None and v < lever.min)
           or (lever.max is not None and v > lever.max) or not math.isfinite(v)
           or (lever.integer and float(v) != int(v))]
    if bad:
        rng = f"[{lever.min}, {lever.max}]" + (" and whole numbers" if lever.integer else "")
        raise InputError([Issue("", lever.sheet, "", lever.column, f"values in {rng}",
                                ", ".join(f"{v:g}" for v in bad[:5]))])


def set_levers(inputs: Inputs, levers: Sequence[Lever], values: Sequence[float]) -> Inputs:
    """A copy of inputs with each lever set to its value (policy levers: in every year)."""
    out = inputs.copy()
    for lv, v in zip(levers, values):
        if lv.sheet == "policy":
            out.tables["policy"][lv.column] = float(v)
        else:
            out.settings[lv.column] = int(v) if lv.integer else float(v)
        out.changes = out.changes + [{"scenario": "sweep", "sheet": lv.sheet, "column": lv.column,
                                      "filter": "*" if lv.sheet == "policy" else f"key={lv.column}",
                                      "rows": len(out.tables["policy"]) if lv.sheet == "policy" else 1,
                                      "old": "", "new": f"{v:g}"}]
    return out


def grid(values: Sequence[Sequence[float]]) -> list[tuple[float, ...]]:
    """All combinations; the first lever varies fastest within each value of the second."""
    if len(values) == 1:
        return [(float(v),) for v in values[0]]
    combos = itertools.product(*reversed([list(v) for v in values]))
    return [tuple(float(x) for x in reversed(c)) for c in combos]
