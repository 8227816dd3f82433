"""The errors that are not issue lines, in Dutch: an output nabb refuses to write (exit 2), a
file system that refuses (exit 6), a solver failure (exit 3), a model too large (exit 5).

Like the issue lines (:mod:`nabb.i18n.issues`), these messages are built in English where the
error is raised, and written in the command's language when they are printed
(:func:`nabb.errors.error_lines`).  ``MESSAGES`` is an ordered list of (English regular
expression over the whole message, Dutch text); the first that matches the whole message
gives the line.  A group is user data (a path, a scenario name, a list of files) and is kept
as it is; a group ``n_...`` is a number in English notation written in Dutch notation; a
group ``w_...`` is looked up in ``WORDS``.  A message no pattern matches is printed as it is
(English), so an error is never lost; tests/test_i18n_errors.py raises each kind.

Imports only the standard library and Babel (vocabulary layer).
"""
from __future__ import annotations

import re
from functools import lru_cache

from nabb.i18n.numbers import localise

#: a path or other user data: anything, as short as the rest of the pattern allows
P = r".+?"
#: a number in English notation (1,234; 2.5)
N = r"\d[\d,]*(?:\.\d+)?"

#: words of a message that a ``w_`` group names: actions, reasons the OS gives, hints
WORDS: dict[str, str] = {
    # the verb of "refusing to ...", as a Dutch noun
    "write": "schrijven", "replace": "vervangen", "overwrite": "overschrijven",
    # the action of "cannot ..."
    "read or write": "lezen of schrijven", "read": "lezen",
    # the operating system's reasons (strerror), the ones an output meets
    "Read-only file system": "alleen-lezen bestandssysteem",
    "No space left on device": "geen ruimte meer op het apparaat",
    "Permission denied": "toegang geweigerd",
    "Operation not permitted": "bewerking niet toegestaan",
    "Not a directory": "geen map",
    "Is a directory": "is een map",
    "No such file or directory": "bestand of map bestaat niet",
    "Disk quota exceeded": "schijfquotum overschreden",
    "File exists": "bestand bestaat al",
    "Directory not empty": "map is niet leeg",
    "File name too long": "bestandsnaam te lang",
    "Too many levels of symbolic links": "te veel niveaus van symbolische koppelingen",
    # fs_error's hints
    " - free some space or choose another --out": " - maak ruimte vrij of kies een andere --out",
    " - choose a writable output folder": " - kies een uitvoermap waarin geschreven mag worden",
    " - choose a folder you may write to": " - kies een map waarin u mag schrijven",
    " - a part of this path is a file, not a folder": " - een deel van dit pad is een bestand, "
                                                       "geen map",
    # the coefficients the solver refuses, and how the memory limit was set
    "constraint coefficient": "coëfficiënt in een restrictie",
    "objective coefficient": "coëfficiënt in de doelfunctie",
    "limit_bytes argument": "argument limit_bytes",
    # the types of HiGHS options
    "bool": "WAAR/ONWAAR", "int": "geheel getal", "double": "getal", "string": "tekst",
    "unknown available memory": "onbekend beschikbaar geheugen",
}

_REFUSE = r"^refusing to (?P<w_verb>write|replace|overwrite) (?P<path>.+?): "
_REFUSE_NL = "{w_verb} van {path} geweigerd: "
_HINTS = "|".join(re.escape(h) for h in WORDS if h.startswith(" - "))

MESSAGES: list[tuple[str, str]] = [
    # ---- UnsafeOutputError (exit 2): nabb/io/outputs.py, nabb/pipeline.py, nabb/reports/compare.py
    (_REFUSE + rf"it is inside the input report folder (?P<f>{P}); compare never writes into "
     r"what it reads - choose another -o$",
     _REFUSE_NL + "het ligt in de invoerrapportmap {f}; compare schrijft nooit in wat het "
     "leest - kies een andere -o"),
    (_REFUSE + rf"it resolves to (?P<rp>{P}), outside the output folder (?P<root>{P}) "
     rf"\((?P<rr>{P})\)$",
     _REFUSE_NL + "het verwijst naar {rp}, buiten de uitvoermap {root} ({rr})"),
    (_REFUSE + rf"it is the input (?P<i>{P}) \(the same file through a link\); inputs are "
     r"never modified - choose another name$",
     _REFUSE_NL + "het is de invoer {i} (hetzelfde bestand via een koppeling); invoer wordt "
     "nooit gewijzigd - kies een andere naam"),
    (_REFUSE + rf"it is the input (?P<i>{P}); inputs are never modified - choose another name$",
     _REFUSE_NL + "het is de invoer {i}; invoer wordt nooit gewijzigd - kies een andere naam"),
    (_REFUSE + rf"it holds the input (?P<i>{P}); choose another --out$",
     _REFUSE_NL + "de map bevat de invoer {i}; kies een andere --out"),
    (_REFUSE + rf"(?P<f>{P}) is a link to the input (?P<i>{P}); choose another --out$",
     _REFUSE_NL + "{f} is een koppeling naar de invoer {i}; kies een andere --out"),
    (_REFUSE + r"it is a symbolic link; nabb replaces only folders it wrote itself$",
     _REFUSE_NL + "het is een symbolische koppeling; nabb vervangt alleen mappen die het zelf "
     "schreef"),
    (_REFUSE + r"it is a file, not a folder nabb wrote; move it away or choose another --out$",
     _REFUSE_NL + "het is een bestand, geen map die nabb schreef; verplaats het of kies een "
     "andere --out"),
    (_REFUSE + rf"it exists and was not written by nabb \(no (?P<m>{P}) file\); move it away "
     r"or choose another --out$",
     _REFUSE_NL + "het bestaat al en is niet door nabb geschreven (geen bestand {m}); "
     "verplaats het of kies een andere --out"),
    (_REFUSE + rf"it holds files nabb did not write \((?P<files>{P})\); move them away first$",
     _REFUSE_NL + "de map bevat bestanden die nabb niet schreef ({files}); verplaats die eerst"),
    (_REFUSE + r"it is a folder; give a file name$",
     _REFUSE_NL + "het is een map; geef een bestandsnaam"),
    (_REFUSE + r"it exists and was not written by nabb; pass --force to overwrite it$",
     _REFUSE_NL + "het bestaat al en is niet door nabb geschreven; geef --force om het te "
     "overschrijven"),
    (_REFUSE + rf"it is the report of the scenario (?P<s>{P}), and this failed run of "
     rf"(?P<t>{P}) would go there; choose another --out$",
     _REFUSE_NL + "het is het rapport van scenario {s}, en deze mislukte berekening van {t} "
     "zou daar terechtkomen; kies een andere --out"),

    # ---- FileSystemError (exit 6): nabb/io/outputs.py (fs_error and the folder checks), pipeline
    (rf"^cannot write (?P<p>{P}): it is a file, not a folder \(ENOTDIR\) - choose another --out$",
     "kan {p} niet schrijven: het is een bestand, geen map (ENOTDIR) - kies een andere --out"),
    (rf"^cannot write (?P<p>{P}): (?P<f>{P}) is a file, not a folder \(ENOTDIR\)"
     r"(?P<hint> - choose another --out)?$",
     "kan {p} niet schrijven: {f} is een bestand, geen map (ENOTDIR){hint}"),
    (rf"^cannot write (?P<p>{P}): HiGHS could not write the model file \(full disk, or no "
     r"permission\?\)$",
     "kan {p} niet schrijven: HiGHS kon het modelbestand niet schrijven (schijf vol, of geen "
     "toestemming?)"),
    (rf"^cannot (?P<w_a>read or write|write|read) (?P<p>{P}): (?P<w_reason>[^:()]+?)"
     rf"(?P<code> \([A-Z]+\))?(?P<w_hint>{_HINTS})?$",
     "kan {p} niet {w_a}: {w_reason}{code}{w_hint}"),

    # ---- SolverError (exit 3): nabb/solve.py, nabb/sweep/update.py
    (r"^the model must have exactly one active objective$",
     "het model moet precies één actieve doelfunctie hebben"),
    (r"^a (?P<w_name>constraint coefficient|objective coefficient) of (?P<v>\S+) "
     r"\(>= (?P<h>\S+)\) would be treated as infinite by HiGHS; check the input units$",
     "een {w_name} van {v} (>= {h}) zou door HiGHS als oneindig worden behandeld; controleer "
     "de eenheden van de invoer"),
    (r"^HiGHS rejected the model \(passModel returned an error\)$",
     "HiGHS weigerde het model (passModel gaf een fout)"),
    (rf"^HiGHS does not accept option (?P<o>{P})$", "HiGHS accepteert optie {o} niet"),
    (rf"^HiGHS could not write (?P<p>{P})$", "HiGHS kon {p} niet schrijven"),

    # ---- UsageError (exit 2): a bad option value in a Dutch command (nabb/cli/options.py)
    (r"^--time-limit: expected a positive number of seconds, found (?P<v>.+)$",
     "FOUT --time-limit: verwacht een positief aantal seconden; gevonden {v}"),
    (r"^--solver-option: expected KEY=VALUE, got (?P<v>.+)$",
     "FOUT --solver-option: verwacht KEY=VALUE; gevonden {v}"),
    (r"^--solver-option: unknown HiGHS option (?P<k>.+?) \(see (?P<u>\S+)\)$",
     "FOUT --solver-option: onbekende HiGHS-optie {k} (zie {u})"),
    (r"^--solver-option: HiGHS option (?P<k>.+?) reads or writes files; nabb writes only inside "
     r"its output folder, so it is not allowed$",
     "FOUT --solver-option: HiGHS-optie {k} leest of schrijft bestanden; nabb schrijft alleen in "
     "zijn uitvoermap, dus deze optie is niet toegestaan"),
    (r"^--solver-option: HiGHS option (?P<k>.+?): expected a number, found NaN$",
     "FOUT --solver-option: HiGHS-optie {k}: verwacht een getal; gevonden NaN"),
    (r"^--solver-option: HiGHS option (?P<k>.+?): value (?P<v>.+?) is not accepted \(expected a "
     r"valid (?P<w_t>\w+); see (?P<u>\S+)\)$",
     "FOUT --solver-option: HiGHS-optie {k}: waarde {v} wordt niet geaccepteerd (verwacht: "
     "{w_t}; zie {u})"),
    (r"^--scheduler: expected the address of a dask scheduler, like (?P<e>\S+) \(schemes: "
     r"(?P<s>[^)]*)\); found (?P<v>.*)$",
     "FOUT --scheduler: verwacht het adres van een dask-scheduler, zoals {e} (schema's: {s}); "
     "gevonden {v}"),

    # ---- ModelTooLargeError (exit 5): nabb/guard.py
    (rf"^the model is too large for this machine: about (?P<n_v>{N}) variables \((?P<n_f>{N}) "
     rf"of them transport flows = (?P<n_a>{N}) directed arcs x (?P<n_c>{N}) commodities x "
     rf"(?P<n_y>{N}) years\) would need about (?P<n_g>{N}) GB, above the limit of (?P<n_l>{N}) "
     rf"GB \((?P<how>{P})\)\. Nothing was built\. Reduce it with: fewer years \(rows of the "
     r"policy sheet\); a sparser arc list \(link each region to its few nearest neighbours and "
     r"to hubs, not to every other region\); coarser regions \(e\.g\. 40 COROP regions instead "
     r"of 342 municipalities\)\. Set NABB_MEMORY_LIMIT_GB to change the limit\.$",
     "het model is te groot voor deze machine: ongeveer {n_v} variabelen (waarvan {n_f} "
     "transportstromen = {n_a} gerichte verbindingen x {n_c} goederen x {n_y} jaren) zouden "
     "ongeveer {n_g} GB nodig hebben, boven de grens van {n_l} GB ({how}). Er is niets "
     "opgebouwd. Verklein het met: minder jaren (rijen van het blad policy); een dunnere lijst "
     "verbindingen (verbind elke regio met haar paar dichtste buren en met knooppunten, niet "
     "met elke andere regio); grovere regio's (bijv. 40 COROP-gebieden in plaats van 342 "
     "gemeenten). Zet NABB_MEMORY_LIMIT_GB om de grens te wijzigen."),
]

#: how the memory limit was set, when it is not a fixed word: "50% of the 12.3 GB available now"
_HOW = re.compile(rf"^(?P<p>\d+%) of the (?P<n_g>{N}) GB available now$")


@lru_cache(maxsize=None)
def _compiled() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(pattern, re.DOTALL), dutch) for pattern, dutch in MESSAGES]


def _value(name: str, value: str | None) -> str:
    value = value or ""
    if name.startswith("n_"):
        return localise(value, "nl")
    if name.startswith("w_"):
        return WORDS.get(value, value)
    if name == "how":
        m = _HOW.match(value)
        if m:
            return f"{m['p']} van de {localise(m['n_g'], 'nl')} GB die nu beschikbaar is"
        return WORDS.get(value, value)
    return value


def translate_message(message: str, lang: str) -> str:
    """The message of a SolverError, UsageError, ModelTooLargeError, UnsafeOutputError or
    FileSystemError in ``lang`` (English, or a message no pattern knows: ``message`` itself)."""
    if lang == "en":
        return message
    for pattern, dutch in _compiled():
        m = pattern.match(message)
        if m:
            return dutch.format(**{k: _value(k, v) for k, v in m.groupdict().items()})
    return message


__all__ = ["MESSAGES", "WORDS", "translate_message"]
