"""Cross-sheet rules are data (``CROSS_REFS`` in nabb/schema.py), applied by the reader and
listed in docs/schema.md: each rule's issue, the order between rules (``after``), and that
the reader applies whatever the table holds."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from nabb.errors import InputError, Issue
from nabb.io.reader import check_cross_refs, inputs_from_tables, read_workbook
from nabb.io.template import write_input_workbook
from nabb.schema import CROSS_REFS, SHEET_BY_NAME, CrossRef, schema_markdown
from tests.cases import SETTINGS_ONE, tables


def issues_of(t) -> list[Issue]:
    try:
        return inputs_from_tables(t, SETTINGS_ONE).warnings
    except InputError as exc:
        return exc.issues


def found(issues, sheet, column, expected) -> list[Issue]:
    return [i for i in issues if (i.sheet, i.column, i.expected) == (sheet, column, expected)]


def test_the_example_breaks_no_rule():
    assert issues_of(tables()) == []


def test_a_process_without_process_io_rows():
    t = tables()
    t["processes"].append(dict(t["processes"][0], process="idle"))
    issues = issues_of(t)
    [hit] = found(issues, "processes", "process", "input and output rows in process_io")
    assert (hit.found, hit.severity) == ("no rows for process 'idle'", "error")
    # rule process_has_output runs only after process_has_io passed
    assert not found(issues, "processes", "process", "at least one output in process_io")


def test_a_process_without_an_output():
    t = tables()
    t["process_io"] = [r for r in t["process_io"] if r["direction"] == "in"]
    [hit] = found(issues_of(t), "processes", "process", "at least one output in process_io")
    assert (hit.found, hit.severity) == ("process 'decort' has none", "error")


def test_a_crop_whose_commodity_is_not_a_crop():
    t = tables()
    t["crops"][0]["commodity"] = "wool"
    [hit] = found(issues_of(t), "crops", "commodity", "a commodity of kind 'crop'")
    assert (hit.found, hit.severity) == ("'wool' of kind 'product'", "error")


def test_an_unknown_crop_commodity_is_one_error_not_two():
    t = tables()
    t["crops"][0]["commodity"] = "nosuch"
    issues = [i for i in issues_of(t) if i.sheet == "crops" and i.column == "commodity"]
    assert [(i.expected, i.found) for i in issues] == [
        ("a commodity listed in sheet commodities", "unknown commodity 'nosuch'")]


def test_a_target_outside_the_horizon_is_a_warning():
    t = tables()
    t["targets"][0]["year"] = 2031
    issues = issues_of(t)
    [hit] = found(issues, "targets", "year", "a year of the horizon [2030]")
    assert (hit.found, hit.severity) == ("2031", "warning")
    # no 'demand rows' warning on top: target_has_demand runs after target_year_in_horizon
    assert not [i for i in issues if i.expected.startswith("demand rows for segment")]


def test_a_target_without_demand_in_its_year():
    t = tables()
    t["policy"].append(dict(t["policy"][0], year=2031))
    t["targets"].append(dict(t["targets"][0], year=2031))
    [hit] = found(issues_of(t), "targets", "segment", "demand rows for segment 'new_build' in 2031")
    assert (hit.found, hit.severity) == ("none", "warning")


def test_demand_without_a_recipe_is_one_error_per_segment_and_building_type(tmp_path):
    t = tables()
    t["demand"] += [dict(t["demand"][0], building_type="tower", region="A", year=2030),
                    dict(t["demand"][0], building_type="tower", units=5.0)]
    path = tmp_path / "tower.xlsx"
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in t.items()}, SETTINGS_ONE)
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    hits = [i for i in exc.value.issues if i.sheet == "demand" and i.column == "building_type"]
    assert [(i.cell, i.expected, i.found) for i in hits] == [
        ("D4", "a recipe in sheet recipes for segment 'new_build' and building type 'tower'",
         "no such recipe")]


def test_a_wildcard_region_is_not_an_unknown_region():
    t = tables()
    assert t["targets"][0]["region"] == "*"
    t["targets"].append(dict(t["targets"][0], region="Z"))
    hits = [i for i in issues_of(t) if i.sheet == "targets" and i.column == "region"]
    assert [(i.expected, i.found) for i in hits] == [("a region listed in sheet regions",
                                                      "unknown region 'Z'")]


def test_the_reader_applies_whatever_the_table_holds():
    """A rule added to the table is applied; a rule left out is not (no hand-coded copy)."""
    t = inputs_from_tables(tables(), SETTINGS_ONE).tables
    extra = CrossRef("recipe_has_materials", "recipes", ("recipe",), "recipe_materials",
                     ("recipe",), "materials for recipe {recipe!r}", "none", severity="warning")
    got: list[tuple] = []
    check_cross_refs(t, lambda *args: got.append(args), (extra,))
    assert got == [("recipes", 0, "recipe", "materials for recipe 'conv'", "none", "warning")]
    broken = dict(t, crops=t["crops"].assign(commodity="wool"))
    rule = next(r for r in CROSS_REFS if r.name == "crop_commodity_is_a_crop")
    got.clear()
    check_cross_refs(broken, lambda *args: got.append(args))
    assert [g[3] for g in got] == [rule.expected]
    got.clear()
    check_cross_refs(broken, lambda *args: got.append(args),
                     tuple(r for r in CROSS_REFS if r is not rule))
    assert got == []


def test_every_column_reference_is_a_rule():
    refs = {(s.name, c.name, c.references) for s in SHEET_BY_NAME.values() for c in s.columns
            if c.references}
    rules = {(r.sheet, r.columns[0], (r.target, r.target_columns[0])) for r in CROSS_REFS
             if r.name == f"{r.sheet}.{r.columns[0]}"}
    assert refs == rules and refs


@pytest.mark.parametrize("rule", CROSS_REFS, ids=lambda r: r.name)
def test_each_rule_is_well_formed(rule):
    """Names unique, sheets and columns exist, ``after`` names an earlier rule, and the
    message templates use only the fields the reader gives them."""
    names = [r.name for r in CROSS_REFS]
    assert names.count(rule.name) == 1
    sheet, target = SHEET_BY_NAME[rule.sheet], SHEET_BY_NAME[rule.target]
    assert set(rule.columns) <= set(sheet.column_names) and rule.issue_column in sheet.column_names
    assert set(rule.target_columns) <= set(target.column_names)
    assert len(rule.columns) == len(rule.target_columns)
    assert {c for c, _ in rule.where} <= set(target.column_names)
    if rule.after:
        assert names.index(rule.after) < names.index(rule.name)
    fields = dict.fromkeys(rule.columns, "x") | {"value": "x", "known": [1]}
    if rule.where:
        assert rule.after, "a rule with where needs an earlier rule that finds the target row"
        fields |= {f"target_{c}": "x" for c in target.column_names}
    rule.expected.format(**fields)
    rule.found.format(**fields)
    assert rule.why


def test_docs_list_every_rule():
    doc = schema_markdown()
    section = doc[doc.index("## Cross-sheet rules"):]
    listed = re.findall(r"^\| `([^`]+)` \|", section, flags=re.M)
    assert listed == [r.name for r in CROSS_REFS]
