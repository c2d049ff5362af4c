"""Staff forms; each lists only what belongs to the plan's municipality."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.dialogue.models import Question
from trygg.geo.models import Area
from trygg.promises.forms import DateInput
from trygg.promises.models import Action, Agreement, Promise
from trygg.situation.models import Alert

from .models import ActionPlan, Evidence, FollowUp, Measure, Problem
from .services import working_organisations


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "first_year", "last_year"]


class DecidePlanForm(forms.Form):
    decided_on = forms.DateField(label=_("decided on"), widget=DateInput())
    decided_by = forms.CharField(
        label=_("decided by"),
        max_length=200,
        help_text=_("The body that decided, e.g. the steering group for the agreement."),
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)


class ProblemForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["situation_year", "title", "description", "staff_note"]


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["kind", "category", "alert", "area", "question", "label", "figure", "source"]
        fields += ["public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The lägesbild's findings are taken over from its page, with the rule and date.
        self.fields["kind"].choices = [
            choice for choice in self.fields["kind"].choices if choice[0] != Evidence.Kind.LAGESBILD
        ]
        municipality = self.instance.problem.municipality
        self.fields["alert"].queryset = Alert.objects.filter(municipality=municipality).order_by(
            "-week_start"
        )
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)
        self.fields["question"].queryset = Question.objects.filter(
            survey__municipality=municipality
        ).select_related("survey")


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "problems",
            "title",
            "description",
            "operational_goal",
            "starts_on",
            "ends_on",
            "term",
            "responsible",
            "organisations",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "problems": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = self.instance.plan.municipality
        self.fields["problems"].queryset = Problem.objects.filter(municipality=municipality)
        organisations = working_organisations(municipality).order_by("kind", "name")
        self.fields["responsible"].queryset = organisations
        self.fields["organisations"].queryset = organisations


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["date", "status", "comment"]
        widgets = {"date": DateInput(), "status": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class MakeActionForm(forms.Form):
    """Either a promise to create the measure's action under, or an existing action."""

    promise = forms.ModelChoiceField(
        label=_("create a new action under the promise"),
        queryset=Promise.objects.none(),
        required=False,
        help_text=_("The action takes the measure's title, goal, owner and dates."),
    )
    action = forms.ModelChoiceField(
        label=_("or link an action that already exists"),
        queryset=Action.objects.none(),
        required=False,
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        municipality = instance.plan.municipality
        self.fields["promise"].queryset = (
            Promise.objects.filter(focus_area__agreement__municipality=municipality)
            .exclude(focus_area__agreement__status=Agreement.Status.ENDED)
            .select_related("focus_area__agreement")
            .order_by("-focus_area__agreement__starts_on", "focus_area__order", "order", "pk")
        )
        self.fields["promise"].label_from_instance = _promise_label
        self.fields["action"].queryset = (
            Action.objects.filter(
                promise__focus_area__agreement__municipality=municipality, measure__isnull=True
            )
            .select_related("promise__focus_area__agreement")
            .order_by("-promise__focus_area__agreement__starts_on", "promise__order", "order")
        )
        self.fields["action"].label_from_instance = lambda action: (
            f"{_promise_label(action.promise)} · {action.title}"
        )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("promise")) == bool(cleaned.get("action")):
            raise forms.ValidationError(
                _("Choose either a promise to create the action under or an existing action.")
            )
        return cleaned


def _promise_label(promise: Promise) -> str:
    return f"{promise.agreement.title} · {promise.focus_area.title} · {promise.title}"
