"""From the lägesbild's suggested problems to the åtgärdsplan in one step, and back.

The lägesbild is computed for real from planted data: two vandalism alerts (one of a
single cell, so staff data) make vandalism a suggested problem; a dialogue over the
suppression threshold makes its most marked places suggested problems, published in
the public version too.
"""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import MunicipalityFactory, member
from tests.insight.test_places import A, B, place
from tests.situation.lagesbild_data import lagesbild_planted  # noqa: F401 (a fixture)
from tests.situation.test_lagesbild_public import closed_survey
from trygg.plans.models import Evidence, Measure, Problem
from trygg.plans.selectors import suggested_problems
from trygg.plans.services import take_over_suggestion
from trygg.situation.lagesbild_services import approve_lagesbild, refresh_lagesbild, snapshot_of
from trygg.situation.models import Alert
from trygg.tenancy.models import Role

from .factories import ActionPlanFactory, MeasureFactory

pytestmark = pytest.mark.django_db

YEAR = 2026
BUTTON = "Gör till ett problem i åtgärdsplanen"


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.TRYGG_MAP_MIN_CELL_COUNT = 3
    settings.TRYGG_SUPPRESSION_THRESHOLD = 5


@pytest.fixture
def kungsbacka(municipality):
    """The lägesbild's planted data are Kungsbacka's: the plans' municipality."""
    return municipality


@pytest.fixture
def computed(lagesbild_planted, onsala):  # noqa: F811 (the fixture imported above)
    closed_survey(
        lagesbild_planted,
        onsala,
        [[place(A[i], ["dark"], ["night"])] for i in range(4)]
        + [[place(B[i], ["traffic"], ["day"])] for i in range(3)],
    )
    refresh_lagesbild(lagesbild_planted, YEAR)
    return snapshot_of(lagesbild_planted, YEAR, public=False)


def lagesbild_url(municipality) -> str:
    return reverse("situation:lagesbild", kwargs={"municipality": municipality.code, "year": YEAR})


def take_over_url(municipality) -> str:
    return reverse(
        "plans:problem_from_lagesbild", kwargs={"municipality": municipality.code, "year": YEAR}
    )


def suggestion(municipality, title_start: str):
    return next(
        s for s in suggested_problems(municipality, YEAR) if s.title.startswith(title_start)
    )


def test_a_coordinator_makes_a_suggested_problem_a_problem_with_its_evidence_frozen(
    client, coordinator, municipality, computed
):
    client.force_login(coordinator)
    page = client.get(lagesbild_url(municipality)).content.decode()
    assert page.count(BUTTON) == 3, "vandalism and the two most marked places"
    place_key = suggestion(municipality, "Otrygg plats").key
    assert f'name="key" value="{place_key}"' in page

    response = client.post(take_over_url(municipality), {"key": place_key})

    problem = Problem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == problem.get_absolute_url()
    assert (problem.municipality, problem.situation_year) == (municipality, YEAR)
    assert problem.title.startswith("Otrygg plats: ")
    assert problem.suggestion_key == place_key
    assert "Lägesbildens analys för 2026 föreslår att det prioriteras." in problem.description
    evidence = problem.evidence.get()
    assert evidence.kind == Evidence.Kind.LAGESBILD
    assert evidence.rule == "unsafe_places"
    assert evidence.label == computed.figures["analys"]["rules"]["unsafe_places"].rstrip(".")
    assert evidence.figure.startswith("4 svarande")
    assert evidence.source == "Lägesbild 2026"
    assert evidence.lagesbild_computed_at == computed.computed_at
    assert evidence.public, "the public version states the place too"
    assert evidence.history.get().history_user == coordinator
    problem_page = client.get(response["Location"]).content.decode()
    assert "Problemet finns nu i åtgärdsplanen, med sitt underlag." in problem_page
    assert f'href="{lagesbild_url(municipality)}">Lägesbild 2026</a>' in problem_page


def test_the_frozen_evidence_stays_when_the_lagesbild_is_recomputed(
    coordinator, municipality, computed
):
    vandalism = suggestion(municipality, "Skadegörelse")
    problem, created = take_over_suggestion(municipality, YEAR, vandalism.key, coordinator)
    assert created
    assert problem.suggestion_key == "category:vandalism"
    figures = sorted(problem.evidence.values_list("figure", flat=True))
    # An alert is staff data, here even the one the public version shows.
    assert [(e.rule, e.public) for e in problem.evidence.all()] == [("alerts", False)] * 2
    assert {e.category.key for e in problem.evidence.all()} == {"vandalism"}

    Alert.objects.filter(h3_cell__isnull=True).update(observed=40)
    refresh_lagesbild(municipality, YEAR)

    assert sorted(problem.evidence.values_list("figure", flat=True)) == figures
    assert suggestion(municipality, "Skadegörelse").problem == problem


def test_once_taken_over_the_suggestion_links_to_the_problem_instead_of_the_button(
    client, coordinator, municipality, computed
):
    client.force_login(coordinator)
    key = suggestion(municipality, "Skadegörelse").key
    client.post(take_over_url(municipality), {"key": key})
    problem = Problem.objects.get()

    page = client.get(lagesbild_url(municipality)).content.decode()

    assert page.count(BUTTON) == 2
    assert f'value="{key}"' not in page
    assert "I åtgärdsplanen:" in page
    assert f'<a href="{problem.get_absolute_url()}">Skadegörelse</a>' in page


def test_a_repeated_post_creates_only_one_problem(client, coordinator, municipality, computed):
    client.force_login(coordinator)
    key = suggestion(municipality, "Skadegörelse").key

    first = client.post(take_over_url(municipality), {"key": key})
    second = client.post(take_over_url(municipality), {"key": key}, follow=True)

    problem = Problem.objects.get()
    assert first["Location"] == second.redirect_chain[-1][0] == problem.get_absolute_url()
    assert problem.evidence.count() == 2
    assert "Problemet fanns redan i åtgärdsplanen." in second.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("concurrent_db")
def test_two_coordinators_taking_it_over_at_once_make_one_problem(municipality, computed):
    coordinators = [member(municipality, Role.COORDINATOR) for _ in range(2)]
    key = suggestion(municipality, "Skadegörelse").key
    start = threading.Barrier(2)
    locations = []

    def take_over(user):
        try:
            client = Client()
            client.force_login(user)
            start.wait()
            response = client.post(take_over_url(municipality), {"key": key})
            locations.append((response.status_code, response["Location"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=take_over, args=(user,)) for user in coordinators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    problem = Problem.objects.get()
    assert locations == [(302, problem.get_absolute_url())] * 2
    assert problem.evidence.count() == 2


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ANALYST, Role.MODERATOR])
def test_a_read_only_role_sees_no_button_and_cannot_post(client, municipality, computed, role):
    client.force_login(member(municipality, role))
    key = suggestion(municipality, "Skadegörelse").key

    assert BUTTON not in client.get(lagesbild_url(municipality)).content.decode()
    assert client.post(take_over_url(municipality), {"key": key}).status_code == 403
    assert not Problem.objects.exists()


def test_another_municipalitys_coordinator_gets_404(client, municipality, computed):
    varberg = MunicipalityFactory(name="Varberg", code="1383", slug="varberg")
    client.force_login(member(varberg, Role.COORDINATOR))
    key = suggestion(municipality, "Skadegörelse").key

    assert client.post(take_over_url(municipality), {"key": key}).status_code == 404
    assert client.get(take_over_url(municipality)).status_code == 404
    assert not Problem.objects.exists()


def test_a_key_the_lagesbild_does_not_suggest_is_refused_with_a_message(
    client, coordinator, municipality, computed
):
    client.force_login(coordinator)

    response = client.post(take_over_url(municipality), {"key": "Bedrägeri"}, follow=True)

    assert response.redirect_chain[-1][0] == lagesbild_url(municipality)
    assert "Lägesbilden 2026 föreslår inte det här problemet (längre)" in (
        response.content.decode()
    )
    assert not Problem.objects.exists()


def test_before_the_lagesbild_is_computed_nothing_can_be_taken_over(
    client, coordinator, municipality
):
    client.force_login(coordinator)

    response = client.post(take_over_url(municipality), {"key": "Skadegörelse"})

    assert response.status_code == 302
    assert not Problem.objects.exists()
    assert suggested_problems(municipality, YEAR) == []


def test_the_plan_lists_the_years_suggestions_not_yet_in_it(
    client, coordinator, municipality, computed
):
    plan = ActionPlanFactory(municipality=municipality, first_year=2027, last_year=2028)
    client.force_login(coordinator)
    key = suggestion(municipality, "Skadegörelse").key
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Föreslås av lägesbilden, ännu inte i planen" in page
    assert page.count(BUTTON) == 3

    client.post(take_over_url(municipality), {"key": key})
    page = client.get(plan.get_absolute_url()).content.decode()

    assert page.count(BUTTON) == 2
    untaken = page.split("Föreslås av lägesbilden")[1].split("Problem som ingen åtgärd")[0]
    assert "Otrygg plats" in untaken and "Skadegörelse" not in untaken
    # Taken over, it is a problem no measure answers yet.
    assert "Problem som ingen åtgärd svarar på än" in page


def test_a_plan_of_other_years_lists_no_suggestion(client, coordinator, municipality, computed):
    plan = ActionPlanFactory(municipality=municipality, first_year=2024, last_year=2024)
    client.force_login(coordinator)
    assert "Föreslås av lägesbilden" not in client.get(plan.get_absolute_url()).content.decode()


@pytest.fixture
def promised(coordinator, municipality, computed, action):
    """The vandalism suggestion taken over and carried out under a promise."""
    key = suggestion(municipality, "Otrygg plats").key
    problem, _created = take_over_suggestion(municipality, YEAR, key, coordinator)
    plan = ActionPlanFactory(municipality=municipality, decided=True)
    measure = MeasureFactory(plan=plan, problems=[problem], title="Belysning i tunneln")
    Measure.objects.filter(pk=measure.pk).update(action=action)
    return problem


def test_the_staff_problem_measure_and_promise_pages_link_to_the_lagesbild(
    client, coordinator, municipality, promised
):
    client.force_login(coordinator)
    link = f'href="{lagesbild_url(municipality)}">Lägesbild 2026</a>'
    measure = promised.measures.get()
    pages = {
        "problem": reverse("plans:plans", args=[municipality.code]),
        "plan": measure.plan.get_absolute_url(),
        "measure": measure.get_absolute_url(),
        "promise": measure.action.promise.agreement.get_absolute_url(),
    }
    for name, url in pages.items():
        assert link in client.get(url).content.decode(), name


def public_promise(client, municipality, promise) -> str:
    url = reverse("portal:promise", kwargs={"municipality": municipality.slug, "pk": promise.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_promise_links_to_the_lagesbild_only_once_it_is_approved(
    client, coordinator, municipality, promised, promise
):
    public_url = reverse("portal:lagesbild", args=[municipality.slug, YEAR])
    page = public_promise(client, municipality, promise)
    assert promised.title in page
    assert "4 svarande" in page, "the public evidence"
    assert "Lägesbild 2026</a>" not in page
    assert "lägesbild 2026" in page, "the year still named"

    approve_lagesbild(
        municipality,
        YEAR,
        approved_on=dt.date(2026, 3, 1),
        approved_by="Styrgruppen",
        recorded_by=coordinator,
    )
    page = public_promise(client, municipality, promise)

    assert f'href="{public_url}">Lägesbild 2026</a>' in page
    assert lagesbild_url(municipality) not in page
    assert client.get(public_url).status_code == 200
    assert BUTTON not in client.get(public_url).content.decode()


def test_the_evidence_form_does_not_offer_a_lagesbild_finding(client, coordinator, problem):
    client.force_login(coordinator)
    page = client.get(reverse("plans:evidence_create", args=[problem.pk])).content.decode()
    assert 'value="survey_figure"' in page
    assert 'value="lagesbild"' not in page
