"""Showing survey figures: shares as whole percent in the reader's number format."""

import functools
from collections.abc import Mapping

from django import template
from django.utils import formats

from trygg.insight.changes import whole_percent

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.923 → "92 %" (no figure → "–"), rounded as ``changes.whole_percent``."""
    if value is None:
        return "–"
    return f"{formats.number_format(whole_percent(value), use_l10n=True)} %"


@register.filter
def interval(figure) -> str:
    """A figure's 95 % interval as "89–94 %" (or "–").

    ``figure`` is an estimate, or its stored JSON (a snapshot's, the lägesbild's).
    """
    read = figure.get if isinstance(figure, Mapping) else functools.partial(getattr, figure)
    ci_low, ci_high = read("ci_low"), read("ci_high")
    if ci_low is None or ci_high is None or ci_low != ci_low:
        return "–"
    low = formats.number_format(round(100 * ci_low), use_l10n=True)
    high = formats.number_format(round(100 * ci_high), use_l10n=True)
    return f"{low}–{high} %"


@register.filter
def decimal1(value) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=1, use_l10n=True)


@register.filter
def bar_percent(value) -> str:
    """A share as the length of its bar, in percent of the chart's width ("43.2")."""
    return "0" if value is None else f"{100 * value:.1f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def index(sequence, position: int):
    return sequence[position]


@register.filter
def change_text(change, kind: str) -> str:
    """A change as "+3,2" (percentage points for shares) or "−1,2", signed, one decimal."""
    if change is None or change.difference is None:
        return "–"
    delta = change.difference.difference
    if kind == "proportion":
        delta *= 100
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    return f"{sign}{formats.number_format(abs(delta), decimal_pos=1, use_l10n=True)}"


@register.filter
def p_value(change) -> str:
    if change is None or change.difference is None:
        return ""
    value = change.difference.p_value
    if value < 0.001:
        return f"p < {formats.number_format(0.001, decimal_pos=3, use_l10n=True)}"
    return f"p = {formats.number_format(value, decimal_pos=3, use_l10n=True)}"
