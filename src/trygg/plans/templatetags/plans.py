"""Template tags: a promise's answered problems, a measure's follow-up status, and what
became of a problem the lägesbild suggests."""

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


@register.inclusion_tag("plans/includes/suggestion_state.html", takes_context=True)
def suggestion_state(context, lagesbild_problem: dict) -> dict:
    """What became of a problem the lägesbild suggests: a link to the problem of the
    action plan it is, or the button that makes it one. Nothing where the page passes
    no ``plan_suggestions`` (the report, the PDF, the public page)."""
    suggestions = context.get("plan_suggestions") or {}
    return {
        "suggestion": suggestions.get(lagesbild_problem["key"]),
        "can_take_over": context.get("can_take_over_problems", False),
        "csrf_token": context.get("csrf_token"),
    }
