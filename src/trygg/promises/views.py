"""The staff workspace for agreements: thin views over selectors and services."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trygg.core.staff import (
    ServiceDeleteView,
    ServiceFormView,
    get_permitted_or_404,
    object_action,
)
from trygg.tenancy.models import Municipality

from . import forms, selectors, services
from . import rules as perms
from .documents import document_response
from .history import agreement_history
from .models import (
    Action,
    Agreement,
    EvidenceLink,
    FocusArea,
    Indicator,
    ProgressUpdate,
    Promise,
    Signatory,
)


@login_required
def agreement_list(request, municipality):
    municipality = get_permitted_or_404(
        request, Municipality.objects, perms.VIEW_AGREEMENT, code=municipality
    )
    return render(
        request,
        "promises/agreement_list.html",
        {
            "municipality": municipality,
            "agreements": selectors.agreements_of(municipality),
        },
    )


@login_required
def agreement_detail(request, pk):
    agreement = get_permitted_or_404(request, Agreement.objects, perms.VIEW_AGREEMENT, pk=pk)
    return render(
        request,
        "promises/agreement_detail.html",
        {
            "agreement": agreement,
            "overview": selectors.agreement_overview(agreement),
        },
    )


@login_required
def agreement_history_view(request, pk):
    agreement = get_permitted_or_404(request, Agreement.objects, perms.VIEW_AGREEMENT, pk=pk)
    return render(
        request,
        "promises/agreement_history.html",
        {"agreement": agreement, "entries": agreement_history(agreement)},
    )


@login_required
def agreement_document(request, pk):
    agreement = get_permitted_or_404(request, Agreement.objects, perms.VIEW_AGREEMENT, pk=pk)
    return document_response(
        agreement.signed_document, f"{agreement.municipality.slug}-{agreement.starts_on:%Y}"
    )


agreement_publish = object_action(
    Agreement,
    perms.PUBLISH_AGREEMENT,
    services.publish_agreement,
    _("The agreement is published on the public page."),
)
agreement_end = object_action(
    Agreement, perms.END_AGREEMENT, services.end_agreement, _("The agreement is ended.")
)


@login_required
def action_detail(request, pk):
    action = get_permitted_or_404(
        request, selectors.actions_with_totals(), perms.VIEW_AGREEMENT, pk=pk
    )
    return render(
        request,
        "promises/action_detail.html",
        {
            "action": action,
            "progress": action.progress(),
            "updates": action.progress_updates.all(),
            "form": forms.ProgressUpdateForm(instance=ProgressUpdate(action=action)),
        },
    )


@login_required
def progress_attachment(request, pk):
    update = get_permitted_or_404(request, ProgressUpdate.objects, perms.VIEW_AGREEMENT, pk=pk)
    return document_response(
        update.attachment, f"uppfoljning-{update.municipality.slug}-{update.pk}"
    )


class AgreementFormView(ServiceFormView):
    """A form on an agreement or one of its parts: Cancel goes back to the agreement.

    The page names where it is (municipality, agreement and, for a progress update,
    the action), also when it comes back with errors.
    """

    permission = perms.CHANGE_PROMISE
    template_name = "promises/form.html"

    def get_cancel_url(self, instance) -> str:
        agreement = instance if isinstance(instance, Agreement) else instance.agreement
        return agreement.get_absolute_url()

    def get_context_data(self, form, instance) -> dict:
        agreement = instance if isinstance(instance, Agreement) else instance.agreement
        return super().get_context_data(form, instance) | {
            "municipality": agreement.municipality,
            "agreement": agreement,
            "action": getattr(instance, "action", None),
        }


class AgreementCreate(AgreementFormView):
    form_class = forms.AgreementForm
    permission = perms.ADD_AGREEMENT
    service = services.save_agreement
    title = _("New agreement")

    def get_instance(self):
        municipality = get_permitted_or_404(
            self.request,
            Municipality.objects,
            self.get_permission(),
            code=self.kwargs["municipality"],
        )
        return Agreement(municipality=municipality)

    def get_cancel_url(self, instance) -> str:
        return reverse("promises:agreements", args=[instance.municipality.code])


class AgreementUpdate(AgreementFormView):
    form_class = forms.AgreementForm
    permission = perms.CHANGE_AGREEMENT
    service = services.save_agreement
    model = Agreement
    title = _("Edit the agreement")


class AgreementSign(AgreementFormView):
    form_class = forms.SignAgreementForm
    permission = perms.SIGN_AGREEMENT
    model = Agreement
    title = _("Record the signing")
    success_message = _("The signing is recorded. Publish the agreement when it should be public.")

    def save(self, form, user):
        return services.sign_agreement(
            Agreement.objects.get(pk=form.instance.pk),
            user,
            signed_on=form.cleaned_data["signed_on"],
            signed_document=form.cleaned_data.get("signed_document"),
        )


class SignatoryCreate(AgreementFormView):
    form_class = forms.SignatoryForm
    service = services.save_signatory
    parent_model = Agreement
    parent_field = "agreement"
    title = _("Add a signatory")

    def get_success_url(self, obj) -> str:
        return obj.agreement.get_absolute_url()


class FocusAreaCreate(AgreementFormView):
    form_class = forms.FocusAreaForm
    service = services.save_focus_area
    parent_model = Agreement
    parent_field = "agreement"
    title = _("Add a focus area")

    def get_success_url(self, obj) -> str:
        return obj.agreement.get_absolute_url()


class FocusAreaUpdate(FocusAreaCreate):
    model = FocusArea
    title = _("Edit the focus area")


class PromiseCreate(AgreementFormView):
    form_class = forms.PromiseForm
    service = services.save_promise
    parent_model = FocusArea
    parent_field = "focus_area"
    title = _("Add a promise")

    def get_success_url(self, obj) -> str:
        return obj.agreement.get_absolute_url() + f"#promise-{obj.pk}"


class PromiseUpdate(PromiseCreate):
    model = Promise
    title = _("Edit the promise")


class EvidenceLinkCreate(AgreementFormView):
    form_class = forms.EvidenceLinkForm
    service = services.save_evidence_link
    parent_model = Promise
    parent_field = "promise"
    title = _("Add an evidence link")

    def get_success_url(self, obj) -> str:
        return obj.promise.agreement.get_absolute_url() + f"#promise-{obj.promise_id}"


class ActionCreate(AgreementFormView):
    form_class = forms.ActionForm
    permission = perms.CHANGE_ACTION
    service = services.save_action
    parent_model = Promise
    parent_field = "promise"
    title = _("Add an action")


class ActionUpdate(ActionCreate):
    model = Action
    title = _("Edit the action")


class ProgressFormView(AgreementFormView):
    """A form on an action's progress: Cancel and success go back to the action."""

    def get_cancel_url(self, instance) -> str:
        return instance.action.get_absolute_url()

    def get_success_url(self, obj) -> str:
        return obj.get_absolute_url()


class ProgressUpdateCreate(ProgressFormView):
    form_class = forms.ProgressUpdateForm
    service = services.record_progress
    permission = perms.RECORD_PROGRESS
    parent_model = Action
    parent_field = "action"
    title = _("Record progress")
    success_message = _("The progress update is saved.")


class ProgressUpdateCorrect(ProgressFormView):
    form_class = forms.ProgressCorrectionForm
    permission = perms.CORRECT_PROGRESS
    model = ProgressUpdate
    title = _("Correct the progress update")
    success_message = _("The correction is saved; the update says that it was corrected.")

    def save(self, form, user):
        return services.correct_progress(form.instance, user, reason=form.cleaned_data["reason"])


class ProgressUpdateWithdraw(ProgressFormView):
    form_class = forms.ProgressWithdrawalForm
    permission = perms.CORRECT_PROGRESS
    model = ProgressUpdate
    title = _("Withdraw the progress update")
    success_message = _("The progress update is withdrawn and no longer counts.")

    def save(self, form, user):
        return services.withdraw_progress(form.instance, user, reason=form.cleaned_data["reason"])


class IndicatorCreate(AgreementFormView):
    form_class = forms.IndicatorForm
    permission = perms.CHANGE_INDICATOR
    service = services.save_indicator
    parent_model = Promise
    parent_field = "promise"
    title = _("Add an indicator")

    def get_success_url(self, obj) -> str:
        return obj.promise.agreement.get_absolute_url() + f"#indicator-{obj.pk}"


class IndicatorUpdate(IndicatorCreate):
    model = Indicator
    title = _("Edit the indicator")


class IndicatorValueCreate(AgreementFormView):
    form_class = forms.IndicatorValueForm
    service = services.record_indicator_value
    permission = perms.ENTER_INDICATOR_VALUE
    parent_model = Indicator
    parent_field = "indicator"
    title = _("Enter a value")

    def get_success_url(self, obj) -> str:
        return reverse("promises:agreement", kwargs={"pk": obj.indicator.promise.agreement.pk}) + (
            f"#indicator-{obj.indicator_id}"
        )


class DraftItemDelete(ServiceDeleteView):
    service = services.delete_from_draft
    permission = perms.CHANGE_PROMISE

    def get_cancel_url(self, obj) -> str:
        return obj.agreement.get_absolute_url()


class SignatoryDelete(DraftItemDelete):
    model = Signatory


class FocusAreaDelete(DraftItemDelete):
    model = FocusArea
    success_message = _("The focus area and its promises are deleted.")


class PromiseDelete(DraftItemDelete):
    model = Promise
    success_message = _("The promise and its actions are deleted.")


class EvidenceLinkDelete(DraftItemDelete):
    model = EvidenceLink


class ActionDelete(DraftItemDelete):
    model = Action
    permission = perms.DELETE_ACTION
