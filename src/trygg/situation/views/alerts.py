"""Staff pages of the early-warning alerts: the list, one alert with its chart, acknowledging."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.errors import DomainError
from trygg.core.staff import get_permitted_or_404
from trygg.tenancy.models import Municipality

from .. import rules as perms
from ..alerts import acknowledge_alert, minimum_observed
from ..forms import AcknowledgeForm, AlertFilterForm
from ..models import Alert
from ..selectors import (
    alert_computation,
    alert_rows,
    chart_of,
    explain_alert,
    municipality_alerts,
    place_of,
)

ALERTS_PER_PAGE = 25
# The chart a phone shows: two years of weeks are bars too thin to read at 390 px.
RECENT_CHART_WEEKS = 26


@login_required
def alert_list(request: HttpRequest, municipality: str) -> HttpResponse:
    """The municipality's alerts, newest first, filtered by category and state; any member."""
    municipality = get_permitted_or_404(
        request, Municipality.objects, perms.VIEW_ALERTS, code=municipality
    )
    form = AlertFilterForm(request.GET)
    alerts = municipality_alerts(municipality, **form.filters())
    page = Paginator(alerts, ALERTS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "situation/alerts.html",
        {
            "municipality": municipality,
            "form": form,
            "page": page,
            "rows": alert_rows(page.object_list),
            "filter_query": form.query_string(),
            "computation": alert_computation(municipality),
            "minimum_observed": minimum_observed(),
        },
    )


def _alert_page(request: HttpRequest, alert: Alert, form: AcknowledgeForm) -> HttpResponse:
    return render(
        request,
        "situation/alert.html",
        {
            "municipality": alert.municipality,
            "alert": alert,
            "explanation": explain_alert(alert),
            "place": place_of(alert),
            "chart": chart_of(alert),
            "recent_chart": chart_of(alert, last=RECENT_CHART_WEEKS),
            "recent_weeks": RECENT_CHART_WEEKS,
            "form": form,
            "computation": alert_computation(alert.municipality),
        },
    )


def _get_alert(request: HttpRequest, municipality: str, pk: int, permission: str) -> Alert:
    return get_permitted_or_404(
        request,
        Alert.objects.select_related("municipality", "category", "acknowledged_by"),
        permission,
        pk=pk,
        municipality__code=municipality,
    )


@login_required
def alert_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """One alert explained, its series charted and tabled; any member."""
    alert = _get_alert(request, municipality, pk, perms.VIEW_ALERTS)
    return _alert_page(request, alert, AcknowledgeForm())


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """Acknowledge with a comment; coordinators, analysts and the police."""
    alert = _get_alert(request, municipality, pk, perms.ACKNOWLEDGE_ALERT)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            acknowledge_alert(alert, request.user, form.cleaned_data["comment"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The alert is acknowledged."))
        return redirect(alert)
    return _alert_page(request, alert, form)
