"""Hotspot data planted in the database: a cluster of reports and of residents' marks.

CLUSTER and its ring get six reports each and six respondents mark CLUSTER (each also
one ring cell); three respondents mark DARK_PATH, where one lighting fault was
reported; single reports are scattered well away from both.
"""

import datetime as dt

import h3.api.basic_int as h3_int

from tests.factories import ResponseFactory
from trygg.dialogue.submission import PLACE_RESOLUTION
from trygg.situation.models import Category, Incident

from .planting import STOCKHOLM

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


def place(cell, reasons, times):
    latitude, longitude = centre(cell)
    return {"latitude": latitude, "longitude": longitude, "reasons": reasons, "times": times}


def respond(survey, places, *, flagged=False):
    return ResponseFactory(survey=survey, answers={"unsafe_places": places}, flagged=flagged)
