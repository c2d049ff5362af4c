"""Staff pages of what the dialogue found: results, files, the heat map and free text."""

from django.urls import path

from . import views

app_name = "insight"
urlpatterns = [
    path("dialog/<int:pk>/resultat/", views.staff_results, name="results"),
    path("dialog/<int:pk>/resultat.csv", views.staff_results_csv, name="results_csv"),
    path("dialog/<int:pk>/resultat.xlsx", views.staff_results_xlsx, name="results_xlsx"),
    path("dialog/<int:pk>/platser/", views.staff_places, name="places"),
    path("dialog/<int:pk>/platser.geojson", views.staff_places_geojson, name="places_geojson"),
    path("dialog/<int:pk>/fritext/", views.staff_free_text, name="free_text"),
]
