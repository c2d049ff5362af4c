"""The thin commands over the import and the weighting."""

import io

import pytest
from django.core.management import CommandError, call_command

from trygg.population.models import PopulationCount, ResponseWeight

from .conftest import respond, scb_file, skewed_respondents

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def population_file(tmp_path):
    path = tmp_path / "befolkning.csv"
    path.write_bytes(scb_file(years=(2020, 2022)))
    return path


def test_import_population_imports_a_years_column_and_summarises(
    municipality, areas, population_file
):
    out = io.StringIO()

    call_command("import_population", "9999", str(population_file), "--year", "2022", stdout=out)

    assert PopulationCount.objects.filter(year=2022).count() == 30
    assert "Imported 30 counts for 2022" in out.getvalue()


def test_import_population_dry_run_stores_nothing(municipality, areas, population_file):
    out = io.StringIO()

    call_command(
        "import_population",
        "9999",
        str(population_file),
        "--year",
        "2020",
        "--dry-run",
        stdout=out,
    )

    assert "Nothing was stored" in out.getvalue()
    assert not PopulationCount.objects.exists()


def test_import_population_names_every_problem(municipality, areas, tmp_path):
    path = tmp_path / "fel.csv"
    path.write_bytes(scb_file().replace(b'"Norr"', b'"Nord"', 1).replace(b'"kvinnor"', b'"x"', 1))

    with pytest.raises(CommandError) as error:
        call_command("import_population", "9999", str(path), "--year", "2020")

    assert "Line 5" in str(error.value) and "Line 14" in str(error.value)
    assert not PopulationCount.objects.exists()


def test_import_population_of_an_unknown_municipality_is_refused(population_file):
    with pytest.raises(CommandError, match="No municipality has the code 1111"):
        call_command("import_population", "1111", str(population_file))


def test_weight_survey_weights_and_reports(municipality, areas, survey, population_file):
    call_command(
        "import_population", "9999", str(population_file), "--year", "2020", stdout=io.StringIO()
    )
    responses = respond(survey, skewed_respondents(areas))
    out = io.StringIO()

    call_command("weight_survey", str(survey.pk), stdout=out)

    assert ResponseWeight.objects.count() == len(responses)
    assert f"Weighted {len(responses)} responses" in out.getvalue()


def test_weight_survey_reports_a_refusal(survey):
    with pytest.raises(CommandError, match="no population counts"):
        call_command("weight_survey", str(survey.pk))
