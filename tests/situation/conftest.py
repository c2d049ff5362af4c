"""The 290 municipalities, the shipped police events, and files of events in every form.

The expectations of the import tests are computed here from the raw file with plain
``gzip`` and ``json``, not with the importer's own parsing.
"""

import gzip
import itertools
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.text import slugify

from tests.factories import LAST_DAY, AreaFactory
from trygg.dialogue import services
from trygg.situation.models import Source
from trygg.tenancy.models import Municipality

from .hotspot_planting import (
    CLUSTER,
    DARK_PATH,
    RING,
    SCATTERED,
    SQUARE,
    YEAR,
    place,
    report,
    respond,
)
from .lagesbild_data import lagesbild_planted  # noqa: F401 (a fixture of the lägesbild tests)

DATA = Path(settings.TRYGG_REFERENCE_DATA_DIR)
EVENTS_FILE = DATA / "polisen-events-2022-09_2026-04.jsonl.gz"

# Written out here, not taken from trygg.tenancy.counties, so the test is a check on it.
COUNTIES = {
    "Stockholms län": "01",
    "Uppsala län": "03",
    "Södermanlands län": "04",
    "Östergötlands län": "05",
    "Jönköpings län": "06",
    "Kronobergs län": "07",
    "Kalmar län": "08",
    "Gotlands län": "09",
    "Blekinge län": "10",
    "Skåne län": "12",
    "Hallands län": "13",
    "Västra Götalands län": "14",
    "Värmlands län": "17",
    "Örebro län": "18",
    "Västmanlands län": "19",
    "Dalarnas län": "20",
    "Gävleborgs län": "21",
    "Västernorrlands län": "22",
    "Jämtlands län": "23",
    "Västerbottens län": "24",
    "Norrbottens län": "25",
}


def municipality_rows() -> list[dict]:
    """``{"code", "name", "county"}`` of the 290 municipalities, from the shipped GeoJSON."""
    features = json.loads((DATA / "swedish-municipalities.geojson").read_text())["features"]
    return [
        {
            "code": feature["properties"]["id"],
            "name": feature["properties"]["kom_namn"],
            "county": feature["properties"]["lan_code"],
        }
        for feature in features
    ]


def raw_events(limit: int | None = None) -> list[dict]:
    with gzip.open(EVENTS_FILE, "rt", encoding="utf-8") as file:
        return [json.loads(line) for line in itertools.islice(file, limit)]


def event_lines(limit: int) -> list[bytes]:
    """The first ``limit`` lines of the shipped file, as they are."""
    with gzip.open(EVENTS_FILE, "rb") as file:
        return list(itertools.islice(file, limit))


def expected_municipality(event: dict, by_name: dict, by_county: dict) -> str | None:
    """The kommunkod an event belongs to, as the issue describes it (None: county only)."""

    def key(name: str) -> str:
        return " ".join(name.replace("-", " ").lower().split())

    location = event["location"]["name"]
    if location in COUNTIES:
        last = event["name"].split(",")[-1]
        return by_county.get((COUNTIES[location], key(last)))
    return by_name[key(location)]


def municipality_lookups() -> tuple[dict, dict]:
    rows = municipality_rows()
    key = lambda name: " ".join(name.replace("-", " ").lower().split())  # noqa: E731
    return (
        {key(row["name"]): row["code"] for row in rows},
        {(row["county"], key(row["name"])): row["code"] for row in rows},
    )


@pytest.fixture
def municipalities(db) -> dict[str, Municipality]:
    """All 290 municipalities with their counties (no borders: the import needs none)."""
    Municipality.objects.bulk_create(
        Municipality(
            code=row["code"],
            name=row["name"],
            slug=f"{slugify(row['name'])}-{row['code']}",
            county_code=row["county"],
        )
        for row in municipality_rows()
    )
    return {municipality.code: municipality for municipality in Municipality.objects.all()}


def event(**fields) -> dict:
    """One event in the API's format, Varberg's by default; ``fields`` replace its keys."""
    record = {
        "id": 900001,
        "datetime": "2026-05-02 7:32:06 +02:00",
        "name": "02 maj 06.40, Trafikolycka, Varberg",
        "summary": "Två bilar har kolliderat.",
        "url": "/aktuellt/handelser/2026/maj/02/",
        "type": "Trafikolycka",
        "location": {"name": "Hallands län", "gps": "56.89,12.80"},
    }
    record.update(fields)
    return record


def json_lines(records: list) -> bytes:
    return b"".join(json.dumps(record, ensure_ascii=False).encode() + b"\n" for record in records)


def write(tmp_path: Path, content: bytes, name: str = "events.jsonl", *, gz: bool = False) -> Path:
    path = tmp_path / (name + (".gz" if gz else ""))
    path.write_bytes(gzip.compress(content) if gz else content)
    return path


# The hotspot tests' planted municipality (hotspot_planting describes it).


@pytest.fixture
def hotspot_centrum(kungsbacka):
    return AreaFactory(municipality=kungsbacka, name="Centrum", geometry=SQUARE)


@pytest.fixture
def hotspot_reports(kungsbacka):
    return Source.objects.create(
        kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=kungsbacka
    )


@pytest.fixture
def hotspot_survey(kungsbacka):
    survey = services.create_survey(
        kungsbacka, year=YEAR, title="Trygghet", question_keys=["unsafe_places"]
    )
    return services.open_survey(survey, closes_on=LAST_DAY)


@pytest.fixture
def planted(kungsbacka, hotspot_centrum, hotspot_reports, hotspot_survey):
    """Reports cluster on CLUSTER and its ring; residents mark CLUSTER and the dark path."""
    for cell in [CLUSTER, *RING]:
        report(hotspot_reports, cell, 6)
    for cell in SCATTERED:
        report(hotspot_reports, cell, 1)
    report(hotspot_reports, DARK_PATH, 1, category="other", type_="Trasig belysning")
    for i in range(6):
        respond(
            hotspot_survey,
            [
                place(CLUSTER, ["dark", "gathering"], ["evening", "night"]),
                place(RING[i], ["gathering"], ["night"]),
            ],
        )
    for _ in range(3):
        respond(hotspot_survey, [place(DARK_PATH, ["dark", "isolated"], ["evening"])])
    # One resident alone in a cell: never public.
    respond(hotspot_survey, [place(SCATTERED[3], ["other"], ["day"])])
    # A flagged response is left out, as insight leaves it out.
    respond(hotspot_survey, [place(SCATTERED[5], ["drugs"], ["night"])], flagged=True)
    return kungsbacka
