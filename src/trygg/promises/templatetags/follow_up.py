"""Template tags that show an action's progress in words, never in colour alone."""

from django import template
from django.utils.translation import gettext_lazy as _

from trygg.promises.progress import ActionProgress, ProgressState

register = template.Library()

STATE_LABELS = {
    ProgressState.NOT_STARTED: _("Not started"),
    ProgressState.ON_TRACK: _("On track"),
    ProgressState.BEHIND: _("Behind target"),
    ProgressState.PAST_DUE: _("Past due"),
    ProgressState.DONE: _("Done"),
    ProgressState.CANCELLED: _("Cancelled"),
}


@register.inclusion_tag("promises/progress_badge.html")
def progress_badge(progress: ActionProgress, with_count: bool = True) -> dict:
    """The state as a badge in words, and (``with_count``) how many of how many so far.

    The public pages say the count in words of their own beside the badge.
    """
    return {"progress": progress, "label": STATE_LABELS[progress.state], "with_count": with_count}
