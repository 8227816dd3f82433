"""uncertainty.json, samples.csv, uncertainty.xlsx and uncertainty.html, written as one set.

The four files are built in a staging folder and swapped in for DIR at once
(nabb.io.outputs.replace_dir), so DIR never holds a half-written set or files of two runs.
A DIR that nabb did not write, or one holding other files, is refused (exit 2).
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from nabb.io.cells import csv_text
from nabb.io.outputs import replace_dir
from nabb.reports.uncertainty_html import write_html
from nabb.reports.uncertainty_workbook import write_xlsx

FILES = ("uncertainty.json", "samples.csv", "uncertainty.xlsx", "uncertainty.html")


def strict(x: Any) -> Any:
    """A copy with NaN/inf as None and numpy scalars as Python numbers (strict JSON)."""
    if isinstance(x, dict):
        return {str(k): strict(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [strict(v) for v in x]
    if isinstance(x, (np.floating, float)):
        v = float(x)
        return v if math.isfinite(v) else None
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.bool_,)):
        return bool(x)
    return x


def to_json(summary: dict) -> str:
    return json.dumps(strict(summary), indent=1, allow_nan=False, ensure_ascii=False)


def samples_csv(frame: pd.DataFrame) -> str:
    csv = frame.copy()
    for c in csv.columns:
        if csv[c].dtype == object:
            csv[c] = csv[c].map(csv_text)
    return csv.to_csv(index=False)


def write_outputs(result, out_dir: str | Path, inputs: Sequence[str | Path] = (),
                  lang: str = "en") -> dict[str, Path]:
    """The four files, swapped in whole by the one path guard (nabb.io.outputs.replace_dir):
    it replaces only a folder nabb wrote, and never one holding an input.  uncertainty.xlsx
    and uncertainty.html are written in ``lang``; the json and the csv keep the raw keys."""
    out = Path(out_dir)
    text = to_json(result.summary)
    csv = samples_csv(result.frame)

    def fill(tmp: Path) -> None:
        (tmp / "uncertainty.json").write_text(text, encoding="utf-8")
        (tmp / "samples.csv").write_text(csv, encoding="utf-8")
        write_xlsx(result, tmp / "uncertainty.xlsx", lang)
        write_html(result, tmp / "uncertainty.html", lang)
    replace_dir(out, fill, root=out, inputs=list(inputs), kind="uncertainty")
    return {name.split(".")[1] if name != "samples.csv" else "csv": out / name for name in FILES}
