"""Reads for the staff workspace, already scoped to what the user may see."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from trygg.tenancy.models import Municipality, Organisation

from . import rules as perms
from .models import Action, Agreement, FocusArea, Indicator, ProgressUpdate, Promise
from .progress import ActionProgress, FollowUpSummary, summarise

# The actions an organisation of each kind carries out: "both" is the municipality's
# and the police's alike. Keyed by ``Organisation.Kind``.
OWNERS_BY_ORGANISATION: dict[str, tuple[str, ...]] = {
    Organisation.Kind.MUNICIPALITY: (Action.Owner.MUNICIPALITY, Action.Owner.BOTH),
    Organisation.Kind.POLICE: (Action.Owner.POLICE, Action.Owner.BOTH),
    Organisation.Kind.PARTNER: (Action.Owner.PARTNER,),
}


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


def _running_actions(
    user, municipalities: QuerySet[Municipality], owner_kind: str | None
) -> QuerySet[Action]:
    """Planned or ongoing actions of signed agreements in ``municipalities`` that
    ``user`` may read, of organisations of ``owner_kind`` (every owner when None)."""
    actions = (
        actions_with_totals()
        .visible_to(user)
        .filter(
            promise__focus_area__agreement__municipality__in=municipalities,
            promise__focus_area__agreement__status=Agreement.Status.SIGNED,
            status__in=[Action.Status.PLANNED, Action.Status.ONGOING],
        )
        .select_related("promise__focus_area__agreement__municipality")
    )
    if owner_kind is not None:
        actions = actions.filter(owner__in=OWNERS_BY_ORGANISATION[owner_kind])
    return actions


def attention_for(
    user,
    today: datetime.date | None = None,
    *,
    municipalities: QuerySet[Municipality] | None = None,
    owner_kind: str | None = None,
) -> list[ActionRow]:
    """Running actions behind target or past due, most overdue first.

    In ``municipalities`` (every municipality the user may read when None), carried
    out by organisations of ``owner_kind`` (``Organisation.Kind``; every owner when
    None).
    """
    today = today or timezone.localdate()
    if municipalities is None:
        municipalities = Municipality.objects.visible_to(user)
    actions = _running_actions(user, municipalities, owner_kind)
    rows = [ActionRow(action=action, progress=action.progress(today)) for action in actions]
    return sorted(
        (row for row in rows if row.progress.needs_attention), key=lambda row: row.action.due_on
    )


@dataclass(frozen=True)
class ReportDue:
    action: Action
    period_start: datetime.date
    period_end: datetime.date
    last_reported_on: datetime.date | None


def last_reporting_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The calendar month before ``today``'s: the period whose report is due now."""
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def reports_due(
    user,
    today: datetime.date | None = None,
    *,
    municipalities: QuerySet[Municipality],
    owner_kind: str | None = None,
) -> list[ReportDue]:
    """Running actions whose follow-up for last month has not been reported, oldest first.

    Follow-up is reported with progress updates, each dated the day the work was done.
    Trygg asks for one a month: an action of a signed agreement, planned or ongoing,
    that ran during the past calendar month (it started on or before the month's last
    day and was not due before its first) has its report due when no standing
    (not withdrawn) update is dated in that month or since. One update covers the
    month, whatever the action's target period, since the steering group follows the
    agreement month by month. Only actions ``user`` may record progress on are
    listed: the list is of work to do, each row leading to where it is done.
    """
    today = today or timezone.localdate()
    start, end = last_reporting_period(today)
    reported = ProgressUpdate.objects.current().filter(action=OuterRef("pk"), date__gte=start)
    actions = (
        _running_actions(user, municipalities, owner_kind)
        .filter(starts_on__lte=end, due_on__gte=start)
        .exclude(Exists(reported))
        .annotate(
            last_reported_on=Max(
                "progress_updates__date", filter=Q(progress_updates__withdrawn_on__isnull=True)
            )
        )
        .order_by("due_on", "pk")
    )
    return [
        ReportDue(
            action=action,
            period_start=start,
            period_end=end,
            last_reported_on=action.last_reported_on,
        )
        for action in actions
        if user.has_perm(perms.RECORD_PROGRESS, action)
    ]


def agreements_without_successor(
    user, today: datetime.date | None = None, *, municipalities: QuerySet[Municipality]
) -> list[Agreement]:
    """Agreements whose period has ended while their municipality has no later one.

    A later agreement is any, draft or signed, that starts after this one: once the
    next is being drafted, the gap is being closed. A draft whose period ran out
    unsigned counts too: the municipality has no agreement in force. Listed only for
    users who may draft the next agreement, newest end first.
    """
    today = today or timezone.localdate()
    later = Agreement.objects.filter(
        municipality=OuterRef("municipality"), starts_on__gt=OuterRef("starts_on")
    )
    agreements = (
        Agreement.objects.visible_to(user)
        .filter(municipality__in=municipalities, ends_on__lt=today)
        .exclude(Exists(later))
        .select_related("municipality")
        .order_by("-ends_on", "pk")
    )
    return [
        agreement
        for agreement in agreements
        if user.has_perm(perms.ADD_AGREEMENT, agreement.municipality)
    ]


def dashboard_municipalities(user) -> QuerySet[Municipality]:
    """The municipalities ``user``'s memberships serve, with their agreements, newest first.

    Not every municipality an operator may read: the workspace lists the few they
    work for and finds the others by search (``tenancy.selectors.find_municipalities``).
    """
    return Municipality.objects.served_to(user).prefetch_related(
        Prefetch("agreements", queryset=Agreement.objects.order_by("-starts_on"))
    )
