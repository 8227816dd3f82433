"""Capacity sheets on the default data (issue 13 items 13 and 14): unit mistakes that pass every
rule get a plausibility warning with its reason and the likely intended value; numbers in
Dutch notation, misspelt region names and import nodes get the right message."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from nabb.capacity.cells import number_text_hint
from nabb.capacity.check import check_files
from nabb.capacity.lists import read_scenario_lists, region_hint
from nabb.capacity.plausible import times
from nabb.capacity.template import write_capacity_template
from nabb.errors import InputError

#: what a coordinator in Groningen plausibly sends (sizes like the default data's plants)
CLEAN_EXISTING = [("Hennep Noord", "hemp_decortication", 25000, 2020)]
CLEAN_PLANNED = [("Hennepwol Delfzijl", "hemp_wool_production", 4000, 2028, "planned")]
CLEAN_AREAS = [("hemp", 2027, 2500), ("flax", 2027, 150)]


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "blank_GR.xlsx"
    write_capacity_template(path, region="GR")          # the default workbook's lists
    return path


def sheet(blank: Path, out: Path, region="GR", existing=CLEAN_EXISTING, planned=CLEAN_PLANNED,
          areas=CLEAN_AREAS) -> Path:
    wb = load_workbook(blank)
    c = wb["coordinator"]
    c["B3"], c["B4"], c["B5"], c["B6"] = region, "Jan de Vries", "jan@example.org", dt.date(2026, 3, 1)
    for name, rows in (("existing_plants", existing), ("planned_plants", planned),
                       ("contracted_area", areas)):
        for r, row in enumerate(rows, start=3):
            for j, v in enumerate(row, start=1):
                wb[name].cell(row=r, column=j, value=v)
    wb.save(out)
    return out


def warnings(paths) -> list:
    return [i for i in check_files(paths) if i.severity == "warning"]


def test_a_plausible_sheet_gets_no_plausibility_warning(blank, tmp_path):
    assert check_files([sheet(blank, tmp_path / "gr.xlsx")]) == []


def test_capacity_meant_as_kt_warns_with_the_intended_value(blank, tmp_path):
    """'capacity 12 meant as kt' (issue 13 item 13, case 1)."""
    path = sheet(blank, tmp_path / "gr.xlsx", existing=[("Hennep Noord", "hemp_decortication", 12, 2020)])
    [w] = warnings([path])
    assert (w.sheet, w.cell, w.column) == ("existing_plants", "C3", "capacity_t_per_yr")
    assert "12 t/yr, 1,900× smaller than any known hemp decortication plant" in w.found
    assert "did you mean 12,000 t/yr (12 kt/yr)?" in w.found
    # the yardstick is named with its source: the default data's largest hemp plant
    assert "HempFlax Oude Pekela (line PL4), 29,000 t/yr, source hempflax_pl4_2002" in w.expected


def test_capacity_typed_in_kg_warns_with_the_intended_value(blank, tmp_path):
    """'12,000,000 typed in kg' (case 2)."""
    path = sheet(blank, tmp_path / "gr.xlsx",
                 planned=[("Hennep Zuid", "hemp_decortication", 12_000_000, 2028, "planned")])
    [w] = warnings([path])
    assert (w.sheet, w.cell) == ("planned_plants", "C3")
    assert "12,000,000 t/yr, 410× the largest known hemp decortication plant" in w.found
    assert "did you mean 12,000 t/yr (12,000,000 kg/yr)?" in w.found


def test_area_beyond_the_regions_arable_land_warns(blank, tmp_path):
    """'a contracted hemp area of 350,000 ha in Groningen' (case 3)."""
    path = sheet(blank, tmp_path / "gr.xlsx", areas=[("hemp", 2027, 350_000)])
    [w] = warnings([path])
    assert (w.sheet, w.cell, w.column) == ("contracted_area", "C3", "area_ha")
    assert "arable land of Groningen (GR): 85,205 ha" in w.expected
    assert "source cbs_80780" in w.expected                     # CBS 80780NED, the regions sheet
    assert "350,000 ha of hemp, 4.1× that arable land" in w.found
    # nearest to the 1,756 ha of hemp the default data holds for Groningen: zeros dropped
    assert "did you mean 3,500 ha?" in w.found


def test_all_crops_of_a_year_together_beyond_the_arable_land(blank, tmp_path):
    path = sheet(blank, tmp_path / "gr.xlsx",
                 areas=[("hemp", 2027, 50_000), ("flax", 2027, 40_000)])
    found = [w for w in warnings([path]) if "all crops of 2027 together" in w.expected]
    assert len(found) == 1 and "90,000 ha in 2027" in found[0].found


def test_area_far_beyond_the_workbooks_area_of_that_crop(blank, tmp_path):
    path = sheet(blank, tmp_path / "gr.xlsx", areas=[("flax", 2027, 20_000)])  # 133 ha known
    [w] = warnings([path])
    assert "at most 133 ha in its contracted_area sheet" in w.expected
    assert "20,000 ha, 150× that area" in w.found


def test_capacity_against_the_other_sheets(blank, tmp_path):
    """No hemp wool plant in the default data: the other sheet's plant is the yardstick."""
    other = sheet(blank, tmp_path / "fr.xlsx", region="FR", existing=[],
                  planned=[("Wol Friesland", "hemp_wool_production", 4500, 2028, "planned")], areas=[])
    mine = sheet(blank, tmp_path / "gr.xlsx", existing=[],
                 planned=[("Wol Groningen", "hemp_wool_production", 4.5, 2028, "planned")], areas=[])
    [w] = [w for w in warnings([other, mine]) if w.file == "gr.xlsx"]
    assert "Wol Friesland, 4,500 t/yr, in fr.xlsx" in w.expected
    assert "1,000× smaller" in w.found and "did you mean 4,500 t/yr" in w.found
    # checked alone, the process's largest investment (processes sheet) is the yardstick
    [alone] = warnings([mine])
    assert "the largest investment it allows is 5,000 t/yr" in alone.expected
    assert "source hempwool_composition" in alone.expected


def test_warnings_do_not_fail_the_check(blank, tmp_path):
    from nabb.cli.capacity import capacity
    path = sheet(blank, tmp_path / "gr.xlsx", existing=[("Hennep Noord", "hemp_decortication", 12, 2020)])
    r = CliRunner().invoke(capacity, ["check", str(path), "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "WARNING" in r.output and "did you mean 12,000 t/yr" in r.output
    # the default workbook is Dutch: so is the check without --lang
    r = CliRunner().invoke(capacity, ["check", str(path)])
    assert r.exit_code == 0, r.output
    assert "WAARSCHUWING" in r.output and "bedoelt u 12.000 t/jaar" in r.output, r.output
    assert CliRunner().invoke(capacity, ["check", str(path), "--strict"]).exit_code == 1


def test_times_rounds_a_ratio_to_two_digits():
    assert [times(x) for x in (1917.3, 413.8, 4.1076, 150.4)] == ["1,900×", "410×", "4.1×", "150×"]


# ------------------------------------------------------------------ item 14: messages

@pytest.mark.parametrize("typed, meant", [
    ("12.000,5", "did you mean 12000.5?"),     # Dutch notation: was "type 1.5"
    ("1,5", "did you mean 1.5?"),
    ("12000,5", "did you mean 12000.5?"),
    ("1.234.567", "did you mean 1234567?"),
    ("12,000,000", "did you mean 12000000?"),
    ("12,000.5", "did you mean 12000.5?"),
])
def test_number_as_text_hint_reads_the_notation(typed, meant):
    assert meant in number_text_hint(typed)
    assert "type 1.5" not in number_text_hint(typed) or typed == "1,5"


def test_ambiguous_thousands_comma_names_both_readings():
    hint = number_text_hint("12,000")
    assert "decimal comma is 12" in hint and "thousands comma 12000" in hint


def test_dutch_notation_in_a_cell(blank, tmp_path):
    path = sheet(blank, tmp_path / "gr.xlsx", existing=[("Hennep Noord", "hemp_decortication", "12.000,5", 2020)])
    [e] = [i for i in check_files([path]) if i.severity == "error"]
    assert e.cell == "C3" and "Dutch notation" in e.expected and "did you mean 12000.5?" in e.expected
    assert "type 1.5" not in e.expected


def test_region_suggested_from_its_name(blank, tmp_path):
    lists = read_scenario_lists()
    assert region_hint("Grunn", lists) == "; did you mean 'GR' (Groningen)?"
    assert region_hint("Frysland", lists) == "; did you mean 'FR' (Fryslân)?"
    path = sheet(blank, tmp_path / "gr.xlsx", region="Grunn")
    [e] = [i for i in check_files([path]) if i.column == "region"]
    assert "did you mean 'GR' (Groningen)?" in e.expected
    with pytest.raises(InputError, match=r"did you mean 'GR' \(Groningen\)"):
        write_capacity_template(tmp_path / "t.xlsx", region="Grunn")


def test_import_nodes_are_no_regions_of_the_template(blank, tmp_path):
    lists = read_scenario_lists()
    assert {"RTM", "DE_EMMERICH", "DE_VENLO"} <= set(lists.nodes)
    assert not {"RTM", "DE_EMMERICH", "DE_VENLO"} & set(lists.regions)
    wb = load_workbook(blank)
    listed = {c.value for row in wb["lists"].iter_rows() for c in row if c.value}
    assert "GR" in listed and not {"RTM", "DE_EMMERICH", "DE_VENLO"} & listed
    # the region drop-down's formula points at the list of land regions only
    dv = [d for d in wb["coordinator"].data_validations.dataValidation if "B3" in str(d.sqref)]
    assert dv
    path = sheet(blank, tmp_path / "rtm.xlsx", region="RTM")
    [e] = [i for i in check_files([path]) if i.column == "region"]
    assert "RTM is an import node (port)" in e.expected
    with pytest.raises(InputError, match="import node"):
        write_capacity_template(tmp_path / "t.xlsx", region="RTM")
