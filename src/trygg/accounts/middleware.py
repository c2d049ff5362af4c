"""No session without the second factor where one is needed.

The sign-in view already asks for the code, but a session can come about otherwise:
it was started before the municipality switched the requirement on, or before the
user was made an administrator, or before this check existed. Such a session is
ended on its next request and the user is asked to sign in again, so a requirement
takes effect at once, for Django admin (``/admin/``) as for every staff page.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from .policy import second_factor_needed


class SecondFactorMiddleware:
    """Runs after django-otp's ``OTPMiddleware``, which tells whether a session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and second_factor_needed(user):
            logout(request)
            messages.info(
                request,
                _("Sign in again: your account now needs a code from an authenticator app."),
            )
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
