import math

import pytest

from trygg.stats.compare import difference


def test_a_difference_of_two_standard_errors_is_significant_at_five_percent():
    result = difference(0.50, 0.02, 0.58, 0.02)
    assert result.difference == pytest.approx(0.08)
    assert result.se == pytest.approx(math.sqrt(0.0008))
    assert result.z == pytest.approx(0.08 / math.sqrt(0.0008))
    assert result.p_value == pytest.approx(0.004677734981047177, rel=1e-9)
    assert result.significant()


def test_no_difference_has_p_value_one():
    result = difference(0.9, 0.01, 0.9, 0.01)
    assert result.z == 0 and result.p_value == pytest.approx(1.0)
    assert not result.significant()


def test_the_test_is_symmetric():
    assert difference(0.4, 0.03, 0.5, 0.02).p_value == pytest.approx(
        difference(0.5, 0.02, 0.4, 0.03).p_value
    )


def test_zero_standard_errors_are_handled():
    assert difference(0.5, 0.0, 0.6, 0.0).p_value == 0.0
    assert difference(0.5, 0.0, 0.5, 0.0).p_value == 1.0
