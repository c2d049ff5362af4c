"""Labels the public pages show for files and measured values."""

from decimal import Decimal
from pathlib import PurePosixPath

from django import template
from django.utils import formats

register = template.Library()

FILE_KINDS = {".pdf": "PDF", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


@register.filter
def file_kind(field) -> str:
    """The kind of an uploaded file by its name, e.g. "PDF"; empty when unknown."""
    name = getattr(field, "name", None) or ""
    return FILE_KINDS.get(PurePosixPath(name).suffix.lower(), "")


@register.filter
def measure(value) -> str:
    """A measured value without trailing zeros, in the reader's format: 93,5, 92 or 12 500."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return formats.number_format(number, use_l10n=True, force_grouping=True)
