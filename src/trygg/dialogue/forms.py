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
    """A new survey, started in one of three ways: a copy of an earlier survey, the
    question bank's questions, or no questions at all."""

    COPY, BANK, EMPTY = "copy", "bank", "empty"

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
    start = forms.ChoiceField(
        label=_("Start with"),
        choices=[
            (COPY, _("The questions of an earlier survey")),
            (BANK, _("The question bank's standard questions")),
            (EMPTY, _("An empty survey")),
        ],
        widget=forms.RadioSelect,
    )
    copy_from = forms.ModelChoiceField(
        label=_("Which survey to copy"),
        queryset=Survey.objects.none(),
        required=False,
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
        earlier = municipality.surveys.all()
        self.fields["copy_from"].queryset = earlier
        self.fields["year"].initial = timezone.localdate().year
        # Comparing with last year is the point of a yearly survey: offered first.
        latest = earlier.first()
        if latest is None:
            self.fields["start"].choices = self.fields["start"].choices[1:]
            self.fields["start"].initial = self.BANK
        else:
            self.fields["start"].initial = self.COPY
            self.fields["copy_from"].initial = latest.pk

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start")
        # Only what the chosen start uses reaches the service.
        if start != self.COPY:
            cleaned["copy_from"] = None
        if start != self.BANK:
            cleaned["questions"] = []
        if start == self.COPY and not cleaned["copy_from"]:
            self.add_error("copy_from", _("Choose the survey to copy."))
        if start == self.BANK and not cleaned["questions"]:
            self.add_error(
                "questions",
                _("Choose at least one question from the bank, or start with an empty survey."),
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


class OpenSurveyForm(forms.Form):
    """Opening a survey: the one thing asked is the last day residents can answer."""

    closes_on = forms.DateField(
        label=_("Last day to answer"),
        help_text=_("Residents can answer until the end of this day. Today or later."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the last day to answer before opening the survey.")},
    )


Kind = Question.Kind
# The kinds staff write themselves; the background questions (area, age group, gender)
# come from the bank with the answers that responses are weighted by.
WRITTEN_KINDS = [Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.NUMBER, Kind.FREE_TEXT, Kind.PLACES]
# A question's kind can change only where its answers keep their meaning.
CHANGEABLE_KINDS = [Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE]
# The fields that apply to some kinds only; the others apply to every kind.
FIELDS_FOR_KINDS = {
    "number_min": {Kind.NUMBER},
    "number_max": {Kind.NUMBER},
    # The map question is never required, and always a page of its own.
    "required": set(Kind) - {Kind.PLACES},
    "starts_page": set(Kind) - {Kind.PLACES},
}


class QuestionForm(forms.ModelForm):
    """A question, with only the fields its kind uses.

    A new question's kind is chosen on the form, so every field is there and a script
    hides what the chosen kind does not use; what is posted for another kind is
    dropped. A saved question keeps its kind (single and multiple choice can swap).
    """

    class Meta:
        model = Question
        fields = [
            "kind",
            "text",
            "text_en",
            "help_text",
            "help_text_en",
            "required",
            "number_min",
            "number_max",
            "starts_page",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "starts_page": _("The resident sees this question at the top of a new page."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        if self.instance.pk:
            kind = self.instance.kind
            if kind in CHANGEABLE_KINDS:
                kind_field.choices = [(k.value, k.label) for k in CHANGEABLE_KINDS]
            else:
                del self.fields["kind"]
        else:
            kind_field.choices = [(k.value, k.label) for k in WRITTEN_KINDS]
            kind = self.data.get("kind") if self.is_bound else None
            # Without the script every field shows: say which kinds they are for.
            for name in ("number_min", "number_max"):
                self.fields[name].help_text = _("For a number question only.")
        for name, kinds in FIELDS_FOR_KINDS.items():
            if kind is not None and kind not in kinds:
                del self.fields[name]
            elif name in self.fields:
                self.fields[name].widget.attrs["data-for-kinds"] = " ".join(sorted(kinds))


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = ["label", "label_en", "order"]


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
