from django.shortcuts import get_object_or_404, render

from trygg.tenancy.models import Municipality


def home(request):
    return render(request, "portal/home.html", {"municipalities": Municipality.objects.all()})


def municipality(request, municipality):
    municipality = get_object_or_404(Municipality, slug=municipality)
    return render(request, "portal/municipality.html", {"municipality": municipality})


def accessibility(request):
    return render(request, "portal/accessibility.html")
