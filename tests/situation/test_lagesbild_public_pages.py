"""The public lägesbild's addresses: what is not published is not found, never an error."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from tests.factories import LAST_DAY, ResponseFactory
from tests.insight.test_exports import FEELINGS
from tests.insight.test_places import A, place
from trygg.dialogue import services
from trygg.dialogue.models import Survey
from trygg.insight import snapshots
from trygg.situation.lagesbild import as_json, build_lagesbild
from trygg.situation.report import report_html

from .lagesbild_data import SECRET, category_years, publish, report_context
from .test_lagesbild_public import closed_survey

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def approved(lagesbild_planted):
    publish(lagesbild_planted, YEAR)
    return lagesbild_planted


@pytest.mark.parametrize(
    "path",
    [
        "/kommun/kungsbacka/lagesbild/2025/",
        "/kommun/kungsbacka/lagesbild/0/",
        "/kommun/kungsbacka/lagesbild/99999/",
        "/kommun/kungsbacka/lagesbild/99999999999999999999/",
        "/kommun/kungsbacka/lagesbild/2026abc/",
        "/kommun/kungsbacka/lagesbild/-2026/",
        "/kommun/finns-inte/lagesbild/2026/",
        "/kommun/kungsbacka/lagesbild/2025/lagesbild.pdf",
        "/kommun/kungsbacka/lagesbild/99999999999999999999/lagesbild.pdf",
        "/kommun/finns-inte/lagesbild/2026/lagesbild.pdf",
    ],
)
def test_a_year_or_municipality_without_an_approval_is_not_found(client, approved, path):
    response = client.get(path)

    assert response.status_code == 404
    assert SECRET not in response.content.decode(errors="replace")


def test_the_approved_year_is_found_and_says_what_a_lagesbild_is(client, approved):
    url = reverse("portal:lagesbild", kwargs={"municipality": "kungsbacka", "year": YEAR})

    swedish = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Vad kommunen och polisen vet om trygghet och brott i Kungsbacka" in swedish
    assert "What the municipality and the police know about safety and crime in" in english
    assert client.post(url).status_code == 405, "the page only reads"


def test_the_unsafe_places_link_to_the_surveys_public_map(client, kungsbacka, onsala, settings):
    settings.TRYGG_MAP_MIN_CELL_COUNT = 3
    settings.TRYGG_SUPPRESSION_THRESHOLD = 5
    survey = closed_survey(
        kungsbacka, onsala, [[place(A[i], ["dark"], ["night"])] for i in range(6)]
    )
    publish(kungsbacka, YEAR)
    url = reverse("portal:lagesbild", kwargs={"municipality": "kungsbacka", "year": YEAR})
    map_url = reverse(
        "insight_public:places", kwargs={"municipality": "kungsbacka", "pk": survey.pk}
    )

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    assert f'<a href="{map_url}">Karta över otrygga platser</a>' in page
    assert client.get(map_url).status_code == 200


def test_the_category_table_says_which_columns_are_counts_and_which_rates(lagesbild_planted):
    figures = as_json(build_lagesbild(lagesbild_planted, YEAR, public=True, language="sv"))
    figures["kartlaggning"]["years"] = category_years(2)

    with translation.override("sv"):
        html = report_html(None, report_context(lagesbild_planted, figures))

    start = html.index('id="categories-caption"')
    table = html[start : html.index("</thead>", start)]
    assert '<th scope="colgroup" colspan="3" class="numeric">Polishändelser</th>' in table
    assert '<th scope="colgroup" colspan="4" class="numeric">Per 10 000 invånare 2026</th>' in table
    assert '<th scope="col" class="numeric">Kungsbacka</th>' in table


@pytest.mark.parametrize(("threshold", "shown"), [(5, True), (7, False)])
def test_each_dialogue_figure_says_how_many_answered_unless_it_is_hidden(
    kungsbacka, onsala, settings, threshold, shown
):
    settings.TRYGG_SUPPRESSION_THRESHOLD = threshold
    survey = services.open_survey(
        services.create_survey(
            kungsbacka, year=YEAR, title="Trygghet", question_keys=["area", "feel_safe"]
        ),
        closes_on=LAST_DAY,
    )
    for index in range(6):
        ResponseFactory(
            survey=survey, answers={"area": onsala.pk, "feel_safe": FEELINGS[index % 4]}
        )
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    snapshots.refresh(survey)
    figures = as_json(build_lagesbild(kungsbacka, YEAR, public=True, language="sv"))

    with translation.override("sv"):
        html = report_html(None, report_context(kungsbacka, figures))

    assert ("6 personer svarade på frågan 2026." in html) is shown
    assert ("Visas inte (för få svarande)" in html) is not shown


def test_the_command_says_in_swedish_that_a_year_is_a_number(kungsbacka):
    with pytest.raises(
        CommandError, match="Ange året som ett tal, till exempel 2025, inte 2026abc"
    ):
        call_command("lagesbild", "1384", "--year", "2026abc", "--public", stdout=io.StringIO())
