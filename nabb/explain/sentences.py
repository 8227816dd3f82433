"""Words for explanations: amounts, years, and the run as the family registry's sentence
builders see it (:func:`context`).

What each constraint family says in words lives with the family, in
:mod:`nabb.model.families`; the input cells behind it in :mod:`nabb.io.addressing`.
"""
from __future__ import annotations

from typing import Iterable, TYPE_CHECKING

from nabb.i18n import Lang
from nabb.inputs import Inputs
from nabb.model.families import Context, Family
from nabb.units import K

EN = Lang("en")

if TYPE_CHECKING:  # pragma: no cover
    from nabb.run import Run


def say_for(inputs: Inputs) -> Lang:
    """The language of a run's explanations (its ``language`` setting; English without one)."""
    return Lang(inputs.settings.get("language") or "en")


def context(run_: "Run") -> Context:
    """The inputs, prepared data and result frames of a run, for the sentence builders (in
    the run's language)."""
    frames = getattr(run_.results, "frames", None) or {}
    return Context(run_.inputs, run_.compiled.model.data, frames, say_for(run_.inputs))


def years_label(years: Iterable[int]) -> str:
    ys = sorted(set(int(y) for y in years))
    if not ys:
        return ""
    return str(ys[0]) if len(ys) == 1 else f"{ys[0]}\u2013{ys[-1]}"


def eur(v: float, say: Lang = EN) -> str:
    """EUR amount in plain words, in the reports' one money style (:meth:`Lang.money`, as the
    HTML writes it): EUR 950, EUR 12.3 k, EUR 4.56 M, EUR 6.04 bn (English); € 950, € 12.345,
    € 4,56 mln (Dutch)."""
    if say.code == "en" and 1e4 <= abs(v) < 1e6:
        return f"EUR {say.num(v / 1e3, 1)} k"
    return say.money(v)


def tonnes(t: float, say: Lang = EN) -> str:
    return f"{say.num(t / 1e3, 1)} kt" if abs(t) >= 1e4 else f"{say.num(t)} t"


def consecutive_runs(years: list[int], all_years: list[int]) -> list[list[int]]:
    """Split years into runs of consecutive model years."""
    pos = {y: i for i, y in enumerate(all_years)}
    out: list[list[int]] = []
    for y in sorted(years):
        if out and pos[y] == pos[out[-1][-1]] + 1:
            out[-1].append(y)
        else:
            out.append([y])
    return out


def whole(v: float, say: Lang = EN) -> str:
    """EUR amount without a "-0" for a price that is zero up to solver noise."""
    return say.num(0.0 if abs(v) < 0.5 else v)


def amount(fam: Family | None, v: float, say: Lang = EN) -> str:
    """A violated row's slack (internal units) in words, in what the row counts."""
    what = fam.amount if fam is not None else "t"
    n = say.num(abs(v) * K)
    if what == "homes":
        return say("why.amount.homes", homes=n)
    if what == "ha":
        return f"{n} ha"
    if what == "units":
        return say("why.amount.units", units=n)
    return tonnes(abs(v) * K, say)
