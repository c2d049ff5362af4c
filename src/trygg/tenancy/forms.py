from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership, Municipality, Organisation, Role


class MemberAddForm(forms.Form):
    identifier = forms.CharField(
        label=_("E-mail address or user name"),
        max_length=254,
        help_text=_(
            "A colleague who already has an account: their user name or e-mail address. "
            "Someone new: their e-mail address; they get a link to choose a password."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        help_text=_("For a new account only."),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        help_text=_("For a new account only."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)
    title = forms.CharField(
        label=_("Title"),
        max_length=100,
        required=False,
        help_text=_("E.g. kommunpolis, trygghetssamordnare."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class MemberRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "title"]


class PartnerForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the partner organisation"),
        max_length=200,
        help_text=_("E.g. Nattvandrarna i Kungsbacka, a housing company or a sports club."),
    )


class TwoFactorRequirementForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label=_("All staff sign in with a code from an authenticator app"),
        required=False,
        help_text=_(
            "Administrators always do. Staff without an app set it up at their next sign-in."
        ),
    )


class ResidentsContactForm(forms.Form):
    residents_contact = Municipality._meta.get_field("residents_contact").formfield(
        error_messages={
            "max_length": _(
                "The contact can be at most %(limit_value)d characters long (this one has "
                "%(show_value)d): it must fit on one line of the letter."
            )
        }
    )
