"""The public lägesbild's addresses: what is not published is not found, never an error."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tests.insight.test_places import A, place
from trygg.situation.lagesbild import as_json, build_lagesbild
from trygg.situation.lagesbild_services import approve_lagesbild, refresh_lagesbild
from trygg.situation.report import report_html

from .lagesbild_data import SECRET, category_years, report_context
from .test_lagesbild_public import closed_survey

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def approved(lagesbild_planted):
    refresh_lagesbild(lagesbild_planted, YEAR)
    approve_lagesbild(
        lagesbild_planted,
        YEAR,
        approved_on=dt.date(2026, 3, 2),
        approved_by="Styrgruppen",
        recorded_by=None,
    )
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
    refresh_lagesbild(kungsbacka, YEAR)
    approve_lagesbild(
        kungsbacka,
        YEAR,
        approved_on=dt.date(2026, 3, 2),
        approved_by="Styrgruppen",
        recorded_by=None,
    )
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
