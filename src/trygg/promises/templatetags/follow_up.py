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


@register.filter
def progress_label(state: str) -> str:
    """The words for a progress state, e.g. "On track"."""
    return str(STATE_LABELS[ProgressState(state)])


@register.inclusion_tag("promises/progress_badge.html")
def progress_badge(progress: ActionProgress) -> dict:
    """The state as a badge in words, with how many of how many so far."""
    return {"progress": progress, "label": STATE_LABELS[progress.state]}
