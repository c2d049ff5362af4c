"""Open surveys are findable: first on the home page and the municipality page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trygg.dialogue.models import Survey
from trygg.dialogue.services import close_survey

from ..factories import MunicipalityFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def open_until(municipality, last_day: datetime.date | None, **fields) -> Survey:
    """An open survey of ``municipality`` whose last day to answer is ``last_day``."""
    survey = SurveyFactory(municipality=municipality, status=Survey.Status.OPEN, **fields)
    # Opened a month ago, so that a last day in the past is still after the opening.
    opened = timezone.localdate() - datetime.timedelta(days=30)
    Survey.objects.filter(pk=survey.pk).update(opens_on=opened, closes_on=last_day)
    survey.refresh_from_db()
    return survey


def banner(response) -> str:
    """The open-survey banner's HTML, or "" if the page has none."""
    html = response.content.decode()
    start = html.find('<section class="open-surveys"')
    if start == -1:
        return ""
    return html[start : html.index("</section>", start)]


@pytest.fixture
def kungsbacka(db):
    return MunicipalityFactory(name="Kungsbacka", slug="kungsbacka")


def test_the_home_page_lists_every_municipalitys_open_survey_with_its_last_day(client, kungsbacka):
    varberg = MunicipalityFactory(name="Varberg", slug="varberg")
    open_until(kungsbacka, datetime.date(2099, 1, 31), title="Trygghetsundersökning")
    survey = open_until(varberg, datetime.date(2099, 2, 15), title="Trygghetsenkät")

    found = banner(client.get(reverse("portal:home")))

    assert "Enkäter du kan svara på nu" in found
    assert "Trygghetsundersökning 2026" in found and "Kungsbacka" in found
    assert "Trygghetsenkät 2026" in found and "Varberg" in found
    assert "Sista dag att svara" in found
    assert '<time datetime="2099-01-31">31 januari 2099</time>' in found
    assert '<time datetime="2099-02-15">15 februari 2099</time>' in found
    # The one closing first comes first.
    assert found.index("Kungsbacka") < found.index("Varberg")
    assert reverse("answer:start", args=["varberg", survey.pk]) in found
    assert found.count("Svara på enkäten") == 2


def test_the_municipality_page_shows_its_open_survey_first_after_the_heading(client, published):
    survey = open_until(published.municipality, datetime.date(2099, 1, 31))

    response = client.get(reverse("portal:municipality", args=["kungsbacka"]))
    html = response.content.decode()

    found = banner(response)
    assert "Svara på enkäten nu" in found
    assert "31 januari 2099" in found
    assert reverse("answer:start", args=["kungsbacka", survey.pk]) in found
    assert html.index("</h1>") < html.index('class="open-surveys"') < html.index("facts")


def test_the_municipality_page_without_an_agreement_shows_its_open_survey(client, kungsbacka):
    open_until(kungsbacka, datetime.date(2099, 1, 31))

    found = banner(client.get(reverse("portal:municipality", args=["kungsbacka"])))

    assert "31 januari 2099" in found


def test_a_survey_without_a_last_day_is_shown_without_a_date(client, kungsbacka):
    open_until(kungsbacka, None)

    found = banner(client.get(reverse("portal:home")))

    assert "Svara på enkäten" in found
    assert "Sista dag att svara" not in found


def test_a_survey_is_shown_on_its_last_day(client, kungsbacka):
    open_until(kungsbacka, timezone.localdate())

    assert "Svara på enkäten" in banner(client.get(reverse("portal:home")))


def test_a_survey_past_its_last_day_is_not_shown(client, kungsbacka):
    open_until(kungsbacka, timezone.localdate() - datetime.timedelta(days=1))

    assert banner(client.get(reverse("portal:home"))) == ""
    assert banner(client.get(reverse("portal:municipality", args=["kungsbacka"]))) == ""


def test_closed_and_draft_surveys_are_not_shown(client, kungsbacka):
    close_survey(open_until(kungsbacka, datetime.date(2099, 1, 31)))
    SurveyFactory(municipality=kungsbacka, status=Survey.Status.DRAFT)

    assert banner(client.get(reverse("portal:home"))) == ""
    assert banner(client.get(reverse("portal:municipality", args=["kungsbacka"]))) == ""


def test_an_invitation_only_survey_sends_residents_to_the_code_in_their_letter(client, kungsbacka):
    survey = open_until(kungsbacka, datetime.date(2099, 1, 31))
    Survey.objects.filter(pk=survey.pk).update(open_link=False)

    found = banner(client.get(reverse("portal:home")))

    assert "Svara med koden i ditt brev" in found
    assert "Skriv in din kod" in found
    assert reverse("answer:start", args=["kungsbacka", survey.pk]) + "#id_code" in found
    assert "Svara på enkäten<" not in found
