"""The workspace's one form: whose actions the dashboard lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.tenancy.models import Organisation

ALL = "alla"


class OwnerFilterForm(forms.Form):
    """``?organisation=kommun|polis|partner|alla``; unasked, the user's own kind of
    organisation (``default``), or all when that is unknown."""

    organisation = forms.ChoiceField(
        label=_("Show the actions of"),
        choices=[(ALL, _("All organisations")), *Organisation.Kind.choices],
        required=False,
    )

    def __init__(self, data, *, default: str | None) -> None:
        if "organisation" not in data:
            data = {"organisation": default or ALL}
        super().__init__(data)

    @property
    def owner_kind(self) -> str | None:
        """The ``Organisation.Kind`` chosen, None for all (or for an unknown value)."""
        if not self.is_valid() or self.cleaned_data["organisation"] in ("", ALL):
            return None
        return self.cleaned_data["organisation"]
