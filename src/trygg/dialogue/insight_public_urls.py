"""The public heat map of a closed survey, under the municipality's public path."""

from django.urls import path

from . import insight_views as views

app_name = "insight_public"
urlpatterns = [
    path("<int:pk>/platser/", views.public_places, name="places"),
    path("<int:pk>/platser.geojson", views.public_places_geojson, name="places_geojson"),
]
