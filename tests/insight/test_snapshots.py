"""Results pages read snapshots that the background worker computes, never the answers."""

import uuid

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import LAST_DAY, AreaFactory
from trygg.background.models import Job
from trygg.dialogue import services
from trygg.dialogue.models import Response, Survey
from trygg.dialogue.submission import submit_response
from trygg.insight import snapshots
from trygg.insight.models import ResultsSnapshot
from trygg.insight.tasks import refresh_results

pytestmark = pytest.mark.django_db

FEELINGS = ["always", "mostly", "seldom", "never"]


def answer(survey: Survey, count: int) -> None:
    area = survey.municipality.areas.first()
    for index in range(count):
        submit_response(
            survey,
            {"area": area.pk, "feel_safe": FEELINGS[index % 4]},
            channel=Response.Channel.PAPER,
            submission_key=uuid.uuid4(),
        )


@pytest.fixture
def survey(settings, kungsbacka):
    settings.TRYGG_SUPPRESSION_THRESHOLD = 10
    AreaFactory(municipality=kungsbacka, name="Onsala")
    survey = services.open_survey(
        services.create_survey(
            kungsbacka, year=2026, title="Trygghet", question_keys=["area", "feel_safe"]
        ),
        closes_on=LAST_DAY,
    )
    answer(survey, 40)
    return services.close_survey(survey)


def results_url(survey: Survey) -> str:
    return reverse("insight_public:results", args=[survey.municipality.slug, survey.pk])


def everyone_n(snapshot: snapshots.Snapshot) -> int:
    feel_safe = next(result for result in snapshot.results if result.key == "feel_safe")
    return feel_safe.groups["overall"][0].n


def test_the_worker_stores_a_snapshot_of_the_current_data_version(survey, run_tasks):
    run_tasks()

    survey.refresh_from_db()
    snapshot = snapshots.latest(survey)
    assert snapshot.data_version == survey.data_version > 0
    assert not snapshot.stale and everyone_n(snapshot) == 40
    assert Job.objects.of(refresh_results, survey).get().status == Job.Status.SUCCEEDED


def test_a_snapshot_holds_what_survey_results_returns(survey, run_tasks):
    from trygg.insight.results import survey_results

    run_tasks()

    assert snapshots.latest(survey).results == survey_results(survey)


def test_before_the_first_snapshot_the_page_says_the_results_are_being_computed(client, survey):
    page = client.get(results_url(survey)).content.decode()

    assert "Resultaten räknas fram" in page
    assert 'id="fraga-feel_safe"' not in page
    assert "background/js/job.js" in page


def test_with_the_worker_stopped_the_page_shows_the_last_snapshot_and_says_it_is_old(
    client, survey, run_tasks
):
    run_tasks()
    answer(survey, 5)  # paper forms still come in after the survey closed

    page = client.get(results_url(survey), {"visa": "overall"}).content.decode()

    # The snapshot's 40 answers, not the 45 now stored: nothing was computed.
    feel_safe = page[page.index('id="fraga-feel_safe"') :]
    assert "40 personer svarade" in feel_safe and "45 personer svarade" not in feel_safe
    assert "Siffrorna räknades fram" in page
    assert "Nyare svar räknas in just nu" in page
    run_tasks()
    assert "45 personer svarade" in client.get(results_url(survey)).content.decode()


def test_many_new_responses_queue_one_refresh_not_one_each(survey, run_tasks):
    run_tasks()

    answer(survey, 25)

    assert Job.objects.of(refresh_results, survey).queued().count() == 1
    waiting = DBTaskResult.objects.filter(task_path=refresh_results.module_path, status="READY")
    assert waiting.count() == 1


def test_a_response_during_a_refresh_queues_the_next_one(survey, run_tasks):
    run_tasks()
    answer(survey, 1)
    job = Job.objects.of(refresh_results, survey).queued().get()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)

    answer(survey, 1)

    assert Job.objects.of(refresh_results, survey).queued().count() == 1


def test_a_snapshot_made_under_a_lower_threshold_is_not_shown(client, survey, run_tasks, settings):
    run_tasks()
    settings.TRYGG_SUPPRESSION_THRESHOLD = 50

    page = client.get(results_url(survey)).content.decode()

    assert "Resultaten räknas fram" in page and 'id="fraga-feel_safe"' not in page
    assert Job.objects.of(refresh_results, survey).queued().exists()
    run_tasks()
    assert ResultsSnapshot.objects.get(survey=survey, language="sv").threshold == 50


def test_an_older_refresh_never_replaces_a_newer_snapshot(survey, run_tasks):
    run_tasks()
    stored = ResultsSnapshot.objects.get(survey=survey, language="sv")
    ResultsSnapshot.objects.filter(pk=stored.pk).update(data_version=stored.data_version + 5)

    snapshots.refresh(survey)

    assert ResultsSnapshot.objects.get(pk=stored.pk).data_version == stored.data_version + 5


def test_the_staff_files_wait_for_the_first_snapshot(client, survey):
    from tests.factories import member
    from trygg.tenancy.models import Role

    client.force_login(member(survey.municipality, Role.VIEWER))

    response = client.get(reverse("insight:results_csv", args=[survey.pk]))

    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "Resultaten räknas fram" in response.content.decode()
