"""Staff pages of imports: a municipality's report sources, their files and columns, the jobs.

A coordinator or analyst uploads a CSV file of a source, maps its columns on a page
that shows the file's first rows (the mapping is remembered for the source's next
file), and the import runs as a background job whose page follows it and, at the end,
lists every rejected row. The operator uploads the police's open events the same way.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.background.models import Job
from trygg.background.services import enqueue
from trygg.core.errors import DomainError, ImportProblem
from trygg.core.staff import get_permitted_or_404
from trygg.tenancy.models import Municipality

from .. import rules as perms
from ..forms import (
    PoliceEventsUploadForm,
    ReportColumnsForm,
    ReportSourceForm,
    TypeCategoryForm,
    UploadForm,
)
from ..models import Category, ImportRun, ReportColumns, Source
from ..reports import (
    REPORT_KINDS,
    add_import_file,
    change_type_category,
    create_report_source,
    preview,
    report_sources,
    reset_type_to_default,
    start_report_import,
    types_of_source,
)
from ..tasks import import_events, import_report_file


def _municipality(request: HttpRequest, code: str, permission: str) -> Municipality:
    return get_permitted_or_404(request, Municipality.objects, permission, code=code)


def _source(municipality: Municipality, pk: int) -> Source:
    return get_object_or_404(
        Source.objects.filter(municipality=municipality, kind__in=REPORT_KINDS), pk=pk
    )


def _run(municipality: Municipality, pk: int) -> ImportRun:
    return get_object_or_404(
        ImportRun.objects.select_related("source"), source__municipality=municipality, pk=pk
    )


@login_required
def sources(request: HttpRequest, municipality: str) -> HttpResponse:
    """The municipality's report sources and their latest imports; any member."""
    municipality = _municipality(request, municipality, perms.VIEW_INCIDENTS)
    return render(
        request,
        "situation/sources.html",
        {"municipality": municipality, "sources": report_sources(municipality)},
    )


@login_required
def source_create(request: HttpRequest, municipality: str) -> HttpResponse:
    """A new report source; analysts, coordinators and administrators."""
    municipality = _municipality(request, municipality, perms.IMPORT_INCIDENTS)
    form = ReportSourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = create_report_source(
                municipality, form.cleaned_data["name"], form.cleaned_data["kind"]
            )
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("The source is created. Upload its first file."))
            return redirect("situation:upload", municipality=municipality.code, pk=source.pk)
    return render(
        request, "situation/source_form.html", {"municipality": municipality, "form": form}
    )


@login_required
def upload(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """Upload a CSV file of a source; its columns are mapped next."""
    municipality = _municipality(request, municipality, perms.IMPORT_INCIDENTS)
    source = _source(municipality, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = add_import_file(
            form.cleaned_data["file"],
            source=source,
            dry_run=form.cleaned_data["dry_run"],
            started_by=request.user,
        )
        return redirect("situation:columns", municipality=municipality.code, pk=run.pk)
    return render(
        request,
        "situation/upload.html",
        {"municipality": municipality, "source": source, "form": form},
    )


@login_required
def columns(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """Map the uploaded file's columns (its first rows shown), then start the import."""
    municipality = _municipality(request, municipality, perms.IMPORT_INCIDENTS)
    run = _run(municipality, pk)
    if Job.objects.of(import_report_file, run).exists():
        return redirect("situation:run", municipality=municipality.code, pk=run.pk)
    source = run.source
    saved = ReportColumns.objects.filter(source=source).first()
    context = {"municipality": municipality, "source": source, "run": run}
    try:
        with run.file.open("rb") as file:
            shown = preview(file, saved)
    except ImportProblem as problem:
        context["problem"] = problem.message
        return render(request, "situation/columns.html", context)
    form = ReportColumnsForm(
        request.POST or None,
        instance=saved or ReportColumns(source=source),
        header=shown.header,
    )
    if request.method == "POST" and form.is_valid():
        try:
            start_report_import(run, form.instance, shown.header, started_by=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("situation:run", municipality=municipality.code, pk=run.pk)
    context.update(form=form, preview=shown)
    return render(request, "situation/columns.html", context)


@login_required
def run(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """An import's job while it runs, and its summary with every rejected row; any member."""
    municipality = _municipality(request, municipality, perms.VIEW_INCIDENTS)
    run = _run(municipality, pk)
    return render(
        request,
        "situation/run.html",
        {
            "municipality": municipality,
            "source": run.source,
            "run": run,
            "job": Job.objects.of(import_report_file, run).first(),
        },
    )


@login_required
def source_types(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The categories of a source's types beside its kind's defaults; coordinators change
    them for this source (and its incidents), or reset a type to the default."""
    municipality = _municipality(request, municipality, perms.VIEW_INCIDENTS)
    source = _source(municipality, pk)
    if request.method == "POST":
        if not request.user.has_perm(perms.MAP_TYPES, municipality):
            raise PermissionDenied
        form = TypeCategoryForm(request.POST)
        if form.is_valid():
            type_key = form.cleaned_data["type_key"]
            try:
                if form.cleaned_data["reset"]:
                    change = reset_type_to_default(source, type_key)
                    text = ngettext(
                        "“%(type)s” follows the default again, %(category)s; "
                        "%(count)d incident moved.",
                        "“%(type)s” follows the default again, %(category)s; "
                        "%(count)d incidents moved.",
                        change.moved,
                    )
                else:
                    change = change_type_category(source, type_key, form.cleaned_data["category"])
                    text = ngettext(
                        "“%(type)s” is now %(category)s; %(count)d incident moved.",
                        "“%(type)s” is now %(category)s; %(count)d incidents moved.",
                        change.moved,
                    )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                values = {"type": change.type_label, "category": change.category}
                messages.success(request, text % {**values, "count": change.moved})
        else:
            messages.error(request, _("Choose a category for the type."))
        return redirect("situation:types", municipality=municipality.code, pk=source.pk)
    return render(
        request,
        "situation/types.html",
        {
            "municipality": municipality,
            "source": source,
            "rows": types_of_source(source),
            "categories": Category.objects.all(),
        },
    )


def _operator(request: HttpRequest) -> None:
    if not request.user.has_perm(perms.IMPORT_POLICE_EVENTS):
        raise PermissionDenied


@login_required
def police_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file of the police's open events (national); the operator only."""
    _operator(request)
    form = PoliceEventsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = add_import_file(
            form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"], started_by=request.user
        )
        enqueue(import_events, run, started_by=request.user)
        return redirect("situation:police_run", pk=run.pk)
    return render(
        request,
        "situation/police_upload.html",
        {
            "form": form,
            "runs": ImportRun.objects.filter(source_kind=Source.Kind.POLICE_EVENTS)[:10],
        },
    )


@login_required
def police_run(request: HttpRequest, pk: int) -> HttpResponse:
    """An import of the police's open events, followed and summarised; the operator only."""
    _operator(request)
    run = get_object_or_404(ImportRun, pk=pk, source_kind=Source.Kind.POLICE_EVENTS)
    return render(
        request,
        "situation/run.html",
        {"run": run, "job": Job.objects.of(import_events, run).first()},
    )
