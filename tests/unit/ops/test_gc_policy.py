"""The garbage collector's settings after start-up."""

from __future__ import annotations

import gc

import pytest

from pulsestage.ops import gc_policy


@pytest.fixture
def restored_gc():
    """Put the collector back as it was (thresholds, frozen objects) after the test."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_settle_freezes_the_start_up_heap_and_raises_the_thresholds(restored_gc):
    gc.unfreeze()
    kept = [[i] for i in range(1000)]  # alive at start-up: must be frozen, not scanned again
    gc_policy.settle(True)
    assert gc.get_threshold() == gc_policy.THRESHOLDS
    assert gc.get_freeze_count() >= len(kept)
    assert all(not any(o is x for o in gc.get_objects()) for x in kept[:3])  # frozen objects leave the generations
    assert gc.isenabled()


def test_cyclic_garbage_is_still_collected_after_settling(restored_gc):
    gc_policy.settle(True)
    before = gc.get_count()[0]
    for _ in range(gc_policy.THRESHOLDS[0] + 1000):
        node: list = []
        node.append(node)  # a cycle only the collector can free
    assert gc.get_count()[0] < before + gc_policy.THRESHOLDS[0], "a young collection ran"


def test_settle_off_leaves_the_collector_alone(restored_gc):
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    gc_policy.settle(False)
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0
