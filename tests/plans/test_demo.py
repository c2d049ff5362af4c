import json

import pytest
from django.urls import reverse

from tests.demo.conftest import kungsbacka_feature
from trygg.demo.services import load_kungsbacka_demo
from trygg.plans.models import ActionPlan, FollowUp, Measure, Problem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(kungsbacka_file):
    return load_kungsbacka_demo(municipalities_path=kungsbacka_file, dialogue=False)


@pytest.fixture
def kungsbacka_file(tmp_path):
    path = tmp_path / "kungsbacka.geojson"
    collection = {"type": "FeatureCollection", "features": [kungsbacka_feature()]}
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def test_the_demo_has_a_decided_plan_whose_measures_lead_to_the_2021_2022_actions(demo):
    plan = demo.plan
    assert plan.is_decided
    assert (plan.first_year, plan.last_year) == (2021, 2022)
    assert plan.decided_on < demo.agreement.signed_on
    problems = Problem.objects.filter(municipality=demo.municipality)
    assert 3 <= problems.count() <= 5
    assert any("resecentrum" in problem.title for problem in problems)
    measures = plan.measures.all()
    assert measures.count() == demo.actions
    # Every action of the agreement is carried out by exactly one measure.
    assert {measure.action_id for measure in measures} == set(
        demo.agreement.actions().values_list("pk", flat=True)
    )
    assert all(measure.problems.exists() for measure in measures)
    statuses = {measure.status for measure in measures}
    assert {"green", "red"} <= statuses
    assert FollowUp.objects.filter(measure__plan=plan, status="yellow").exists()


def test_the_demos_measure_status_is_its_latest_follow_up(demo):
    for measure in demo.plan.measures.all():
        assert measure.status == measure.follow_ups.order_by("-date").first().status


def test_loading_the_demo_again_changes_nothing_in_the_plan(demo, kungsbacka_file):
    before = (
        ActionPlan.objects.count(),
        Problem.objects.count(),
        Measure.objects.count(),
        FollowUp.objects.count(),
        Measure.history.count(),
        Problem.history.count(),
    )
    again = load_kungsbacka_demo(municipalities_path=kungsbacka_file, dialogue=False)
    after = (
        ActionPlan.objects.count(),
        Problem.objects.count(),
        Measure.objects.count(),
        FollowUp.objects.count(),
        Measure.history.count(),
        Problem.history.count(),
    )
    assert again.plan.pk == demo.plan.pk
    assert after == before


def test_the_demos_public_promise_page_shows_the_problem_it_answers(client, demo):
    measure = demo.plan.measures.get(title__startswith="Belysning")
    promise = measure.action.promise
    url = reverse(
        "portal:promise", kwargs={"municipality": demo.municipality.slug, "pk": promise.pk}
    )
    page = client.get(url).content.decode()
    assert "Mörka och igenvuxna platser" in page
    assert "Otrygghet vid resecentrum, i gångtunnlarna och i Badhusparken" in page
    assert "60 %" in page
    assert "Polisen bekräftar" not in page
