"""The staff side of the dialogue: building the survey."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from trygg.core.errors import DomainError
from trygg.core.staff import (
    ServiceDeleteView,
    ServiceFormView,
    get_permitted_or_404,
    object_action,
)
from trygg.tenancy.models import Municipality

from . import services
from .bank import QUESTION_BANK
from .exports import write_results_csv
from .forms import NewSurveyForm, OptionForm, QuestionForm
from .models import Question, Survey
from .results import cached_survey_results, page_context

VIEW = "trygg.view_staff"
RUN = "trygg.run_dialogue"


@login_required
def survey_list(request, municipality):
    municipality = get_permitted_or_404(request, Municipality.objects, VIEW, code=municipality)
    return render(
        request,
        "dialogue/survey_list.html",
        {
            "municipality": municipality,
            "surveys": municipality.surveys.all(),
            "can_run": request.user.has_perm(RUN, municipality),
        },
    )


@login_required
def survey_create(request, municipality):
    municipality = get_permitted_or_404(request, Municipality.objects, RUN, code=municipality)
    form = NewSurveyForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["copy_from"]:
                survey = services.copy_survey(
                    data["copy_from"], year=data["year"], title=data["title"]
                )
            else:
                survey = services.create_survey(
                    municipality,
                    year=data["year"],
                    title=data["title"],
                    question_keys=data["questions"],
                )
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect(survey)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("New survey"),
            "cancel_url": reverse("dialogue:surveys", args=[municipality.code]),
        },
    )


@login_required
def survey_detail(request, pk):
    survey = get_permitted_or_404(request, Survey.objects, VIEW, pk=pk)
    present = set(survey.questions.values_list("key", flat=True))
    return render(
        request,
        "dialogue/survey_detail.html",
        {
            "survey": survey,
            "questions": survey.questions.prefetch_related("options"),
            "bank": [question for question in QUESTION_BANK if question.key not in present],
            "can_run": request.user.has_perm(RUN, survey),
        },
    )


survey_open = object_action(
    Survey,
    RUN,
    lambda survey, user: services.open_survey(survey),
    _("The survey is open for answers."),
)
survey_close = object_action(
    Survey, RUN, lambda survey, user: services.close_survey(survey), _("The survey is closed.")
)


@login_required
@require_POST
def bank_question_add(request, pk):
    survey = get_permitted_or_404(request, Survey.objects, RUN, pk=pk)
    try:
        services.add_bank_question(survey, request.POST.get("key", ""))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(survey)


class DialogueFormView(ServiceFormView):
    permission = RUN

    def save(self, form, user):
        return type(self).service(form.instance)

    def get_success_url(self, obj) -> str:
        return obj.survey.get_absolute_url()

    def get_cancel_url(self, instance) -> str:
        return instance.survey.get_absolute_url()


class QuestionCreate(DialogueFormView):
    form_class = QuestionForm
    service = services.save_question
    parent_model = Survey
    parent_field = "survey"
    title = _("Add a question")


class QuestionUpdate(QuestionCreate):
    model = Question
    title = _("Edit the question")


class OptionCreate(DialogueFormView):
    form_class = OptionForm
    service = services.save_option
    parent_model = Question
    parent_field = "question"
    title = _("Add an answer option")


class QuestionDelete(ServiceDeleteView):
    model = Question
    permission = RUN
    success_message = _("The question is deleted.")

    def get_cancel_url(self, obj) -> str:
        return obj.survey.get_absolute_url()

    @staticmethod
    def service(question, user):
        return services.delete_question(question)


@login_required
def survey_results_view(request, pk):
    survey = get_permitted_or_404(request, Survey.objects, VIEW, pk=pk)
    return render(
        request, "dialogue/results_staff.html", page_context(survey, request.GET.get("visa", ""))
    )


@login_required
def survey_results_csv(request, pk):
    survey = get_permitted_or_404(request, Survey.objects, VIEW, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{survey.municipality.slug}-{survey.year}-resultat.csv"'
    )
    write_results_csv(cached_survey_results(survey), response)
    return response
