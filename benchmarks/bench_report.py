"""report.xlsx writer: this checkout's writer against an earlier revision's, side by side.

    .venv/bin/python benchmarks/bench_report.py --regions 40 --baseline 8841ac8 --runs 3

Solves one synthetic instance (``nabb.synthetic``, the scale benchmark's structure) once,
then writes report.xlsx alternately with the writer of this checkout and with the one of
``--baseline`` (its nabb/reports/workbook.py and extras.py, loaded from git), so both run on
the same machine load.  Prints the median time of each, the ratio and the cell counts.
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
import types
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def old_modules(rev: str, tmp: Path) -> tuple[types.ModuleType, types.ModuleType, types.ModuleType]:
    """The baseline's workbook.py, extras.py and html.py (its extras draws the Excel charts
    with html's colours and chart data, which later moved to nabb.reports.style and .series)."""
    mods = []
    for name in ("workbook", "extras", "html"):
        src = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:nabb/reports/{name}.py"],
                             check=True, capture_output=True, text=True).stdout
        path = tmp / f"old_{name}.py"
        path.write_text(src, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"old_{name}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mods.append(mod)
    return mods[0], mods[1], mods[2]


def cells_in(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(z.read(n).count(b"<c ") for n in z.namelist() if n.startswith("xl/worksheets/"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=40)
    ap.add_argument("--baseline", default="8841ac8")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()

    from nabb import pipeline
    from nabb.io.cells import save_workbook
    from nabb.kpis import headline
    from nabb.reports import extras, workbook
    from nabb.synthetic import synthetic_inputs

    run_ = pipeline.solve_inputs(synthetic_inputs(a.regions))
    extras.extra_sheets(run_)  # the explanation (re-solves) is cached: not part of the writer
    d = run_.compiled.model.data
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        old_wb, old_ex, old_html = old_modules(a.baseline, tmp)

        def new() -> Path:
            rep = workbook.build_report(run_.results, extras.extra_sheets(run_),
                                        headline=headline(run_.results, d))
            extras.add_charts(rep, run_)
            workbook.save_report(rep, tmp / "new.xlsx")
            return tmp / "new.xlsx"

        def old() -> Path:
            wb = old_wb.build_report(run_.results, extras.extra_sheets(run_),
                                     headline=headline(run_.results, d))
            current = sys.modules.get("nabb.reports.html")
            sys.modules["nabb.reports.html"] = old_html  # what the old add_charts imports
            try:
                old_ex.add_charts(wb, run_)
            finally:
                if current is None:
                    sys.modules.pop("nabb.reports.html", None)
                else:
                    sys.modules["nabb.reports.html"] = current
            save_workbook(wb, tmp / "old.xlsx")
            return tmp / "old.xlsx"

        times: dict[str, list[float]] = {"old": [], "new": []}
        for _ in range(a.runs):
            for name, fn in (("old", old), ("new", new)):
                t0 = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - t0)
        mo, mn = statistics.median(times["old"]), statistics.median(times["new"])
        print(f"{a.regions} regions, {a.runs} interleaved runs each (median):")
        print(f"  baseline {a.baseline} (openpyxl, every row): {mo:.3f} s, "
              f"{cells_in(tmp / 'old.xlsx'):,} cells, {(tmp / 'old.xlsx').stat().st_size:,} bytes")
        print(f"  this checkout (XlsxWriter, zero rows left out): {mn:.3f} s, "
              f"{cells_in(tmp / 'new.xlsx'):,} cells, {(tmp / 'new.xlsx').stat().st_size:,} bytes")
        print(f"  ratio old/new: {mo / mn:.2f}x")


if __name__ == "__main__":
    main()
