"""Writing a copy of someone else's workbook: never over an input, always inert, atomically."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook

from nabb.errors import InputError, Issue
from nabb.io.cells import audit_xlsx, save_workbook
from nabb.io.safe_write import atomic_path

from nabb.capacity.text import as_found, file_name


def _same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        if Path(a).exists() and Path(b).exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return Path(a).resolve() == Path(b).resolve()


def refuse_overwrite(out: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise InputError when ``out`` is one of ``inputs`` or does not end in .xlsx."""
    for p in inputs:
        if _same_file(out, p):
            raise InputError([Issue(file_name(out), "", "", "", "an output file that is not one "
                                    "of the inputs (inputs are never modified)",
                                    f"the input file {file_name(p)}")])
    if Path(out).suffix.lower() != ".xlsx":
        raise InputError([Issue(file_name(out), "", "", "", "an output name ending in .xlsx",
                                as_found(Path(out).suffix or "no extension"))])


def save_inert(wb: Workbook, out: str | os.PathLike[str]) -> None:
    """Save a copy of someone else's workbook; refuse (writing nothing) if it is not inert."""
    with atomic_path(out) as tmp:
        save_workbook(wb, tmp)
        found = audit_xlsx(tmp)
        if found:  # a bug in strip_active_content, never the user's fault
            raise RuntimeError(f"{file_name(out)} would carry active content: {'; '.join(found[:5])}")
