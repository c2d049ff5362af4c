"""Staff pages for a municipality's areas: the list and the GeoJSON import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext

from trygg.core.errors import ImportProblem
from trygg.tenancy.models import Municipality

from .forms import AreaImportForm
from .selectors import areas_for_staff
from .services import import_areas


def _municipality_for(request: HttpRequest, code: str, permission: str) -> Municipality:
    # Not a member: 404, so a URL does not reveal which municipalities use Trygg.
    # A member without the right role: 403.
    municipality = get_object_or_404(Municipality.objects.visible_to(request.user), code=code)
    if not request.user.has_perm(permission, municipality):
        raise PermissionDenied
    return municipality


@login_required
def area_list(request: HttpRequest, municipality: str) -> HttpResponse:
    """The areas of the municipality with kommunkod ``municipality``; any member."""
    municipality = _municipality_for(request, municipality, "trygg.view_staff")
    return render(
        request,
        "geo/area_list.html",
        {
            "municipality": municipality,
            "areas": areas_for_staff(request.user, municipality),
            "can_import": request.user.has_perm("trygg.edit_agreements", municipality),
        },
    )


@login_required
def area_import(request: HttpRequest, municipality: str) -> HttpResponse:
    """Upload a GeoJSON file of areas; coordinators and admins only."""
    municipality = _municipality_for(request, municipality, "trygg.edit_agreements")
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
