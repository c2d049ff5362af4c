"""Mounted at ``staff/<municipality code>/omraden/``."""

from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("", views.area_list, name="areas"),
    path("importera/", views.area_import, name="import"),
]
