"""Is an action on track? Pure date arithmetic, no Django.

A quantity target is either a total ("3 meetings") judged at the due date, or a rate
("at least 1 a week") judged pro rata over the whole periods elapsed since the start,
so an action is never behind for a week that has not ended yet. An action marked done
is judged against its whole target: done short of it is not "done" but
"done below target", and the summary counts it apart from the actions on plan.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class ProgressState(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    PAST_DUE = "past_due"
    DONE = "done"
    DONE_BELOW_TARGET = "done_below_target"
    CANCELLED = "cancelled"


ON_PLAN = frozenset({ProgressState.NOT_STARTED, ProgressState.ON_TRACK, ProgressState.DONE})
NEEDS_ATTENTION = frozenset({ProgressState.BEHIND, ProgressState.PAST_DUE})


@dataclass(frozen=True)
class ActionProgress:
    state: ProgressState
    done: int
    expected: int | None
    """How many the target asks for by now (for a done action: in all); ``None`` without one."""
    target_met: bool | None
    """Whether ``done`` reaches what the target asks for by now; ``None`` without a target."""

    @property
    def on_plan(self) -> bool:
        return self.state in ON_PLAN

    @property
    def needs_attention(self) -> bool:
        return self.state in NEEDS_ATTENTION


def expected_by(*, starts_on: date, due_on: date, quantity: int, period: str, as_of: date) -> int:
    """How many a target of ``quantity`` per ``period`` asks for by ``as_of``."""
    if as_of < starts_on:
        return 0
    if period == "total":
        return quantity if as_of >= due_on else 0
    # The period through the end of the ``as_of`` day, so 1 Jan–31 Dec is a whole year.
    end = min(as_of, due_on) + timedelta(days=1)
    if period == "week":
        return (end - starts_on).days // 7 * quantity
    months = (end.year - starts_on.year) * 12 + end.month - starts_on.month
    if end.day < starts_on.day:
        months -= 1
    return (months if period == "month" else months // 12) * quantity


def assess(
    *,
    status: str,
    starts_on: date,
    due_on: date,
    target_quantity: int | None,
    target_period: str,
    done: int,
    today: date,
) -> ActionProgress:
    """The progress of one action on ``today``. ``status`` is the action's own status.

    A done action is held to its whole target (what the target asks for by the due
    date), however early it was marked done.
    """
    expected = None
    if target_quantity:
        expected = expected_by(
            starts_on=starts_on,
            due_on=due_on,
            quantity=target_quantity,
            period=target_period,
            as_of=due_on if status == "done" else today,
        )
    target_met = None if expected is None else done >= expected

    if status == "cancelled":
        state = ProgressState.CANCELLED
    elif status == "done":
        state = ProgressState.DONE if target_met is not False else ProgressState.DONE_BELOW_TARGET
    elif today > due_on:
        state = ProgressState.PAST_DUE
    elif today < starts_on and done == 0:
        state = ProgressState.NOT_STARTED
    elif target_met is False:
        state = ProgressState.BEHIND
    else:
        state = ProgressState.ON_TRACK
    return ActionProgress(state=state, done=done, expected=expected, target_met=target_met)


@dataclass(frozen=True)
class FollowUpSummary:
    """Follow-up at a glance. Each counted (not cancelled) action is in exactly one of
    ``done``, ``done_below_target``, ``on_track`` (with not started), ``behind`` and
    ``past_due``; ``on_plan`` is ``done`` plus ``on_track``, never an action short of
    its target."""

    total: int
    done: int
    done_below_target: int
    on_track: int
    behind: int
    past_due: int
    cancelled: int

    @property
    def on_plan(self) -> int:
        return self.done + self.on_track

    @property
    def all_on_plan(self) -> bool:
        return self.total > 0 and self.on_plan == self.total


def summarise(progresses: list[ActionProgress]) -> FollowUpSummary:
    def count(*states: ProgressState) -> int:
        return sum(p.state in states for p in progresses)

    cancelled = count(ProgressState.CANCELLED)
    return FollowUpSummary(
        total=len(progresses) - cancelled,
        done=count(ProgressState.DONE),
        done_below_target=count(ProgressState.DONE_BELOW_TARGET),
        on_track=count(ProgressState.ON_TRACK, ProgressState.NOT_STARTED),
        behind=count(ProgressState.BEHIND),
        past_due=count(ProgressState.PAST_DUE),
        cancelled=cancelled,
    )
