"""The published results, heat map and open data of a closed survey."""

from django.urls import path

from . import views

app_name = "insight_public"
urlpatterns = [
    path("<int:pk>/resultat/", views.public_results, name="results"),
    path("<int:pk>/resultat.csv", views.public_results_csv, name="results_csv"),
    path("<int:pk>/platser/", views.public_places, name="places"),
    path("<int:pk>/platser.geojson", views.public_places_geojson, name="places_geojson"),
]
