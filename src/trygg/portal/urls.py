from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("kommun/<slug:municipality>/", views.municipality, name="municipality"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
