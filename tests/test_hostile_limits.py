"""Hostile suite, part C (issue 10 items 11, 12, 14, 15): resource caps, plausible values,
exit codes and clear messages.

Every fixture is built here at run time from the default workbook and the capacity
template.  Every case runs one nabb command as a user would and checks the guarantees of
docs/security.md with :func:`tests.hostile.check_guarantees`.  Files that must be refused
run in a child process (:func:`tests.hostile.run_subprocess`), which measures the wall time
and the child's own peak memory: each refusal must stay under 2 s and 200 MB.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nabb.io import preflight
from nabb.io.preflight import CAPACITY_LIMITS, SCENARIO_LIMITS, _sheet_names
from nabb.schema import SHEETS
from tests.hostile import (REFUSAL_MEGABYTES, REFUSAL_SECONDS, check_guarantees, invoke,
                           run_subprocess, snapshot)

pytestmark = pytest.mark.hostile

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "nabb" / "data" / "nabb_default.xlsx"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# ============================================================================ builders
@pytest.fixture(scope="module")
def capacity_blank(tmp_path_factory) -> Path:
    from nabb.capacity.template import write_capacity_template
    path = tmp_path_factory.mktemp("cap") / "blank.xlsx"
    write_capacity_template(path, region="GR")
    return path


@pytest.fixture(scope="module")
def capacity_filled(capacity_blank, tmp_path_factory) -> Path:
    """A valid capacity sheet for region GR of the default workbook."""
    wb = load_workbook(capacity_blank)
    c = wb["coordinator"]
    c["B3"], c["B4"], c["B5"], c["B6"] = "GR", "Jan de Vries", "jan@example.org", dt.date(2026, 3, 1)
    for r, row in enumerate([("Vlasfabriek Oost", "flax_scutching", 20000, 1998, 0.8)], start=3):
        for j, v in enumerate(row, start=1):
            wb["existing_plants"].cell(row=r, column=j, value=v)
    for r, row in enumerate([("Isolatiefabriek Noord", "hemp_decortication", 30000, 2028,
                              "financed")], start=3):
        for j, v in enumerate(row, start=1):
            wb["planned_plants"].cell(row=r, column=j, value=v)
    for r, row in enumerate([("flax", 2026, 1200)], start=3):
        for j, v in enumerate(row, start=1):
            wb["contracted_area"].cell(row=r, column=j, value=v)
    path = tmp_path_factory.mktemp("capfilled") / "gr.xlsx"
    wb.save(path)
    return path


def parts_of(src: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """All parts of a workbook and the map sheet name -> worksheet part."""
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
        names = {v: k for k, v in _sheet_names(z).items()}
    return parts, names


def write_zip(dst: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return dst


def with_sheet_data(xml: bytes, body: bytes) -> bytes:
    """Replace the rows of a worksheet (and drop its dimension, as a hostile file would)."""
    xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
    if b"<sheetData/>" in xml:
        return xml.replace(b"<sheetData/>", b"<sheetData>" + body + b"</sheetData>")
    i = xml.index(b"<sheetData>") + len(b"<sheetData>")
    j = xml.index(b"</sheetData>")
    return xml[:i] + body + xml[j:]


def rows_without_refs(n_rows: int, per_row: int, empty: bool = False, seed: int = 1) -> bytes:
    """Cells with no r= attribute (the parser must count them itself)."""
    rnd = random.Random(seed)
    if empty:
        row = b"<row>" + b"<c/>" * per_row + b"</row>"
        return row * n_rows
    return b"".join(b"<row>" + b"".join(b"<c><v>%d</v></c>" % rnd.randrange(10**6)
                                         for _ in range(per_row)) + b"</row>"
                    for _ in range(n_rows))


def set_cell_xml(xml: bytes, ref: str, inner: bytes, inline_text: bool = False) -> bytes:
    """Replace (or add) cell ``ref`` of a worksheet with a number or an inline string."""
    new = (b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref.encode(), inner) if inline_text
           else b'<c r="%s"><v>%s</v></c>' % (ref.encode(), inner))
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)
    if pattern.search(xml):
        return pattern.sub(lambda m: new, xml, count=1)
    row = re.match(r"[A-Z]+(\d+)", ref).group(1).encode()
    return re.sub(rb'(<row r="' + row + rb'"[^>]*>)', lambda m: m.group(1) + new, xml, count=1)


def edit_cell(src: Path, dst: Path, sheet: str, ref: str, inner: bytes,
              inline_text: bool = False) -> Path:
    parts, names = parts_of(src)
    part = names[sheet]
    parts[part] = set_cell_xml(parts[part], ref, inner, inline_text)
    return write_zip(dst, parts)


#: (command, CPU s, wall s, peak MB) of every refusal in this run, for the summary test.
REFUSALS: list[tuple[str, float, float, float]] = []


def refused(args: list[str], root: Path, *words: str, inputs=(), code: int = 2) -> str:
    """Run in a child process; assert the refusal, its time and memory, and the guarantees."""
    before = snapshot(root)
    out = run_subprocess(args, root)
    check_guarantees(out, before, root, inputs=inputs)
    assert out.exit_code == code, out.output
    text = out.output
    for w in words:
        assert w.lower() in text.lower(), (w, text)
    # CPU time: the machine running the suite is shared, so wall time only catches a hang
    assert out.cpu_seconds < REFUSAL_SECONDS, (out.cpu_seconds, out.seconds, text)
    assert out.seconds < 5 * REFUSAL_SECONDS, (out.seconds, text)
    assert out.max_rss_mb < REFUSAL_MEGABYTES, (out.max_rss_mb, text)
    REFUSALS.append((args[0], out.cpu_seconds, out.seconds, out.max_rss_mb))
    print(f"REFUSAL {args[0]} cpu={out.cpu_seconds:.2f}s wall={out.seconds:.2f}s rss={out.max_rss_mb:.0f}MB")
    return text


def in_process(args: list[str], root: Path, outputs=(), inputs=(), env=None):
    before = snapshot(root)
    out = invoke(args, root, env=env)
    check_guarantees(out, before, root, outputs=outputs, inputs=inputs)
    return out


# ============================================================================ item 11: caps
def _one_sheet_cells(limit_attr: str, empty: bool = False):
    def build(parts, names, sheet, kind_limits):
        n = getattr(kind_limits, limit_attr) + 1
        per_row = 100
        parts[names[sheet]] = with_sheet_data(parts[names[sheet]],
                                              rows_without_refs(n // per_row + 1, per_row, empty))
    return build


CAP_CASES = {
    # name: (builder(parts, names, sheet, limits), words expected in the refusal)
    "cells_per_sheet_no_r": (_one_sheet_cells("cells_per_sheet"), ["cells per sheet"]),
    "empty_cells_per_sheet_no_r": (_one_sheet_cells("cells_per_sheet", empty=True),
                                   ["cells per sheet"]),
    "cells_total_over_sheets": (None, ["cells"]),
    "shared_strings_count": (None, ["shared strings"]),
    "deep_xml_in_sheet": (None, ["nested", "deep"]),
    "deep_xml_in_styles": (None, ["nested", "deep"]),
    "too_many_sheets": (None, ["sheets"]),
    "element_flood": (None, ["XML elements"]),
    "row_of_2000_cells_no_r": (None, ["row"]),
    "far_row_number": (None, ["row"]),
}


def _build(name: str, parts, names, sheet, limits) -> None:
    ws = names[sheet]
    if name in ("cells_per_sheet_no_r", "empty_cells_per_sheet_no_r"):
        CAP_CASES[name][0](parts, names, sheet, limits)
    elif name == "cells_total_over_sheets":
        per_sheet = limits.cells_per_sheet - 1000
        n_sheets = limits.cells_total // per_sheet + 1
        targets = list(names.values())[:n_sheets]
        assert len(targets) == n_sheets, "not enough sheets to spread the cells over"
        for k, part in enumerate(targets):
            parts[part] = with_sheet_data(parts[part], rows_without_refs(per_sheet // 100, 100,
                                                                         empty=True, seed=k))
    elif name == "shared_strings_count":
        rnd = random.Random(2)
        strings = b"".join(b"<si><t>s%d</t></si>" % rnd.randrange(10**9)
                           for _ in range(limits.shared_strings + 1))
        parts["xl/sharedStrings.xml"] = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="'
                                         + MAIN_NS.encode() + b'">' + strings + b"</sst>")
    elif name == "deep_xml_in_sheet":
        parts[ws] = parts[ws].replace(b"</worksheet>", b"<extLst>" + b"<ext>" * 5000
                                      + b"</ext>" * 5000 + b"</extLst></worksheet>")
    elif name == "deep_xml_in_styles":
        st = parts["xl/styles.xml"]
        parts["xl/styles.xml"] = st.replace(b"</styleSheet>", b"<extLst>" + b"<ext>" * 200
                                            + b"</ext>" * 200 + b"</extLst></styleSheet>")
    elif name == "too_many_sheets":
        template = parts[ws]
        for k in range(limits.sheets + 1):
            parts[f"xl/worksheets/extra{k}.xml"] = template
    elif name == "element_flood":
        rnd = random.Random(3)
        junk = b"".join(b'<x a="%d"/>' % rnd.randrange(10**9)
                        for _ in range(limits.elements_total + 1))
        parts[ws] = parts[ws].replace(b"</worksheet>", b"<extLst><ext>" + junk
                                      + b"</ext></extLst></worksheet>")
    elif name == "row_of_2000_cells_no_r":
        parts[ws] = with_sheet_data(parts[ws], b"<row>" + b"<c><v>1</v></c>" * 2000 + b"</row>")
    elif name == "far_row_number":
        parts[ws] = with_sheet_data(parts[ws], b'<row r="1048576"><c><v>1</v></c></row>')


@pytest.mark.parametrize("kind", ["capacity", "scenario"])
@pytest.mark.parametrize("case", list(CAP_CASES))
def test_resource_cap_refused_fast(case, kind, capacity_blank, tmp_path):
    limits = CAPACITY_LIMITS if kind == "capacity" else SCENARIO_LIMITS
    src = capacity_blank if kind == "capacity" else DEFAULT
    parts, names = parts_of(src)
    sheet = "existing_plants" if kind == "capacity" else "demand"
    _build(case, parts, names, sheet, limits)
    bad = write_zip(tmp_path / f"{case}.xlsx", parts)
    args = (["capacity", "check", bad.name, "--lang", "en"] if kind == "capacity"
            else ["validate", bad.name])
    text = refused(args, tmp_path, *CAP_CASES[case][1], inputs=[bad.name])
    assert bad.name in text


def test_issue_example_2m_cells_without_r_in_a_4mb_capacity_sheet(capacity_blank, tmp_path):
    """The issue's file: 2 M cells without r= attributes in a ~4 MB capacity sheet."""
    parts, names = parts_of(capacity_blank)
    ws = names["existing_plants"]
    body = rows_without_refs(20_000, 100, empty=True)   # 2,000,000 cells, 8 MB of XML
    parts[ws] = with_sheet_data(parts[ws], body)
    bad = write_zip(tmp_path / "bomb.xlsx", parts)
    for args in (["capacity", "check", bad.name, "--lang", "en"], ["validate", bad.name]):
        text = refused(args, tmp_path, "cells per sheet", "existing_plants", inputs=[bad.name])
        limit = CAPACITY_LIMITS if args[0] == "capacity" else SCENARIO_LIMITS
        assert f"{limit.cells_per_sheet:,}" in text


@pytest.mark.slow
def test_total_uncompressed_size_cap(tmp_path):
    """Hex text (ratio ~2:1, so no zip-bomb alarm) past the scenario workbook's byte cap."""
    parts, names = parts_of(DEFAULT)
    rnd = random.Random(4)
    blob = rnd.randbytes(SCENARIO_LIMITS.total_bytes // 2 + 2**20).hex().encode()
    parts["xl/sharedStrings.xml"] = (b'<?xml version="1.0"?><sst xmlns="' + MAIN_NS.encode()
                                     + b'"><si><t>' + blob + b"</t></si></sst>")
    bad = write_zip(tmp_path / "big.xlsx", parts)
    refused(["validate", bad.name], tmp_path, "MiB uncompressed", "scenario workbook",
            inputs=[bad.name])


def test_capacity_sheet_byte_cap_is_smaller_than_scenario(capacity_blank, tmp_path):
    parts, _ = parts_of(capacity_blank)
    rnd = random.Random(5)
    blob = rnd.randbytes(CAPACITY_LIMITS.total_bytes // 2 + 2**20).hex().encode()
    parts["docProps/custom.xml"] = b"<Properties><p>" + blob + b"</p></Properties>"
    bad = write_zip(tmp_path / "big_gr.xlsx", parts)
    refused(["capacity", "check", bad.name, "--lang", "en"], tmp_path, "capacity sheet",
            "MiB uncompressed", inputs=[bad.name])


def test_real_workbooks_pass_with_headroom(capacity_filled, tmp_path):
    """The default workbook and a filled capacity sheet sit far below every cap."""
    for path, limits in ((DEFAULT, SCENARIO_LIMITS), (capacity_filled, CAPACITY_LIMITS)):
        report = preflight.inspect_workbook(path, limits.kind)
        assert report.cells * 20 < limits.cells_total
        assert report.uncompressed_bytes * 20 < limits.total_bytes
        assert report.sheets * 3 < limits.sheets


# ============================================================================ item 15: XML
INVALID_XML = {
    "unclosed_cell": (b'<row r="5"><c r="C5"><v>1</v></row>', ["C5", "mismatched tag"]),
    "control_char_in_value": (b'<row r="7"><c r="B7" t="inlineStr"><is><t>a\x01b</t></is></c>'
                              b"</row>", ["B7", "not well-formed"]),
    "undefined_entity": (b'<row r="4"><c r="A4" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
                         ["A4", "undefined entity"]),
    "garbage_after_rows": (b'<row r="9"><c r="D9"><v>1</v></c></row><<<', ["D9", "not well-formed"]),
    "cells_without_r_then_break": (b"<row><c><v>1</v></c><c><v>2</v><c></row>", ["C1"]),
}


@pytest.mark.parametrize("kind", ["capacity", "scenario"])
@pytest.mark.parametrize("case", list(INVALID_XML))
def test_invalid_xml_names_sheet_and_cell(case, kind, capacity_blank, tmp_path):
    src = capacity_blank if kind == "capacity" else DEFAULT
    sheet = "existing_plants" if kind == "capacity" else "demand"
    parts, names = parts_of(src)
    body, words = INVALID_XML[case]
    xml = parts[names[sheet]]
    i = xml.index(b"<sheetData>") + len(b"<sheetData>")
    parts[names[sheet]] = with_sheet_data(xml, body) if b"</sheetData>" in xml[i:] else xml
    bad = write_zip(tmp_path / f"{case}.xlsx", parts)
    args = (["capacity", "check", bad.name, "--lang", "en"] if kind == "capacity"
            else ["validate", bad.name])
    refused(args, tmp_path, "invalid XML", f"sheet '{sheet}'", *words, inputs=[bad.name])


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml"])
def test_invalid_xml_in_other_parts_names_the_part(part, tmp_path):
    parts, _ = parts_of(DEFAULT)
    parts[part] = parts.get(part, b"<sst>")[:200] + b"<broken"
    bad = write_zip(tmp_path / "broken.xlsx", parts)
    refused(["validate", bad.name], tmp_path, "invalid XML", part, inputs=[bad.name])


# ============================================================================ item 12: values
def _default_headers() -> dict[str, dict[str, str]]:
    wb = load_workbook(DEFAULT, read_only=True)
    out = {}
    for sheet in SHEETS:
        if sheet.name in wb.sheetnames:
            ws = wb[sheet.name]
            row = next(ws.iter_rows(min_row=1, max_row=1))
            out[sheet.name] = {c.value: c.column_letter for c in row if c.value}
    wb.close()
    return out


HEADERS = _default_headers()


def _numeric_columns_with_data() -> list[tuple[str, str]]:
    """Every numeric column of the schema that the default workbook fills on row 3."""
    from nabb.io.reader import read_workbook
    inputs = read_workbook(DEFAULT)
    cases = []
    for sheet in SHEETS:
        frame = inputs.tables[sheet.name]
        for col in sheet.columns:
            if col.type in ("float", "int") and len(frame) and col.name in HEADERS.get(sheet.name, {}):
                cases.append((sheet.name, col.name))
    return cases


NUMERIC = _numeric_columns_with_data()


@pytest.mark.parametrize("sheet,column", NUMERIC, ids=[f"{s}.{c}" for s, c in NUMERIC])
def test_absurd_number_refused_at_its_cell(sheet, column, tmp_path):
    ref = f"{HEADERS[sheet][column]}3"
    bad = edit_cell(DEFAULT, tmp_path / "absurd.xlsx", sheet, ref, b"1e308")
    out = in_process(["validate", bad.name], tmp_path, inputs=[bad.name])
    assert out.exit_code == 2, out.output
    line = next((ln for ln in out.output.splitlines() if f":{sheet}:{ref} [{column}]" in ln), "")
    assert "expected a number <=" in line and "found 1e+308" in line, out.output


# How NaN and infinity reach a cell: typed as text, or as Excel's #NUM! error.
NON_FINITE = {"text_nan": (b"NaN", True), "text_inf": (b"inf", True), "text_minus_inf": (b"-inf", True),
              "num_error": (b"#NUM!", "e"), "yield_1e15": (b"1e15", False)}


@pytest.mark.parametrize("value", list(NON_FINITE))
@pytest.mark.parametrize("sheet,column", [("crops", "yield_t_per_ha"), ("regions", "arable_land_ha"),
                                          ("capacity", "capacity_t_per_yr")])
def test_nan_inf_and_1e15_refused_at_their_cell(sheet, column, value, tmp_path):
    ref = f"{HEADERS[sheet][column]}3"
    raw, kind = NON_FINITE[value]
    if kind == "e":
        parts, names = parts_of(DEFAULT)
        xml = set_cell_xml(parts[names[sheet]], ref, raw)
        parts[names[sheet]] = xml.replace(f'<c r="{ref}">'.encode(), f'<c r="{ref}" t="e">'.encode())
        bad = write_zip(tmp_path / "nan.xlsx", parts)
    else:
        bad = edit_cell(DEFAULT, tmp_path / "nan.xlsx", sheet, ref, raw, inline_text=kind)
    out = in_process(["validate", bad.name], tmp_path, inputs=[bad.name])
    assert out.exit_code == 2, out.output
    assert f":{sheet}:{ref} [{column}]" in out.output, out.output


def test_nan_stored_as_a_number_is_refused_cleanly(tmp_path):
    """<v>NaN</v>, which Excel never writes: openpyxl cannot read the sheet; exit 2, no traceback."""
    bad = edit_cell(DEFAULT, tmp_path / "nan.xlsx", "crops", f"{HEADERS['crops']['yield_t_per_ha']}3",
                    b"NaN")
    refused(["validate", bad.name], tmp_path, "nan.xlsx", inputs=[bad.name])


CAPACITY_NUMBERS = [("existing_plants", "C3", "capacity_t_per_yr"),
                    ("planned_plants", "C3", "capacity_t_per_yr"),
                    ("contracted_area", "C3", "area_ha"),
                    ("existing_plants", "E3", "utilisation_last_year")]


@pytest.mark.parametrize("command", ["check", "merge"])
@pytest.mark.parametrize("sheet,ref,column", CAPACITY_NUMBERS)
def test_capacity_sheet_absurd_number_refused_by_check_and_merge(sheet, ref, column, command,
                                                                   capacity_filled, tmp_path):
    bad = edit_cell(capacity_filled, tmp_path / "gr.xlsx", sheet, ref, b"1e308")
    shutil.copy(DEFAULT, tmp_path / "scen.xlsx")
    args = (["capacity", "check", bad.name] if command == "check" else
            ["capacity", "merge", bad.name, "--into", "scen.xlsx", "-o", "merged.xlsx"])
    out = in_process(args, tmp_path, outputs=["merged.xlsx"], inputs=[bad.name, "scen.xlsx"])
    assert out.exit_code == 2, out.output
    assert f"{sheet}:{ref} [{column}]" in out.output and "1e+308" in out.output, out.output
    assert not (tmp_path / "merged.xlsx").exists()


def test_schema_every_numeric_column_has_a_documented_maximum():
    from nabb.schema import SETTINGS
    for sheet in SHEETS:
        for col in sheet.columns:
            if col.type in ("float", "int"):
                assert col.max is not None, (sheet.name, col.name)
                assert col.why_max or col.max <= 1 or col.unit == "deg", (sheet.name, col.name)
    for s in SETTINGS:
        if s.type == "float":
            assert s.max is not None, s.key
    doc = (ROOT / "docs" / "schema.md").read_text()
    assert "Maximum 4e+06: the whole land area of the Netherlands" in doc


# ============================================================================ item 14: options
BAD_OPTIONS = [
    ["--solver-option", "no_such_option=1"],
    ["--solver-option", "solver=nonsense"],
    ["--solver-option", "presolve=maybe"],
    ["--solver-option", "threads=-3"],
    ["--solver-option", "simplex_iteration_limit=1.5"],
    ["--solver-option", "time_limit=nan"],
    ["--solver-option", "log_file=../escape.log"],
    ["--solver-option", "write_solution_to_file=true"],
    ["--solver-option", "solution_file=/tmp/x.sol"],
    ["--solver-option", "novalue"],
    ["--time-limit", "-1"],
    ["--time-limit", "nan"],
    ["--time-limit", "0"],
    ["--time-limit", "-inf"],
]


@pytest.mark.parametrize("command", ["run", "sweep"])
@pytest.mark.parametrize("bad", BAD_OPTIONS, ids=[" ".join(b) for b in BAD_OPTIONS])
def test_bad_solver_option_or_time_limit_exits_2_before_reading(command, bad, tmp_path):
    # the workbook does not exist: had it been read first, the error would name it
    args = [command, "missing.xlsx", *bad]
    if command == "sweep":
        args += ["--param", "carbon_price", "--values", "0,100"]
    out = in_process(args, tmp_path)
    assert out.exit_code == 2, out.output
    assert bad[0] in out.output and "missing.xlsx" not in out.output, out.output
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("address", ["nonsense", "http://10.0.0.5:8786", "tcp://host",
                                     "tcp://host:99999", "tcp://a b:1", ""])
def test_bad_scheduler_address_exits_2(address, tmp_path):
    out = in_process(["sweep", "missing.xlsx", "--param", "carbon_price", "--values", "0,1",
                      "--scheduler", address], tmp_path)
    assert out.exit_code == 2 and "--scheduler" in out.output, out.output


def test_good_solver_options_pass_typed():
    from nabb.solve import check_options
    assert check_options({"output_flag": 1, "time_limit": 5, "solver": "ipm"}) == {
        "output_flag": True, "time_limit": 5.0, "solver": "ipm"}


@pytest.mark.parametrize("command", [
    ["run"], ["sweep", "--param", "carbon_price", "--values", "0,1"],
    ["capacity", "check", "x.xlsx"], ["compare", "a", "b"], ["validate", "x.xlsx"]])
def test_ctrl_c_exits_130_with_one_line(command, tmp_path, monkeypatch):
    """KeyboardInterrupt at the heart of each command: exit 130, one line, no traceback."""
    import nabb.capacity.check
    import nabb.compare
    import nabb.io.reader
    from nabb import pipeline

    def interrupt(*_a, **_k):
        raise KeyboardInterrupt

    for mod, name in ((pipeline, "read_base"), (pipeline, "load"), (nabb.capacity.check, "check_files"),
                      (nabb.compare, "compare_reports"), (nabb.io.reader, "read_workbook")):
        monkeypatch.setattr(mod, name, interrupt)
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
    (tmp_path / "x.xlsx").write_bytes(b"")
    out = in_process(command, tmp_path)
    assert out.exit_code == 130, out.output
    lines = [ln for ln in out.output.splitlines() if ln.strip()]
    # in the command's language once known (capacity check of the default data: Dutch)
    assert len(lines) == 1 and ("interrupted" in lines[0] or "onderbroken" in lines[0]), out.output


@pytest.mark.slow
def test_sigint_during_a_real_run_exits_130(tmp_path):
    # the signal goes in once the run says it is writing its reports (the default solves in a
    # fraction of a second, so a fixed sleep could land after the run had finished)
    proc = subprocess.Popen([sys.executable, "-m", "nabb", "run", str(DEFAULT), "--out", "reports",
                             "--lang", "en"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen = []
    for line in iter(proc.stdout.readline, b""):
        seen.append(line.decode())
        if line.startswith(b"nabb: writing"):
            proc.send_signal(signal.SIGINT)
            break
    out, _ = proc.communicate(timeout=60)
    text = "".join(seen) + out.decode()
    assert "Traceback" not in text
    finished = "report: reports/base" in text   # the reports were out before the signal landed
    assert proc.returncode == 130 or (finished and proc.returncode in (0, -signal.SIGINT)), text
    if proc.returncode == 130:
        assert "interrupted" in text.splitlines()[-1]
        assert not (tmp_path / "reports" / "base" / "report.html").exists() or finished


def test_iteration_limit_is_reported_as_an_iteration_limit(tmp_path):
    out = in_process(["run", str(DEFAULT), "--out", "reports", "--solver-option",
                      "simplex_iteration_limit=1", "--solver-option", "solver=simplex",
                      "--lang", "en"], tmp_path, outputs=["reports"])
    assert out.exit_code == 4, out.output
    assert "iteration limit" in out.output and "time limit" not in out.output.lower(), out.output


def test_defusedxml_switched_off_is_refused_with_exit_2(tmp_path):
    shutil.copy(DEFAULT, tmp_path / "wb.xlsx")
    before = snapshot(tmp_path)
    out = run_subprocess(["validate", "wb.xlsx"], tmp_path, env={"OPENPYXL_DEFUSEDXML": "False"})
    check_guarantees(out, before, tmp_path, inputs=["wb.xlsx"])
    assert out.exit_code == 2 and "OPENPYXL_DEFUSEDXML=False" in out.output, out.output
    assert len([ln for ln in out.output.splitlines() if ln.strip()]) == 1


@pytest.mark.slow
def test_scheduler_without_workers_times_out_clearly(tmp_path):
    import distributed
    cluster = distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp://",
                                       host="127.0.0.1", dashboard_address=None)
    try:
        out = in_process(["sweep", str(DEFAULT), "--param", "carbon_price", "--values", "0,100",
                          "--scheduler", cluster.scheduler_address, "--worker-timeout", "1",
                          "--no-progress", "--out", "sw"], tmp_path, outputs=["sw"])
    finally:
        cluster.close()
    assert out.exit_code == 3, out.output
    assert "no dask worker joined" in out.output and "--worker-timeout" in out.output
    assert not (tmp_path / "sw").exists()


# ============================================================================ compare
SUMMARIES = {
    "not_json": b"{bad",
    "empty": b"",
    "not_utf8": b"\xff\xfe\x00garbage",
    "a_list": b"[]",
    "years_a_list": b'{"scenario": "x", "years": []}',
    "year_not_a_year": b'{"scenario": "x", "years": {"soon": {}}}',
    "year_entry_text": b'{"scenario": "x", "years": {"2030": "high"}}',
    "nested_value": b'{"scenario": "x", "years": {"2030": {"a": {"b": [1, 2]}}}}',
    "scenario_an_object": b'{"scenario": {"a": 1}, "years": {}}',
    "deep_nesting": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("case", list(SUMMARIES))
def test_compare_on_malformed_summary_exits_2_naming_the_file(case, tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "summary.json").write_bytes(SUMMARIES[case])
    out = in_process(["compare", "a", "b", "-o", "cmp.xlsx"], tmp_path, outputs=["cmp.xlsx"])
    assert out.exit_code == 2, out.output
    assert "summary.json" in out.output and not (tmp_path / "cmp.xlsx").exists()


@pytest.mark.parametrize("name", ["inputs.json", "frames.json"])
def test_compare_on_malformed_inputs_or_frames_json(name, tmp_path):
    good = json.dumps({"scenario": "x", "status": "optimal", "years": {"2030": {"a": 1}}})
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "summary.json").write_text(good)
        (tmp_path / d / name).write_text('{"tables": 5, "frames": [1]}')
    out = in_process(["compare", "a", "b", "-o", "cmp.xlsx"], tmp_path, outputs=["cmp.xlsx"])
    assert out.exit_code == 2 and name in out.output, out.output


# ============================================================================ item 15: text
INVISIBLE = {"\u200f": "U+200F RIGHT-TO-LEFT MARK", "\u200b": "U+200B ZERO WIDTH SPACE",
             "\u00a0": "U+00A0 NO-BREAK SPACE", "\ufeff": "U+FEFF ZERO WIDTH NO-BREAK SPACE",
             "\u202e": "U+202E RIGHT-TO-LEFT OVERRIDE"}
KEY_COLUMNS = [("regions", "region"), ("commodities", "commodity"), ("crops", "crop"),
               ("processes", "process"), ("recipes", "recipe"), ("sources", "source_id")]


def _first_value(sheet: str, column: str) -> str:
    wb = load_workbook(DEFAULT, read_only=True)
    value = wb[sheet][f"{HEADERS[sheet][column]}3"].value
    wb.close()
    return value


# every key column with the common characters; the direction override and BOM on the region code
INVISIBLE_CASES = [(s, c, ch) for s, c in KEY_COLUMNS for ch in INVISIBLE
                   if ch not in "\u202e\ufeff" or s == "regions"]


@pytest.mark.parametrize("sheet,column,char", INVISIBLE_CASES,
                         ids=[f"{s}.{c}-{INVISIBLE[ch].split()[0]}" for s, c, ch in INVISIBLE_CASES])
def test_invisible_character_in_a_key_is_one_error_at_its_defining_cell(sheet, column, char,
                                                                          tmp_path):
    ref = f"{HEADERS[sheet][column]}3"
    code = _first_value(sheet, column)
    text = (code + char) if char != "\ufeff" else (char + code)
    bad = edit_cell(DEFAULT, tmp_path / "inv.xlsx", sheet, ref, text.encode("utf-8"), inline_text=True)
    out = in_process(["validate", bad.name], tmp_path, inputs=[bad.name])
    assert out.exit_code == 2, out.output
    errors = [ln for ln in out.output.splitlines() if "ERROR" in ln]
    assert len(errors) == 1, out.output
    assert f":{sheet}:{ref} [{column}]" in errors[0] and INVISIBLE[char] in errors[0], errors


def test_cyrillic_look_alike_is_named_at_its_cell(tmp_path):
    bad = edit_cell(DEFAULT, tmp_path / "cyr.xlsx", "regions", "A3", "G\u0420".encode(), True)
    out = in_process(["validate", bad.name], tmp_path, inputs=[bad.name])
    assert out.exit_code == 2
    assert ":regions:A3 [region]" in out.output and "CYRILLIC CAPITAL LETTER ER" in out.output


def test_repeated_errors_are_capped_per_column(tmp_path):
    from nabb.errors import MAX_ISSUES_PER_COLUMN
    parts, names = parts_of(DEFAULT)
    xml = parts[names["demand"]]
    col = HEADERS["demand"]["units"]
    n = 0
    for r in range(3, 400):
        if f'<c r="{col}{r}"'.encode() in xml:
            xml = set_cell_xml(xml, f"{col}{r}", b"text", inline_text=True)
            n += 1
    parts[names["demand"]] = xml
    bad = write_zip(tmp_path / "many.xlsx", parts)
    out = in_process(["validate", bad.name], tmp_path, inputs=[bad.name])
    assert out.exit_code == 2 and n > MAX_ISSUES_PER_COLUMN + 10
    shown = [ln for ln in out.output.splitlines() if "[units]" in ln]
    assert len(shown) == MAX_ISSUES_PER_COLUMN, out.output
    assert f"... and {n - MAX_ISSUES_PER_COLUMN:,} more errors in column units of sheet demand" \
        in out.output


@pytest.mark.parametrize("char", ["\u200f", "\u202e"], ids=["U+200F", "U+202E"])
def test_direction_mark_in_a_capacity_sheet_code_is_named(char, capacity_filled, tmp_path):
    bad = edit_cell(capacity_filled, tmp_path / "gr.xlsx", "existing_plants", "B3",
                    ("flax_scutching" + char).encode(), inline_text=True)
    out = in_process(["capacity", "check", bad.name], tmp_path, inputs=[bad.name])
    assert out.exit_code == 2, out.output
    assert "existing_plants:B3 [process]" in out.output and INVISIBLE[char] in out.output, out.output
