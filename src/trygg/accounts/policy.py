"""Who must sign in with a second factor.

With ``TRYGG_REQUIRE_TWO_FACTOR`` on (the default), a second factor is required of
operators (``is_staff``: they reach Django admin), of every municipal administrator
(the ``admin`` role anywhere) and of all staff of a municipality that requires it
(``Municipality.require_two_factor``), police members included when any municipality
of their police area requires it. Whoever has set up an authenticator app is asked
for its code whatever the setting: a factor someone chose is never skipped.
"""

from django.conf import settings
from django.db.models import Q
from django_otp import user_has_device

from trygg.tenancy.models import Membership, Role


def two_factor_required(user) -> bool:
    """Whether ``user`` may sign in only with a second factor."""
    if not settings.TRYGG_REQUIRE_TWO_FACTOR or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return (
        Membership.objects.filter(user=user)
        .filter(
            Q(role=Role.ADMIN)
            | Q(organisation__municipality__require_two_factor=True)
            | Q(organisation__police_area__municipalities__require_two_factor=True)
        )
        .exists()
    )


def second_factor_needed(user) -> bool:
    """Whether signing in as ``user`` takes a code after the password."""
    return user_has_device(user, confirmed=True) or two_factor_required(user)
