"""Staff sign-in in two steps: the password, then a code from the authenticator app.

The password step never signs anyone in who needs a second factor: it keeps only a
pending sign-in in the session (the user, their password's fingerprint and the time),
valid for ``PENDING_FOR``. The second step checks the code, or sets up the app when a
second factor is required and none exists yet, and only then signs in.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from trygg.core.errors import DomainError

from . import two_factor
from .forms import AppCodeForm, CodeForm, SignInForm
from .policy import second_factor_needed, two_factor_required
from .throttle import forget_own_failures

PENDING = "trygg_sign_in_pending"
PENDING_FOR = 10 * 60  # seconds between the password and the code


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            password_only=not settings.TRYGG_REQUIRE_TWO_FACTOR, **kwargs
        )

    def form_valid(self, form):
        user = form.get_user()
        if not second_factor_needed(user):
            response = super().form_valid(form)
            forget_own_failures(self.request, user.get_username())
            return response
        # A fresh session key, so a session fixed before the password is not the one
        # that carries the pending sign-in.
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "since": time.time(),
            "next": self.get_success_url(),
            "password": user.get_session_auth_hash(),
        }
        return redirect("accounts:second_step")


def _pending(request):
    """The user whose password was right a moment ago in this session, or None."""
    state = request.session.get(PENDING)
    if not isinstance(state, dict) or time.time() - state.get("since", 0) > PENDING_FOR:
        return None, None
    user = get_user_model().objects.filter(pk=state.get("user"), is_active=True).first()
    if user is None or not constant_time_compare(
        user.get_session_auth_hash(), state.get("password", "")
    ):
        return None, None
    return user, state


def _finish(request, user, state, device) -> None:
    del request.session[PENDING]
    auth_login(request, user, backend=state["backend"])
    otp_login(request, device)
    forget_own_failures(request, user.get_username())


@never_cache
@sensitive_post_parameters("code")
def second_step(request):
    """Ask for the code (or set up the app first), then sign in."""
    user, state = _pending(request)
    if user is None:
        request.session.pop(PENDING, None)
        messages.error(request, _("The sign-in took too long or was interrupted. Sign in again."))
        return redirect("login")
    if two_factor.confirmed_app(user) is None:
        return _set_up(request, user, state)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify(user, form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            _finish(request, user, state, device)
            return redirect(state["next"])
    return render(request, "accounts/verify.html", {"form": form, "user_name": user})


def _set_up(request, user, state):
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor.confirm_enrolment(user, form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            _finish(request, user, state, device)
            return _recovery_codes_page(request, codes, state["next"])
    return render(
        request,
        "accounts/set_up.html",
        {
            "form": form,
            "enrolment": two_factor.start_enrolment(user),
            "required": two_factor_required(user),
            "during_sign_in": True,
        },
    )


def _recovery_codes_page(request, codes: list[str], next_url: str):
    response = render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next_url": next_url}
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@sensitive_post_parameters("code")
def set_up(request):
    """A signed-in user adds (or replaces) their authenticator app."""
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor.confirm_enrolment(request.user, form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            # This session has now shown the new factor; without it the next request
            # would count as unverified and sign the user out.
            otp_login(request, device)
            return _recovery_codes_page(request, codes, reverse("accounts:two_factor"))
    return render(
        request,
        "accounts/set_up.html",
        {
            "form": form,
            "enrolment": two_factor.start_enrolment(request.user),
            "required": two_factor_required(request.user),
            "during_sign_in": False,
        },
    )


@never_cache
@login_required
def two_factor_settings(request):
    """The signed-in user's second factor: whether it is set up, new recovery codes."""
    if request.method == "POST":
        try:
            codes = two_factor.replace_recovery_codes(request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return _recovery_codes_page(request, codes, reverse("accounts:two_factor"))
    return render(
        request,
        "accounts/two_factor.html",
        {
            "app": two_factor.confirmed_app(request.user),
            "codes_left": two_factor.recovery_codes_left(request.user),
            "required": two_factor_required(request.user),
        },
    )


def admin_sign_in(request):
    """Django admin's own sign-in would skip the second factor: send it to ours."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


def locked_out(request, original_response=None, credentials=None):
    """django-axes' refusal, as a page of the site (``AXES_LOCKOUT_CALLABLE``)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
