"""Mounted at ``staff/``: a municipality's population counts and a survey's weights."""

from django.urls import path

from . import views

app_name = "population"
urlpatterns = [
    path("<str:municipality>/befolkning/", views.population_counts, name="counts"),
    path("<str:municipality>/befolkning/importera/", views.population_import, name="import"),
    path("dialog/<int:pk>/vikter/", views.survey_weights, name="weights"),
    path("dialog/<int:pk>/vikter/berakna/", views.weights_compute, name="weights_compute"),
]
