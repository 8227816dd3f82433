"""Scale (issue 7): synthetic instances solve, the size guard stops early, time limits.

No timed assertions: speed is measured by benchmarks/bench_scale.py, not by tests.
"""
from __future__ import annotations

import math

import pytest

from nabb import pipeline
from nabb.errors import ModelTooLargeError
from nabb.guard import check_size, estimate
from nabb.inputs import Inputs
from nabb.synthetic import describe, synthetic_inputs, synthetic_tables


@pytest.fixture(scope="module")
def inputs12() -> Inputs:
    return synthetic_inputs(12, years=6)


def test_synthetic_has_the_default_structure(inputs12):
    from nabb.synthetic import default_tables
    base, _ = default_tables()
    for sheet in ("commodities", "crops", "processes", "process_io", "recipes"):
        assert len(inputs12.tables[sheet]) == len(base[sheet])
    info = describe(inputs12)
    assert info["years"] == 6
    # sparse: arcs grow linearly with the regions (k neighbours + hubs), not quadratically
    big = describe(synthetic_inputs(100, years=5))
    assert big["arcs"] < 100 * 12
    assert big["years"] == 5


@pytest.mark.parametrize("n", [12, 40])
def test_synthetic_instance_solves_optimal(n, inputs12):
    inputs = inputs12 if n == 12 else synthetic_inputs(n, years=6)
    run = pipeline.solve_inputs(inputs)
    assert run.solution.status == "optimal"
    assert math.isfinite(run.results.objective_eur)
    assert run.solution.max_violation <= 1e-6
    # valid duals: every commodity balance has a finite price
    assert run.results.frames["prices"]["price_eur_per_t"].notna().all()
    est = estimate(inputs)
    assert est.variables >= run.compiled.num_cols  # the guard's estimate is an upper bound


def test_size_guard_stops_a_dense_342_region_model_before_building(monkeypatch):
    tables, settings = synthetic_tables(342, years=6, dense=True)
    # tables straight into Inputs: the guard reads only table sizes, nothing is validated
    inputs = Inputs(tables=tables, settings=settings, source="<dense 342>")
    inputs.tables.setdefault("imports", tables["imports"])

    def no_build(*_a, **_k):
        raise AssertionError("the model was built")

    monkeypatch.setattr(pipeline, "build", no_build)
    monkeypatch.delenv("NABB_MEMORY_LIMIT_GB", raising=False)
    with pytest.raises(ModelTooLargeError) as err:
        check_size(inputs, limit_bytes=4 * 2**30)
    msg = str(err.value)
    assert "variables" in msg and "14," in msg   # ~14 million, named
    for lever in ("fewer years", "sparser arc", "coarser regions"):
        assert lever in msg
    # the pipeline applies the guard with the default limit (a share of free memory)
    monkeypatch.setenv("NABB_MEMORY_LIMIT_GB", "4")
    with pytest.raises(ModelTooLargeError):
        pipeline.solve_inputs(inputs)
    assert ModelTooLargeError.exit_code == 5


def test_size_guard_passes_a_sparse_model_and_respects_the_limit(inputs12, monkeypatch):
    monkeypatch.delenv("NABB_MEMORY_LIMIT_GB", raising=False)
    est = check_size(inputs12)
    assert est.variables > 0
    with pytest.raises(ModelTooLargeError):
        check_size(inputs12, limit_bytes=1024)
    monkeypatch.setenv("NABB_MEMORY_LIMIT_GB", "0.000001")
    with pytest.raises(ModelTooLargeError):
        check_size(inputs12)


def test_time_limit_gives_a_status_not_a_crash(inputs12):
    run = pipeline.solve_inputs(inputs12, time_limit=1e-6)
    assert run.solution.status == "time_limit"
    assert "time limit" in run.solution.model_status.lower()
    assert run.results.status == "time_limit"


def test_cli_time_limit_exit_code(tmp_path):
    from click.testing import CliRunner

    from nabb.cli import main
    from nabb.synthetic import write_synthetic_workbook
    wb = write_synthetic_workbook(tmp_path / "syn.xlsx", 12, years=5)
    res = CliRunner().invoke(main, ["run", str(wb), "--out", str(tmp_path / "out"),
                                    "--time-limit", "0.000001"])
    assert res.exit_code == 4, res.output
    assert "time limit" in res.output.lower()
    assert "Traceback" not in res.output
