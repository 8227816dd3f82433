"""The uncertainty sheet (issue 15's inputs): every row is checked at its cell, and the
default dataset gives a range to every estimated figure."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from nabb.errors import InputError
from nabb.io.reader import inputs_from_tables, read_workbook
from nabb.io.template import write_input_workbook
from nabb.io.uncertainty_sheet import support
from nabb.pipeline import DEFAULT_WORKBOOK
from nabb.schema import SHEET_BY_NAME

from tests.cases import SETTINGS_ONE, tables

DATA = Path(__file__).resolve().parent.parent / "data" / "default"


def row(**kw):
    base = dict(parameter="p", sheet="crops", column="yield_t_per_ha", filter="crop=hemp",
                apply="value", distribution="triangular", low=6.0, mode=8.0, high=10.0)
    base.update(kw)
    return base


def make(*rows):
    t = tables()
    t["uncertainty"] = list(rows)
    return inputs_from_tables(t, SETTINGS_ONE)


def errors(*rows) -> list:
    with pytest.raises(InputError) as exc:
        make(*rows)
    return [i for i in exc.value.issues if i.severity == "error"]


def test_valid_rows_of_every_distribution_pass():
    inputs = make(row(parameter="tri"),
                  row(parameter="uni", distribution="uniform", mode=None),
                  row(parameter="norm", distribution="normal", low=None, mode=None, high=None,
                      mean=8.0, sd=1.0),
                  row(parameter="lognorm", distribution="lognormal", mode=None, mean=8.0, sd=1.0),
                  row(parameter="disc", distribution="discrete", low=None, mode=None, high=None,
                      values="8.4;6.9;7.3;8.3"),
                  row(parameter="mult", sheet="processes", column="capex_eur_per_t_yr",
                      filter="*", apply="multiplier", low=0.5, mode=1.0, high=2.0),
                  row(parameter="setting", sheet="settings", column="value",
                      filter="key=discount_rate", low=0.01, mode=0.03, high=0.05),
                  row(parameter="a", correlation_group="g", correlation="b=0.5"),
                  row(parameter="b", correlation_group="g", correlation_method="rank"))
    assert len(inputs.tables["uncertainty"]) == 9
    assert inputs.warnings == []


@pytest.mark.parametrize("bad, column, expected", [
    (dict(low=11.0), "mode", "low <= mode <= high"),
    (dict(distribution="uniform", low=10.0, high=6.0), "high", "high > low"),
    (dict(distribution="normal", mean=8.0, sd=0.0), "sd", "standard deviation > 0"),
    (dict(distribution="lognormal", mean=-1.0, sd=1.0, low=None, high=None), "mean", "mean > 0"),
    (dict(distribution="normal", mean=8.0, sd=1.0, high=None), "high", "both low and high"),
    (dict(distribution="discrete", values="8.4;x"), "values", "numbers separated by ;"),
    (dict(distribution="discrete", values="8.4"), "values", "at least two values"),
    (dict(mode=None), "mode", "triangular needs low, mode, high"),
    (dict(column="no_such_column"), "column", "a numeric column of crops"),
    (dict(column="crop"), "column", "a numeric column of crops"),
    (dict(sheet="no_such_sheet"), "sheet", "a data sheet"),
    (dict(sheet="sources"), "sheet", "a data sheet"),
    (dict(filter="crop=oats"), "filter", "matches at least one row"),
    (dict(filter="soil=clay"), "filter", "a column of the target sheet"),
    (dict(low=-1.0), "low", "draws within the range of crops.yield_t_per_ha"),
    (dict(sheet="settings", column="value", filter="key=no_such_key"), "filter", "numeric setting"),
    (dict(apply="multiplier", low=-0.5, mode=1.0, high=1.5), "low", "multipliers >= 0"),
    (dict(correlation="q=0.5"), "correlation_group", "a group name"),
])
def test_bad_row_is_an_error_at_its_column(bad, column, expected):
    found = errors(row(**bad))
    assert any(i.sheet == "uncertainty" and i.column == column and expected in i.expected
               for i in found), [(i.column, i.expected, i.found) for i in found]


def test_negative_standard_deviation_is_refused_by_the_column_range():
    found = errors(row(distribution="normal", mean=8.0, sd=-1.0, low=None, high=None))
    assert any(i.column == "sd" for i in found)


def test_correlation_matrix_must_be_positive_semidefinite():
    """Three rows at rho = -0.6: eigenvalue 1 + 2(-0.6) < 0, so not a correlation matrix."""
    def group(rho):
        return [row(parameter="a", correlation_group="g", correlation=f"b={rho};c={rho}"),
                row(parameter="b", correlation_group="g", correlation=f"c={rho}"),
                row(parameter="c", correlation_group="g")]
    found = errors(*group(-0.6))
    assert any(i.column == "correlation" and "positive semi-definite" in i.expected for i in found)
    make(*group(-0.5))  # -0.5 = -1/(n-1) is the boundary: allowed


@pytest.mark.parametrize("text, expected", [
    ("b=0.5;b=0.3", "one value per pair"),
    ("z=0.5", "another parameter of group"),
    ("a=0.5", "another parameter of group"),
    ("b=1.5", "a correlation in [-1, 1]"),
    ("b:0.5", "name=rho pairs"),
])
def test_bad_correlation_text(text, expected):
    found = errors(row(parameter="a", correlation_group="g", correlation=text),
                   row(parameter="b", correlation_group="g"))
    assert any(i.column == "correlation" and expected in i.expected for i in found), found


def test_one_method_per_group():
    found = errors(row(parameter="a", correlation_group="g", correlation="b=0.5", correlation_method="rank"),
                   row(parameter="b", correlation_group="g", correlation_method="copula"))
    assert any(i.column == "correlation_method" for i in found)


def test_a_group_of_one_is_a_warning():
    inputs = make(row(parameter="a", correlation_group="g"))
    assert [w.column for w in inputs.warnings] == ["correlation_group"]


def test_error_names_the_cell_in_a_workbook(tmp_path):
    """Read back from Excel, the error names file, sheet, cell, expected and found."""
    t = {k: pd.DataFrame(v) for k, v in tables().items()}
    t["uncertainty"] = pd.DataFrame([row(), row(parameter="q", low=12.0)])
    path = tmp_path / "unc.xlsx"
    write_input_workbook(path, t, SETTINGS_ONE)
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    issue = next(i for i in exc.value.issues if i.sheet == "uncertainty")
    col = SHEET_BY_NAME["uncertainty"].column_names.index("mode")
    assert issue.cell == f"{'ABCDEFGHIJKLMNOP'[col]}4"  # row 4 = second data row
    assert issue.file.endswith("unc.xlsx")
    assert "low 12" in issue.found


# ----------------------------------------------------------------- the default dataset

@pytest.fixture(scope="module")
def default_inputs():
    return read_workbook(DEFAULT_WORKBOOK)


def _rows(name: str) -> list[dict]:
    with open(DATA / f"{name}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_estimate_source_has_a_range_or_a_stated_reason(default_inputs):
    """Each `estimate` source that a data row cites is the source of some uncertainty row,
    except the few whose figures no single column change can express (said in data/README.md)."""
    not_sampled = {"est_province_split", "est_misc_distribution"}
    estimates = {r["source_id"] for r in _rows("sources") if r["kind"] == "estimate"}
    cited = set()
    for path in DATA.glob("*.csv"):
        if path.stem in ("sources", "uncertainty", "settings"):
            continue
        for r in _rows(path.stem):
            cited |= {s.strip() for s in r.get("source", "").split(",") if s.strip()}
    covered = set()
    for r in _rows("uncertainty"):
        covered |= {s.strip() for s in r["source"].split(",") if s.strip()}
    missing = (estimates & cited) - covered - not_sampled
    assert not missing, sorted(missing)
    readme = (DATA.parent / "README.md").read_text(encoding="utf-8")
    for sid in not_sampled:
        assert sid in readme, sid


def test_default_ranges_contain_the_base_value(default_inputs):
    """A range that excludes today's figure would be a typo: each value row brackets the data."""
    from nabb.io.addressing import rows_matching
    from nabb.errors import Issue
    unc = default_inputs.tables["uncertainty"]
    assert len(unc) >= 60
    for _, r in unc.iterrows():
        lo, hi = support(r)
        if r["apply"] == "multiplier":
            assert lo <= 1.0 <= hi, r["parameter"]
            continue
        if r["sheet"] == "settings":
            continue
        frame = default_inputs.tables[r["sheet"]]
        cells = frame.loc[rows_matching(frame, r["filter"], Issue("", "", "", "", "", "")), r["column"]]
        for v in cells:
            assert lo - 1e-9 <= float(v) <= hi + 1e-9, (r["parameter"], v, lo, hi)
        assert r["basis"], r["parameter"]
