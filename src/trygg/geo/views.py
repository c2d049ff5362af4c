"""Staff pages for a municipality's areas (the list and the GeoJSON import) and the
places it names on its maps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from trygg.core.errors import DomainError, ImportProblem
from trygg.core.staff import ServiceDeleteView, get_permitted_or_404
from trygg.tenancy.models import Municipality

from . import rules as perms
from .forms import AreaImportForm, LandmarkForm
from .models import Landmark
from .selectors import areas_for_staff, municipality_landmarks
from .services import add_landmark, delete_landmark, import_areas


@login_required
def area_list(request: HttpRequest, municipality: str) -> HttpResponse:
    """The areas of the municipality with kommunkod ``municipality``; any member."""
    municipality = get_permitted_or_404(
        request, Municipality.objects, perms.VIEW_AREAS, code=municipality
    )
    return _area_list(request, municipality, LandmarkForm())


def _area_list(request: HttpRequest, municipality: Municipality, form: LandmarkForm):
    return render(
        request,
        "geo/area_list.html",
        {
            "municipality": municipality,
            "areas": areas_for_staff(request.user, municipality),
            "landmarks": municipality_landmarks(municipality),
            "landmark_form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def landmark_add(request: HttpRequest, municipality: str) -> HttpResponse:
    """Name a place on the municipality's maps; coordinators and admins only."""
    municipality = get_permitted_or_404(
        request, Municipality.objects, perms.MANAGE_LANDMARKS, code=municipality
    )
    form = LandmarkForm(request.POST)
    if form.is_valid():
        latitude, longitude = form.cleaned_data["coordinates"]
        try:
            landmark = add_landmark(municipality, form.cleaned_data["name"], latitude, longitude)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s is named on the maps. Hotspots are renamed in a moment.")
                % {"name": landmark.name},
            )
            return redirect(reverse("geo:areas", kwargs={"municipality": municipality.code}))
    return _area_list(request, municipality, form)


class LandmarkDeleteView(ServiceDeleteView):
    model = Landmark
    permission = perms.MANAGE_LANDMARKS

    def get_object(self):
        return get_permitted_or_404(
            self.request,
            Landmark.objects.filter(municipality__code=self.kwargs["municipality"]),
            self.get_permission(),
            pk=self.kwargs["pk"],
        )

    @staticmethod
    def service(landmark: Landmark, user) -> str:
        delete_landmark(landmark)
        return reverse("geo:areas", kwargs={"municipality": landmark.municipality.code})

    def get_cancel_url(self, obj) -> str:
        return reverse("geo:areas", kwargs={"municipality": obj.municipality.code})


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
