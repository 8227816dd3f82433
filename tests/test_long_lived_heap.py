"""nabb.run.long_lived_heap: the run's objects are frozen while in use, and let go afterwards."""
from __future__ import annotations

import gc

from nabb.run import long_lived_heap


def test_settle_freezes_and_the_outermost_scope_unfreezes():
    assert gc.get_freeze_count() == 0
    with long_lived_heap() as settle:
        keep = [[i] for i in range(1000)]
        settle()
        frozen = gc.get_freeze_count()
        assert frozen >= 1000                    # the lists made above are out of the walks
        with long_lived_heap() as inner:         # nested (solve_inputs inside write_reports)
            inner()
        assert gc.get_freeze_count() >= frozen   # the inner scope let nothing go
    assert gc.get_freeze_count() == 0            # all back in the oldest generation
    assert len(keep) == 1000


def test_garbage_made_while_frozen_is_freed_after_the_scope():
    import weakref

    class Node:
        pass
    with long_lived_heap() as settle:
        a, b = Node(), Node()
        a.other, b.other = b, a                  # a cycle: only the collector frees it
        ref = weakref.ref(a)
        settle()
        del a, b
        gc.collect()
        assert ref() is not None                 # frozen: the collector does not look at it
    gc.collect()
    assert ref() is None                         # after the scope it is freed as before


def test_a_process_that_froze_objects_itself_keeps_them_frozen():
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with long_lived_heap() as settle:
            [object() for _ in range(10)]
            settle()                             # nabb freezes nothing in such a process
            assert gc.get_freeze_count() == before
        assert gc.get_freeze_count() == before   # and does not unfreeze the caller's objects
    finally:
        gc.unfreeze()


def test_solve_inputs_leaves_nothing_frozen():
    from nabb import pipeline
    from nabb.synthetic import synthetic_inputs
    run_ = pipeline.solve_inputs(synthetic_inputs(2, years=2))
    assert run_.solution.optimal
    assert gc.get_freeze_count() == 0
