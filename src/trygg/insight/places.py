"""Unsafe places as a heat map of H3 cells, aggregated in SQL; no respondent's point shown.

The database does the scan: one ``GROUP BY h3_cell`` counts respondents and marks per
cell, and the rows of the reasons and times are read back only for the cells that are
shown (a subquery with ``HAVING``, portable between SQLite and PostgreSQL). Python then
counts reasons and times over those small groups, because they are JSON lists and
unnesting a JSON list is SQL that differs between the two databases.

Publication rules (DESIGN.md, "Privacy and security, by design"):

- No point is ever shown, to the public or to staff: only H3 cells at the resolution
  the marks are stored with (9, about 0.1 km²). The map and its table are built from
  the cells alone; the stored latitude and longitude are never read.
- A cell is shown only if at least :func:`min_cell_count` respondents (the setting
  ``TRYGG_MAP_MIN_CELL_COUNT``, default 3, never fewer) marked a place in it. Respondents,
  not marks: one person who marks three places in one cell does not make it public.
  A cell below the rule is left out altogether — no outline, no merging into a
  neighbour — and only the number of marks so withheld is reported.
- The same rule for the places marked without a point (the no-JavaScript way: an
  area and a description): an area's row is shown only with as many respondents.
- Every number is a count of respondents: a cell's count, and within it how many
  respondents named each reason and each time. Every published count respects the
  same minimum: a reason or a time named by fewer respondents in a cell (or an
  area's row) is left out of its list, and a number of withheld marks below it is
  published only as "fewer than" the minimum.
- Flagged responses (a burst from one network) are left out unless staff ask for them.
- Staff see the same cells as the public (one rule), while the survey is open too.
- The public sees the map only once the survey is closed (results are published
  after the fieldwork, not while answers can still change them) and only if at least
  ``TRYGG_SUPPRESSION_THRESHOLD`` respondents (not flagged) answered the survey, since
  every cell's share of respondents rests on that total. That status check is the
  public view's; :func:`public_place_map` applies the threshold.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import h3
from django.conf import settings
from django.db.models import Count, QuerySet

from trygg.dialogue.models import PlaceMark, Question, Response, Survey
from trygg.geo.cells import cell_boundary_geojson
from trygg.geo.models import Area
from trygg.geo.selectors import base_map, cell_area_names
from trygg.tenancy.models import Municipality

from .results import suppression_threshold

# DESIGN.md: "no published map shows a point ... below the H3 cell level with at least
# 3 records". The setting may raise the bar, never lower it.
MIN_CELL_COUNT_FLOOR = 3
# Colour classes on the map; the legend and the palette in heat-map.js have as many.
CLASS_COUNT = 5


def min_cell_count() -> int:
    """The fewest respondents a cell (or an area's row) needs to be shown."""
    return max(int(settings.TRYGG_MAP_MIN_CELL_COUNT), MIN_CELL_COUNT_FLOOR)


@dataclass(frozen=True, slots=True)
class Tally:
    """How many respondents named one reason (or time): its code, Swedish label, count."""

    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class CellSummary:
    """One shown cell: its number on the map and in the table, and what was said of it."""

    number: int
    cell: int
    respondents: int
    marks: int
    share_percent: float
    area_name: str
    """The area the cell's centre lies in; empty if in none."""
    reasons: tuple[Tally, ...]
    times: tuple[Tally, ...]
    level: int
    """The colour class, 1 (fewest) to ``CLASS_COUNT``."""

    @property
    def cell_id(self) -> str:
        """The cell's H3 index in its usual hexadecimal form."""
        return h3.int_to_str(self.cell)


@dataclass(frozen=True, slots=True)
class AreaSummary:
    """One area's places marked without a point (an area and a description)."""

    area_name: str
    respondents: int
    marks: int
    share_percent: float
    reasons: tuple[Tally, ...]
    times: tuple[Tally, ...]


@dataclass(frozen=True, slots=True)
class CountClass:
    """A colour class of the map: cells with ``low`` to ``high`` respondents."""

    level: int
    low: int
    high: int


@dataclass(frozen=True)
class PlaceMap:
    """Everything the heat map and its table show, already within the rules."""

    respondents: int
    """Respondents to the survey (the denominator of every share)."""
    min_count: int
    cells: tuple[CellSummary, ...]
    areas: tuple[AreaSummary, ...]
    withheld_marks: int
    """Marks not shown: in a cell or area with too few respondents, or with no place left."""
    classes: tuple[CountClass, ...]
    include_flagged: bool = False
    suppressed: bool = False
    """Public only: too few respondents to publish anything (then cells and areas are empty)."""

    @property
    def published_withheld_marks(self) -> int | None:
        """The withheld marks as published: ``None`` for 1 to ``min_count`` − 1, which
        are shown as "fewer than" the minimum, like every other small count."""
        return None if 0 < self.withheld_marks < self.min_count else self.withheld_marks

    @property
    def shown_marks(self) -> int:
        """Marks in the shown cells and areas."""
        return sum(cell.marks for cell in self.cells) + sum(area.marks for area in self.areas)


def places_questions(survey: Survey) -> QuerySet[Question]:
    """The survey's map questions (usually one)."""
    return survey.questions.filter(kind=Question.Kind.PLACES)


def _responses(survey: Survey, include_flagged: bool) -> QuerySet[Response]:
    responses = Response.objects.filter(survey=survey)
    return responses if include_flagged else responses.filter(flagged=False)


def _marks(survey: Survey, include_flagged: bool) -> QuerySet[PlaceMark]:
    marks = PlaceMark.objects.filter(question__survey=survey)
    return marks if include_flagged else marks.filter(response__flagged=False)


def _groups(marks: QuerySet[PlaceMark], key: str) -> QuerySet:
    """``GROUP BY key`` with respondents (distinct) and marks per group."""
    return (
        marks.order_by()
        .values(key)
        .annotate(respondents=Count("response", distinct=True), marks=Count("pk"))
    )


def mark_tallies(
    rows: Iterable[tuple[Any, int, Sequence[str], Sequence[str]]],
    minimum: int,
) -> dict[Any, tuple[tuple[Tally, ...], tuple[Tally, ...]]]:
    """Per group, how many respondents named each reason and each time.

    Takes ``(group key, response id, reasons, times)`` rows, one per mark. A respondent
    who names a reason for two places in one cell counts once. Codes not in the
    question bank are ignored: they cannot be labelled. A reason or time named by
    fewer than ``minimum`` respondents is left out: in a cell of three, a tally of one
    points at one person.
    """
    reasons: defaultdict[Any, set[tuple[int, str]]] = defaultdict(set)
    times: defaultdict[Any, set[tuple[int, str]]] = defaultdict(set)
    for key, response_id, mark_reasons, mark_times in rows:
        reasons[key].update((response_id, value) for value in mark_reasons or ())
        times[key].update((response_id, value) for value in mark_times or ())
    return {
        key: (
            _ranked(reasons[key], PlaceMark.Reason.choices, minimum),
            _ranked(times[key], PlaceMark.Time.choices, minimum),
        )
        for key in reasons.keys() | times.keys()
    }


def _ranked(
    named: set[tuple[int, str]], choices: Sequence[tuple[str, str]], minimum: int
) -> tuple[Tally, ...]:
    counts = Counter(value for _, value in named)
    tallies = [
        Tally(value, label, counts[value]) for value, label in choices if counts[value] >= minimum
    ]
    # Most named first; equal counts in the question bank's order (sort is stable).
    return tuple(sorted(tallies, key=lambda tally: -tally.count))


def count_classes(
    counts: Sequence[int], low: int, classes: int = CLASS_COUNT
) -> tuple[CountClass, ...]:
    """Equal-width whole-number colour classes from ``low`` up to the largest count.

    Fewer classes when the range is narrow (counts 3–4 give two classes of one value
    each); none when there are no counts.
    """
    if not counts:
        return ()
    high = max(counts)
    low = min(low, min(counts))
    width = math.ceil((high - low + 1) / classes)
    return tuple(
        CountClass(level=index + 1, low=start, high=min(start + width - 1, high))
        for index, start in enumerate(range(low, high + 1, width))
    )


def _level(count: int, classes: Sequence[CountClass]) -> int:
    return next(c.level for c in classes if c.low <= count <= c.high)


def _percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def place_map(survey: Survey, *, include_flagged: bool = False) -> PlaceMap:
    """The heat map of ``survey``'s unsafe places under the rules in the module docstring.

    Takes the survey (its map questions' marks are counted) and whether to count
    flagged responses; returns the shown cells (most respondents first, numbered from
    1), the shown areas for marks without a point (by name), the colour classes and
    how many marks were withheld. Not scoped to a user: the caller checks access.
    """
    minimum = min_cell_count()
    marks = _marks(survey, include_flagged)
    respondents = _responses(survey, include_flagged).count()

    with_point = marks.filter(h3_cell__isnull=False)
    cell_groups = list(_groups(with_point, "h3_cell"))
    shown_cells = sorted(
        (group for group in cell_groups if group["respondents"] >= minimum),
        key=lambda group: (-group["respondents"], group["h3_cell"]),
    )
    # The rows behind the shown cells only, chosen by the database (GROUP BY … HAVING).
    shown_keys = _groups(with_point, "h3_cell").filter(respondents__gte=minimum).values("h3_cell")
    cell_tallies = mark_tallies(
        with_point.filter(h3_cell__in=shown_keys).values_list(
            "h3_cell", "response_id", "reasons", "times"
        ),
        minimum,
    )
    classes = count_classes([group["respondents"] for group in shown_cells], minimum)
    area_names = cell_area_names(survey.municipality, [group["h3_cell"] for group in shown_cells])
    cells = tuple(
        CellSummary(
            number=number,
            cell=group["h3_cell"],
            respondents=group["respondents"],
            marks=group["marks"],
            share_percent=_percent(group["respondents"], respondents),
            area_name=area_name,
            reasons=cell_tallies.get(group["h3_cell"], ((), ()))[0],
            times=cell_tallies.get(group["h3_cell"], ((), ()))[1],
            level=_level(group["respondents"], classes),
        )
        for number, (group, area_name) in enumerate(
            zip(shown_cells, area_names, strict=True), start=1
        )
    )

    # Marks without a point carry an area instead; a removed area leaves them nowhere.
    without_point = marks.filter(h3_cell__isnull=True, area__isnull=False)
    area_groups = list(_groups(without_point, "area"))
    shown_area_ids = {group["area"] for group in area_groups if group["respondents"] >= minimum}
    area_tallies = mark_tallies(
        without_point.filter(area__in=shown_area_ids).values_list(
            "area", "response_id", "reasons", "times"
        ),
        minimum,
    )
    names = dict(Area.objects.filter(pk__in=shown_area_ids).values_list("pk", "name"))
    areas = tuple(
        sorted(
            (
                AreaSummary(
                    area_name=names[group["area"]],
                    respondents=group["respondents"],
                    marks=group["marks"],
                    share_percent=_percent(group["respondents"], respondents),
                    reasons=area_tallies.get(group["area"], ((), ()))[0],
                    times=area_tallies.get(group["area"], ((), ()))[1],
                )
                for group in area_groups
                if group["area"] in shown_area_ids
            ),
            key=lambda area: (-area.respondents, area.area_name),
        )
    )

    shown = sum(cell.marks for cell in cells) + sum(area.marks for area in areas)
    return PlaceMap(
        respondents=respondents,
        min_count=minimum,
        cells=cells,
        areas=areas,
        withheld_marks=marks.count() - shown,
        classes=classes,
        include_flagged=include_flagged,
    )


def public_place_map(survey: Survey) -> PlaceMap:
    """What the public may see of ``survey``'s places: the staff map without flagged
    responses, or nothing at all while fewer than the suppression threshold answered.

    The caller shows it only for a closed survey.
    """
    respondents = _responses(survey, include_flagged=False).count()
    if respondents < suppression_threshold():
        return PlaceMap(
            respondents=respondents,
            min_count=min_cell_count(),
            cells=(),
            areas=(),
            withheld_marks=_marks(survey, include_flagged=False).count(),
            classes=(),
            suppressed=True,
        )
    return place_map(survey)


def _tally_properties(tallies: Iterable[Tally]) -> list[dict[str, Any]]:
    return [{"value": t.value, "label": t.label, "count": t.count} for t in tallies]


def place_map_geojson(municipality: Municipality, result: PlaceMap) -> dict[str, Any]:
    """The map as a GeoJSON FeatureCollection: the base map and the shown cells.

    Features carry ``kind`` "neighbour", "border", "area", "locality" (each with
    ``name``, see ``geo.selectors.base_map``) or "cell" (with
    ``number``, ``cell``, ``count`` of respondents, ``share`` of all respondents,
    ``area``, ``reasons`` and ``times`` as lists of ``{value, label, count}``, and the
    colour ``level``). Foreign members say how the map was made: ``min_count``,
    ``suppressed``, the colour ``classes`` and, unless suppressed, ``withheld_marks``
    (``null`` when fewer than ``min_count``). Reasons and times named by fewer than
    ``min_count`` respondents are not in the lists.
    Nothing in it comes from a stored point: cells are drawn from their H3 index.
    """
    features = base_map(municipality)
    features += [
        {
            "type": "Feature",
            "properties": {
                "kind": "cell",
                "number": cell.number,
                "cell": cell.cell_id,
                "count": cell.respondents,
                "share": round(cell.share_percent / 100, 4),
                "area": cell.area_name,
                "reasons": _tally_properties(cell.reasons),
                "times": _tally_properties(cell.times),
                "level": cell.level,
            },
            "geometry": cell_boundary_geojson(cell.cell),
        }
        for cell in result.cells
    ]
    collection: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": features,
        "min_count": result.min_count,
        "suppressed": result.suppressed,
        "classes": [{"level": c.level, "low": c.low, "high": c.high} for c in result.classes],
    }
    if not result.suppressed:
        # Below the suppression threshold even the number of marks is not published;
        # ``null`` means fewer than ``min_count``.
        collection["withheld_marks"] = result.published_withheld_marks
    return collection
