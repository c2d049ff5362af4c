"""Gi* hotspots: equal to PySAL esda's G_Local(transform="B", star=True), BH by hand."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import sparse

from trygg.stats.hotspots import HotspotsDataError, benjamini_hochberg, getis_ord_star

from . import hotspots_reference as reference


@pytest.mark.parametrize("name", reference.DEFINED_CASES)
def test_z_scores_equal_esdas(name):
    case = reference.case(name)

    result = getis_ord_star(case["values"], reference.links(name))

    assert reference.largest_relative_difference(result.z, reference.esda(name, "z")) < 1e-6


@pytest.mark.parametrize("name", reference.DEFINED_CASES)
def test_gi_equals_esdas_and_p_is_twice_its_one_sided_p(name):
    case = reference.case(name)

    result = getis_ord_star(case["values"], reference.links(name))

    assert reference.largest_relative_difference(result.gi, reference.esda(name, "gi")) < 1e-9
    np.testing.assert_allclose(result.p, 2 * reference.esda(name, "p_norm"), rtol=1e-6)


def test_an_isolated_cell_is_its_own_neighbourhood_with_esdas_z_score():
    case = reference.case("isolated_cell")

    result = getis_ord_star(case["values"], reference.links("isolated_cell"))

    assert result.neighbourhood[30] == 1
    assert result.z[30] == pytest.approx(reference.esda("isolated_cell", "z")[30], rel=1e-9)
    assert result.z[30] > 1.5


@pytest.mark.parametrize("name", ["constant_field", "zero_field"])
def test_a_constant_field_has_z_zero_where_esda_gives_nan(name):
    case = reference.case(name)

    result = getis_ord_star(case["values"], reference.links(name))

    assert np.isnan(reference.esda(name, "z")).all()
    assert (result.z == 0).all()
    assert (result.p == 1).all() and (result.q == 1).all()
    assert not result.hot.any() and not result.cold.any()


def test_a_constant_field_has_esdas_gi_and_a_zero_field_none():
    constant = getis_ord_star(
        reference.case("constant_field")["values"], reference.links("constant_field")
    )
    zeros = getis_ord_star(reference.case("zero_field")["values"], reference.links("zero_field"))

    np.testing.assert_allclose(constant.gi, reference.esda("constant_field", "gi"), rtol=1e-12)
    assert np.isnan(zeros.gi).all()


def test_a_constant_field_of_fractions_is_not_made_significant_by_rounding():
    # The mean of 0.1 taken 30 times is not exactly 0.1; a spread from that would give
    # z-scores of order 1 out of nothing.
    result = getis_ord_star(np.full(30, 0.1), reference.links("constant_field"))

    assert (result.z == 0).all()


def test_the_planted_hotspot_is_hot_and_nothing_is_cold():
    case = reference.case("grid_planted_hotspot")
    block = [r * 12 + c for r in range(3, 6) for c in range(6, 9)]

    result = getis_ord_star(case["values"], reference.links("grid_planted_hotspot"))

    assert result.hot[block].all()
    assert not result.cold.any()
    assert set(np.flatnonzero(result.hot)) - set(block)  # the block's neighbours too
    assert np.all(result.q[result.hot] <= 0.05)


def test_the_cold_spot_is_cold_and_no_cell_far_from_it():
    case = reference.case("grid_cold_spot")
    inner = [r * 12 + c for r in range(8, 10) for c in range(2, 4)]
    # The 4 × 4 block of rows 7-10, columns 1-4, and the cells touching it.
    around = {r * 12 + c for r in range(6, 12) for c in range(0, 6)}

    result = getis_ord_star(case["values"], reference.links("grid_cold_spot"))

    assert result.cold[inner].all()
    assert set(np.flatnonzero(result.cold)) <= around
    assert np.all(result.z[result.cold] < 0)


def test_a_stricter_fdr_flags_fewer_cells():
    case = reference.case("grid_planted_hotspot")
    graph = reference.links("grid_planted_hotspot")

    loose = getis_ord_star(case["values"], graph, fdr=0.2)
    strict = getis_ord_star(case["values"], graph, fdr=0.001)

    assert strict.hot.sum() < loose.hot.sum()
    assert np.all(loose.hot[strict.hot])


def test_benjamini_hochberg_equals_a_hand_computed_case():
    # Sorted: 0.001, 0.02, 0.021, 0.9 → × 4 / rank: 0.004, 0.04, 0.028, 0.9; the
    # running minimum from the largest makes the second 0.028 (monotone).
    q = benjamini_hochberg([0.02, 0.021, 0.9, 0.001])

    np.testing.assert_allclose(q, [0.028, 0.028, 0.9, 0.004], rtol=1e-15)


def test_benjamini_hochberg_keeps_ties_and_stays_at_most_one():
    q = benjamini_hochberg([0.5, 0.5, 1.0, 0.04, 0.04])

    # 0.04 × 5 / 2 = 0.1 for both ties; 0.5 × 5 / 4 = 0.625; 1 stays 1.
    np.testing.assert_allclose(q, [0.625, 0.625, 1.0, 0.1, 0.1], rtol=1e-15)
    assert q.max() <= 1


def test_cells_are_flagged_where_q_is_at_most_the_fdr():
    case = reference.case("h3_ring_poisson")

    result = getis_ord_star(case["values"], reference.links("h3_ring_poisson"), fdr=0.05)

    np.testing.assert_array_equal(result.hot | result.cold, result.q <= 0.05)
    np.testing.assert_allclose(result.q, benjamini_hochberg(result.p))
    assert result.hot.any()


def test_a_sparse_matrix_gives_what_the_links_give_whichever_way_and_however_often():
    case = reference.case("grid_zeros")
    sources, targets = reference.links("grid_zeros")
    n = len(case["values"])
    # The other direction, one link twice and a self-loop, in a matrix with weights 5.
    rows = np.concatenate([targets, sources[:1], [3]])
    columns = np.concatenate([sources, targets[:1], [3]])
    matrix = sparse.csr_array((np.full(rows.size, 5.0), (rows, columns)), shape=(n, n))

    from_links = getis_ord_star(case["values"], (sources, targets))
    from_matrix = getis_ord_star(case["values"], matrix)

    np.testing.assert_array_equal(from_links.z, from_matrix.z)
    np.testing.assert_array_equal(from_links.neighbourhood, from_matrix.neighbourhood)


def test_z_scores_do_not_depend_on_the_unit_of_the_values():
    case = reference.case("h3_ring_poisson")
    graph = reference.links("h3_ring_poisson")

    counts = getis_ord_star(case["values"], graph)
    scaled = getis_ord_star(np.array(case["values"]) * 1000, graph)

    np.testing.assert_allclose(scaled.z, counts.z, rtol=1e-12)


def test_a_cell_linked_to_every_other_has_z_zero():
    values = [1.0, 2.0, 7.0, 0.0]
    # Cell 0 is linked to all; the others only to cell 0.
    result = getis_ord_star(values, (np.array([0, 0, 0]), np.array([1, 2, 3])))

    assert result.neighbourhood.tolist() == [4, 2, 2, 2]
    assert result.z[0] == 0
    # By hand: ȳ = 2.5, s² = (2.25 + 0.25 + 20.25 + 6.25) / 4 = 7.25, k = 2, n = 4:
    # z = (y₀ + y₂ − 2 ȳ) / (s √(2 · 2 / 3)) for cell 2.
    assert result.z[2] == pytest.approx((1 + 7 - 5) / (np.sqrt(7.25) * np.sqrt(4 / 3)))


def test_negative_values_that_sum_to_more_than_zero_give_esdas_z_scores():
    case = reference.case("signed_values")
    assert min(case["values"]) < 0 < sum(case["values"])

    result = getis_ord_star(case["values"], reference.links("signed_values"))

    esda_z = reference.esda("signed_values", "z")
    assert reference.largest_relative_difference(result.z, esda_z) < 1e-6
    # With a positive total, z does not depend on where the values' zero lies.
    shifted = getis_ord_star(np.array(case["values"]) + 10, reference.links("signed_values"))
    np.testing.assert_allclose(shifted.z, result.z, rtol=1e-9)


def test_two_linked_cells_have_z_zero_where_esda_gives_nan():
    case = reference.case("two_cells")

    result = getis_ord_star(case["values"], reference.links("two_cells"))

    assert np.isnan(reference.esda("two_cells", "z")).all()
    assert result.z.tolist() == [0.0, 0.0]
    assert result.gi.tolist() == reference.esda("two_cells", "gi").tolist()


@pytest.mark.parametrize(
    ("values", "graph", "code"),
    [
        ([1.0, -3.0], (np.array([0]), np.array([1])), "non_positive_total"),
        ([2.0, -1.0, -1.0], (np.array([0]), np.array([1])), "non_positive_total"),
        ([1.0, np.nan], (np.array([0]), np.array([1])), "not_finite"),
        ([], (np.array([], dtype=int), np.array([], dtype=int)), "no_cells"),
        ([1.0, 2.0], (np.array([0]), np.array([2])), "neighbour_out_of_range"),
        ([1.0, 2.0], (np.array([0, 1]), np.array([1])), "graph_shape"),
        ([1.0, 2.0], sparse.csr_array((3, 3)), "graph_shape"),
    ],
)
def test_bad_input_is_refused_with_a_code(values, graph, code):
    with pytest.raises(HotspotsDataError) as caught:
        getis_ord_star(values, graph)

    assert caught.value.code == code


@pytest.mark.parametrize("fdr", [0, 1, -0.1, 1.5])
def test_an_fdr_outside_zero_to_one_is_refused(fdr):
    with pytest.raises(HotspotsDataError) as caught:
        getis_ord_star([1.0, 2.0], (np.array([0]), np.array([1])), fdr=fdr)

    assert caught.value.code == "invalid_fdr"


def test_numbering_the_cells_differently_permutes_the_results():
    case = reference.case("h3_ring_poisson")
    sources, targets = reference.links("h3_ring_poisson")
    values = np.array(case["values"])
    order = np.random.default_rng(7).permutation(values.size)
    new_index = np.argsort(order)

    original = getis_ord_star(values, (sources, targets))
    renumbered = getis_ord_star(values[order], (new_index[targets], new_index[sources]))

    np.testing.assert_allclose(renumbered.z, original.z[order], rtol=1e-12)
    np.testing.assert_array_equal(renumbered.hot, original.hot[order])


def esda_formula(values: np.ndarray, links: list[tuple[int, int]]) -> np.ndarray:
    """esda's calc() for G_Local(star=True, transform="B"), on a dense matrix."""
    n = values.size
    weights = np.eye(n)
    for i, j in links:
        weights[i, j] = weights[j, i] = 1.0
    statistic = weights @ values / values.sum()
    mean = values.sum() / n
    variance = (values**2).sum() / n - mean**2
    cardinality = weights.sum(axis=1)
    expected_variance = cardinality * (n - cardinality) / (n - 1) / n**2 * variance / mean**2
    return (statistic - cardinality / n) / np.sqrt(expected_variance)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=3, max_value=25).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 50), min_size=n, max_size=n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
        )
    )
)
def test_any_graph_gives_the_z_scores_of_esdas_formula(case):
    counts, links = case
    values = np.array(counts, dtype=float)
    links = [(i, j) for i, j in links if i != j]
    sources = np.array([i for i, _ in links], dtype=np.int64)
    targets = np.array([j for _, j in links], dtype=np.int64)
    neighbourhood = 1 + np.array(
        [
            len({j for i, j in links if i == k} | {i for i, j in links if j == k})
            for k in range(values.size)
        ]
    )
    assume(len(set(counts)) > 1 and (neighbourhood < values.size).all())

    result = getis_ord_star(values, (sources, targets))

    np.testing.assert_allclose(result.z, esda_formula(values, links), rtol=1e-9, atol=1e-12)
