"""How capacity sheets name files and compare, clean and quote the text in their cells."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path
from typing import Any, Sequence


def file_name(path: str | os.PathLike[str]) -> str:
    return Path(path).name


def file_labels(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """How each checked file is named in issues: its file name, or, when two files share a
    name (gr.xlsx from two folders), the path as given, so their issues never mix."""
    names = [file_name(p) for p in paths]
    labels = [n if names.count(n) == 1 else os.fspath(p) for n, p in zip(names, paths)]
    seen: dict[str, int] = {}
    out = []
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
        out.append(lab if seen[lab] == 1 else f"{lab} (#{seen[lab]})")
    return out


def as_found(value: Any) -> str:
    if value is None:
        return "an empty cell"
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 80 else text[:77] + "...'"
    if isinstance(value, bool):
        return f"{value} (a TRUE/FALSE cell)"
    return repr(value)


_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def clean_text(value: str) -> str:
    """Non-breaking and repeated spaces become one space; ends are trimmed."""
    value = _INVISIBLE.sub("", value)
    return _SPACES.sub(" ", value).strip()


def name_key(value: str) -> str:
    """Identity of a plant name: cleaned, Unicode-normalised and case-folded."""
    return unicodedata.normalize("NFKC", clean_text(value)).casefold()


def code_key(value: str) -> str:
    return re.sub(r"[\s_\-]+", "_", name_key(value))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
