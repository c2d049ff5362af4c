"""Mounted at ``staff/``: a municipality's incidents, their imports and alerts."""

from django.urls import path

from .views import alerts

app_name = "situation"
urlpatterns = [
    path("<str:municipality>/lagesbild/larm/", alerts.alert_list, name="alerts"),
    path("<str:municipality>/lagesbild/larm/<int:pk>/", alerts.alert_detail, name="alert"),
    path(
        "<str:municipality>/lagesbild/larm/<int:pk>/kvittera/",
        alerts.alert_acknowledge,
        name="alert_acknowledge",
    ),
]
