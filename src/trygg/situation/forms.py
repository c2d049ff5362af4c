"""The alert pages' forms: which alerts the list shows, and an acknowledgement."""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Category
from .selectors import AlertState


class AlertFilterForm(forms.Form):
    """``?kategori=<key>&status=open|acknowledged``; anything unknown shows all."""

    kategori = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="key",
        required=False,
        empty_label=_("All categories"),
    )
    status = forms.ChoiceField(
        label=_("State"),
        choices=[
            ("", _("Open and acknowledged")),
            (AlertState.OPEN, _("Open alerts")),
            (AlertState.ACKNOWLEDGED, _("Acknowledged alerts")),
        ],
        required=False,
    )

    def filters(self) -> dict:
        """Keyword arguments for ``selectors.municipality_alerts``."""
        if not self.is_valid():
            return {}
        category = self.cleaned_data["kategori"]
        return {
            "category": category.pk if category else None,
            "state": self.cleaned_data["status"],
        }

    def query_string(self) -> str:
        """The valid filters as a query string, for the links to other pages of the list."""
        if not self.is_valid():
            return ""
        category = self.cleaned_data["kategori"]
        chosen = {
            "kategori": category.key if category else "",
            "status": self.cleaned_data["status"],
        }
        return urlencode({name: value for name, value in chosen.items() if value})


class AcknowledgeForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        help_text=_("What was done about the alert, or why nothing needs to be done."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what was done or why no action is needed.")},
    )
