"""The flow map's label placement: the grid index gives the same labels as scanning every box.

``place_labels`` files boxes under grid squares so each candidate place is measured against
its neighbours only.  The reference here is the all-pairs scan it replaced; both must agree
on every label, for crowded and sparse maps alike.
"""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from nabb.reports.flowmap import HALO, esc, place_labels


def all_pairs(labels, markers, area):
    """The all-pairs scan (every candidate against every marker and placed label)."""
    boxes = [(x - 10, y - 10, x + 10, y + 10) for x, y in markers.values()]
    out = []

    def overlap(b):
        return sum(max(0, min(b[2], o[2]) - max(b[0], o[0])) * max(0, min(b[3], o[3]) - max(b[1], o[1]))
                   for o in boxes)
    for key, text, x, y, small in labels:
        size = 10 if small else 11
        w, h = 0.6 * size * len(text), size + 2
        cands = [(x + 12, y + 4, "start"), (x - 12, y + 4, "end"), (x - w / 2, y - 13, "start"),
                 (x - w / 2, y + 21, "start"), (x + 10, y - 10, "start"), (x + 10, y + 18, "start"),
                 (x - 10, y - 10, "end"), (x - 10, y + 18, "end")]
        best, score = None, None
        for tx, ty, anchor in cands:
            x0 = tx if anchor == "start" else tx - w
            b = (x0, ty - size, x0 + w, ty - size + h)
            inside = b[0] >= area[0] and b[2] <= area[2] and b[1] >= area[1] - 20 and b[3] <= area[3]
            sc = overlap(b) + (0 if inside else 1e6)
            if score is None or sc < score:
                best, score = (tx, ty, anchor, b), sc
            if sc == 0:
                break
        tx, ty, anchor, b = best
        boxes.append(b)
        out.append(f'<text class="map-label" x="{tx:.1f}" y="{ty:.1f}" font-size="{size}" '
                   f'text-anchor="{anchor}" {HALO}>{esc(text)}</text>')
    return out


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
