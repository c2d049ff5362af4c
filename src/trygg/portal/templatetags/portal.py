"""Labels the public pages (and the staff pages) show for states and files.

A state is always shown as words; colour only repeats what the words say.
"""

from decimal import Decimal
from pathlib import PurePosixPath

from django import template
from django.utils import formats
from django.utils.translation import gettext_lazy as _

register = template.Library()

PROGRESS_LABELS = {
    "not_started": _("Not started yet"),
    "on_track": _("On track"),
    "behind": _("Behind target"),
    "past_due": _("Past due"),
    "done": _("Done"),
    "cancelled": _("Cancelled"),
}

FILE_KINDS = {".pdf": "PDF", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


@register.filter
def progress_label(state) -> str:
    """The words for a progress state (``ActionProgress.state``), e.g. "On track"."""
    return PROGRESS_LABELS.get(str(state), str(state))


@register.filter
def file_kind(field) -> str:
    """The kind of an uploaded file by its name, e.g. "PDF"; empty when unknown."""
    name = getattr(field, "name", None) or ""
    return FILE_KINDS.get(PurePosixPath(name).suffix.lower(), "")


@register.filter
def measure(value) -> str:
    """A measured value without trailing zeros, in the reader's format: 93,5 or 92."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return formats.number_format(number, use_l10n=True)
