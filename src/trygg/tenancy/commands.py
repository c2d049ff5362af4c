"""Shared by management commands that act on one municipality."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .models import Municipality


def municipality_or_error(code: str) -> Municipality:
    """The municipality with this kommunkod, or a ``CommandError`` that says what to do."""
    try:
        return Municipality.objects.get(code=code)
    except Municipality.DoesNotExist as error:
        raise CommandError(
            _("No municipality has the code %(code)s; run trygg load-municipalities first.")
            % {"code": code}
        ) from error
