from datetime import date

import pytest

from trygg.promises.progress import ProgressState, assess, expected_by, summarise

START = date(2021, 1, 1)
END = date(2022, 12, 31)


def progress(**overrides):
    arguments = {
        "status": "ongoing",
        "starts_on": START,
        "due_on": END,
        "target_quantity": 1,
        "target_period": "week",
        "done": 0,
        "today": date(2021, 3, 1),
    }
    return assess(**(arguments | overrides))


def test_a_weekly_target_counts_only_weeks_that_have_ended():
    assert expected_by(starts_on=START, due_on=END, quantity=1, period="week", as_of=START) == 0
    assert (
        expected_by(starts_on=START, due_on=END, quantity=1, period="week", as_of=date(2021, 1, 7))
        == 1
    )
    assert (
        expected_by(starts_on=START, due_on=END, quantity=2, period="week", as_of=date(2021, 1, 14))
        == 4
    )


def test_a_rate_target_stops_growing_at_the_due_date():
    late = expected_by(
        starts_on=START, due_on=END, quantity=1, period="week", as_of=date(2030, 1, 1)
    )
    assert late == expected_by(starts_on=START, due_on=END, quantity=1, period="week", as_of=END)
    assert late == 104


def test_a_total_target_is_judged_only_at_the_due_date():
    assert (
        expected_by(starts_on=START, due_on=END, quantity=3, period="total", as_of=date(2022, 6, 1))
        == 0
    )
    assert expected_by(starts_on=START, due_on=END, quantity=3, period="total", as_of=END) == 3


def test_a_yearly_target_asks_for_one_per_year_elapsed():
    assert (
        expected_by(
            starts_on=START, due_on=END, quantity=2, period="year", as_of=date(2021, 12, 31)
        )
        == 2
    )
    assert (
        expected_by(
            starts_on=START, due_on=END, quantity=2, period="year", as_of=date(2021, 12, 30)
        )
        == 0
    )


def test_fewer_done_than_the_weeks_elapsed_is_behind():
    result = progress(done=5)  # 8 full weeks by 1 March
    assert result.expected == 8
    assert result.state is ProgressState.BEHIND
    assert result.needs_attention


def test_as_many_done_as_the_weeks_elapsed_is_on_track():
    result = progress(done=8)
    assert result.state is ProgressState.ON_TRACK
    assert result.target_met is True


def test_an_unfinished_action_after_its_due_date_is_past_due():
    assert progress(today=date(2023, 1, 1), done=200).state is ProgressState.PAST_DUE


def test_an_action_without_a_target_is_on_track_until_due():
    result = progress(target_quantity=None, target_period="total")
    assert result.state is ProgressState.ON_TRACK
    assert result.expected is None and result.target_met is None


def test_an_action_that_has_not_started_is_not_started():
    assert progress(starts_on=date(2021, 6, 1)).state is ProgressState.NOT_STARTED


@pytest.mark.parametrize(
    ("status", "done", "state"),
    [("done", 104, "done"), ("done", 0, "done_below_target"), ("cancelled", 0, "cancelled")],
)
def test_the_actions_own_status_wins_over_dates(status, done, state):
    assert progress(status=status, done=done, today=date(2030, 1, 1)).state == state


def test_a_done_action_below_its_target_is_done_below_target_not_done():
    result = progress(status="done", today=END, done=98)
    assert result.state is ProgressState.DONE_BELOW_TARGET
    assert (result.done, result.expected, result.target_met) == (98, 104, False)
    assert not result.on_plan


def test_an_action_marked_done_early_is_held_to_its_whole_target():
    # Marked done in March 2021 after 8 checks: a weekly target over two years asks 104.
    result = progress(status="done", today=date(2021, 3, 1), done=8)
    assert result.state is ProgressState.DONE_BELOW_TARGET
    assert result.expected == 104


def test_a_done_action_without_a_target_is_done():
    assert progress(status="done", target_quantity=None).state is ProgressState.DONE


def test_the_summary_leaves_cancelled_actions_out_of_the_total():
    summary = summarise(
        [
            progress(done=8),
            progress(done=1),
            progress(status="cancelled"),
            progress(status="done", done=104),
        ]
    )
    assert (summary.on_plan, summary.total, summary.behind, summary.cancelled) == (2, 3, 1, 1)


def test_a_monthly_target_counts_calendar_months():
    assert (
        expected_by(
            starts_on=START, due_on=END, quantity=1, period="month", as_of=date(2021, 1, 31)
        )
        == 1
    )
    assert (
        expected_by(
            starts_on=START, due_on=END, quantity=1, period="month", as_of=date(2021, 2, 27)
        )
        == 1
    )
    assert (
        expected_by(
            starts_on=START, due_on=END, quantity=1, period="month", as_of=date(2021, 2, 28)
        )
        == 2
    )


def test_the_summary_counts_done_below_target_apart_from_on_plan():
    # The Kungsbacka case: eleven done in full, the traffic check at 98 of 104, and
    # a thirteenth action cancelled.
    met = [progress(status="done", today=END, done=104) for _ in range(11)]
    short = progress(status="done", today=END, done=98)
    summary = summarise([*met, short, progress(status="cancelled")])
    assert (summary.done, summary.done_below_target, summary.on_plan, summary.total) == (
        11,
        1,
        11,
        12,
    )
    assert summary.cancelled == 1
    assert not summary.all_on_plan


def test_every_counted_action_is_in_exactly_one_tile():
    progresses = [
        progress(done=8),
        progress(done=1),
        progress(today=date(2023, 1, 1)),
        progress(starts_on=date(2021, 6, 1)),
        progress(status="done", done=104),
        progress(status="done", done=3),
    ]
    summary = summarise(progresses)
    tiles = (summary.done, summary.done_below_target, summary.on_track, summary.behind)
    assert sum(tiles) + summary.past_due == summary.total == 6
