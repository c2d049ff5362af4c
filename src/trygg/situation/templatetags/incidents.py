"""Showing incident figures in the reader's number format: a change in a count, signed,
and a probability."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import formats

register = template.Library()


@register.filter
def signed_count(change: int | None) -> str:
    """12 → "+12", −5 → "−5" (a minus sign, not a hyphen), 0 → "±0", None → "–"."""
    if change is None:
        return "–"
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    return f"{sign}{intcomma(abs(change))}"


# Four decimals: what a q-value is read to against a false discovery rate such as 0.05.
PROBABILITY_DECIMALS = 4


@register.filter
def probability(value: float | None) -> str:
    """0.01234 → "0,0123"; under 0.0001 → "< 0,0001" (not 1.3e-305); None → "–"."""
    if value is None:
        return "–"
    smallest = 10**-PROBABILITY_DECIMALS
    if value < smallest:
        shown = formats.number_format(smallest, decimal_pos=PROBABILITY_DECIMALS, use_l10n=True)
        return f"< {shown}"
    return formats.number_format(value, decimal_pos=PROBABILITY_DECIMALS, use_l10n=True)
