"""Staff pages: population counts and their import, a survey's weights and their recompute."""

from unittest.mock import patch

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.factories import AreaFactory, MunicipalityFactory, member
from trygg.background.models import Job
from trygg.background.services import JobProgress
from trygg.dialogue.services import create_survey
from trygg.population.models import PopulationCount, ResponseWeight
from trygg.population.services import import_population, weight_survey
from trygg.population.tasks import weigh_survey
from trygg.tenancy.models import Role

from .conftest import POPULATION_2020, respond, scb_file, skewed_respondents

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def counts_url(municipality) -> str:
    return reverse("population:counts", kwargs={"municipality": municipality.code})


def import_url(municipality) -> str:
    return reverse("population:import", kwargs={"municipality": municipality.code})


def weights_url(survey) -> str:
    return reverse("population:weights", kwargs={"pk": survey.pk})


def compute_url(survey) -> str:
    return reverse("population:weights_compute", kwargs={"pk": survey.pk})


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("befolkning.csv", content, "text/csv")


@pytest.fixture
def other():
    """Another municipality with its own areas, survey and counts."""
    municipality = MunicipalityFactory(name="Grannby", code="9998", slug="grannby")
    for name in ("Centrum", "Norr", "Söder"):
        AreaFactory(municipality=municipality, name=name)
    import_population(municipality, 2020, scb_file())
    survey = create_survey(municipality, year=2020, title="Trygghet", question_keys=["area"])
    return municipality, survey


def test_the_urls_are_in_swedish_under_staff(municipality, survey):
    assert counts_url(municipality) == "/staff/9999/befolkning/"
    assert import_url(municipality) == "/staff/9999/befolkning/importera/"
    assert weights_url(survey) == f"/staff/dialog/{survey.pk}/vikter/"


@pytest.mark.parametrize("role", list(Role))
def test_every_member_sees_the_margins_per_year(client, municipality, areas, role):
    import_population(municipality, 2020, scb_file())
    client.force_login(member(municipality, role))

    response = client.get(counts_url(municipality))

    assert response.status_code == 200
    assert "2020" in response.text and "17,370" in response.text  # English: a comma groups
    assert "Söder" in response.text and "85 years or older" in response.text
    # Only who may import sees the import, at the top and as the form below.
    can_import = role in {Role.ANALYST, Role.COORDINATOR, Role.ADMIN}
    assert (import_url(municipality) in response.text) is can_import
    assert ('id="import-heading"' in response.text) is can_import


def test_a_coordinator_imports_a_file_and_returns_to_the_counts(client, municipality, areas):
    client.force_login(member(municipality, Role.COORDINATOR))

    response = client.post(
        import_url(municipality), {"file": upload(scb_file()), "year": "2020"}, follow=True
    )

    assert response.redirect_chain[-1][0] == counts_url(municipality)
    assert PopulationCount.objects.filter(municipality=municipality, year=2020).count() == 30
    assert "Imported." in response.text


def test_a_coordinator_is_offered_the_import_and_a_viewer_is_not(client, municipality, areas):
    client.force_login(member(municipality, Role.COORDINATOR))
    assert import_url(municipality) in client.get(counts_url(municipality)).text

    client.force_login(member(municipality, Role.VIEWER))
    assert import_url(municipality) not in client.get(counts_url(municipality)).text


def test_a_check_only_import_stores_nothing(client, municipality, areas):
    client.force_login(member(municipality, Role.ADMIN))

    response = client.post(
        import_url(municipality),
        {"file": upload(scb_file()), "year": "2020", "dry_run": "on"},
        follow=True,
    )

    assert "Nothing was stored" in response.text
    assert not PopulationCount.objects.exists()


def test_a_bad_file_shows_its_problems_by_line_and_stores_nothing(client, municipality, areas):
    client.force_login(member(municipality, Role.COORDINATOR))
    content = scb_file().replace(b'"Norr"', b'"Nord"', 1)

    response = client.post(import_url(municipality), {"file": upload(content), "year": "2020"})

    assert response.status_code == 200
    assert "Line 14: &#x27;Nord&#x27; is not one of the areas" in response.text
    assert not PopulationCount.objects.exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MODERATOR])
def test_a_member_who_is_no_analyst_cannot_import(client, municipality, areas, role):
    client.force_login(member(municipality, role))

    assert client.get(import_url(municipality)).status_code == 403
    response = client.post(import_url(municipality), {"file": upload(scb_file()), "year": "2020"})
    assert response.status_code == 403
    assert not PopulationCount.objects.exists()


def test_the_weights_page_shows_the_respondents_before_and_after_weighting(
    client, municipality, survey, areas
):
    import_population(municipality, 2020, scb_file())
    respond(survey, skewed_respondents(areas))
    weight_survey(survey)
    client.force_login(member(municipality, Role.VIEWER))

    response = client.get(weights_url(survey))

    assert response.status_code == 200
    assert "Respondents, weighted" in response.text
    assert "Centrum" in response.text and "Woman" in response.text
    assert compute_url(survey) not in response.text


def test_a_coordinator_recomputes_the_weights_in_the_background(
    client, municipality, survey, areas, run_tasks
):
    import_population(municipality, 2020, scb_file())
    responses = respond(survey, skewed_respondents(areas))
    client.force_login(member(municipality, Role.COORDINATOR))
    assert compute_url(survey) in client.get(weights_url(survey)).text

    response = client.post(compute_url(survey), follow=True)

    assert response.redirect_chain[-1][0] == weights_url(survey)
    assert not ResponseWeight.objects.exists()
    assert "Waiting for the background worker" in response.text
    assert "background/js/job.js" in response.text
    run_tasks()
    page = client.get(weights_url(survey)).text
    assert ResponseWeight.objects.count() == len(responses)
    assert f"Weighted {len(responses)} responses to the population of 2020." in page
    assert "background/js/job.js" not in page


def test_clicking_twice_while_the_weighting_waits_queues_it_once(
    client, municipality, survey, areas
):
    import_population(municipality, 2020, scb_file())
    respond(survey, skewed_respondents(areas))
    client.force_login(member(municipality, Role.COORDINATOR))

    client.post(compute_url(survey))
    client.post(compute_url(survey))

    assert Job.objects.of(weigh_survey, survey).count() == 1


def test_a_refused_weighting_is_shown_as_an_error(client, municipality, survey, areas, run_tasks):
    respond(survey, skewed_respondents(areas))
    client.force_login(member(municipality, Role.COORDINATOR))

    client.post(compute_url(survey))
    run_tasks()
    response = client.get(weights_url(survey))

    assert "has no population counts for 2020 or earlier" in response.text
    assert "Failed" in response.text
    assert not ResponseWeight.objects.exists()


def test_the_weighting_reports_its_progress_and_outcome_in_swedish(
    client, municipality, survey, areas, run_tasks
):
    import_population(municipality, 2020, scb_file())
    responses = respond(survey, skewed_respondents(areas))
    client.force_login(member(municipality, Role.COORDINATOR))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    client.post(compute_url(survey))
    job = Job.objects.of(weigh_survey, survey).get()
    seen = []
    report = JobProgress.__call__

    def reported(progress, step, done, total):
        report(progress, step, done, total)
        if progress.job.pk == job.pk:  # not the results' refresh that the new weights queue
            # What the page shows at this moment, read back from the database.
            seen.append(Job.objects.values_list("step", "done", "total").get(pk=job.pk))

    with patch.object(JobProgress, "__call__", reported):
        run_tasks()

    assert seen == [
        ("Läser svaren", 0, 3),
        ("Räknar fram vikter mot befolkningen", 1, 3),
        ("Sparar vikterna", 2, 3),
        ("Vikterna är sparade", 3, 3),
    ]
    page = client.get(weights_url(survey)).text
    assert f"Viktade {len(responses)} svar till befolkningen 2020." in page
    assert "Klart" in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MODERATOR])
def test_a_member_who_is_no_analyst_cannot_recompute(client, municipality, survey, areas, role):
    import_population(municipality, 2020, scb_file())
    respond(survey, skewed_respondents(areas))
    client.force_login(member(municipality, role))

    assert client.post(compute_url(survey)).status_code == 403
    assert not ResponseWeight.objects.exists()


def test_an_analyst_imports_the_population_and_weights_the_survey(
    client, municipality, survey, areas, run_tasks
):
    respond(survey, skewed_respondents(areas))
    client.force_login(member(municipality, Role.ANALYST))

    client.post(import_url(municipality), {"file": upload(scb_file()), "year": "2020"})
    client.post(compute_url(survey))
    run_tasks()

    assert PopulationCount.objects.filter(municipality=municipality, year=2020).exists()
    assert ResponseWeight.objects.filter(response__survey=survey).exists()


def test_recompute_takes_only_post(client, municipality, survey):
    client.force_login(member(municipality, Role.COORDINATOR))

    assert client.get(compute_url(survey)).status_code == 405


@pytest.mark.parametrize("role", list(Role))
def test_nothing_of_another_municipality_is_reachable(client, municipality, other, role):
    other_municipality, other_survey = other
    client.force_login(member(municipality, role))

    assert client.get(counts_url(other_municipality)).status_code == 404
    assert client.get(import_url(other_municipality)).status_code == 404
    assert client.get(weights_url(other_survey)).status_code == 404
    assert client.post(compute_url(other_survey)).status_code == 404
    response = client.post(
        import_url(other_municipality),
        {"file": upload(scb_file(dict.fromkeys(POPULATION_2020, 1))), "year": "2020"},
    )
    assert response.status_code == 404
    assert PopulationCount.objects.filter(municipality=other_municipality, count=1).count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, municipality, survey):
    for url in (counts_url(municipality), import_url(municipality), weights_url(survey)):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_a_header_only_upload_is_refused_in_swedish_and_the_counts_stay(
    client, municipality, areas
):
    import_population(municipality, 2020, scb_file())
    before = list(PopulationCount.objects.order_by("pk").values_list("pk", "count"))
    client.force_login(member(municipality, Role.COORDINATOR))
    header_only = '"region";"ålder";"kön";"2020"\r\n'.encode("cp1252")

    with translation.override("sv"):
        response = client.post(
            import_url(municipality),
            {"file": upload(header_only), "year": "2020"},
            HTTP_ACCEPT_LANGUAGE="sv",
        )

    assert response.status_code == 200
    assert (
        "Filen har inga antal per område under rubrikraden (bara summor eller åldrar under "
        "16, om ens det). Inget har ändrats: antalen för 2020 är desamma som förut."
    ) in response.text
    assert list(PopulationCount.objects.order_by("pk").values_list("pk", "count")) == before


def test_an_all_zero_upload_is_refused_and_stores_nothing(client, municipality, areas):
    client.force_login(member(municipality, Role.COORDINATOR))
    zeros = scb_file(dict.fromkeys(POPULATION_2020, 0))

    response = client.post(import_url(municipality), {"file": upload(zeros), "year": "2020"})

    assert response.status_code == 200
    assert "Every count in the file is 0." in response.text
    assert not PopulationCount.objects.exists()
