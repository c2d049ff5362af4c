"""The staff workspace: what needs the user's attention, and the way to each municipality."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from trygg.tenancy.selectors import find_municipalities, organisation_kind_of

from .forms import OwnerFilterForm
from .selectors import dashboard_for

MUNICIPALITIES_PER_PAGE = 25


@login_required
def home(request):
    form = OwnerFilterForm(request.GET, default=organisation_kind_of(request.user))
    return render(
        request,
        "workspace/home.html",
        {
            "dashboard": dashboard_for(request.user, owner_kind=form.owner_kind),
            "filter_form": form,
        },
    )


@login_required
def municipalities(request):
    """Every municipality the user may read, searched and a page at a time."""
    query = request.GET.get("q", "")[:100]
    found = find_municipalities(request.user, query)
    page = Paginator(found, MUNICIPALITIES_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "workspace/municipalities.html",
        {"page": page, "query": query, "total": len(found)},
    )
