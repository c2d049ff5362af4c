"""The second factor: an authenticator app (TOTP) and one-time recovery codes (django-otp).

A user has at most one confirmed authenticator (``TOTPDevice``) and one set of
recovery codes (``StaticDevice``). Setting up shows a QR code and the secret as text
and is confirmed by a first code from the app, in the same transaction as the
recovery codes are made, so a user never ends up with an app and no way back.
Codes are checked with the device row locked: a code is accepted once (django-otp
keeps the last time step used) and wrong codes slow further tries down (its
throttling, stored on the device).
"""

import base64
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.core.errors import DomainError
from trygg.core.qr import inline_svg

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the QR code (inline SVG) and the same secret as text."""

    device: TOTPDevice
    qr_svg: str
    secret: str


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def start_enrolment(user) -> Enrolment:
    """The unconfirmed authenticator of ``user``, made if missing, ready to be scanned.

    Reloading the page shows the same secret, so a half-scanned QR code stays valid.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return Enrolment(
        device=device,
        qr_svg=inline_svg(device.config_url),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )


def confirm_enrolment(user, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the new authenticator with a code from it; returns it and fresh recovery codes.

    Replaces any earlier authenticator and recovery codes of ``user``. Raises
    ``DomainError`` if there is nothing to confirm or the code is wrong.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        accepted, throttled = _check(device, code)
        if accepted:
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(user)
    # Raised outside the transaction: the wrong try counts towards the throttling.
    if device is None:
        raise DomainError(_("Start the set-up again: the code from the app has expired."))
    if not accepted:
        raise DomainError(_wrong_code_message(throttled))
    return device, codes


def verify(user, code: str):
    """The device that accepts ``code`` for ``user`` (app code or recovery code), else DomainError.

    A recovery code is spent when used. The rows are locked, so the same code sent
    twice at once is accepted once.
    """
    code = "".join(code.split()).lower()
    devices = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        device = devices.objects.select_for_update().filter(user=user, confirmed=True).first()
        accepted, throttled = _check(device, code)
    # Raised outside the transaction: the wrong try counts towards the throttling.
    if not accepted:
        raise DomainError(_wrong_code_message(throttled))
    return device


@transaction.atomic
def replace_recovery_codes(user) -> list[str]:
    """New recovery codes for a user with an authenticator; the old ones stop working."""
    if confirmed_app(user) is None:
        raise DomainError(_("Set up an authenticator app first."))
    return _new_recovery_codes(user)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _check(device, code: str) -> tuple[bool, bool]:
    """(accepted, throttled): throttled when the device refused to look at the code at all."""
    if device is None:
        return False, False
    if not device.verify_is_allowed()[0]:
        return False, True
    return device.verify_token(code), False


def _wrong_code_message(throttled: bool) -> str:
    if throttled:
        return _("Too many wrong codes in a row. Wait a moment and try again.")
    return _("The code is wrong or has already been used. Enter the code the app shows now.")


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _number in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
