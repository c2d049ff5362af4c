"""Tags of the printable reports: an inlined stylesheet, ISO dates from stored figures."""

import datetime as dt
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def inline_static(path: str) -> str:
    """A static file's text, for a ``<style>`` the PDF renderer reads without a URL."""
    found = finders.find(path)
    if not found:
        raise template.TemplateSyntaxError(f"no static file {path}")
    return mark_safe(Path(found).read_text(encoding="utf-8"))


@register.filter
def as_date(value: str | None) -> dt.date | dt.datetime | None:
    """A stored ISO date or time as an object for ``|date`` (``None`` stays ``None``)."""
    if not value:
        return None
    if len(value) == 10:
        return dt.date.fromisoformat(value)
    return dt.datetime.fromisoformat(value)
