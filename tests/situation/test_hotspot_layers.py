"""Hotspots on each point layer and the priority places, stored and recomputed."""

import datetime as dt

import h3.api.basic_int as h3_int
import numpy as np
import pytest
from django.core.management import call_command

from tests.factories import LAST_DAY, AreaFactory, ResponseFactory
from trygg.dialogue import services
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

from .planting import STOCKHOLM

pytestmark = pytest.mark.django_db

YEAR = 2025
# The cluster of reports and of residents' marks: this cell and its ring.
CLUSTER = h3_int.latlng_to_cell(57.5, 12.1, PLACE_RESOLUTION)
RING = [cell for cell in sorted(h3_int.grid_disk(CLUSTER, 1)) if cell != CLUSTER]
# Where three residents mark a place and one lighting fault was reported.
DARK_PATH = h3_int.latlng_to_cell(57.45, 12.05, PLACE_RESOLUTION)
# Single reports scattered over the municipality, away from both.
SCATTERED = [
    cell
    for cell in (
        h3_int.latlng_to_cell(57.41 + 0.0085 * i, 12.19 - 0.0088 * i, PLACE_RESOLUTION)
        for i in range(22)
    )
    if min(h3_int.grid_distance(cell, CLUSTER), h3_int.grid_distance(cell, DARK_PATH)) > 3
][:20]
assert len(SCATTERED) == len(set(SCATTERED)) == 20
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[12.0, 57.4], [12.2, 57.4], [12.2, 57.6], [12.0, 57.6], [12.0, 57.4]]],
}


@pytest.fixture(autouse=True)
def _rules(settings):
    settings.TRYGG_MAP_MIN_CELL_COUNT = 3
    settings.TRYGG_HOTSPOT_FDR = 0.05


@pytest.fixture
def centrum(kungsbacka):
    return AreaFactory(municipality=kungsbacka, name="Centrum", geometry=SQUARE)


@pytest.fixture
def reports(kungsbacka):
    return Source.objects.create(
        kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=kungsbacka
    )


def centre(cell: int) -> tuple[float, float]:
    return h3_int.cell_to_latlng(cell)


def report(source, cell, n, *, category="vandalism", type_="Klotter", when=None):
    latitude, longitude = centre(cell)
    category = Category.objects.get(key=category)
    rows = [
        Incident(
            source=source,
            external_id=f"{cell:x}-{category.key}-{i}-{Incident.objects.count()}",
            municipality=source.municipality or _municipality(),
            county_code="13",
            occurred_at=when or dt.datetime(YEAR, 3, 1 + i % 28, 21, 0, tzinfo=STOCKHOLM),
            type=type_,
            type_key=type_.casefold(),
            category=category,
            precision=Incident.Precision.POINT,
            latitude=latitude,
            longitude=longitude,
            h3_cell=cell,
        )
        for i in range(n)
    ]
    Incident.objects.bulk_create(rows)


def _municipality():
    from trygg.tenancy.models import Municipality

    return Municipality.objects.get(code="1384")


@pytest.fixture
def survey(kungsbacka):
    survey = services.create_survey(
        kungsbacka, year=YEAR, title="Trygghet", question_keys=["unsafe_places"]
    )
    return services.open_survey(survey, closes_on=LAST_DAY)


def place(cell, reasons, times):
    latitude, longitude = centre(cell)
    return {"latitude": latitude, "longitude": longitude, "reasons": reasons, "times": times}


def respond(survey, places, *, flagged=False):
    return ResponseFactory(survey=survey, answers={"unsafe_places": places}, flagged=flagged)


@pytest.fixture
def planted(kungsbacka, centrum, reports, survey):
    """Reports cluster on CLUSTER and its ring; residents mark CLUSTER and the dark path."""
    for cell in [CLUSTER, *RING]:
        report(reports, cell, 6)
    for cell in SCATTERED:
        report(reports, cell, 1)
    report(reports, DARK_PATH, 1, category="other", type_="Trasig belysning")
    for i in range(6):
        respond(
            survey,
            [
                place(CLUSTER, ["dark", "gathering"], ["evening", "night"]),
                place(RING[i], ["gathering"], ["night"]),
            ],
        )
    for _ in range(3):
        respond(survey, [place(DARK_PATH, ["dark", "isolated"], ["evening"])])
    # One resident alone in a cell: never public.
    respond(survey, [place(SCATTERED[3], ["other"], ["day"])])
    # A flagged response is left out, as insight leaves it out.
    respond(survey, [place(SCATTERED[5], ["drugs"], ["night"])], flagged=True)
    return kungsbacka


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


def test_incidents_of_another_year_do_not_count(planted, reports):
    report(reports, SCATTERED[0], 5, when=dt.datetime(YEAR - 1, 12, 31, 23, 30, tzinfo=STOCKHOLM))

    recompute_hotspots(planted, year=YEAR)

    assert layer_cells(municipality_hotspots(planted, year=YEAR), "reports")[SCATTERED[0]].value == 1


def test_the_command_recomputes_one_municipality_and_year(planted, capsys):
    call_command("recompute_hotspots", "1384", "--year", str(YEAR))

    assert "2025" in capsys.readouterr().out
    assert HotspotSnapshot.objects.get(municipality=planted).year == YEAR
