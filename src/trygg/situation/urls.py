"""Mounted at ``staff/``: a municipality's incidents, their imports, alerts and hotspots."""

from django.urls import path

from .views import alerts, hotspots, imports, lagesbild, overview

app_name = "situation"
urlpatterns = [
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
    path("<str:municipality>/lagesbild/hotspots/", hotspots.hotspot_map, name="hotspots"),
    path(
        "<str:municipality>/lagesbild/hotspots/karta.geojson",
        hotspots.hotspot_cells_geojson,
        name="hotspot_cells",
    ),
    path(
        "<str:municipality>/lagesbild/hotspots/berakna/",
        hotspots.hotspot_compute,
        name="hotspot_compute",
    ),
    path("<str:municipality>/lagesbild/<int:year>/", lagesbild.lagesbild, name="lagesbild"),
    path(
        "<str:municipality>/lagesbild/<int:year>/rapport/",
        lagesbild.lagesbild_report,
        name="lagesbild_report",
    ),
    path(
        "<str:municipality>/lagesbild/<int:year>/rapport.pdf",
        lagesbild.lagesbild_pdf,
        name="lagesbild_pdf",
    ),
    path(
        "<str:municipality>/lagesbild/<int:year>/berakna/",
        lagesbild.lagesbild_compute,
        name="lagesbild_compute",
    ),
    path(
        "<str:municipality>/lagesbild/<int:year>/godkann/",
        lagesbild.lagesbild_approve,
        name="lagesbild_approve",
    ),
    path(
        "<str:municipality>/lagesbild/<int:year>/annan-information/ny/",
        lagesbild.other_information_create,
        name="other_information_create",
    ),
    path(
        "<str:municipality>/lagesbild/annan-information/<int:pk>/",
        lagesbild.other_information_update,
        name="other_information_update",
    ),
    path("<str:municipality>/lagesbild/kallor/", imports.sources, name="sources"),
    path("<str:municipality>/lagesbild/kallor/ny/", imports.source_create, name="source_create"),
    path("<str:municipality>/lagesbild/kallor/<int:pk>/importera/", imports.upload, name="upload"),
    path("<str:municipality>/lagesbild/kallor/<int:pk>/typer/", imports.source_types, name="types"),
    path(
        "<str:municipality>/lagesbild/importer/<int:pk>/kolumner/",
        imports.columns,
        name="columns",
    ),
    path("<str:municipality>/lagesbild/importer/<int:pk>/", imports.run, name="run"),
    path("lagesbild/polisens-handelser/importera/", imports.police_upload, name="police_upload"),
    path("lagesbild/polisens-handelser/importer/<int:pk>/", imports.police_run, name="police_run"),
    path("<str:municipality>/lagesbild/larm/", alerts.alert_list, name="alerts"),
    path("<str:municipality>/lagesbild/larm/<int:pk>/", alerts.alert_detail, name="alert"),
    path(
        "<str:municipality>/lagesbild/larm/<int:pk>/kvittera/",
        alerts.alert_acknowledge,
        name="alert_acknowledge",
    ),
]
