"""Mounted at ``staff/``: a municipality's incidents, their imports and alerts."""

from django.urls import path  # noqa: F401  (the routes follow)

from . import views  # noqa: F401

app_name = "situation"
urlpatterns: list = []
