"""The staff dashboard: what needs doing, for whom, and never the whole country at once."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ActionFactory,
    AgreementFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PoliceAreaFactory,
    ProgressUpdateFactory,
    ResponseFactory,
    SurveyFactory,
    UserFactory,
    member,
)
from trygg.dialogue.models import Survey
from trygg.dialogue.selectors import open_surveys_for
from trygg.promises.models import Action, Agreement
from trygg.promises.selectors import (
    agreements_without_successor,
    last_reporting_period,
    reports_due,
)
from trygg.tenancy.models import Municipality, Organisation, Role

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def running_agreement(municipality, **fields) -> Agreement:
    """A signed agreement whose period runs from well over a year ago into next year."""
    return AgreementFactory(
        municipality=municipality,
        status=Agreement.Status.SIGNED,
        signed_on=today() - 500 * DAY,
        starts_on=today() - 450 * DAY,
        ends_on=today() + 300 * DAY,
        **fields,
    )


def weekly_action(agreement, **fields) -> Action:
    """At least one a week since the agreement started, and none reported: behind."""
    return ActionFactory(
        promise__focus_area__agreement=agreement,
        target_quantity=1,
        target_period=Action.TargetPeriod.WEEK,
        target_unit="trafikkontroller",
        **fields,
    )


def page_of(client, user, **query) -> str:
    client.force_login(user)
    return client.get(reverse("workspace:home"), query).content.decode()


def test_an_open_survey_shows_its_response_count_and_days_left(client, kungsbacka):
    survey = SurveyFactory(municipality=kungsbacka, status=Survey.Status.OPEN, title="Trygghet")
    Survey.objects.filter(pk=survey.pk).update(closes_on=today() + 9 * DAY)
    for _ in range(3):
        ResponseFactory(survey=survey, answers={"feel_safe": "mostly"})

    page = page_of(client, member(kungsbacka, Role.VIEWER))

    assert survey.get_absolute_url() in page
    assert "3 svar" in page
    assert "(9 dagar kvar)" in page


def test_open_surveys_close_soonest_first_and_say_when_the_last_day_has_passed(kungsbacka):
    later = SurveyFactory(municipality=kungsbacka, status=Survey.Status.OPEN)
    sooner = SurveyFactory(municipality=kungsbacka, status=Survey.Status.OPEN)
    undated = SurveyFactory(municipality=kungsbacka, status=Survey.Status.OPEN)
    SurveyFactory(municipality=kungsbacka)  # a draft: not open for answers
    on = datetime.date(2026, 9, 10)
    opened = {"opens_on": on - 30 * DAY}
    Survey.objects.filter(pk=later.pk).update(closes_on=on + 20 * DAY, **opened)
    Survey.objects.filter(pk=sooner.pk).update(closes_on=on - 2 * DAY, **opened)
    # Opened before opening asked for a last day.
    Survey.objects.filter(pk=undated.pk).update(closes_on=None, **opened)

    rows = open_surveys_for(
        member(kungsbacka, Role.VIEWER),
        on,
        municipalities=Municipality.objects.filter(pk=kungsbacka.pk),
    )

    assert [(row.survey, row.days_left) for row in rows] == [
        (sooner, -2),
        (later, 20),
        (undated, None),
    ]


def test_an_ended_agreement_without_a_successor_asks_for_the_next(client, kungsbacka):
    ended = AgreementFactory(
        municipality=kungsbacka,
        status=Agreement.Status.ENDED,
        signed_on=datetime.date(2020, 12, 1),
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2022, 12, 31),
        title="Medborgarlöften 2021–2022",
    )

    page = page_of(client, member(kungsbacka, Role.COORDINATOR))

    assert "Överenskommelser som har löpt ut utan någon ny" in page
    assert ended.get_absolute_url() in page
    assert reverse("promises:agreement_create", args=[kungsbacka.code]) in page


def test_an_agreement_with_a_later_one_drafted_is_not_listed_as_ended(kungsbacka):
    AgreementFactory(
        municipality=kungsbacka,
        status=Agreement.Status.ENDED,
        signed_on=datetime.date(2019, 1, 1),
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
    )
    latest_ended = AgreementFactory(
        municipality=kungsbacka,
        status=Agreement.Status.ENDED,
        signed_on=datetime.date(2021, 1, 1),
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2022, 12, 31),
    )
    coordinator = member(kungsbacka, Role.COORDINATOR)
    own = Municipality.objects.filter(pk=kungsbacka.pk)
    on = datetime.date(2026, 3, 1)

    # Only the latest ended agreement is without a successor.
    assert agreements_without_successor(coordinator, on, municipalities=own) == [latest_ended]

    AgreementFactory(
        municipality=kungsbacka,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    assert agreements_without_successor(coordinator, on, municipalities=own) == []


def test_a_viewer_is_not_asked_to_draft_the_next_agreement(client, kungsbacka):
    AgreementFactory(
        municipality=kungsbacka,
        status=Agreement.Status.ENDED,
        signed_on=datetime.date(2020, 12, 1),
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2022, 12, 31),
    )
    page = page_of(client, member(kungsbacka, Role.VIEWER))
    assert reverse("promises:agreement_create", args=[kungsbacka.code]) not in page


def test_an_action_behind_target_is_listed_with_its_state_and_due_date(client, kungsbacka):
    action = weekly_action(running_agreement(kungsbacka), title="Trafikkontroll varje vecka")

    page = page_of(client, member(kungsbacka, Role.COORDINATOR), organisation="alla")

    assert action.get_absolute_url() in page
    assert "Efter målet" in page
    assert reverse("promises:action_update", args=[action.pk]) in page


def test_a_viewer_sees_an_action_behind_target_but_no_edit_link(client, kungsbacka):
    action = weekly_action(running_agreement(kungsbacka))
    page = page_of(client, member(kungsbacka, Role.VIEWER), organisation="alla")
    assert action.get_absolute_url() in page
    assert reverse("promises:action_update", args=[action.pk]) not in page


def test_the_organisation_filter_defaults_to_the_users_own_organisation(client, kungsbacka):
    agreement = running_agreement(kungsbacka)
    police = weekly_action(agreement, owner=Action.Owner.POLICE, title="Polisens kontroller")
    municipal = weekly_action(agreement, owner=Action.Owner.MUNICIPALITY, title="Kommunens möten")
    joint = weekly_action(agreement, owner=Action.Owner.BOTH, title="Gemensamma vandringar")
    coordinator = member(kungsbacka, Role.COORDINATOR)  # of the municipality's organisation

    page = page_of(client, coordinator)
    assert re.search(r'<option value="kommun" selected>', page)
    assert municipal.title in page and joint.title in page
    assert police.title not in page

    page = page_of(client, coordinator, organisation="polis")
    assert police.title in page and joint.title in page
    assert municipal.title not in page

    page = page_of(client, coordinator, organisation="alla")
    assert all(action.title in page for action in (police, municipal, joint))


def test_a_partners_member_sees_the_partners_actions(client, kungsbacka):
    agreement = running_agreement(kungsbacka)
    partner_action = weekly_action(
        agreement, owner=Action.Owner.PARTNER, partner_name="Nattvandrarna", title="Nattvandring"
    )
    police_action = weekly_action(agreement, owner=Action.Owner.POLICE, title="Polisens kontroller")
    partner = OrganisationFactory(
        municipality=kungsbacka, kind=Organisation.Kind.PARTNER, name="Nattvandrarna"
    )
    user = MembershipFactory(organisation=partner, role=Role.COORDINATOR).user

    page = page_of(client, user)

    assert partner_action.title in page
    assert police_action.title not in page


def test_a_report_is_due_for_an_action_without_an_update_last_month(kungsbacka):
    on = datetime.date(2026, 3, 15)
    agreement = AgreementFactory(
        municipality=kungsbacka,
        status=Agreement.Status.SIGNED,
        signed_on=datetime.date(2025, 12, 1),
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    silent = ActionFactory(promise__focus_area__agreement=agreement, title="Tyst")
    ProgressUpdateFactory(action=silent, date=datetime.date(2026, 1, 20))
    reported = ActionFactory(promise__focus_area__agreement=agreement, title="Rapporterad")
    ProgressUpdateFactory(action=reported, date=datetime.date(2026, 2, 27))
    withdrawn = ActionFactory(promise__focus_area__agreement=agreement, title="Återkallad")
    ProgressUpdateFactory(
        action=withdrawn, date=datetime.date(2026, 2, 10), withdrawn_on=datetime.date(2026, 2, 12)
    )
    ActionFactory(  # starts after last month: nothing to report for it yet
        promise__focus_area__agreement=agreement, starts_on=datetime.date(2026, 3, 1)
    )
    ActionFactory(promise__focus_area__agreement=agreement, status=Action.Status.DONE)
    coordinator = member(kungsbacka, Role.COORDINATOR)
    own = Municipality.objects.filter(pk=kungsbacka.pk)

    due = reports_due(coordinator, on, municipalities=own)

    assert last_reporting_period(on) == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert {row.action.title: row.last_reported_on for row in due} == {
        "Tyst": datetime.date(2026, 1, 20),
        "Återkallad": None,
    }
    # A viewer cannot record progress: nothing is due from them.
    assert reports_due(member(kungsbacka, Role.VIEWER), on, municipalities=own) == []


def test_a_due_report_links_to_the_progress_form(client, kungsbacka):
    action = ActionFactory(promise__focus_area__agreement=running_agreement(kungsbacka))
    page = page_of(client, member(kungsbacka, Role.COORDINATOR), organisation="alla")
    assert reverse("promises:progress_create", args=[action.pk]) in page


def test_an_operator_with_every_municipality_sees_their_own_first_and_a_short_page(client):
    # All 290 of them, as a national installation has.
    for number in range(290):
        MunicipalityFactory(code=f"{number:04d}", name=f"Kommun nummer {number}", slug=f"k{number}")
    own = Municipality.objects.get(code="0042")
    operator = UserFactory(is_superuser=True, is_staff=True)
    MembershipFactory(user=operator, organisation__municipality=own, role=Role.ADMIN)

    page = page_of(client, operator)

    assert "Kommun nummer 42" in page
    shown = set(re.findall(r"Kommun nummer \d+", page))
    assert shown == {"Kommun nummer 42"}
    assert reverse("workspace:municipalities") in page
    assert 'type="search"' in page


def test_the_municipality_list_is_searched_and_paged(client):
    for number in range(60):
        MunicipalityFactory(code=f"{number:04d}", name=f"Kommun nummer {number}", slug=f"k{number}")
    MunicipalityFactory(code="1880", name="Örebro", slug="orebro")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("workspace:municipalities")

    first = client.get(url).content.decode()
    assert len(set(re.findall(r"Kommun nummer \d+", first))) == 25
    assert "sida=2" in first

    found = client.get(url, {"q": "örebro"}).content.decode()
    assert "Örebro" in found and "Kommun nummer" not in found
    assert "Örebro" in client.get(url, {"q": "1880"}).content.decode()


def test_a_member_lists_only_their_municipalities_and_no_search(client, kungsbacka):
    page = page_of(client, member(kungsbacka, Role.COORDINATOR))
    assert reverse("workspace:municipalities") not in page


def test_nothing_of_a_municipality_the_user_is_no_member_of_is_shown(client, kungsbacka):
    varberg = MunicipalityFactory(name="Varberg", code="1383", slug="varberg")
    survey = SurveyFactory(municipality=varberg, status=Survey.Status.OPEN, title="Varbergsenkäten")
    action = weekly_action(running_agreement(varberg), title="Varbergs kontroller")
    ended = AgreementFactory(
        municipality=varberg,
        status=Agreement.Status.ENDED,
        signed_on=datetime.date(2018, 12, 1),
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
        title="Varbergs gamla löften",
    )

    for user in (member(kungsbacka, Role.COORDINATOR), UserFactory()):
        page = page_of(client, user, organisation="alla")
        for text in (survey.title, action.title, ended.title, "Varberg"):
            assert text not in page


def test_a_police_member_works_for_every_municipality_of_the_police_area(client, kungsbacka):
    varberg = MunicipalityFactory(name="Varberg", code="1383", slug="varberg")
    area = PoliceAreaFactory(municipalities=[kungsbacka, varberg])
    police = OrganisationFactory(
        kind=Organisation.Kind.POLICE, municipality=None, police_area=area, name="Polisen"
    )
    officer = MembershipFactory(organisation=police, role=Role.COORDINATOR).user
    in_varberg = weekly_action(running_agreement(varberg, police_area=area), title="I Varberg")

    page = page_of(client, officer)

    assert re.search(r'<option value="polis" selected>', page)
    assert in_varberg.title in page
    assert "Kungsbacka" in page and "Varberg" in page
