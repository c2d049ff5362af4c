from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("konto/logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("trygg.core.urls")),
    path("staff/", include("trygg.promises.urls")),
    path("staff/", include("trygg.dialogue.urls")),
    path("staff/", include("trygg.dialogue.insight_urls")),
    path("staff/", include("trygg.population.urls")),
    path("staff/<str:municipality>/omraden/", include("trygg.geo.urls")),
    path("kommun/<slug:municipality>/dialog/", include("trygg.dialogue.public_urls")),
    path("kommun/<slug:municipality>/dialog/", include("trygg.dialogue.insight_public_urls")),
    path("admin/", admin.site.urls),
    path("", include("trygg.portal.urls")),
]
