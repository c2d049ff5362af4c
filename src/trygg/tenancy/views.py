"""The municipal administrator's staff page: colleagues, partner organisations, two-step sign-in.

Thin: every object is found through ``get_permitted_or_404`` (a foreign municipality's
is 404, a member without the admin role gets 403) and every write is a service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.errors import DomainError
from trygg.core.staff import ServiceDeleteView, get_permitted_or_404

from . import selectors, services
from .forms import (
    MemberAddForm,
    MemberRoleForm,
    PartnerForm,
    ResidentsContactForm,
    TwoFactorRequirementForm,
)
from .models import Membership, Municipality, Organisation
from .rules import MANAGE_MEMBERS


def _municipality(request, code: str) -> Municipality:
    return get_permitted_or_404(request, Municipality.objects, MANAGE_MEMBERS, code=code)


def _members_url(municipality: Municipality) -> str:
    return reverse("tenancy:members", kwargs={"municipality": municipality.code})


@login_required
def members(request, municipality):
    municipality = _municipality(request, municipality)
    return render(
        request,
        "tenancy/members.html",
        {
            "municipality": municipality,
            "memberships": selectors.managed_memberships(municipality),
            "police_memberships": selectors.police_memberships(municipality),
            "partners": selectors.partners(municipality),
            "history": selectors.staff_history(municipality),
            "two_factor_form": TwoFactorRequirementForm(
                initial={"require_two_factor": municipality.require_two_factor}
            ),
            "contact_form": ResidentsContactForm(
                initial={"residents_contact": municipality.residents_contact}
            ),
        },
    )


@login_required
def member_add(request, municipality):
    municipality = _municipality(request, municipality)
    organisations = services.manageable_organisations(municipality)
    form = MemberAddForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.add_member(
                municipality,
                request.user,
                identifier=data["identifier"],
                organisation=data["organisation"],
                role=data["role"],
                title=data["title"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password_link=lambda user: _password_link(request, user),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            name = services.display_name(added.membership.user)
            if added.invited:
                messages.success(
                    request,
                    _("%(name)s was invited: a link to choose a password was sent to %(email)s.")
                    % {"name": name, "email": added.membership.user.email},
                )
            else:
                messages.success(request, _("%(name)s was added.") % {"name": name})
            return redirect(_members_url(municipality))
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Add a colleague to %(municipality)s") % {"municipality": municipality},
            "cancel_url": _members_url(municipality),
        },
    )


def _password_link(request, user) -> str:
    path = reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


@login_required
def member_update(request, pk):
    membership = get_permitted_or_404(request, Membership.objects, MANAGE_MEMBERS, pk=pk)
    form = MemberRoleForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(
                membership,
                request.user,
                role=form.cleaned_data["role"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The role was changed."))
            return redirect(_members_url(membership.municipality))
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "object": membership,
            "title": _("Role of %(name)s") % {"name": services.display_name(membership.user)},
            "cancel_url": _members_url(membership.municipality),
        },
    )


class _StaffRemoval(ServiceDeleteView):
    """Ask, then remove through a service, and go back to the staff page."""

    permission = MANAGE_MEMBERS
    template_name = "tenancy/confirm_remove.html"

    def get_cancel_url(self, obj) -> str:
        return _members_url(obj.municipality)

    def get_success_url(self, obj, result) -> str:
        return self.get_cancel_url(obj)


class MemberRemove(_StaffRemoval):
    model = Membership
    service = services.remove_member

    def get_context_data(self, membership) -> dict:
        names = {
            "name": services.display_name(membership.user),
            "organisation": membership.organisation,
        }
        return {
            "title": _("Remove %(name)s from %(organisation)s?") % names,
            "explanation": _(
                "They lose the access this role gives. Their account stays, as does "
                "everything they have done; the history keeps who removed them and when."
            ),
            "cancel_url": self.get_cancel_url(membership),
        }

    def get_success_message(self, membership) -> str:
        return _("%(name)s no longer has a role in %(organisation)s.") % {
            "name": services.display_name(membership.user),
            "organisation": membership.organisation,
        }


@login_required
def partner_create(request, municipality):
    municipality = _municipality(request, municipality)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.add_partner(
                municipality, request.user, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": partner})
            return redirect(_members_url(municipality))
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Add a partner organisation"),
            "cancel_url": _members_url(municipality),
        },
    )


class PartnerRemove(_StaffRemoval):
    model = Organisation
    service = services.remove_partner

    def get_context_data(self, partner) -> dict:
        return {
            "title": _("Remove the partner organisation %(name)s?") % {"name": partner},
            "explanation": _("Only an organisation without members can be removed."),
            "cancel_url": self.get_cancel_url(partner),
        }

    def get_success_message(self, partner) -> str:
        return _("%(name)s was removed.") % {"name": partner}


def _members_setting(request, municipality: str, form_class, change) -> HttpResponse:
    """One setting of the members page, posted by a small form of its own.

    ``change(municipality, user, cleaned_data)`` stores it through its service and
    returns the message that says what now holds.
    """
    municipality = _municipality(request, municipality)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = change(municipality, request.user, form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, message)
    else:
        messages.error(request, next(iter(form.errors.values()))[0])
    return redirect(_members_url(municipality))


@login_required
@require_POST
def two_factor_requirement(request, municipality):
    def change(municipality, user, data) -> str:
        required = data["require_two_factor"]
        services.set_two_factor_requirement(municipality, user, required=required)
        if required:
            return _("All staff now sign in with a code from an authenticator app.")
        return _("Only administrators must now sign in with a code from an app.")

    return _members_setting(request, municipality, TwoFactorRequirementForm, change)


@login_required
@require_POST
def residents_contact(request, municipality):
    def change(municipality, user, data) -> str:
        contact = data["residents_contact"]
        services.set_residents_contact(municipality, user, contact=contact)
        if contact.strip():
            return _("The letters now print this contact for residents' questions.")
        return _("The letters now print no contact.")

    return _members_setting(request, municipality, ResidentsContactForm, change)
