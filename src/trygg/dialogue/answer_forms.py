"""The form a respondent fills in, one page of questions at a time.

Each question becomes a field named by its key; its value is what
``submission.submit_response`` takes for that key. The map question is a hidden
JSON field that the map script fills, with a plain area-and-description fieldset
beside it for browsers without JavaScript.

Every answer is checked here with ``submission.answer_error``, the checks that
sending the answers makes, so a malformed or out-of-range answer (a crafted map
JSON, a number beyond what can be stored) gets its message beside its field and
nothing of the page is saved. Number answers are text fields that take the Swedish
decimal comma (``12,5``).
"""

import json
from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.geo.models import Area

from .content import SWEDISH, in_language
from .models import PlaceMark, Question
from .submission import MAX_PLACES, MAX_TEXT_LENGTH, answer_error

# The map's JSON for MAX_PLACES places with full descriptions fits well within this;
# anything longer is not from the map script and is refused before it is parsed.
MAX_PLACES_JSON = MAX_PLACES * (MAX_TEXT_LENGTH + 1000)
# How many places a resident without the map can give, each by area and description.
FALLBACK_PLACES = 3


def fallback_prefix(key: str, slot: int) -> str:
    """The name prefix of the fallback fields of the ``slot``-th place (from 1).

    The first keeps the names the form had when it took one place (``key__area``), so
    a page open in a browser across an upgrade still posts what the form reads.
    """
    return f"{key}__" if slot == 1 else f"{key}__{slot}__"


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
        self.areas = {area.pk: area for area in areas}
        for question in questions:
            self._add_fields(question)

    def _add_fields(self, question: Question) -> None:
        common = {
            "label": in_language(question, "text", self.language),
            "help_text": in_language(question, "help_text", self.language),
            "required": question.required,
            # The words submitting uses for the same gap, not Django's "This field".
            "error_messages": {"required": _("Please answer this question.")},
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
            # Text, not <input type="number">: that refuses "12,5" in many browsers. The
            # number itself is checked by answer_error, with the question's limits.
            field = forms.CharField(
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
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
        for slot in range(1, FALLBACK_PLACES + 1):
            self._add_fallback_fields(key, slot)

    def _add_fallback_fields(self, key: str, slot: int) -> None:
        prefix = fallback_prefix(key, slot)
        self.fields[f"{prefix}area"] = forms.ChoiceField(
            label=_("Where is it? Choose the area"),
            choices=[("", _("– No place to mark –")), *self.area_choices],
            required=False,
        )
        self.fields[f"{prefix}description"] = forms.CharField(
            label=_("Describe the place"),
            help_text=_("E.g. the pedestrian tunnel under the railway at the station.")
            if slot == 1
            else "",
            required=False,
            max_length=MAX_TEXT_LENGTH,
        )
        self.fields[f"{prefix}reasons"] = forms.MultipleChoiceField(
            label=_("Why do you feel unsafe there?"),
            choices=PlaceMark.Reason.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields[f"{prefix}times"] = forms.MultipleChoiceField(
            label=_("When?"),
            choices=PlaceMark.Time.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            key = question.key
            if question.kind == Question.Kind.PLACES:
                try:
                    cleaned[key] = self._places(key, cleaned)
                except ValueError as error:
                    self.add_error(key, str(error))
                    continue
            if key in cleaned and (message := answer_error(question, cleaned[key], self.areas)):
                self.add_error(key, message)
        return cleaned

    def _places(self, key: str, cleaned) -> list[dict]:
        raw = cleaned.get(key) or "[]"
        unreadable = _("The places marked on the map could not be read. Mark them again.")
        if len(raw) > MAX_PLACES_JSON:
            raise ValueError(unreadable)
        try:
            places = json.loads(raw, parse_constant=_refuse_constant)
        except (ValueError, RecursionError):
            # Not JSON, NaN/Infinity, or nesting deep enough to exhaust the stack.
            raise ValueError(unreadable) from None
        places = _as_places(places)
        if places is None:
            raise ValueError(unreadable)
        for slot in range(1, FALLBACK_PLACES + 1):
            prefix = fallback_prefix(key, slot)
            if cleaned.get(f"{prefix}area"):
                places.append(
                    {
                        "area": cleaned[f"{prefix}area"],
                        "description": cleaned.get(f"{prefix}description", ""),
                        "reasons": cleaned.get(f"{prefix}reasons", []),
                        "times": cleaned.get(f"{prefix}times", []),
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
        """Per question: its main field and, for the map question, the fallback fields:
        one list of (area, description, reasons, times) per place without the map."""
        for question in self.questions:
            extra = []
            if question.kind == Question.Kind.PLACES:
                extra = [
                    [
                        self[f"{fallback_prefix(question.key, slot)}{part}"]
                        for part in ("area", "description", "reasons", "times")
                    ]
                    for slot in range(1, FALLBACK_PLACES + 1)
                ]
            yield question, self[question.key], extra


# What the map script sends of a place; anything else in the JSON is dropped.
PLACE_KEYS = ("latitude", "longitude", "area", "description", "reasons", "times")


def _as_places(value: object) -> list[dict] | None:
    """The map JSON as places, or None if it is not what the map script sends.

    A list of objects whose values are plain values or lists of them: nothing nested
    deeper is read (so nothing later recurses through a crafted structure), and no
    text holds a NUL (PostgreSQL refuses it in JSON; the map never sends one).
    """
    if not isinstance(value, list):
        return None
    places = []
    for place in value:
        if not isinstance(place, dict):
            return None
        kept = {key: place[key] for key in PLACE_KEYS if key in place}
        for item in kept.values():
            items = item if isinstance(item, list) else [item]
            if not all(_is_plain(element) for element in items):
                return None
        places.append(kept)
    return places


def _is_plain(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" not in value
    return value is None or isinstance(value, int | float)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def initial_for(questions: list[Question], answers: Mapping[str, object]) -> dict:
    """The draft's answers to a page as the page's form posts them, to show it again.

    Places marked on the map go back into the map's JSON; the places given by area
    and description go back into the fields for browsers without the map.
    """
    data: dict = {}
    for question in questions:
        value = answers.get(question.key)
        if value in (None, ""):
            continue
        if question.kind != Question.Kind.PLACES:
            data[question.key] = value
            continue
        places = [place for place in value if isinstance(place, Mapping)]
        data[question.key] = json.dumps([place for place in places if "latitude" in place])
        by_area = [place for place in places if "latitude" not in place]
        for slot, place in enumerate(by_area[:FALLBACK_PLACES], start=1):
            prefix = fallback_prefix(question.key, slot)
            data[f"{prefix}area"] = str(place.get("area") or "")
            data[f"{prefix}description"] = place.get("description") or ""
            data[f"{prefix}reasons"] = list(place.get("reasons") or [])
            data[f"{prefix}times"] = list(place.get("times") or [])
    return data
