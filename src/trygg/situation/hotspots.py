"""Hotspots of a municipality's point layers, the priority places, stored as a snapshot.

``recompute_hotspots`` counts in SQL (``GROUP BY h3_cell``) and runs
``trygg.stats.hotspots.getis_ord_star`` (Gi*, star form, binary weights over each cell
and its ring-1 neighbours, Benjamini–Hochberg at ``TRYGG_HOTSPOT_FDR``) on the H3
resolution-9 cells covering the municipality's border, zeros included (plus any cell
with data outside it; without a border, the cells with data and their neighbours).
Three layers:

``places``
    Residents' unsafe places: respondents (not marks: one person marking three
    places in a cell counts once) per cell, from the latest survey year up to the
    year that has place marks with a point, every survey of that year; flagged
    responses are left out, as the insight pages leave them out by default.
``reports``
    The municipality's point-located incidents (municipal reports, police
    extracts) that happened in the year (Swedish time). The police's open events
    are never counted: they are located only to a municipality's or county's centre.
``combined``
    Each layer's counts divided by that layer's mean over the cells, summed. Gi* does
    not change when one layer is scaled, so this gives the two layers equal say
    whatever their volumes (a thousand reports do not drown two hundred
    respondents), and the values stay counts-like and never negative, as Gi* needs.
    A layer without any data adds nothing.

A snapshot stores, per layer, only the cells with data or that are hot or cold.

**Priority places** are cells where residents' unsafe places coincide with incident
hotspots or lighting faults: residents marked the cell (at least one respondent, and
either the places layer is hot there or at least ``min_cell_count()`` respondents
named it) and the reports layer is hot there or at least one lighting fault was
reported in it. A lighting fault is an incident of the category ``lighting`` or whose
type names "belysning". They are ranked by how many layers are hot in the cell, then
by respondents, then by incidents, then by the combined z.

The ``public()`` views leave out every cell (and priority place) with fewer than
``min_cell_count()`` records (never fewer than 3): respondents in the places layer,
incidents in the reports layer, and in the combined layer both, each of them either
none or at least the minimum (else the combined value would reveal the smaller one);
and, within a priority place, every reason, time or category named fewer times (its
lighting faults then ``None``, published as "fewer than"). The residents' layers and the
priority places are published at all only while ``residents_publishable``: from one
closed survey answered by at least the suppression threshold.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import h3
import h3.api.basic_int as h3_int
import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.background.progress import Progress, no_progress
from trygg.dialogue.models import PlaceMark, Survey
from trygg.dialogue.submission import PLACE_RESOLUTION
from trygg.geo.cells import cell_boundary_geojson, cells_covering, ring_links
from trygg.geo.selectors import base_map, cell_place_names
from trygg.insight.places import Tally, mark_tallies, min_cell_count
from trygg.insight.results import suppression_threshold
from trygg.stats.hotspots import getis_ord_star
from trygg.tenancy.models import Municipality

from .counts import local_zone
from .models import Category, HotspotCell, HotspotSnapshot, Incident, Source

Layer = HotspotCell.Layer
POINT_KINDS = (Source.Kind.MUNICIPAL_REPORTS, Source.Kind.POLICE_EXTRACT)
LIGHTING_CATEGORY = "lighting"
LIGHTING_WORD = "belysning"


def hotspot_fdr() -> float:
    return float(settings.TRYGG_HOTSPOT_FDR)


# --- What pages and the lägesbild read -------------------------------------------------


@dataclass(frozen=True, slots=True)
class HotspotCellResult:
    """One cell of a layer: its value, Gi*, z, two-sided p, BH q and flags."""

    cell: int
    value: float
    records: int
    """Respondents, incidents or both in the cell itself: what the public rule counts."""
    gi: float | None
    z: float
    p: float
    q: float
    hot: bool
    cold: bool
    places_records: int = 0
    reports_records: int = 0

    @property
    def cell_id(self) -> str:
        return h3.int_to_str(self.cell)

    def publishable(self, minimum: int) -> bool:
        if self.records < minimum:
            return False
        # Combined: each part is none or enough on its own.
        return all(
            part == 0 or part >= minimum for part in (self.places_records, self.reports_records)
        )


@dataclass(frozen=True)
class HotspotLayer:
    key: str
    label: str
    cells: tuple[HotspotCellResult, ...]

    @property
    def hot(self) -> tuple[HotspotCellResult, ...]:
        return tuple(cell for cell in self.cells if cell.hot)

    @property
    def cold(self) -> tuple[HotspotCellResult, ...]:
        return tuple(cell for cell in self.cells if cell.cold)


@dataclass(frozen=True)
class HotspotTable:
    """A layer's hot and cold cells as the staff table lists them, each with its name:
    hot cells first, hottest first, then cold cells, coldest first."""

    layer: HotspotLayer
    rows: tuple[tuple[HotspotCellResult, str], ...]

    # The first rows stay in view; the rest fold away (a layer can have hundreds).
    SHOWN = 20

    @property
    def first(self) -> tuple[tuple[HotspotCellResult, str], ...]:
        return self.rows[: self.SHOWN]

    @property
    def rest(self) -> tuple[tuple[HotspotCellResult, str], ...]:
        return self.rows[self.SHOWN :]


def hotspot_tables(municipality: Municipality, hotspots: HotspotMap) -> list[HotspotTable]:
    """The staff tables of ``hotspots``' layers, their cells named (``cell_place_names``)."""
    ordered = [
        sorted(layer.hot, key=lambda cell: -cell.z) + sorted(layer.cold, key=lambda cell: cell.z)
        for layer in hotspots.layers
    ]
    every = sorted({cell.cell for cells in ordered for cell in cells})
    names = dict(zip(every, cell_place_names(municipality, every), strict=True))
    return [
        HotspotTable(layer, tuple((cell, names[cell.cell]) for cell in cells))
        for layer, cells in zip(hotspots.layers, ordered, strict=True)
    ]


@dataclass(frozen=True)
class HotspotSources:
    """What the snapshot was computed from."""

    survey_year: int | None
    surveys: tuple[str, ...]
    respondents: int
    """Respondents (not flagged) with at least one place marked with a point."""
    incidents: int
    """Point-located incidents of the year (the police's open events are never counted)."""
    lighting_faults: int


@dataclass(frozen=True)
class HotspotMap:
    """A municipality's hotspots of a year, per layer; ``public()`` is what may be published."""

    municipality_code: str
    year: int
    computed_at: dt.datetime
    fdr: float
    resolution: int
    covering_cells: int
    sources: HotspotSources
    layers: tuple[HotspotLayer, ...]
    min_count: int
    data_version: dict[str, Any] = field(default_factory=dict)
    """Staff only: counts and highest ids of the inputs."""
    public_view: bool = False

    def layer(self, key: str) -> HotspotLayer:
        return next(layer for layer in self.layers if layer.key == key)

    def public(self) -> HotspotMap:
        """Without any cell under ``min_count`` records and without the data version."""
        return replace(
            self,
            layers=tuple(
                replace(
                    layer,
                    cells=tuple(c for c in layer.cells if c.publishable(self.min_count)),
                )
                for layer in self.layers
            ),
            data_version={},
            public_view=True,
        )


@dataclass(frozen=True, slots=True)
class CategoryCount:
    key: str
    name: str
    count: int


@dataclass(frozen=True)
class PriorityPlace:
    """A cell where residents' unsafe places meet incident hotspots or lighting faults."""

    rank: int
    cell: int
    area_name: str
    respondents: int
    reasons: tuple[Tally, ...]
    times: tuple[Tally, ...]
    incidents: int
    categories: tuple[CategoryCount, ...]
    lighting_faults: int | None
    """``None`` in the public view when fewer than the minimum: published only as
    "fewer than", never as 0, which would be false."""
    hot_layers: tuple[str, ...]
    combined_z: float

    @property
    def cell_id(self) -> str:
        return h3.int_to_str(self.cell)

    @property
    def hot_layer_labels(self) -> tuple[str, ...]:
        return tuple(str(Layer(key).label) for key in self.hot_layers)

    def public(self, minimum: int | None = None) -> PriorityPlace | None:
        """What may be published of it, or None when the cell has too few records."""
        minimum = minimum or min_cell_count()
        if self.respondents < minimum or 0 < self.incidents < minimum:
            return None
        return replace(
            self,
            reasons=tuple(t for t in self.reasons if t.count >= minimum),
            times=tuple(t for t in self.times if t.count >= minimum),
            categories=tuple(c for c in self.categories if c.count >= minimum),
            lighting_faults=self.lighting_faults if self.lighting_faults >= minimum else None,
        )


def residents_publishable(municipality: Municipality, hotspots: HotspotMap) -> bool:
    """Whether the residents' layers of a snapshot (unsafe places, combined, priority
    places; ``hotspots`` as stored, not its ``public()`` view, which drops the data
    version) may be published: they rest on one closed survey that at least the
    suppression threshold answered, the one whose places map is itself published.

    An open survey's results are not published; a survey under the threshold
    publishes no place; and two surveys of a year would let a reader subtract one's
    published map from the layer's cells and find the other's cells under the minimum.
    A snapshot without any residents' place has nothing of theirs to withhold.
    """
    survey_year = hotspots.sources.survey_year
    if survey_year is None:
        return True
    surveys = list(Survey.objects.filter(municipality=municipality, year=survey_year))
    # By id, as the snapshot's data version keeps them: a title can change since.
    computed_from = set(hotspots.data_version.get("surveys", {}))
    if len(surveys) != 1 or computed_from != {str(surveys[0].pk)}:
        return False
    survey = surveys[0]
    return (
        survey.status == Survey.Status.CLOSED
        and survey.responses.filter(flagged=False).count() >= suppression_threshold()
    )


def public_priority_places(places: Iterable[PriorityPlace]) -> list[PriorityPlace]:
    """The publishable priority places, ranked again from 1."""
    minimum = min_cell_count()
    shown = [p for p in (place.public(minimum) for place in places) if p is not None]
    return [replace(place, rank=rank) for rank, place in enumerate(shown, start=1)]


def hotspot_snapshot(municipality: Municipality, year: int) -> HotspotSnapshot | None:
    return HotspotSnapshot.objects.filter(municipality=municipality, year=year).first()


def snapshot_years(municipality: Municipality) -> list[int]:
    """The years with a stored snapshot, newest first."""
    return list(
        HotspotSnapshot.objects.filter(municipality=municipality)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def municipality_hotspots(municipality: Municipality, *, year: int) -> HotspotMap | None:
    """The stored hotspots of ``municipality`` in ``year``; None if not computed yet.

    Staff's view (every stored cell); ``.public()`` for a published page.
    """
    snapshot = hotspot_snapshot(municipality, year)
    if snapshot is None:
        return None
    by_layer: dict[str, list[HotspotCellResult]] = {key: [] for key in Layer.values}
    rows = snapshot.cells.order_by("layer", "-z", "h3_cell").values_list(
        "layer", "h3_cell", "value", "records", "gi", "z", "p", "q", "hot", "cold"
    )
    # The combined layer's public rule needs each part's records in the cell.
    parts = {
        layer: dict(snapshot.cells.filter(layer=layer).values_list("h3_cell", "records"))
        for layer in (Layer.PLACES, Layer.REPORTS)
    }
    for layer, cell, value, records, gi, z, p, q, hot, cold in rows:
        combined = layer == Layer.COMBINED
        by_layer[layer].append(
            HotspotCellResult(
                cell=cell,
                value=value,
                records=records,
                gi=gi,
                z=z,
                p=p,
                q=q,
                hot=hot,
                cold=cold,
                places_records=parts[Layer.PLACES].get(cell, 0) if combined else 0,
                reports_records=parts[Layer.REPORTS].get(cell, 0) if combined else 0,
            )
        )
    inputs = snapshot.inputs
    return HotspotMap(
        municipality_code=municipality.code,
        year=snapshot.year,
        computed_at=snapshot.computed_at,
        fdr=snapshot.fdr,
        resolution=PLACE_RESOLUTION,
        covering_cells=snapshot.covering_cells,
        sources=HotspotSources(
            survey_year=inputs.get("survey_year"),
            surveys=tuple(inputs.get("surveys", ())),
            respondents=inputs.get("respondents", 0),
            incidents=inputs.get("incidents", 0),
            lighting_faults=inputs.get("lighting_faults", 0),
        ),
        layers=tuple(
            HotspotLayer(key, str(label), tuple(by_layer[key])) for key, label in Layer.choices
        ),
        min_count=min_cell_count(),
        data_version=snapshot.data_version,
    )


def priority_places(municipality: Municipality, *, year: int) -> list[PriorityPlace]:
    """The stored priority places of ``municipality`` in ``year``, ranked (staff's view)."""
    snapshot = hotspot_snapshot(municipality, year)
    if snapshot is None:
        return []
    names = {category.key: str(category) for category in Category.objects.all()}
    reason_labels = dict(PlaceMark.Reason.choices)
    time_labels = dict(PlaceMark.Time.choices)
    return [
        PriorityPlace(
            rank=stored["rank"],
            cell=stored["cell"],
            area_name=stored["area"],
            respondents=stored["respondents"],
            reasons=tuple(
                Tally(value, str(reason_labels.get(value, value)), count)
                for value, count in stored["reasons"]
            ),
            times=tuple(
                Tally(value, str(time_labels.get(value, value)), count)
                for value, count in stored["times"]
            ),
            incidents=stored["incidents"],
            categories=tuple(
                CategoryCount(key, names.get(key, key), count)
                for key, count in stored["categories"]
            ),
            lighting_faults=stored["lighting_faults"],
            hot_layers=tuple(stored["hot_layers"]),
            combined_z=stored["combined_z"],
        )
        for stored in snapshot.priority_places
    ]


# --- The inputs, counted in SQL ------------------------------------------------------


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = local_zone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def point_incidents(municipality: Municipality, year: int) -> QuerySet[Incident]:
    """The municipality's point-located incidents of ``year``; never the police's open events."""
    start, end = year_bounds(year)
    return Incident.objects.filter(
        municipality=municipality,
        precision=Incident.Precision.POINT,
        source__kind__in=POINT_KINDS,
        occurred_at__gte=start,
        occurred_at__lt=end,
    )


def lighting_fault() -> Q:
    return Q(category__key=LIGHTING_CATEGORY) | Q(type_key__contains=LIGHTING_WORD)


def survey_year_with_places(municipality: Municipality, year: int | None = None) -> int | None:
    """The latest survey year (up to ``year``) with a place marked with a point, not flagged."""
    surveys = Survey.objects.filter(municipality=municipality)
    if year is not None:
        surveys = surveys.filter(year__lte=year)
    return _place_marks(surveys).aggregate(latest=Max("question__survey__year")).get("latest")


def _place_marks(surveys: QuerySet[Survey]) -> QuerySet[PlaceMark]:
    return PlaceMark.objects.filter(
        question__survey__in=surveys, response__flagged=False, h3_cell__isnull=False
    )


def survey_marks(municipality: Municipality, year: int) -> tuple[QuerySet[PlaceMark], list[Survey]]:
    survey_year = survey_year_with_places(municipality, year)
    if survey_year is None:
        return PlaceMark.objects.none(), []
    surveys = Survey.objects.filter(municipality=municipality, year=survey_year)
    return _place_marks(surveys), list(surveys.order_by("title"))


def data_version(municipality: Municipality, year: int) -> dict[str, Any]:
    """Counts and highest ids of what a snapshot of ``year`` is made of, plus the surveys'
    own data versions: any change to the inputs changes it."""
    incidents = point_incidents(municipality, year).aggregate(count=Count("pk"), last=Max("pk"))
    marks, surveys = survey_marks(municipality, year)
    placed = marks.aggregate(count=Count("pk"), last=Max("pk"))
    return {
        "incidents": incidents["count"],
        "last_incident": incidents["last"],
        "marks": placed["count"],
        "last_mark": placed["last"],
        "surveys": {str(survey.pk): survey.data_version for survey in surveys},
    }


# --- The computation ----------------------------------------------------------------


@dataclass(frozen=True)
class HotspotRecomputeResult:
    municipality: str
    year: int
    cells: int
    hot: dict[str, int]
    priority_places: int

    def summary(self) -> str:
        return _(
            "Hotspots of %(year)d in %(municipality)s: %(cells)d cells analysed; hot cells: "
            "%(places)d of the unsafe places, %(reports)d of the reports, %(combined)d "
            "combined; %(priority)d priority places."
        ) % {
            "year": self.year,
            "municipality": self.municipality,
            "cells": self.cells,
            "places": self.hot[Layer.PLACES],
            "reports": self.hot[Layer.REPORTS],
            "combined": self.hot[Layer.COMBINED],
            "priority": self.priority_places,
        }


def _cover(municipality: Municipality, with_data: Iterable[int]) -> np.ndarray:
    with_data = np.fromiter(with_data, dtype=np.int64)
    if municipality.border:
        cover = cells_covering(municipality.border, PLACE_RESOLUTION)
    else:
        cover = np.array(
            [n for cell in with_data.tolist() for n in h3_int.grid_disk(cell, 1)], dtype=np.int64
        )
    return np.union1d(cover, with_data)


def _standardised(values: np.ndarray) -> np.ndarray:
    mean = values.mean() if values.size else 0.0
    return values / mean if mean > 0 else np.zeros_like(values)


def recompute_hotspots(
    municipality: Municipality, *, year: int, progress: Progress = no_progress
) -> HotspotRecomputeResult:
    """Compute ``municipality``'s hotspots and priority places of ``year`` and store them,
    replacing the year's snapshot in one transaction. The same data give the same rows."""
    step = _("Computing the hotspots")
    progress(step, 0, 3)
    version = data_version(municipality, year)
    incidents = point_incidents(municipality, year)
    reports = dict(
        incidents.order_by().values("h3_cell").annotate(n=Count("pk")).values_list("h3_cell", "n")
    )
    lighting = dict(
        incidents.filter(lighting_fault())
        .order_by()
        .values("h3_cell")
        .annotate(n=Count("pk"))
        .values_list("h3_cell", "n")
    )
    marks, surveys = survey_marks(municipality, year)
    places = dict(
        marks.order_by()
        .values("h3_cell")
        .annotate(n=Count("response", distinct=True))
        .values_list("h3_cell", "n")
    )
    cells = _cover(municipality, reports.keys() | places.keys())
    progress(step, 1, 3)

    place_values = np.array([places.get(c, 0) for c in cells.tolist()], dtype=np.float64)
    report_values = np.array([reports.get(c, 0) for c in cells.tolist()], dtype=np.float64)
    layer_values = {
        Layer.PLACES: place_values,
        Layer.REPORTS: report_values,
        Layer.COMBINED: _standardised(place_values) + _standardised(report_values),
    }
    records = {
        Layer.PLACES: place_values.astype(np.int64),
        Layer.REPORTS: report_values.astype(np.int64),
        Layer.COMBINED: (place_values + report_values).astype(np.int64),
    }
    fdr = hotspot_fdr()
    links = ring_links(cells) if cells.size else None
    results = {
        layer: getis_ord_star(values, links, fdr=fdr) if cells.size else None
        for layer, values in layer_values.items()
    }
    progress(step, 2, 3)

    rows: list[HotspotCell] = []
    for layer, result in results.items():
        if result is None:
            continue
        keep = np.flatnonzero((layer_values[layer] > 0) | result.hot | result.cold)
        rows += [
            HotspotCell(
                layer=layer,
                h3_cell=int(cells[i]),
                value=float(result.value[i]),
                records=int(records[layer][i]),
                gi=float(result.gi[i]) if np.isfinite(result.gi[i]) else None,
                z=float(result.z[i]),
                p=float(result.p[i]),
                q=float(result.q[i]),
                hot=bool(result.hot[i]),
                cold=bool(result.cold[i]),
            )
            for i in keep.tolist()
        ]
    ranked = _priority_places(
        municipality, cells, results, places, reports, lighting, incidents, marks
    )
    inputs = {
        "survey_year": surveys[0].year if surveys else None,
        "surveys": [str(survey) for survey in surveys],
        "respondents": marks.values("response").distinct().count(),
        "incidents": version["incidents"],
        "lighting_faults": int(sum(lighting.values())),
    }
    with transaction.atomic():
        snapshot, _created = HotspotSnapshot.objects.select_for_update().update_or_create(
            municipality=municipality,
            year=year,
            defaults={
                "computed_at": timezone.now(),
                "fdr": fdr,
                "covering_cells": int(cells.size),
                "data_version": version,
                "inputs": inputs,
                "priority_places": ranked,
            },
        )
        snapshot.cells.all().delete()
        for row in rows:
            row.snapshot = snapshot
        HotspotCell.objects.bulk_create(rows, batch_size=1000)
    progress(step, 3, 3)
    return HotspotRecomputeResult(
        municipality=municipality.name,
        year=year,
        cells=int(cells.size),
        hot={
            layer: int(result.hot.sum()) if result is not None else 0
            for layer, result in results.items()
        },
        priority_places=len(ranked),
    )


def _priority_places(
    municipality: Municipality,
    cells: np.ndarray,
    results: dict,
    places: dict[int, int],
    reports: dict[int, int],
    lighting: dict[int, int],
    incidents: QuerySet[Incident],
    marks: QuerySet[PlaceMark],
) -> list[dict[str, Any]]:
    """The ranked priority places as the snapshot stores them (see the module)."""
    if results[Layer.PLACES] is None:
        return []
    minimum = min_cell_count()
    index = {int(cell): i for i, cell in enumerate(cells.tolist())}

    def hot(layer: str, cell: int) -> bool:
        return bool(results[layer].hot[index[cell]])

    chosen = [
        cell
        for cell, respondents in places.items()
        if (hot(Layer.PLACES, cell) or respondents >= minimum)
        and (hot(Layer.REPORTS, cell) or lighting.get(cell, 0) > 0)
    ]
    if not chosen:
        return []
    said = mark_tallies(
        marks.filter(h3_cell__in=chosen).values_list("h3_cell", "response_id", "reasons", "times"),
        1,
    )
    by_category: dict[int, Counter] = {cell: Counter() for cell in chosen}
    for cell, key, count in (
        incidents.filter(h3_cell__in=chosen)
        .order_by()
        .values("h3_cell", "category__key")
        .annotate(n=Count("pk"))
        .values_list("h3_cell", "category__key", "n")
    ):
        by_category[cell][key] = count
    combined_z = results[Layer.COMBINED].z

    def hot_layers(cell: int) -> list[str]:
        return [layer for layer in Layer.values if hot(layer, cell)]

    # Most hot layers first; among equals the place most residents named, then the
    # one with most reports (a lone resident's mark beside a cluster ranks after).
    chosen.sort(
        key=lambda cell: (
            -len(hot_layers(cell)),
            -places[cell],
            -reports.get(cell, 0),
            -float(combined_z[index[cell]]),
            cell,
        )
    )
    areas = cell_place_names(municipality, chosen)
    return [
        {
            "rank": rank,
            "cell": cell,
            "area": area,
            "respondents": places[cell],
            "reasons": [[t.value, t.count] for t in said.get(cell, ((), ()))[0]],
            "times": [[t.value, t.count] for t in said.get(cell, ((), ()))[1]],
            "incidents": reports.get(cell, 0),
            "categories": [
                [key, n]
                for key, n in sorted(by_category[cell].items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "lighting_faults": lighting.get(cell, 0),
            "hot_layers": hot_layers(cell),
            "combined_z": round(float(combined_z[index[cell]]), 6),
        }
        for rank, (cell, area) in enumerate(zip(chosen, areas, strict=True), start=1)
    ]


def years_to_recompute(municipality: Municipality) -> list[int]:
    """The years a recompute after new data brings up to date: every stored year, and the
    latest year with point-located incidents or a survey with places (else this year)."""
    latest_incident = (
        Incident.objects.filter(
            municipality=municipality,
            precision=Incident.Precision.POINT,
            source__kind__in=POINT_KINDS,
        )
        .aggregate(last=Max("occurred_at"))
        .get("last")
    )
    candidates = set(snapshot_years(municipality))
    if latest_incident is not None:
        candidates.add(timezone.localtime(latest_incident, local_zone()).year)
    survey_year = survey_year_with_places(municipality)
    if survey_year is not None:
        candidates.add(survey_year)
    return sorted(candidates) or [timezone.localdate().year]


def recompute_all_years(
    municipality: Municipality, *, progress: Progress = no_progress
) -> list[HotspotRecomputeResult]:
    return [
        recompute_hotspots(municipality, year=year, progress=progress)
        for year in years_to_recompute(municipality)
    ]


def is_current(municipality: Municipality, snapshot: HotspotSnapshot) -> bool:
    """Whether the snapshot was computed from the data there are now."""
    return snapshot.data_version == data_version(municipality, snapshot.year)


def hotspot_geojson(
    municipality: Municipality, hotspots: HotspotMap | None, places: Iterable[PriorityPlace]
) -> dict[str, Any]:
    """The staff map as GeoJSON: the base map (``geo.selectors.base_map``), then per layer
    its hot and cold cells (``kind`` "hotspot" with ``layer``, ``state`` "hot" or "cold",
    ``cell``, ``value``, ``records``, ``z``, ``q``), then the priority places (``kind``
    "priority", a Point at the cell's centre, with ``rank``, ``cell``, ``area``).
    Drawn from H3 indexes only, never from a stored point."""
    features = base_map(municipality)
    for layer in hotspots.layers if hotspots else ():
        features += [
            {
                "type": "Feature",
                "properties": {
                    "kind": "hotspot",
                    "layer": layer.key,
                    "state": "hot" if cell.hot else "cold",
                    "cell": cell.cell_id,
                    "value": round(cell.value, 4),
                    "records": cell.records,
                    "z": round(cell.z, 3),
                    "q": cell.q,
                },
                "geometry": cell_boundary_geojson(cell.cell),
            }
            for cell in layer.cells
            if cell.hot or cell.cold
        ]
    for place in places:
        latitude, longitude = h3_int.cell_to_latlng(place.cell)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "priority",
                    "rank": place.rank,
                    "cell": place.cell_id,
                    "area": place.area_name,
                },
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            }
        )
    return {"type": "FeatureCollection", "features": features}
