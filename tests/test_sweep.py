"""Sweeps: in-place updates equal cold solves, KPIs equal the report's, Ctrl-C, outputs, Dask."""
from __future__ import annotations

import math
import os
import zipfile
from pathlib import Path

import pytest

from nabb import pipeline
from nabb.reports.sweep import write_outputs
from nabb.sweep.dask import dask_chunk
from nabb.sweep.kpis import evaluate_kpis, kpi_map, point_scalars
from nabb.sweep.levers import check_values, parse_values, resolve_lever, set_levers
from nabb.sweep.run import run_sweep
from nabb.errors import InputError
from tests import fixtures_multi as fm

CARBON = [resolve_lever("carbon_price")]
KPI_KEYS = ["biobased_share", "shortfall_homes", "area_ha.hemp", "area_ha.flax", "fibre_crop_area_ha",
            "primary_capacity_t_input_per_yr", "product_line_capacity_t_output_per_yr", "processing_activity_t", "co2_stored_t", "co2_credited_t",
            "carbon_credits_eur", "carbon_income_eur_per_ha", "import_share",
            "marginal_cost_target_eur_per_home"]


@pytest.fixture(scope="module")
def base():
    return fm.make(regions=3)


def cold(inputs, levers, point):
    run_ = pipeline.solve_inputs(set_levers(inputs, levers, point))
    return run_.results.objective_eur, run_.results.kpis.set_index("year").loc[2030]


def test_parse_values():
    assert parse_values("0:200:10") == [float(v) for v in range(0, 201, 10)]
    assert parse_values("0:1:0.1")[-1] == pytest.approx(1.0)
    assert len(parse_values("0:1:0.1")) == 11
    assert parse_values("5, 1,2") == [5.0, 1.0, 2.0]
    for bad in ("0:10", "10:0:1", "0:10:0", "a,b", ""):
        with pytest.raises(InputError):
            parse_values(bad)


def test_levers():
    assert resolve_lever("carbon_price").column == "carbon_price_eur_per_t"
    assert resolve_lever("policy.min_domestic_share").sheet == "policy"
    assert resolve_lever("discount_rate").sheet == "settings"
    with pytest.raises(InputError, match="carbon_price"):
        resolve_lever("colour")
    with pytest.raises(InputError):  # a share above 1
        check_values(resolve_lever("min_domestic_share"), [0.5, 1.5])


def test_carbon_price_sweep_is_affine_and_equals_cold_solves(base):
    values = [0.0, 40.0, 80.0, 150.0, 300.0]
    res = run_sweep(base, CARBON, [values])
    assert res.plan.mode == "affine", res.plan.note
    assert res.plan.compiles == 3
    f = res.frame
    assert f["carbon_price_eur_per_t"].tolist() == values
    assert (f["status"] == "optimal").all()
    assert f["hot_start"].tolist() == [False, True, True, True, True]
    # the carbon price matters in this instance: imports give way to Dutch flax
    assert f["import_share"].iloc[0] > 0.5 and f["import_share"].iloc[-1] < 0.01
    for i in (0, 1, 4):
        obj, k = cold(base, CARBON, [values[i]])
        assert f["objective_discounted_eur"].iloc[i] == pytest.approx(obj, rel=1e-7)
        for key in ("biobased_share", "import_share", "co2_credited_t", "carbon_credits_eur",
                    "primary_capacity_t_input_per_yr", "product_line_capacity_t_output_per_yr"):
            assert f[key].iloc[i] == pytest.approx(k[key], rel=1e-6, abs=1e-6), key


def test_kpi_map_matches_results_extract(base):
    """The sweep's linear KPI map gives the report's KPIs on the same solution."""
    from nabb.model import build
    from nabb.results import extract
    from nabb.solve import compile_model, run
    for price in (0.0, 150.0):
        inp = set_levers(base, CARBON, [price])
        cp = compile_model(build(inp))
        sol = run(cp)
        k = extract(cp, sol).kpis.set_index("year").loc[2030]
        got = evaluate_kpis(kpi_map(cp, 2030), sol, point_scalars(base, CARBON, [price], 2030))
        for key in KPI_KEYS:
            assert got[key] == pytest.approx(k[key], rel=1e-9, abs=1e-6), key
        assert got["objective_discounted_eur"] == pytest.approx(sol.objective * 1e6)
        assert got["farmer_income_eur_per_ha"] > 0


def test_nonlinear_lever_falls_back_to_rebuild_and_stays_correct(base):
    lever = [resolve_lever("discount_rate")]
    res = run_sweep(base, lever, [[0.0, 0.03, 0.08]])
    assert res.plan.mode == "rebuild"
    assert "not affine" in res.plan.note
    for i, r in enumerate((0.0, 0.03, 0.08)):
        obj, k = cold(base, lever, [r])
        assert res.frame["objective_discounted_eur"].iloc[i] == pytest.approx(obj, rel=1e-7)
        assert res.frame["marginal_cost_target_eur_per_home"].iloc[i] == pytest.approx(
            k["marginal_cost_target_eur_per_home"], rel=1e-6)


def test_structure_change_is_detected(base):
    lever = [resolve_lever("min_domestic_share")]  # 0 -> no constraint rows; > 0 -> rows
    res = run_sweep(base, lever, [[0.0, 0.6]])
    assert res.plan.mode == "rebuild" and "structure" in res.plan.note
    assert "structure changed" in res.frame["note"].iloc[1]
    obj, _ = cold(base, lever, [0.6])
    assert res.frame["objective_discounted_eur"].iloc[1] == pytest.approx(obj, rel=1e-7)


def test_two_dimensional_grid(base):
    levers = [resolve_lever("carbon_price"), resolve_lever("loan_share")]
    res = run_sweep(base, levers, [[0.0, 100.0, 300.0], [0.1, 0.25]])
    f = res.frame
    assert len(f) == 6
    assert list(zip(f.carbon_price_eur_per_t, f.loan_share)) == [
        (0.0, 0.1), (100.0, 0.1), (300.0, 0.1), (0.0, 0.25), (100.0, 0.25), (300.0, 0.25)]
    assert res.plan.mode == "affine"  # loan_share enters the annuity linearly
    for i in (2, 3):
        obj, _ = cold(base, levers, [f.carbon_price_eur_per_t.iloc[i], f.loan_share.iloc[i]])
        assert f["objective_discounted_eur"].iloc[i] == pytest.approx(obj, rel=1e-7)


def test_ctrl_c_keeps_finished_points(base, monkeypatch, tmp_path):
    import nabb.solve
    real = nabb.solve.run
    calls = {"n": 0}

    def interrupted_run(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(*a, **kw)
    monkeypatch.setattr(nabb.solve, "run", interrupted_run)
    res = run_sweep(base, CARBON, [[0.0, 50.0, 100.0, 150.0, 200.0, 250.0]])
    assert res.interrupted
    assert res.frame["status"].tolist() == ["optimal"] * 3 + ["not_run"] * 3
    paths = write_outputs(res, tmp_path)
    text = paths["csv"].read_text().splitlines()
    assert len(text) == 7 and ",not_run," in text[-1]


def test_outputs(base, tmp_path):
    res = run_sweep(base, CARBON, [[0.0, 100.0, 200.0]])
    paths = write_outputs(res, tmp_path / "out")
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with zipfile.ZipFile(paths["xlsx"]) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) >= 8
        assert "lineChart" in z.read(charts[0]).decode()
    import pandas as pd
    back = pd.read_csv(paths["csv"])
    assert back["objective_discounted_eur"].tolist() == pytest.approx(res.frame["objective_discounted_eur"].tolist())


# --------------------------------------------------------------------------- Dask

def _die_once(plan, chunk, options, time_limit, queue_name):
    """Kill the worker process the first time the chunk holding point 0 runs."""
    marker = Path(os.environ["NABB_TEST_MARKER"])
    if chunk[0][0] == 0 and not marker.exists():
        marker.write_text("died")
        os._exit(1)
    return dask_chunk(plan, chunk, options, time_limit, queue_name)


def _die_always(plan, chunk, options, time_limit, queue_name):
    if chunk[0][0] == 0:
        os._exit(1)
    return dask_chunk(plan, chunk, options, time_limit, queue_name)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    marker = tmp_path_factory.mktemp("dask") / "died"
    os.environ["NABB_TEST_MARKER"] = str(marker)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        lc = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None, silence_logs=50)
        client = distributed.Client(lc)
        try:
            yield client, marker
        finally:
            client.close()
            lc.close()


VALUES = [0.0, 40.0, 80.0, 150.0, 300.0]


@pytest.fixture(scope="module")
def sequential(base):
    return run_sweep(base, CARBON, [VALUES]).frame


def test_dask_results_in_order_and_equal(base, cluster, sequential):
    client, _ = cluster
    res = run_sweep(base, CARBON, [VALUES], client=client, chunk_size=2)
    f = res.frame
    assert f["point"].tolist() == list(range(5))
    assert f["carbon_price_eur_per_t"].tolist() == VALUES
    assert (f["status"] == "optimal").all()
    assert f["objective_discounted_eur"].tolist() == pytest.approx(sequential["objective_discounted_eur"].tolist(), rel=1e-9)
    assert f["worker"].nunique() >= 1


def test_dask_dead_worker_is_retried(base, cluster, sequential):
    client, marker = cluster
    res = run_sweep(base, CARBON, [VALUES], client=client, chunk_size=2, retries=1,
                       chunk_fn=_die_once)
    assert marker.exists()  # the worker really died once
    assert (res.frame["status"] == "optimal").all()
    assert res.frame["objective_discounted_eur"].tolist() == pytest.approx(sequential["objective_discounted_eur"].tolist(),
                                                                  rel=1e-9)


def test_dask_retry_survives_losing_the_only_copy_of_the_payload(base, sequential, tmp_path,
                                                                monkeypatch):
    """One worker holds the scattered plan; it dies; the retry must send the plan again (dask
    cannot recover scattered data: 'User asked for computation on lost data')."""
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    marker = tmp_path / "died"
    monkeypatch.setenv("NABB_TEST_MARKER", str(marker))
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                      dashboard_address=None, silence_logs=50) as lc, \
                distributed.Client(lc) as client:
            res = run_sweep(base, CARBON, [VALUES], client=client, chunk_size=2, retries=1,
                            chunk_fn=_die_once)
    assert marker.exists()  # the only worker really died once
    assert (res.frame["status"] == "optimal").all(), res.frame["note"].tolist()
    assert res.frame["objective_discounted_eur"].tolist() == pytest.approx(
        sequential["objective_discounted_eur"].tolist(), rel=1e-9)


def test_dask_points_of_a_dying_chunk_are_reported_failed(base, cluster, sequential):
    client, _ = cluster
    res = run_sweep(base, CARBON, [VALUES], client=client, chunk_size=2, retries=1,
                       chunk_fn=_die_always)
    f = res.frame
    assert f["point"].tolist() == list(range(5))  # nothing dropped
    assert f["status"].iloc[:2].tolist() == ["failed", "failed"]
    assert "2 attempt" in f["note"].iloc[0]
    # other chunks may die with the worker they shared (collateral): failed with a reason,
    # or solved correctly, never silently missing
    for i in range(2, 5):
        if f["status"].iloc[i] == "failed":
            assert "attempt" in f["note"].iloc[i]
        else:
            assert f["status"].iloc[i] == "optimal"
            assert f["objective_discounted_eur"].iloc[i] == pytest.approx(sequential["objective_discounted_eur"].iloc[i], rel=1e-9)


def test_cli_sweep_on_default_workbook(tmp_path):
    from click.testing import CliRunner
    from nabb.cli import main
    r = CliRunner().invoke(main, ["sweep", "--param", "carbon_price", "--values", "0,100,200",
                                  "--out", str(tmp_path), "--no-progress", "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "3 points solved" in r.output and "all optimal" in r.output
    assert (tmp_path / "sweep.xlsx").exists() and (tmp_path / "sweep.png").exists()
    r = CliRunner().invoke(main, ["sweep", "--param", "colour", "--values", "1"])
    assert r.exit_code == 2
