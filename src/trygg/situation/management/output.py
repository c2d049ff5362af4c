"""What the import commands print after their summary: every rejected line, every new type."""

from collections.abc import Iterable

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


def write_rejected_and_new_types(
    command: BaseCommand, rejected: Iterable, new_types: Iterable[str], new_type_message: str
) -> None:
    """A warning line per rejected row (``.line``, ``.reason``, ``.element``) and per new type.

    ``new_type_message`` has a ``%(type)s`` and says where the type gets its category.
    """
    for row in rejected:
        values = {"line": row.line, "reason": row.reason, "element": row.element}
        if row.element is None:
            text = _("Line %(line)d: %(reason)s.") % values
        else:
            text = _("Line %(line)d, element %(element)d: %(reason)s.") % values
        command.stdout.write(command.style.WARNING(text))
    for kind in new_types:
        command.stdout.write(command.style.WARNING(new_type_message % {"type": kind}))
