"""Mounted at ``staff/<municipality code>/omraden/``."""

from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("", views.area_list, name="areas"),
    path("importera/", views.area_import, name="import"),
    path("platser/", views.landmark_add, name="landmark_add"),
    path("platser/<int:pk>/ta-bort/", views.LandmarkDeleteView.as_view(), name="landmark_delete"),
]
