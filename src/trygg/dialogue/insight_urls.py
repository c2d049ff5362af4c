"""Staff pages of what the dialogue found: the heat map of unsafe places and free text."""

from django.urls import path

from . import insight_views as views

app_name = "insight"
urlpatterns = [
    path("dialog/<int:pk>/platser/", views.staff_places, name="places"),
    path("dialog/<int:pk>/platser.geojson", views.staff_places_geojson, name="places_geojson"),
    path("dialog/<int:pk>/fritext/", views.staff_free_text, name="free_text"),
]
