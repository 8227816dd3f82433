"""Sweep output people read (issue 13 item 15): the console table, human labels and units in
sweep.png and sweep.xlsx, the steady ranges (nothing physical changes), no jargon, and one
process when worker processes would not pay off."""
from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from nabb import pipeline
from nabb.reports.sweep import write_outputs
from nabb.reports.labels import lever_measure, measure
from nabb.reports.sweep_text import console_table, steady_sentences
from nabb.sweep.levers import resolve_lever, set_levers
from nabb.sweep.local import X_KEY
from nabb.sweep.run import break_even_points, run_sweep, workers_pay_off
from nabb.sweep.steady import link_chunks, moves_only_costs, steady_ranges
from tests import fixtures_multi as fm

CARBON = [resolve_lever("carbon_price")]
PRICES = [0.0, 20.0, 40.0, 60.0, 80.0, 100.0, 150.0, 200.0, 300.0]


@pytest.fixture(scope="module")
def base():
    return fm.make(regions=3)


@pytest.fixture(scope="module")
def swept(base):
    return run_sweep(base, CARBON, [PRICES])


# ---------------------------------------------------------------- steady ranges

def _frame(rows):
    return pd.DataFrame(rows)


def test_steady_range_found_from_physical_kpis_only():
    rows = [{"point": i, "carbon_price_eur_per_t": p, "status": "optimal", "area_ha.hemp": a,
             "carbon_credits_eur": 10.0 * p, "decisions_changed": None if i == 0 else ch}
            for i, (p, a, ch) in enumerate([(0, 5.0, None), (10, 7.0, True), (20, 7.0, False),
                                            (30, 7.0 + 1e-9, False), (40, 9.0, True)])]
    ranges = steady_ranges(_frame(rows), CARBON, objective_only=True)
    assert len(ranges) == 1
    r = ranges[0]
    assert (r.lo, r.hi, r.points) == (10.0, 30.0, 3)
    assert r.moving == ("carbon_credits_eur",)          # money moves, the hectares do not
    assert r.same_solution and r.whole_interval


def test_a_physical_change_or_a_failed_point_breaks_a_range():
    rows = [{"point": i, "carbon_price_eur_per_t": float(i), "status": s, "area_ha.hemp": a,
             "decisions_changed": False}
            for i, (s, a) in enumerate([("optimal", 1.0), ("optimal", 1.0), ("failed", 1.0),
                                        ("optimal", 1.0), ("optimal", 1.001)])]
    ranges = steady_ranges(_frame(rows), CARBON)
    assert [(r.lo, r.hi) for r in ranges] == [(0.0, 1.0)]
    assert not ranges[0].whole_interval              # objective_only not claimed


def test_values_in_no_order_give_no_range_and_2d_lines_stay_apart():
    rows = [{"point": i, "carbon_price_eur_per_t": p, "status": "optimal", "area_ha.hemp": 1.0}
            for i, p in enumerate([20.0, 0.0, 10.0])]
    assert steady_ranges(_frame(rows), CARBON) == []
    two = [resolve_lever("carbon_price"), resolve_lever("loan_interest_rate")]
    rows = [{"point": i, "carbon_price_eur_per_t": p, "loan_interest_rate": r, "status": "optimal",
             "area_ha.hemp": 1.0} for i, (r, p) in enumerate([(0.0, 0.0), (0.0, 10.0),
                                                               (0.03, 0.0), (0.03, 10.0)])]
    ranges = steady_ranges(_frame(rows), two)
    assert [(r.fixed, r.lo, r.hi) for r in ranges] == [((("loan_interest_rate", 0.0),), 0.0, 10.0),
                                                      ((("loan_interest_rate", 0.03),), 0.0, 10.0)]


def test_link_chunks_compares_across_chunk_borders_and_drops_the_vectors():
    import numpy as np
    x = np.array([1.0, 2.0])
    rows = [{"point": 0, "carbon_price_eur_per_t": 0.0, "status": "optimal", X_KEY: x},
            {"point": 1, "carbon_price_eur_per_t": 1.0, "status": "optimal", X_KEY: x + 1e-9},
            {"point": 2, "carbon_price_eur_per_t": 2.0, "status": "optimal", X_KEY: x + 1.0},
            {"point": 3, "carbon_price_eur_per_t": 3.0, "status": "failed"}]
    link_chunks(rows, CARBON)
    assert [r["decisions_changed"] for r in rows] == [None, False, True, None]
    assert not any(X_KEY in r for r in rows)


def test_whole_interval_claim_holds_between_the_points(base, swept):
    """The carbon price only moves costs, so a plan optimal at both ends of a steady range is
    optimal at every price in between: a cold solve at a price that was not swept has the
    same physical KPIs and an objective on the straight line between the ends."""
    assert moves_only_costs(swept.plan)
    whole = [r for r in swept.steady if r.whole_interval]
    assert whole, swept.steady
    r = max(whole, key=lambda r: r.hi - r.lo)
    mid = r.lo + 0.37 * (r.hi - r.lo)           # not a swept value
    assert mid not in PRICES
    run_ = pipeline.solve_inputs(set_levers(base, CARBON, [mid]))
    kpis = run_.results.kpis.set_index("year").loc[2030]
    f = swept.frame.set_index("carbon_price_eur_per_t")
    assert kpis["fibre_crop_area_ha"] == pytest.approx(f.loc[r.lo, "fibre_crop_area_ha"], rel=1e-7)
    line = f.loc[r.lo, "objective_discounted_eur"] + (mid - r.lo) / (r.hi - r.lo) * (
        f.loc[r.hi, "objective_discounted_eur"] - f.loc[r.lo, "objective_discounted_eur"])
    assert run_.results.objective_eur == pytest.approx(line, rel=1e-9)


def test_a_lever_in_the_constraints_claims_only_the_points(base):
    res = run_sweep(base, [resolve_lever("min_domestic_share")], [[0.0, 0.1, 0.2]])
    assert not moves_only_costs(res.plan)
    assert not any(r.whole_interval for r in res.steady)


# ---------------------------------------------------------------- labels and the console

def test_human_labels_units_and_scales():
    assert lever_measure(CARBON[0]).title == "Carbon price [EUR/t CO2]"
    rate = lever_measure(resolve_lever("discount_rate"))
    assert (rate.unit, rate.show(0.03)) == ("%/yr", pytest.approx(3.0))
    assert measure("area_ha.cereal_straw").title == "Cereal straw area [ha]"
    share = measure("biobased_share")
    assert share.unit == "%" and share.show(0.3) == pytest.approx(30.0)
    big = measure("objective_discounted_eur", [6.05e9, 5.96e9])
    assert big.unit == "million EUR" and big.show(6.05e9) == pytest.approx(6050.0)
    assert measure("marginal_cost_target_eur_per_home", [2484.0]).unit == "EUR/home"


def test_console_table_and_sentences(swept):
    lines = console_table(swept)
    text = "\n".join(lines)
    assert lines[0] == "KPIs in 2030:"
    assert "carbon price" in lines[1] and "EUR/t CO2" in lines[2] and "%" in lines[2]
    assert len(lines) == 3 + len(PRICES)
    assert "_" not in text                                   # no raw keys
    row = lines[3 + PRICES.index(300.0)].split()
    assert row[0] == "300" and row[-1] == "optimal"
    share = swept.frame.set_index("carbon_price_eur_per_t").loc[300.0, "biobased_share"]
    assert row[1] == f"{share * 100:.1f}"                    # a share in %, not 0.30
    sentences = steady_sentences(swept)
    assert sentences and all("nothing physical changes in 2030" in s for s in sentences)
    assert any("holds for every value in between" in s for s in sentences)


def test_long_sweeps_show_a_sample_of_rows(base):
    res = run_sweep(base, CARBON, [[float(v) for v in range(0, 61)]])
    lines = console_table(res, max_rows=10)
    assert len(lines) == 3 + 10 + 1 and "10 of 61 points" in lines[-1]
    assert lines[3].split()[0] == "0" and lines[12].split()[0] == "60"


def test_chart_labels_in_sweep_xlsx_and_json(swept, tmp_path):
    import json
    paths = write_outputs(swept, tmp_path / "out")
    with zipfile.ZipFile(paths["xlsx"]) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    from openpyxl import load_workbook
    wb = load_workbook(paths["xlsx"])
    heads = [c.value for c in wb["ChartData"][1] if c.value]
    assert "Carbon price [EUR/t CO2]" in heads and "Hemp area" in heads
    assert not any("_" in h or h.startswith("area_ha") for h in heads), heads
    assert all('formatCode="#,##0' in c for c in charts)       # thousands, no 1e9 offset
    assert any("million EUR" in c for c in charts) and any(">%<" in c for c in charts)
    assert any("nothing physical changes" in (c.value or "") for c in wb["Charts"]["A"])
    meta = json.loads(paths["json"].read_text())
    assert meta["steady_ranges"] and "sentence" in meta["steady_ranges"][0]


# ---------------------------------------------------------------- workers

def test_break_even_arithmetic():
    # 1000 points of 10 ms: 10 s alone; 2 workers: 6 + 2 * 0.1 + 5 = 11.2 s: not yet
    assert not workers_pay_off(1000, 0.01, 0.1, 2, start_s=6.0)
    assert workers_pay_off(2000, 0.01, 0.1, 2, start_s=6.0)       # 20 s vs 16.2 s
    n = break_even_points(0.01, 0.1, 2, start_s=6.0)
    assert workers_pay_off(n, 0.01, 0.1, 2, start_s=6.0)
    assert not workers_pay_off(n - 1, 0.01, 0.1, 2, start_s=6.0)


def test_few_points_with_workers_run_in_one_process_and_say_so(base, monkeypatch):
    import nabb.sweep.dask as sd

    def no_cluster(*a, **k):
        raise AssertionError("worker processes started for a sweep they cannot speed up")
    monkeypatch.setattr(sd, "open_client", no_cluster)
    res = run_sweep(base, CARBON, [PRICES], workers=2)
    assert (res.frame["status"] == "optimal").all()
    assert res.meta["worker_processes"] == 1
    assert "does not pay off" in res.workers_note and "one process" in res.workers_note


def test_cli_console_has_the_table_and_no_jargon(tmp_path):
    from click.testing import CliRunner
    from nabb.cli import main
    r = CliRunner().invoke(main, ["sweep", "--param", "carbon_price", "--values", "0:300:100",
                                  "--out", str(tmp_path / "s"), "--no-progress", "--workers", "2", "--lang", "en"])
    assert r.exit_code == 0, r.output
    out = r.output
    assert "KPIs in 2030:" in out and "EUR/t CO2" in out and "4 points solved" in out
    assert "all optimal" in out and "does not pay off" in out
    for jargon in ("affine", "LP entries", "compiles", "carbon_price_eur_per_t"):
        assert jargon not in out, jargon


def test_workers_need_free_cores(base, monkeypatch):
    from nabb.sweep import run as sr
    assert sr.parallel_cores(2, cores=2, load=10.0) == 1.0     # a busy 2-core machine
    assert sr.parallel_cores(4, cores=8, load=0.5) == 4.0      # a quiet one
    assert sr.parallel_cores(4, cores=4, load=2.0) == 3.0
    monkeypatch.setattr(sr, "_load", lambda: 10.0)
    monkeypatch.setattr(sr, "_cores", lambda: 2)
    res = run_sweep(base, CARBON, [PRICES], workers=2)
    assert res.meta["worker_processes"] == 1
    assert "cores are busy (load 10.0 on 2 cores)" in res.workers_note
