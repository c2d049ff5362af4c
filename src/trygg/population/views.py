"""Staff pages: a municipality's population counts and their import; a survey's weights."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from trygg.background.models import Job
from trygg.background.services import enqueue
from trygg.core.errors import ImportProblem
from trygg.core.staff import get_permitted_or_404
from trygg.dialogue.models import Survey
from trygg.tenancy.models import Municipality

from . import rules as perms
from .forms import PopulationImportForm
from .selectors import population_margins, representativeness, weighting_status
from .services import PopulationImportProblem, import_population
from .tasks import weigh_survey


@login_required
def population_counts(request: HttpRequest, municipality: str) -> HttpResponse:
    """The population margins per year; any member. Coordinators also see the import."""
    municipality = get_permitted_or_404(
        request, Municipality.objects, perms.VIEW_POPULATION, code=municipality
    )
    return render(
        request,
        "population/counts.html",
        {
            "municipality": municipality,
            "years": population_margins(municipality),
            "surveys": Survey.objects.filter(municipality=municipality),
            "form": PopulationImportForm(),
        },
    )


@login_required
def population_import(request: HttpRequest, municipality: str) -> HttpResponse:
    """Import an SCB population table; analysts, coordinators and admins."""
    municipality = get_permitted_or_404(
        request, Municipality.objects, perms.IMPORT_COUNTS, code=municipality
    )
    form = PopulationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = import_population(
                municipality, data["year"], data["file"], dry_run=data["dry_run"]
            )
        except PopulationImportProblem as problem:
            for message in problem.problems:
                form.add_error(None, message)
        except ImportProblem as problem:
            form.add_error(None, problem.message)
        else:
            summary = ngettext(
                "%(year)d: %(total)s residents aged 16 and over in %(cells)d count.",
                "%(year)d: %(total)s residents aged 16 and over in %(cells)d counts.",
                result.cells,
            ) % {
                "year": result.year,
                "total": number_format(result.total, force_grouping=True),
                "cells": result.cells,
            }
            if result.dry_run:
                messages.info(
                    request,
                    _("The file is fine. %(summary)s Nothing was stored.") % {"summary": summary},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Imported. %(summary)s %(created)d new, %(updated)d changed, "
                        "%(deleted)d removed."
                    )
                    % {
                        "summary": summary,
                        "created": result.created,
                        "updated": result.updated,
                        "deleted": result.deleted,
                    },
                )
            if result.missing_areas:
                messages.warning(
                    request,
                    _("The file has no counts for %(areas)s.")
                    % {"areas": ", ".join(result.missing_areas)},
                )
            if result.dry_run:
                return redirect("population:import", municipality=municipality.code)
            return redirect("population:counts", municipality=municipality.code)
    return render(request, "population/import.html", {"municipality": municipality, "form": form})


@login_required
def survey_weights(request: HttpRequest, pk: int) -> HttpResponse:
    """How representative the respondents are, before and after weighting; any member."""
    survey = get_permitted_or_404(request, Survey.objects, perms.VIEW_POPULATION, pk=pk)
    return render(
        request,
        "population/weights.html",
        {
            "survey": survey,
            "rows": representativeness(survey),
            "status": weighting_status(survey),
            "job": Job.objects.of(weigh_survey, survey).first(),
        },
    )


@login_required
@require_POST
def weights_compute(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the recomputation of the survey's weights; analysts, coordinators and admins.

    The weights page follows the job; a second click while it waits adds no job.
    """
    survey = get_permitted_or_404(request, Survey.objects, perms.WEIGHT_SURVEY, pk=pk)
    enqueue(weigh_survey, survey, started_by=request.user, coalesce=True)
    return redirect("population:weights", pk=survey.pk)
