"""Scenarios as changes to the base data: filters, inheritance, validation, the Run sheet."""
from __future__ import annotations

import pytest

from nabb.errors import InputError
from nabb.scenarios import BASE, apply_scenario, scenario_names
from tests import fixtures_multi as fm


def with_scenarios(rows, **kw):
    t = fm.tables()
    t["scenarios"] = rows
    return fm.make(tables_=t, **kw)


def test_names_include_base_first():
    assert scenario_names(fm.make()) == [BASE, "high_carbon", "high_carbon_late", "cheap_loans",
                                         "more_homes_r2"]


def test_base_is_the_data_unchanged():
    base = fm.make()
    out = apply_scenario(base, BASE)
    assert out.changes == []
    for name, frame in base.tables.items():
        assert out.tables[name].equals(frame), name


def test_filter_with_two_columns_changes_only_matching_rows():
    base = fm.make()
    out = apply_scenario(base, "more_homes_r2")
    d0, d1 = base.tables["demand"], out.tables["demand"]
    hit = (d0.region == "R2") & (d0.year == 2030)
    assert hit.sum() == 1
    assert d1.loc[hit, "units"].iloc[0] == pytest.approx(2 * d0.loc[hit, "units"].iloc[0])
    assert d1.loc[~hit, "units"].tolist() == d0.loc[~hit, "units"].tolist()
    assert out.changes == [{"scenario": "more_homes_r2", "sheet": "demand", "column": "units",
                            "filter": "region=R2;year=2030", "rows": 1,
                            "old": f"{d0.loc[hit, 'units'].iloc[0]:g}",
                            "new": f"{2 * d0.loc[hit, 'units'].iloc[0]:g}"}]
    # the base object itself is untouched
    assert base.tables["demand"].loc[hit, "units"].iloc[0] == 1100.0 + 100.0


def test_inheritance_applies_parent_first():
    out = apply_scenario(fm.make(), "high_carbon_late")
    prices = dict(zip(out.tables["policy"].year, out.tables["policy"].carbon_price_eur_per_t))
    assert prices == {2028: 200.0, 2029: 200.0, 2030: 300.0}  # 200 from the parent, x1.5 on top
    assert [c["scenario"] for c in out.changes] == ["high_carbon", "high_carbon_late"]


def test_settings_change():
    out = apply_scenario(fm.make(), "cheap_loans")
    assert out.settings["loan_interest_rate"] == 0.0
    assert out.changes[0]["column"] == "loan_interest_rate"


@pytest.mark.parametrize("row, needle", [
    (dict(sheet="demand", column="units", filter="region=NOPE", multiplier=2.0), "matches none"),
    (dict(sheet="demand", column="units", filter="region=R1;year=1999", value=5.0), "matches none"),
    (dict(sheet="demand", column="units", filter="colour=red", value=5.0), "a column of the target"),
    (dict(sheet="demand", column="units", filter="*", value=5.0, multiplier=2.0), "exactly one of"),
    (dict(sheet="demand", column="region", filter="*", value=5.0), "a numeric column"),
    (dict(sheet="nosuchsheet", column="units", filter="*", value=5.0), "one of"),
    (dict(sheet="targets", column="target_share", filter="*", multiplier=5.0), "target_share in"),
    (dict(sheet="settings", column="value", filter="key=nope", value=1.0), "key=<setting>"),
    (dict(sheet="settings", column="value", filter="key=discount_rate", value=3.0), "discount_rate"),
    (dict(sheet="demand", column="units", filter="region=R1", value=-1.0), "units in"),
])
def test_invalid_changes_are_errors(row, needle):
    inputs = with_scenarios([dict(scenario="bad", **row)])
    with pytest.raises(InputError) as err:
        apply_scenario(inputs, "bad")
    assert needle in str(err.value)


def test_change_is_validated_like_base_data():
    # a target share above 1 breaks the schema's range for target_share
    inputs = with_scenarios([dict(scenario="s", sheet="targets", column="target_share",
                                  filter="year=2030", value=1.5)])
    with pytest.raises(InputError):
        apply_scenario(inputs, "s")


def test_inheritance_errors():
    cyc = with_scenarios([dict(scenario="a", parent="b", sheet="policy", column="carbon_price_eur_per_t",
                               value=1.0), dict(scenario="b", parent="a")])
    with pytest.raises(InputError, match="cycle"):
        apply_scenario(cyc, "a")
    orphan = with_scenarios([dict(scenario="a", parent="ghost", sheet="policy",
                                  column="carbon_price_eur_per_t", value=1.0)])
    with pytest.raises(InputError, match="ghost"):
        apply_scenario(orphan, "a")
    two = with_scenarios([dict(scenario="p"), dict(scenario="q"),
                          dict(scenario="a", parent="p"), dict(scenario="a", parent="q")])
    with pytest.raises(InputError, match="one parent"):
        apply_scenario(two, "a")


def test_unknown_scenario_and_changed_base_are_errors():
    with pytest.raises(InputError, match="a scenario of the workbook"):
        apply_scenario(fm.make(), "nope")
    based = with_scenarios([dict(scenario="base", sheet="policy", column="carbon_price_eur_per_t",
                                 value=1.0)])
    with pytest.raises(InputError, match="base"):
        apply_scenario(based, "base")


def test_run_sheet_lists_the_changes():
    from nabb.pipeline import solve_inputs
    from nabb.reports.workbook import run_frame
    run_ = solve_inputs(apply_scenario(fm.make(regions=2), "high_carbon_late"))
    frame = run_frame(run_.results.meta)
    changes = frame[frame["item"].str.startswith("scenario_change.")]["value"].tolist()
    assert len(changes) == 2
    assert "filter=year=2030" in changes[1] and "new=300" in changes[1]


def test_default_workbook_scenarios_all_apply():
    from nabb.pipeline import DEFAULT_WORKBOOK
    from nabb.io.reader import read_workbook
    base = read_workbook(DEFAULT_WORKBOOK)
    for name in scenario_names(base):
        out = apply_scenario(base, name)
        assert (name == BASE) == (out.changes == [])
