"""Staff pages of the alerts: the list, one alert with its chart, the acknowledgement."""

import datetime as dt
import re
import threading
from decimal import ROUND_HALF_UP, Decimal

import h3
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AreaFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PoliceAreaFactory,
    UserFactory,
    member,
)
from trygg.situation.alerts import AlertAlreadyAcknowledged, acknowledge_alert, recompute_alerts
from trygg.situation.models import Alert, Category, Source
from trygg.tenancy.models import Organisation, Role

from .planting import TODAY, outbreak_counts, plant

pytestmark = pytest.mark.django_db


@pytest.fixture
def kungsbacka(db):
    return MunicipalityFactory(code="1384", name="Kungsbacka", slug="kungsbacka")


@pytest.fixture
def alert(kungsbacka) -> Alert:
    police = Source.objects.create(kind=Source.Kind.POLICE_EVENTS, name="Polisen")
    plant(police, kungsbacka, Category.objects.get(key="violence"), outbreak_counts())
    recompute_alerts(today=TODAY, weeks=8)
    return Alert.objects.get(iso_week=12, category__key="violence")


def list_url(municipality) -> str:
    return reverse("situation:alerts", kwargs={"municipality": municipality.code})


def acknowledge_url(alert) -> str:
    return reverse(
        "situation:alert_acknowledge",
        kwargs={"municipality": alert.municipality.code, "pk": alert.pk},
    )


def police_officer(municipality, role=Role.VIEWER):
    area = PoliceAreaFactory(municipalities=[municipality])
    organisation = OrganisationFactory(
        kind=Organisation.Kind.POLICE, municipality=None, police_area=area, name="Polisen"
    )
    return MembershipFactory(organisation=organisation, role=role).user


def swedish(number: float) -> str:
    """One decimal, rounded half up as Django's floatformat does, with a decimal comma."""
    return str(Decimal(repr(number)).quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",")


def test_the_urls_are_in_swedish_under_the_situation_picture(alert):
    assert list_url(alert.municipality) == "/staff/1384/lagesbild/larm/"
    assert alert.get_absolute_url() == f"/staff/1384/lagesbild/larm/{alert.pk}/"


def test_the_list_explains_each_alert_in_plain_swedish_and_says_how_fresh_it_is(client, alert):
    client.force_login(member(alert.municipality, Role.VIEWER))

    page = client.get(list_url(alert.municipality)).content.decode()

    assert (
        f"Vecka 12: 15 händelser i kategorin Våld och hot, väntat {swedish(alert.expected)}, "
        f"övre gräns {swedish(alert.upperbound)} — Farrington-flexibel, jämfört med samma "
        "veckor de senaste 3 åren."
    ) in page
    assert "från data till och med vecka 12 år 2026" in page
    assert alert.get_absolute_url() in page


def test_the_list_filters_by_state_and_category(client, alert):
    client.force_login(member(alert.municipality, Role.VIEWER))
    acknowledge_alert(alert, member(alert.municipality), "Polisen har förstärkt.")
    url = list_url(alert.municipality)

    acknowledged = client.get(url, {"status": "acknowledged"}).content.decode()
    still_open = client.get(url, {"status": "open"}).content.decode()
    other_category = client.get(url, {"kategori": "drugs"}).content.decode()

    assert alert.get_absolute_url() in acknowledged
    assert alert.get_absolute_url() not in still_open
    assert alert.get_absolute_url() not in other_category
    assert "Inga larm matchar." in other_category


def test_the_alert_page_charts_the_series_and_tables_its_numbers(client, alert):
    client.force_login(member(alert.municipality, Role.VIEWER))

    page = client.get(alert.get_absolute_url()).content.decode()

    assert 'role="img"' in page and 'aria-labelledby="chart-title-all chart-desc-all"' in page
    two_years, _half_a_year = page.split('<figure class="alert-chart alert-chart--recent">')
    bars = re.findall(
        r'<rect class="alert-chart__bar( alert-chart__bar--alarm)?" x="([^"]+)" y="([^"]+)" '
        r'width="([^"]+)" height="([^"]+)"',
        two_years,
    )
    assert len(bars) == 104
    # Coordinates with a decimal point whatever the language (not "12,5").
    scale, last = 20, bars[-1]
    assert last[0] and float(last[4]) == pytest.approx(300 * 15 / scale)
    assert float(last[1]) + float(last[3]) <= 1000
    assert len(re.findall(r"alert-chart__bar--alarm", two_years)) == sum(alert.chart["alarm"])
    rows = re.findall(r"<tr[^>]*><th scope=\"row\">Vecka (\d+), (\d+).*?</tr>", page, re.S)
    assert len(rows) == 104
    week_12 = re.search(r"Vecka 12, 2026 .*?</tr>", page, re.S).group(0)
    assert ">15<" in week_12
    assert swedish(alert.expected) in week_12 and swedish(alert.upperbound) in week_12
    assert "Larm" in week_12


def test_a_coordinator_acknowledges_with_a_comment_and_the_page_says_who_and_when(client, alert):
    coordinator = member(alert.municipality, user__first_name="Maria", user__last_name="Ek")
    client.force_login(coordinator)

    response = client.post(acknowledge_url(alert), {"comment": "Nattvandring på fredag."})

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == coordinator
    page = client.get(alert.get_absolute_url()).content.decode()
    assert "Kvitterat av Maria Ek" in page
    assert "Nattvandring på fredag." in page
    assert acknowledge_url(alert) not in page


def test_an_acknowledgement_needs_a_comment(client, alert):
    client.force_login(member(alert.municipality, Role.ANALYST))

    response = client.post(acknowledge_url(alert), {"comment": "  "})

    assert response.status_code == 200
    assert "Skriv vad som gjordes eller varför inget behöver göras." in response.content.decode()
    alert.refresh_from_db()
    assert not alert.acknowledged


def test_a_police_officer_may_acknowledge_whatever_their_role(client, alert):
    officer = police_officer(alert.municipality)
    client.force_login(officer)

    assert acknowledge_url(alert) in client.get(alert.get_absolute_url()).content.decode()
    client.post(acknowledge_url(alert), {"comment": "Kontroll vid skolan."})

    alert.refresh_from_db()
    assert alert.acknowledged_by == officer


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MODERATOR])
def test_viewers_and_moderators_see_alerts_but_cannot_acknowledge(client, alert, role):
    client.force_login(member(alert.municipality, role))

    page = client.get(alert.get_absolute_url())
    response = client.post(acknowledge_url(alert), {"comment": "Jag också."})

    assert page.status_code == 200 and acknowledge_url(alert) not in page.content.decode()
    assert response.status_code == 403
    alert.refresh_from_db()
    assert not alert.acknowledged


def test_another_municipalitys_staff_and_residents_get_404(client, alert):
    varberg = MunicipalityFactory(code="1383", name="Varberg", slug="varberg")
    for user in (member(varberg, Role.ADMIN), UserFactory(), police_officer(varberg)):
        client.force_login(user)
        assert client.get(list_url(alert.municipality)).status_code == 404
        assert client.get(alert.get_absolute_url()).status_code == 404
        assert client.post(acknowledge_url(alert), {"comment": "Kapat."}).status_code == 404
    # The alert is not reached through another municipality's address either.
    client.force_login(member(varberg))
    url = reverse("situation:alert", kwargs={"municipality": "1383", "pk": alert.pk})
    assert client.get(url).status_code == 404
    alert.refresh_from_db()
    assert not alert.acknowledged


def test_anonymous_visitors_are_sent_to_sign_in(client, alert):
    for url in (list_url(alert.municipality), alert.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_acknowledging_is_a_post(client, alert):
    client.force_login(member(alert.municipality))

    assert client.get(acknowledge_url(alert)).status_code == 405


def test_the_second_of_two_acknowledging_from_the_page_is_told_and_the_first_kept(client, alert):
    first, second = member(alert.municipality), member(alert.municipality, Role.ANALYST)
    client.force_login(first)
    client.post(acknowledge_url(alert), {"comment": "Först."})
    client.force_login(second)

    response = client.post(acknowledge_url(alert), {"comment": "Sist."}, follow=True)

    assert "kvitterade larmet först" in response.content.decode()
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.acknowledgement) == (first, "Först.")


@pytest.mark.django_db(transaction=True)
def test_two_acknowledging_at_the_same_moment_keep_the_first(kungsbacka):
    police = Source.objects.create(kind=Source.Kind.POLICE_EVENTS, name="Polisen")
    plant(police, kungsbacka, Category.objects.get(key="violence"), outbreak_counts())
    recompute_alerts(today=TODAY, weeks=8)
    alert = Alert.objects.get(iso_week=12, category__key="violence")
    users = [member(kungsbacka), member(kungsbacka, Role.ANALYST)]
    start = threading.Barrier(2)
    outcome: dict[int, str] = {}

    def acknowledge(index: int) -> None:
        try:
            start.wait()
            acknowledge_alert(Alert.objects.get(pk=alert.pk), users[index], f"Svar {index}.")
            outcome[index] = "kept"
        except AlertAlreadyAcknowledged:
            outcome[index] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=acknowledge, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcome.values()) == ["kept", "refused"]
    (winner,) = [i for i, result in outcome.items() if result == "kept"]
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.acknowledgement) == (users[winner], f"Svar {winner}.")


def test_the_list_comes_a_page_at_a_time_and_keeps_its_filters(client, kungsbacka):
    violence = Category.objects.get(key="violence")
    monday = dt.date(2025, 1, 6)
    Alert.objects.bulk_create(
        Alert(
            municipality=kungsbacka,
            category=violence,
            source_kind=Source.Kind.POLICE_EVENTS,
            method=Alert.Method.EARS_C2,
            iso_year=(monday + dt.timedelta(weeks=n)).isocalendar()[0],
            iso_week=(monday + dt.timedelta(weeks=n)).isocalendar()[1],
            week_start=monday + dt.timedelta(weeks=n),
            observed=9,
            expected=3.0,
            upperbound=6.0,
            computed_at=timezone.now(),
        )
        for n in range(30)
    )
    client.force_login(member(kungsbacka, Role.VIEWER))

    first = client.get(list_url(kungsbacka), {"status": "open"}).content.decode()
    second = client.get(list_url(kungsbacka), {"status": "open", "sida": 2}).content.decode()

    assert "30 larm" in first
    assert first.count('class="task task--warning"') == 25
    assert second.count('class="task task--warning"') == 5
    assert "?status=open&amp;sida=2" in first
    # Newest first: the latest week leads the first page, the earliest ends the second.
    assert first.index("vecka 30, 2025") < first.index("vecka 29, 2025")
    assert "vecka 2, 2025" in second and "vecka 2, 2025" not in first


def test_a_phone_gets_the_last_half_year_of_the_series_with_wider_bars(client, alert):
    client.force_login(member(alert.municipality, Role.VIEWER))

    page = client.get(alert.get_absolute_url()).content.decode()

    _two_years, half_a_year = page.split('<figure class="alert-chart alert-chart--recent">')
    assert 'aria-labelledby="chart-title-recent chart-desc-recent"' in half_a_year
    widths = re.findall(
        r'<rect class="alert-chart__bar[^"]*" x="[^"]+" y="[^"]+" width="([^"]+)"', half_a_year
    )
    assert len(widths) == 26
    assert float(widths[0]) == pytest.approx(1000 / 26 * 0.8, abs=0.01)
    assert "De senaste 26 veckorna" in half_a_year
    assert sum(alert.chart["alarm"][-26:]) == half_a_year.count("alert-chart__bar--alarm") > 0


def test_an_alert_of_a_cell_is_named_by_the_area_it_lies_in(client, kungsbacka):
    AreaFactory(municipality=kungsbacka, name="Kungsbacka stad")  # the factory's square
    inside, outside = (
        h3.latlng_to_cell(57.5, 12.1, 9),
        h3.latlng_to_cell(57.3, 12.1, 9),
    )
    for week, cell in ((10, inside), (11, outside)):
        Alert.objects.create(
            municipality=kungsbacka,
            category=Category.objects.get(key="vandalism"),
            h3_cell=int(cell, 16),
            source_kind=Source.Kind.MUNICIPAL_REPORTS,
            method=Alert.Method.EARS_C2,
            iso_year=2026,
            iso_week=week,
            week_start=dt.date.fromisocalendar(2026, week, 1),
            observed=9,
            expected=3.0,
            upperbound=6.0,
            computed_at=timezone.now(),
        )
    client.force_login(member(kungsbacka, Role.VIEWER))

    page = client.get(list_url(kungsbacka)).content.decode()

    assert re.search(rf"Kungsbacka stad[^(<]* \(H3-cell {inside}\)", page)
    assert f"H3-cell {outside} ·" in page
