"""Golden LP files of the small hand-solved cases (tests/golden_lp_cases.py).

Each case's LP is written by Pyomo with symbolic labels (``area(A_hemp_2030)``,
``c_u_rotation_area_max(A_hemp_2030)_``) and sorted symbols, and compared with
tests/golden/lp/<case>.lp by Pyomo's own LP diff (numbers equal to 1e-14 relative).  The hand-
solved tests check the optimum; these files pin every row, so a wrong sign, a wrong
coefficient or a dead row in a constraint that does not bind at the optimum is caught too.

A deliberate change of the formulation is recorded with::

    NABB_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_lp.py

and the diff of tests/golden/lp/*.lp reviewed in the commit.
"""
from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
from pathlib import Path

import pyomo.environ as pyo
import pytest
from pyomo.repn.tests.lp_diff import lp_diff
from pyomo.repn.util import FileDeterminism

from nabb.model import build
from nabb.model.data import ModelData, prepare
from tests.golden_lp_cases import CASES

GOLDEN = Path(__file__).parent / "golden" / "lp"
UPDATE = os.environ.get("NABB_UPDATE_GOLDEN") == "1"
MODEL_DIR = Path(__file__).resolve().parents[1] / "nabb" / "model"
#: a row of an LP file written with symbolic labels: c_<sense>_<family>(<index>)_ (r_ when ranged)
ROW = re.compile(r"^(?:c_[ule]|r_[ul])_([a-z_]+)(?:\(|_:)", re.M)


def lp_text(m: pyo.ConcreteModel, path: Path) -> str:
    """The model's LP file: symbolic labels, rows and columns sorted by name."""
    m.write(str(path), format="lp",
            io_options={"symbolic_solver_labels": True,
                        "file_determinism": FileDeterminism.SORT_SYMBOLS})
    return path.read_text()


def lp_of(data: ModelData, path: Path) -> str:
    return lp_text(build(data), path)


def differences(golden: str, written: str, name: str) -> str:
    """'' when Pyomo's LP diff finds the two equal, else a unified diff to read."""
    with contextlib.redirect_stdout(io.StringIO()):   # lp_diff prints its own diff too
        base, test = lp_diff(golden, written)
    if not base and not test:
        return ""
    return "".join(difflib.unified_diff([f"{line}\n" for line in base], [f"{line}\n" for line in test],
                                        fromfile=f"tests/golden/lp/{name}.lp",
                                        tofile=f"{name}.lp as built now", n=2))


@pytest.mark.parametrize("name", sorted(CASES))
def test_lp_matches_the_golden_file(name, tmp_path):
    written = lp_of(prepare(CASES[name]()), tmp_path / f"{name}.lp")
    golden = GOLDEN / f"{name}.lp"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(written)
    assert golden.exists(), f"{golden} is missing: record it with NABB_UPDATE_GOLDEN=1"
    diff = differences(golden.read_text(), written, name)
    assert not diff, f"the LP of case {name} changed:\n{diff}"


def families_in_code() -> set[str]:
    """Every constraint family the model's source defines (``m.<name> = pyo.Constraint(``)."""
    found = set()
    for path in MODEL_DIR.glob("*.py"):
        found |= set(re.findall(r"\bm\.(\w+) = pyo\.Constraint\(", path.read_text()))
    return found


def test_the_golden_files_hold_a_row_of_every_constraint_family():
    pinned = set()
    for path in GOLDEN.glob("*.lp"):
        pinned |= set(ROW.findall(path.read_text()))
    code = families_in_code()
    assert len(code) >= 20
    assert code - pinned == set(), f"families with no row in any golden LP: {sorted(code - pinned)}"
    assert pinned - code == set(), f"rows of families the model no longer has: {sorted(pinned - code)}"


# --- the comparison fails when the formulation changes ------------------------------------

def _one_region() -> ModelData:
    return prepare(CASES["one_region"]())


def _mutated_sign(d: ModelData) -> None:
    d.proc_out_t_per_t["decort"]["wool"] = -d.proc_out_t_per_t["decort"]["wool"]      # output becomes input


def _mutated_coefficient(d: ModelData) -> None:
    d.yield_kt_per_kha[("A", "hemp")] *= 1.01                          # 8 t/ha -> 8.08 t/ha


def _mutated_rhs(d: ModelData) -> None:
    d.area_cap_kha[("A", "hemp")] *= 2                                 # a limit that does not bind


@pytest.mark.parametrize("mutate, row", [
    (_mutated_sign, "c_e_commodity_balance(A_wool_2030)_"),
    (_mutated_coefficient, "c_e_commodity_balance(A_straw_2030)_"),
    (_mutated_rhs, "c_u_rotation_area_max(A_hemp_2030)_"),
])
def test_a_changed_coefficient_sign_or_limit_fails_the_comparison(mutate, row, tmp_path):
    golden = (GOLDEN / "one_region.lp").read_text()
    d = _one_region()
    mutate(d)
    diff = differences(golden, lp_of(d, tmp_path / "mutated.lp"), "one_region")
    assert diff, "the mutated model wrote the golden LP"
    assert row in diff   # the diff shows the row that changed


def test_a_dead_row_fails_the_comparison(tmp_path):
    """rotation_area_max does not bind in one_region (250 ha of 2,500): dropping it leaves the
    optimum as it is, but not the LP."""
    golden = (GOLDEN / "one_region.lp").read_text()
    m = build(_one_region())
    m.rotation_area_max.deactivate()
    diff = differences(golden, lp_text(m, tmp_path / "dead.lp"), "one_region")
    assert "-c_u_rotation_area_max(A_hemp_2030)_:" in diff
