import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import (
    ActionFactory,
    AgreementFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PoliceAreaFactory,
    PromiseFactory,
    SignatoryFactory,
    UserFactory,
)
from trygg.core.errors import DomainError
from trygg.promises import services
from trygg.promises.history import agreement_history
from trygg.promises.models import (
    Action,
    Agreement,
    FocusArea,
    IndicatorValue,
    ProgressUpdate,
    Promise,
)

# Services are checked by their English messages; the views test the Swedish.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def user():
    return UserFactory(username="samordnare")


@pytest.fixture
def ready_draft():
    """A draft with a focus area, a promise and a signatory: ready to be signed."""
    promise = PromiseFactory()
    agreement = promise.focus_area.agreement
    SignatoryFactory(agreement=agreement)
    return agreement


def test_a_draft_with_promises_and_signatories_can_be_signed(ready_draft, user):
    pdf = SimpleUploadedFile("avtal.pdf", PDF, content_type="application/pdf")
    agreement = services.sign_agreement(
        ready_draft, user, signed_on=datetime.date(2025, 12, 1), signed_document=pdf
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED
    assert agreement.signed_document.read().startswith(b"%PDF")


def test_an_agreement_without_promises_cannot_be_signed(user):
    agreement = AgreementFactory()
    SignatoryFactory(agreement=agreement)
    with pytest.raises(DomainError, match="focus area with a promise"):
        services.sign_agreement(agreement, user, signed_on=datetime.date(2025, 12, 1))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_an_agreement_without_signatories_cannot_be_signed(user):
    agreement = PromiseFactory().focus_area.agreement
    with pytest.raises(DomainError, match="signatories"):
        services.sign_agreement(agreement, user, signed_on=datetime.date(2025, 12, 1))


def test_signing_in_the_future_is_refused(ready_draft, user):
    with pytest.raises(DomainError, match="future"):
        services.sign_agreement(ready_draft, user, signed_on=datetime.date(2999, 1, 1))


def test_a_file_that_is_not_a_pdf_is_refused_and_the_agreement_stays_a_draft(ready_draft, user):
    fake = SimpleUploadedFile("avtal.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.sign_agreement(
            ready_draft, user, signed_on=datetime.date(2025, 12, 1), signed_document=fake
        )
    assert "signed_document" in error.value.message_dict
    ready_draft.refresh_from_db()
    assert ready_draft.status == Agreement.Status.DRAFT


def test_a_pdf_over_the_size_limit_is_refused(ready_draft, user, settings):
    settings.TRYGG_MAX_UPLOAD_BYTES = 100
    big = SimpleUploadedFile("avtal.pdf", PDF + b"0" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError, match="largest allowed"):
        services.sign_agreement(
            ready_draft, user, signed_on=datetime.date(2025, 12, 1), signed_document=big
        )


def test_only_a_signed_agreement_can_be_published(user):
    with pytest.raises(DomainError, match="Only a signed"):
        services.publish_agreement(AgreementFactory(), user)
    signed = AgreementFactory(status=Agreement.Status.SIGNED, signed_on=datetime.date(2025, 1, 1))
    assert services.publish_agreement(signed, user).is_published


def test_the_promises_of_a_signed_agreement_cannot_be_changed(user):
    promise = PromiseFactory(focus_area__agreement__published=True)
    promise.text = "Something else"
    with pytest.raises(DomainError, match="signed"):
        services.save_promise(promise, user)
    with pytest.raises(DomainError):
        services.save_focus_area(FocusArea(agreement=promise.agreement, title="Ny"), user)


def test_actions_of_a_signed_agreement_can_still_be_added(user):
    promise = PromiseFactory(focus_area__agreement__published=True)
    action = Action(
        promise=promise,
        title="Extra kontroller",
        owner=Action.Owner.POLICE,
        starts_on=datetime.date(2026, 2, 1),
        due_on=datetime.date(2026, 12, 31),
    )
    assert services.save_action(action, user).pk


def test_an_action_due_outside_the_agreements_period_is_refused(user):
    promise = PromiseFactory()
    action = Action(
        promise=promise,
        title="För sent",
        owner=Action.Owner.MUNICIPALITY,
        starts_on=datetime.date(2026, 1, 1),
        due_on=datetime.date(2030, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        services.save_action(action, user)
    assert "due_on" in error.value.message_dict
    assert not Action.objects.exists()


def test_a_partner_action_must_name_the_partner(user):
    action = ActionFactory.build(promise=PromiseFactory(), owner=Action.Owner.PARTNER)
    with pytest.raises(ValidationError) as error:
        services.save_action(action, user)
    assert "partner_name" in error.value.message_dict


def test_a_period_that_ends_before_it_starts_is_refused(user):
    agreement = AgreementFactory.build(
        municipality=AgreementFactory().municipality,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2025, 1, 1),
    )
    agreement.police_area = PoliceAreaFactory(municipalities=[agreement.municipality])
    with pytest.raises(ValidationError) as error:
        services.save_agreement(agreement, user)
    assert "ends_on" in error.value.message_dict


def test_the_police_area_must_serve_the_municipality(user):
    agreement = AgreementFactory.build(municipality=AgreementFactory().municipality)
    agreement.police_area = PoliceAreaFactory()
    with pytest.raises(DomainError, match="does not serve"):
        services.save_agreement(agreement, user)


def test_shortening_the_period_past_an_actions_due_date_is_refused(user):
    action = ActionFactory()
    agreement = action.agreement
    agreement.ends_on = action.due_on - datetime.timedelta(days=30)
    with pytest.raises(DomainError, match="due outside"):
        services.save_agreement(agreement, user)


def test_the_period_of_a_signed_agreement_is_fixed(user):
    agreement = AgreementFactory(published=True)
    agreement.ends_on = datetime.date(2028, 12, 31)
    with pytest.raises(DomainError, match="period"):
        services.save_agreement(agreement, user)


def test_recording_progress_makes_a_planned_action_ongoing(user):
    action = ActionFactory(
        promise__focus_area__agreement__published=True, status=Action.Status.PLANNED
    )
    update = ProgressUpdate(action=action, date=datetime.date(2026, 2, 1), text="Gjort", quantity=2)
    services.record_progress(update, user)
    action.refresh_from_db()
    assert action.status == Action.Status.ONGOING
    assert action.quantity_done() == 2
    assert update.created_by == user


def test_progress_on_a_draft_is_refused(user):
    action = ActionFactory()
    update = ProgressUpdate(action=action, date=datetime.date(2026, 2, 1), text="Gjort")
    with pytest.raises(DomainError, match="signed"):
        services.record_progress(update, user)
    assert not ProgressUpdate.objects.exists()


def test_progress_dated_in_the_future_is_refused(user):
    action = ActionFactory(promise__focus_area__agreement__published=True)
    update = ProgressUpdate(action=action, date=datetime.date(2999, 1, 1), text="Snart")
    with pytest.raises(DomainError, match="future"):
        services.record_progress(update, user)


def test_an_attachment_that_is_not_pdf_png_or_jpeg_is_refused(user):
    action = ActionFactory(promise__focus_area__agreement__published=True)
    update = ProgressUpdate(
        action=action,
        date=datetime.date(2026, 2, 1),
        text="Se bilaga",
        attachment=SimpleUploadedFile("virus.exe", b"MZ\x90\x00\x03"),
    )
    with pytest.raises(ValidationError) as error:
        services.record_progress(update, user)
    assert "attachment" in error.value.message_dict


def test_a_second_value_for_the_same_date_is_refused(user):
    existing = IndicatorValueFactory()
    duplicate = IndicatorValue(
        indicator=existing.indicator, measured_on=existing.measured_on, value=1
    )
    with pytest.raises(DomainError, match="already a value"):
        services.record_indicator_value(duplicate, user)


def test_an_indicator_target_before_its_baseline_is_refused(user):
    indicator = IndicatorFactory.build(
        promise=PromiseFactory(), target_on=datetime.date(2019, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.save_indicator(indicator, user)
    assert "target_on" in error.value.message_dict


def test_history_records_who_changed_what(user):
    action = ActionFactory(promise__focus_area__agreement__published=True)
    action.status = Action.Status.DONE
    services.save_action(action, user)
    entries = agreement_history(action.agreement)
    change = next(entry for entry in entries if entry.kind == "~")
    assert change.who == "samordnare"
    assert [(c.field, c.old, c.new) for c in change.changes] == [("status", "Ongoing", "Done")]


def test_history_keeps_deleted_children():
    promise = PromiseFactory()
    agreement = promise.agreement
    title = promise.title
    promise.delete()
    entries = agreement_history(agreement)
    assert any(entry.kind == "-" and entry.object_label == title for entry in entries)


def test_deleting_a_focus_area_of_a_draft_takes_its_promises_and_keeps_the_history(user):
    promise = PromiseFactory()
    agreement = promise.agreement
    services.delete_from_draft(promise.focus_area, user)
    assert not agreement.focus_areas.exists()
    deletions = [entry for entry in agreement_history(agreement) if entry.kind == "-"]
    assert {entry.who for entry in deletions} >= {"samordnare"}
    assert any(entry.object_label == promise.title for entry in deletions)


def test_nothing_can_be_deleted_from_a_signed_agreement(user):
    promise = PromiseFactory(focus_area__agreement__published=True)
    with pytest.raises(DomainError, match="signed"):
        services.delete_from_draft(promise, user)
    assert Promise.objects.filter(pk=promise.pk).exists()


def test_a_stale_copy_of_the_agreement_does_not_let_a_signed_promise_change(user):
    promise = PromiseFactory()
    Agreement.objects.filter(pk=promise.agreement.pk).update(
        status=Agreement.Status.SIGNED, signed_on=datetime.date(2025, 12, 1)
    )
    promise.text = "Ändrat efter undertecknandet"
    with pytest.raises(DomainError, match="signed"):
        services.save_promise(promise, user)
