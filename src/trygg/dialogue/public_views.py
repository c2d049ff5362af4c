"""Answering the survey: the resident's side, no account and no personal data asked.

Every page works without JavaScript. The map question adds a Leaflet map when
scripts run; without them the respondent chooses an area and describes the place.
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from trygg.geo.models import Area

from . import answering, ballot
from .answer_forms import PageForm, initial_for
from .bank import PLACE_REASONS, PLACE_TIMES
from .content import in_language, use_survey_language
from .models import Invitation, Survey
from .results import page_context
from .selectors import public_survey_or_404
from .submission import SubmissionError, hash_code


def _open_survey(municipality: str, pk: int) -> Survey:
    return public_survey_or_404(municipality, pk, Survey.Status.OPEN)


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


@require_safe
def start(request, municipality, pk):
    survey = _open_survey(municipality, pk)
    draft_started = f"dialogue-draft-{survey.pk}" in request.session
    return render(
        request,
        "dialogue/answer_start.html",
        {
            **_answer_in_survey_language(request, survey),
            "resume": draft_started,
            "answered": answering.has_answered(request.session, survey),
            "first_page": _page_url(survey, 1),
        },
    )


@require_POST
def enter_code(request, municipality, pk):
    """Check an invitation code before the questions, so nobody answers in vain."""
    survey = _open_survey(municipality, pk)
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
    answering.Draft(request.session, survey).set_invitation_code(code)
    return redirect(_page_url(survey, 1))


def page(request, municipality, pk, number):
    survey = _open_survey(municipality, pk)
    current = answering.page(survey, number)
    if current is None:
        raise Http404
    draft = answering.Draft(request.session, survey)
    context = _answer_in_survey_language(request, survey)
    areas = list(Area.objects.filter(municipality=survey.municipality).order_by("name"))
    form = PageForm(
        request.POST or None,
        questions=current.questions,
        areas=areas,
        language=context["content_language"],
        initial=initial_for(current.questions, draft.answers),
    )
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            # Looks like success to the bot; nothing is stored.
            return redirect("answer:thanks", municipality=municipality, pk=pk)
        draft.update(form.answers())
        if "back" in request.POST and not current.is_first:
            return redirect(_page_url(survey, number - 1))
        if not current.is_last:
            return redirect(_page_url(survey, number + 1))
        return _submit(request, survey, draft, form)
    return _render_page(request, survey, current, form)


def _render_page(request, survey, current, form):
    return render(
        request,
        "dialogue/answer_page.html",
        {
            **_answer_in_survey_language(request, survey),
            "page": current,
            "form": form,
            "reasons": PLACE_REASONS,
            "times": PLACE_TIMES,
            "map_url": reverse(
                "answer:map", kwargs={"municipality": survey.municipality.slug, "pk": survey.pk}
            ),
        },
    )


def _submit(request, survey, draft, form):
    try:
        answering.submit_draft(survey, draft, ballot.client_address(request))
    except SubmissionError as error:
        form.add_error(None, error.message)
        for key, message in error.errors.items():
            form.add_error(key if key in form.fields else None, message)
        return _render_last(request, survey, form)
    return redirect("answer:thanks", municipality=survey.municipality.slug, pk=survey.pk)


def _render_last(request, survey, form):
    return _render_page(request, survey, answering.page(survey, len(answering.pages(survey))), form)


@require_safe
def thanks(request, municipality, pk):
    survey = public_survey_or_404(municipality, pk, Survey.Status.OPEN, Survey.Status.CLOSED)
    return render(
        request, "dialogue/answer_thanks.html", _answer_in_survey_language(request, survey)
    )


@require_safe
def map_data(request, municipality, pk):
    """The border and the areas as GeoJSON, for the map question's own map."""
    survey = _open_survey(municipality, pk)
    features = [
        {
            "type": "Feature",
            "properties": {"name": area.name, "kind": "area"},
            "geometry": area.geometry,
        }
        for area in Area.objects.filter(municipality=survey.municipality)
    ]
    if survey.municipality.border:
        features.insert(
            0,
            {
                "type": "Feature",
                "properties": {"name": survey.municipality.name, "kind": "border"},
                "geometry": survey.municipality.border,
            },
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require_safe
def results(request, municipality, pk):
    """The results, published once the fieldwork is over."""
    survey = public_survey_or_404(municipality, pk, Survey.Status.CLOSED)
    language, swedish_only = use_survey_language(request, survey)
    return render(
        request,
        "dialogue/results_public.html",
        {
            **page_context(survey, request.GET.get("visa", ""), language),
            "swedish_only": swedish_only,
        },
    )
