"""Showing survey figures: shares as whole percent in the reader's number format."""

from django import template
from django.utils import formats
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.923 → "92 %" (no figure → "–")."""
    if value is None:
        return "–"
    return f"{formats.number_format(round(100 * value), use_l10n=True)} %"


@register.filter
def interval(figure) -> str:
    """A figure's 95 % interval as "89–94 %" (or "–")."""
    if figure.ci_low is None or figure.ci_high is None or figure.ci_low != figure.ci_low:
        return "–"
    low = formats.number_format(round(100 * figure.ci_low), use_l10n=True)
    high = formats.number_format(round(100 * figure.ci_high), use_l10n=True)
    return f"{low}–{high} %"


@register.filter
def decimal1(value) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=1, use_l10n=True)


@register.filter
def bar_width(value, scale: int = 300) -> int:
    """The length of a share's bar in an SVG chart ``scale`` units wide."""
    return 0 if value is None else round(value * scale)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def index(sequence, position: int):
    return sequence[position]


CHART_WIDTH, LABEL_WIDTH, BAR_SPACE, ROW_HEIGHT = 640, 240, 330, 26


@register.inclusion_tag("insight/bar_chart.html")
def bar_chart(result, overall) -> dict:
    """A horizontal bar per column of everyone's shares, as SVG coordinates."""
    bars = []
    for position, (label, figure) in enumerate(zip(result.columns, overall.figures, strict=True)):
        width = bar_width(figure.estimate, BAR_SPACE)
        bars.append(
            {
                "label": label,
                "y": position * ROW_HEIGHT,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
                "text": percent(figure.estimate),
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "height": len(bars) * ROW_HEIGHT,
        "key": result.key,
        "question": result.text,
    }


@register.filter
def change_text(change, kind: str) -> str:
    """A change as "+3 percentage points" / "−1.2", from the difference of two figures."""
    if change is None or change.difference is None:
        return "–"
    delta = change.difference.difference
    if kind == "proportion":
        points = formats.number_format(abs(100 * delta), decimal_pos=1, use_l10n=True)
        sign = "+" if delta > 0 else "−" if delta < 0 else "±"
        return ngettext(
            "%(sign)s%(points)s percentage point", "%(sign)s%(points)s percentage points", 2
        ) % {"sign": sign, "points": points}
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    return f"{sign}{formats.number_format(abs(delta), decimal_pos=1, use_l10n=True)}"


@register.filter
def p_value(change) -> str:
    if change is None or change.difference is None:
        return ""
    value = change.difference.p_value
    if value < 0.001:
        return "p < 0,001" if formats.get_format("DECIMAL_SEPARATOR") == "," else "p < 0.001"
    return f"p = {formats.number_format(value, decimal_pos=3, use_l10n=True)}"
