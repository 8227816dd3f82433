"""The compare workbook (``nabb compare -o compare.xlsx``): a :class:`nabb.compare.Comparison`
as real Excel tables, with native charts of the biobased share per year and of the hectares
per crop, one series per report.

The workbook is written atomically and never into, or onto a file of, a report folder it
reads; an existing file that nabb did not write needs ``force``.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference

from nabb.compare import Comparison, Report, kpi_changes, plain
from nabb.io.cells import save_workbook, write_cell
from nabb.i18n import Lang
from nabb.i18n.kpi_texts import COMPARE_HEADERS_NL
from nabb.i18n.names import name as code_word
from nabb.i18n.numbers import is_money
from nabb.io.outputs import (UnsafeOutputError, check_output_file, files_under, output_file,
                             stamp_workbook)
from nabb.reports.labels import decimals_for, fmt, measure, raw_unit, with_unit
from nabb.reports.workbook import print_setup_openpyxl, write_table

#: KPIs that lead the list of changes, in this order (the rest follow by relative change)
LEADING_KPIS = ["biobased_share", "biobased_homes", "shortfall_homes", "fibre_crop_area_ha",
                "primary_capacity_t_input_per_yr", "product_line_capacity_t_output_per_yr",
                "import_share", "co2_stored_t", "co2_credited_t", "chain_cost_undiscounted_eur",
                "marginal_cost_target_eur_per_home"]


def check_output(folders: Sequence[Path], output: Path, force: bool = False) -> None:
    """Refuse ``output`` inside a report folder it reads, or on a file nabb did not write
    (without ``force``): called before the reports are read, and again before writing."""
    for f in folders:
        if Path(output).resolve().parent == Path(f).resolve() or Path(f).resolve() in Path(
                output).resolve().parents:
            raise UnsafeOutputError(f"refusing to write {output}: it is inside the input report "
                                    f"folder {f}; compare never writes into what it reads - "
                                    "choose another -o")
    check_output_file(output, files_under(folders), force)


def _sheet(name: str, lang: str) -> str:
    """A sheet's name in the reader's language."""
    return Lang(lang)(f"compare.sheet.{name}")


def _headers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Dutch column headers: a known header whole, else '<known words> <report label>'."""
    if lang == "en" or frame.empty and not len(frame.columns):
        return frame
    known = sorted(COMPARE_HEADERS_NL, key=len, reverse=True)

    def dutch(col: object) -> object:
        text = str(col)
        if text in COMPARE_HEADERS_NL:
            return COMPARE_HEADERS_NL[text]
        for en in known:
            if text.startswith(en + " "):
                return COMPARE_HEADERS_NL[en] + text[len(en):]
        return col
    return frame.rename(columns=dutch)


#: columns whose values are codes of the data, shown in Dutch by their names (nabb.i18n.names)
CODE_COLUMNS = ("crop", "process", "commodity", "segment")
#: the words input_differences writes into its cells for a row added or removed
ROW_WORDS = {"(row)": "compare.row", "present": "compare.present", "removed": "compare.removed",
             "absent": "compare.absent", "added": "compare.added"}


def _codes_in_words(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Dutch: crops, processes, commodities and segments by their Dutch names; region '*'
    (every region) as 'alle regio's'.  English: the frame as it is."""
    if lang == "en" or frame.empty:
        return frame
    say = Lang(lang)
    out = frame.copy()
    for c in CODE_COLUMNS:
        if c in out.columns:
            out[c] = out[c].map(lambda v: code_word(v, lang))
    if "region" in out.columns:
        out["region"] = out["region"].map(lambda v: say("compare.all_regions") if v == "*" else v)
    return out


def _listing_in(comparison: Comparison, lang: str) -> pd.DataFrame:
    """The Reports sheet: Dutch status words and notes in Dutch."""
    listing = comparison.listing
    if lang == "en" or listing.empty:
        return listing
    from nabb.i18n.catalogue import CATALOGUE
    say = Lang(lang)
    out = listing.copy()
    out["status"] = out["status"].map(
        lambda v: say(f"status.{v}") if f"status.{v}" in CATALOGUE else v)
    out["notes"] = ["; ".join(r.note_texts(lang)) for r in comparison.reports]
    return out


def _differences_in(diff: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Input differences sheet in Dutch: the input's sheet, row keys and column names stay
    as the workbook has them (they are what a reader looks for), the words around them are
    Dutch, and a column 'meaning' gives the Dutch description of the cell from the schema."""
    if lang == "en" or diff.empty:
        return diff
    from nabb.i18n.schema_nl import description
    from nabb.schema import SETTINGS_SHEET, SHEETS
    say = Lang(lang)
    known = {f"{sh.name}.{c.name}" for sh in SHEETS for c in sh.columns}
    known |= {f"{SETTINGS_SHEET}.{key}" for key in _setting_keys()}

    def meaning(row: pd.Series) -> str:
        key = (f"{SETTINGS_SHEET}.{str(row['row']).partition('=')[2]}"
               if row["sheet"] == SETTINGS_SHEET else f"{row['sheet']}.{row['column']}")
        if row["column"] == "(row)":
            key = str(row["sheet"])
            return description(key, "", lang) if key in {sh.name for sh in SHEETS} else ""
        return description(key, "", lang) if key in known else ""

    out = diff.copy()
    out["meaning"] = out.apply(meaning, axis=1)
    whole_row = out["column"] == "(row)"   # a row added or removed: present/absent, added/removed
    for c in ("first", "other"):
        out[c] = out[c].where(~whole_row, out[c].map(lambda v: say(ROW_WORDS.get(v, v))
                                                     if v in ROW_WORDS else v))
    out["column"] = out["column"].map(lambda v: say("compare.row") if v == "(row)" else v)
    out["row"] = out["row"].map(lambda v: say("compare.row_n", n=v[4:]) if isinstance(v, str)
                                and v.startswith("row ") and v[4:].isdigit() else v)
    return out


def _setting_keys() -> list[str]:
    from nabb.schema import SETTINGS
    return [s.key for s in SETTINGS]


def _write(wb, name: str, frame: pd.DataFrame, note: str | None = None,
           lang: str = "en") -> None:
    write_table(wb, _sheet(name, lang), _headers(frame, lang), note=note, raw_headers=True)


def _charts(wb, reports: Sequence[Report], year: int | None, lang: str = "en") -> int | None:
    say = Lang(lang)
    ws = wb.create_sheet(_sheet("Charts", lang), 0)
    data = wb.create_sheet(_sheet("ChartData", lang))
    kp = [r.kpis() for r in reports]
    years = sorted(set().union(*[set(f["year"]) for f in kp if len(f)]))
    write_cell(data.cell(row=1, column=1), say("compare.year"))
    for j, r in enumerate(reports, start=2):
        write_cell(data.cell(row=1, column=j), r.label)
    for i, y in enumerate(years, start=2):
        write_cell(data.cell(row=i, column=1), int(y))
        for j, f in enumerate(kp, start=2):
            sub = f[f["year"] == y] if len(f) else f
            v = plain(sub["biobased_share"].iloc[0]) if len(sub) and "biobased_share" in sub else None
            if v is not None:
                write_cell(data.cell(row=i, column=j), v)
    line = LineChart()
    line.title = say("compare.share_chart")
    line.y_axis.title = say("compare.share_axis")
    line.y_axis.number_format = "0%"
    line.x_axis.title = say("compare.year")
    line.height, line.width = 8, 16
    line.x_axis.delete = line.y_axis.delete = False  # openpyxl 3.1 hides axes in Excel otherwise
    line.y_axis.scaling.min = 0
    line.add_data(Reference(data, min_col=2, max_col=1 + len(reports), min_row=1, max_row=1 + len(years)),
                  titles_from_data=True)
    line.set_categories(Reference(data, min_col=1, min_row=2, max_row=1 + len(years)))
    ws.add_chart(line, "A3")

    chart_year = year if year is not None else (2030 if 2030 in years else (years[-1] if years else None))
    crops: list[str] = []
    for f in kp:
        crops += [c.split(".", 1)[1] for c in f.columns if c.startswith("area_ha.") and c.split(".", 1)[1] not in crops]
    col0 = len(reports) + 3
    write_cell(data.cell(row=1, column=col0), say("compare.crop"))
    for j, r in enumerate(reports, start=1):
        write_cell(data.cell(row=1, column=col0 + j), r.label)
    for i, c in enumerate(crops, start=2):
        write_cell(data.cell(row=i, column=col0), code_word(c, lang))
        for j, f in enumerate(kp, start=1):
            sub = f[f["year"] == chart_year] if len(f) else f
            v = plain(sub[f"area_ha.{c}"].iloc[0]) if len(sub) and f"area_ha.{c}" in sub else None
            if v is not None:
                write_cell(data.cell(row=i, column=col0 + j), v)
    bar = BarChart()
    bar.type = "col"
    bar.title = say("compare.crop_chart", year=chart_year)
    bar.y_axis.title = "ha"
    bar.x_axis.title = say("compare.crop")
    bar.height, bar.width = 8, 16
    bar.x_axis.delete = bar.y_axis.delete = False  # openpyxl 3.1 hides axes in Excel otherwise
    bar.y_axis.scaling.min = 0
    bar.add_data(Reference(data, min_col=col0 + 1, max_col=col0 + len(reports), min_row=1,
                           max_row=1 + len(crops)), titles_from_data=True)
    bar.set_categories(Reference(data, min_col=col0, min_row=2, max_row=1 + len(crops)))
    ws.add_chart(bar, "A20")
    write_cell(ws.cell(row=1, column=1), say("compare.title",
                                             labels=", ".join(r.label for r in reports),
                                             first=reports[0].label))
    return chart_year


def _sentence(label: str, unit: str, a: str, b: str, change: float, shown_change: str,
              relative: float, year: int, lang: str = "en") -> str:
    """'Fibre-crop area in 2030: up from 14,608 to 17,178 ha (+2,570 ha, +18%).'
    (nl: 'Teeltareaal vezelgewassen in 2030: gestegen van 14.608 naar 17.178 ha (+2.570 ha,
    +18%).')"""
    say = Lang(lang)
    verb = "up" if change > 0 else "down"
    if unit == "%":
        return say(f"compare.{verb}_pp", label=label, year=year, a=a, b=b, change=shown_change)
    u = f" {unit}" if unit else ""
    if lang == "nl" and is_money(unit) and unit.strip() != "k€":  # € 1.419 mln, € 2.490 per woning: the sign first
        a, b, shown_change = (with_unit(t, unit, lang) for t in (a, b, shown_change))
        u = ""
    rel = ""
    if relative == relative:  # not NaN (a change from 0 has no relative size)
        from nabb.i18n.numbers import localise
        rel = ", " + localise(f"{relative:+.1%}" if abs(relative) < 0.01 else f"{relative:+.0%}",
                              lang)
    return say(f"compare.{verb}", label=label, year=year, a=a, b=b, unit=u,
               change=shown_change, rel=rel)


def kpi_changes_frame(comparison: Comparison, year: int | None = None,
                      lang: str = "en") -> pd.DataFrame:
    """The changed KPIs in words and units, the leading KPIs first, then by relative change."""
    raw = kpi_changes(comparison.kpi_deltas, comparison.reports, year)
    first = comparison.first.label
    cols = ["report", "KPI", "unit", "year", first, "this report", "change", "what changed",
            "years with a change", "key"]
    if raw.empty:
        return pd.DataFrame(columns=cols)
    order = {k: i for i, k in enumerate(LEADING_KPIS)}
    raw = raw.assign(_lead=raw["kpi"].map(lambda k: order.get(k, len(order))),
                     _size=raw["relative"].abs().fillna(float("inf")))
    raw = raw.sort_values(["report", "_lead", "_size"], ascending=[True, True, False],
                          kind="stable")
    rows = []
    for _, r in raw.iterrows():
        numbers = [v for v in (r["first"], r["value"]) if isinstance(v, (int, float))]
        m = measure(r["kpi"], numbers, lang)
        if not isinstance(r["change"], float):
            continue
        d = decimals_for(numbers, m)
        while round(m.show(r["change"]), d) == 0 and d < 4:  # a small change still shows
            d += 1
        a, b, c = (round(m.show(float(v)), d) for v in (r["first"], r["value"], r["change"]))
        rows.append({"report": r["report"], "KPI": m.label, "unit": m.unit, "year": r["year"],
                     first: a, "this report": b, "change": c,
                     "what changed": _sentence(m.label, m.unit, fmt(r["first"], m, d, lang),
                                               fmt(r["value"], m, d, lang), r["change"],
                                               fmt(abs(r["change"]), m, d, lang), r["relative"],
                                               r["year"], lang),
                     "years with a change": r["years"], "key": r["kpi"]})
    return pd.DataFrame(rows, columns=cols)


def _raw_unit(kpi: str, lang: str) -> str:
    """The unit of a KPI as stored, in the reader's language ('aandeel (0-1)' for shares)."""
    text = raw_unit(kpi)
    return Lang(lang).unit(text) if lang != "en" else text


def _fit_columns(ws, frame: pd.DataFrame, widest: int = 90) -> None:
    """Columns as wide as their content (up to ``widest``), printed landscape with the header
    row on every page."""
    from openpyxl.utils import get_column_letter
    from openpyxl.styles import Alignment
    for j, col in enumerate(frame.columns, start=1):
        texts = [str(col)] + [str(v) for v in frame[col].tolist()[:500]]
        longest = max(map(len, texts))
        ws.column_dimensions[get_column_letter(j)].width = min(widest, max(8, longest + 2))
        if longest + 2 > widest:  # a sentence longer than the column wraps, never spills over
            for row in ws.iter_rows(min_row=3):
                cell = row[j - 1]
                lines = math.ceil(len(str(cell.value or "")) / (widest * 1.15)) or 1
                for other in row:   # the row reads from its top, next to the wrapped text
                    other.alignment = Alignment(wrap_text=other is cell, vertical="top")
                if lines > 1:  # LibreOffice and Excel keep a set height; they do not grow it
                    ws.row_dimensions[cell.row].height = 15 * lines
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "2:2"


def _format_rows(ws, frame: pd.DataFrame, value_cols: Sequence[str], first_row: int = 3) -> None:
    """Thousands separators and each row's own decimals (its unit: %, EUR, t, ha...)."""
    idx = [list(frame.columns).index(c) + 1 for c in value_cols]
    for i, (_, row) in enumerate(frame.iterrows(), start=first_row):
        vals = [abs(float(row[c])) for c in value_cols if isinstance(row[c], (int, float))]
        top = max(vals, default=0.0)
        f = "#,##0" if top >= 100 else "#,##0.0" if top >= 1 else "#,##0.00"
        for j in idx:
            ws.cell(row=i, column=j).number_format = f


def write_workbook(comparison: Comparison, output: Path, year: int | None = None,
                   force: bool = False, lang: str = "en") -> Path:
    """Write ``comparison`` to ``output``: charts (hectares per crop in ``year``, default 2030
    or the last year), the reports compared, input differences, KPI deltas, regions and duals."""
    reports = comparison.reports
    first = comparison.first
    folders = [r.folder for r in reports]
    check_output(folders, output, force)
    wb = Workbook()
    wb.remove(wb.active)
    say = Lang(lang)
    _charts(wb, reports, year, lang)
    _write(wb, "Reports", _listing_in(comparison, lang), note=say("compare.note.reports", first=first.label),
           lang=lang)
    diff = pd.concat(comparison.differences, ignore_index=True) if comparison.differences \
        else pd.DataFrame()
    _write(wb, "Input differences", _differences_in(diff, lang).rename(
        columns={"first": first.label}),
           note=say("compare.note.inputs"), lang=lang)
    changes = kpi_changes_frame(comparison, year, lang)
    n_kpis = comparison.kpi_deltas["kpi"].nunique() if len(comparison.kpi_deltas) else 0
    changes_sheet, deltas_sheet = _sheet("KPI changes", lang), _sheet("KPI deltas", lang)
    _write(wb, "KPI changes", changes,
           note=say("compare.note.changes", first=first.label, changed=changes["key"].nunique(),
                    total=n_kpis, deltas=deltas_sheet), lang=lang)
    shown = _headers(changes, lang)
    _format_rows(wb[changes_sheet], shown, [str(c) for c in shown.columns[4:7]])
    _fit_columns(wb[changes_sheet], shown)
    wb.move_sheet(changes_sheet, offset=1 - wb.sheetnames.index(changes_sheet))
    deltas = comparison.kpi_deltas.copy()
    if len(deltas):
        deltas.insert(2, "KPI in words", deltas["kpi"].map(lambda k: measure(k, (), lang).label))
        deltas.insert(3, "unit", deltas["kpi"].map(lambda k: _raw_unit(k, lang)))
    _write(wb, "KPI deltas", deltas, note=say("compare.note.deltas", changes=changes_sheet),
           lang=lang)
    _write(wb, "Area by region", _codes_in_words(comparison.area, lang),
           note=say("compare.note.area"), lang=lang)
    _write(wb, "Capacity by region", _codes_in_words(comparison.capacity, lang),
           note=say("compare.note.capacity"), lang=lang)
    _write(wb, "Price changes", _codes_in_words(comparison.prices, lang),
           note=say("compare.note.prices"), lang=lang)
    _write(wb, "Target dual changes", _codes_in_words(comparison.target_duals, lang),
           note=say("compare.note.duals"), lang=lang)
    print_setup_openpyxl(wb, lambda name: say("compare.page.title", name=name),
                         say("compare.page.footer"))
    stamp_workbook(wb, "compare")
    with output_file(output, files_under(folders), force) as tmp:
        save_workbook(wb, tmp)
    return Path(output)
