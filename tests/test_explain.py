"""Explanations: knelpunten from duals, shortfall bisection to a cell, pre-solve checks,
elastic and IIS diagnosis of hard-constrained infeasible models (issue 6)."""
from __future__ import annotations

import math

import pytest

from nabb.io.reader import inputs_from_tables

def tables(target=0.5, max_inv=2000.0, growth=200.0, flax=True):
    t = {
    "regions": [dict(region="GR", name="Groningen", kind="province", lat=53.2, lon=6.7, arable_land_ha=4000.0, cereal_area_ha=1000.0),
                dict(region="ZE", name="Zeeland", kind="province", lat=51.45, lon=3.84, arable_land_ha=3000.0, cereal_area_ha=1000.0),
                dict(region="RTM", name="Rotterdam", kind="port", lat=51.95, lon=4.14)],
    "commodities": [
        dict(commodity="hemp_straw", kind="crop", biobased_share=1.0, transport_cost_eur_per_tkm=0.2, surplus_cost_eur_per_t=10.0),
        dict(commodity="flax_straw", kind="crop", biobased_share=1.0, transport_cost_eur_per_tkm=0.2, surplus_cost_eur_per_t=10.0),
        dict(commodity="hemp_fibre", kind="intermediate", biobased_share=1.0, transport_cost_eur_per_tkm=0.3),
        dict(commodity="shives", kind="intermediate", biobased_share=1.0, transport_cost_eur_per_tkm=0.2),
        dict(commodity="hemp_wool", kind="product", biobased_share=0.9, co2_storage_t_per_t=1.4, credit_eligible=True, transport_cost_eur_per_tkm=0.5),
        dict(commodity="flax_wool", kind="product", biobased_share=0.9, transport_cost_eur_per_tkm=0.5),
        dict(commodity="timber", kind="product", biobased_share=1.0, transport_cost_eur_per_tkm=0.1),
        dict(commodity="polyester", kind="auxiliary", biobased_share=0.0, transport_cost_eur_per_tkm=0.3),
    ],
    "crops": [dict(crop="hemp", commodity="hemp_straw", yield_t_per_ha=8.0, rotation_max_share=0.25, max_growth_ha_per_year=growth, max_growth_rate=0.0, cultivation_cost_eur_per_ha=600.0, competing_margin_eur_per_ha=1000.0),
              dict(crop="flax", commodity="flax_straw", yield_t_per_ha=5.0, rotation_max_share=0.1429, max_growth_ha_per_year=100.0, max_growth_rate=0.0, cultivation_cost_eur_per_ha=900.0, competing_margin_eur_per_ha=1000.0)],
    "cultivation": [dict(region="GR", crop="hemp", existing_area_ha=300.0), dict(region="ZE", crop="flax", existing_area_ha=100.0)],
    "processes": [dict(process="decortication", capex_eur_per_t_yr=150.0, fixed_om_eur_per_t_yr=6.0, variable_cost_eur_per_t=45.0, lifetime_years=20, availability=0.9, max_investment_t_per_yr=max_inv, mass_loss_t_per_t=0.2),
                  dict(process="wool_line", capex_eur_per_t_yr=500.0, fixed_om_eur_per_t_yr=10.0, variable_cost_eur_per_t=100.0, lifetime_years=20, availability=1.0, mass_loss_t_per_t=0.0),
                  dict(process="flax_line", capex_eur_per_t_yr=300.0, fixed_om_eur_per_t_yr=10.0, variable_cost_eur_per_t=100.0, lifetime_years=20, availability=1.0, mass_loss_t_per_t=0.5)],
    "process_io": [dict(process="decortication", commodity="hemp_straw", direction="in", t_per_t=1.0),
                   dict(process="decortication", commodity="hemp_fibre", direction="out", t_per_t=0.25),
                   dict(process="decortication", commodity="shives", direction="out", t_per_t=0.55),
                   dict(process="wool_line", commodity="hemp_fibre", direction="in", t_per_t=0.9),
                   dict(process="wool_line", commodity="polyester", direction="in", t_per_t=0.1),
                   dict(process="wool_line", commodity="hemp_wool", direction="out", t_per_t=1.0),
                   dict(process="flax_line", commodity="flax_straw", direction="in", t_per_t=1.0),
                   dict(process="flax_line", commodity="flax_wool", direction="out", t_per_t=0.5)],
    "capacity": [dict(plant="HempCo", region="GR", process="decortication", capacity_t_per_yr=2000.0, commissioning_year=2000, status="existing")],
    "arcs": [dict(from_region="GR", to_region="ZE", distance_km=300.0), dict(from_region="RTM", to_region="ZE", distance_km=120.0), dict(from_region="RTM", to_region="GR", distance_km=250.0)],
    "imports": [dict(commodity="timber", region="RTM", price_eur_per_t=500.0), dict(commodity="polyester", region="RTM", price_eur_per_t=1500.0)],
    "demand": [dict(region=r, year=y, segment="new_build", building_type=b, units=u)
               for r, f in (("GR", 1.0), ("ZE", 1.5)) for y in (2026, 2027, 2028)
               for b, u in (("ground_level", 400.0 * f), ("apartment", 200.0 * f))],
    "recipes": [dict(recipe="conv_ground", segment="new_build", building_type="ground_level", other_mass_t_per_unit=100.0),
                dict(recipe="hemp_ground", segment="new_build", building_type="ground_level", other_mass_t_per_unit=40.0, extra_cost_eur_per_unit=2000.0),
                dict(recipe="flax_ground", segment="new_build", building_type="ground_level", other_mass_t_per_unit=40.0, extra_cost_eur_per_unit=2500.0),
                dict(recipe="conv_apartment", segment="new_build", building_type="apartment", other_mass_t_per_unit=100.0),
                dict(recipe="hemp_apartment", segment="new_build", building_type="apartment", other_mass_t_per_unit=50.0, extra_cost_eur_per_unit=3000.0)],
    "recipe_materials": [dict(recipe="hemp_ground", commodity="hemp_wool", t_per_unit=2.0), dict(recipe="hemp_ground", commodity="timber", t_per_unit=20.0),
                         dict(recipe="flax_ground", commodity="flax_wool", t_per_unit=2.0), dict(recipe="flax_ground", commodity="timber", t_per_unit=20.0),
                         dict(recipe="hemp_apartment", commodity="hemp_wool", t_per_unit=2.0), dict(recipe="hemp_apartment", commodity="timber", t_per_unit=25.0)],
    "policy": [dict(year=y, carbon_price_eur_per_t=50.0, min_domestic_share=0.0) for y in (2026, 2027, 2028)],
    "targets": [dict(segment="new_build", region="*", year=y, target_share=s) for y, s in ((2026, target * 0.5), (2027, target * 0.75), (2028, target))],
    }
    if not flax:
        t["recipes"] = [r for r in t["recipes"] if r["recipe"] != "flax_ground"]
        t["recipe_materials"] = [r for r in t["recipe_materials"] if r["recipe"] != "flax_ground"]
    return t

SETTINGS = dict(base_year=2026, discount_rate=0.03, loan_min_utilisation=0.0)

def make(t=None, **s):
    ss = dict(SETTINGS); ss.update(s)
    return inputs_from_tables(t if t is not None else tables(), ss)


from nabb import explain as E  # noqa: E402
from nabb.explain.infeasible import iis_rows  # noqa: E402
from nabb.explain.sentences import consecutive_runs, eur, years_label  # noqa: E402
from nabb.pipeline import solve_inputs  # noqa: E402

PENALTY = dict(shortfall_penalty_eur_per_unit=50000.0)


@pytest.fixture(scope="module")
def growth_run():
    """Hemp only, growth capped at 40 ha/yr: the 90% target is missed."""
    return solve_inputs(make(tables(target=0.9, growth=40.0, flax=False), **PENALTY))


def _shortfall(inputs) -> float:
    r = solve_inputs(inputs)
    assert r.solution.optimal
    return float(r.results.frames["targets"]["shortfall_units"].sum())


def test_bottleneck_names_link_cell_years_and_value(growth_run):
    ranked = E.explain(growth_run).bottlenecks
    top = ranked[0]
    assert top.link == "growth" and top.years == [2026, 2027, 2028]
    assert top.refs[0].where == "crops!F3 (max_growth_ha_per_year, crop=hemp)"
    assert top.method == "re-solve" and top.value_step_eur > 0 and top.homes_per_step > 100
    text = top.sentence()
    assert "binds in 2026\u20132028" in text and "100 ha more would lower the system cost by EUR " in text
    assert "more biobased homes" in text and "re-solve" in text
    assert ranked[-1].link == "target"          # what the target costs comes last
    assert "each extra biobased home it asks for costs EUR 50.0 k" in ranked[-1].sentence()


def test_dual_value_matches_a_resolve_on_the_hand_case():
    """One region, 1,500 t/yr of decortication and no new capacity: 750 t wool, 375 of the 900
    required biobased homes.  1,000 t/yr more -> 500 t wool -> 250 more homes; each saves the
    20,000 EUR penalty minus its own cost (1,000 extra + 4 t straw x 50 EUR/t + 0.5 ha x
    1,600 EUR/ha = 2,000 EUR): 250 x 18,000 = 4.5 M EUR, by duals and by re-solve alike."""
    from tests.cases import make as make_one, tables as tables_one
    t = tables_one()
    t["capacity"][0]["capacity_t_per_yr"] = 1500.0
    t["processes"][0]["max_investment_t_per_yr"] = 0.0
    t["targets"][0]["target_share"] = 0.9
    run_ = solve_inputs(make_one(t, shortfall_penalty_eur_per_unit=20000.0))
    by_duals = [b for b in E.bottlenecks(run_, resolve_top=0) if b.link == "processing capacity"]
    by_resolve = [b for b in E.bottlenecks(run_, resolve_top=5) if b.link == "processing capacity"]
    assert len(by_duals) == 1 and by_resolve[0].method == "re-solve"
    assert by_duals[0].value_step_eur == pytest.approx(4.5e6, rel=1e-6)
    assert by_resolve[0].value_step_eur == pytest.approx(4.5e6, rel=1e-6)
    assert by_resolve[0].homes_per_step == pytest.approx(250.0, abs=1e-6)
    # the dual estimate divides by the full penalty, so it undercounts: 4.5 M / 20,000 = 225
    assert by_duals[0].homes_per_step == pytest.approx(225.0, rel=1e-6)
    assert by_duals[0].value_per_unit_eur == pytest.approx(4500.0, rel=1e-6)   # EUR per t/yr


def test_resolve_corrects_duals_beyond_their_range():
    """Only 125 homes are missing at target 50%: the step's real value is half the dual's."""
    from tests.cases import make as make_one, tables as tables_one
    t = tables_one()
    t["capacity"][0]["capacity_t_per_yr"] = 1500.0
    t["processes"][0]["max_investment_t_per_yr"] = 0.0
    run_ = solve_inputs(make_one(t, shortfall_penalty_eur_per_unit=20000.0))
    b = [b for b in E.bottlenecks(run_, resolve_top=5) if b.link == "processing capacity"][0]
    assert b.method == "re-solve" and b.homes_per_step == pytest.approx(125.0, abs=1e-6)
    assert b.value_step_eur == pytest.approx(125 * 18000.0, rel=1e-6)


def test_shortfall_names_first_link_and_smallest_change(growth_run):
    sh = E.explain(growth_run).shortfall
    assert sh is not None and sh.first_link == "growth" and sh.first_year == 2026
    step = next(s for s in sh.steps if s.needed is not None)
    assert step.ref.sheet == "crops" and step.ref.cell == "F3"
    assert step.current == 40.0 and step.needed > 40.0
    assert "crops!F3" in sh.message
    # the change closes the gap, and a change one rounding step smaller does not
    t = tables(target=0.9, growth=step.needed, flax=False)
    assert _shortfall(make(t, **PENALTY)) < 0.5
    t = tables(target=0.9, growth=step.needed - 10.0, flax=False)
    assert _shortfall(make(t, **PENALTY)) > 0.5
    frame = sh.frame()
    assert {"link", "input", "current_value", "needed_value", "explanation"} <= set(frame.columns)


def test_shortfall_from_investment_cap_bisects_that_cell():
    run_ = solve_inputs(make(tables(target=0.9, growth=2000.0, max_inv=300.0, flax=False), **PENALTY))
    sh = E.explain(run_).shortfall
    assert sh.first_link == "processing investment"
    step = sh.steps[0]
    assert step.ref.where.startswith("processes!H3") and step.needed is not None
    t = tables(target=0.9, growth=2000.0, max_inv=step.needed, flax=False)
    assert _shortfall(make(t, **PENALTY)) < 0.5


def test_presolve_checks_in_input_terms():
    inputs = make(tables(target=0.9, growth=40.0, flax=False))
    found = E.presolve_checks(inputs)
    msg = [f for f in found if "2028" in f.message][0]
    assert "needs at least 2,700 t of hemp wool" in msg.message
    assert "can make at most 1,200 t" in msg.message          # 2 regions x 40 ha/yr growth path
    assert msg.refs[0].where.startswith("targets!D5")
    assert E.presolve_checks(make(tables(target=0.2))) == []
    # no recipe reaches a 95% threshold: the recipe threshold is named
    found = E.presolve_checks(make(tables(target=0.5), biobased_threshold=0.95))
    assert found and found[0].link == "recipe threshold"
    assert "settings!biobased_threshold" in [r.where for r in found[0].refs]


def test_presolve_bound_is_safe_when_the_target_is_reachable():
    """The upper bound never flags a target the model actually meets."""
    inputs = make(tables(target=0.5, growth=200.0))
    run_ = solve_inputs(inputs)
    assert run_.results.frames["targets"]["shortfall_units"].sum() < 0.5
    assert E.presolve_checks(inputs) == []


def test_hard_target_infeasible_names_conflicting_inputs():
    run_ = solve_inputs(make(tables(target=0.9, growth=40.0, flax=False), hard_targets=True))
    assert run_.solution.status == "infeasible"
    found = E.explain(run_).infeasibility
    elastic = [f for f in found if f.kind == "elastic"]
    assert any(f.link == "target" and "targets!D5" in " ".join(r.where for r in f.refs) for f in elastic)
    assert any(f.link == "growth" and f.refs[0].where.startswith("crops!F3") for f in elastic)
    iis = [f for f in found if f.kind == "iis"][0]
    assert "growth limit of hemp" in iis.message.lower() and "target" in iis.message
    assert {"crops", "targets"} <= {r.sheet for r in iis.refs}


def test_min_domestic_share_conflict_found_by_iis():
    """Imported hemp wool could meet the hard target, but the domestic share (over crop-based
    products only: imported timber is not in it) cannot then be met with slow hemp growth."""
    t = tables(target=0.9, growth=40.0, flax=False)
    t["imports"].append(dict(commodity="hemp_wool", region="RTM", price_eur_per_t=800.0))
    t["policy"] = [dict(year=y, carbon_price_eur_per_t=50.0, min_domestic_share=0.6)
                   for y in (2026, 2027, 2028)]
    run_ = solve_inputs(make(t, hard_targets=True))
    assert run_.solution.status == "infeasible"
    iis = [f for f in E.diagnose_infeasible(run_) if f.kind == "iis"][0]
    cells = {r.where.split(" ")[0] for r in iis.refs}
    assert any(c.startswith("policy!C") for c in cells) and any(c.startswith("targets!D") for c in cells)


def test_iis_wrapper_on_a_two_row_conflict():
    import highspy
    import numpy as np
    from nabb.solve import new_highs
    h = new_highs()
    inf = highspy.kHighsInf
    h.addVars(2, np.zeros(2), np.array([inf, inf]))
    h.addRows(3, np.array([-inf, 8.0, -inf]), np.array([5.0, inf, 100.0]), 4,
              np.array([0, 1, 2, 4], dtype=np.int32), np.array([0, 0, 0, 1], dtype=np.int32),
              np.ones(4))
    h.run()
    msg, rows, _ = iis_rows(h)
    assert msg == "ok" and sorted(rows) == [0, 1]


def test_years_label_merges_consecutive_years():
    assert years_label([2030, 2027, 2028, 2029]) == "2027\u20132030"
    assert consecutive_runs([2026, 2027, 2029], [2025, 2026, 2027, 2028, 2029]) == [[2026, 2027], [2029]]
    assert eur(12345.0) == "EUR 12.3 k" and eur(4.56e6) == "EUR 4.56 M" and eur(6.04e9) == "EUR 6.04 bn"


def test_report_workbook_has_explanation_sheets_and_native_charts(growth_run, tmp_path):
    from openpyxl import load_workbook
    from nabb.pipeline import write_reports
    folder = write_reports(growth_run, tmp_path)
    wb = load_workbook(folder / "report.xlsx")
    for name in ("Bottlenecks", "Shortfall", "Checks", "Charts"):
        assert name in wb.sheetnames
    ws = wb["Bottlenecks"]
    headers = [c.value for c in ws[1]]
    assert "explanation" in headers and "value per step [EUR]" in headers
    assert "binds in 2026\u20132028" in str(ws.cell(row=2, column=headers.index("explanation") + 1).value)
    # native charts survive a save/load round trip of the XML
    import zipfile
    with zipfile.ZipFile(folder / "report.xlsx") as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        xml = "".join(zf.read(n).decode() for n in charts)
    assert len(charts) == 5
    for title in ("Biobased share of new-build homes vs target", "Fibre-crop area per crop",
                  "usable capacity vs use per region", "Chain cost by component",
                  "Bottlenecks: value of relaxing"):
        assert title in xml
    assert "Area (ha)" in xml and "2E7D32" in xml       # axis title with unit; hemp colour
