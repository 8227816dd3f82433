"""One report language: its texts (from the catalogue) and its number notation, in one object.

``Lang("nl")("console.why", line=...)`` is the Dutch line; ``Lang("nl").money(x)``
writes € 2,39 mld.  Which language a run writes is decided once, by :func:`resolve_language`.
"""
from __future__ import annotations

import re
from string import Formatter
from typing import Any

import nabb.i18n.numbers as numbers
from nabb.i18n.catalogue import CATALOGUE, UNIT_PHRASES, UNIT_WORDS
from nabb.i18n.numbers import LANGS, check_lang

_INDEX = {"en": 0, "nl": 1}
_TO_EN: dict[str, str] = {}
for _en, _nl in UNIT_WORDS.items():  # the first English word of a Dutch one wins (jaar -> yr)
    _TO_EN.setdefault(_nl, _en)
_WORD = re.compile(r"[A-Za-z]+")


def placeholders(template: str) -> set[str]:
    """The {names} a catalogue text fills in."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in Formatter().parse(template)
            if name is not None and name != ""}


def text(key: str, lang: str, **values: Any) -> str:
    """The catalogue text ``key`` in ``lang`` with its {placeholders} filled in."""
    return CATALOGUE[key][_INDEX[check_lang(lang)]].format(**values)


def unit(label: str, lang: str) -> str:
    """A unit in the reader's language: "t/yr" -> "t/jaar", "aantal" -> "count" (word by word;
    EUR is € in Dutch; t, ha, CO2 and % stay as they are)."""
    table = UNIT_WORDS if check_lang(lang) == "nl" else _TO_EN
    if lang == "en":
        label = label.replace("€", "EUR")
    for en, nl in sorted(UNIT_PHRASES.items(), key=lambda p: -len(p[0])):
        label = label.replace(*((en, nl) if lang == "nl" else (nl, en)))
    return _WORD.sub(lambda m: table.get(m.group(0), m.group(0)), label)


class Lang:
    """Texts and number notation of one language (``nl`` or ``en``)."""

    def __init__(self, code: str) -> None:
        self.code = check_lang(code)

    def __repr__(self) -> str:
        return f"Lang({self.code!r})"

    def __call__(self, key: str, **values: Any) -> str:
        return text(key, self.code, **values)

    def num(self, value: float | None, decimals: int = 0) -> str:
        return numbers.number(value, self.code, decimals)

    def g(self, value: float | None, spec: str = ",.4g") -> str:
        return numbers.general(value, self.code, spec)

    def pct(self, share: float | None, decimals: int = 0) -> str:
        return numbers.percent(share, self.code, decimals)

    def money(self, value: float | None, decimals: int = 2) -> str:
        return numbers.money(value, self.code, decimals)

    def euros(self, value: float | None, decimals: int = 0) -> str:
        return numbers.euros(value, self.code, decimals)

    def unit(self, label: str) -> str:
        return unit(label, self.code)

    def amount(self, value: float | None, label: str, decimals: int = 0) -> str:
        """A number with its unit as the language writes it: € 946 mln, € 2.490 per woning
        (nl); 946 M EUR (en).  ``label`` is a unit already in this language."""
        return numbers.amount(value, label, self.code, decimals)

    def qty(self, value: float | None, label: str, decimals: int = 0) -> str:
        """A number with its unit: 1.234 t/jaar (nl), 1,234 t/yr (en)."""
        return f"{self.num(value, decimals)} {self.unit(label)}"


def resolve_language(option: str | None, setting: str | None, default_data: bool) -> str:
    """The language a run writes: ``--lang`` when given, else the workbook's ``language``
    setting, else Dutch for nabb's own (Dutch) default data, else English."""
    for choice in (option, setting):
        if choice:
            return check_lang(choice)
    return "nl" if default_data else "en"


__all__ = ["LANGS", "Lang", "placeholders", "resolve_language", "text", "unit"]
