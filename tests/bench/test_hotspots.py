"""The hotspots benchmark on a small sample: what it counts in SQL is what the points hold.

esda is not run (the suite must not need it); the kernel's equality with esda is
checked on the committed fixtures in tests/stats/test_hotspots.py.
"""

import numpy as np
import pytest

from bench.hotspots import (
    drop_points,
    kiruna_cells,
    store_points,
    synthetic_points,
    time_ours,
)
from trygg.geo.cells import ring_links

# VACUUM, which the benchmark runs on PostgreSQL, cannot run inside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_small_run_counts_every_cell_in_sql_and_finds_the_clusters_hot():
    cells, centres = kiruna_cells(2000)
    links = ring_links(cells)
    latitudes, longitudes, point_cells = synthetic_points(cells, centres, 3000)
    try:
        store_points(latitudes, longitudes, point_cells)
        values, result, seconds, sql_seconds = time_ours(cells, links, repeat=1)
    finally:
        drop_points()

    assert cells.size == 2000 and np.isin(point_cells, cells).all()
    expected = np.array([np.count_nonzero(point_cells == cell) for cell in cells])
    np.testing.assert_array_equal(values, expected)
    assert (values == 0).any()  # cells without a point are in the analysis
    # The points are clustered: some cells are hot, their neighbourhoods well above the mean.
    assert result.hot.any()
    neighbourhood_mean = result.gi * values.sum() / result.neighbourhood
    assert neighbourhood_mean[result.hot].min() > 1.5 * values.mean()
    assert 0 < sql_seconds < seconds
