"""Results snapshots: the survey's results as the pages show them, computed in the background.

Computing a survey's results scans all its answers, which is far too much work for a
page view on a large survey, and a per-process cache would compute them once per
server process and forget them at every restart. Instead a background task
(``tasks.refresh_results``) stores what ``results.survey_results`` returns, in every
language the survey is offered in, with the survey's data version it came from
(``dialogue.changes``); pages read the latest snapshot and say whether newer answers
are still being counted. Snapshots hold the published, disclosure-controlled figures
and nothing else: every suppression rule is applied before they are stored.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.background.progress import Progress, no_progress
from trygg.dialogue.content import ENGLISH, SWEDISH, missing_english
from trygg.dialogue.models import Response, Survey
from trygg.stats.suppression import Protection

from .models import ResultsSnapshot
from .results import (
    DomainRow,
    Figure,
    MakeupGrouping,
    MakeupRow,
    QuestionResult,
    sample_makeup,
    suppression_threshold,
    survey_results,
)

# The stored form of the results; a snapshot of another form is not read but replaced.
# Format 2 added the make-up of the sample beside the questions.
FORMAT = 2


@dataclass(frozen=True)
class Snapshot:
    results: list[QuestionResult]
    makeup: tuple[MakeupGrouping, ...]
    """Who answered, by area, age group and gender, beside the population."""
    computed_at: datetime
    data_version: int
    weighted: bool
    """Whether the figures were computed with calibrated weights."""
    stale: bool
    """The survey's data has changed since: a newer snapshot is being computed."""


def _stored(results: list[QuestionResult]) -> list[dict]:
    return [
        {
            "key": result.key,
            "text": result.text,
            "kind": result.kind,
            "columns": list(result.columns),
            "column_keys": list(result.column_keys),
            "groups": {
                grouping: [
                    {
                        "label": row.label,
                        "n": row.n,
                        "protection": str(row.protection),
                        "figures": [
                            [figure.estimate, figure.ci_low, figure.ci_high, figure.se]
                            for figure in row.figures
                        ],
                    }
                    for row in rows
                ]
                for grouping, rows in result.groups.items()
            },
        }
        for result in results
    ]


def _stored_makeup(makeup: tuple[MakeupGrouping, ...]) -> list[dict]:
    return [
        {
            "grouping": grouping.grouping,
            "rows": [
                {
                    "label": row.label,
                    "n": row.n,
                    "share": row.share,
                    "population_share": row.population_share,
                    "protection": str(row.protection),
                }
                for row in grouping.rows
            ],
        }
        for grouping in makeup
    ]


def _read_makeup(stored: list[dict]) -> tuple[MakeupGrouping, ...]:
    return tuple(
        MakeupGrouping(
            grouping=grouping["grouping"],
            rows=tuple(
                MakeupRow(**{**row, "protection": Protection(row["protection"])})
                for row in grouping["rows"]
            ),
        )
        for grouping in stored
    )


def _read(stored: list[dict]) -> list[QuestionResult]:
    return [
        QuestionResult(
            key=result["key"],
            text=result["text"],
            kind=result["kind"],
            columns=tuple(result["columns"]),
            column_keys=tuple(result["column_keys"]),
            groups={
                grouping: tuple(
                    DomainRow(
                        label=row["label"],
                        n=row["n"],
                        figures=tuple(Figure(*figure) for figure in row["figures"]),
                        protection=Protection(row["protection"]),
                    )
                    for row in rows
                )
                for grouping, rows in result["groups"].items()
            },
        )
        for result in stored
    ]


def survey_languages(survey: Survey) -> list[str]:
    """The languages ``survey``'s results are shown in: Swedish, and English if offered."""
    return [SWEDISH] if missing_english(survey) else [SWEDISH, ENGLISH]


def refresh(survey: Survey, *, progress: Progress = no_progress) -> int:
    """Store ``survey``'s results in each of its languages; the data version they are of.

    Languages whose snapshot is already of the survey's current data version (and
    threshold and format) are left as they are. A snapshot is never replaced by one
    of an older version, should two refreshes of the survey run at once.
    """
    # Read before the answers: a response stored while the results are computed
    # leaves the snapshot marked as older than the survey, and its own change has
    # queued the next refresh.
    version = Survey.objects.values_list("data_version", flat=True).get(pk=survey.pk)
    threshold = suppression_threshold()
    current = set(
        ResultsSnapshot.objects.filter(
            survey=survey, data_version__gte=version, threshold=threshold, format=FORMAT
        ).values_list("language", flat=True)
    )
    languages = [language for language in survey_languages(survey) if language not in current]
    weighted = Response.objects.filter(survey=survey, weight__isnull=False).exists()
    for done, language in enumerate(languages):
        progress(_("Computing the results"), done, len(languages))
        results = {
            "questions": _stored(survey_results(survey, language)),
            "makeup": _stored_makeup(sample_makeup(survey, language)),
        }
        with transaction.atomic():
            existing = (
                ResultsSnapshot.objects.select_for_update()
                .filter(survey=survey, language=language)
                .first()
            )
            if existing is None:
                existing = ResultsSnapshot(survey=survey, language=language)
            elif (
                existing.data_version > version
                and existing.threshold == threshold
                and existing.format == FORMAT
            ):
                continue
            existing.data_version, existing.threshold, existing.format = version, threshold, FORMAT
            existing.weighted, existing.results = weighted, results
            existing.computed_at = timezone.now()
            existing.save()
    progress(_("The results are stored"), len(languages), len(languages))
    return version


def latest(survey: Survey, language: str = SWEDISH) -> Snapshot | None:
    """``survey``'s latest results in ``language``, or ``None`` while none is computed.

    Only a snapshot made under the current suppression threshold is read: figures
    suppressed under a lower one must not be shown once it is raised.
    """
    stored = ResultsSnapshot.objects.filter(
        survey=survey, language=language, threshold=suppression_threshold(), format=FORMAT
    ).first()
    if stored is None:
        return None
    return Snapshot(
        results=_read(stored.results["questions"]),
        makeup=_read_makeup(stored.results["makeup"]),
        computed_at=stored.computed_at,
        data_version=stored.data_version,
        weighted=stored.weighted,
        stale=stored.data_version < survey.data_version,
    )
