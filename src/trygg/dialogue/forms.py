"""Staff forms: building a survey, typing in paper answers, making invitations."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .answer_forms import PageForm
from .bank import QUESTION_BANK
from .fieldwork import MAX_EMAILS, MAX_LETTERS
from .models import Option, Question, Survey
from .services import SURVEY_DETAILS


class NewSurveyForm(forms.Form):
    """A new survey: either questions from the bank, or a copy of an earlier survey."""

    title = forms.CharField(label=_("Title"), max_length=200, initial="Trygghetsundersökning")
    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=200,
        initial="Safety survey",
        required=False,
        help_text=_(
            "The bank's questions come in English too: with an English title, residents "
            "who read English can answer in English."
        ),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    copy_from = forms.ModelChoiceField(
        label=_("Copy an earlier survey"),
        queryset=Survey.objects.none(),
        required=False,
        help_text=_(
            "Keeps every question comparable with that year. "
            "Leave empty to start from the question bank."
        ),
    )
    questions = forms.MultipleChoiceField(
        label=_("Questions from the bank"),
        choices=[(question.key, question.text) for question in QUESTION_BANK],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[question.key for question in QUESTION_BANK],
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = municipality.surveys.all()
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("copy_from") and not cleaned.get("questions"):
            raise forms.ValidationError(
                _("Choose questions from the bank, or an earlier survey to copy.")
            )
        return cleaned


class SurveyDetailsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = SURVEY_DETAILS
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "introduction_en": forms.Textarea(attrs={"rows": 4}),
        }


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "text",
            "text_en",
            "key",
            "kind",
            "help_text",
            "help_text_en",
            "required",
            "number_min",
            "number_max",
            "order",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
        }


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = ["label", "label_en", "value", "order"]


class PaperForm(PageForm):
    """Every question of the survey on one page, as staff type in a paper form.

    Nothing is required: staff enter what the respondent wrote and leave the rest
    empty. Each single choice starts at "No answer", so a mistyped choice can be
    taken back. The hidden submission key makes a double submit store one response.
    """

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    invitation_code = forms.CharField(
        label=_("Invitation code on the letter"),
        help_text=_(
            "Only if the paper form came with a code, e.g. ABCD-EFGH-JK. "
            "The code is then used up, so that it cannot answer again."
        ),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, survey, areas, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission_key", uuid.uuid4())
        super().__init__(
            *args,
            questions=list(survey.questions.prefetch_related("options")),
            areas=areas,
            **kwargs,
        )
        del self.fields["website"]
        for name, field in self.fields.items():
            field.required = False
            # A radio button cannot be unticked: "No answer" takes back a slip of the hand.
            if type(field.widget) is forms.RadioSelect:
                field.choices = [("", _("No answer")), *field.choices]
                self.initial.setdefault(name, "")

    def answers(self) -> dict:
        return {key: value for key, value in super().answers().items() if value not in ("", None)}


class InvitationForm(forms.Form):
    """A batch of invitations: letters to print, e-mails to send, or both."""

    batch_key = forms.UUIDField(widget=forms.HiddenInput)
    letters = forms.IntegerField(
        label=_("Letters to print"),
        min_value=0,
        max_value=MAX_LETTERS,
        required=False,
        initial=0,
    )
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("batch_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        # Formatted here, not at import: the text is translated for this request.
        self.fields["letters"].help_text = _(
            "One letter with a code of its own for each person drawn in the sample. "
            "At most %(count)d in one batch."
        ) % {"count": MAX_LETTERS}
        self.fields["emails"].help_text = _(
            "One address a line; each gets an e-mail with a code of its own, sent in "
            "the background. An address is kept only until its e-mail is sent, and "
            "deleted unsent when the survey closes. At most %(count)d in one batch."
        ) % {"count": MAX_EMAILS}

    def clean_emails(self) -> list[str]:
        """The addresses, one a line, each once; every line that is no address is named."""
        addresses: dict[str, str] = {}
        errors = []
        for number, line in enumerate(self.cleaned_data["emails"].splitlines(), start=1):
            address = line.strip().strip(",;").strip()
            if not address:
                continue
            try:
                validate_email(address)
            except ValidationError:
                errors.append(
                    ValidationError(
                        _("Line %(line)d is not an e-mail address: “%(text)s”."),
                        params={"line": number, "text": address[:80]},
                    )
                )
            else:
                addresses.setdefault(address.lower(), address)
        if errors:
            raise ValidationError(errors)
        if len(addresses) > MAX_EMAILS:
            raise ValidationError(
                _("At most %(count)d addresses in one batch; send the rest in another."),
                params={"count": MAX_EMAILS},
            )
        return list(addresses.values())

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("letters") and not cleaned.get("emails"):
            raise ValidationError(_("Give a number of letters, e-mail addresses, or both."))
        return cleaned
