"""Importing SCB's population table: all or nothing, idempotent, every problem named."""

import pytest
from django.utils import translation

from trygg.core.errors import ImportProblem
from trygg.population.models import PopulationCount
from trygg.population.services import PopulationImportProblem, import_population

from .conftest import POPULATION_2020, scb_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def stored(municipality) -> dict[tuple[str, int, str, str], int]:
    return {
        (row.area.name, row.year, row.age_group, row.gender): row.count
        for row in PopulationCount.objects.filter(municipality=municipality).select_related("area")
    }


def test_a_latin_1_file_from_scb_is_imported(municipality, areas):
    content = scb_file(encoding="latin-1")

    result = import_population(municipality, 2020, content)

    assert stored(municipality) == {
        (area, 2020, age, gender): count for (area, age, gender), count in POPULATION_2020.items()
    }
    assert (result.year, result.cells, result.total) == (2020, 30, 17_370)
    assert (result.created, result.updated, result.deleted) == (30, 0, 0)
    assert result.missing_areas == ()


def test_single_years_of_age_are_summed_into_the_age_groups(municipality, areas):
    lines = ['"region";"ålder";"kön";"2020"']
    for area in areas:
        for gender in ("män", "kvinnor"):
            lines += [f'"{area}";"{age} år";"{gender}";"10"' for age in range(0, 100)]
            lines.append(f'"{area}";"100+ år";"{gender}";"3"')

    import_population(municipality, 2020, "\n".join(lines).encode("cp1252"))

    counts = stored(municipality)
    assert counts[("Norr", 2020, "16-24", "woman")] == 90
    assert counts[("Norr", 2020, "25-44", "man")] == 200
    assert counts[("Norr", 2020, "85-", "man")] == 15 * 10 + 3
    assert sum(counts.values()) == 3 * 2 * (84 * 10 + 3)


def test_areas_may_be_named_by_code_and_the_municipalitys_own_row_is_a_total(municipality, areas):
    content = scb_file(notes=False).replace(b"Centrum", b"9999R001 Centrum")
    total = '"9999 Exempelby";"16-24 år";"män";"5000"'

    result = import_population(municipality, 2020, content + total.encode("cp1252") + b"\r\n")

    assert result.cells == 30
    assert result.skipped_lines == 1


def test_importing_the_same_file_again_changes_nothing(municipality, areas):
    import_population(municipality, 2020, scb_file())
    before = list(PopulationCount.objects.values_list("pk", "count"))

    result = import_population(municipality, 2020, scb_file())

    assert list(PopulationCount.objects.values_list("pk", "count")) == before
    assert (result.created, result.updated, result.deleted, result.unchanged) == (0, 0, 0, 30)


def test_importing_a_year_again_replaces_its_counts_and_leaves_other_years(municipality, areas):
    import_population(municipality, 2020, scb_file())
    import_population(municipality, 2022, scb_file(years=(2022,)))
    fewer = {key: count + 1 for key, count in POPULATION_2020.items() if key[0] != "Söder"}

    result = import_population(municipality, 2020, scb_file(fewer))

    counts = stored(municipality)
    assert (result.updated, result.deleted) == (20, 10)
    assert result.missing_areas == ("Söder",)
    assert counts[("Norr", 2020, "16-24", "man")] == POPULATION_2020[("Norr", "16-24", "man")] + 1
    assert not any(area == "Söder" and year == 2020 for area, year, _a, _g in counts)
    assert len([key for key in counts if key[1] == 2022]) == 30


def test_a_dry_run_checks_the_file_and_stores_nothing(municipality, areas):
    result = import_population(municipality, 2020, scb_file(), dry_run=True)

    assert result.dry_run and result.created == 30
    assert not PopulationCount.objects.exists()


def test_without_areas_nothing_can_be_imported(municipality):
    with pytest.raises(ImportProblem, match="no areas yet"):
        import_population(municipality, 2020, scb_file())


def replaced(old: str, new: str) -> bytes:
    return scb_file().replace(old.encode("cp1252"), new.encode("cp1252"), 1)


def appended(*lines: str) -> bytes:
    return scb_file(notes=False) + "".join(line + "\r\n" for line in lines).encode("cp1252")


BAD_FILES = {
    "unknown area": (
        lambda: replaced('"Norr"', '"Nord"'),
        "Line 14: 'Nord' is not one of the areas of Exempelby (Centrum, Norr, Söder).",
    ),
    "unknown age": (
        lambda: replaced('"25-44 år"', '"vuxen"'),
        "Line 6: the age 'vuxen' is not an age or an age group.",
    ),
    "age across two groups": (
        lambda: replaced('"25-44 år"', '"20-44 år"'),
        "Line 6: the ages '20-44 år' do not fit within one of the survey's age groups",
    ),
    "unknown gender": (
        lambda: replaced('"kvinnor"', '"flickor"'),
        "Line 5: the sex 'flickor' is neither kvinnor nor män.",
    ),
    "count not a number": (
        lambda: replaced(";200\r\n", ";..\r\n"),
        "Line 4: the count '..' is not a number.",
    ),
    "negative count": (
        lambda: replaced(";200\r\n", ";-200\r\n"),
        "Line 4: the count -200 is negative.",
    ),
    "duplicate line": (
        lambda: appended('"Centrum";"16-24 år";"män";"200"'),
        "Line 34 repeats line 4: Centrum, 16-24 år, män.",
    ),
    "overlapping ages": (
        lambda: appended('"Centrum";"18 år";"män";"20"'),
        "Line 34 counts ages that line 4 counts too: Centrum, 18 år, män.",
    ),
    "missing combination": (
        lambda: scb_file({k: v for k, v in POPULATION_2020.items() if k != ("Norr", "85-", "man")}),
        "The file has no count for Norr, 85 years or older, man.",
    ),
    "wrong number of columns": (
        lambda: appended('"Centrum";"16 år"'),
        "Line 34 has 2 columns, but the header has 4.",
    ),
    "no header": (
        lambda: "Centrum;16-24 år;män;200\n".encode("cp1252"),
        "No header row was found",
    ),
    "year not in the file": (
        lambda: scb_file(years=(2019,)),
        "The file has no column for 2020, only for 2019.",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_with_the_line_named_and_the_counts_are_unchanged(
    municipality, areas, case
):
    import_population(municipality, 2020, scb_file(years=(2020,)))
    before = stored(municipality)
    make, message = BAD_FILES[case]

    with pytest.raises(PopulationImportProblem) as problem:
        import_population(municipality, 2020, make())

    assert any(message in text for text in problem.value.problems), problem.value.problems
    assert stored(municipality) == before


def test_every_problem_of_a_file_is_listed_not_only_the_first(municipality, areas):
    content = replaced('"Norr"', '"Nord"').replace(b'"kvinnor"', b'"flickor"', 1)

    with pytest.raises(PopulationImportProblem) as problem:
        import_population(municipality, 2020, content)

    assert len(problem.value.problems) == 2


def test_a_wholly_wrong_file_lists_twenty_problems_and_how_many_more(municipality, areas):
    content = scb_file().replace(b'"kvinnor"', b'"flickor"').replace(b'"m\xe4n"', b'"pojkar"')

    with pytest.raises(PopulationImportProblem) as problem:
        import_population(municipality, 2020, content)

    assert len(problem.value.problems) == 21
    assert problem.value.problems[-1] == "… and 10 more problems."


HEADER_ONLY = (
    '"Folkmängden efter region, ålder, kön och år"\r\n\r\n"region";"ålder";"kön";"2020"\r\n'
)


def zeros() -> dict[tuple[str, str, str], int]:
    return dict.fromkeys(POPULATION_2020, 0)


EMPTY_REPLACEMENTS = {
    "only a header line": (
        lambda: HEADER_ONLY.encode("cp1252"),
        "The file has no counts per area under its header row",
    ),
    "a header and the notes": (
        lambda: scb_file({}),
        "The file has no counts per area under its header row",
    ),
    "only the municipality's total": (
        lambda: (HEADER_ONLY + '"9999 Exempelby";"16-24 år";"män";"5000"\r\n').encode("cp1252"),
        "The file has no counts per area under its header row",
    ),
    "every count zero": (lambda: scb_file(zeros()), "Every count in the file is 0."),
}


@pytest.mark.parametrize("case", EMPTY_REPLACEMENTS)
def test_a_file_that_would_empty_the_year_is_refused_and_nothing_changes(municipality, areas, case):
    import_population(municipality, 2020, scb_file())
    before = list(PopulationCount.objects.order_by("pk").values_list("pk", "count"))
    make, message = EMPTY_REPLACEMENTS[case]

    with pytest.raises(PopulationImportProblem) as problem:
        import_population(municipality, 2020, make())

    assert len(problem.value.problems) == 1
    assert problem.value.problems[0].startswith(message), problem.value.problems
    assert "the counts for 2020 are as before" in problem.value.problems[0]
    assert list(PopulationCount.objects.order_by("pk").values_list("pk", "count")) == before


def test_a_dry_run_of_a_header_only_file_is_refused_too(municipality, areas):
    with pytest.raises(PopulationImportProblem):
        import_population(municipality, 2020, HEADER_ONLY.encode("cp1252"), dry_run=True)


def test_a_file_with_one_area_at_zero_is_still_imported(municipality, areas):
    # A district may have no residents (an industrial area); only a file of nobody is wrong.
    counts = {key: 0 if key[0] == "Söder" else count for key, count in POPULATION_2020.items()}

    result = import_population(municipality, 2020, scb_file(counts))

    assert result.cells == 30
    assert stored(municipality)[("Söder", 2020, "16-24", "man")] == 0


def test_a_line_too_long_for_csv_is_a_problem_of_that_line_not_a_crash(municipality, areas):
    content = appended('"Centrum";"16-24 år";"män";"' + "9" * 200_000 + '"')

    with pytest.raises(PopulationImportProblem) as problem:
        import_population(municipality, 2020, content)

    assert problem.value.problems == [
        "Line 34 cannot be read as a row of the table: a field is far too long. "
        "Is the file a text export from SCB?"
    ]
    assert not PopulationCount.objects.exists()


def test_a_missing_file_is_named_in_the_users_language(municipality, areas, tmp_path):
    with translation.override("sv"), pytest.raises(ImportProblem) as problem:
        import_population(municipality, 2020, tmp_path / "saknas.csv")

    assert problem.value.message == f"Filen {tmp_path / 'saknas.csv'} finns inte."


def test_an_excel_file_instead_of_scbs_text_export_is_refused_in_swedish(municipality, areas):
    with translation.override("sv"), pytest.raises(ImportProblem) as refused:
        import_population(municipality, 2020, b"PK\x03\x04\x81\x8d\x8f\x90\x9d" * 10)
    assert "inte en textfil" in str(refused.value.message)
    assert not PopulationCount.objects.exists()
