import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import (
    ActionFactory,
    AgreementFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PromiseFactory,
)
from trygg.core.errors import DomainError
from trygg.plans import services
from trygg.plans.models import ActionPlan, Evidence, FollowUp, Measure
from trygg.population.models import MunicipalityResidents
from trygg.promises.models import Action, Agreement
from trygg.situation.models import Alert, Category, Incident, Source
from trygg.tenancy.models import Organisation

from .factories import ActionPlanFactory, EvidenceFactory, MeasureFactory, ProblemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The messages and number formats asserted below are the English source.
    with translation.override("en"):
        yield


def police_event(source, municipality, category, day):
    return Incident.objects.create(
        source=source,
        external_id=f"{day}",
        municipality=municipality,
        county_code=municipality.county_code,
        occurred_at=datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC),
        type="Misshandel",
        type_key="misshandel",
        category=category,
        precision=Incident.Precision.MUNICIPALITY,
    )


def follow_up(measure, day, status, comment="Går enligt plan."):
    return FollowUp(measure=measure, date=day, status=status, comment=comment)


def test_a_measures_status_is_its_latest_follow_up_and_the_history_stays(
    decided_measure, coordinator
):
    services.record_follow_up(
        follow_up(decided_measure, datetime.date(2026, 3, 1), "green"), coordinator
    )
    services.record_follow_up(
        follow_up(decided_measure, datetime.date(2026, 6, 1), "red", "Leveransen är stoppad."),
        coordinator,
    )
    # A late entry for an earlier date does not overwrite the newer status.
    services.record_follow_up(
        follow_up(decided_measure, datetime.date(2026, 4, 1), "yellow"), coordinator
    )

    decided_measure.refresh_from_db()
    assert decided_measure.status == "red"
    history = list(decided_measure.follow_ups.values_list("date", "status"))
    assert history == [
        (datetime.date(2026, 6, 1), "red"),
        (datetime.date(2026, 4, 1), "yellow"),
        (datetime.date(2026, 3, 1), "green"),
    ]
    latest = decided_measure.follow_ups.first()
    assert latest.created_by == coordinator
    assert latest.signed_name == "Kim Samordnare"
    assert latest.signed_organisation == "Kungsbacka kommun"


def test_follow_up_waits_for_the_steering_groups_decision(measure, coordinator):
    with pytest.raises(DomainError, match="decided the plan"):
        services.record_follow_up(
            follow_up(measure, datetime.date(2026, 3, 1), "green"), coordinator
        )
    assert not FollowUp.objects.exists()


def test_a_follow_up_cannot_be_dated_in_the_future(decided_measure, coordinator):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="future"):
        services.record_follow_up(follow_up(decided_measure, tomorrow, "green"), coordinator)


def test_a_follow_up_needs_a_status_and_a_comment(decided_measure, coordinator):
    with pytest.raises(ValidationError) as error:
        services.record_follow_up(
            FollowUp(measure=decided_measure, date=datetime.date(2026, 3, 1), status="blue"),
            coordinator,
        )
    assert set(error.value.message_dict) == {"status", "comment"}


def test_deciding_the_plan_locks_its_measures_and_the_problems_they_answer(
    measure, problem, coordinator
):
    plan = services.decide_plan(
        measure.plan, coordinator, decided_on=datetime.date(2026, 1, 20), decided_by="Styrgruppen"
    )
    assert plan.status == ActionPlan.Status.DECIDED

    measure.refresh_from_db()
    measure.title = "Något annat"
    with pytest.raises(DomainError, match="decided"):
        services.save_measure(measure, coordinator, problems=[problem])
    with pytest.raises(DomainError, match="decided"):
        services.save_measure(
            Measure(
                plan=plan,
                title="Ny",
                operational_goal="x",
                term="våren",
                responsible=measure.responsible,
            ),
            coordinator,
            problems=[problem],
        )
    problem.title = "Omskrivet"
    with pytest.raises(DomainError, match="steering group saw"):
        services.save_problem(problem, coordinator)
    with pytest.raises(DomainError, match="steering group saw"):
        services.add_evidence(EvidenceFactory.build(problem=problem), coordinator)
    plan.title = "Omdöpt"
    with pytest.raises(DomainError, match="decided"):
        services.save_plan(plan, coordinator)
    assert Measure.objects.get(pk=measure.pk).title != "Något annat"


def test_a_plan_is_decided_once_with_its_measures_date_and_body(draft_plan, measure, coordinator):
    empty = ActionPlanFactory(municipality=draft_plan.municipality)
    with pytest.raises(DomainError, match="at least one measure"):
        services.decide_plan(
            empty, coordinator, decided_on=datetime.date(2026, 1, 1), decided_by="Styrgruppen"
        )
    with pytest.raises(DomainError, match="who decided"):
        services.decide_plan(
            draft_plan, coordinator, decided_on=datetime.date(2026, 1, 1), decided_by=" "
        )
    services.decide_plan(
        draft_plan, coordinator, decided_on=datetime.date(2026, 1, 1), decided_by="Styrgruppen"
    )
    with pytest.raises(DomainError, match="decided"):
        services.decide_plan(
            draft_plan, coordinator, decided_on=datetime.date(2026, 1, 2), decided_by="Någon"
        )
    draft_plan.refresh_from_db()
    assert draft_plan.decided_on == datetime.date(2026, 1, 1)


def test_editing_a_draft_plan_cannot_set_its_decision(draft_plan, coordinator):
    draft_plan.status = ActionPlan.Status.DECIDED
    draft_plan.decided_on = datetime.date(2026, 1, 1)
    draft_plan.decided_by = "Smygbeslut"
    services.save_plan(draft_plan, coordinator)
    draft_plan.refresh_from_db()
    assert draft_plan.status == ActionPlan.Status.DRAFT
    assert draft_plan.decided_by == ""


def test_a_measure_answers_problems_and_involves_only_the_municipalitys_organisations(
    draft_plan, problem, police, coordinator
):
    responsible = OrganisationFactory(municipality=draft_plan.municipality, name="Kommunen")
    foreign = OrganisationFactory(name="Varbergs kommun")
    measure = Measure(
        plan=draft_plan,
        title="Trygghetsvandring",
        operational_goal="Två vandringar per år",
        term="Vår och höst",
        responsible=responsible,
    )
    with pytest.raises(DomainError, match="at least one problem"):
        services.save_measure(measure, coordinator, problems=[])
    with pytest.raises(DomainError, match="police area"):
        services.save_measure(measure, coordinator, problems=[problem], organisations=[foreign])
    with pytest.raises(DomainError, match="problems of"):
        services.save_measure(measure, coordinator, problems=[ProblemFactory()])
    assert not Measure.objects.exists()

    services.save_measure(measure, coordinator, problems=[problem], organisations=[police])
    assert list(measure.problems.all()) == [problem]
    assert list(measure.organisations.all()) == [police]


def test_a_measure_says_when_by_dates_or_a_term(draft_plan, problem, coordinator):
    measure = MeasureFactory.build(plan=draft_plan, starts_on=None, ends_on=None, term="")
    with pytest.raises(ValidationError) as error:
        services.save_measure(measure, coordinator, problems=[problem])
    assert "term" in error.value.message_dict


def test_a_measure_becomes_an_action_under_a_promise_and_keeps_the_link(
    measure, promise, police, problem, coordinator
):
    measure.organisations.add(police)
    measure.description = "Byt armaturer och röj buskar."

    action = services.make_action(measure, coordinator, promise=promise)

    action.refresh_from_db()
    assert action.promise == promise
    assert action.title == measure.title
    assert action.owner == Action.Owner.BOTH
    assert action.responsible == measure.responsible.name
    assert "Tio nya armaturer" in action.description
    assert (action.starts_on, action.due_on) == (measure.starts_on, measure.ends_on)
    # The action knows its measure, and through it the problem and its evidence.
    assert action.measure == measure
    assert list(action.measure.problems.all()) == [problem]
    with pytest.raises(DomainError, match="already"):
        services.make_action(measure, coordinator, promise=promise)
    assert promise.actions.count() == 1


def test_an_actions_dates_are_clipped_to_the_agreement(draft_plan, promise, coordinator):
    measure = MeasureFactory(
        plan=draft_plan, starts_on=datetime.date(2025, 6, 1), ends_on=None, term="löpande"
    )
    action = services.make_action(measure, coordinator, promise=promise)
    agreement = promise.agreement
    assert (action.starts_on, action.due_on) == (agreement.starts_on, agreement.ends_on)


def test_a_partners_measure_becomes_a_partners_action(draft_plan, promise, coordinator):
    partner = OrganisationFactory(
        kind=Organisation.Kind.PARTNER, municipality=draft_plan.municipality, name="Nattvandrarna"
    )
    measure = MeasureFactory(plan=draft_plan, responsible=partner)
    action = services.make_action(measure, coordinator, promise=promise)
    assert (action.owner, action.partner_name) == (Action.Owner.PARTNER, "Nattvandrarna")


def test_no_action_under_another_municipalitys_promise_or_an_ended_agreement(measure, coordinator):
    foreign = PromiseFactory(
        focus_area=FocusAreaFactory(agreement=AgreementFactory(municipality=MunicipalityFactory()))
    )
    with pytest.raises(DomainError, match="promise of"):
        services.make_action(measure, coordinator, promise=foreign)
    ended = PromiseFactory(
        focus_area=FocusAreaFactory(
            agreement=AgreementFactory(
                municipality=measure.plan.municipality,
                published=True,
                status=Agreement.Status.ENDED,
            )
        )
    )
    with pytest.raises(DomainError, match="ended"):
        services.make_action(measure, coordinator, promise=ended)
    assert not Action.objects.exists()
    measure.refresh_from_db()
    assert measure.action is None


def test_a_measure_links_an_existing_action_once(measure, action, coordinator, draft_plan):
    services.link_action(measure, coordinator, action=action)
    assert Measure.objects.get(pk=measure.pk).action == action
    other = MeasureFactory(plan=draft_plan)
    with pytest.raises(DomainError, match="Another measure"):
        services.link_action(other, coordinator, action=action)
    foreign_action = ActionFactory()
    with pytest.raises(DomainError, match="promise of"):
        services.link_action(other, coordinator, action=foreign_action)


def test_a_category_rate_is_cited_as_the_figure_it_was(problem, coordinator):
    MunicipalityResidents.objects.create(
        municipality=problem.municipality, year=2024, residents=85_000
    )
    source = Source.objects.create(kind=Source.Kind.POLICE_EVENTS, name="Polisen")
    category = Category.objects.get(key="violence")
    for day in (3, 10, 17):
        police_event(source, problem.municipality, category, datetime.date(2025, 3, day))
    evidence = services.add_evidence(
        Evidence(problem=problem, kind=Evidence.Kind.CATEGORY_RATE, category=category),
        coordinator,
    )
    assert "2025" in evidence.label
    assert evidence.figure.startswith("3 police events")
    assert "The municipality (Kungsbacka): 0.4" in evidence.figure
    assert "The country" in evidence.figure
    assert evidence.source

    # A later import does not change what was cited.
    police_event(source, problem.municipality, category, datetime.date(2025, 4, 1))
    evidence.refresh_from_db()
    assert evidence.figure.startswith("3 police events")


def test_an_alert_is_cited_with_its_numbers_and_never_publicly(problem, coordinator):
    alert = Alert.objects.create(
        municipality=problem.municipality,
        category=Category.objects.get(key="violence"),
        source_kind=Source.Kind.POLICE_EVENTS,
        method=Alert.Method.EARS_C2,
        iso_year=2025,
        iso_week=12,
        week_start=datetime.date(2025, 3, 17),
        observed=9,
        expected=3.0,
        upperbound=6.0,
        computed_at=datetime.datetime(2025, 3, 24, 6, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            Evidence(problem=problem, kind=Evidence.Kind.ALERT, alert=alert, public=True),
            coordinator,
        )
    assert "public" in error.value.message_dict

    evidence = services.add_evidence(
        Evidence(problem=problem, kind=Evidence.Kind.ALERT, alert=alert), coordinator
    )
    assert "week 12 2025" in evidence.label
    assert evidence.figure.startswith("9 observed against 3.0 expected")
    alert.delete()
    evidence.refresh_from_db()
    assert evidence.alert is None
    assert evidence.figure.startswith("9 observed")


def test_evidence_cites_only_the_problems_own_municipality(problem, coordinator):
    foreign_alert = Alert.objects.create(
        municipality=MunicipalityFactory(),
        category=Category.objects.get(key="violence"),
        source_kind=Source.Kind.POLICE_EVENTS,
        method=Alert.Method.EARS_C2,
        iso_year=2025,
        iso_week=12,
        week_start=datetime.date(2025, 3, 17),
        observed=9,
        expected=3.0,
        upperbound=6.0,
        computed_at=datetime.datetime(2025, 3, 24, 6, tzinfo=datetime.UTC),
    )
    with pytest.raises(DomainError, match="belongs to"):
        services.add_evidence(
            Evidence(problem=problem, kind=Evidence.Kind.ALERT, alert=foreign_alert), coordinator
        )
    assert not Evidence.objects.exists()


def test_other_information_names_its_source(problem, coordinator):
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            Evidence(problem=problem, kind=Evidence.Kind.OTHER, label="Nytt bostadsområde"),
            coordinator,
        )
    assert "source" in error.value.message_dict
