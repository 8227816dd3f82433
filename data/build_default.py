"""Build the embedded default workbook ``nabb/data/nabb_default.xlsx`` from ``data/default/*.csv``.

The workbook lives inside the package so that a built wheel carries it (package data, found
through ``importlib.resources``); the CSVs stay here, at the top of the repository.

The CSV files are the editable source of the default NABB dataset (see ``data/README.md``).
Each CSV has one header row with exactly the schema's column names (``nabb/schema.py``);
``settings.csv`` has the columns ``key,value``.  Cells are read as text and converted per
schema column type, so region codes such as "NA" stay text and an empty cell stays blank.

Usage:  .venv/bin/python data/build_default.py [--check]
        (``make data`` runs the same).  ``--check`` also reads the written workbook back
        through ``nabb.io.reader.read_workbook`` and prints the validation warnings.
"""
from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from nabb.io.template import write_input_workbook  # noqa: E402
from nabb.schema import SETTING_BY_KEY, SETTINGS_SHEET, SHEETS, Column  # noqa: E402

CSV_DIR = HERE / "default"
OUTPUT = HERE.parent / "nabb" / "data" / "nabb_default.xlsx"
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def _convert(value: str, ctype: str, where: str) -> Any:
    """Convert one CSV text cell to the schema type; '' -> None (a blank cell)."""
    text = value.strip()
    if text == "":
        return None
    try:
        if ctype == "float":
            return float(text)
        if ctype in ("int", "year"):
            number = float(text)
            if number != int(number):
                raise ValueError(f"{text!r} is not a whole number")
            return int(number)
        if ctype == "bool":
            low = text.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError(f"{text!r} is not TRUE or FALSE")
    except ValueError as exc:
        raise SystemExit(f"{where}: {exc}") from None
    return value  # str: kept exactly as typed


def read_csv_sheet(path: Path, columns: tuple[Column, ...]) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    names = [c.name for c in columns]
    unknown = [c for c in raw.columns if c not in names]
    if unknown:
        raise SystemExit(f"{path.name}: columns not in the schema: {unknown} (schema: {names})")
    missing = [c.name for c in columns if c.required and c.name not in raw.columns]
    if missing:
        raise SystemExit(f"{path.name}: required columns missing: {missing}")
    out = {}
    for col in columns:
        if col.name not in raw.columns:
            continue
        out[col.name] = [
            _convert(v, col.type, f"{path.name} row {i + 2} column {col.name}")
            for i, v in enumerate(raw[col.name])
        ]
    return pd.DataFrame(out, columns=[c for c in names if c in raw.columns]).astype(object)


def read_settings(path: Path) -> dict[str, Any]:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    if list(raw.columns[:2]) != ["key", "value"]:
        raise SystemExit(f"{path.name}: expected columns key,value; found {list(raw.columns)}")
    settings: dict[str, Any] = {}
    for i, (key, value) in enumerate(zip(raw["key"], raw["value"])):
        spec = SETTING_BY_KEY.get(key.strip())
        if spec is None:
            raise SystemExit(f"{path.name} row {i + 2}: unknown setting {key!r}")
        settings[spec.key] = _convert(value, spec.type, f"{path.name} row {i + 2} ({key})")
    return settings


def load_tables(csv_dir: Path = CSV_DIR) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    tables: dict[str, pd.DataFrame] = {}
    for sheet in SHEETS:
        path = csv_dir / f"{sheet.name}.csv"
        if path.exists():
            tables[sheet.name] = read_csv_sheet(path, sheet.columns)
        elif sheet.required:
            raise SystemExit(f"missing {path} (sheet {sheet.name!r} is required)")
    settings_path = csv_dir / f"{SETTINGS_SHEET}.csv"
    settings = read_settings(settings_path) if settings_path.exists() else {}
    return tables, settings


#: The fixed time stamped into the built workbook (ZIP entries and document properties), so the
#: same CSV sources always build the same bytes: the committed copy can be checked against a
#: rebuild, and two branches that rebuild it do not conflict over timestamps.
BUILD_TIME = (2026, 1, 1, 0, 0, 0)
_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def make_reproducible(path: Path) -> None:
    """Rewrite the .xlsx at ``path`` with fixed timestamps (same entries, same order)."""
    stamp = "%04d-%02d-%02dT%02d:%02d:%02dZ" % BUILD_TIME
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    tmp = path.with_name(f".{path.name}.reproducible.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _CORE_TIME.sub(lambda m: m.group(1) + stamp.encode() + m.group(3), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=BUILD_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, data)
    tmp.replace(path)


def build(output: Path, csv_dir: Path = CSV_DIR) -> tuple[int, int]:
    """Write the workbook from the CSV sources; returns (sheets, rows)."""
    tables, settings = load_tables(csv_dir)
    write_input_workbook(output, tables, settings)
    make_reproducible(output)
    return len(tables), sum(len(t) for t in tables.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv-dir", type=Path, default=CSV_DIR)
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true",
                        help="read the workbook back and report validation issues")
    args = parser.parse_args(argv)
    sheets, rows = build(args.output, args.csv_dir)
    print(f"wrote {args.output} ({sheets} sheets, {rows} rows)")
    if args.check:
        from nabb.errors import InputError
        from nabb.io.reader import read_workbook
        try:
            inputs = read_workbook(args.output)
        except InputError as exc:
            print(exc)
            return 1
        for issue in inputs.warnings:
            print("warning:", issue)
        print(f"valid: {len(inputs.warnings)} warning(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
