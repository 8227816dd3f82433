"""The words of ``nabb uncertainty``'s outputs in the reader's language (nl or en): status
words, KPI titles and units, code names, distributions, sheet names.  The texts live in the
catalogue (nabb.i18n.uncertainty_texts, and the run report's KPI texts where they exist);
uncertainty.json and samples.csv keep their raw keys and never pass through here.
"""
from __future__ import annotations

from typing import Any

from nabb.i18n import Lang, text
from nabb.i18n.catalogue import CATALOGUE
from nabb.i18n.names import name

#: the fan charts: (KPI key, catalogue key of its title, unit, shown as a percentage)
FANS = [("total_cost_eur", "unc.fan.total_cost", "EUR", False),
        ("biobased_share", "kpi.biobased_share", "share", True),
        ("fibre_crop_area_ha", "kpi.fibre_crop_area_ha", "ha", False),
        ("marginal_cost_target_eur_per_home", "kpi.marginal_cost_target_eur_per_home", "EUR/home", False),
        ("import_share", "kpi.import_share", "share", True),
        ("co2_credited_t", "kpi.co2_credited_t", "t CO2", False),
        ("carbon_income_eur_per_ha", "kpi.carbon_income_eur_per_ha", "EUR/ha", False)]

#: the headline KPIs of the tornado charts (nabb.uncertainty.stats.headline): catalogue key, unit
HEADLINE = {"total_cost_eur": ("unc.kpi.total_cost_eur", "EUR"),
            "marginal_cost_target_eur_per_home": ("kpi.marginal_cost_target_eur_per_home", "EUR/home"),
            "biobased_share": ("unc.kpi.biobased_share", ""),
            "shortfall_homes.new_build": ("kpi.shortfall_homes", "homes"),
            "fibre_crop_area_ha": ("kpi.fibre_crop_area_ha", "ha"),
            "import_share": ("kpi.import_share", ""),
            "co2_credited_t": ("kpi.co2_credited_t", "t"),
            "carbon_income_eur_per_ha": ("unc.kpi.carbon_income", "EUR/ha")}


def status_word(code: str, lang: str) -> str:
    """'optimal' -> 'optimaal'; a status nabb has no word for stays as it is."""
    for key in (f"status.{code}", f"unc.status.{code}"):
        if key in CATALOGUE:
            return text(key, lang)
    return str(code).replace("_", " ")


def sample_note(note: str, say: Lang) -> str:
    """Why a sample did not solve, in the reader's words where nabb wrote it (the solver's
    own words and an error's text stay as they are)."""
    if note == text("unc.sample.not_run", "en"):
        return say("unc.sample.not_run")
    prefix = text("unc.sample.infeasible", "en", why="")
    if note.startswith(prefix):
        return say("unc.sample.infeasible", why=note[len(prefix):])
    return note


def states(statuses: dict[str, int], say: Lang) -> str:
    """'optimal 7, infeasible 1' in the reader's words and notation."""
    return ", ".join(f"{status_word(k, say.code)} {say.num(v)}" for k, v in sorted(statuses.items()))


def million_eur(say: Lang) -> str:
    return "mln €" if say.code == "nl" else "M EUR"


def kpi_label(kpi: str, say: Lang) -> str:
    """'fibre_crop_area_ha.2030' -> 'Fibre-crop area (ha), 2030' / 'Teeltareaal vezelgewassen
    (ha), 2030'; a KPI nabb has no words for keeps its key."""
    head, _, year = kpi.rpartition(".")
    if not (head and year.isdigit()):
        head, year = kpi, ""
    if head not in HEADLINE:
        return kpi
    key, unit = HEADLINE[head]
    label = say(key) + (f" ({say.unit(unit)})" if unit else "")
    return f"{label}, {year}" if year else label


def code(value: Any, say: Lang) -> str:
    """A code of the data (crop, process) in the reader's words; blank stays blank."""
    return "" if value is None or value == "" else name(value, say.code)


def timing(key: str, say: Lang) -> str:
    """A timing's name: nabb's key in English ('setup_s'), words in Dutch ('voorbereiding')."""
    return str(word("unc.timing", key, say))


def target(key: str, say: Lang) -> str:
    """A target of the probabilities ('non_residential', 'new_build@GR') in the reader's words."""
    segment, at, region = key.partition("@")
    return code(segment, say) + (f" ({region})" if at else "")


def word(prefix: str, value: Any, say: Lang) -> Any:
    """A value with a catalogue word (``unc.kind.area``), else the value itself."""
    key = f"{prefix}.{value}"
    return say(key) if key in CATALOGUE else value


def distribution(dist: Any, say: Lang) -> str:
    """'triangular(0.8, 1, 1.2)' / 'driehoeksverdeling(0,8; 1; 1,2)' (a Dutch list separates
    numbers with a semicolon: the comma is the decimal sign)."""
    sep = "; " if say.code == "nl" else ", "

    def g(v: float) -> str:
        return say.g(v, "g")
    kind = word("unc.dist", dist.kind, say)
    if dist.kind == "triangular":
        return f"{kind}({sep.join(g(v) for v in (dist.low, dist.mode, dist.high))})"
    if dist.kind == "uniform":
        return f"{kind}({sep.join(g(v) for v in (dist.low, dist.high))})"
    if dist.kind == "discrete":
        return f"{kind}({sep.join(g(v) for v in dist.values)})"
    trunc = ""
    if dist.low is not None or dist.high is not None:
        lo = "" if dist.low is None else g(dist.low)
        hi = "" if dist.high is None else g(dist.high)
        trunc = f" in [{lo}{sep}{hi}]"
    return f"{kind}({say('unc.dist.mean')} {g(dist.mean)}{sep}{say('unc.dist.sd')} {g(dist.sd)}){trunc}"


def sheet(name_: str, say: Lang) -> str:
    return say(f"unc.sheet.{name_}")
