"""The public heat map and open data of a closed survey, under the municipality's path."""

from django.urls import path

from . import insight_views as views

app_name = "insight_public"
urlpatterns = [
    path("<int:pk>/platser/", views.public_places, name="places"),
    path("<int:pk>/platser.geojson", views.public_places_geojson, name="places_geojson"),
    path("<int:pk>/resultat.csv", views.public_results_csv, name="results_csv"),
]
