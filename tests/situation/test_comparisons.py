"""Rates per 10,000 residents against the county, similar municipalities and the country."""

import csv
import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from trygg.population.models import MunicipalityResidents
from trygg.population.services import load_shipped_residents
from trygg.situation.comparisons import Basis, Scope, compare_rates, residents_year
from trygg.situation.models import Category, Incident, Source
from trygg.situation.services import import_police_events
from trygg.tenancy.models import Municipality, MunicipalityGroup

from .conftest import (
    COUNTIES,
    DATA,
    EVENTS_FILE,
    expected_municipality,
    municipality_lookups,
    municipality_rows,
    raw_events,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONTH_NAMES = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
TYPE_CATEGORIES = DATA.parent / "situation" / "data" / "police_event_types.csv"


def type_key(text: str) -> str:
    return " ".join(text.replace(",", " ").split()).casefold()


def own_date(event: dict) -> dt.date:
    """The day in the event's name ("02 maj 15.40, …"), its year from the publication."""
    day, month_name = event["name"].split(",")[0].split()[:2]
    month = MONTHS[month_name[:3]]  # "maj", "mars", "juni"
    published = dt.date.fromisoformat(event["datetime"][:10])
    year = published.year - (1 if month > published.month else 0)
    return dt.date(year, month, int(day))


def shipped_residents() -> dict[str, int]:
    path = DATA / "scb-population-2024-municipalities.csv"
    with path.open(encoding="utf-8") as file:
        return {row["kommun_kod"]: int(row["population"]) for row in csv.DictReader(file)}


def test_the_real_events_give_the_rates_computed_from_the_raw_file(municipalities):
    borders = {
        feature["properties"]["id"]: feature["geometry"]
        for feature in json.loads((DATA / "swedish-municipalities.geojson").read_text())["features"]
    }
    for code, municipality in municipalities.items():
        municipality.border = borders[code]
    Municipality.objects.bulk_update(municipalities.values(), ["border"])
    import_police_events(EVENTS_FILE)
    load_shipped_residents()

    with TYPE_CATEGORIES.open(encoding="utf-8") as file:
        category_of = {type_key(row["type"]): row["category"] for row in csv.DictReader(file)}
    by_name, by_county = municipality_lookups()
    county_of = {row["code"]: row["county"] for row in municipality_rows()}
    per_municipality: dict[str | None, int] = {}
    per_county: dict[str, int] = {}
    for event in raw_events():
        if category_of.get(type_key(event["type"])) != "traffic_accidents":
            continue
        if own_date(event).year != 2025:
            continue
        code = expected_municipality(event, by_name, by_county)
        location = event["location"]["name"]
        county = COUNTIES[location] if location in COUNTIES else county_of[code]
        per_municipality[code] = per_municipality.get(code, 0) + 1
        per_county[county] = per_county.get(county, 0) + 1
    residents = shipped_residents()
    halland = sum(n for code, n in residents.items() if county_of[code] == "13")

    comparison = compare_rates(
        municipalities["1384"],
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 1),
        Category.objects.get(key="traffic_accidents"),
    )

    rows = {row.scope: row for row in comparison.rows}
    expected = {
        Scope.MUNICIPALITY: (per_municipality["1384"], residents["1384"]),
        Scope.COUNTY: (per_county["13"], halland),
        Scope.COUNTRY: (sum(per_county.values()), sum(residents.values())),
    }
    for scope, (incidents, people) in expected.items():
        assert (rows[scope].rate.incidents, rows[scope].rate.residents) == (incidents, people)
        assert rows[scope].rate.per_10000 == pytest.approx(10_000 * incidents / people)
    assert per_county["13"] > sum(
        n for code, n in per_municipality.items() if code and county_of[code] == "13"
    ), "the county's count holds its county-level events"

    similar = comparison.similar
    assert similar.basis is Basis.SIZE_AND_DENSITY
    assert len(similar.municipalities) == 10
    codes = [m.code for m in similar.municipalities]
    assert "1384" not in codes
    own = [10_000 * per_municipality.get(code, 0) / residents[code] for code in codes]
    pooled = rows[Scope.SIMILAR].pooled
    assert pooled.rate.incidents == sum(per_municipality.get(code, 0) for code in codes)
    assert pooled.rate.residents == sum(residents[code] for code in codes)
    assert (pooled.lowest, pooled.highest) == (pytest.approx(min(own)), pytest.approx(max(own)))
    # Which year's residents, said in the notes.
    assert (comparison.residents_year.year, comparison.residents_year.exact) == (2024, False)
    assert any("2024" in note and "2025" in note for note in comparison.notes)


def square(lat: float, lon: float, side: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]
        ],
    }


@pytest.fixture
def towns(db) -> dict[str, Municipality]:
    """A town of 50,000 on 0.5° × 0.5°, ten of about its size and density, two far off."""
    specs = {"2000": ("Mitt", 50_000, 0.5)}
    for index in range(10):
        specs[f"20{index + 1:02d}"] = (f"Lik {index}", 40_000 + 2_000 * index, 0.45 + index / 100)
    specs["2090"] = ("Storstad", 900_000, 0.2)  # as many residents as ten of the others
    specs["2091"] = ("Glesbygd", 3_000, 2.0)
    towns = {}
    for code, (name, residents, side) in specs.items():
        towns[code] = Municipality.objects.create(
            code=code,
            name=name,
            slug=name.lower().replace(" ", "-"),
            county_code="20",
            border=square(60.0, 14.0, side),
        )
        MunicipalityResidents.objects.create(
            municipality=towns[code], year=2024, residents=residents
        )
    return towns


def test_without_skr_groups_the_ten_closest_in_size_and_density_are_compared(towns):
    comparison = compare_rates(towns["2000"], dt.date(2025, 1, 1), dt.date(2025, 12, 1))

    chosen = {m.code for m in comparison.similar.municipalities}
    assert comparison.similar.basis is Basis.SIZE_AND_DENSITY
    assert chosen == {f"20{index:02d}" for index in range(1, 11)}
    assert "närmast i antal invånare och invånare per km²" in comparison.similar.describe()


def test_once_skr_groups_are_imported_the_municipalitys_group_is_compared(towns):
    for code in ("2000", "2090", "2091"):
        MunicipalityGroup.objects.create(
            municipality=towns[code],
            group_code="B4",
            group_name="Mindre stad",
            main_group="B. Större städer",
            edition=2023,
        )
    MunicipalityGroup.objects.create(
        municipality=towns["2001"],
        group_code="C9",
        group_name="Landsbygd",
        main_group="C. Landsbygd",
        edition=2023,
    )

    comparison = compare_rates(towns["2000"], dt.date(2025, 1, 1), dt.date(2025, 12, 1))

    assert comparison.similar.basis is Basis.SKR_GROUP
    assert {m.code for m in comparison.similar.municipalities} == {"2090", "2091"}
    assert "B4 Mindre stad" in comparison.similar.describe()


def incident(municipality, county: str, when: dt.datetime, number: int, *, county_only=False):
    source, _ = Source.objects.get_or_create(kind=Source.Kind.POLICE_EVENTS, name="Polisen")
    return Incident.objects.create(
        source=source,
        external_id=str(number),
        municipality=None if county_only else municipality,
        county_code=county,
        occurred_at=when,
        type="Misshandel",
        type_key="misshandel",
        category=Category.objects.get(key="violence"),
        precision=Incident.Precision.COUNTY if county_only else Incident.Precision.MUNICIPALITY,
    )


def test_county_level_events_count_for_the_county_and_the_country_only(towns):
    other = Municipality.objects.create(code="1384", name="Kungsbacka", slug="k", county_code="13")
    MunicipalityResidents.objects.create(municipality=other, year=2024, residents=85_000)
    when = dt.datetime(2025, 3, 1, 12, tzinfo=STOCKHOLM)
    incident(towns["2000"], "20", when, 1)
    incident(towns["2000"], "20", when, 2)
    incident(None, "20", when, 3, county_only=True)
    incident(other, "13", when, 4)
    # On New Year's Eve at 23:30 in Sweden (22:30 UTC): still 2025.
    incident(towns["2000"], "20", dt.datetime(2025, 12, 31, 22, 30, tzinfo=dt.UTC), 5)
    incident(towns["2000"], "20", dt.datetime(2026, 1, 1, 0, 30, tzinfo=STOCKHOLM), 6)

    rows = {
        row.scope: row.rate
        for row in compare_rates(towns["2000"], dt.date(2025, 1, 1), dt.date(2025, 12, 1)).rows
    }

    county_residents = 50_000 + sum(40_000 + 2_000 * i for i in range(10)) + 900_000 + 3_000
    assert rows[Scope.MUNICIPALITY].incidents == 3
    assert rows[Scope.MUNICIPALITY].per_10000 == pytest.approx(10_000 * 3 / 50_000)
    assert (rows[Scope.COUNTY].incidents, rows[Scope.COUNTY].residents) == (4, county_residents)
    assert (rows[Scope.COUNTRY].incidents, rows[Scope.COUNTRY].residents) == (
        5,
        county_residents + 85_000,
    )


def test_the_residents_are_the_latest_year_up_to_the_period_or_else_the_first(towns):
    MunicipalityResidents.objects.filter(year=2024).update(year=2023)
    MunicipalityResidents.objects.create(municipality=towns["2000"], year=2025, residents=51_000)

    assert (residents_year(2026).year, residents_year(2026).exact) == (2025, False)
    assert (residents_year(2025).year, residents_year(2025).exact) == (2025, True)
    assert (residents_year(2024).year, residents_year(2024).exact) == (2023, False)
    assert (residents_year(2020).year, residents_year(2020).exact) == (2023, False)
    assert "tidigaste" in residents_year(2020).describe(2020)
