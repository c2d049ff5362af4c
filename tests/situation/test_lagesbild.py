"""The lägesbild's figures against counts made here from the raw events file and SCB's file.

One import of the shipped 77,974 events serves every check (it takes a while): the
figures, the command's JSON and the PDF made from the same template.
"""

import csv
import datetime as dt
import io
import json
import subprocess

import pytest
from django.core.management import call_command

from trygg.population.services import load_shipped_residents
from trygg.situation.lagesbild import TIME_BANDS, build_lagesbild
from trygg.situation.police_events import is_summary
from trygg.situation.services import import_police_events
from trygg.tenancy.models import Municipality

from .conftest import (
    COUNTIES,
    DATA,
    EVENTS_FILE,
    expected_municipality,
    municipality_lookups,
    municipality_rows,
    raw_events,
)
from .test_comparisons import MONTHS, TYPE_CATEGORIES, shipped_residents, type_key
from .test_lagesbild_language import numbers

pytestmark = pytest.mark.django_db

YEAR = 2025


def own_day(event: dict) -> dt.date:
    """The day in the event's name, in the year that puts it nearest its publication.

    Not ``test_comparisons.own_date``: a few events are published before the day
    their name gives (a typo at the police: "18 september" published on 26 August).
    """
    day, month_name = event["name"].split(",")[0].split()[:2]
    published = dt.date.fromisoformat(event["datetime"][:10])
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(dt.date(year, MONTHS[month_name[:3]], int(day)))
        except ValueError:  # 29 February
            continue
    return min(candidates, key=lambda candidate: abs(candidate - published))


def own_hour(event: dict) -> int:
    """The hour in the event's name ("02 maj 15.40, …")."""
    return int(event["name"].split(",")[0].split()[2].split(".")[0])


def raw_counts() -> dict:
    """Per municipality and county: the year's events, by category, weekday × band, month."""
    with TYPE_CATEGORIES.open(encoding="utf-8") as file:
        category_of = {type_key(row["type"]): row["category"] for row in csv.DictReader(file)}
    by_name, by_county = municipality_lookups()
    county_of = {row["code"]: row["county"] for row in municipality_rows()}
    counts = {"municipality": {}, "county": {}, "category": {}, "grid": {}, "month": {}}
    for event in raw_events():
        # Summaries and the press office's notices are not incidents (the notice rule
        # is the importer's own, checked in test_police_events.py).
        if event["type"].startswith("Sammanfattning") or is_summary(event):
            continue
        day = own_day(event)
        if day.year != YEAR:
            continue
        code = expected_municipality(event, by_name, by_county)
        location = event["location"]["name"]
        county = COUNTIES[location] if location in COUNTIES else county_of[code]
        counts["municipality"][code] = counts["municipality"].get(code, 0) + 1
        counts["county"][county] = counts["county"].get(county, 0) + 1
        if code == "1384":
            category = category_of.get(type_key(event["type"]), "other")
            counts["category"][category] = counts["category"].get(category, 0) + 1
            hour = own_hour(event)
            band = next(i for i, (low, high) in enumerate(TIME_BANDS) if low <= hour < high)
            key = (day.isoweekday(), band)
            counts["grid"][key] = counts["grid"].get(key, 0) + 1
            counts["month"][day.month] = counts["month"].get(day.month, 0) + 1
    return counts


@pytest.fixture
def real_data(municipalities):
    borders = {
        feature["properties"]["id"]: feature["geometry"]
        for feature in json.loads((DATA / "swedish-municipalities.geojson").read_text())["features"]
    }
    for code, municipality in municipalities.items():
        municipality.border = borders[code]
    Municipality.objects.bulk_update(municipalities.values(), ["border"])
    import_police_events(EVENTS_FILE)
    load_shipped_residents()
    return municipalities


def test_the_figures_command_and_pdf_agree_with_the_raw_files(real_data, tmp_path):
    kungsbacka = real_data["1384"]
    raw = raw_counts()
    residents = shipped_residents()
    county_of = {row["code"]: row["county"] for row in municipality_rows()}
    halland = sum(n for code, n in residents.items() if county_of[code] == "13")

    figures = build_lagesbild(kungsbacka, YEAR, public=False)

    police = figures.police_events
    own = raw["municipality"]["1384"]
    assert police.count == own
    assert police.per_10000 == pytest.approx(10_000 * own / residents["1384"])
    assert police.county_per_10000 == pytest.approx(10_000 * raw["county"]["13"] / halland)
    assert police.country_per_10000 == pytest.approx(
        10_000 * sum(raw["county"].values()) / sum(residents.values())
    )
    similar = [code for code, m in real_data.items() if m.name in police.similar]
    assert len(similar) == 10 and "1384" not in similar
    assert police.similar_per_10000 == pytest.approx(
        10_000
        * sum(raw["municipality"].get(code, 0) for code in similar)
        / sum(residents[code] for code in similar)
    )

    # By category: the year's column is the raw count of each category.
    years = figures.kartlaggning.years
    assert years.years == [2023, 2024, 2025], "the source covers 2022 from September only"
    names = {row.key: row.counts[-1] for row in years.rows if row.counts[-1]}
    assert names == raw["category"]
    assert years.totals[-1] == own
    row = max(years.rows, key=lambda r: r.counts[-1])
    assert row.per_10000 == pytest.approx(10_000 * row.counts[-1] / residents["1384"])

    # When: by the event's own Swedish time.
    when = figures.kartlaggning.when
    assert {
        (day + 1, band): count
        for day, bands in enumerate(when.grid)
        for band, count in enumerate(bands)
        if count
    } == raw["grid"]
    assert [bar.count for bar in when.months] == [raw["month"].get(m, 0) for m in range(1, 13)]
    assert sum(bar.count for bar in when.seasons) == own

    # Sources: what was used, and what was left out for lack of data.
    sources = {source.key: source for source in figures.analys.sources}
    assert sources["police_events"].used and sources["police_events"].records == own
    assert not sources["municipal_reports"].used
    assert not sources["dialogue"].used
    assert figures.analys.hotspots is None and not sources["hotspots"].used

    # The command prints the same figures.
    out = io.StringIO()
    call_command("lagesbild", "1384", "--year", str(YEAR), "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["police_events"]["count"] == own
    assert set(printed["police_events"]) >= {
        "count",
        "per_10000",
        "country_per_10000",
        "county_per_10000",
        "similar_per_10000",
    }
    assert printed["police_events"]["similar_per_10000"] == pytest.approx(police.similar_per_10000)
    assert printed["analys"]["hotspots"] is None and printed["analys"]["priority_places"] == []
    # In English: the same numbers, the texts in English.
    out = io.StringIO()
    call_command("lagesbild", "1384", "--year", str(YEAR), "--json", "--language", "en", stdout=out)
    english = json.loads(out.getvalue())
    assert numbers(english) == numbers(printed)
    assert english["police_events"]["count"] == own
    assert english["kartlaggning"]["when"]["months"][4]["label"] == "May"
    assert printed["kartlaggning"]["when"]["months"][4]["label"] == "maj"

    # The PDF, from the same template: its parts and figures, in text.
    pdf = tmp_path / "lagesbild.pdf"
    call_command("lagesbild", "1384", "--year", str(YEAR), "--pdf", str(pdf), stdout=io.StringIO())
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for heading in ("Kartläggning", "Annan information", "Analys", "Källor"):
        assert heading in text, heading
    assert f"{own:,}".replace(",", "\u00a0") in text or str(own) in text
    assert "Lägesbild 2025, Kungsbacka" in text
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    assert int(pages.split()[1]) >= 2
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    assert sorted(path.name for path in tmp_path.glob("page-*.png"))
