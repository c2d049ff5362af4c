"""The staff incident overview of a municipality, its map's GeoJSON and its exports.

Any member sees them (``situation.view_incidents``); a member of another
municipality gets 404. The selectors in ``overview`` and ``comparisons`` do the
counting; these views parse the year and category and render.
"""

import datetime as dt
import functools
import io

from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from trygg.core.staff import get_permitted_or_404
from trygg.tenancy.models import Municipality

from .. import exports
from .. import rules as perms
from ..comparisons import RateComparison, compare_rates
from ..counts import Period
from ..models import Category, Source
from ..overview import (
    DataSpan,
    IncidentCellMap,
    data_span,
    incident_cell_map,
    incident_cell_map_geojson,
    source_overviews,
)
from ..selectors import AlertState, alert_computation, alert_rows, municipality_alerts

# The export's period as the address names it.
PERIODS = {"vecka": Period.WEEK, "manad": Period.MONTH}
EXTENSIONS = frozenset({"csv", "xlsx"})
SAFE_METHODS = ("GET", "HEAD")
# The newest open alerts on the overview; the rest are a link away.
OPEN_ALERTS_SHOWN = 5


def municipality_page(view):
    """A read-only page of one municipality's incidents, passed the Municipality.

    Who asks is checked before the method: a foreign municipality's pages are 404
    to every method (nothing discloses them), one's own answer a write with 405.
    """

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, municipality: str, **kwargs) -> HttpResponse:
        found = get_permitted_or_404(
            request, Municipality.objects, perms.VIEW_INCIDENTS, code=municipality
        )
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        return view(request, found, **kwargs)

    return wrapper


def _year(request: HttpRequest, span: DataSpan | None) -> int:
    """The year asked for if the data has it, else the data's last year."""
    if span is None:
        return timezone.localdate().year
    asked = request.GET.get("year", "")
    return int(asked) if asked.isdigit() and int(asked) in span.years else span.last.year


def _category(request: HttpRequest) -> Category | None:
    key = request.GET.get("category", "")
    return Category.objects.filter(key=key).first() if key else None


def _staff_map(municipality: Municipality, year: int) -> IncidentCellMap:
    """Every cell of ``year``'s point-located incidents: the page and its map show the same."""
    return incident_cell_map(
        municipality, public=False, first=dt.date(year, 1, 1), last=dt.date(year, 12, 1)
    )


def _comparison(
    request: HttpRequest, municipality: Municipality
) -> tuple[DataSpan | None, int, RateComparison]:
    span = data_span(municipality)
    year = _year(request, span)
    # The months of the year the police's events cover: the rates count nothing else.
    police = data_span(municipality, Source.Kind.POLICE_EVENTS)
    first = police.first if police and police.first.year == year else dt.date(year, 1, 1)
    last = police.last if police and police.last.year == year else dt.date(year, 12, 1)
    comparison = compare_rates(municipality, first, last, _category(request))
    return span, year, comparison


@municipality_page
def incident_overview(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The alerts; per source the year against earlier years and the trend; the map; the rates."""
    span, year, comparison = _comparison(request, municipality)
    open_alerts = municipality_alerts(municipality, state=AlertState.OPEN)
    context = {
        "municipality": municipality,
        "open_alerts": alert_rows(open_alerts[:OPEN_ALERTS_SHOWN]),
        "open_alert_count": open_alerts.count(),
        "computation": alert_computation(municipality),
        "span": span,
        "year": year,
        "comparison": comparison,
        "categories": Category.objects.all(),
        "geojson_url": reverse(
            "situation:incident_cells", kwargs={"municipality": municipality.code}
        )
        + f"?year={year}",
    }
    if span is not None:
        context |= {
            "sources": source_overviews(municipality, year),
            "map": _staff_map(municipality, year),
        }
    return render(request, "situation/overview.html", context)


@municipality_page
def incident_cells_geojson(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The staff map of the year's point-located incidents: every cell, never a point."""
    result = _staff_map(municipality, _year(request, data_span(municipality)))
    return JsonResponse(incident_cell_map_geojson(municipality, result))


@municipality_page
def incident_counts_export(
    request: HttpRequest, municipality: Municipality, period: str, extension: str
) -> HttpResponse:
    """The weekly or monthly counts per category; the XLSX adds the rate comparison."""
    if period not in PERIODS or extension not in EXTENSIONS:
        raise Http404
    table = exports.counts_table(municipality, PERIODS[period])
    name = f"{municipality.slug}-handelser-{period}"
    response = exports.download(name, extension)
    if extension == "csv":
        text = io.StringIO()
        exports.write_csv(table, text)
        response.write(text.getvalue())
    else:
        _span, _year, comparison = _comparison(request, municipality)
        exports.write_xlsx(
            [table, exports.comparison_table(comparison)], response, comparison.notes
        )
    return response


@municipality_page
def rates_export(request: HttpRequest, municipality: Municipality, extension: str) -> HttpResponse:
    """The rate comparison of the overview (same year and category) as a file."""
    if extension not in EXTENSIONS:
        raise Http404
    _span, year, comparison = _comparison(request, municipality)
    table = exports.comparison_table(comparison)
    response = exports.download(f"{municipality.slug}-jamforelse-{year}", extension)
    if extension == "csv":
        text = io.StringIO()
        exports.write_csv(table, text)
        response.write(text.getvalue())
    else:
        exports.write_xlsx([table], response, comparison.notes)
    return response
