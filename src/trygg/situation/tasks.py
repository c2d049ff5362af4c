"""The situation app's background work: importing incidents, recomputing alerts and hotspots."""

from django.contrib.auth.models import AbstractBaseUser
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.background.models import Job
from trygg.background.services import enqueue, running
from trygg.tenancy.models import Municipality

from .alerts import recompute_alerts as recompute_alerts_of
from .hotspots import recompute_all_years
from .lagesbild_services import refresh_lagesbild, report_languages
from .models import HotspotSnapshot, ImportRun, LagesbildSnapshot
from .reports import ReportImportResult, import_reports
from .services import EventImportResult, import_police_events


def import_summary(result: EventImportResult) -> str:
    """One sentence of what an import did (or would do), for the job's page and the command."""
    if result.dry_run:
        return ngettext(
            "Would import %(imported)d incident of %(read)d events read: %(present)d are "
            "already there, %(summaries)d are summaries or notices, %(rejected)d are rejected.",
            "Would import %(imported)d incidents of %(read)d events read: %(present)d are "
            "already there, %(summaries)d are summaries or notices, %(rejected)d are rejected.",
            result.imported,
        ) % _summary_numbers(result)
    return ngettext(
        "Imported %(imported)d incident of %(read)d events read: %(present)d were already "
        "there, %(summaries)d were summaries or notices, %(rejected)d were rejected.",
        "Imported %(imported)d incidents of %(read)d events read: %(present)d were already "
        "there, %(summaries)d were summaries or notices, %(rejected)d were rejected.",
        result.imported,
    ) % _summary_numbers(result)


def _summary_numbers(result: EventImportResult) -> dict[str, int]:
    return {
        "imported": result.imported,
        "read": result.read,
        "present": result.already_present,
        "summaries": result.summaries,
        "rejected": len(result.rejected),
    }


@task
def import_events(job_id: str) -> None:
    """Import the file of the job's ``ImportRun`` (the police's open events).

    The run's summary keeps the counts and the rejected lines; an unreadable file
    fails the job with the reason, and nothing is stored.
    """
    with running(job_id) as job:
        run: ImportRun = job.subject
        with run.file.open("rb") as file:
            result = import_police_events(file, dry_run=run.dry_run, progress=job.progress)
        run.summary, run.finished_at = result.as_json(), timezone.now()
        run.save(update_fields=["summary", "finished_at"])
        if not run.dry_run and result.imported:
            # The police's open events are a national source: every municipality.
            alerts_after_import(None, started_by=run.started_by)
        job.succeed(import_summary(result))


def report_import_summary(result: ReportImportResult) -> str:
    """One sentence of what a CSV import did (or would do), for the job's page and the command."""
    numbers = {
        "imported": result.imported,
        "read": result.read,
        "present": result.already_present,
        "rejected": len(result.rejected),
        "points": result.points,
    }
    if result.dry_run:
        return (
            ngettext(
                "Would import %(imported)d incident (%(points)d with a point) of %(read)d rows "
                "read: %(present)d are already there, %(rejected)d are rejected.",
                "Would import %(imported)d incidents (%(points)d with a point) of %(read)d rows "
                "read: %(present)d are already there, %(rejected)d are rejected.",
                result.imported,
            )
            % numbers
        )
    return (
        ngettext(
            "Imported %(imported)d incident (%(points)d with a point) of %(read)d rows read: "
            "%(present)d were already there, %(rejected)d were rejected.",
            "Imported %(imported)d incidents (%(points)d with a point) of %(read)d rows read: "
            "%(present)d were already there, %(rejected)d were rejected.",
            result.imported,
        )
        % numbers
    )


@task
def import_report_file(job_id: str) -> None:
    """Import the CSV file of the job's ``ImportRun`` into its source, by its mapping.

    As ``import_events``: the run keeps the summary with every rejected row; an
    unreadable file fails the job with the reason, and nothing is stored. The file is
    deleted either way.
    """
    with running(job_id) as job:
        run: ImportRun = job.subject
        try:
            with run.file.open("rb") as file:
                result = import_reports(
                    run.source, file, dry_run=run.dry_run, progress=job.progress
                )
        finally:
            # The file holds residents' free text unscrubbed: kept no longer than its
            # import needs it, whatever came of it.
            run.file.delete(save=False)
            run.save(update_fields=["file"])
        run.summary, run.finished_at = result.as_json(), timezone.now()
        run.save(update_fields=["summary", "finished_at"])
        if not result.dry_run and result.imported:
            alerts_after_import(run.source.municipality, started_by=run.started_by)
            hotspots_after_change(run.source.municipality, started_by=run.started_by)
        job.succeed(report_import_summary(result))


@task
def recompute_alerts(job_id: str) -> None:
    """Recompute the alerts of the job's municipality, or of all when it has none."""
    with running(job_id) as job:
        result = recompute_alerts_of(job.subject, progress=job.progress)
        # The lägesbild reads the incidents and the alerts: rebuilt after both.
        lagesbild_after_change(job.subject)
        job.succeed(result.summary())


def alerts_after_import(
    municipality: Municipality | None = None, *, started_by: AbstractBaseUser | None = None
) -> Job:
    """Queue the alerts' recompute after an import that added incidents.

    Call it from an import that stored something (not from a dry run): ``None`` for a
    national source such as the police's open events (every municipality is
    recomputed), the municipality for its own source. A recompute of the same scope
    that is still waiting will read these incidents too, so no second one is queued.
    """
    return enqueue(recompute_alerts, municipality, started_by=started_by, coalesce=True)


# Beyond this many municipalities, one recompute of all is queued rather than one each.
RECOMPUTE_ALL_FROM = 10


def after_recategorising(municipality_ids: set[int | None], with_points: set[int | None]) -> None:
    """Queue the recomputes that incidents moved to another category call for.

    ``municipality_ids`` are the municipalities whose incidents moved (``None``: some
    were the county's only), ``with_points`` those of them whose moved incidents have
    a place, which the hotspots' priority places read.
    """
    if None in municipality_ids or len(municipality_ids) > RECOMPUTE_ALL_FROM:
        alerts_after_import(None)
    else:
        for municipality in Municipality.objects.filter(pk__in=municipality_ids):
            alerts_after_import(municipality)
    for municipality in Municipality.objects.filter(pk__in=with_points - {None}):
        hotspots_after_change(municipality)


@task
def recompute_hotspots(job_id: str) -> None:
    """Recompute the hotspots of the job's municipality, every year it needs."""
    with running(job_id) as job:
        results = recompute_all_years(job.subject, progress=job.progress)
        # The lägesbild shows the hotspots: its figures follow them.
        lagesbild_after_change(job.subject)
        job.succeed(" ".join(result.summary() for result in results))


def hotspots_after_change(
    municipality: Municipality, *, started_by: AbstractBaseUser | None = None
) -> Job:
    """Queue the recompute of ``municipality``'s hotspots after its data changed.

    After an import of its reports that stored something, and whenever one of its
    surveys' data change (a response is stored; see ``on_survey_data_changed``). A
    recompute still waiting will read the new data too, so no second one is queued.
    The police's open events never reach a hotspot: their import queues none.
    """
    return enqueue(recompute_hotspots, municipality, started_by=started_by, coalesce=True)


def on_survey_data_changed(sender, survey, **kwargs) -> None:
    hotspots_after_change(survey.municipality)


def on_landmarks_changed(sender, municipality, **kwargs) -> None:
    if HotspotSnapshot.objects.filter(municipality=municipality).exists():
        hotspots_after_change(municipality)


@task
def rebuild_lagesbild(job_id: str) -> None:
    """Recompute lägesbilder: the job's (a snapshot: its year) or its municipality's every year.

    A municipality's subject rebuilds the years already computed for it: nobody asked
    for the others, and "compute now" on a page asks for its year.
    """
    with running(job_id) as job:
        subject = job.subject
        if isinstance(subject, LagesbildSnapshot):
            wanted = [(subject.municipality, subject.year)]
        else:
            years = (
                LagesbildSnapshot.objects.filter(municipality=subject)
                .values_list("year", flat=True)
                .distinct()
                .order_by("year")
            )
            wanted = [(subject, year) for year in years]
        for done, (municipality, year) in enumerate(wanted):
            job.progress(_("Computing the lägesbild"), done, len(wanted))
            refresh_lagesbild(municipality, year)
        job.succeed(
            ngettext(
                "%(count)d lägesbild is computed.",
                "%(count)d lägesbilder are computed.",
                len(wanted),
            )
            % {"count": len(wanted)}
        )


def lagesbild_after_change(municipality: Municipality | None) -> list[Job]:
    """Queue a rebuild of the lägesbilder computed for ``municipality`` (None: for all).

    Called when their data change: incidents imported (after the alerts' recompute,
    which they read), a dialogue's results recomputed. Municipalities with no
    lägesbild computed get none.
    """
    with_snapshots = Municipality.objects.filter(lagesbild_snapshots__isnull=False).distinct()
    if municipality is not None:
        with_snapshots = with_snapshots.filter(pk=municipality.pk)
    return [enqueue(rebuild_lagesbild, each, coalesce=True) for each in with_snapshots]


def request_lagesbild(
    municipality: Municipality, year: int, *, started_by: AbstractBaseUser | None = None
) -> Job:
    """Queue the computation of one year's lägesbild ("compute now"), in every language."""
    snapshots = [
        LagesbildSnapshot.objects.get_or_create(
            municipality=municipality,
            year=year,
            public=False,
            language=language,
            # Empty figures: asked for, not computed yet.
            defaults={"figures": {}, "data": {}, "computed_at": timezone.now()},
        )[0]
        for language in report_languages()
    ]
    # One job for the year whichever reader asked: it computes every language.
    return enqueue(rebuild_lagesbild, snapshots[0], started_by=started_by, coalesce=True)
