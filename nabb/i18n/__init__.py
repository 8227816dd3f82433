"""Report languages (vocabulary layer): nabb writes its reports in Dutch or in English.

- ``catalogue``: every user-facing text, keyed, with its English and its Dutch wording;
- ``numbers``: Dutch and English number, money, percentage notation (Babel's CLDR data);
- ``language``: :class:`Lang` (texts plus notation of one language) and
  :func:`resolve_language` (``--lang``, else the workbook's ``language`` setting, else Dutch
  for nabb's own default data, else English);
- ``names``: Dutch names of the default data's codes (crops, commodities, processes, ...);
- ``columns``: Dutch sheet names and column headers of report.xlsx;
- ``capacity``: Dutch column descriptions of the coordinators' capacity sheet.
- ``schema_nl``: Dutch descriptions and units of the input workbook's sheets, columns and
  settings (``nabb template input --lang nl``), keyed by the schema's names.

Imports only the standard library and Babel: every layer above may use it.
"""
from __future__ import annotations

from nabb.i18n.language import LANGS, Lang, resolve_language, text, unit
from nabb.i18n.numbers import check_lang

__all__ = ["LANGS", "Lang", "check_lang", "resolve_language", "text", "unit"]
