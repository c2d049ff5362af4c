"""The staff workspace through Django's test client, in Swedish (the default language)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import (
    ActionFactory,
    AgreementFactory,
    PoliceAreaFactory,
    ProgressUpdateFactory,
    PromiseFactory,
    SignatoryFactory,
    member,
)
from tests.promises.documents import PDF
from trygg.promises.models import Action, Agreement, ProgressUpdate
from trygg.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, signed_action):
    client.force_login(member(signed_action.municipality, Role.COORDINATOR))
    return client


def test_a_coordinator_drafts_an_agreement_through_the_form(client):
    police_area = PoliceAreaFactory()
    municipality = AgreementFactory(police_area=police_area).municipality
    police_area.municipalities.add(municipality)
    client.force_login(member(municipality, Role.COORDINATOR))
    response = client.post(
        reverse("promises:agreement_create", args=[municipality.code]),
        {
            "title": "Medborgarlöften 2027–2028",
            "summary": "",
            "police_area": police_area.pk,
            "starts_on": "2027-01-01",
            "ends_on": "2028-12-31",
        },
    )
    agreement = Agreement.objects.get(title="Medborgarlöften 2027–2028")
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert agreement.status == Agreement.Status.DRAFT
    assert agreement.history.first().history_user.username.startswith("user")


def test_a_period_ending_before_it_starts_is_explained_in_swedish(client):
    agreement = AgreementFactory()
    client.force_login(member(agreement.municipality, Role.COORDINATOR))
    response = client.post(
        reverse("promises:agreement_update", args=[agreement.pk]),
        {
            "title": agreement.title,
            "police_area": agreement.police_area_id,
            "starts_on": "2027-01-01",
            "ends_on": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "Perioden måste sluta efter att den börjar." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.ends_on == datetime.date(2027, 12, 31)


def test_a_due_date_outside_the_period_is_explained_and_the_input_kept(client):
    promise = PromiseFactory()
    client.force_login(member(promise.municipality, Role.COORDINATOR))
    response = client.post(
        reverse("promises:action_create", args=[promise.pk]),
        {
            "title": "Nattvandring i centrum",
            "owner": "partner",
            "partner_name": "Nattvandrarna",
            "starts_on": "2026-01-01",
            "due_on": "2031-01-01",
            "target_period": "total",
            "status": "planned",
            "order": 0,
        },
    )
    page = response.content.decode()
    assert "Slutdatumet måste ligga inom överenskommelsens period" in page
    assert 'value="Nattvandring i centrum"' in page
    assert not Action.objects.exists()


def test_a_negative_quantity_is_refused(coordinator_client, signed_action):
    response = coordinator_client.post(
        reverse("promises:progress_create", args=[signed_action.pk]),
        {"date": "2026-02-01", "text": "Kontroll", "quantity": "-3"},
    )
    assert response.status_code == 200
    assert "större än eller lika med 0" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_signed_agreement_that_is_not_a_pdf_is_refused_in_swedish(client):
    agreement = PromiseFactory().agreement
    SignatoryFactory(agreement=agreement)
    client.force_login(member(agreement.municipality, Role.COORDINATOR))
    response = client.post(
        reverse("promises:agreement_sign", args=[agreement.pk]),
        {
            "signed_on": "2025-12-01",
            "signed_document": SimpleUploadedFile("avtal.pdf", b"<html>nej</html>"),
        },
    )
    assert "Filen är en webbsida, inte en PDF. Spara eller skriv ut den som PDF." in (
        response.content.decode()
    )
    agreement.refresh_from_db()
    assert agreement.is_draft


def test_a_too_large_pdf_is_refused_with_the_limit_named(client, settings):
    settings.TRYGG_MAX_UPLOAD_BYTES = 1024
    agreement = PromiseFactory().agreement
    SignatoryFactory(agreement=agreement)
    client.force_login(member(agreement.municipality, Role.COORDINATOR))
    response = client.post(
        reverse("promises:agreement_sign", args=[agreement.pk]),
        {
            "signed_on": "2025-12-01",
            "signed_document": SimpleUploadedFile("avtal.pdf", b"%PDF-1.4" + b"0" * 4096),
        },
    )
    assert "största tillåtna är 1,0\xa0kB" in response.content.decode()


def test_signing_then_publishing_makes_the_agreement_public(client):
    agreement = PromiseFactory().agreement
    SignatoryFactory(agreement=agreement)
    client.force_login(member(agreement.municipality, Role.COORDINATOR))
    public_url = reverse("portal:municipality", args=[agreement.municipality.slug])
    assert agreement.title not in client.get(public_url).content.decode()

    client.post(
        reverse("promises:agreement_sign", args=[agreement.pk]),
        {
            "signed_on": "2025-12-01",
            "signed_document": SimpleUploadedFile("avtal.pdf", PDF),
        },
    )
    client.post(reverse("promises:agreement_publish", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED and agreement.is_published
    client.logout()
    assert agreement.title in client.get(public_url).content.decode()


def test_a_draft_is_not_published_by_url(client):
    agreement = AgreementFactory()
    client.force_login(member(agreement.municipality, Role.COORDINATOR))

    response = client.post(reverse("promises:agreement_publish", args=[agreement.pk]))

    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.published_at is None


def test_a_progress_update_shows_on_the_action_and_the_public_page(
    coordinator_client, signed_action
):
    response = coordinator_client.post(
        reverse("promises:progress_create", args=[signed_action.pk]),
        {"date": "2026-02-01", "text": "Trafikkontroll vid Åsa skola", "quantity": "1"},
    )
    assert response.status_code == 302
    assert (
        "Trafikkontroll vid Åsa skola"
        in coordinator_client.get(response["Location"]).content.decode()
    )
    public = coordinator_client.get(
        reverse("portal:municipality", args=[signed_action.municipality.slug])
    )
    assert "Trafikkontroll vid Åsa skola" in public.content.decode()


def test_the_agreement_page_shows_actions_behind_target(coordinator_client, signed_action):
    page = coordinator_client.get(signed_action.agreement.get_absolute_url()).content.decode()
    assert "Behöver uppmärksamhet" in page
    assert "Efter målet" in page


def test_the_history_page_names_who_changed_an_action(coordinator_client, signed_action):
    coordinator_client.post(
        reverse("promises:action_update", args=[signed_action.pk]),
        {
            "title": "Nytt namn på åtgärden",
            "owner": "polis",
            "starts_on": signed_action.starts_on.isoformat(),
            "due_on": signed_action.due_on.isoformat(),
            "target_quantity": "1",
            "target_period": "week",
            "status": "ongoing",
            "order": 0,
        },
    )
    page = coordinator_client.get(
        reverse("promises:agreement_history", args=[signed_action.agreement.pk])
    ).content.decode()
    assert "Nytt namn på åtgärden" in page
    assert signed_action.title in page


def test_a_progress_form_with_errors_keeps_the_actions_name_and_the_way_back(
    coordinator_client, signed_action
):
    response = coordinator_client.post(
        reverse("promises:progress_create", args=[signed_action.pk]),
        {"date": "2026-03-01", "text": "", "quantity": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vad som gjordes" in html
    assert signed_action.title in html
    assert f'href="{signed_action.get_absolute_url()}"' in html
    assert signed_action.agreement.title in html  # in the breadcrumbs


def test_the_progress_form_asks_for_a_quantity_only_with_a_target_and_starts_at_today(
    coordinator_client, signed_action
):
    untargeted = ActionFactory(promise=signed_action.promise, target_quantity=None)
    with_target = coordinator_client.get(signed_action.get_absolute_url()).content.decode()
    without = coordinator_client.get(untargeted.get_absolute_url()).content.decode()

    assert 'name="quantity"' in with_target
    assert 'name="quantity"' not in without
    assert "Antal genomförda" not in without
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in without


def test_the_action_page_pairs_each_label_with_its_value(coordinator_client, signed_action):
    html = coordinator_client.get(signed_action.get_absolute_url()).content.decode()
    facts = html[html.index('<dl class="facts">') : html.index("</dl>")]
    assert facts.count("<dt>") == facts.count('<div class="facts__item"><dt>') > 0


def test_a_correction_through_the_form_is_marked_and_its_reason_is_in_the_history(
    coordinator_client, signed_action
):
    update = ProgressUpdateFactory(action=signed_action, text="Tre kontroller", quantity=3)
    response = coordinator_client.post(
        reverse("promises:progress_correct", args=[update.pk]),
        {
            "date": update.date.isoformat(),
            "text": "Två kontroller",
            "quantity": "2",
            "reason": "Felräknat.",
        },
    )
    assert response.status_code == 302
    page = coordinator_client.get(signed_action.get_absolute_url()).content.decode()
    assert f"Rättad {date_format(timezone.localdate())}" in page
    history = coordinator_client.get(
        reverse("promises:agreement_history", args=[signed_action.agreement.pk])
    ).content.decode()
    assert "Felräknat." in history


def test_a_withdrawal_needs_a_reason_in_swedish(coordinator_client, signed_action):
    update = ProgressUpdateFactory(action=signed_action)
    response = coordinator_client.post(
        reverse("promises:progress_withdraw", args=[update.pk]), {"reason": ""}
    )
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    update.refresh_from_db()
    assert update.withdrawn_on is None
