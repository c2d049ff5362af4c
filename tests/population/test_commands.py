"""The thin commands over the import and the weighting."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from trygg.population.models import PopulationCount, ResponseWeight

from .conftest import POPULATION_2020, respond, scb_file, skewed_respondents

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


def test_import_population_refuses_a_header_only_file_and_keeps_the_year(
    municipality, areas, population_file, tmp_path
):
    call_command("import_population", "9999", str(population_file), "--year", "2020")
    header_only = tmp_path / "bara-rubrik.csv"
    header_only.write_bytes('"region";"ålder";"kön";"2020"\r\n'.encode("cp1252"))

    with pytest.raises(CommandError, match="no counts per area under its header row"):
        call_command("import_population", "9999", str(header_only), "--year", "2020")

    assert PopulationCount.objects.filter(year=2020).count() == 30


def test_import_population_refuses_an_all_zero_file_in_swedish(municipality, areas, tmp_path):
    path = tmp_path / "nollor.csv"
    path.write_bytes(scb_file(dict.fromkeys(POPULATION_2020, 0)))

    with translation.override("sv"), pytest.raises(CommandError) as error:
        call_command("import_population", "9999", str(path), "--year", "2020")

    assert str(error.value) == (
        "Alla antal i filen är 0. Kontrollera att du har exporterat befolkningstabellen och "
        "rätt år. Inget har ändrats: antalen för 2020 är desamma som förut."
    )
    assert not PopulationCount.objects.exists()
