"""Forms of the situation app's staff pages: report sources, their files and columns."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import Category, ReportColumns, Source

CSV_ACCEPT = ".csv,.txt,text/csv,text/plain"


class ReportSourceForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=Source._meta.get_field("name").max_length,
        help_text=_("As staff know it, e.g. “Felanmälan gatubelysning”."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (Source.Kind.MUNICIPAL_REPORTS, Source.Kind.MUNICIPAL_REPORTS.label),
            (Source.Kind.POLICE_EXTRACT, Source.Kind.POLICE_EXTRACT.label),
        ],
        widget=forms.RadioSelect,
        initial=Source.Kind.MUNICIPAL_REPORTS,
    )


class UploadForm(forms.Form):
    """A file to import, and whether only to check it."""

    file = forms.FileField(
        label=_("CSV file"), widget=forms.ClearableFileInput(attrs={"accept": CSV_ACCEPT})
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


class PoliceEventsUploadForm(UploadForm):
    file = forms.FileField(
        label=_("File of the police's open events"),
        help_text=_("JSON or JSON lines, as the police's API gives them; gzip-compressed or not."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.jsonl,.gz,application/json"}),
    )


class ReportColumnsForm(forms.ModelForm):
    """Which of the file's columns holds what; the choices are the file's own header."""

    OPTIONAL = ("time_column", "latitude_column", "longitude_column", "area_column")
    OPTIONAL += ("id_column", "text_column")

    class Meta:
        model = ReportColumns
        fields = [
            "date_column",
            "time_column",
            "type_column",
            "latitude_column",
            "longitude_column",
            "area_column",
            "id_column",
            "text_column",
            "encoding",
            "delimiter",
        ]

    def __init__(self, *args, header: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        columns = [(name, name) for name in header if name]
        for name in self._meta.fields[:8]:
            field = self.fields[name]
            optional = name in self.OPTIONAL
            choices = [("", _("(none)") if optional else _("Choose a column")), *columns]
            self.fields[name] = forms.ChoiceField(
                label=field.label,
                help_text=field.help_text,
                required=not optional,
                choices=choices,
            )
            if self.initial.get(name) not in dict(columns):
                self.initial[name] = ""


class TypeCategoryForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), empty_label=None
    )
