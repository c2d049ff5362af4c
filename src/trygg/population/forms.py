"""Forms of the population staff pages."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class PopulationImportForm(forms.Form):
    """An SCB population table, the year to take from it, and whether only to check it."""

    file = forms.FileField(
        label=_("Population table from SCB"),
        help_text=_(
            "Exported from SCB's Statistikdatabasen as text (CSV, separated by semicolons, "
            "commas or tabs) with the columns region, ålder, kön and one column per year. "
            "The regions are the municipality's areas, by name or code."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2200,
        help_text=_("Which year's column to import. Leave empty if the file has only one."),
    )
    dry_run = forms.BooleanField(label=_("Only check the file; store nothing"), required=False)

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = settings.TRYGG_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large; the limit is %(limit)s.")
                % {"limit": filesizeformat(limit)}
            )
        return upload
