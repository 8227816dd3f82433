"""Golden report of the default workbook: report.xlsx (every sheet, every cell) and summary.json.

The one-way-house refactor (issue 11) must not change behaviour; this test pins what the
default scenario's report says.  Timestamps, timings, package versions and the input path
(which depends on where the checkout lies) are left out; numbers are compared to 10
significant digits, so float noise below the solver's tolerance cannot fail the test but any
real change does.

A deliberate change of the report is recorded with::

    NABB_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_report.py

and the diff of tests/golden/default_report.json.gz reviewed in the commit.
"""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from nabb import pipeline

GOLDEN = Path(__file__).parent / "golden" / "default_report.json.gz"
#: Run-sheet items and summary.json run-metadata keys that differ between two identical runs
VOLATILE = ("created", "input_file", "timing", "timings", "version", "versions")


def _norm(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _volatile(key: str) -> bool:
    return key.split(".")[0] in VOLATILE


def _report_cells(xlsx: Path) -> dict[str, list[list[Any]]]:
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    sheets: dict[str, list[list[Any]]] = {}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if ws.title == "Run":
            rows = [r for r in rows if not (r and isinstance(r[0], str) and _volatile(r[0]))]
        sheets[ws.title] = _norm(rows)
    wb.close()
    return sheets


def _summary(path: Path) -> dict[str, Any]:
    summary = json.loads(path.read_text())
    summary["run"] = {k: v for k, v in summary["run"].items() if not _volatile(k)}
    return _norm(summary)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("golden")
    # the default data reports in Dutch; the golden file is the English report
    run_ = pipeline.solve_inputs(pipeline.load(None, lang="en"))
    folder = pipeline.write_reports(run_, out)
    return {"summary": _summary(folder / "summary.json"),
            "sheets": _report_cells(folder / "report.xlsx")}


def _first_difference(got: Any, want: Any, where: str = "") -> str | None:
    if isinstance(want, dict) and isinstance(got, dict):
        for key in sorted(set(want) | set(got), key=str):
            if key not in got:
                return f"{where}/{key}: missing (golden has {str(want[key])[:80]})"
            if key not in want:
                return f"{where}/{key}: not in the golden report (got {str(got[key])[:80]})"
            found = _first_difference(got[key], want[key], f"{where}/{key}")
            if found:
                return found
        return None
    if isinstance(want, list) and isinstance(got, list):
        for i, (g, w) in enumerate(zip(got, want)):
            found = _first_difference(g, w, f"{where}[{i}]")
            if found:
                return found
        if len(got) != len(want):
            return f"{where}: {len(got)} items, golden has {len(want)}"
        return None
    return None if got == want else f"{where}: got {got!r}, golden has {want!r}"


def test_default_report_matches_golden(report):
    if os.environ.get("NABB_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(gzip.compress(json.dumps(report, indent=0, sort_keys=True).encode(),
                                         mtime=0))
    golden = json.loads(gzip.decompress(GOLDEN.read_bytes()))
    assert set(report["sheets"]) == set(golden["sheets"])
    difference = _first_difference(report, golden)
    assert difference is None, difference


def test_golden_comparison_sees_a_changed_cell(report):
    """The comparison itself can fail: one changed number in one sheet is reported by place."""
    changed = json.loads(json.dumps(report))
    changed["sheets"]["Cultivation"][1][-1] = 12345.678
    assert _first_difference(changed, report) is not None
    assert "Cultivation" in _first_difference(changed, report)


def test_english_default_report_holds_no_dutch_word(report):
    """The default data's English report.xlsx: no Dutch unit, KPI name or aside, money as
    "EUR 15.68 M" (not "€15.68 M"), no "-0%" (issue 13, item 12)."""
    from tests.test_i18n import english_report_dutch_words
    assert english_report_dutch_words(report["sheets"]) == []
