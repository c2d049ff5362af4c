"""Every read the public portal makes, already limited to what the public may see.

Only published agreements are ever read here, and everything below them (focus
areas, promises, actions, progress updates, indicators, files) is reached through a
published agreement. A page is read in a fixed handful of queries whatever the size
of the agreement: sums and "latest" rows are computed in SQL, the rest is prefetched.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from trygg.promises.models import (
    Action,
    Agreement,
    FocusArea,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    Promise,
    Signatory,
)
from trygg.promises.progress import ActionProgress, FollowUpSummary, summarise
from trygg.promises.selectors import actions_with_totals
from trygg.tenancy.models import Municipality

# --- Municipalities -------------------------------------------------------------------


# Swedish alphabetical order puts å, ä, ö after z (and in that order), which neither
# Python's nor the databases' default collation does.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "ü": "y"})


def swedish_sort_key(name: str) -> str:
    return name.casefold().translate(_SWEDISH)


def public_municipalities() -> QuerySet[Municipality]:
    """Municipalities without their border, which no public page needs."""
    return Municipality.objects.defer("border")


def municipalities() -> list[Municipality]:
    """All municipalities in Swedish alphabetical order, for the home page's select."""
    found = Municipality.objects.only("pk", "name", "slug")
    return sorted(found, key=lambda m: swedish_sort_key(m.name))


def municipalities_with_published_agreement() -> list[Municipality]:
    """The municipalities that have at least one published agreement, by name.

    Each carries ``current_agreement``: its latest published agreement.
    """
    published = (
        Agreement.objects.published()
        .only(
            "pk",
            "municipality_id",
            "title",
            "starts_on",
            "ends_on",
            "status",
            "published_at",
        )
        .order_by("-starts_on", "-pk")
    )
    result = (
        Municipality.objects.filter(agreements__in=Agreement.objects.published())
        .distinct()
        .only("pk", "name", "slug")
        .prefetch_related(Prefetch("agreements", queryset=published, to_attr="published"))
    )
    for municipality in result:
        municipality.current_agreement = municipality.published[0]
    return sorted(result, key=lambda m: swedish_sort_key(m.name))


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def search_municipalities(query: str) -> list[Municipality]:
    """Municipalities whose name contains ``query`` (case-insensitive, also for å, ä, ö).

    Matched in Python over the 290 names rather than with SQL LIKE, which on SQLite
    folds only ASCII letters. Names that start with the query come first.
    """
    needle = _fold(query)
    if not needle:
        return []
    found = [m for m in municipalities() if needle in _fold(m.name) or needle in m.slug]
    return sorted(
        found,
        key=lambda m: (not _fold(m.name).startswith(needle), swedish_sort_key(m.name)),
    )


# --- Agreements -----------------------------------------------------------------------


def published_agreements_of(municipality: Municipality) -> QuerySet[Agreement]:
    """The municipality's published agreements, latest first."""
    return (
        Agreement.objects.published()
        .filter(municipality=municipality)
        .select_related("police_area", "municipality")
        .order_by("-starts_on", "-pk")
    )


def current_agreement(municipality: Municipality) -> Agreement | None:
    """The latest published agreement, even if its period has ended."""
    return published_agreements_of(municipality).first()


def earlier_agreements(municipality: Municipality) -> list[Agreement]:
    """Every published agreement but the current one, latest first."""
    return list(published_agreements_of(municipality)[1:])


def published_agreement(municipality: Municipality, pk: int) -> Agreement | None:
    return published_agreements_of(municipality).filter(pk=pk).first()


# --- One agreement, read for residents ------------------------------------------------


def _latest_update_per_action() -> QuerySet[ProgressUpdate]:
    latest = (
        ProgressUpdate.objects.current().filter(action=OuterRef("action")).order_by("-date", "-pk")
    )
    return ProgressUpdate.objects.filter(pk=Subquery(latest.values("pk")[:1]))


def _latest_value_per_indicator() -> QuerySet[IndicatorValue]:
    latest = IndicatorValue.objects.filter(indicator=OuterRef("indicator")).order_by(
        "-measured_on", "-pk"
    )
    return IndicatorValue.objects.filter(pk=Subquery(latest.values("pk")[:1]))


@dataclass(frozen=True)
class ActionItem:
    action: Action
    progress: ActionProgress
    latest_update: ProgressUpdate | None = None
    updates: list[ProgressUpdate] = field(default_factory=list)
    """Every update, newest first; filled only on the promise page."""


@dataclass(frozen=True)
class IndicatorItem:
    indicator: Indicator
    latest: IndicatorValue | None


@dataclass(frozen=True)
class PromiseItem:
    promise: Promise
    actions: list[ActionItem]
    indicators: list[IndicatorItem]
    summary: FollowUpSummary


@dataclass(frozen=True)
class FocusAreaItem:
    focus_area: FocusArea
    promises: list[PromiseItem]

    @cached_property
    def summary(self) -> FollowUpSummary:
        """The follow-up of every action of the focus area's promises, for its folded line."""
        return summarise([a.progress for p in self.promises for a in p.actions])


@dataclass(frozen=True)
class AgreementPage:
    """A published agreement as residents read it, with each action's progress."""

    agreement: Agreement
    signatories: list[Signatory]
    focus_areas: list[FocusAreaItem]
    summary: FollowUpSummary
    today: datetime.date

    @property
    def has_ended(self) -> bool:
        return (
            self.agreement.status == Agreement.Status.ENDED or self.agreement.ends_on < self.today
        )

    @property
    def has_not_started(self) -> bool:
        return self.today < self.agreement.starts_on

    @property
    def promise_count(self) -> int:
        return sum(len(item.promises) for item in self.focus_areas)

    @property
    def indicators(self) -> list[IndicatorItem]:
        return [i for fa in self.focus_areas for p in fa.promises for i in p.indicators]


def _action_item(action: Action, today: datetime.date, *, all_updates: bool) -> ActionItem:
    if all_updates:
        updates = list(action.progress_updates.all())
        latest = updates[0] if updates else None
    else:
        updates = []
        latest = action.latest_updates[0] if action.latest_updates else None
    return ActionItem(
        action=action, progress=action.progress(today), latest_update=latest, updates=updates
    )


def _promise_item(promise: Promise, today: datetime.date, *, all_updates: bool) -> PromiseItem:
    actions = [_action_item(a, today, all_updates=all_updates) for a in promise.actions.all()]
    indicators = [
        IndicatorItem(indicator=i, latest=i.latest_values[0] if i.latest_values else None)
        for i in promise.indicators.all()
    ]
    return PromiseItem(
        promise=promise,
        actions=actions,
        indicators=indicators,
        summary=summarise([item.progress for item in actions]),
    )


def _promises(*, all_updates: bool) -> QuerySet[Promise]:
    if all_updates:
        updates = Prefetch(
            "progress_updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk")
        )
    else:
        updates = Prefetch(
            "progress_updates", queryset=_latest_update_per_action(), to_attr="latest_updates"
        )
    lookups = [
        Prefetch("actions", queryset=actions_with_totals().prefetch_related(updates)),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch("values", queryset=_latest_value_per_indicator(), to_attr="latest_values")
            ),
        ),
    ]
    if all_updates:  # the promise page also lists the evidence behind the promise
        lookups.append("evidence")
    return Promise.objects.prefetch_related(*lookups)


def agreement_page(agreement: Agreement, today: datetime.date | None = None) -> AgreementPage:
    """The agreement's focus areas, promises, actions with progress and indicators.

    ``agreement`` must be published (read it through this module). Each action carries
    only its latest progress update.
    """
    today = today or timezone.localdate()
    focus_areas = agreement.focus_areas.prefetch_related(
        Prefetch("promises", queryset=_promises(all_updates=False))
    )
    items = [
        FocusAreaItem(
            focus_area=focus_area,
            promises=[
                _promise_item(p, today, all_updates=False) for p in focus_area.promises.all()
            ],
        )
        for focus_area in focus_areas
    ]
    progresses = [a.progress for fa in items for p in fa.promises for a in p.actions]
    return AgreementPage(
        agreement=agreement,
        signatories=list(agreement.signatories.all()),
        focus_areas=items,
        summary=summarise(progresses),
        today=today,
    )


def published_promise(municipality: Municipality, pk: int) -> Promise | None:
    """A promise of one of the municipality's published agreements, or ``None``."""
    return (
        Promise.objects.filter(
            pk=pk,
            focus_area__agreement__in=published_agreements_of(municipality),
        )
        .select_related("focus_area__agreement__municipality", "focus_area__agreement__police_area")
        .first()
    )


def promise_page(promise: Promise, today: datetime.date | None = None) -> PromiseItem:
    """One published promise with every progress update of its actions, newest first."""
    today = today or timezone.localdate()
    promise = _promises(all_updates=True).get(pk=promise.pk)
    return _promise_item(promise, today, all_updates=True)


# --- Progress updates and files -------------------------------------------------------


def published_updates_of(municipality: Municipality) -> QuerySet[ProgressUpdate]:
    """Standing progress updates of the municipality's published agreements, newest first.

    A withdrawn update is left out, and so is its attachment.
    """
    return (
        ProgressUpdate.objects.current()
        .filter(
            action__promise__focus_area__agreement__in=Agreement.objects.published(),
            action__promise__focus_area__agreement__municipality=municipality,
        )
        .select_related("action__promise__focus_area__agreement__municipality")
        .order_by("-date", "-pk")
    )


def published_update(municipality: Municipality, pk: int) -> ProgressUpdate | None:
    return published_updates_of(municipality).filter(pk=pk).first()
