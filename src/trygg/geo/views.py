"""Staff pages for a municipality's areas: the list and the GeoJSON import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from trygg.core.errors import ImportProblem
from trygg.core.staff import get_permitted_or_404
from trygg.tenancy.models import Municipality

from . import rules as perms
from .forms import AreaImportForm
from .selectors import areas_for_staff
from .services import import_areas


@login_required
def area_list(request: HttpRequest, municipality: str) -> HttpResponse:
    """The areas of the municipality with kommunkod ``municipality``; any member."""
    municipality = get_permitted_or_404(
        request, Municipality.objects, perms.VIEW_AREAS, code=municipality
    )
    return render(
        request,
        "geo/area_list.html",
        {
            "municipality": municipality,
            "areas": areas_for_staff(request.user, municipality),
        },
    )


@login_required
def area_import(request: HttpRequest, municipality: str) -> HttpResponse:
    """Upload a GeoJSON file of areas; coordinators and admins only."""
    municipality = get_permitted_or_404(
        request, Municipality.objects, perms.IMPORT_AREAS, code=municipality
    )
    if request.method != "POST":
        form = AreaImportForm()
    else:
        form = AreaImportForm(request.POST, request.FILES)
    if form.is_bound and form.is_valid():
        try:
            result = import_areas(
                municipality,
                form.cleaned_data["file"],
                name_property=form.cleaned_data["name_property"],
                code_property=form.cleaned_data["code_property"] or None,
            )
        except ImportProblem as problem:
            form.add_error(None, problem.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Imported %(count)d area: %(created)d new, %(updated)d updated.",
                    "Imported %(count)d areas: %(created)d new, %(updated)d updated.",
                    len(result.names),
                )
                % {
                    "count": len(result.names),
                    "created": result.created,
                    "updated": result.updated,
                },
            )
            return redirect("geo:areas", municipality=municipality.code)
    return render(request, "geo/area_import.html", {"municipality": municipality, "form": form})
