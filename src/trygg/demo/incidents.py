"""The Kungsbacka demo's incidents: the police's real events and synthetic municipal reports.

``load_police_events`` imports the whole shipped file of the police's open events, all
municipalities: the comparisons of Kungsbacka with its county, similar municipalities
and the country need every one of them. It goes through the same importer as
``trygg import-events``; a second load first checks, by id, whether every incident of
the file is already there (reading the file's ids takes about a second, the import
about ten), and then imports nothing.

``load_municipal_reports`` stores ``reports.synthetic_reports`` as point-level
incidents of a municipal source whose name says they are synthetic; the types are
mapped to categories as any municipal source's are, with ``TypeMapping``. Rows are
inserted in bulk and only those whose id is missing, so a second load adds nothing.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from trygg.background.progress import Progress, no_progress
from trygg.core.json_records import UnreadableRecord, json_records
from trygg.dialogue.submission import PLACE_RESOLUTION
from trygg.geo.cells import cells_for_points
from trygg.geo.services import load_municipalities
from trygg.plans.models import Problem
from trygg.situation.alerts import recompute_alerts
from trygg.situation.hotspots import recompute_hotspots, years_to_recompute
from trygg.situation.lagesbild_services import approve_lagesbild, refresh_lagesbild
from trygg.situation.management.commands.import_events import DEFAULT_FILE_NAME
from trygg.situation.models import Alert, Category, Incident, Source, TypeMapping, normalise_type
from trygg.situation.police_events import is_summary
from trygg.situation.services import (
    BATCH_SIZE,
    category_ids,
    import_police_events,
    police_events_source,
)
from trygg.tenancy.models import Municipality

from .reports import TYPES, synthetic_reports

REPORTS_SOURCE_NAME = "Felanmälningar och trygghetsrapporter (syntetiska)"
# The year of the lägesbild the demo shows: the last whole year of the data. The
# steering group approves it on the day of the load (its figures are that day's), so
# residents read its public version.
LAGESBILD_YEAR = 2025
LAGESBILD_APPROVED_BY = "Styrgruppen för Trygg i Kungsbacka"


@dataclass(frozen=True)
class IncidentsDemoResult:
    police_events: int
    """The police's incidents in the database (all municipalities)."""
    police_events_imported: int
    """How many of them this load imported (0 on a second load)."""
    municipal_reports: int
    """The synthetic municipal reports of Kungsbacka in the database."""
    municipal_reports_added: int
    alerts: int
    """Kungsbacka's alerts after the recompute, open and acknowledged."""


def police_events_file() -> Path:
    return Path(settings.TRYGG_REFERENCE_DATA_DIR) / DEFAULT_FILE_NAME


def load_incidents_demo(
    municipality: Municipality, *, municipalities_file: Path, progress: Progress = no_progress
) -> IncidentsDemoResult:
    """The police's events of the whole shipped file and Kungsbacka's synthetic reports.

    ``municipalities_file`` is the GeoJSON of all municipalities (the shipped one): the
    events name every municipality. ``progress`` follows the events' import.
    """
    imported = load_police_events(municipalities_file, progress=progress)
    added = load_municipal_reports(municipality)
    # Kungsbacka's own: the worker recomputes every municipality after an import,
    # which the demo need not wait for. The weeks evaluated are the data's last.
    recompute_alerts(municipality, progress=progress)
    # The hotspots of the demo's lägesbild year and of the years the data reach, and
    # the lägesbild of that year, which shows them.
    for year in sorted({LAGESBILD_YEAR, *years_to_recompute(municipality)}):
        recompute_hotspots(municipality, year=year, progress=progress)
    refresh_lagesbild(municipality, LAGESBILD_YEAR)
    # And the lägesbilder the action plan's problems come from (2020: the dialogue
    # before the 2021–2022 promises), which its pages link to.
    plan_years = Problem.objects.filter(municipality=municipality).values_list(
        "situation_year", flat=True
    )
    for year in sorted(set(plan_years) - {LAGESBILD_YEAR}):
        refresh_lagesbild(municipality, year)
    approve_lagesbild(
        municipality,
        LAGESBILD_YEAR,
        approved_on=timezone.localdate(),
        approved_by=LAGESBILD_APPROVED_BY,
        recorded_by=None,
    )
    return IncidentsDemoResult(
        police_events=police_events_source().incidents.count(),
        police_events_imported=imported,
        municipal_reports=reports_source(municipality).incidents.count(),
        municipal_reports_added=added,
        alerts=Alert.objects.filter(municipality=municipality).count(),
    )


def load_police_events(municipalities_file: Path, *, progress: Progress = no_progress) -> int:
    """Import the shipped police events unless all are there; returns how many were imported.

    The events name every municipality, so the municipalities of ``municipalities_file``
    (the shipped GeoJSON) are loaded first if some are missing. Raises ``ImportProblem``
    if the file cannot be read.
    """
    _all_municipalities(municipalities_file)
    path = police_events_file()
    if not _events_missing(path):
        return 0
    return import_police_events(path, progress=progress).imported


def _all_municipalities(path: Path) -> None:
    features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    wanted = {str(feature["properties"]["id"]) for feature in features}
    if wanted - set(Municipality.objects.values_list("code", flat=True)):
        load_municipalities(path)


def _events_missing(path: Path) -> bool:
    """Whether some incident of the file is not in the database yet, by its id.

    A record the importer would reject (never stored) counts as missing, so such a file
    is imported again on every load: slower, never wrong.
    """
    present = set(police_events_source().incidents.values_list("external_id", flat=True))
    with path.open("rb") as stream:
        for _number, record in json_records(stream):
            if isinstance(record, UnreadableRecord) or is_summary(record):
                continue
            if not isinstance(record, dict) or str(record.get("id", "")).strip() not in present:
                return True
    return False


def reports_source(municipality: Municipality) -> Source:
    source, _created = Source.objects.get_or_create(
        kind=Source.Kind.MUNICIPAL_REPORTS, municipality=municipality, name=REPORTS_SOURCE_NAME
    )
    return source


@transaction.atomic
def load_municipal_reports(municipality: Municipality) -> int:
    """Store the synthetic reports that are missing; returns how many were added.

    Each type gets its mapping for municipal reports if it has none; a category an
    administrator gave it since is kept, and the reports follow it.
    """
    source = reports_source(municipality)
    categories = _report_categories(source)
    present = set(source.incidents.values_list("external_id", flat=True))
    reports = synthetic_reports(municipality.border)
    missing = [report for report in reports if report.external_id not in present]
    cells = cells_for_points(
        [report.latitude for report in missing],
        [report.longitude for report in missing],
        PLACE_RESOLUTION,
    )
    Incident.objects.bulk_create(
        [
            Incident(
                source=source,
                external_id=report.external_id,
                municipality=municipality,
                county_code=municipality.county_code,
                occurred_at=report.reported_at,
                type=report.type,
                type_key=normalise_type(report.type),
                category_id=categories[normalise_type(report.type)],
                precision=Incident.Precision.POINT,
                latitude=report.latitude,
                longitude=report.longitude,
                h3_cell=int(cell),
                title=report.title,
                summary=report.summary,
            )
            for report, cell in zip(missing, cells.tolist(), strict=True)
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    return len(missing)


def _report_categories(source: Source) -> dict[str, int]:
    """Category ids by normalised type for ``source``, creating the missing demo defaults."""
    by_key = dict(Category.objects.values_list("key", "pk"))
    for kind in TYPES:
        TypeMapping.objects.defaults().get_or_create(
            source_kind=Source.Kind.MUNICIPAL_REPORTS,
            type_key=normalise_type(kind.label),
            defaults={"type_label": kind.label, "category_id": by_key[kind.category]},
        )
    return category_ids(Source.Kind.MUNICIPAL_REPORTS, source.pk)
