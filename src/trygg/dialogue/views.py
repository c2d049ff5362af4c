"""The staff side of the dialogue: building the survey and the fieldwork."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from trygg.core.errors import DomainError
from trygg.core.staff import (
    ServiceDeleteView,
    ServiceFormView,
    get_permitted_or_404,
    object_action,
)
from trygg.geo.selectors import base_map, municipality_areas
from trygg.tenancy.models import Municipality

from . import answering, fieldwork, services
from . import rules as perms
from .bank import QUESTION_BANK
from .builder import builder_pages
from .content import missing_english, use_survey_language
from .forms import (
    InvitationForm,
    NewSurveyForm,
    OpenSurveyForm,
    OptionForm,
    PaperForm,
    QuestionForm,
    SurveyDetailsForm,
)
from .letters import invitation_letters
from .models import Option, Question, Survey
from .public_views import page_context, page_form
from .selectors import last_day_to_answer
from .submission import InvitationCodeError, SubmissionError


@login_required
def survey_list(request, municipality):
    municipality = get_permitted_or_404(
        request, Municipality.objects, perms.VIEW_SURVEY, code=municipality
    )
    return render(
        request,
        "dialogue/survey_list.html",
        {"municipality": municipality, "surveys": municipality.surveys.all()},
    )


@login_required
def survey_create(request, municipality):
    municipality = get_permitted_or_404(
        request, Municipality.objects, perms.ADD_SURVEY, code=municipality
    )
    form = NewSurveyForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["copy_from"]:
                survey = services.copy_survey(
                    data["copy_from"],
                    year=data["year"],
                    title=data["title"],
                    title_en=data["title_en"],
                )
            else:
                survey = services.create_survey(
                    municipality,
                    year=data["year"],
                    title=data["title"],
                    title_en=data["title_en"],
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
        "dialogue/survey_create.html",
        {
            "form": form,
            "municipality": municipality,
            "title": _("New survey"),
            "cancel_url": reverse("dialogue:surveys", args=[municipality.code]),
        },
    )


@login_required
def survey_detail(request, pk):
    survey = get_permitted_or_404(request, Survey.objects, perms.VIEW_SURVEY, pk=pk)
    pages = builder_pages(survey)
    present = {placed.question.key for page in pages for placed in page.questions}
    return render(
        request,
        "dialogue/survey_detail.html",
        {
            "survey": survey,
            "pages": pages,
            "bank": [question for question in QUESTION_BANK if question.key not in present],
            "missing_english": missing_english(survey),
        },
    )


@login_required
def survey_open(request, pk):
    """Ask before opening: what it means, and the last day residents can answer."""
    survey = get_permitted_or_404(request, Survey.objects, perms.OPEN_SURVEY, pk=pk)
    # Bound on every POST: an empty one must be told the last day is missing.
    form = OpenSurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.open_survey(survey, closes_on=form.cleaned_data["closes_on"])
        except DomainError as error:
            form.add_error("closes_on", error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The survey is open for answers."))
            return redirect(survey)
    return render(
        request,
        "dialogue/survey_open.html",
        {
            "survey": survey,
            "form": form,
            "title": _("Open the survey"),
            "cancel_url": survey.get_absolute_url(),
        },
    )


survey_close = object_action(
    Survey,
    perms.CLOSE_SURVEY,
    lambda survey, user: services.close_survey(survey),
    _("The survey is closed."),
)


def _preview_url(survey: Survey, number: int) -> str:
    return f"{reverse('dialogue:survey_preview', args=[survey.pk])}?sida={number}"


@login_required
def survey_preview(request, pk):
    """The survey page by page as residents see it; nothing is stored.

    The resident's own template and form render each page. Next and Back only move
    between pages: no draft, no response, no cookie, so the preview of a draft or an
    open survey leaves no trace in its answers.
    """
    survey = get_permitted_or_404(request, Survey.objects, perms.PREVIEW_SURVEY, pk=pk)
    try:
        number = int(request.GET.get("sida", "1"))
    except ValueError:
        raise Http404 from None
    current = answering.page(survey, number)
    if current is None:
        if number == 1:
            messages.info(request, _("The survey has no questions to preview yet."))
            return redirect(survey)
        raise Http404
    if request.method == "POST":
        if "back" in request.POST and not current.is_first:
            return redirect(_preview_url(survey, number - 1))
        if not current.is_last:
            return redirect(_preview_url(survey, number + 1))
        messages.info(
            request,
            _(
                "That was the last page: there a resident sends the answers. "
                "The preview has sent and saved nothing."
            ),
        )
        return redirect(survey)
    language, _swedish_only = use_survey_language(request, survey)
    context = page_context(
        request,
        survey,
        current,
        page_form(survey, current, language),
        page_url=_preview_url(survey, number),
        map_url=reverse("dialogue:survey_preview_map", args=[survey.pk]),
    )
    return render(request, "dialogue/survey_preview.html", context)


@login_required
def survey_preview_map(request, pk):
    """The map question's base map in the preview (the residents' is for open surveys)."""
    survey = get_permitted_or_404(request, Survey.objects, perms.PREVIEW_SURVEY, pk=pk)
    return JsonResponse({"type": "FeatureCollection", "features": base_map(survey.municipality)})


def _question_action(action, done: str):
    """A POST on one question of a draft that goes back to it in the builder."""

    @login_required
    @require_POST
    def view(request, pk):
        question = get_permitted_or_404(request, Question.objects, perms.CHANGE_SURVEY, pk=pk)
        try:
            action(question, request.POST)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done(request.POST) if callable(done) else done)
        return redirect(f"{question.survey.get_absolute_url()}#question-{question.pk}")

    return view


question_move_up = _question_action(
    lambda question, data: services.move_question(question, "up"),
    _("The question is moved up."),
)
question_move_down = _question_action(
    lambda question, data: services.move_question(question, "down"),
    _("The question is moved down."),
)
question_page_break = _question_action(
    lambda question, data: services.set_page_break(question, new_page=data.get("new_page") == "1"),
    lambda data: (
        _("A new page starts at this question.")
        if data.get("new_page") == "1"
        else _("The question is joined to the page before.")
    ),
)


@login_required
@require_POST
def bank_question_add(request, pk):
    survey = get_permitted_or_404(request, Survey.objects, perms.CHANGE_SURVEY, pk=pk)
    try:
        services.add_bank_question(survey, request.POST.get("key", ""))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(survey)


class DialogueFormView(ServiceFormView):
    """A form on a survey or its questions; the page says where it is (breadcrumbs)."""

    permission = perms.CHANGE_SURVEY
    template_name = "dialogue/form.html"

    def get_context_data(self, form, instance) -> dict:
        survey = instance if isinstance(instance, Survey) else instance.survey
        question = instance.question if isinstance(instance, Option) else None
        return super().get_context_data(form, instance) | {
            "survey": survey,
            "question": question,
        }

    def save(self, form, user):
        return type(self).service(form.instance)

    def get_success_url(self, obj) -> str:
        return obj.survey.get_absolute_url()

    def get_cancel_url(self, instance) -> str:
        return instance.survey.get_absolute_url()


class SurveyDetailsUpdate(DialogueFormView):
    form_class = SurveyDetailsForm
    service = services.save_survey_details
    permission = perms.CHANGE_SURVEY_DETAILS
    model = Survey
    title = _("Title and introduction")

    def get_success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def get_cancel_url(self, instance) -> str:
        return instance.get_absolute_url()


class QuestionCreate(DialogueFormView):
    form_class = QuestionForm
    service = services.save_question
    parent_model = Survey
    parent_field = "survey"
    title = _("Add a question")

    def get_instance(self):
        question = super().get_instance()
        if not question.pk:
            # Proposed, not forced: a full last page suggests starting a new one.
            question.starts_page = services.last_page_is_full(question.survey)
        return question


class QuestionUpdate(QuestionCreate):
    model = Question
    title = _("Edit the question")


class OptionCreate(DialogueFormView):
    form_class = OptionForm
    service = services.save_option
    parent_model = Question
    parent_field = "question"
    title = _("Add an answer option")


class OptionUpdate(OptionCreate):
    model = Option
    title = _("Edit the answer option")


class QuestionDelete(ServiceDeleteView):
    model = Question
    permission = perms.CHANGE_SURVEY
    success_message = _("The question is deleted.")
    template_name = "dialogue/confirm_delete.html"

    def get_cancel_url(self, obj) -> str:
        return obj.survey.get_absolute_url()

    @staticmethod
    def service(question, user):
        return services.delete_question(question)


@login_required
def paper_response(request, pk):
    """Type in one paper form; on success a fresh form for the next one in the pile."""
    survey = get_permitted_or_404(request, Survey.objects, perms.DO_FIELDWORK, pk=pk)
    form = None
    if request.user.has_perm(perms.REGISTER_PAPER, survey):
        areas = list(municipality_areas(survey.municipality))
        form = PaperForm(request.POST or None, survey=survey, areas=areas)
        if request.method == "POST" and form.is_valid():
            try:
                registered = fieldwork.register_paper_response(
                    survey,
                    form.answers(),
                    submission_key=form.cleaned_data["submission_key"],
                    invitation_code=form.cleaned_data["invitation_code"],
                )
            except InvitationCodeError as error:
                form.add_error("invitation_code", error.message)
            except SubmissionError as error:
                form.add_error(None, error.message)
                for key, message in error.errors.items():
                    form.add_error(key if key in form.fields else None, message)
            else:
                text = (
                    _("This paper form was already registered (no. %(number)d).")
                    if registered.repeated
                    else _(
                        "The paper form is registered (no. %(number)d in this survey). "
                        "The form below is empty for the next one."
                    )
                )
                messages.success(request, text % {"number": registered.number})
                return redirect("dialogue:paper_response", pk=survey.pk)
    return render(
        request,
        "dialogue/paper_response.html",
        {"survey": survey, "form": form, "registered": fieldwork.paper_count(survey)},
    )


@login_required
def invitations(request, pk):
    """Make a batch of invitation codes: letters printed from the answer, e-mails sent."""
    survey = get_permitted_or_404(request, Survey.objects, perms.DO_FIELDWORK, pk=pk)
    form = None
    if request.user.has_perm(perms.ISSUE_INVITATIONS, survey):
        form = InvitationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            answer_url = request.build_absolute_uri(
                reverse("answer:start", args=[survey.municipality.slug, survey.pk])
            )
            try:
                batch = fieldwork.issue_invitations(
                    survey,
                    letters=form.cleaned_data["letters"] or 0,
                    emails=form.cleaned_data["emails"],
                    answer_url=answer_url,
                    batch_key=form.cleaned_data["batch_key"],
                    started_by=request.user,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return _batch_made(request, survey, batch, answer_url)
    return render(
        request,
        "dialogue/invitations.html",
        {
            "survey": survey,
            "form": form,
            "counts": fieldwork.invitation_counts(survey),
            "sending": fieldwork.email_sending(survey),
        },
    )


@login_required
@require_POST
def invitations_send_again(request, pk):
    """Queue the e-mails a failed sending left unsent; the invitations page follows it."""
    survey = get_permitted_or_404(request, Survey.objects, perms.ISSUE_INVITATIONS, pk=pk)
    try:
        fieldwork.send_again(survey, started_by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("dialogue:invitations", pk=survey.pk)


def _batch_made(request, survey, batch, answer_url):
    if batch.emails_queued:
        messages.success(
            request,
            ngettext(
                "%(count)d e-mail with a code of its own is being sent in the background; "
                "this page shows how far it has come.",
                "%(count)d e-mails with a code of their own are being sent in the "
                "background; this page shows how far it has come.",
                batch.emails_queued,
            )
            % {"count": batch.emails_queued},
        )
    if not batch.letter_codes:
        return redirect("dialogue:invitations", pk=survey.pk)
    # The codes exist only in this answer: it is never cached or stored.
    response = render(
        request,
        "dialogue/invitation_letters.html",
        {
            "survey": survey,
            "municipality": survey.municipality,
            "letters": invitation_letters(answer_url, batch.letter_codes),
            "last_day": last_day_to_answer(survey),
            "contact": survey.municipality.residents_contact,
            "answer_url": answer_url,
            "letter_language": settings.LANGUAGE_CODE,
            "counts": fieldwork.invitation_counts(survey),
        },
    )
    response["Cache-Control"] = "no-store"
    return response
