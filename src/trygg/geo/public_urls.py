"""Mounted at ``karta/``: public files every map reads."""

from django.urls import path

from . import public_views

app_name = "geo_public"
urlpatterns = [
    path("baskarta.pmtiles", public_views.base_map_tiles, name="base_map_tiles"),
]
