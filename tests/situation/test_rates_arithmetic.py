"""The pure parts of the comparisons: rates, pooling, likeness, and areas on the ellipsoid."""

import math

import numpy as np
import pytest

from trygg.geo.area import area_km2
from trygg.stats.rates import Rate, nearest_by_size_and_density, pooled_rate


def test_a_rate_is_per_10000_residents_and_none_without_residents():
    assert Rate(17, 85_000).per_10000 == pytest.approx(2.0)
    assert Rate(3, 0).per_10000 is None


def test_a_pooled_rate_sums_incidents_and_residents_and_keeps_the_range():
    pooled = pooled_rate([10, 30, 5], [10_000, 100_000, 0])

    assert (pooled.rate.incidents, pooled.rate.residents, pooled.places) == (40, 110_000, 2)
    assert pooled.rate.per_10000 == pytest.approx(40 / 11)
    assert (pooled.lowest, pooled.highest) == (pytest.approx(3.0), pytest.approx(10.0))
    assert pooled_rate([], []).lowest is None


def test_likeness_is_on_a_log_scale_and_leaves_out_the_place_itself():
    residents = [10_000, 20_000, 5_000, 1_000_000, 10_500]
    density = [10, 10, 10, 10, 0]  # the last has no density: never chosen

    chosen = nearest_by_size_and_density(residents, density, 0, 3)

    # 20,000 and 5,000 are equally far from 10,000 on a log scale; the lower index first.
    assert chosen == [1, 2, 3]
    assert nearest_by_size_and_density(residents, density, 4, 3) == []


def ellipsoid_quadrangle_km2(lat1: float, lat2: float, dlon: float, steps: int = 20000) -> float:
    """∫ M(φ) N(φ) cos φ dφ dλ on GRS 80, by the midpoint rule: the test's own way."""
    a, f = 6_378_137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    phi = np.radians(np.linspace(lat1, lat2, steps + 1))
    mid = (phi[:-1] + phi[1:]) / 2
    w = 1 - e2 * np.sin(mid) ** 2
    integrand = a * (1 - e2) / w**1.5 * a / np.sqrt(w) * np.cos(mid)
    return float((integrand * np.diff(phi)).sum() * math.radians(dlon) / 1e6)


def test_a_one_degree_quadrangle_has_its_area_on_the_ellipsoid():
    quadrangle = {
        "type": "Polygon",
        "coordinates": [[[12, 57], [13, 57], [13, 58], [12, 58], [12, 57]]],
    }

    assert area_km2(quadrangle) == pytest.approx(ellipsoid_quadrangle_km2(57, 58, 1), rel=1e-9)


def test_holes_are_taken_out_and_the_parts_of_a_multipolygon_added():
    outer = [[14, 60], [15, 60], [15, 61], [14, 61], [14, 60]]
    hole = [[14.25, 60.25], [14.25, 60.75], [14.75, 60.75], [14.75, 60.25], [14.25, 60.25]]
    island = [[16, 60], [16.5, 60], [16.5, 60.5], [16, 60.5], [16, 60]]
    with_hole = {"type": "Polygon", "coordinates": [outer, hole]}
    both = {"type": "MultiPolygon", "coordinates": [[outer, hole], [island]]}

    expected_hole = ellipsoid_quadrangle_km2(60.25, 60.75, 0.5)
    assert area_km2(with_hole) == pytest.approx(
        ellipsoid_quadrangle_km2(60, 61, 1) - expected_hole, rel=1e-9
    )
    assert area_km2(both) == pytest.approx(
        area_km2(with_hole) + ellipsoid_quadrangle_km2(60, 60.5, 0.5), rel=1e-9
    )
