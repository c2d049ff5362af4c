"""Forms of the geo staff pages."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class AreaImportForm(forms.Form):
    """A GeoJSON file and the properties that hold each area's name and code."""

    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_("A FeatureCollection of polygons in WGS 84 (longitude, latitude)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".geojson,.json,application/geo+json,application/json"}
        ),
    )
    name_property = forms.CharField(
        label=_("Property with the area's name"),
        max_length=100,
        help_text=_("The name of the feature property that holds the name, e.g. namn."),
    )
    code_property = forms.CharField(
        label=_("Property with the area's code (optional)"),
        max_length=100,
        required=False,
        help_text=_("E.g. the property with the DeSO code. Leave empty to keep existing codes."),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = settings.TRYGG_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large; the limit is %(limit)s.")
                % {"limit": filesizeformat(limit)}
            )
        return upload

    def clean_name_property(self) -> str:
        return self.cleaned_data["name_property"].strip()

    def clean_code_property(self) -> str:
        return self.cleaned_data["code_property"].strip()
