"""Primary and complementary suppression of one grouping (``trygg.stats.suppression``)."""

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trygg.stats.suppression import Protection, protect

THRESHOLD = 30


def hidden(counts: list[int], protection: tuple[Protection, ...]) -> list[int]:
    return [n for n, p in zip(counts, protection, strict=True) if p != Protection.SHOWN]


@given(st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=12))
def test_no_lone_small_group_and_no_small_union_is_ever_left_to_subtraction(counts):
    protection = protect(counts, THRESHOLD)
    for count, status in zip(counts, protection, strict=True):
        # Primary exactly for the small groups; complementary only among the others.
        assert (status == Protection.BELOW_THRESHOLD) == (count < THRESHOLD)
    union = hidden(counts, protection)
    # Everyone minus the shown groups is the hidden groups' union: either nothing, or
    # a union that is itself publishable, or everything is hidden.
    assert union == [] or sum(union) >= THRESHOLD or len(union) == len(counts)
    # A single hidden group among shown ones would be everyone minus the others.
    assert len(union) != 1 or len(counts) == 1


@given(st.lists(st.integers(min_value=THRESHOLD, max_value=500), min_size=1, max_size=12))
def test_a_grouping_without_small_groups_hides_nothing(counts):
    assert set(protect(counts, THRESHOLD)) == {Protection.SHOWN}


def test_the_complementary_group_is_the_smallest_shown_one():
    assert protect([100, 40, 12, 50], THRESHOLD) == (
        Protection.SHOWN,
        Protection.COMPLEMENTARY,
        Protection.BELOW_THRESHOLD,
        Protection.SHOWN,
    )


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # The survey: men under the threshold, women hidden with them.
        ([32, 8], ["complementary", "below_threshold"]),
        # Two small groups together under the threshold still need a third.
        ([5, 5, 200, 60], ["below_threshold", "below_threshold", "shown", "complementary"]),
        # Two small groups together reaching the threshold hide each other.
        ([29, 29, 200], ["below_threshold", "below_threshold", "shown"]),
        # Equal sizes: the first, so that the table is the same every time.
        ([40, 40, 10], ["complementary", "shown", "below_threshold"]),
    ],
)
def test_which_groups_are_hidden(counts, expected):
    assert [str(p) for p in protect(counts, THRESHOLD)] == expected


def test_the_kernel_imports_no_django():
    code = (
        "import sys, trygg.stats.suppression\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
