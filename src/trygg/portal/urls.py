from django.urls import path

from . import feeds, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("kommun/<slug:municipality>/", views.municipality, name="municipality"),
    path(
        "kommun/<slug:municipality>/overenskommelser/",
        views.archive,
        name="archive",
    ),
    path(
        "kommun/<slug:municipality>/overenskommelser/<int:pk>/",
        views.agreement,
        name="agreement",
    ),
    path(
        "kommun/<slug:municipality>/overenskommelser/<int:pk>/avtal/",
        views.agreement_document,
        name="agreement_document",
    ),
    path("kommun/<slug:municipality>/loften/<int:pk>/", views.promise, name="promise"),
    path(
        "kommun/<slug:municipality>/uppfoljning/<int:pk>/bilaga/",
        views.update_attachment,
        name="update_attachment",
    ),
    path(
        "kommun/<slug:municipality>/uppfoljning.atom",
        feeds.ProgressFeed(),
        name="feed",
    ),
    path(
        "kommun/<slug:municipality>/lagesbild/<int:year>/",
        views.lagesbild,
        name="lagesbild",
    ),
    path(
        "kommun/<slug:municipality>/lagesbild/<int:year>/lagesbild.pdf",
        views.lagesbild_pdf,
        name="lagesbild_pdf",
    ),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("om-trygg/", views.about, name="about"),
]
