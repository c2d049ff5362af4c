"""CSV imports of municipal reports and police extracts, by a source's column mapping."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import AreaFactory
from trygg.core.errors import DomainError, ImportProblem
from trygg.geo.cells import cells_for_points
from trygg.situation.models import Category, Incident, ReportColumns, Source, TypeMapping
from trygg.situation.reports import (
    change_type_category,
    create_report_source,
    import_reports,
    parse_date_time,
    preview,
    save_report_columns,
)

pytestmark = pytest.mark.django_db

HEADER = "Ärendenr;Datum;Tid;Kategori;Lat;Lon;Beskrivning\n"


@pytest.fixture
def source(kungsbacka) -> Source:
    source = create_report_source(kungsbacka, "Felanmälan", Source.Kind.MUNICIPAL_REPORTS)
    ReportColumns.objects.create(
        source=source,
        id_column="Ärendenr",
        date_column="Datum",
        time_column="Tid",
        type_column="Kategori",
        latitude_column="Lat",
        longitude_column="Lon",
        text_column="Beskrivning",
    )
    return source


def csv_bytes(lines: list[str], *, encoding: str = "utf-8", header: str = HEADER) -> bytes:
    return (header + "".join(line + "\n" for line in lines)).encode(encoding)


GOOD = [
    "A1;2025-03-14;21:40;Gatubelysning;57,50;12,10;Lampan är trasig",
    "A2;14/03/2025;07:05;Klotter;57.45;12.05;Ring 070-123 45 67",
]


def test_points_are_imported_with_their_cell_and_scrubbed_text(source):
    result = import_reports(source, csv_bytes(GOOD))

    assert (result.read, result.imported, result.points, result.rejected) == (2, 2, 2, [])
    assert (result.encoding, result.delimiter) == ("UTF-8", ";")
    first = Incident.objects.get(source=source, external_id="A1")
    assert first.precision == Incident.Precision.POINT
    assert (first.latitude, first.longitude) == (57.5, 12.1)
    assert first.h3_cell == int(cells_for_points([57.5], [12.1], 9)[0])
    assert first.occurred_at.isoformat() == "2025-03-14T20:40:00+00:00"
    assert first.county_code == "13"
    second = Incident.objects.get(source=source, external_id="A2")
    assert second.summary == "Ring [telefonnummer]"
    assert result.as_json()["per_municipality"] == {"1384": 2}


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_both_encodings_and_delimiters_are_detected(source, encoding, delimiter):
    lines = [
        f"B{n}{delimiter}2025-04-0{n}{delimiter}{delimiter}Skadegörelse{delimiter}"
        f'"57,5"{delimiter}"12,1"{delimiter}"Förstörd bänk, åter"'
        for n in (1, 2)
    ]
    content = csv_bytes(lines, encoding=encoding, header=HEADER.replace(";", delimiter))

    result = import_reports(source, content)

    assert result.imported == 2, result.rejected
    assert result.delimiter == delimiter
    assert result.encoding == ("Windows-1252" if encoding == "cp1252" else "UTF-8")
    assert set(Incident.objects.values_list("type", flat=True)) == {"Skadegörelse"}
    assert Incident.objects.filter(summary="Förstörd bänk, åter").count() == 2


def test_the_mapping_can_fix_the_encoding_and_the_delimiter(source):
    columns = source.columns
    columns.encoding, columns.delimiter = ReportColumns.Encoding.WINDOWS_1252, ","
    columns.id_column = "Id"
    columns.save()
    # "å" in UTF-8 is two bytes that are also Windows-1252 text ("Ã¥"), and the header's
    # semicolons outnumber its commas: the mapping decides both.
    header = "Id,Datum,Tid,Kategori,Lat,Lon,Beskrivning,Not;a;b;c;d;e;f;g\n"
    content = csv_bytes(["C1,2025-04-01,,å,57.5,12.1,a;b;c;d;e;f;g;h"], header=header)

    result = import_reports(source, content)

    assert (result.encoding, result.delimiter) == ("Windows-1252", ",")
    assert Incident.objects.get().type == "Ã¥"


def test_one_datetime_column_and_area_codes(kungsbacka):
    AreaFactory(municipality=kungsbacka, name="Centrum", code="KC1")
    source = create_report_source(kungsbacka, "Trygghetsrapporter", Source.Kind.MUNICIPAL_REPORTS)
    ReportColumns.objects.create(
        source=source, date_column="När", type_column="Vad", area_column="Område"
    )
    content = "När,Vad,Område\n2025-03-14 21:40,Ordningsstörning,kc1\n".encode()

    result = import_reports(source, content)

    incident = Incident.objects.get()
    assert result.imported == 1 and result.points == 0
    assert incident.precision == Incident.Precision.MUNICIPALITY
    assert (incident.latitude, incident.h3_cell) == (None, None)
    assert incident.occurred_at.isoformat() == "2025-03-14T20:40:00+00:00"
    assert len(incident.external_id) == 64


def test_every_rejected_row_has_its_line_and_reason(source, english):
    AreaFactory(municipality=source.municipality, name="Centrum", code="KC1")
    columns = source.columns
    columns.area_column = "Område"
    columns.save()
    header = HEADER.replace("\n", ";Område\n")
    lines = [
        "R1;2025-13-40;;Klotter;57.5;12.1;;",  # line 2
        "R2;i går;;Klotter;57.5;12.1;;",  # 3
        "R3;2025-03-14;25:99;Klotter;57.5;12.1;;",  # 4
        "R4;2025-03-14;;;57.5;12.1;;",  # 5
        "R5;2025-03-14;;Klotter;57.5;;;",  # 6
        "R6;2025-03-14;;Klotter;norr;12.1;;",  # 7
        "R7;2025-03-14;;Klotter;59.3;18.0;;",  # 8: Stockholm
        "R8;2025-03-14;;Klotter;;;;XX9",  # 9
        "R9;2025-03-14;;Klotter;;;;",  # 10
        ";2025-03-14;;Klotter;57.5;12.1;;",  # 11
        '"R10";2025-03-14;;Klotter;57.5;12.1;"två\nrader";KC1',  # 12-13
        "R11;2025-03-14;;Klotter;95;12.1;;",  # 14
    ]

    result = import_reports(source, csv_bytes(lines, header=header))

    assert result.imported == 1 and result.read == 12
    assert [(row.line, row.reason) for row in result.rejected] == [
        (2, "the date “2025-13-40” does not exist"),
        (3, "the date “i går” cannot be read"),
        (4, "the date “2025-03-14 25:99” does not exist"),
        (5, "the type is missing"),
        (6, "only one of the two coordinates is given"),
        (7, "the coordinate “norr” is not a number"),
        (8, "the point lies outside Kungsbacka's border"),
        (9, "the area code “XX9” is not one of Kungsbacka's areas"),
        (10, "neither coordinates nor an area code are given"),
        (11, "the id is missing"),
        (14, "the coordinate 95 is not in degrees (WGS 84)"),
    ]
    assert Incident.objects.get().summary == "två\nrader"


def test_unknown_types_count_as_other_until_mapped(source):
    result = import_reports(source, csv_bytes(GOOD))

    assert result.new_types == ["Gatubelysning", "Klotter"]
    assert set(Incident.objects.values_list("category__key", flat=True)) == {"other"}
    assert TypeMapping.objects.get(source=source, type_key="klotter").category.key == "other"
    vandalism = Category.objects.get(key="vandalism")

    assert change_type_category(source, "klotter", vandalism).moved == 1
    assert Incident.objects.get(external_id="A2").category.key == "vandalism"


def test_importing_the_same_file_twice_adds_nothing(source):
    content = csv_bytes([*GOOD, GOOD[0]])
    first = import_reports(source, content)
    second = import_reports(source, content)

    assert (first.imported, first.already_present) == (2, 1)
    assert (second.imported, second.already_present) == (0, 3)
    assert Incident.objects.count() == 2


def test_rows_without_an_id_are_known_by_their_values(kungsbacka):
    source = create_report_source(kungsbacka, "Utdrag", Source.Kind.POLICE_EXTRACT)
    ReportColumns.objects.create(
        source=source,
        date_column="Datum",
        type_column="Brott",
        latitude_column="Lat",
        longitude_column="Lon",
    )
    content = "Datum,Brott,Lat,Lon\n2025-01-01,Misshandel,57.5,12.1\n2025-01-02,Rån,57.5,12.1\n"

    assert import_reports(source, content.encode()).imported == 2
    again = import_reports(source, (content + "2025-01-03,Rån,57.5,12.1\n").encode())
    assert (again.imported, again.already_present) == (1, 2)


def test_a_dry_run_counts_as_the_import_would_and_stores_nothing(source):
    result = import_reports(source, csv_bytes(GOOD), dry_run=True)

    assert (result.imported, result.points, result.dry_run) == (2, 2, True)
    assert not Incident.objects.exists()
    assert not TypeMapping.objects.filter(source_kind="municipal_reports").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (csv_bytes(GOOD) + b"X9;2025-01-01;;Klotter \xe5;57.5;12.1;\n", "UTF-8"),
        (b"PK\x03\x04\x00\x00binary", "not a CSV text file"),
        (b"Datum;Typ\n2025-01-01;Klotter\n", "“Ärendenr”"),
        (b"", "empty"),
    ],
    ids=["wrong encoding half-way", "not CSV", "header without the columns", "empty"],
)
def test_an_unreadable_file_leaves_the_database_as_it_was(source, english, content, message):
    import_reports(source, csv_bytes(["Z1;2025-01-01;;Befintlig;57.5;12.1;"]))
    before = list(Incident.objects.values_list("external_id", flat=True))
    mappings = TypeMapping.objects.count()
    # Many rows first, so that batches were inserted before the broken part is read.
    if "UTF-8" in message:
        rows = [f"N{n};2025-01-01;;Ny typ;57.5;12.1;" for n in range(2500)]
        content = csv_bytes(rows) + b"X9;2025-01-01;;Klotter \xe5;57.5;12.1;\n"

    with pytest.raises(ImportProblem, match=message):
        import_reports(source, content)

    assert list(Incident.objects.values_list("external_id", flat=True)) == before
    assert TypeMapping.objects.count() == mappings


def test_a_utf8_file_with_one_stray_byte_is_refused_not_read_as_windows_1252(source, english):
    import_reports(source, csv_bytes(["Z1;2025-01-01;;Befintlig;57.5;12.1;"]))
    before = list(Incident.objects.values_list("external_id", "type"))
    content = csv_bytes(["A1;2025-03-14;;Skadegörelse;57.5;12.1;Öppen dörr"]) + (
        b"A2;2025-03-14;;Klotter;57.5;12.1;trasig \xff\n"
    )

    with pytest.raises(ImportProblem, match="UTF-8 text except for the byte 0xff on line 3"):
        import_reports(source, content)
    with pytest.raises(ImportProblem, match="line 3"):
        preview(content)

    assert list(Incident.objects.values_list("external_id", "type")) == before
    # Windows-1252 with its own "ö" and "Ö" is still read as what it is.
    result = import_reports(
        source, csv_bytes(["A1;2025-03-14;;Skadegörelse;57.5;12.1;Öppen"], encoding="cp1252")
    )
    assert result.encoding == "Windows-1252"
    assert Incident.objects.get(external_id="A1").type == "Skadegörelse"


def test_a_tab_separated_file_is_read(source):
    content = csv_bytes(GOOD, header=HEADER).replace(b";", b"\t")

    result = import_reports(source, content)

    assert (result.delimiter, result.imported) == ("\t", 2)


def test_coordinates_swapped_or_in_metres_are_rejected_saying_so(source, english):
    lines = [
        "S1;2025-03-14;;Klotter;12.10;57.50;",  # swapped
        "S2;2025-03-14;;Klotter;6375000;319000;",  # SWEREF 99 TM
        "S3;2025-03-14;;Klotter;48.85;2.35;",  # Paris
    ]

    result = import_reports(source, csv_bytes(lines))

    assert result.imported == 0
    reasons = [row.reason for row in result.rejected]
    assert "latitude and the longitude are the wrong way round" in reasons[0]
    assert "in metres, as SWEREF 99 TM" in reasons[1]
    assert reasons[2] == "the point lies outside Kungsbacka's border"


def test_the_mapping_needs_a_place_and_columns_the_file_has(source):
    columns = ReportColumns(source=Source(pk=source.pk), date_column="Datum", type_column="Typ")
    with pytest.raises(DomainError):
        save_report_columns(columns, ["Datum", "Typ"])
    columns.area_column = "Område"
    with pytest.raises(DomainError):
        save_report_columns(columns, ["Datum", "Typ"])


def test_the_preview_shows_the_header_and_first_rows(source):
    shown = preview(csv_bytes(GOOD * 4, encoding="cp1252"))

    assert shown.header[0] == "Ärendenr"
    assert len(shown.rows) == 5
    assert shown.layout.encoding_name == "Windows-1252"
    assert shown.rows[1][-1] == "Ring [telefonnummer]"


@pytest.mark.parametrize(
    ("date", "time", "expected"),
    [
        ("2025-03-14", "", "2025-03-14T00:00:00+01:00"),
        ("14/03/2025", "", "2025-03-14T00:00:00+01:00"),
        ("14.3.2025", "9.05", "2025-03-14T09:05:00+01:00"),
        ("2025-03-14 21:40", "", "2025-03-14T21:40:00+01:00"),
        ("2025-07-01T06:30:15", "", "2025-07-01T06:30:15+02:00"),
        # ISO exports: fractions of a second, an offset, UTC.
        ("2025-07-01T06:30:15.250", "", "2025-07-01T06:30:15+02:00"),
        ("2025-07-01 06:30:15+02:00", "", "2025-07-01T06:30:15+02:00"),
        ("2025-07-01T04:30:15Z", "", "2025-07-01T04:30:15+00:00"),
        ("1/3/2025", "", "2025-03-01T00:00:00+01:00"),
    ],
)
def test_dates_in_the_usual_forms(date, time, expected):
    assert parse_date_time(date, time).isoformat() == expected


def test_the_command_prints_the_summary_as_json(source, tmp_path, capsys, english):
    path = tmp_path / "felanmalan.csv"
    path.write_bytes(csv_bytes(GOOD))

    call_command("import_reports", "1384 felanmälan", str(path), "--json")

    summary = json.loads(capsys.readouterr().out)
    assert (summary["read"], summary["imported"], summary["already_present"]) == (2, 2, 0)
    assert summary["rejected"] == [] and summary["per_municipality"] == {"1384": 2}
    path.write_bytes(csv_bytes([*GOOD, "A3;2025-03-15;;Klotter;57.5;12.1;"]))
    call_command("import_reports", str(source.pk), str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Would import 1 incident (1 with a point) of 3 rows read" in out
    assert "Nothing was stored (dry run)." in out
    assert Incident.objects.count() == 2


def test_the_command_refuses_an_unknown_source(source, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_reports", "1384 Okänd", str(tmp_path / "x.csv"))
