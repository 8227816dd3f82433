"""A data sheet of the scenario workbook (capacity, contracted_area), edited in place."""
from __future__ import annotations

from typing import Any

from openpyxl.styles import Font

from nabb.errors import InputError, Issue
from nabb.io.cells import write_cell
from nabb.io.template import HEADER_FILL, UNIT_FILL, _write_header
from nabb.schema import FIRST_DATA_ROW, Sheet

from nabb.capacity.layout import MAX_DATA_ROWS
from nabb.capacity.text import clean_text


class ScenarioTable:
    """A data sheet of the scenario workbook, edited in place (formulas kept)."""

    def __init__(self, wb, schema: Sheet, file: str):
        self.schema = schema
        self.file = file
        if schema.name in wb.sheetnames:
            self.ws = wb[schema.name]
        else:
            self.ws = wb.create_sheet(schema.name)
            _write_header(self.ws, schema.column_names, [c.unit for c in schema.columns],
                          [c.description for c in schema.columns])
        ws = self.ws
        if ws.max_row > MAX_DATA_ROWS * 10:
            raise InputError([Issue(file, ws.title, f"A{ws.max_row}", "",
                                    f"at most {MAX_DATA_ROWS * 10:,} rows", f"{ws.max_row:,} rows")])
        self.cols: dict[str, int] = {}
        for j in range(1, min(ws.max_column, 200) + 1):
            v = ws.cell(row=1, column=j).value
            if isinstance(v, str) and clean_text(v) in schema.column_names:
                self.cols.setdefault(clean_text(v), j)
        missing = [c.name for c in schema.columns if c.required and c.name not in self.cols]
        if missing:
            raise InputError([Issue(file, ws.title, "1", m, f"a column named {m!r} in row 1",
                                    "no such column") for m in missing])
        if "provenance" not in self.cols:
            j = max([ws.max_column, *self.cols.values()]) + 1
            head, unit = ws.cell(row=1, column=j), ws.cell(row=2, column=j)
            write_cell(head, "provenance")
            head.font = Font(bold=True, color="FFFFFF")
            head.fill = HEADER_FILL
            write_cell(unit, "[-]")
            unit.font = Font(italic=True)
            unit.fill = UNIT_FILL
            self.cols["provenance"] = j

    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        out = []
        for r in range(FIRST_DATA_ROW, self.ws.max_row + 1):
            rec = {name: self.ws.cell(row=r, column=j).value for name, j in self.cols.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in rec.values()):
                continue
            out.append((r, rec))
        return out

    def write(self, r: int, record: dict[str, Any]) -> None:
        for name, j in self.cols.items():
            cell = self.ws.cell(row=r, column=j)
            value = record.get(name)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            write_cell(cell, value)

    def last_row(self) -> int:
        rows = self.rows()
        return max([FIRST_DATA_ROW - 1] + [r for r, _ in rows])
