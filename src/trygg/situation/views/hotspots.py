"""The staff map of hotspots per layer and the priority places beside it.

Any member sees them (``situation.view_incidents``); analysts and coordinators may
ask for a recompute now (POST), which queues the background task the imports and
responses queue. The page reads the stored snapshot (``hotspots``), never computes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.background.models import Job
from trygg.core.staff import get_permitted_or_404
from trygg.tenancy.models import Municipality

from .. import rules as perms
from ..hotspots import (
    hotspot_geojson,
    hotspot_snapshot,
    hotspot_tables,
    is_current,
    municipality_hotspots,
    priority_places,
    snapshot_years,
)
from ..tasks import hotspots_after_change, recompute_hotspots
from .overview import municipality_page


def _year(request: HttpRequest, years: list[int]) -> int | None:
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in years:
        return int(asked)
    return years[0] if years else None


@municipality_page
def hotspot_map(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The hot and cold cells of each layer on a map and in tables, the priority places."""
    years = snapshot_years(municipality)
    year = _year(request, years)
    context = {
        "municipality": municipality,
        "years": years,
        "year": year,
        "recompute_queued": Job.objects.of(recompute_hotspots, municipality).queued().exists(),
    }
    if year is not None:
        snapshot = hotspot_snapshot(municipality, year)
        hotspots = municipality_hotspots(municipality, year=year)
        context |= {
            "hotspots": hotspots,
            "tables": hotspot_tables(municipality, hotspots),
            "places": priority_places(municipality, year=year),
            "current": is_current(municipality, snapshot),
            "geojson_url": reverse(
                "situation:hotspot_cells", kwargs={"municipality": municipality.code}
            )
            + f"?year={year}",
        }
    return render(request, "situation/hotspots.html", context)


@municipality_page
def hotspot_cells_geojson(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The map's GeoJSON: the base map, every layer's hot and cold cells, the priority places."""
    year = _year(request, snapshot_years(municipality))
    hotspots = municipality_hotspots(municipality, year=year) if year is not None else None
    places = priority_places(municipality, year=year) if year is not None else []
    return JsonResponse(hotspot_geojson(municipality, hotspots, places))


@login_required
@require_POST
def hotspot_compute(request: HttpRequest, municipality: str) -> HttpResponse:
    """Queue the recompute now; analysts and coordinators."""
    found = get_permitted_or_404(
        request, Municipality.objects, perms.COMPUTE_HOTSPOTS, code=municipality
    )
    hotspots_after_change(found, started_by=request.user)
    messages.success(
        request, _("The hotspots will be computed in the background; reload the page in a while.")
    )
    return redirect("situation:hotspots", municipality=found.code)
