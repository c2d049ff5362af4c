"""Showing incident figures: a change in a count, signed, in the reader's number format."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def signed_count(change: int | None) -> str:
    """12 → "+12", −5 → "−5" (a minus sign, not a hyphen), 0 → "±0", None → "–"."""
    if change is None:
        return "–"
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    return f"{sign}{intcomma(abs(change))}"
