"""The form a respondent fills in, one page of questions at a time.

Each question becomes a field named by its key; its value is what
``submission.submit_response`` takes for that key. The map question is a hidden
JSON field that the map script fills, with a plain area-and-description fieldset
beside it for browsers without JavaScript.
"""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.geo.models import Area

from .bank import PLACE_REASONS, PLACE_TIMES
from .content import SWEDISH, in_language
from .models import Question
from .submission import MAX_PLACES, MAX_TEXT_LENGTH


class PageForm(forms.Form):
    # Left empty by people; bots that fill every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(
        self,
        *args,
        questions: list[Question],
        areas: list[Area],
        language: str = SWEDISH,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.language = language
        self.area_choices = [(str(area.pk), area.name) for area in areas]
        for question in questions:
            self._add_fields(question)

    def _add_fields(self, question: Question) -> None:
        common = {
            "label": in_language(question, "text", self.language),
            "help_text": in_language(question, "help_text", self.language),
            "required": question.required,
        }
        kind = question.kind
        if kind == Question.Kind.PLACES:
            self._add_place_fields(question)
            return
        if kind == Question.Kind.AREA:
            field = forms.ChoiceField(choices=self.area_choices, widget=forms.RadioSelect, **common)
        elif kind == Question.Kind.MULTIPLE_CHOICE:
            field = forms.MultipleChoiceField(
                choices=self._options(question), widget=forms.CheckboxSelectMultiple, **common
            )
        elif kind == Question.Kind.NUMBER:
            field = forms.DecimalField(
                min_value=question.number_min,
                max_value=question.number_max,
                decimal_places=2,
                **common,
            )
        elif kind == Question.Kind.FREE_TEXT:
            field = forms.CharField(
                max_length=MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 4}), **common
            )
        else:
            field = forms.ChoiceField(
                choices=self._options(question), widget=forms.RadioSelect, **common
            )
        self.fields[question.key] = field

    def _options(self, question: Question) -> list[tuple[str, str]]:
        return [
            (option.value, in_language(option, "label", self.language))
            for option in question.options.all()
        ]

    def _add_place_fields(self, question: Question) -> None:
        key = question.key
        self.fields[key] = forms.CharField(
            label=in_language(question, "text", self.language),
            help_text=in_language(question, "help_text", self.language),
            required=False,
            widget=forms.HiddenInput(attrs={"data-places": key}),
        )
        self.fields[f"{key}__area"] = forms.ChoiceField(
            label=_("Where is it? Choose the area"),
            choices=[("", _("– No place to mark –")), *self.area_choices],
            required=False,
        )
        self.fields[f"{key}__description"] = forms.CharField(
            label=_("Describe the place"),
            help_text=_("E.g. the pedestrian tunnel under the railway at the station."),
            required=False,
            max_length=MAX_TEXT_LENGTH,
        )
        self.fields[f"{key}__reasons"] = forms.MultipleChoiceField(
            label=_("Why do you feel unsafe there?"),
            choices=PLACE_REASONS,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields[f"{key}__times"] = forms.MultipleChoiceField(
            label=_("When?"),
            choices=PLACE_TIMES,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            if question.kind == Question.Kind.PLACES:
                cleaned[question.key] = self._places(question.key, cleaned)
        return cleaned

    def _places(self, key: str, cleaned) -> list[dict]:
        try:
            places = json.loads(cleaned.get(key) or "[]")
        except json.JSONDecodeError:
            places = []
        if not isinstance(places, list):
            places = []
        if cleaned.get(f"{key}__area"):
            places.append(
                {
                    "area": cleaned[f"{key}__area"],
                    "description": cleaned.get(f"{key}__description", ""),
                    "reasons": cleaned.get(f"{key}__reasons", []),
                    "times": cleaned.get(f"{key}__times", []),
                }
            )
        return places[: MAX_PLACES + 1]

    def answers(self) -> dict:
        """This page's answers, keyed by question, as ``submit_response`` takes them."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.key)
            result[question.key] = (
                str(value) if question.kind == Question.Kind.NUMBER and value is not None else value
            )
        return result

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def question_fields(self):
        """Per question: its main field and, for the map question, the fallback fields."""
        for question in self.questions:
            extra = []
            if question.kind == Question.Kind.PLACES:
                extra = [
                    self[f"{question.key}__{part}"]
                    for part in ("area", "description", "reasons", "times")
                ]
            yield question, self[question.key], extra


def initial_for(questions: list[Question], answers: dict) -> dict:
    """A page's initial values from the draft; places go back into the map's JSON."""
    initial = {}
    for question in questions:
        if question.key not in answers:
            continue
        value = answers[question.key]
        if question.kind == Question.Kind.PLACES:
            initial[question.key] = json.dumps([p for p in value or [] if "latitude" in p])
        else:
            initial[question.key] = value
    return initial
