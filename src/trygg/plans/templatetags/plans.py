"""Template tags: a promise's answered problems, a measure's follow-up status."""

from django import template

from ..selectors import problems_answered_by

register = template.Library()


@register.inclusion_tag("plans/includes/answered_problems.html")
def problems_answered(promise, public: bool = False, heading_level: int = 3) -> dict:
    """The problems and evidence a promise answers through the measures carried out
    under it; ``public`` shows only what residents may read (no staff note, no draft
    plan's, no evidence kept for staff)."""
    return {
        "answered": problems_answered_by(promise, public=public),
        "public": public,
        "heading_level": heading_level,
        "promise": promise,
    }


@register.inclusion_tag("plans/includes/status_badge.html")
def follow_up_badge(status: str, label: str = "") -> dict:
    return {"status": status, "label": label}
