"""Forms of the situation app's staff pages: report sources, their files and columns; alerts."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import Category, ReportColumns, Source, TypeMapping
from .selectors import AlertState

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
    """A source's type (by its normalised key) and its category here, or back to the default."""

    type_key = forms.CharField(
        widget=forms.HiddenInput, max_length=TypeMapping._meta.get_field("type_key").max_length
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), empty_label=None, required=False
    )
    reset = forms.BooleanField(required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("reset") and cleaned.get("category") is None:
            raise forms.ValidationError(_("Choose a category for the type."))
        return cleaned


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


class OtherInformationForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("Where the information comes from: a plan, a report, an organisation."),
    )


class ApprovalForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    approved_by = forms.CharField(
        label=_("Approved by"),
        max_length=300,
        help_text=_("Who approved it, e.g. the steering group of the agreement."),
    )
