from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/kod/", views.second_step, name="second_step"),
    path("tvastegsverifiering/", views.two_factor_settings, name="two_factor"),
    path("tvastegsverifiering/ny-app/", views.set_up, name="set_up"),
    # The link an invited colleague gets (Django's password-reset token: it works once,
    # and stops working when the password or the last sign-in changes).
    path(
        "losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_set.html",
            success_url=reverse_lazy("accounts:password_set_done"),
        ),
        name="password_set",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_set_done.html"
        ),
        name="password_set_done",
    ),
]
