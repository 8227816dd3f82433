"""Numbers, money, shares and units as a Dutch or an English reader writes them.

Dutch (taaladvies.net; CBS tables): a point between thousands and a decimal comma,
1.234.567,8; money as € 2,39 mld and € 42,16 mln.  English: 1,234,567.8; EUR 2.39 bn and
EUR 42.16 M.  The separators come from Babel's CLDR data for ``nl_NL`` and ``en``; the scale
words (mln, mld; M, bn) are the ones Dutch policy texts and nabb's English reports use.
A missing value (None, NaN) prints as an en dash in both languages.
"""
from __future__ import annotations

import math
from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol

LANGS = ("nl", "en")
LOCALES = {"nl": "nl_NL", "en": "en"}
MISSING = "–"

#: (threshold, en word, nl word): money of at least the threshold is written in that scale
_SCALES = ((1e9, "bn", "mld"), (1e6, "M", "mln"))
_CURRENCY = {"en": "EUR", "nl": "€"}


def check_lang(lang: str) -> str:
    """``lang`` itself when nabb writes that language; ValueError otherwise."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: expected one of {', '.join(LANGS)}")
    return lang


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _symbols(text: str, lang: str) -> str:
    """Python's en notation (1,234.5) in the language's symbols from Babel's CLDR data."""
    if check_lang(lang) == "en":
        return text
    locale = LOCALES[lang]
    table = {ord(","): get_group_symbol(locale), ord("."): get_decimal_symbol(locale)}
    return text.translate(table)


def _unsigned_zero(text: str) -> str:
    """"-0", "-0.00" or "-0%" without its sign (a negative value rounded to zero)."""
    return text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text


def localise(text: str, lang: str) -> str:
    """A number Python wrote in English notation (1,234.5) in the notation of ``lang``."""
    return _symbols(text, lang)


def number(value: float | None, lang: str, decimals: int = 0) -> str:
    """1.234.567,8 (nl) or 1,234,567.8 (en), rounded to ``decimals`` places (trailing zeros kept).

    The digits are Python's own rounding (an English text is what ``f"{value:,.{decimals}f}"``
    writes), the separators Babel's for the locale.  A value that rounds to zero prints without
    a sign: solver noise (-1e-12) is no "-0".
    """
    if _missing(value):
        return MISSING
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return _symbols(_unsigned_zero(f"{value:,.{max(decimals, 0)}f}"), lang)


def general(value: float | None, lang: str, spec: str = ",.4g") -> str:
    """Any Python number format (e.g. ``,.4g``: 1,235 or 0.5) in the language's separators."""
    if _missing(value):
        return MISSING
    return _symbols(format(float(value), spec), lang)


def percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """A share as a percentage: 0.289 -> 28,9% (nl) or 28.9% (en) with ``decimals`` = 1
    (Python's ``%`` format, so English is exactly ``f"{share:.1%}"``)."""
    if _missing(share):
        return MISSING
    return _symbols(_unsigned_zero(f"{float(share):,.{max(decimals, 0)}%}"), lang)


def money(value: float | None, lang: str, decimals: int = 2) -> str:
    """Euros, scaled from a million on: € 2,39 mld / EUR 2.39 bn; € 42,16 mln / EUR 42.16 M;
    below a million whole euros: € 1.234 / EUR 1,234."""
    if _missing(value):
        return MISSING
    value = float(value)
    symbol = _CURRENCY[check_lang(lang)]
    for threshold, en, nl in _SCALES:
        if abs(value) >= threshold and math.isfinite(value):
            scaled = number(value / threshold, lang, decimals)
            return f"{symbol} {scaled} {nl if lang == 'nl' else en}"
    return f"{symbol} {number(value, lang, 0)}"


def euros(value: float | None, lang: str, decimals: int = 0) -> str:
    """Euros written out in full: € 2.394.530.524 (nl) or EUR 2,394,530,524 (en)."""
    if _missing(value):
        return MISSING
    return f"{_CURRENCY[check_lang(lang)]} {number(value, lang, decimals)}"


#: money units as Dutch writes an amount in them: the euro sign first, the scale word after
_NL_MONEY = {"€": "", "EUR": "", "mln €": " mln", "mld €": " mld", "M EUR": " mln"}


def is_money(unit: str) -> bool:
    """Whether ``unit`` is an amount of euros (€, mln €, k€) or euros per something (€/t)."""
    u = unit.strip()
    return u in _NL_MONEY or u in ("k€", "k EUR") or u.startswith(("€/", "EUR/"))


def amount(value: float | None, unit: str, lang: str, decimals: int = 0) -> str:
    """A number with its unit, as the language writes it.

    Dutch puts the euro sign before the amount (taaladvies.net, "bedragen"): € 2.490 per
    woning, € 946 mln, € 1,42 mld; thousands of euros (k€) are written as euros, scaled:
    € 15,7 mln, € 692.147.  Every other unit, and English, follow the number: 14.608 ha,
    28,9%, 1,234 t/yr, 946 M EUR."""
    if _missing(value):
        return MISSING
    u = unit.strip()
    if check_lang(lang) == "nl" and is_money(u):
        v = float(value)
        if u in ("k€", "k EUR"):
            return money(v * 1e3, lang, 1)
        if u in _NL_MONEY:
            return f"€ {number(v, lang, decimals)}{_NL_MONEY[u]}"
        per = u.split("/", 1)[1]
        return f"€ {number(v, lang, decimals)} per {per}"
    text = number(value, lang, decimals)
    if not u:
        return text
    return f"{text}{u}" if u.startswith("%") else f"{text} {u}"
