"""Issue lines in Dutch: "FOUT policy.xlsx:crops:C5 [yield_t_per_ha]: verwacht een getal >= 0;
gevonden tekst 'abc'".

An :class:`nabb.errors.Issue` is built in English at some eighty places (the reader, the
scenarios, the capacity sheets, the sweep and uncertainty options, the preflight of a file),
each with its own *expected* and *found* text.  Rather than thread a language through all of
them, the English texts are translated here, when the line is rendered, through an ordered
table of phrase patterns (:data:`nabb.i18n.issue_phrases.PHRASES`): a regular expression over
the English, and the Dutch that replaces it, with the captured values kept as they are.

User data is never translated: every quoted part of a text (Python's repr of a cell's content,
a name, a formula: ``'abc'``, ``"region's"``) is set aside before the phrases run and put back
afterwards, so a cell that holds the word "number" stays "number".  Codes, sheet and column
names, file names and cell references are no phrases, so they pass through unchanged.

A captured group whose name starts with ``n_`` is a number in English notation (1,234.5) and
is written in Dutch notation (1.234,5) through :mod:`nabb.i18n.numbers`; ``u_`` is a unit
(t/yr -> t/jaar); ``w_`` a word of :data:`nabb.i18n.issue_phrases.WORDS` (float -> getal);
``d_`` a column description of :data:`nabb.i18n.issue_phrases.DESCRIPTIONS` (registered by
the module that owns the English description), else the pattern does not apply.  Examples of what to
type (``e.g. 1.5``, ``8.4;6.9``) are not captured that way: they show what nabb reads.

English lines are left byte for byte as :class:`Issue` writes them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from nabb.i18n.issue_phrases import DESCRIPTIONS, PHRASES, WORDS
from nabb.i18n.language import unit
from nabb.i18n.numbers import check_lang, localise

#: a quoted part: Python's repr of a string ('abc', "it's"), not an apostrophe inside a word
_QUOTED = re.compile(r"""(?<![\w'"])('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")(?![\w])""")
_TOKEN = re.compile("[\x00\x02](\\d+)[\x00\x02]")


def mask(text: str) -> tuple[str, list[str]]:
    """``text`` with every quoted part replaced by a token, and the parts in order."""
    saved: list[str] = []

    def keep(m: re.Match) -> str:
        saved.append(m.group(0))
        return f"\x00{len(saved) - 1}\x00"

    return _QUOTED.sub(keep, text), saved


def unmask(text: str, saved: list[str]) -> str:
    return _TOKEN.sub(lambda m: saved[int(m.group(1))], text)


@lru_cache(maxsize=None)
def _compiled() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(pattern), dutch) for pattern, dutch in PHRASES]


def _fill(dutch: str, m: re.Match, saved: list[str]) -> str:
    values = {}
    for name, value in m.groupdict().items():
        value = value or ""
        core = value.strip()
        lead = value[:len(value) - len(value.lstrip())]
        if name.startswith("n_"):  # set aside like user data: no later phrase reads it again
            saved.append(localise(core, "nl"))
            value = f"{lead}\x02{len(saved) - 1}\x02"
        elif name.startswith("u_") and core:
            value = lead + unit(core, "nl")
        elif name.startswith("w_"):
            value = lead + WORDS.get(core, core)
        elif name.startswith("d_"):
            if core not in DESCRIPTIONS:  # not a known description: the pattern does not apply
                return m.group(0)
            value = lead + DESCRIPTIONS[core]
        values[name] = value
    return dutch.format(**values)


def _translate_masked(text: str, saved: list[str]) -> str:
    for pattern, dutch in _compiled():
        text = pattern.sub(lambda m, d=dutch: _fill(d, m, saved), text)
    return text


def translate(text: str, lang: str) -> str:
    """An issue's *expected* or *found* text in ``lang`` (English: ``text`` itself)."""
    if check_lang(lang) == "en" or not text:
        return text
    return _dutch(text)


@lru_cache(maxsize=4096)  # the same expected text repeats down a column
def _dutch(text: str) -> str:
    masked, saved = mask(text)
    return unmask(_translate_masked(masked, saved), saved)


#: severity words at the head of a line
SEVERITY = {"en": {"error": "ERROR", "warning": "WARNING"},
            "nl": {"error": "FOUT", "warning": "WAARSCHUWING"}}
#: the frame between the location, the expected and the found text
FRAME = {"en": "{head}: expected {expected}; found {found}",
         "nl": "{head}: verwacht {expected}; gevonden {found}"}


def render(where: str, severity: str, expected: str, found: str, lang: str) -> str:
    """One issue line: severity, location (never translated), expected, found."""
    word = SEVERITY[check_lang(lang)][severity]
    head = f"{word} {where}" if where else word
    return FRAME[lang].format(head=head, expected=translate(expected, lang),
                              found=translate(found, lang))


__all__ = ["FRAME", "SEVERITY", "mask", "render", "translate", "unmask"]
