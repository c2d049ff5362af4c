"""Answering the survey: the resident's side, no account and no personal data asked.

Every page works without JavaScript. The map question adds a Leaflet map when
scripts run; without them the respondent chooses an area and describes the place.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from trygg.core.network import client_address
from trygg.geo.selectors import base_map, municipality_areas

from . import answering
from .answer_forms import PageForm, initial_for
from .content import in_language, use_survey_language
from .models import Invitation, PlaceMark, ResponseDraft, Survey
from .selectors import public_survey_or_404
from .submission import SubmissionError, hash_code, last_day_passed_message


def _open_survey(municipality: str, pk: int) -> Survey:
    return public_survey_or_404(municipality, pk, Survey.Status.OPEN)


def _refusal(survey: Survey, draft: ResponseDraft | None = None) -> str | None:
    """Why this browser cannot answer the survey now, or None if it can.

    After the last day nobody can; a survey without the open link is answered only
    with a letter's code, so a draft must have been started with one.
    """
    if survey.last_day_passed():
        return last_day_passed_message(survey)
    if not survey.open_link and not (draft and draft.invitation_code_hash):
        return _("This survey is answered with the code in your invitation letter.")
    return None


def _answer_in_survey_language(request, survey: Survey) -> dict:
    """The survey's texts in the language it can be read in, which the page then uses."""
    language, swedish_only = use_survey_language(request, survey)
    return {
        "survey": survey,
        "municipality": survey.municipality,
        "survey_title": in_language(survey, "title", language),
        "survey_introduction": in_language(survey, "introduction", language),
        "content_language": language,
        "swedish_only": swedish_only,
    }


def _page_url(survey: Survey, number: int) -> str:
    return reverse(
        "answer:page",
        kwargs={"municipality": survey.municipality.slug, "pk": survey.pk, "number": number},
    )


# The browser keeps only the draft's random id, signed, on the survey's own path.
# The cookie outlives the draft so that a resident who comes back later is told the
# answers expired instead of silently finding an empty form.
DRAFT_COOKIE_AGE = datetime.timedelta(days=7)
# How long a browser remembers that it has answered (a survey's fieldwork, roughly).
ANSWERED_COOKIE_AGE = datetime.timedelta(days=30)


def _cookie_name(survey: Survey, what: str) -> str:
    return f"trygg-{what}-{survey.pk}"


def _cookie_path(survey: Survey) -> str:
    return reverse(
        "answer:start", kwargs={"municipality": survey.municipality.slug, "pk": survey.pk}
    )


def _set_cookie(response, survey: Survey, what: str, value: str, age: datetime.timedelta) -> None:
    response.set_signed_cookie(
        _cookie_name(survey, what),
        value,
        salt=f"trygg.dialogue.{what}",
        max_age=age,
        path=_cookie_path(survey),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _get_cookie(request, survey: Survey, what: str, age: datetime.timedelta) -> str | None:
    return request.get_signed_cookie(
        _cookie_name(survey, what), default=None, salt=f"trygg.dialogue.{what}", max_age=age
    )


@dataclass(frozen=True)
class _DraftState:
    draft: ResponseDraft | None
    """The resident's unsent draft, if there is one."""
    sent: bool
    """This browser has sent its answers (the draft is a sent marker, or it remembers)."""
    expired: bool
    """The browser had a draft that has expired since."""


def _draft_state(request, survey: Survey) -> _DraftState:
    draft_id = _get_cookie(request, survey, "draft", DRAFT_COOKIE_AGE)
    draft = answering.find_draft(survey, draft_id)
    if draft is not None and not draft.finished:
        return _DraftState(draft, sent=False, expired=False)
    answered = _get_cookie(request, survey, "answered", ANSWERED_COOKIE_AGE) == "1"
    sent = answered or draft is not None
    return _DraftState(None, sent=sent, expired=bool(draft_id) and not sent)


def _with_draft(response, survey: Survey, draft: ResponseDraft):
    _set_cookie(response, survey, "draft", str(draft.pk), DRAFT_COOKIE_AGE)
    return response


def _thanks(survey: Survey):
    response = redirect("answer:thanks", municipality=survey.municipality.slug, pk=survey.pk)
    _set_cookie(response, survey, "answered", "1", ANSWERED_COOKIE_AGE)
    return response


def _start_again(survey: Survey):
    return redirect("answer:start", municipality=survey.municipality.slug, pk=survey.pk)


@require_safe
def start(request, municipality, pk):
    """The survey's front door; reading it stores nothing, not even a session."""
    survey = _open_survey(municipality, pk)
    state = _draft_state(request, survey)
    response = render(
        request,
        "dialogue/answer_start.html",
        {
            **_answer_in_survey_language(request, survey),
            "last_day_message": (
                last_day_passed_message(survey) if survey.last_day_passed() else None
            ),
            "resume": state.draft is not None and _refusal(survey, state.draft) is None,
            "answered": state.sent,
            "expired": state.expired,
            "first_page": _page_url(survey, 1),
        },
    )
    if state.expired:
        # Said once; the next visit is a fresh start.
        response.delete_cookie(_cookie_name(survey, "draft"), path=_cookie_path(survey))
    return response


@require_POST
def enter_code(request, municipality, pk):
    """Check an invitation code before the questions, so nobody answers in vain."""
    survey = _open_survey(municipality, pk)
    if survey.last_day_passed():
        messages.error(request, last_day_passed_message(survey))
        return redirect("answer:start", municipality=municipality, pk=pk)
    code = request.POST.get("code", "")
    invitation = Invitation.objects.filter(survey=survey, code_hash=hash_code(code)).first()
    if invitation is None or invitation.spent:
        messages.error(
            request,
            _("The code has already been used. Each code answers once.")
            if invitation
            else _("The code is not valid for this survey. Check how you typed it."),
        )
        return redirect("answer:start", municipality=municipality, pk=pk)
    try:
        draft = answering.start_with_code(
            survey, _draft_state(request, survey).draft, invitation.code_hash
        )
    except answering.DraftExpired:
        draft = answering.start_with_code(survey, None, invitation.code_hash)
    return _with_draft(redirect(_page_url(survey, 1)), survey, draft)


def page(request, municipality, pk, number):
    survey = _open_survey(municipality, pk)
    current = answering.page(survey, number)
    if current is None:
        raise Http404
    state = _draft_state(request, survey)
    if state.sent:
        # A repeat of a form already sent (or a look back after sending): nothing is
        # stored again and nothing shown of what was sent.
        return _thanks(survey) if request.method == "POST" else _start_again(survey)
    if state.expired:
        return _start_again(survey)
    draft = state.draft
    refusal = _refusal(survey, draft)
    if refusal is not None:
        messages.error(request, refusal)
        return _start_again(survey)
    context = _answer_in_survey_language(request, survey)
    form = page_form(
        survey,
        current,
        context["content_language"],
        data=request.POST or None,
        initial=initial_for(current.questions, draft.answers if draft else {}),
    )
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            # Looks like success to the bot; nothing is stored.
            return redirect("answer:thanks", municipality=municipality, pk=pk)
        try:
            draft = answering.save_page(survey, draft, current.questions, form.answers())
        except answering.DraftSent:
            return _thanks(survey)
        except answering.DraftExpired:
            return _start_again(survey)
        if "back" in request.POST and not current.is_first:
            response = redirect(_page_url(survey, number - 1))
        elif not current.is_last:
            response = redirect(_page_url(survey, number + 1))
        else:
            response = _submit(request, survey, draft, current, form)
        return _with_draft(response, survey, draft)
    return _render_page(request, survey, current, form)


def page_form(survey: Survey, current: answering.Page, language: str, **kwargs) -> PageForm:
    """The form of one page of questions, in ``language``; the staff preview uses it too."""
    areas = list(municipality_areas(survey.municipality))
    return PageForm(questions=current.questions, areas=areas, language=language, **kwargs)


def page_context(
    request, survey: Survey, current: answering.Page, form: PageForm, *, page_url: str, map_url: str
) -> dict:
    """What ``dialogue/answer_page.html`` shows; the staff preview renders it too."""
    return {
        **_answer_in_survey_language(request, survey),
        "page": current,
        "page_url": page_url,
        "form": form,
        "reasons": PlaceMark.Reason.choices,
        "times": PlaceMark.Time.choices,
        "map_url": map_url,
    }


def _render_page(request, survey, current, form):
    map_url = reverse(
        "answer:map", kwargs={"municipality": survey.municipality.slug, "pk": survey.pk}
    )
    context = page_context(
        request, survey, current, form, page_url=_page_url(survey, current.number), map_url=map_url
    )
    return render(request, "dialogue/answer_page.html", context)


def _submit(request, survey, draft, current, form):
    try:
        answering.submit_draft(survey, draft, client_address(request))
    except answering.DraftSent:
        return _thanks(survey)
    except answering.DraftExpired:
        return _start_again(survey)
    except SubmissionError as error:
        return _render_errors(request, survey, draft, current, form, error)
    return _thanks(survey)


def _render_errors(request, survey, draft, current, form, error: SubmissionError):
    """Show what was refused beside the field it belongs to, on the page that asks it.

    A required question on an earlier page can be unanswered (the resident came
    straight to the last page, or an earlier page's answers were lost): the resident
    is shown that page, filled in from the draft, with the error beside the field.
    """
    target = answering.page_with(survey, error.errors) or current
    if target.number != current.number:
        language = _answer_in_survey_language(request, survey)["content_language"]
        form = page_form(
            survey, target, language, data=initial_for(target.questions, draft.answers)
        )
        form.is_valid()
        form.add_error(
            None,
            _(
                "Your answers have not been sent yet. Please look at the questions "
                "marked below first, then go on."
            ),
        )
    else:
        form.add_error(None, error.message)
    for key, message in error.errors.items():
        if key in form.fields and not form.has_error(key):
            form.add_error(key, message)
        elif key not in form.fields and target.number == current.number:
            form.add_error(None, message)
    return _render_page(request, survey, target, form)


@require_safe
def thanks(request, municipality, pk):
    """Thanks, and when and where the results will be published."""
    survey = public_survey_or_404(municipality, pk, Survey.Status.OPEN, Survey.Status.CLOSED)
    if survey.status == Survey.Status.CLOSED:
        results_path = reverse(
            "insight_public:results", kwargs={"municipality": municipality, "pk": pk}
        )
    else:
        # The survey's own results page exists once it has closed; until then the
        # municipality's page is where they will be listed.
        results_path = survey.municipality.get_absolute_url()
    return render(
        request,
        "dialogue/answer_thanks.html",
        {
            **_answer_in_survey_language(request, survey),
            "results_url": request.build_absolute_uri(results_path),
        },
    )


@require_safe
def map_data(request, municipality, pk):
    """The base map (neighbours, border, areas, localities) as GeoJSON, for the map question."""
    survey = _open_survey(municipality, pk)
    features = base_map(survey.municipality)
    return JsonResponse({"type": "FeatureCollection", "features": features})
