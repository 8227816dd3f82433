"""The flow map's label placement: the grid index gives the same labels as scanning every box.

``place_labels`` files boxes under grid squares so each candidate place is measured against
its neighbours only.  The reference is the same placement measuring every candidate against
every box (``scan_all=True``, the scan the grid replaced); both must agree on every label,
for crowded and sparse maps alike.
"""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from nabb.reports.flowmap import place_labels


def all_pairs(labels, markers, area):
    """The all-pairs scan (every candidate against every marker and placed label)."""
    return place_labels(labels, markers, area, scan_all=True)


AREA = (64.0, 44.0, 730.0, 568.0)
point = st.tuples(st.floats(-50, 900, allow_nan=False), st.floats(-50, 700, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(point, st.text(min_size=0, max_size=30), st.booleans()), max_size=60),
       st.integers(0, 3))
def test_grid_placement_equals_all_pairs_scan(items, crowd):
    # crowd > 0 squeezes the points together so that most candidates overlap something
    items = [((AREA[0] + (x - AREA[0]) / (1 + 4 * crowd), AREA[1] + (y - AREA[1]) / (1 + 4 * crowd)),
              text, small) for (x, y), text, small in items]
    markers = {f"r{i}": p for i, (p, _, _) in enumerate(items)}
    labels = [(f"r{i}", text, x, y, small) for i, ((x, y), text, small) in enumerate(items)]
    assert place_labels(labels, markers, AREA) == all_pairs(labels, markers, AREA)


def test_grid_placement_equals_all_pairs_scan_on_a_dense_map():
    # 400 regions on a 20 x 20 lattice 14 px apart: every label competes with its neighbours
    pts = {f"r{i}": (80.0 + 14 * (i % 20) + 0.37 * (i % 7), 60.0 + 14 * (i // 20)) for i in range(400)}
    labels = [(k, f"Region {k} (x)", x, y, i % 9 == 0) for i, (k, (x, y)) in enumerate(pts.items())]
    got = place_labels(labels, pts, AREA)
    assert got == all_pairs(labels, pts, AREA)
    assert len(set(got)) > 100   # the labels really went to different places


def test_markers_without_finite_corners_are_measured_against_every_candidate():
    pts = {"a": (100.0, 100.0), "b": (float("nan"), 100.0), "c": (104.0, 101.0)}
    labels = [(k, k * 5, x, y, False) for k, (x, y) in pts.items()]
    assert place_labels(labels, pts, AREA) == all_pairs(labels, pts, AREA)
