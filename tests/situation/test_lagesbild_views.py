"""The lägesbild's staff page, its editor, the sign-off that publishes it, and its freshness."""

import datetime as dt
import io
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import member
from trygg.background.models import Job
from trygg.situation.lagesbild_services import is_current, refresh_lagesbild, snapshot_of
from trygg.situation.models import LagesbildApproval, OtherInformation
from trygg.situation.tasks import alerts_after_import
from trygg.tenancy.models import Role

from .lagesbild_data import QUIET_CELL, SECRET, report

pytestmark = pytest.mark.django_db

YEAR = 2026


def staff_url(name: str, municipality, **kwargs) -> str:
    return reverse(name, kwargs={"municipality": municipality.code, **kwargs})


@pytest.fixture
def coordinator(client, kungsbacka):
    user = member(kungsbacka, Role.COORDINATOR)
    client.force_login(user)
    return user


def test_other_information_without_a_source_is_refused_and_nothing_stored(
    client, coordinator, kungsbacka
):
    response = client.post(
        staff_url("situation:other_information_create", kungsbacka, year=YEAR),
        {"heading": "Nytt resecentrum", "text": "Bygget börjar i mars.", "source": "  "},
    )

    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not OtherInformation.objects.exists()


def test_other_information_is_written_and_computed_into_the_lagesbild(
    client, coordinator, kungsbacka, run_tasks
):
    response = client.post(
        staff_url("situation:other_information_create", kungsbacka, year=YEAR),
        {"heading": "Nytt resecentrum", "text": "Bygget börjar i mars.", "source": "Detaljplan"},
    )
    assert response.status_code == 302
    item = OtherInformation.objects.get()
    assert (item.year, item.author) == (YEAR, coordinator)

    run_tasks()

    snapshot = snapshot_of(kungsbacka, YEAR, public=False)
    assert [i["heading"] for i in snapshot.figures["other_information"]] == ["Nytt resecentrum"]
    assert is_current(snapshot)
    page = client.get(staff_url("situation:lagesbild", kungsbacka, year=YEAR)).content.decode()
    assert "Bygget börjar i mars." in page
    assert "Inga uppgifter har ändrats sedan dess." in page

    client.post(
        staff_url("situation:other_information_update", kungsbacka, pk=item.pk),
        {"heading": "Resecentrum", "text": "Bygget börjar i april.", "source": "Detaljplan"},
    )
    page = client.get(staff_url("situation:lagesbild", kungsbacka, year=YEAR)).content.decode()
    assert "Uppgifterna har ändrats sedan dess" in page, "stale until the rebuild has run"
    run_tasks()
    page = client.get(staff_url("situation:lagesbild", kungsbacka, year=YEAR)).content.decode()
    assert "Bygget börjar i april." in page


def test_an_approval_before_the_figures_are_computed_is_refused(client, coordinator, kungsbacka):
    response = client.post(
        staff_url("situation:lagesbild_approve", kungsbacka, year=YEAR),
        {"approved_on": "2026-03-02", "approved_by": "Styrgruppen"},
    )

    assert "Lägesbilden är inte beräknad ännu: beräkna den först." in response.content.decode()
    assert not LagesbildApproval.objects.exists()


def test_the_sign_off_publishes_the_public_version_as_approved(
    client, coordinator, lagesbild_planted
):
    kungsbacka = lagesbild_planted
    public_url = reverse("portal:lagesbild", kwargs={"municipality": "kungsbacka", "year": YEAR})
    assert client.get(public_url).status_code == 404, "nothing is public before the approval"
    refresh_lagesbild(kungsbacka, YEAR)

    response = client.post(
        staff_url("situation:lagesbild_approve", kungsbacka, year=YEAR),
        {"approved_on": "2026-03-02", "approved_by": "Styrgruppen för samverkan"},
    )

    assert response.status_code == 302
    approval = LagesbildApproval.objects.get()
    assert (approval.approved_on, approval.recorded_by) == (dt.date(2026, 3, 2), coordinator)
    client.logout()
    page = client.get(public_url).content.decode()
    assert "Godkänd 2 mars 2026 av Styrgruppen för samverkan." in page
    assert "Kartläggning" in page and "Analys" in page
    assert SECRET not in page, "an acknowledgement comment is for staff"
    assert format(QUIET_CELL, "x") not in page, "a cell of two reports is not published"
    # Newer data do not change what the steering group approved.
    report(kungsbacka, kungsbacka.incident_sources.get(), QUIET_CELL, 40)
    refresh_lagesbild(kungsbacka, YEAR)
    page = client.get(public_url).content.decode()
    assert format(QUIET_CELL, "x") not in page
    municipality_page = client.get(reverse("portal:municipality", args=["kungsbacka"]))
    assert public_url in municipality_page.content.decode()

    pdf = client.get(
        reverse("portal:lagesbild_pdf", kwargs={"municipality": "kungsbacka", "year": YEAR})
    )
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, check=True, capture_output=True
    ).stdout.decode()
    assert "Offentlig version" in text and "Godkänd 2 mars 2026" in text
    assert SECRET not in text


def test_an_approval_of_stale_figures_is_refused(client, coordinator, lagesbild_planted):
    refresh_lagesbild(lagesbild_planted, YEAR)
    report(lagesbild_planted, lagesbild_planted.incident_sources.get(), QUIET_CELL, 41)

    response = client.post(
        staff_url("situation:lagesbild_approve", lagesbild_planted, year=YEAR),
        {"approved_on": "2026-03-02", "approved_by": "Styrgruppen"},
    )

    assert "Siffrorna är äldre än uppgifterna" in response.content.decode()
    assert not LagesbildApproval.objects.exists()


def test_an_import_rebuilds_the_computed_lagesbilder_after_the_alerts(lagesbild_planted, run_tasks):
    refresh_lagesbild(lagesbild_planted, YEAR)
    before = snapshot_of(lagesbild_planted, YEAR, public=False)
    report(lagesbild_planted, lagesbild_planted.incident_sources.get(), QUIET_CELL, 42)
    assert not is_current(before)

    alerts_after_import(lagesbild_planted)
    run_tasks()

    after = snapshot_of(lagesbild_planted, YEAR, public=False)
    assert is_current(after) and after.computed_at > before.computed_at
    assert after.figures["kartlaggning"]["municipal_reports"]["count"] == 8
    assert Job.objects.filter(kind__endswith="rebuild_lagesbild").count() == 1


def test_compute_now_queues_the_year_for_analysts_only(client, kungsbacka, run_tasks):
    client.force_login(member(kungsbacka, Role.VIEWER))
    url = staff_url("situation:lagesbild_compute", kungsbacka, year=YEAR)
    assert client.post(url).status_code == 403
    client.force_login(member(kungsbacka, Role.ANALYST))
    page = client.get(staff_url("situation:lagesbild", kungsbacka, year=YEAR)).content.decode()
    assert "Årets lägesbild är inte beräknad ännu." in page

    assert client.post(url).status_code == 302
    page = client.get(staff_url("situation:lagesbild", kungsbacka, year=YEAR)).content.decode()
    assert "Lägesbilden beräknas" in page
    run_tasks()

    page = client.get(staff_url("situation:lagesbild", kungsbacka, year=YEAR)).content.decode()
    assert "Beräknat " in page and "Kartläggning" in page
    assert snapshot_of(kungsbacka, YEAR, public=True).figures["public"] is True


def test_a_year_out_of_range_is_not_found(client, coordinator, kungsbacka):
    assert client.get(staff_url("situation:lagesbild", kungsbacka, year=1999)).status_code == 404
    assert client.get(staff_url("situation:lagesbild", kungsbacka, year=2999)).status_code == 404


def test_the_command_says_what_is_wrong_with_its_arguments(kungsbacka):
    with pytest.raises(CommandError, match="Det finns ingen kommun med koden 9999"):
        call_command("lagesbild", "9999", "--year", "2025", stdout=io.StringIO())
    with pytest.raises(CommandError, match="En lägesbild görs för ett år"):
        call_command("lagesbild", "1384", "--year", "1990", stdout=io.StringIO())
    out = io.StringIO()
    call_command("lagesbild", "1384", "--year", "2026", stdout=out)
    assert out.getvalue().startswith("Kungsbacka 2026: 0 polishändelser")
