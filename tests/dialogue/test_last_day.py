"""The last day to answer counts, whole and in Swedish time; invitation-only surveys; thanks."""

import datetime
import uuid

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import LAST_DAY
from trygg.background.models import Job
from trygg.background.services import schedule_periodic
from trygg.dialogue import services
from trygg.dialogue.models import Response, Survey
from trygg.dialogue.submission import SubmissionError, create_invitations, submit_response
from trygg.dialogue.tasks import close_finished_surveys

from .test_answering import KEYS, answer_everything, page_url, url

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def survey(onsala):
    survey = services.create_survey(
        onsala.municipality, year=2026, title="Trygghet", question_keys=KEYS
    )
    survey = services.open_survey(survey, closes_on=LAST_DAY)
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    survey.refresh_from_db()
    return survey


def last_day(survey, day: datetime.date) -> Survey:
    Survey.objects.filter(pk=survey.pk).update(closes_on=day)
    survey.refresh_from_db()
    return survey


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def test_the_last_day_itself_still_counts():
    survey = Survey(status=Survey.Status.OPEN, closes_on=TODAY)
    assert not survey.last_day_passed(TODAY)
    assert survey.last_day_passed(TODAY + datetime.timedelta(days=1))
    assert not Survey(status=Survey.Status.OPEN).last_day_passed(TODAY)


@pytest.mark.parametrize(
    ("utc", "passed"),
    [
        # 23.30 on the last day in Stockholm (UTC+1 in December): still open.
        (datetime.datetime(2026, 12, 3, 22, 30, tzinfo=datetime.UTC), False),
        # 00.30 the day after in Stockholm, though still the last day in UTC: closed.
        (datetime.datetime(2026, 12, 3, 23, 30, tzinfo=datetime.UTC), True),
    ],
)
def test_the_last_day_ends_at_midnight_in_stockholm(monkeypatch, utc, passed):
    monkeypatch.setattr(timezone, "now", lambda: utc)
    with timezone.override(datetime.UTC):  # whatever time zone is active
        assert Survey(status=Survey.Status.OPEN, closes_on=TODAY).last_day_passed() is passed


def test_an_answer_after_the_last_day_is_refused_with_the_date(survey):
    last_day(survey, yesterday())
    with pytest.raises(SubmissionError) as refused:
        submit_response(survey, {}, channel=Response.Channel.OPEN, submission_key=uuid.uuid4())
    assert str(refused.value) == (
        f"Sista dag att svara på undersökningen var {date_format(yesterday())}. "
        "Det går inte längre att svara."
    )
    assert not Response.objects.exists()


def test_paper_forms_are_typed_in_after_the_last_day(survey):
    last_day(survey, yesterday())
    submit_response(survey, {}, channel=Response.Channel.PAPER, submission_key=uuid.uuid4())
    assert Response.objects.count() == 1


def test_the_start_page_after_the_last_day_says_so_and_offers_no_start(client, survey):
    last_day(survey, yesterday())
    page = client.get(url(survey, "start")).content.decode()
    assert "Sista dag att svara på undersökningen var" in page
    assert page_url(survey, 1) not in page
    assert 'name="code"' not in page


def test_the_start_page_shows_the_last_day(client, survey):
    last_day(survey, datetime.date(2099, 1, 31))
    page = client.get(url(survey, "start")).content.decode()
    assert "Sista dag att svara" in page and "31 januari 2099" in page


def test_a_resident_who_sends_after_the_last_day_is_told_and_nothing_is_stored(
    client, survey, onsala
):
    client.post(page_url(survey, 1), {"area": str(onsala.pk), "age_group": "25-44"})
    last_day(survey, yesterday())

    response = client.post(page_url(survey, 2), {"feel_safe": "mostly"}, follow=True)

    assert response.redirect_chain[-1][0] == url(survey, "start")
    assert "Det går inte längre att svara" in response.content.decode()
    assert not Response.objects.exists()


def test_a_code_after_the_last_day_is_refused(client, survey):
    [code] = create_invitations(survey, 1)
    last_day(survey, yesterday())
    response = client.post(url(survey, "code"), {"code": code}, follow=True)
    assert "Det går inte längre att svara" in response.content.decode()


def test_without_the_open_link_the_start_page_asks_for_the_code_only(client, survey):
    Survey.objects.filter(pk=survey.pk).update(open_link=False)
    page = client.get(url(survey, "start")).content.decode()
    assert "Svara med koden i ditt brev" in page
    assert 'name="code"' in page
    assert f'href="{page_url(survey, 1)}"' not in page


def test_without_the_open_link_nobody_answers_without_a_code(client, survey, onsala):
    Survey.objects.filter(pk=survey.pk).update(open_link=False)
    response = client.get(page_url(survey, 1), follow=True)
    assert response.redirect_chain[-1][0] == url(survey, "start")
    assert "besvaras med koden i ditt inbjudningsbrev" in response.content.decode()
    with pytest.raises(SubmissionError):
        submit_response(survey, {}, channel=Response.Channel.OPEN, submission_key=uuid.uuid4())


def test_without_the_open_link_a_letters_code_answers(client, survey, onsala):
    Survey.objects.filter(pk=survey.pk).update(open_link=False)
    [code] = create_invitations(survey, 1)
    client.post(url(survey, "code"), {"code": code})
    response = answer_everything(client, survey, onsala)
    assert response["Location"] == url(survey, "thanks")
    assert Response.objects.get().channel == Response.Channel.INVITATION


def test_the_thank_you_page_says_until_when_and_where_the_results_appear(client, survey):
    last_day(survey, datetime.date(2099, 1, 31))
    page = client.get(url(survey, "thanks")).content.decode()
    assert "När och var resultaten kommer" in page
    assert "öppen till och med 31 januari 2099" in page
    assert 'href="http://testserver/kommun/kungsbacka/"' in page


def test_the_thank_you_page_of_a_survey_without_a_last_day(client, survey):
    last_day(survey, None)  # opened before opening asked for one
    page = client.get(url(survey, "thanks")).content.decode()
    assert "När undersökningen har stängt" in page
    assert 'href="http://testserver/kommun/kungsbacka/"' in page


def test_the_thank_you_page_of_a_closed_survey_links_its_results(client, survey):
    services.close_survey(survey)
    page = client.get(url(survey, "thanks")).content.decode()
    results = f"http://testserver/kommun/kungsbacka/dialog/{survey.pk}/resultat/"
    assert f'href="{results}"' in page


def test_surveys_past_their_last_day_are_closed_keeping_that_day(survey, onsala):
    yesterday = datetime.date(2026, 12, 2)
    over = last_day(survey, yesterday)
    lasting = services.open_survey(
        services.create_survey(onsala.municipality, year=2026, title="Pågår", question_keys=KEYS),
        closes_on=LAST_DAY,
    )
    assert services.close_surveys_past_their_last_day(TODAY) == [over]
    over.refresh_from_db()
    lasting.refresh_from_db()
    assert (over.status, over.closes_on) == (Survey.Status.CLOSED, yesterday)
    assert lasting.status == Survey.Status.OPEN
    # The last day itself is not over until it has passed, in Swedish time.
    assert services.close_surveys_past_their_last_day(LAST_DAY) == []
    assert services.close_surveys_past_their_last_day(TODAY) == []


def test_the_worker_closes_finished_surveys_every_hour(survey, run_tasks):
    last_day(survey, timezone.localdate() - datetime.timedelta(days=1))
    schedule_periodic()
    run_tasks()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    done = Job.objects.of(close_finished_surveys).get(status=Job.Status.SUCCEEDED)
    assert done.message == "Stängde 1 undersökning vars sista dag hade passerat."
    assert Job.objects.of(close_finished_surveys).queued().count() == 1
