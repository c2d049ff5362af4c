"""Template tags that show an action's progress in words, never in colour alone."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.promises.progress import ActionProgress, ProgressState

register = template.Library()

STATE_LABELS = {
    ProgressState.NOT_STARTED: gettext_lazy("Not started"),
    ProgressState.ON_TRACK: gettext_lazy("On track"),
    ProgressState.BEHIND: gettext_lazy("Behind target"),
    ProgressState.PAST_DUE: gettext_lazy("Past due"),
    ProgressState.DONE: gettext_lazy("Done"),
    ProgressState.CANCELLED: gettext_lazy("Cancelled"),
}


def state_label(progress: ActionProgress) -> str:
    """The state in words; an action done short of its target says by how much."""
    if progress.state is ProgressState.DONE_BELOW_TARGET:
        return _("Done – %(done)d of %(expected)d") % {
            "done": progress.done,
            "expected": progress.expected,
        }
    return str(STATE_LABELS[progress.state])


@register.inclusion_tag("promises/progress_badge.html")
def progress_badge(progress: ActionProgress, with_count: bool = True) -> dict:
    """The state as a badge in words, and (``with_count``) how many of how many so far.

    A done action's count is final, so it is not followed by "so far"; one done below
    its target carries the count in the badge itself. The public pages say the count
    in words of their own beside the badge.
    """
    return {
        "progress": progress,
        "label": state_label(progress),
        "with_count": with_count
        and progress.expected is not None
        and progress.state not in {ProgressState.DONE_BELOW_TARGET, ProgressState.CANCELLED},
    }
