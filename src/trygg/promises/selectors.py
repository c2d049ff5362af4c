"""Reads for the staff workspace, already scoped to what the user may see."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from trygg.tenancy.models import Municipality

from .models import Action, Agreement, FocusArea, Indicator, ProgressUpdate, Promise
from .progress import ActionProgress, FollowUpSummary, summarise


def actions_with_totals() -> QuerySet[Action]:
    """Actions with their quantity done summed in SQL, ready for ``Action.progress``.

    A withdrawn progress update counts for nothing.
    """
    return Action.objects.annotate(
        quantity_done_total=Coalesce(
            Sum(
                "progress_updates__quantity",
                filter=Q(progress_updates__withdrawn_on__isnull=True),
            ),
            0,
        )
    )


@dataclass(frozen=True)
class ActionRow:
    action: Action
    progress: ActionProgress


@dataclass(frozen=True)
class AgreementOverview:
    agreement: Agreement
    focus_areas: list[FocusArea]
    rows: list[ActionRow]
    summary: FollowUpSummary

    def attention(self) -> list[ActionRow]:
        """The actions behind their target or past due, most overdue first."""
        rows = [row for row in self.rows if row.progress.needs_attention]
        return sorted(rows, key=lambda row: row.action.due_on)


def agreement_overview(agreement: Agreement, today=None) -> AgreementOverview:
    """The whole agreement in a fixed number of queries, with each action's progress."""
    today = today or timezone.localdate()
    actions = actions_with_totals().prefetch_related(
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk"))
    )
    focus_areas = list(
        agreement.focus_areas.prefetch_related(
            Prefetch(
                "promises",
                queryset=Promise.objects.prefetch_related(
                    Prefetch("actions", queryset=actions),
                    "evidence",
                    Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
                ),
            )
        )
    )
    rows = []
    for focus_area in focus_areas:
        for promise in focus_area.promises.all():
            for action in promise.actions.all():
                # Kept on the action too, so templates that walk the tree can show it.
                action.current_progress = action.progress(today)
                rows.append(ActionRow(action=action, progress=action.current_progress))
    return AgreementOverview(
        agreement=agreement,
        focus_areas=focus_areas,
        rows=rows,
        summary=summarise([row.progress for row in rows]),
    )


def agreements_of(municipality: Municipality) -> QuerySet[Agreement]:
    return municipality.agreements.select_related("police_area").order_by("-starts_on")


def attention_for(user, today=None) -> list[ActionRow]:
    """Across the user's municipalities: running actions behind target or past due."""
    today = today or timezone.localdate()
    actions = (
        actions_with_totals()
        .visible_to(user)
        .filter(
            promise__focus_area__agreement__status=Agreement.Status.SIGNED,
            status__in=[Action.Status.PLANNED, Action.Status.ONGOING],
        )
        .select_related("promise__focus_area__agreement__municipality")
    )
    rows = [ActionRow(action=action, progress=action.progress(today)) for action in actions]
    return sorted(
        (row for row in rows if row.progress.needs_attention), key=lambda row: row.action.due_on
    )


def dashboard_municipalities(user) -> QuerySet[Municipality]:
    """The user's municipalities, each with its agreements prefetched, newest first."""
    return Municipality.objects.visible_to(user).prefetch_related(
        Prefetch("agreements", queryset=Agreement.objects.order_by("-starts_on"))
    )
