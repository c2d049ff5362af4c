"""Forms of the geo staff pages."""

import re

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


# Two decimal numbers, with a point or (as Swedish pages write them) a comma: what a
# web map's "copy coordinates" gives, e.g. "57.4987, 12.0735" or "57,4987 12,0735".
_COORDINATE = re.compile(r"-?\d+(?:[.,]\d+)?")


class LandmarkForm(forms.Form):
    """A named place: its name, and its point as latitude and longitude in one field."""

    name = forms.CharField(
        label=_("Name of the place"),
        max_length=120,
        help_text=_("As residents say it, e.g. Kungsbacka resecentrum or Badhusparken."),
    )
    coordinates = forms.CharField(
        label=_("Coordinates"),
        max_length=60,
        help_text=_(
            "Latitude, then longitude, in WGS 84 decimal degrees, e.g. 57.4987, 12.0735. "
            "Most web maps copy them when you right-click a place."
        ),
    )

    def clean_coordinates(self) -> tuple[float, float]:
        numbers = _COORDINATE.findall(self.cleaned_data["coordinates"])
        if len(numbers) != 2:
            raise forms.ValidationError(
                _("Give two numbers: the latitude, then the longitude, e.g. 57.4987, 12.0735.")
            )
        latitude, longitude = (float(number.replace(",", ".")) for number in numbers)
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise forms.ValidationError(
                _("A latitude lies between -90 and 90, a longitude between -180 and 180.")
            )
        return latitude, longitude
