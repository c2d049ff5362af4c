"""Reading SCB's population tables: labels, encodings, layouts, and lines that are wrong."""

import math

import pytest

from trygg.population.models import AGE_GROUP_CODES
from trygg.population.scb import (
    AgeGroup,
    ScbProblem,
    decode,
    parse_age,
    parse_gender,
    read_table,
)

from .conftest import scb_file

GROUPS = [AgeGroup.from_code(code) for code in AGE_GROUP_CODES]


@pytest.mark.parametrize(
    ("label", "ages"),
    [
        ("16-24 år", (16, 24)),
        ("25–44 år", (25, 44)),
        ("45 - 64 år", (45, 64)),
        ("17 år", (17, 17)),
        ("85+ år", (85, math.inf)),
        ("85- år", (85, math.inf)),
        ("85-w år", (85, math.inf)),
        ("85 år och äldre", (85, math.inf)),
        ("85 år eller äldre", (85, math.inf)),
        ("100+ år", (100, math.inf)),
        ("totalt ålder", None),
        ("Totalt", None),
    ],
)
def test_scb_age_labels_are_read_as_ages(label, ages):
    assert parse_age(label) == ages


@pytest.mark.parametrize("label", ["ung", "24-16 år", "", "16 till 24"])
def test_labels_that_are_no_ages_are_refused(label):
    with pytest.raises(ValueError):
        parse_age(label)


@pytest.mark.parametrize(
    ("label", "gender"),
    [
        ("kvinnor", "woman"),
        ("Kvinnor", "woman"),
        ("män", "man"),
        ("MÄN", "man"),
        ("women", "woman"),
        ("men", "man"),
        ("totalt", None),
        ("män och kvinnor", None),
    ],
)
def test_scb_sex_labels_are_read_as_the_surveys_genders(label, gender):
    assert parse_gender(label) == gender


def test_a_windows_1252_file_is_read_as_well_as_utf_8():
    text = "region;ålder;kön;2020\r\nSöder;16-24 år;män;12\r\n"

    assert decode(text.encode("cp1252")) == text
    assert decode(text.encode("utf-8")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_the_title_and_the_notes_around_the_table_are_passed_over():
    table = read_table(scb_file(), 2020, GROUPS)

    assert table.year == 2020
    assert len(table.rows) == 30
    assert table.rows[0].line == 4
    assert (table.rows[0].area, table.rows[0].age_group, table.rows[0].gender) == (
        "Centrum",
        "16-24",
        "man",
    )


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_semicolons_commas_and_tabs_all_separate_columns(delimiter):
    table = read_table(scb_file(delimiter=delimiter, encoding="utf-8"), 2020, GROUPS)

    assert len(table.rows) == 30


def test_the_year_picks_its_column_and_without_a_year_a_single_one_is_taken():
    content = scb_file(years=(2020, 2022))

    first = read_table(content, 2020, GROUPS).rows[0].count
    assert read_table(content, 2022, GROUPS).rows[0].count == first + 10
    assert read_table(scb_file(years=(2021,)), None, GROUPS).year == 2021


def test_without_a_year_a_file_of_several_years_is_refused():
    with pytest.raises(ScbProblem) as problem:
        read_table(scb_file(years=(2020, 2022)), None, GROUPS)

    assert problem.value.code == "several_years"
    assert problem.value.params["years"] == [2020, 2022]


def test_a_year_the_file_does_not_have_is_refused():
    with pytest.raises(ScbProblem) as problem:
        read_table(scb_file(), 2019, GROUPS)

    assert problem.value.code == "year_missing"


def test_a_file_without_the_header_is_refused():
    with pytest.raises(ScbProblem) as problem:
        read_table("Centrum;16-24 år;män;12\n".encode(), 2020, GROUPS)

    assert problem.value.code == "no_header"


def test_ages_below_the_surveys_and_total_rows_are_passed_over():
    extra = [
        '"Centrum";"15 år";"män";"40"',
        '"Centrum";"totalt ålder";"män";"999"',
        '"Centrum";"16-24 år";"totalt";"999"',
    ]

    table = read_table(scb_file(extra_lines=extra), 2020, GROUPS)

    assert (len(table.rows), table.skipped) == (30, 3)


def test_every_line_with_a_problem_is_named():
    extra = [
        '"Centrum";"ung";"män";"40"',
        '"Centrum";"16-24 år";"okänt";"40"',
        '"Centrum";"16-24 år";"män";".."',
        '"Centrum";"16-24 år";"män";"-4"',
        '"Centrum";"16-24 år";"män";"4,5"',
        '"Centrum";"16-24 år";"män"',
        '"Centrum";"15-19 år";"män";"4"',
    ]

    table = read_table(scb_file(extra_lines=extra, notes=False), 2020, GROUPS)

    assert len(table.rows) == 30
    found = [(problem.code, problem.params["line"]) for problem in table.problems]
    assert found == [
        ("unknown_age", 34),
        ("unknown_gender", 35),
        ("not_a_number", 36),
        ("negative", 37),
        ("not_whole", 38),
        ("columns", 39),
        ("age_straddles", 40),
    ]
