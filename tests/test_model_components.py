"""The model's components say what they are: every Pyomo component carries a ``doc=`` with its
unit.

Checked on the default workbook's model and on the small case that switches on every
constraint family (tests/golden_lp_cases.py), so a family the default leaves out is checked too.
"""
from __future__ import annotations

import re

import pyomo.environ as pyo
import pytest

from nabb.defaults import DEFAULT_WORKBOOK
from nabb.io.reader import read_workbook
from nabb.model import build
from tests.golden_lp_cases import CASES

KINDS = (pyo.Set, pyo.Param, pyo.Var, pyo.Constraint, pyo.Expression, pyo.Objective)
#: a doc names a unit: internal units of the LP (nabb/model/data.py), after a comma
UNIT = re.compile(r", (kha|kt|kt/yr|thousand units|M EUR|kt CO2|kt of biobased mass)\b")


@pytest.fixture(scope="module")
def default_model():
    return build(read_workbook(DEFAULT_WORKBOOK))


@pytest.fixture(scope="module")
def every_family_model():
    return build(CASES["every_family"]())


def components(m: pyo.ConcreteModel) -> list:
    return list(m.component_objects(KINDS, descend_into=True, active=None))


def undocumented(m: pyo.ConcreteModel) -> list[str]:
    """Components without a doc, or whose doc names no unit."""
    return [f"{c.name} ({type(c).__name__})" for c in components(m)
            if not (c.doc or "").strip() or not UNIT.search(c.doc)]


@pytest.mark.parametrize("which", ["default_model", "every_family_model"])
def test_every_component_has_a_doc_with_its_unit(which, request):
    m = request.getfixturevalue(which)
    assert len(components(m)) > 20
    missing = undocumented(m)
    assert not missing, "components without a doc naming their unit: " + ", ".join(missing)


def test_the_doc_check_names_an_undocumented_component():
    m = pyo.ConcreteModel()
    m.x = pyo.Var([1, 2], doc="x[t]: something, kt")
    m.y = pyo.Var()
    m.c = pyo.Constraint(expr=m.x[1] + m.y >= 0, doc="a row without a unit")
    assert undocumented(m) == ["y (ScalarVar)", "c (ScalarConstraint)"]


def year_not_last(m: pyo.ConcreteModel, years: list[int]) -> list[str]:
    """Indexed components whose index holds a year anywhere but last (or no year at all)."""
    wrong = []
    for c in m.component_objects((pyo.Var, pyo.Constraint, pyo.Expression), descend_into=True,
                                 active=None):
        if not c.is_indexed():
            continue
        for key in c.keys():
            key = key if isinstance(key, tuple) else (key,)
            at = [i for i, v in enumerate(key) if isinstance(v, int) and v in years]
            if at != [len(key) - 1]:
                wrong.append(f"{c.name}{list(key)}")
                break
    return wrong


@pytest.mark.parametrize("which", ["default_model", "every_family_model"])
def test_the_year_is_the_last_index_of_every_component(which, request):
    m = request.getfixturevalue(which)
    indexed = [c for c in components(m) if c.is_indexed() and len(c)]
    assert len(indexed) > 15
    wrong = year_not_last(m, m.data.years)
    assert not wrong, "components whose year is not the last index: " + ", ".join(wrong)


def test_the_year_check_names_a_component_with_the_year_elsewhere():
    m = pyo.ConcreteModel()
    m.good = pyo.Var([("A", 2030)], doc="x, kt")
    m.bad = pyo.Var([("A", 2030, "house")], doc="y, kt")
    assert year_not_last(m, [2030]) == ["bad['A', 2030, 'house']"]
