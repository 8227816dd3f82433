"""What drives the answer (data/README.md): the thresholds that data/drivers.py found are
pinned here, and each is checked by solving the default just below and just above it.

After a deliberate change to the data or the model, rerun ``python data/drivers.py`` and
update PINNED and the README table together."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from nabb import pipeline
from nabb.io.reader import read_workbook

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("nabb_data_drivers", ROOT / "data" / "drivers.py")
drivers = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = drivers  # dataclasses look their module up while the file runs
_spec.loader.exec_module(drivers)

#: key -> threshold found by data/drivers.py (units of the driver); None = holds over the range.
PINNED = {
    "wood_fibre_price": 363.1,
    "wood_fibre_price_crops": 96.7,
    "nonbio_mass": 59.4,
    "flax_price": 2307.0,
    "rampup_cap": 4516.0,
    "carbon_price": 224.6,
}


@pytest.fixture(scope="module")
def setup():
    inputs = read_workbook(pipeline.DEFAULT_WORKBOOK)
    base = drivers.outcome(inputs)
    return inputs, {d.key: d for d in drivers.drivers(base)}


@pytest.mark.parametrize("key", sorted(PINNED))
def test_threshold_flips_the_conclusion(setup, key):
    inputs, found = setup
    d = found[key]
    value = PINNED[key]
    far = d.lo if abs(d.lo - d.base) > abs(d.hi - d.base) else d.hi
    if value is None:
        assert d.holds(drivers.outcome(d.change(inputs, far))), f"{key} flips within the range"
        return
    step = d.tol * 2 + 1e-9 * abs(value)
    towards_base = value + step if d.base > value else value - step
    past = value - step if d.base > value else value + step
    assert d.holds(drivers.outcome(d.change(inputs, towards_base))), f"{key}: flips before {value}"
    assert not d.holds(drivers.outcome(d.change(inputs, past))), f"{key}: still holds after {value}"


def test_readme_quotes_the_pinned_thresholds():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## What drives the answer"):]
    for key, value in PINNED.items():
        if value is not None:
            assert f"{value:,.0f}" in section, (key, value)
