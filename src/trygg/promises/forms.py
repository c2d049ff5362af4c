"""Staff forms. Model validation (``clean``, constraints, file checks) runs in each form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Action,
    Agreement,
    EvidenceLink,
    FocusArea,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    Promise,
    Signatory,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["title", "summary", "police_area", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the police areas that serve this municipality can sign with it.
        self.fields["police_area"].queryset = self.instance.municipality.police_areas.all()
        if not self.instance.is_draft:
            for name in ("starts_on", "ends_on", "police_area"):
                self.fields[name].disabled = True


class SignAgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["signed_on", "signed_document"]
        widgets = {
            "signed_on": DateInput(),
            # A hint for the file chooser only; the content decides (promises.documents).
            "signed_document": forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        }
        help_texts = {"signed_document": _("The signed agreement as a PDF, at most 10 MB.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].required = True


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["name", "title", "organisation", "order"]


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["title", "description", "order"]


class PromiseForm(forms.ModelForm):
    class Meta:
        model = Promise
        fields = ["title", "text", "problem", "order"]


class EvidenceLinkForm(forms.ModelForm):
    class Meta:
        model = EvidenceLink
        fields = ["title", "url"]


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "owner",
            "partner_name",
            "responsible",
            "starts_on",
            "due_on",
            "target_quantity",
            "target_period",
            "target_unit",
            "status",
            "outcome_note",
            "order",
        ]
        widgets = {
            "starts_on": DateInput(),
            "due_on": DateInput(),
            "outcome_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            agreement = self.instance.promise.agreement
            start_empty_fields_at(self, starts_on=agreement.starts_on, due_on=agreement.ends_on)


def start_empty_fields_at(form: forms.ModelForm, **values) -> None:
    """Start the form's empty fields at ``values``.

    A model form's ``initial`` already holds its new instance's empty values, so
    ``setdefault`` would keep them.
    """
    for name, value in values.items():
        form.initial[name] = form.initial.get(name) or value


def latest_date_in(agreement: Agreement):
    """Today, or the last day of the period once it is over: where a date field starts."""
    return min(timezone.localdate(), agreement.ends_on)


class ProgressUpdateForm(forms.ModelForm):
    """What was done. The quantity is asked for only when the action has a quantity target."""

    class Meta:
        model = ProgressUpdate
        fields = ["date", "text", "quantity", "link", "attachment"]
        widgets = {
            "date": DateInput(),
            "text": forms.Textarea(attrs={"rows": 4}),
            "attachment": forms.ClearableFileInput(
                attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = self.instance.action
        if not action.target_quantity:
            del self.fields["quantity"]
        else:
            unit = action.target_unit or _("times")
            self.fields["quantity"].help_text = _(
                "How many %(unit)s this update adds towards the target (%(target)s)."
            ) % {"unit": unit, "target": action.target_label}
        if not self.instance.pk:
            start_empty_fields_at(self, date=latest_date_in(action.agreement))


class ProgressCorrectionForm(ProgressUpdateForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the history. Residents see that the update was corrected, and when."),
    )


class ProgressWithdrawalForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for withdrawing it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kept in the history. Residents see that an update was withdrawn, and when, "
            "but no longer its text."
        ),
    )

    class Meta:
        model = ProgressUpdate
        fields = []


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "definition",
            "unit",
            "direction",
            "baseline_value",
            "baseline_on",
            "target_value",
            "target_on",
        ]
        widgets = {"baseline_on": DateInput(), "target_on": DateInput()}


class IndicatorValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            start_empty_fields_at(self, measured_on=latest_date_in(self.instance.agreement))
