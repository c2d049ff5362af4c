"""Reads of the situation app for staff pages: the alerts, explained and charted."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.geo.selectors import cell_place_names
from trygg.tenancy.models import Municipality

from .alerts import EARS_BASELINE
from .charts import AlertChart, alert_chart
from .models import Alert, AlertComputation, LagesbildApproval


class AlertState:
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"


def municipality_alerts(
    municipality: Municipality, *, category: int | None = None, state: str = ""
) -> QuerySet[Alert]:
    """The municipality's alerts, newest week first, by category and state if given."""
    alerts = Alert.objects.filter(municipality=municipality).select_related(
        "municipality", "category", "acknowledged_by"
    )
    if category is not None:
        alerts = alerts.filter(category_id=category)
    if state == AlertState.OPEN:
        alerts = alerts.open()
    elif state == AlertState.ACKNOWLEDGED:
        alerts = alerts.acknowledged()
    return alerts.order_by("-week_start", "-observed", "category__order", "h3_cell")


def alert_computation(municipality: Municipality) -> AlertComputation | None:
    """When the municipality's alerts were computed (None: never)."""
    return AlertComputation.objects.filter(municipality=municipality).first()


def _decimal(value: float) -> str:
    # As the pages' |floatformat:1 (Django's number_format cuts decimals, not rounds).
    return floatformat(value, 1)


def method_explanation(alert: Alert) -> str:
    """What the week was compared with, in words."""
    if alert.method == Alert.Method.FARRINGTON_FLEXIBLE:
        years = alert.reference_years or 0
        return ngettext(
            "Farrington-flexible, compared with the same weeks of the last year",
            "Farrington-flexible, compared with the same weeks of the last %(years)d years",
            years,
        ) % {"years": years}
    if alert.method == Alert.Method.EARS_C1:
        return _("EARS C1, compared with the %(weeks)d weeks before") % {"weeks": EARS_BASELINE}
    if alert.method == Alert.Method.EARS_C2:
        return _("EARS C2, compared with the %(weeks)d weeks before the last two") % {
            "weeks": EARS_BASELINE
        }
    return _("EARS C3, compared with the %(weeks)d weeks before the last two and their excess") % {
        "weeks": EARS_BASELINE
    }


def explain_alert(alert: Alert) -> str:
    """One sentence: the week, what was counted, expected, the bound, and the method.

    E.g. "Vecka 12: 9 händelser i kategorin Våld och hot, väntat 3,1, övre gräns 6,4 —
    Farrington-flexibel, jämfört med samma veckor de senaste 3 åren."
    """
    counted = ngettext(
        "%(count)d incident of %(category)s",
        "%(count)d incidents of %(category)s",
        alert.observed,
    ) % {"count": alert.observed, "category": alert.category}
    return _(
        "Week %(week)d: %(counted)s, expected %(expected)s, upper bound %(upperbound)s — "
        "%(method)s."
    ) % {
        "week": alert.iso_week,
        "counted": counted,
        "expected": _decimal(alert.expected),
        "upperbound": _decimal(alert.upperbound),
        "method": method_explanation(alert),
    }


def place_of(alert: Alert) -> str:
    """Where the alert is: the whole municipality, or one H3 cell of a point source."""
    return places_of([alert])[0]


def places_of(alerts: Sequence[Alert]) -> list[str]:
    """Where each alert is; a cell named as ``geo.selectors.cell_place_names`` names it.

    The cell's id stays in the text: it is what the exports and the map's GeoJSON
    carry, and two cells of one area are told apart only by it.
    """
    cells: dict[int, list[int]] = defaultdict(list)
    for alert in alerts:
        if alert.h3_cell is not None:
            cells[alert.municipality_id].append(alert.h3_cell)
    names: dict[tuple[int, int], str] = {}
    for municipality_id, ids in cells.items():
        municipality = Municipality.objects.get(pk=municipality_id)
        names.update(
            ((municipality_id, cell), name)
            for cell, name in zip(ids, cell_place_names(municipality, ids), strict=True)
        )
    places = []
    for alert in alerts:
        if alert.h3_cell is None:
            places.append(_("The whole municipality"))
            continue
        cell = format(alert.h3_cell, "x")
        name = names[alert.municipality_id, alert.h3_cell]
        places.append(
            _("%(place)s (H3 cell %(cell)s)") % {"place": name, "cell": cell}
            if name
            else _("H3 cell %(cell)s") % {"cell": cell}
        )
    return places


@dataclass(frozen=True)
class AlertRow:
    alert: Alert
    explanation: str
    place: str


def alert_rows(alerts: Iterable[Alert]) -> list[AlertRow]:
    alerts = list(alerts)
    return [
        AlertRow(alert, explain_alert(alert), place)
        for alert, place in zip(alerts, places_of(alerts), strict=True)
    ]


def chart_of(alert: Alert, *, last: int | None = None) -> AlertChart | None:
    """The chart stored with the alert at its last recompute (None: none stored).

    ``last`` keeps only the series's latest weeks, for a screen too narrow for two years.
    """
    chart = alert.chart
    if not chart or not chart.get("observed"):
        return None
    skipped = max(0, len(chart["observed"]) - last) if last else 0
    return alert_chart(
        dt.date.fromisoformat(chart["start"]) + dt.timedelta(weeks=skipped),
        chart["observed"][skipped:],
        chart["expected"][skipped:],
        chart["upperbound"][skipped:],
        chart["alarm"][skipped:],
    )


def published_lagesbilder(municipality: Municipality) -> QuerySet[LagesbildApproval]:
    """The approved (so published) lägesbilder of the municipality, latest year first."""
    return LagesbildApproval.objects.filter(municipality=municipality).order_by("-year")


def published_lagesbild(municipality: Municipality, year: int) -> LagesbildApproval | None:
    """The year's approval with the public figures it published; None if not approved."""
    return published_lagesbilder(municipality).filter(year=year).first()
