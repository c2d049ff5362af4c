"""What the dialogue found: the results, the heat map of unsafe places and the free text.

Staff pages (members; the free text for moderators, coordinators and admins) and the
public results, heat map and open data of a closed survey. The modules ``results``,
``places`` and ``free_text`` hold the publication rules; these views only find the
survey, check access, parse the filters and render.
"""

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from trygg.core.staff import get_permitted_or_404
from trygg.dialogue.content import SWEDISH, in_language, use_survey_language
from trygg.dialogue.models import Survey
from trygg.dialogue.selectors import public_survey_or_404
from trygg.geo.selectors import municipality_areas
from trygg.text.themes import THEMES

from . import free_text, places, snapshots
from . import rules as perms
from .exports import about_the_figures, results_download, write_results_csv, write_results_xlsx
from .results import suppression_threshold
from .selectors import page_context
from .snapshots import Snapshot
from .tasks import request_refresh

SAFE_METHODS = ("GET", "HEAD")
TEXTS_PER_PAGE = 25


def _staff_survey(request: HttpRequest, pk: int, permission: str) -> Survey:
    """The survey if the user may see it (else 404) with ``permission`` (else 403)."""
    return get_permitted_or_404(
        request, Survey.objects.select_related("municipality"), permission, pk=pk
    )


def _flagged_requested(request: HttpRequest) -> bool:
    return request.GET.get("flagged") == "1"


# --- The results -------------------------------------------------------------------------


def _results_page(request: HttpRequest, survey: Survey, template: str) -> HttpResponse:
    language, swedish_only = use_survey_language(request, survey)
    context = page_context(survey, request.GET.get("visa", ""), language)
    if context["snapshot"] is None:
        # None yet, or only one made under another threshold: the worker makes it.
        request_refresh(survey)
    return render(request, template, {**context, "swedish_only": swedish_only})


def _snapshot_or_503(survey: Survey, language: str = SWEDISH) -> Snapshot | HttpResponse:
    """The survey's latest results for a file, or a response asking to come back soon."""
    snapshot = snapshots.latest(survey, language)
    if snapshot is not None:
        return snapshot
    request_refresh(survey)
    response = HttpResponse(
        _("The results are being computed. Try again in a minute."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    return response


@login_required
def staff_results(request: HttpRequest, pk: int) -> HttpResponse:
    return _results_page(
        request, _staff_survey(request, pk, perms.VIEW_RESULTS), "insight/results_staff.html"
    )


@login_required
def staff_results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _staff_survey(request, pk, perms.VIEW_RESULTS)
    snapshot = _snapshot_or_503(survey)
    if isinstance(snapshot, HttpResponse):
        return snapshot
    response = results_download(survey, "csv", "text/csv; charset=utf-8")
    write_results_csv(snapshot.results, response)
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def staff_results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _staff_survey(request, pk, perms.VIEW_RESULTS)
    snapshot = _snapshot_or_503(survey)
    if isinstance(snapshot, HttpResponse):
        return snapshot
    # openpyxl writes a zip file, which wants a stream it can seek in.
    stream = io.BytesIO()
    write_results_xlsx(snapshot.results, stream, about_the_figures(survey))
    response = results_download(survey, "xlsx", XLSX)
    response.write(stream.getvalue())
    return response


@require_safe
def public_results(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The results, published once the fieldwork is over."""
    survey = public_survey_or_404(municipality, pk, Survey.Status.CLOSED)
    return _results_page(request, survey, "insight/results_public.html")


# --- The heat map -------------------------------------------------------------------------


def _places_context(survey: Survey, result: places.PlaceMap, geojson_url: str) -> dict:
    return {
        "survey": survey,
        "municipality": survey.municipality,
        "map": result,
        "geojson_url": geojson_url,
        "has_places_question": places.places_questions(survey).exists(),
        "suppression_threshold": suppression_threshold(),
    }


@login_required
def staff_places(request: HttpRequest, pk: int) -> HttpResponse:
    """The heat map and its table for staff, open or closed survey alike."""
    survey = _staff_survey(request, pk, perms.VIEW_RESULTS)
    if request.method not in SAFE_METHODS:
        return HttpResponseNotAllowed(SAFE_METHODS)
    include_flagged = _flagged_requested(request)
    result = places.place_map(survey, include_flagged=include_flagged)
    geojson_url = reverse("insight:places_geojson", kwargs={"pk": survey.pk})
    if include_flagged:
        geojson_url += "?" + urlencode({"flagged": "1"})
    context = _places_context(survey, result, geojson_url)
    context |= {
        "public_url": reverse(
            "insight_public:places",
            kwargs={"municipality": survey.municipality.slug, "pk": survey.pk},
        )
        if survey.status == Survey.Status.CLOSED
        else "",
    }
    return render(request, "insight/places.html", context)


@login_required
def staff_places_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    """The staff heat map as GeoJSON (cells only, never points)."""
    survey = _staff_survey(request, pk, perms.VIEW_RESULTS)
    if request.method not in SAFE_METHODS:
        return HttpResponseNotAllowed(SAFE_METHODS)
    result = places.place_map(survey, include_flagged=_flagged_requested(request))
    return JsonResponse(places.place_map_geojson(survey.municipality, result))


@require_safe
def public_places(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The public heat map of a closed survey."""
    survey = public_survey_or_404(municipality, pk, Survey.Status.CLOSED)
    result = places.public_place_map(survey)
    geojson_url = reverse(
        "insight_public:places_geojson", kwargs={"municipality": municipality, "pk": survey.pk}
    )
    return render(
        request,
        "insight/public_places.html",
        _places_context(survey, result, geojson_url),
    )


@require_safe
def public_places_geojson(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The public heat map as GeoJSON."""
    survey = public_survey_or_404(municipality, pk, Survey.Status.CLOSED)
    result = places.public_place_map(survey)
    return JsonResponse(places.place_map_geojson(survey.municipality, result))


# --- Open data ----------------------------------------------------------------------------


@require_safe
def public_results_csv(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The public results page's figures as CSV, for a closed survey like the page.

    The same disclosure-controlled results as the page, in the page's language; the
    columns are ``exports.PUBLIC_HEADER`` (documented in the README).
    """
    survey = public_survey_or_404(municipality, pk, Survey.Status.CLOSED)
    language, _swedish_only = use_survey_language(request, survey)
    snapshot = _snapshot_or_503(survey, language)
    if isinstance(snapshot, HttpResponse):
        return snapshot
    response = results_download(survey, "csv", "text/csv; charset=utf-8")
    write_results_csv(
        snapshot.results,
        response,
        survey=f"{in_language(survey, 'title', language)} {survey.year}",
    )
    return response


# --- Free text ----------------------------------------------------------------------------


class FreeTextFilterForm(forms.Form):
    """The listing's filters, sent with GET so that they work without scripts."""

    theme = forms.ChoiceField(label=gettext_lazy("Theme"), required=False)
    area = forms.TypedChoiceField(
        label=gettext_lazy("Area of residence"), required=False, coerce=int, empty_value=None
    )
    question = forms.TypedChoiceField(
        label=gettext_lazy("Question"), required=False, coerce=int, empty_value=None
    )
    flagged = forms.BooleanField(
        label=gettext_lazy("Include flagged responses"),
        required=False,
        help_text=gettext_lazy("Answers that came in a burst from one network."),
    )

    def __init__(self, data: QueryDict, *, survey: Survey):
        super().__init__(data)
        areas = municipality_areas(survey.municipality)
        questions = free_text.text_questions(survey)
        self.fields["theme"].choices = [
            ("", _("All themes")),
            *((theme.id, _(theme.label)) for theme in THEMES.values()),
        ]
        self.fields["area"].choices = [("", _("All areas")), *areas.values_list("pk", "name")]
        self.fields["question"].choices = [
            ("", _("All questions")),
            *questions.values_list("pk", "text"),
        ]

    def filters(self) -> dict:
        """The selector's keyword arguments; no filter where a value is not valid."""
        if not self.is_valid():
            return {"theme": None, "area": None, "question": None, "include_flagged": False}
        data = self.cleaned_data
        return {
            "theme": data["theme"] or None,
            "area": data["area"],
            "question": data["question"],
            "include_flagged": data["flagged"],
        }


def _theme_counts(listing: free_text.FreeTextListing, query: QueryDict) -> list[dict]:
    """Each theme's count, translated label and the query that filters by it."""
    rows = []
    for count in listing.summary.counts:
        filtered = query.copy()
        filtered["theme"] = count.theme
        rows.append(
            {
                "theme": count.theme,
                "label": _(count.label),
                "count": count.count,
                "query": filtered.urlencode(),
            }
        )
    return rows


@login_required
def staff_free_text(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey's free text, scrubbed and tagged, for moderators and coordinators."""
    survey = _staff_survey(request, pk, perms.READ_FREE_TEXT)
    if request.method not in SAFE_METHODS:
        return HttpResponseNotAllowed(SAFE_METHODS)
    form = FreeTextFilterForm(request.GET, survey=survey)
    filters = form.filters()
    listing = free_text.free_texts(survey, **filters)
    page = Paginator(listing.texts, TEXTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    with_flagged = query.copy()
    with_flagged["flagged"] = "1"
    return render(
        request,
        "insight/free_text.html",
        {
            "survey": survey,
            "municipality": survey.municipality,
            "form": form,
            "listing": listing,
            "page": page,
            "theme_counts": _theme_counts(listing, query),
            "selected_theme": filters["theme"],
            "include_flagged": filters["include_flagged"],
            "query": query.urlencode(),
            "show_flagged_query": with_flagged.urlencode(),
        },
    )
