"""Importing the police's open events: what is counted, where it goes, what is refused."""

import datetime
import gzip
import json
from collections import Counter

import pytest
from django.db.models import Count

from trygg.core.errors import ImportProblem
from trygg.situation.models import Category, Incident, Source, TypeMapping
from trygg.situation.police_events import STOCKHOLM
from trygg.situation.services import import_police_events

from .conftest import (
    EVENTS_FILE,
    event,
    event_lines,
    expected_municipality,
    json_lines,
    municipality_lookups,
    raw_events,
    write,
)

pytestmark = pytest.mark.django_db

SLICE = 2000
NOTICE_TYPES = ["Övrigt", "Information"]


def everything() -> dict[str, list]:
    """Every row the import can write, to compare before and after."""
    return {
        "sources": list(Source.objects.values_list("pk", "kind", "name")),
        "mappings": list(TypeMapping.objects.values_list("pk", "type_key", "category_id")),
        "incidents": list(Incident.objects.values_list("pk", "external_id", "category_id")),
    }


def test_the_shipped_file_is_imported_once_counted_by_municipality_and_type(municipalities):
    raw = raw_events()
    by_name, by_county = municipality_lookups()
    summaries = [row for row in raw if row["type"].startswith("Sammanfattning")]
    incidents = [row for row in raw if not row["type"].startswith("Sammanfattning")]
    # Press-office notices are among "Övrigt" and "Information"; all else is an incident.
    certain = [row for row in incidents if row["type"] not in NOTICE_TYPES]
    notices = [row for row in incidents if row["type"] in NOTICE_TYPES]

    first = import_police_events(EVENTS_FILE)

    assert first.read == len(raw) == 77974
    assert first.rejected == []
    assert first.read == first.imported + first.summaries
    press_notices = first.summaries - len(summaries)
    assert 3000 < press_notices < len(notices)
    assert Incident.objects.count() == first.imported == len(incidents) - press_notices

    stored = Counter(
        dict(
            Incident.objects.exclude(type__in=NOTICE_TYPES)
            .filter(municipality__isnull=False)
            .values_list("municipality__code")
            .annotate(count=Count("pk"))
        )
    )
    expected = Counter(expected_municipality(row, by_name, by_county) for row in certain)
    county_only = expected.pop(None)
    assert stored == expected
    assert (
        Incident.objects.exclude(type__in=NOTICE_TYPES).filter(municipality=None).count()
        == county_only
    )
    assert first.county_only == Incident.objects.filter(municipality=None).count()
    assert sum(first.per_municipality.values()) + first.county_only == first.imported
    assert (
        first.per_municipality["1384"] == Incident.objects.filter(municipality__code="1384").count()
    )

    assert Counter(
        dict(
            Incident.objects.exclude(type__in=NOTICE_TYPES)
            .values_list("type")
            .annotate(n=Count("pk"))
        )
    ) == Counter(row["type"].strip() for row in certain)
    assert not Incident.objects.filter(type_key__startswith="sammanfattning").exists()
    assert not Incident.objects.filter(
        type__in=NOTICE_TYPES, summary__icontains="presstalesperson"
    ).exists()
    assert not Incident.objects.exclude(precision__in=["municipality", "county"]).exists()
    assert not Incident.objects.filter(latitude__isnull=False).exists()
    assert not Incident.objects.filter(h3_cell__isnull=False).exists()
    assert first.new_types == []
    assert (
        not Incident.objects.filter(category__key="other")
        .exclude(
            type__in=[
                "Övrigt",
                "Anträffat gods",
                "Djur",
                "Efterlyst person",
                "Information",
                "Lagen om hundar och katter",
                "Luftfartslagen",
                "Miljöbrott",
                "Sjölagen",
                "Skyddslagen",
                "Spridning smitta/kemikalier",
                "Uppdatering",
                "Upphittat föremål",
                "Utlänningslagen",
            ]
        )
        .exists()
    )

    second = import_police_events(EVENTS_FILE)

    assert second.imported == 0
    assert second.already_present == first.imported
    assert second.summaries == first.summaries
    assert Incident.objects.count() == first.imported


def test_events_across_new_year_count_in_the_year_they_happened(municipalities, tmp_path):
    lines = [
        row
        for row in raw_events()
        if row["datetime"].startswith("2026-01-01") and row["name"].startswith("31 december")
    ]
    assert lines

    import_police_events(write(tmp_path, json_lines(lines)))

    for row in lines:
        incident = Incident.objects.get(external_id=str(row["id"]))
        local = incident.occurred_at.astimezone(STOCKHOLM)
        assert (local.year, local.month, local.day) == (2025, 12, 31)
        assert incident.published_at.astimezone(STOCKHOLM).date() == datetime.date(2026, 1, 1)


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("form", ["lines", "array"])
def test_json_lines_and_arrays_gzipped_or_not_import_alike(municipalities, tmp_path, form, gz):
    lines = event_lines(SLICE)
    if form == "lines":
        content = b"".join(lines)
    else:
        content = json.dumps([json.loads(line) for line in lines], indent=2).encode()

    result = import_police_events(write(tmp_path, content, gz=gz))

    assert result.read == SLICE
    assert result.rejected == []
    assert result.imported + result.summaries == SLICE
    assert Incident.objects.count() == result.imported > 1000


def test_an_open_upload_and_bytes_import_too(municipalities, tmp_path):
    content = gzip.compress(b"".join(event_lines(50)))
    path = write(tmp_path, b"".join(event_lines(80)), gz=True)

    from_bytes = import_police_events(content, dry_run=True)
    with open(path, "rb") as upload:
        upload.read(10)  # an upload read before (its type sniffed) is read from the start
        from_upload = import_police_events(upload, dry_run=True)

    assert from_bytes.read == 50
    assert from_upload.read == 80


def test_a_dry_run_counts_as_an_import_would_and_stores_nothing(municipalities, tmp_path):
    path = write(tmp_path, b"".join(event_lines(SLICE)))
    before = everything()

    dry = import_police_events(path, dry_run=True)

    assert everything() == before
    real = import_police_events(path)
    assert dry.as_json() | {"dry_run": False} == real.as_json()


def test_a_county_level_event_without_a_municipality_is_kept_for_its_county(
    municipalities, tmp_path
):
    events = [
        event(id=1, name="02 maj 15.40, Trafikolycka, Hallands län"),
        event(id=2, name="02 maj 15.40, Trafikolycka, Varberg"),
        event(
            id=3, name="02 maj 15.40, Stöld, Upplands väsby", location={"name": "Stockholms län"}
        ),
        event(id=4, name="02 maj 15.40, Stöld, Dals-ed", location={"name": "Västra Götalands län"}),
        event(id=5, name="02 maj 15.40, Stöld, Varberg", location={"name": "Stockholms län"}),
    ]

    result = import_police_events(write(tmp_path, json_lines(events)))

    placed = dict(Incident.objects.values_list("external_id", "municipality__code"))
    assert placed == {"1": None, "2": "1383", "3": "0114", "4": "1438", "5": None}
    assert dict(Incident.objects.values_list("external_id", "county_code")) == {
        "1": "13",
        "2": "13",
        "3": "01",
        "4": "14",
        "5": "01",
    }
    assert result.county_only == 2
    assert result.per_municipality == {"1383": 1, "0114": 1, "1438": 1}
    assert Incident.objects.get(external_id="1").precision == Incident.Precision.COUNTY
    assert Incident.objects.get(external_id="1").county_name == "Hallands län"


def test_summaries_and_press_office_notices_are_counted_not_imported(municipalities, tmp_path):
    events = [
        event(
            id=1, type="Sammanfattning natt", name="02 maj 06.00, Sammanfattning natt, Hallands län"
        ),
        event(
            id=2,
            type="Övrigt",
            summary="Efter klockan 22:00 finns ingen presstalesperson i tjänst.",
        ),
        event(id=3, type="Övrigt", summary="Polisen söker vittnen efter ett inbrott."),
        event(id=4),
    ]

    result = import_police_events(write(tmp_path, json_lines(events)))

    assert (result.read, result.summaries, result.imported) == (4, 2, 2)
    assert set(Incident.objects.values_list("external_id", flat=True)) == {"3", "4"}


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (event(id=None), "has no id"),
        ({k: v for k, v in event().items() if k != "id"}, "has no id"),
        (event(id=""), "has no id"),
        (event(id="x" * 65), "longer than 64"),
        (event(datetime=None), "no publication time"),
        (event(datetime="i går"), "“i går” cannot be read"),
        (event(datetime="2026-02-30 7:00:00 +01:00"), "not a real date"),
        (event(name=""), "has no name"),
        (event(name="Trafikolycka, Varberg"), "own time cannot be read"),
        (event(type=""), "has no type"),
        (event(location={"gps": "56,12"}), "no place"),
        (event(location="Varberg"), "no place"),
        (event(location={"name": "Atlantis"}), "“Atlantis” is neither a municipality nor a county"),
        ([1, 2], "not a JSON object"),
    ],
)
def test_each_bad_event_is_rejected_with_its_line_and_reason(
    municipalities, tmp_path, english, record, reason
):
    content = json_lines([event(id=100), event(id=101)]) + b"\n" + json_lines([record])

    result = import_police_events(write(tmp_path, content))

    assert result.imported == 2
    assert [row.line for row in result.rejected] == [4]
    assert reason in result.rejected[0].reason


def test_a_line_that_is_not_json_is_rejected_and_the_rest_imported(
    municipalities, tmp_path, english
):
    content = json_lines([event(id=1)]) + b'{"id": 2, "name": \n' + json_lines([event(id=3)])

    result = import_police_events(write(tmp_path, content))

    assert result.imported == 2
    assert [(row.line, row.reason) for row in result.rejected] == [(2, "the line is not JSON")]


def test_a_rejected_array_element_is_named_by_its_position(municipalities, tmp_path):
    content = json.dumps([event(id=1), event(id=2, type=""), event(id=3)]).encode()

    result = import_police_events(write(tmp_path, content, "events.json"))

    assert [(row.line, row.element) for row in result.rejected] == [(1, 2)]
    assert result.as_json()["rejected"][0]["element"] == 2


def test_a_pretty_printed_array_names_the_line_each_rejected_element_starts_on(
    municipalities, tmp_path, english
):
    records = [event(id=1), event(id=2, type=""), event(id=3), event(id=4, datetime="x")]
    # A byte-order mark, Windows line ends and a blank line before the array.
    content = b"\xef\xbb\xbf\r\n" + json.dumps(records, indent=2).encode().replace(b"\n", b"\r\n")
    lines = content.decode("utf-8-sig").split("\n")
    starts = [number for number, line in enumerate(lines, start=1) if line == "  {\r"]

    result = import_police_events(write(tmp_path, content, "events.json"))

    assert result.imported == 2
    assert [(row.line, row.element) for row in result.rejected] == [(starts[1], 2), (starts[3], 4)]
    assert starts[1] > 10


def test_a_line_too_long_for_an_event_is_rejected_and_the_rest_imported(
    municipalities, tmp_path, english, monkeypatch
):
    from trygg.core import json_records

    monkeypatch.setattr(json_records, "CHUNK", 64)
    monkeypatch.setattr(json_records, "MAX_RECORD", 1 << 10)
    long = json.dumps(event(id=2, summary="x" * 5000)).encode() + b"\n"
    content = json_lines([event(id=1)]) + long + json_lines([event(id=3)])

    result = import_police_events(write(tmp_path, content))

    assert result.imported == 2
    assert [(row.line, row.reason) for row in result.rejected] == [
        (2, "the line is longer than 0 MB")
    ]
    with pytest.raises(ImportProblem, match="line 1 is longer than"):
        import_police_events(write(tmp_path, long + json_lines([event(id=3)])))
    with pytest.raises(ImportProblem, match=r"element 2 of the JSON array \(line 3\) is longer"):
        import_police_events(
            write(tmp_path, b"[\n" + json.dumps(event(id=1)).encode() + b",\n" + long + b"]")
        )


def test_an_event_twice_in_one_file_is_imported_once(municipalities, tmp_path):
    result = import_police_events(write(tmp_path, json_lines([event(), event(), event(id=2)])))

    assert (result.imported, result.already_present) == (2, 1)


def test_a_file_partly_present_imports_exactly_the_new_events_batch_by_batch(
    municipalities, tmp_path, monkeypatch
):
    # Batches of three: new ones copied as they are, a batch with a present id
    # looked up, the batches after it looked up first until one is all new again,
    # an id twice within a batch counted once.
    from trygg.situation import services

    monkeypatch.setattr(services, "INSERT_ROWS", 3)
    monkeypatch.setattr(services, "BATCH_SIZE", 3)
    import_police_events(write(tmp_path, json_lines([event(id=n) for n in (4, 7, 8, 9)]), "a"))
    ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 13, 14]

    result = import_police_events(write(tmp_path, json_lines([event(id=n) for n in ids]), "b"))

    assert (result.imported, result.already_present) == (10, 5)
    stored = sorted(int(pk) for pk in Incident.objects.values_list("external_id", flat=True))
    assert stored == list(range(1, 15))


def test_texts_with_tabs_newlines_backslashes_and_nul_are_stored_as_written(
    municipalities, tmp_path
):
    # On PostgreSQL the rows go in as COPY text, where these characters are escapes.
    summary = "Två\tbilar\\krockade\npå E6:an\r\nvid \\N och \\t"
    records = [
        event(summary=summary, url="/a\\b\tc"),
        event(id=2, summary="Ett NUL\u0000 mitt i", name="02 maj 06.40, Rån\u0000, Varberg"),
        event(id=3, summary=""),
    ]

    result = import_police_events(write(tmp_path, json_lines(records)))

    assert (result.imported, result.rejected) == (3, [])
    stored = {row.external_id: row for row in Incident.objects.all()}
    assert stored["900001"].summary == summary
    assert stored["900001"].url == "/a\\b\tc"
    assert stored["2"].summary == "Ett NUL mitt i"
    assert stored["2"].title == "02 maj 06.40, Rån, Varberg"
    assert stored["3"].summary == ""
    assert stored["3"].latitude is None


def broken_files(tmp_path) -> dict:
    whole = b"".join(event_lines(SLICE))
    compressed = gzip.compress(whole)
    array = json.dumps([json.loads(line) for line in event_lines(SLICE)]).encode()
    latin1 = json_lines([event(id=1)]) + json_lines(
        [event(id=2, name="02 maj 06.40, Brand, Mölndal")]
    ).decode().encode("latin-1")
    return {
        "truncated gzip": compressed[: len(compressed) * 3 // 4],
        "damaged gzip": compressed[:5000] + bytes(200) + compressed[5200:],
        "wrong encoding": whole + latin1,
        "not json": b"kommun;typ;antal\nVarberg;Brand;3\n",
        "cut-off array": array[: len(array) * 3 // 4],
        "empty": b"   \n",
    }


@pytest.mark.parametrize(
    "kind",
    ["truncated gzip", "damaged gzip", "wrong encoding", "not json", "cut-off array", "empty"],
)
def test_an_unreadable_file_leaves_the_database_exactly_as_before(municipalities, tmp_path, kind):
    # An earlier import, so that "as before" is more than empty tables.
    import_police_events(write(tmp_path, json_lines([event(id=1, type="Helt ny typ")])))
    before = everything()
    path = write(tmp_path, broken_files(tmp_path)[kind], "broken")

    with pytest.raises(ImportProblem) as refused:
        import_police_events(path)

    assert everything() == before
    assert "Nothing was imported" in refused.value.message or "Inget" in refused.value.message


def test_a_missing_file_is_refused_by_name(municipalities, tmp_path):
    with pytest.raises(ImportProblem, match="finns inte"):
        import_police_events(tmp_path / "saknas.jsonl")


def test_without_municipalities_nothing_can_be_placed(db, tmp_path):
    with pytest.raises(ImportProblem, match="load-municipalities"):
        import_police_events(write(tmp_path, json_lines([event()])))


def test_a_new_type_counts_as_other_until_it_is_mapped(municipalities, tmp_path):
    from trygg.situation.services import recategorise

    result = import_police_events(write(tmp_path, json_lines([event(type="Drönarlarm")])))

    assert result.new_types == ["Drönarlarm"]
    incident = Incident.objects.get()
    assert incident.category.key == "other"
    mapping = TypeMapping.objects.get(type_key="drönarlarm")
    mapping.category = Category.objects.get(key="public_order")
    mapping.save()
    assert recategorise(mapping) == 1
    incident.refresh_from_db()
    assert incident.category.key == "public_order"


def test_types_written_with_or_without_commas_share_a_category(municipalities, tmp_path):
    events = [event(id=1, type="Rån övrigt"), event(id=2, type="Rån, övrigt")]

    import_police_events(write(tmp_path, json_lines(events)))

    assert set(Incident.objects.values_list("category__key", flat=True)) == {"robbery"}
    assert set(Incident.objects.values_list("type", flat=True)) == {"Rån övrigt", "Rån, övrigt"}


def test_the_progress_is_told_the_share_of_the_file_read(municipalities, tmp_path):
    path = write(tmp_path, b"".join(event_lines(SLICE)), gz=True)
    seen = []

    import_police_events(path, progress=lambda step, done, total: seen.append((done, total)))

    size = path.stat().st_size
    assert seen[0] == (0, size) and seen[-1] == (size, size)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert len(seen) >= 3
