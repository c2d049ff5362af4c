"""The project's URLs and error handlers, plus views that fail, for the error-page tests."""

from django.db import OperationalError
from django.urls import path

from trygg.urls import handler400, handler403, handler404, handler500
from trygg.urls import urlpatterns as project


def crash(request):
    raise RuntimeError("a bug")


def database_down(request):
    raise OperationalError("could not connect to server")


urlpatterns = [
    path("test-fel/krasch/", crash),
    path("test-fel/databasen/", database_down),
    *project,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
