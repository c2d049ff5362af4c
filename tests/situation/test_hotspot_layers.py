"""Hotspots on each point layer and the priority places, stored and recomputed."""

import datetime as dt

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from trygg.dialogue.submission import PLACE_RESOLUTION
from trygg.geo.cells import cells_covering, ring_links
from trygg.situation.hotspots import (
    municipality_hotspots,
    priority_places,
    public_priority_places,
    recompute_hotspots,
)
from trygg.situation.models import Category, HotspotCell, HotspotSnapshot, Incident, Source
from trygg.stats.hotspots import getis_ord_star

from .hotspot_planting import CLUSTER, DARK_PATH, RING, SCATTERED, SQUARE, YEAR, report
from .planting import STOCKHOLM


@pytest.fixture(autouse=True)
def _rules(settings):
    settings.TRYGG_MAP_MIN_CELL_COUNT = 3
    settings.TRYGG_HOTSPOT_FDR = 0.05


pytestmark = pytest.mark.django_db


def layer_cells(hotspots, layer):
    return {cell.cell: cell for cell in hotspots.layer(layer).cells}


def test_a_planted_cluster_of_reports_becomes_hot_and_scattered_reports_do_not(planted):
    recompute_hotspots(planted, year=YEAR)

    hotspots = municipality_hotspots(planted, year=YEAR)
    reports = layer_cells(hotspots, "reports")
    assert reports[CLUSTER].hot and reports[CLUSTER].value == 6
    assert all(reports[cell].hot for cell in RING)
    assert not any(reports[cell].hot for cell in SCATTERED)
    assert hotspots.sources.incidents == 7 * 6 + len(SCATTERED) + 1


def test_the_stored_z_is_the_kernels_on_the_cells_covering_the_border_zeros_included(planted):
    recompute_hotspots(planted, year=YEAR)

    cover = cells_covering(SQUARE, PLACE_RESOLUTION)
    values = np.zeros(cover.size)
    counts = {CLUSTER: 6, **dict.fromkeys(RING, 6)}
    for cell in SCATTERED:
        counts[cell] = counts.get(cell, 0) + 1
    counts[DARK_PATH] = counts.get(DARK_PATH, 0) + 1
    for cell, count in counts.items():
        values[np.searchsorted(cover, cell)] = count
    expected = getis_ord_star(values, ring_links(cover), fdr=0.05)
    stored = layer_cells(municipality_hotspots(planted, year=YEAR), "reports")
    snapshot = HotspotSnapshot.objects.get(municipality=planted, year=YEAR)

    assert snapshot.covering_cells == cover.size
    for cell, result in stored.items():
        i = np.searchsorted(cover, cell)
        assert result.z == pytest.approx(expected.z[i], rel=1e-9)
        assert result.q == pytest.approx(expected.q[i], rel=1e-9)
    # Only the cells with data or flags are stored: a small snapshot.
    kept = np.flatnonzero((values > 0) | expected.hot | expected.cold)
    assert set(stored) == {int(cover[i]) for i in kept}


def test_a_planted_cluster_of_residents_marks_becomes_hot_counting_respondents(planted):
    recompute_hotspots(planted, year=YEAR)

    places = layer_cells(municipality_hotspots(planted, year=YEAR), "places")
    assert places[CLUSTER].hot and places[CLUSTER].value == 6
    assert places[DARK_PATH].value == 3
    # The flagged response's cell has no respondent.
    assert SCATTERED[5] not in places
    assert municipality_hotspots(planted, year=YEAR).sources.respondents == 10


def test_the_priority_place_where_both_coincide_ranks_first_with_reasons_and_times(planted):
    recompute_hotspots(planted, year=YEAR)

    ranked = priority_places(planted, year=YEAR)

    first = ranked[0]
    assert (first.rank, first.cell, first.area_name) == (1, CLUSTER, "Centrum")
    assert set(first.hot_layers) == {"places", "reports", "combined"}
    assert [(t.value, t.count) for t in first.reasons] == [("dark", 6), ("gathering", 6)]
    assert [(t.value, t.count) for t in first.times] == [("evening", 6), ("night", 6)]
    assert [(c.key, c.count) for c in first.categories] == [("vandalism", 6)]
    # The dark path: residents' place and a lighting fault, no incident hotspot.
    dark = next(p for p in ranked if p.cell == DARK_PATH)
    assert dark.rank > 1
    assert dark.lighting_faults == 1
    assert "reports" not in dark.hot_layers
    assert [(t.value, t.count) for t in dark.reasons] == [("dark", 3), ("isolated", 3)]
    # A ring cell has reports hot but one respondent only, and the places layer not
    # hot there: or it is, and then it is a priority place too. Either way the lone
    # resident's scattered cell never is.
    assert SCATTERED[3] not in {p.cell for p in ranked}


def test_police_open_events_are_never_counted_even_with_a_point(planted):
    police = Source.objects.get_or_create(
        kind=Source.Kind.POLICE_EVENTS, municipality=None, defaults={"name": "Polisen"}
    )[0]
    Incident.objects.create(
        source=police,
        external_id="p-1",
        municipality=planted,
        county_code="13",
        occurred_at=dt.datetime(YEAR, 5, 1, 12, tzinfo=STOCKHOLM),
        type="Misshandel",
        type_key="misshandel",
        category=Category.objects.get(key="violence"),
        precision=Incident.Precision.MUNICIPALITY,
    )
    # Even a police event that somehow had a point is not a report.
    report(police, SCATTERED[10], 9)

    recompute_hotspots(planted, year=YEAR)

    hotspots = municipality_hotspots(planted, year=YEAR)
    assert hotspots.sources.incidents == 7 * 6 + len(SCATTERED) + 1
    assert layer_cells(hotspots, "reports")[SCATTERED[10]].value == 1


def test_the_public_view_never_has_a_cell_under_three_records(planted):
    recompute_hotspots(planted, year=YEAR)
    hotspots = municipality_hotspots(planted, year=YEAR)
    assert any(cell.records < 3 for layer in hotspots.layers for cell in layer.cells)

    public = hotspots.public()

    for layer in public.layers:
        assert layer.cells
        assert all(cell.records >= 3 for cell in layer.cells)
    combined = layer_cells(public, "combined")
    # The ring cells have 6 reports and 1 respondent: the respondent would show.
    assert not any(cell in combined for cell in RING)
    assert public.data_version == {}
    for place_ in public_priority_places(priority_places(planted, year=YEAR)):
        assert place_.respondents >= 3
        assert all(t.count >= 3 for t in (*place_.reasons, *place_.times))
        assert place_.incidents == 0 or place_.incidents >= 3
        assert all(c.count >= 3 for c in place_.categories)


def test_a_stricter_setting_raises_the_bar_of_the_public_view(planted, settings):
    settings.TRYGG_MAP_MIN_CELL_COUNT = 7
    recompute_hotspots(planted, year=YEAR)

    public = municipality_hotspots(planted, year=YEAR).public()

    assert not public.layer("places").cells
    assert public_priority_places(priority_places(planted, year=YEAR)) == []


def test_recompute_is_idempotent(planted):
    recompute_hotspots(planted, year=YEAR)
    first = list(HotspotCell.objects.values_list("layer", "h3_cell", "value", "z", "q", "hot"))
    places_first = HotspotSnapshot.objects.get().priority_places

    recompute_hotspots(planted, year=YEAR)

    assert HotspotSnapshot.objects.count() == 1
    assert sorted(first) == sorted(
        HotspotCell.objects.values_list("layer", "h3_cell", "value", "z", "q", "hot")
    )
    assert HotspotSnapshot.objects.get().priority_places == places_first


def test_not_computed_yet_is_none_and_a_year_without_data_has_no_hot_cell(kungsbacka):
    assert municipality_hotspots(kungsbacka, year=YEAR) is None
    assert priority_places(kungsbacka, year=YEAR) == []

    recompute_hotspots(kungsbacka, year=YEAR)

    hotspots = municipality_hotspots(kungsbacka, year=YEAR)
    assert hotspots.covering_cells > 1000
    assert all(not layer.cells for layer in hotspots.layers)


def test_incidents_of_another_year_do_not_count(planted, hotspot_reports):
    report(
        hotspot_reports,
        SCATTERED[0],
        5,
        when=dt.datetime(YEAR - 1, 12, 31, 23, 30, tzinfo=STOCKHOLM),
    )

    recompute_hotspots(planted, year=YEAR)

    assert (
        layer_cells(municipality_hotspots(planted, year=YEAR), "reports")[SCATTERED[0]].value == 1
    )


def test_the_command_recomputes_one_municipality_and_year(planted, capsys):
    call_command("recompute_hotspots", "1384", "--year", str(YEAR))

    assert "2025" in capsys.readouterr().out
    assert HotspotSnapshot.objects.get(municipality=planted).year == YEAR


def test_the_command_without_a_code_recomputes_every_municipality_with_data(planted, capsys):
    call_command("recompute_hotspots")

    assert HotspotSnapshot.objects.filter(municipality=planted, year=YEAR).exists()
    assert "Kungsbacka" in capsys.readouterr().out


def test_the_command_refuses_an_unknown_code(db):
    with pytest.raises(CommandError, match="9999"):
        call_command("recompute_hotspots", "9999")
