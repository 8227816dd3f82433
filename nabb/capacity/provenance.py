"""Where a merged row came from: its provenance cell and its row in the sources sheet."""
from __future__ import annotations

import re
from typing import Any

from nabb.io.cells import write_cell
from nabb.io.template import _write_header
from nabb.schema import FIRST_DATA_ROW, SHEET_BY_NAME

from nabb.capacity.layout import CapacitySheet
from nabb.capacity.text import clean_text

#: First word of every provenance cell that a merge writes.
PROVENANCE_PREFIX = "capacity-sheet"


def source_id(s: CapacitySheet) -> str:
    """The id of the sheet's row in the workbook's sources sheet."""
    return f"capsheet_{re.sub(r'[^A-Za-z0-9]', '_', s.region)}_{s.sha256[:12]}"


def provenance(s: CapacitySheet) -> str:
    """The provenance cell of every row merged from ``s`` (read back by :func:`parse_provenance`)."""
    def safe(v: str) -> str:
        return v.replace(";", ",").replace("=", "-")
    return (f"{PROVENANCE_PREFIX} file={safe(s.file)}; sha256={s.sha256}; "
            f"coordinator={safe(s.coordinator)}; "
            f"date={s.date.isoformat() if s.date else ''}")


_PROVENANCE = re.compile(rf"^{PROVENANCE_PREFIX} file=(?P<file>.*?); sha256=(?P<sha>[0-9a-f]{{64}}); "
                         r"coordinator=(?P<coordinator>.*?); date=(?P<date>\d{4}-\d{2}-\d{2})?$")


def parse_provenance(text: Any) -> dict[str, str] | None:
    """The fields of a provenance written by :func:`nabb.capacity.merge.merge`, or None for other rows."""
    if not isinstance(text, str):
        return None
    m = _PROVENANCE.match(text.strip())
    return m.groupdict() if m else None


def ensure_source(wb, s: CapacitySheet) -> None:
    """Give the merged rows a source: one row per capacity sheet in the sources sheet."""
    schema = SHEET_BY_NAME["sources"]
    if schema.name not in wb.sheetnames:
        ws = wb.create_sheet(schema.name)
        _write_header(ws, schema.column_names, [c.unit for c in schema.columns],
                      [c.description for c in schema.columns])
    ws = wb[schema.name]
    cols = {clean_text(str(ws.cell(row=1, column=j).value)): j
            for j in range(1, ws.max_column + 1) if ws.cell(row=1, column=j).value is not None}
    if "source_id" not in cols:
        return
    last = FIRST_DATA_ROW - 1
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        value = ws.cell(row=r, column=cols["source_id"]).value
        if value is not None and str(value).strip():
            last = r
            if str(value).strip() == source_id(s):
                return  # already there: merging is idempotent
    record = {"source_id": source_id(s), "kind": "sourced", "publisher": s.coordinator or "",
              "title": f"Capacity sheet for region {s.region} ({s.file})",
              "year": s.date.year if s.date else None, "url": "",
              "note": f"Merged by nabb capacity merge; sha256 {s.sha256}; "
                      f"date {s.date.isoformat() if s.date else 'unknown'}"}
    for name, value in record.items():
        if name in cols and value not in (None, ""):
            write_cell(ws.cell(row=last + 1, column=cols[name]), value)

