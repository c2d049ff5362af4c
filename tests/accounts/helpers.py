"""Signing in as a browser would, and the code an authenticator app would show."""

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery staple"


def sign_in(client, username: str, password: str = PASSWORD, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def app_code(device: TOTPDevice) -> str:
    """The code the user's app shows now (django-otp's own TOTP, as the app computes it)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def enter_code(client, code: str):
    return client.post(reverse("accounts:second_step"), {"code": code})


def is_signed_in(client) -> bool:
    return client.get(reverse("workspace:home")).status_code == 200
