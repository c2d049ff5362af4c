"""Staff forms for building a survey."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bank import QUESTION_BANK
from .models import Option, Question, Survey


class NewSurveyForm(forms.Form):
    """A new survey: either questions from the bank, or a copy of an earlier survey."""

    title = forms.CharField(label=_("Title"), max_length=200, initial="Trygghetsundersökning")
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


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "text",
            "key",
            "kind",
            "help_text",
            "required",
            "number_min",
            "number_max",
            "order",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = ["label", "value", "order"]
