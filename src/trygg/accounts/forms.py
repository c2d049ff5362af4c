from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from trygg.core.network import client_address

from .throttle import one_attempt_at_a_time


class SignInForm(AuthenticationForm):
    """The password step; attempts on one account or from one address run one at a time."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django sets the field's max_length after construction, so no validator checks
        # it: an over-long name would reach django-axes, whose record of the attempt
        # (255 characters) PostgreSQL then refuses with a server error.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        refusal = None
        with one_attempt_at_a_time(username, client_address(self.request)):
            try:
                super().clean()
            except ValidationError as error:
                # Raised after the transaction: the failure django-axes recorded in it
                # must be committed, not rolled back with the exception.
                refusal = error
        if refusal is not None:
            raise refusal
        return self.cleaned_data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class AppCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=32,
        help_text=_("The six digits the app shows after you have added Trygg to it."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
