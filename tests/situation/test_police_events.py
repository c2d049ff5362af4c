"""Reading one police event: its times, its place, whether it is an incident at all."""

import datetime

import pytest

from trygg.situation.models import normalise_type
from trygg.situation.police_events import (
    STOCKHOLM,
    Places,
    Rejected,
    is_summary,
    parse_occurred,
    parse_published,
    read_event,
)

from .conftest import event

PLACES = Places(
    [
        (1, "Varberg", "13"),
        (2, "Kungsbacka", "13"),
        (3, "Upplands Väsby", "01"),
        (4, "Dals-Ed", "14"),
        (5, "Östra Göinge", "12"),
        (6, "Stockholm", "01"),
        (7, "Göteborg", "14"),
        (8, "Falun", "20"),
    ]
)


def test_a_publication_hour_without_its_leading_zero_is_read():
    published = parse_published("2026-05-02 7:32:06 +02:00")

    assert published == datetime.datetime(2026, 5, 2, 5, 32, 6, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2026-05-02 07:32:06 +02:00", 6),
        ("2026-05-02T05:32:06Z", 6),
        ("2026-05-02 7:32:06", 6),
        ("2026-05-02 7:32 +0200", 0),
    ],
)
def test_publication_times_in_other_iso_forms_are_read_too(text, seconds):
    expected = datetime.datetime(2026, 5, 2, 5, 32, seconds, tzinfo=datetime.UTC)

    assert parse_published(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("02 maj 06.40, Trafikolycka, Varberg", (2026, 5, 2, 6, 40)),
        ("26 september 14:21, Mord/dråp, försök, Stockholm", (2026, 9, 26, 14, 21)),
        ("9 juli 23.05, Brand, Varberg", (2026, 7, 9, 23, 5)),
        ("02 sep. 15.40, Stöld, Varberg", (2026, 9, 2, 15, 40)),
        ("02 Okt 15.40, Stöld, Varberg", (2026, 10, 2, 15, 40)),
    ],
)
def test_the_events_own_time_is_read_from_its_name_in_swedish_time(name, expected):
    published = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=STOCKHOLM)

    assert parse_occurred(name, published) == datetime.datetime(*expected, tzinfo=STOCKHOLM)


def test_an_event_of_new_years_eve_published_on_new_years_day_belongs_to_the_old_year():
    published = parse_published("2026-01-01 0:05:56 +01:00")

    occurred = parse_occurred("31 december 23.08, Vållande till kroppsskada, Malmö", published)

    assert occurred == datetime.datetime(2025, 12, 31, 23, 8, tzinfo=STOCKHOLM)


def test_an_event_announced_for_new_years_day_before_it_belongs_to_the_new_year():
    published = parse_published("2025-12-31 22:00:00 +01:00")

    occurred = parse_occurred("01 januari 00.30, Polisinsats/kommendering, Malmö", published)

    assert occurred == datetime.datetime(2026, 1, 1, 0, 30, tzinfo=STOCKHOLM)


@pytest.mark.parametrize("name", ["Trafikolycka, Varberg", "02 smaj 06.40, Brand", "31 juni 10.00"])
def test_a_name_without_a_readable_time_is_rejected(name):
    with pytest.raises(Rejected):
        parse_occurred(name, datetime.datetime(2026, 6, 1, tzinfo=STOCKHOLM))


def test_a_county_level_event_belongs_to_the_municipality_last_in_its_name():
    assert PLACES.locate("Hallands län", "02 maj 15.40, Trafikolycka, Varberg") == ("13", 1)


@pytest.mark.parametrize(
    ("county", "written", "expected"),
    [
        ("Stockholms län", "Upplands väsby", 3),
        ("Västra Götalands län", "Dals-ed", 4),
        ("Skåne län", "Östra göinge", 5),
        ("Västra Götalands län", "Göteborg kommun", 7),
        ("Västra Götalands län", "Göteborgs stad", 7),
        ("Dalarnas län", "Falu kommun", 8),
    ],
)
def test_municipality_names_match_whatever_their_case_and_hyphens(county, written, expected):
    assert PLACES.locate(county, f"02 maj 15.40, Stöld, {written}") == (
        county_code(county),
        expected,
    )


def county_code(county: str) -> str:
    return {
        "Stockholms län": "01",
        "Västra Götalands län": "14",
        "Skåne län": "12",
        "Dalarnas län": "20",
    }[county]


def test_a_municipality_of_another_county_leaves_the_event_county_level():
    assert PLACES.locate("Stockholms län", "02 maj 15.40, Stöld, Varberg") == ("01", None)


@pytest.mark.parametrize("title", ["02 maj 15.40, Stöld, Hallands län", "20 maj 13.09, Stöld, "])
def test_an_event_that_names_no_municipality_stays_county_level(title):
    assert PLACES.locate("Hallands län", title) == ("13", None)


def test_an_event_at_a_municipality_is_placed_there_whatever_its_name_says():
    assert PLACES.locate("upplands väsby", "02 maj 15.40, Stöld, Järfälla") == ("01", 3)


def test_a_municipality_named_officially_is_found_outside_a_county_too():
    assert PLACES.locate("Stockholms stad", "02 maj 15.40, Stöld, Stockholm") == ("01", 6)


def test_an_unknown_place_is_rejected():
    with pytest.raises(Rejected, match="Atlantis"):
        PLACES.locate("Atlantis", "02 maj 15.40, Stöld, Atlantis")


@pytest.mark.parametrize("kind", ["Sammanfattning natt", "Sammanfattning kväll och natt"])
def test_summaries_are_no_incidents(kind):
    assert is_summary(event(type=kind))


@pytest.mark.parametrize(
    "summary",
    [
        "Efter klockan 22:00 finns ingen presstalesperson i tjänst.",
        "Hemsidan/händelser uppdateras inte mer i kväll.",
        "Tillfälligt obemannat i Mediecenter Syd.",
    ],
)
def test_press_office_notices_are_no_incidents(summary):
    assert is_summary(event(type="Övrigt", summary=summary))


@pytest.mark.parametrize(
    ("kind", "summary"),
    [
        ("Övrigt", "En ungdom utsatt för utpressning i Falun kommun."),
        ("Övrigt", "Ungdomar filmade till sociala medier."),
        ("Bedrägeri", "Efter klockan 22:00 finns ingen presstalesperson i tjänst."),
    ],
)
def test_other_events_are_incidents_even_when_they_mention_the_press(kind, summary):
    assert not is_summary(event(type=kind, summary=summary))


def test_type_strings_that_differ_only_in_commas_case_and_spaces_are_one_type():
    assert normalise_type("Rån övrigt") == normalise_type("Rån, övrigt")
    assert normalise_type("Lagen om hundar och katter ") == normalise_type(
        "lagen om hundar och katter"
    )


def test_an_event_is_read_with_both_times_and_no_coordinates():
    read = read_event(event(), PLACES)

    assert read.external_id == "900001"
    assert read.published_at == datetime.datetime(2026, 5, 2, 7, 32, 6, tzinfo=STOCKHOLM)
    assert read.occurred_at == datetime.datetime(2026, 5, 2, 6, 40, tzinfo=STOCKHOLM)
    assert (read.county_code, read.municipality_id) == ("13", 1)
    assert not hasattr(read, "latitude")
