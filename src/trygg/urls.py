from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from trygg.accounts.views import SignInView, admin_sign_in

urlpatterns = [
    path("konto/logga-in/", SignInView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", include("trygg.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("trygg.workspace.urls")),
    path("staff/", include("trygg.promises.urls")),
    path("staff/", include("trygg.dialogue.urls")),
    path("staff/", include("trygg.insight.urls")),
    path("staff/", include("trygg.population.urls")),
    path("staff/", include("trygg.tenancy.urls")),
    path("staff/", include("trygg.situation.urls")),
    path("staff/", include("trygg.plans.urls")),
    path("staff/<str:municipality>/omraden/", include("trygg.geo.urls")),
    path("karta/", include("trygg.geo.public_urls")),
    path("kommun/<slug:municipality>/dialog/", include("trygg.dialogue.public_urls")),
    path("kommun/<slug:municipality>/dialog/", include("trygg.insight.public_urls")),
    path("admin/login/", admin_sign_in),
    path("admin/", admin.site.urls),
    path("", include("trygg.portal.urls")),
]

# The error pages in the site's layout and the reader's language (core/error_pages.py).
handler400 = "trygg.core.error_pages.bad_request"
handler403 = "trygg.core.error_pages.permission_denied"
handler404 = "trygg.core.error_pages.page_not_found"
handler500 = "trygg.core.error_pages.server_error"
