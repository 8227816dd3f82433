"""``nabb compare``: several report folders side by side, against the first.

Each report folder written by :func:`nabb.pipeline.write_reports` carries, through the
writer here, which ``pipeline.write_reports`` calls:

* ``inputs.json`` -- every input table and setting *after* the scenario was applied, so
  the comparison can name exactly which cells differ;
* ``frames.json`` -- the tidy result tables a comparison needs (area and capacity per
  region, commodity prices, target duals) in plain units.

Reports written without them (older runs) still compare on ``summary.json``; their
inputs are recovered by re-reading the workbook named in summary.json when its SHA-256
still matches, otherwise the input section says why it is missing.

The comparison is computed here (:func:`compare_reports`, nothing written);
:mod:`nabb.reports.compare` writes it as the compare workbook.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import pandas as pd

from nabb.errors import InputError, Issue
from nabb.io.cells import plain_value
from nabb.schema import SETTINGS_SHEET, SHEETS

if TYPE_CHECKING:
    from nabb.run import Run

INPUTS_FILE = "inputs.json"
FRAMES_FILE = "frames.json"
FORMAT = 1


# --------------------------------------------------------------------------- writer

def plain(v: Any) -> Any:
    """A JSON- and Excel-safe scalar (the report writer's rule)."""
    v = plain_value(v)
    return str(v) if isinstance(v, (dt.date, dt.time)) else v


def _table_json(frame: pd.DataFrame) -> dict[str, Any]:
    return {"columns": [str(c) for c in frame.columns],
            "data": [[plain(v) for v in row] for row in frame.itertuples(index=False)]}


def _table_frame(obj: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(obj["data"], columns=obj["columns"])


FRAME_COLUMNS = {
    "cultivation": ["region", "crop", "year", "area_ha", "harvested_ha"],
    "processing": ["region", "process", "year", "capacity_t_per_yr", "activity_t"],
    "prices": ["region", "commodity", "year", "price_eur_per_t"],
    "targets": ["segment", "region", "year", "target_share", "shortfall_units", "marginal_cost_eur_per_unit"],
}


def write_compare_data(run_: "Run", folder: Path) -> None:
    """Report writer: inputs.json and frames.json (pipeline.write_reports calls it for every report)."""
    from nabb.io.safe_write import write_text_atomic
    from nabb.io.strict_json import dumps
    inp = run_.inputs
    doc = {"format": FORMAT, "scenario": inp.scenario, "source": inp.source, "sha256": inp.sha256,
           "settings": {k: plain(v) for k, v in inp.settings.items()},
           "tables": {name: _table_json(frame) for name, frame in inp.tables.items()},
           "changes": [{k: plain(v) for k, v in ch.items()} for ch in inp.changes]}
    write_text_atomic(folder / INPUTS_FILE, dumps(doc))
    res = run_.results
    if res.kpis is None:
        return
    frames = {}
    for name, cols in FRAME_COLUMNS.items():
        f = res.frames.get(name)
        if f is not None:
            frames[name] = _table_json(f[[c for c in cols if c in f.columns]])
    frames["kpis"] = _table_json(res.kpis)
    write_text_atomic(folder / FRAMES_FILE, dumps({"format": FORMAT, "frames": frames}))


# --------------------------------------------------------------------------- reading

@dataclass
class Report:
    folder: Path
    label: str
    summary: dict[str, Any]
    tables: dict[str, pd.DataFrame] | None
    settings: dict[str, Any] | None
    frames: dict[str, pd.DataFrame] | None
    #: what could not be read, as catalogue keys and values (:meth:`note_texts` in words)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def note_texts(self, lang: str = "en") -> list[str]:
        """The notes in ``lang``."""
        from nabb.i18n import text
        return [text(key, lang, **values) for key, values in self.notes]

    @property
    def scenario(self) -> str:
        return str(self.summary.get("scenario", self.folder.name))

    def kpis(self) -> pd.DataFrame:
        """KPIs per year (one row per year), from summary.json."""
        rows = []
        for y, entry in self.summary.get("years", {}).items():
            row: dict[str, Any] = {"year": int(y)}
            for k, v in entry.items():
                if isinstance(v, dict):
                    for kk, vv in v.items():
                        row[f"{k}.{kk}"] = vv
                else:
                    row[k] = v
            rows.append(row)
        return pd.DataFrame(rows).sort_values("year").reset_index(drop=True) if rows else pd.DataFrame()


#: A report's JSON files are small; anything larger is not one nabb wrote.
MAX_JSON_BYTES = 256 * 2**20


def _bad_json(path: Path, found: str, expected: str = "a JSON file written by nabb run") -> InputError:
    return InputError([Issue(str(path), "", "", "", expected, found)])


def _read_json(path: Path) -> Any:
    """Parse one JSON file of a report folder; any problem is an InputError naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise _bad_json(path, f"a file of {size / 2**20:,.0f} MiB")
        return json.loads(path.read_bytes().decode("utf-8"))
    except InputError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise _bad_json(path, f"malformed JSON ({type(err).__name__}: {str(err)[:120]})") from None
    except OSError as err:
        raise _bad_json(path, f"a file that cannot be read ({err.strerror or type(err).__name__})",
                        "a readable JSON file") from None


def _check_summary(path: Path, summary: Any) -> dict[str, Any]:
    """summary.json must be an object whose "years" map years to objects of KPI values."""
    if not isinstance(summary, dict):
        raise _bad_json(path, f"a JSON {type(summary).__name__}, not an object")
    years = summary.get("years", {})
    if not isinstance(years, dict):
        raise _bad_json(path, f'"years" is a JSON {type(years).__name__}, not an object')
    for y, entry in years.items():
        try:
            int(y)
        except ValueError:
            raise _bad_json(path, f'"years" has the key {y[:40]!r}, not a year') from None
        if not isinstance(entry, dict):
            raise _bad_json(path, f'"years"."{y}" is a JSON {type(entry).__name__}, not an object')
        for k, v in entry.items():
            values = v.values() if isinstance(v, dict) else [v]
            for x in values:
                if not (x is None or isinstance(x, (int, float, str, bool))):
                    raise _bad_json(path, f'"years"."{y}"."{k}" holds a JSON '
                                          f'{type(x).__name__}, not a number')
    for key in ("scenario", "status"):
        if key in summary and not isinstance(summary[key], str):
            raise _bad_json(path, f'"{key}" is a JSON {type(summary[key]).__name__}, not text')
    if not isinstance(summary.get("run", {}), dict):
        raise _bad_json(path, '"run" is not an object')
    return summary


def load_report(folder: Path) -> Report:
    summary_path = folder / "summary.json"
    if not summary_path.exists():
        raise InputError([Issue(str(folder), "", "", "", "a report folder written by nabb run "
                                "(with summary.json)", "no summary.json")])
    summary = _check_summary(summary_path, _read_json(summary_path))
    tables = settings = frames = None
    notes: list[tuple[str, dict[str, Any]]] = []
    if (folder / INPUTS_FILE).exists():
        doc = _read_json(folder / INPUTS_FILE)
        try:
            tables = {k: _table_frame(v) for k, v in doc["tables"].items()}
            settings = dict(doc["settings"])
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise _bad_json(folder / INPUTS_FILE, f"unexpected content ({type(err).__name__}: "
                                                  f"{str(err)[:80]})") from None
    else:
        run = summary.get("run", {})
        src, sha = run.get("input_file", ""), run.get("input_sha256", "")
        try:
            from nabb.io.reader import read_workbook, sha256_file
            from nabb.scenarios import apply_scenario
            if src and Path(src).exists() and sha and sha256_file(src) == sha:
                inp = apply_scenario(read_workbook(src), summary.get("scenario", "base"))
                tables, settings = inp.tables, inp.settings
                notes.append(("compare.notes.reread", {"src": src}))
            else:
                notes.append(("compare.notes.gone", {"file": INPUTS_FILE, "src": src or "?"}))
        except Exception as err:  # noqa: BLE001 - the rest of the comparison still works
            notes.append(("compare.notes.unrecoverable", {"error": str(err)}))
    if (folder / FRAMES_FILE).exists():
        doc = _read_json(folder / FRAMES_FILE)
        try:
            frames = {k: _table_frame(v) for k, v in doc["frames"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise _bad_json(folder / FRAMES_FILE, f"unexpected content ({type(err).__name__}: "
                                                  f"{str(err)[:80]})") from None
    else:
        notes.append(("compare.notes.no_frames", {"file": FRAMES_FILE}))
    return Report(folder, "", summary, tables, settings, frames, notes)


def _labels(reports: Sequence[Report]) -> None:
    names = [r.scenario for r in reports]
    for i, r in enumerate(reports):
        label = names[i]
        if names.count(label) > 1:
            label = f"{label} ({r.folder.parent.name}/{r.folder.name})" if r.folder.name == label \
                else f"{label} ({r.folder.name})"
        r.label = label
    seen: dict[str, int] = {}
    for r in reports:
        if r.label in seen:
            seen[r.label] += 1
            r.label = f"{r.label} #{seen[r.label]}"
        else:
            seen[r.label] = 1


# --------------------------------------------------------------------------- differences

def _same(a: Any, b: Any) -> bool:
    na = a is None or (isinstance(a, float) and math.isnan(a))
    nb = b is None or (isinstance(b, float) and math.isnan(b))
    if na or nb:
        return na and nb
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return str(a) == str(b)


def _delta(a: Any, b: Any) -> Any:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return float(b) - float(a)
    return None


def input_differences(first: Report, other: Report) -> pd.DataFrame:
    """Every input cell that differs between two reports (and rows added or removed)."""
    cols = ["compared", "sheet", "row", "column", "first", "other", "change"]
    if first.tables is None or other.tables is None:
        return pd.DataFrame(columns=cols)
    out: list[list[Any]] = []
    for key in sorted(set(first.settings or {}) | set(other.settings or {})):
        a, b = (first.settings or {}).get(key), (other.settings or {}).get(key)
        if not _same(a, b):
            out.append([other.label, SETTINGS_SHEET, f"key={key}", "value", a, b, _delta(a, b)])
    for sheet in SHEETS:
        fa, fb = first.tables.get(sheet.name), other.tables.get(sheet.name)
        if fa is None or fb is None:
            continue
        key = [k for k in sheet.key if k in fa.columns and k in fb.columns]
        unique = key and not fa.duplicated(key).any() and not fb.duplicated(key).any()

        def ident(frame: pd.DataFrame) -> dict[str, int]:
            if unique:
                return {"; ".join(f"{k}={plain(v)}" for k, v in zip(key, row)): i
                        for i, row in enumerate(frame[key].itertuples(index=False))}
            return {f"row {i + 1}": i for i in range(len(frame))}
        ia, ib = ident(fa), ident(fb)
        columns = [c for c in fa.columns if c in fb.columns and c not in key]
        for rid, i in ia.items():
            if rid not in ib:
                out.append([other.label, sheet.name, rid, "(row)", "present", "removed", None])
                continue
            j = ib[rid]
            for c in columns:
                a, b = plain(fa.iat[i, fa.columns.get_loc(c)]), plain(fb.iat[j, fb.columns.get_loc(c)])
                if not _same(a, b):
                    out.append([other.label, sheet.name, rid, c, a, b, _delta(a, b)])
        for rid in ib:
            if rid not in ia:
                out.append([other.label, sheet.name, rid, "(row)", "absent", "added", None])
    return pd.DataFrame(out, columns=cols)


def kpi_deltas(reports: Sequence[Report]) -> pd.DataFrame:
    frames = [r.kpis() for r in reports]
    first = frames[0]
    kpis = [c for c in first.columns if c != "year"]
    for f in frames[1:]:
        kpis += [c for c in f.columns if c != "year" and c not in kpis]
    years = sorted(set().union(*[set(f["year"]) for f in frames if len(f)]))
    rows = []
    for y in years:
        for k in kpis:
            row: dict[str, Any] = {"year": y, "kpi": k}
            base = None
            for i, (r, f) in enumerate(zip(reports, frames)):
                sub = f[f["year"] == y] if len(f) else f
                v = sub[k].iloc[0] if len(sub) and k in sub.columns else None
                v = plain(v)
                row[r.label] = v
                if i == 0:
                    base = v
                else:
                    row[f"change {r.label}"] = _delta(base, v)
            rows.append(row)
    return pd.DataFrame(rows)


#: A KPI changed when report and first differ by more than this, relative to the larger of
#: the two (and 1): solver noise such as -4.5e-13 t is no change.
KPI_CHANGE_RTOL = 1e-6


def _changed(a: Any, b: Any) -> bool:
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return a != b and not (a is None and b is None)
    if math.isnan(a) or math.isnan(b):
        return not (math.isnan(a) and math.isnan(b))
    return abs(b - a) > KPI_CHANGE_RTOL * max(1.0, abs(a), abs(b))


def _years_text(years: Sequence[int]) -> str:
    """[2025, 2026, 2027, 2030] -> '2025-2027, 2030'."""
    out: list[str] = []
    run: list[int] = []
    for y in sorted(years):
        if run and y == run[-1] + 1:
            run.append(y)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
        run = [y]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
    return ", ".join(out)


def kpi_changes(deltas: pd.DataFrame, reports: Sequence[Report], year: int | None = None
                ) -> pd.DataFrame:
    """The KPIs that changed against the first report, one row per later report and KPI.

    Each row shows ``year`` (default 2030, else the last year) when the KPI changed then, else
    the year of its largest change; ``years`` lists every year with a change.  Columns:
    report, kpi, year, first, value, change, relative (change / |first|, NaN from 0), years.
    """
    cols = ["report", "kpi", "year", "first", "value", "change", "relative", "years"]
    if deltas.empty or len(reports) < 2:
        return pd.DataFrame(columns=cols)
    first = reports[0].label
    all_years = sorted(set(deltas["year"]))
    focus = year if year in all_years else (2030 if 2030 in all_years else all_years[-1])
    rows = []
    for r in reports[1:]:
        for kpi, g in deltas.groupby("kpi", sort=False):
            g = g.set_index("year")
            changed = [y for y in g.index if _changed(g.at[y, first], g.at[y, r.label])]
            if not changed:
                continue
            if focus in changed:
                y = focus
            else:
                y = max(changed, key=lambda t: abs(_delta(g.at[t, first], g.at[t, r.label]) or 0))
            a, b = g.at[y, first], g.at[y, r.label]
            d = _delta(a, b)
            rel = d / abs(a) if isinstance(d, float) and isinstance(a, (int, float)) and a else math.nan
            rows.append({"report": r.label, "kpi": kpi, "year": int(y), "first": a, "value": b,
                         "change": d, "relative": rel, "years": _years_text(changed)})
    return pd.DataFrame(rows, columns=cols)


def side_by_side(reports: Sequence[Report], frame: str, keys: list[str], value: str,
                 drop_zero: bool = True) -> pd.DataFrame:
    parts = []
    for r in reports:
        f = (r.frames or {}).get(frame)
        if f is None or value not in f.columns:
            continue
        parts.append(f[keys + [value]].groupby(keys, as_index=False)[value].sum()
                     .rename(columns={value: f"{value} {r.label}"}))
    if not parts:
        return pd.DataFrame(columns=keys)
    out = parts[0]
    for p in parts[1:]:
        out = out.merge(p, how="outer", on=keys)
    vals = [c for c in out.columns if c not in keys]
    out[vals] = out[vals].fillna(0.0)
    first = f"{value} {reports[0].label}"
    if first in out.columns:
        for r in reports[1:]:
            col = f"{value} {r.label}"
            if col in out.columns:
                out[f"change {r.label}"] = out[col] - out[first]
    if drop_zero and vals:
        out = out[(out[vals].abs() > 1e-9).any(axis=1)]
    return out.sort_values(keys).reset_index(drop=True)


# --------------------------------------------------------------------------- the comparison

@dataclass
class Comparison:
    """What ``nabb compare`` finds: the reports (labelled; the first is the reference) and the
    tables of their differences.  :mod:`nabb.reports.compare` writes it as a workbook."""
    reports: list[Report]
    listing: pd.DataFrame                 # one row per report: status, objective and change
    differences: list[pd.DataFrame]       # input cells that differ, one frame per later report
    kpi_deltas: pd.DataFrame
    area: pd.DataFrame                    # hectares per region, crop and year, side by side
    capacity: pd.DataFrame                # processing capacity per region, process and year
    prices: pd.DataFrame                  # commodity prices (balance duals)
    target_duals: pd.DataFrame            # marginal cost of the biobased targets

    @property
    def first(self) -> Report:
        return self.reports[0]

    def language(self, option: str | None = None) -> str:
        """The language compare writes: ``option`` (--lang), else the first report's
        ``language`` setting, else Dutch for reports of nabb's default data, else English."""
        from nabb.defaults import is_default_data
        from nabb.i18n import resolve_language
        first = self.first
        sha = str(first.summary.get("run", {}).get("input_sha256", "") or "")
        return resolve_language(option, (first.settings or {}).get("language") or None,
                                is_default_data(sha))

    def lines(self, lang: str = "en") -> list[str]:
        """A few summary lines for the console."""
        from nabb.i18n import Lang
        say = Lang(lang)
        first = self.first
        lines = []
        for r, d in zip(self.reports[1:], self.differences):
            ob, oa = r.summary.get("objective_eur"), first.summary.get("objective_eur")
            if isinstance(ob, (int, float)) and isinstance(oa, (int, float)):
                from nabb.i18n.numbers import money
                delta = ob - oa   # Dutch: € -48,21 mln, € +185,75 mln, € 0
                change = (f"{delta:+,.0f} EUR" if lang == "en" else money(delta, lang).replace(
                    "€ ", "€ +" if round(delta) > 0 else "€ ", 1))
            else:
                change = say("compare.na")
            lines.append(say("compare.line", label=r.label, first=first.label, cells=len(d),
                             change=change))
        for r in self.reports:
            for n in r.note_texts(lang):
                lines.append(f"{r.label}: {n}")
        return lines


def _listing(reports: Sequence[Report]) -> pd.DataFrame:
    first = reports[0]
    rows = []
    for r in reports:
        run = r.summary.get("run", {})
        rows.append({"label": r.label, "folder": str(r.folder), "scenario": r.scenario,
                     "status": r.summary.get("status"), "objective_eur": r.summary.get("objective_eur"),
                     "objective change vs first": _delta(first.summary.get("objective_eur"),
                                                         r.summary.get("objective_eur")),
                     "input_file": run.get("input_file", ""), "input_sha256": run.get("input_sha256", ""),
                     "created": run.get("created", ""), "scenario changes": len(run.get("changes", [])),
                     "notes": "; ".join(r.note_texts("en"))})
    return pd.DataFrame(rows)


def compare_reports(folders: Sequence[Path]) -> Comparison:
    """Read the report folders and compare each with the first (nothing is written)."""
    reports = [load_report(Path(f)) for f in folders]
    _labels(reports)
    first = reports[0]
    return Comparison(
        reports=reports, listing=_listing(reports),
        differences=[input_differences(first, r) for r in reports[1:]],
        kpi_deltas=kpi_deltas(reports),
        area=side_by_side(reports, "cultivation", ["region", "crop", "year"], "area_ha"),
        capacity=side_by_side(reports, "processing", ["region", "process", "year"], "capacity_t_per_yr"),
        prices=side_by_side(reports, "prices", ["region", "commodity", "year"], "price_eur_per_t"),
        target_duals=side_by_side(reports, "targets", ["segment", "region", "year"],
                                  "marginal_cost_eur_per_unit", drop_zero=False))
