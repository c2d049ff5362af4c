"""Mounted at ``staff/``: a municipality's incidents, their imports and alerts."""

from django.urls import path

from . import views  # noqa: F401
from .views import overview

app_name = "situation"
urlpatterns: list = []
urlpatterns += [
    path(
        "<str:municipality>/lagesbild/handelser/",
        overview.incident_overview,
        name="incidents",
    ),
    path(
        "<str:municipality>/lagesbild/handelser/karta.geojson",
        overview.incident_cells_geojson,
        name="incident_cells",
    ),
    path(
        "<str:municipality>/lagesbild/handelser/antal-<str:period>.<str:extension>",
        overview.incident_counts_export,
        name="incident_counts_export",
    ),
    path(
        "<str:municipality>/lagesbild/handelser/jamforelse.<str:extension>",
        overview.rates_export,
        name="rates_export",
    ),
]
