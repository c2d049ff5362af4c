"""What the results pages read: a survey's latest snapshot, compared with the year before."""

from trygg.dialogue.content import SWEDISH, in_language
from trygg.dialogue.models import Survey

from . import snapshots
from .results import GROUPINGS, compare, suppression_threshold


def page_context(survey: Survey, grouping: str, language: str = SWEDISH) -> dict:
    """What a results page shows: every question, grouped as asked (else overall).

    The figures are the survey's latest snapshot (``snapshot`` is ``None`` while the
    first one is being computed). A survey copied from an earlier one is compared
    with it, question by question, once the earlier survey is closed: before then
    its figures are not published, and the change would give them away (this year's
    figure minus the change). The comparison uses the figures alone, which are the
    same in every language, so the earlier survey's Swedish snapshot serves.
    """
    snapshot = snapshots.latest(survey, language)
    previous = survey.copied_from
    if previous is not None and previous.status != Survey.Status.CLOSED:
        previous = None
    before = snapshots.latest(previous) if previous is not None else None
    results = snapshot.results if snapshot else []
    return {
        "survey": survey,
        "survey_title": in_language(survey, "title", language),
        "snapshot": snapshot,
        "results": results,
        "groupings": GROUPINGS,
        "grouping": grouping if grouping in GROUPINGS else "overall",
        "threshold": suppression_threshold(),
        "previous": previous if before else None,
        "changes": compare(results, before.results) if before else {},
        "weighted": snapshot.weighted if snapshot else False,
    }
