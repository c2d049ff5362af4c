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


@pytest.mark.parametrize(("status", "state"), [("done", "done"), ("cancelled", "cancelled")])
def test_the_actions_own_status_wins_over_dates(status, state):
    assert progress(status=status, today=date(2030, 1, 1)).state == state


def test_a_done_action_below_its_target_says_the_target_was_not_met():
    result = progress(status="done", today=END, done=90)
    assert result.state is ProgressState.DONE
    assert result.target_met is False


def test_the_summary_leaves_cancelled_actions_out_of_the_total():
    summary = summarise(
        [progress(done=8), progress(done=1), progress(status="cancelled"), progress(status="done")]
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


def test_the_summary_counts_done_actions_that_fell_short_of_their_target():
    short = progress(status="done", today=END, done=98)
    met = progress(status="done", today=END, done=104)
    assert summarise([short, met]).done_below_target == 1
