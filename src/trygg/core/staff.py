"""Machinery shared by staff views: tenant-scoped lookups and the service-backed form view."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST

from trygg.core.errors import DomainError


def get_permitted_or_404(request, queryset: models.QuerySet, permission: str, **lookup):
    """The object the user may see (else 404) and act on with ``permission`` (else 403).

    A foreign municipality's objects are 404, so their existence is not disclosed;
    a member without the role for the action gets 403.
    """
    obj = get_object_or_404(queryset.visible_to(request.user), **lookup)
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied
    return obj


class PermissionNamedMixin(LoginRequiredMixin):
    """A staff view acts under one named permission, which it must declare.

    There is no default: a view that forgot it is a configuration error, said as such
    on the first request, not an open door or an ``AttributeError``.
    """

    permission: str

    def get_permission(self) -> str:
        permission = getattr(self, "permission", "")
        if not permission:
            raise ImproperlyConfigured(
                f"{type(self).__name__} must name the permission it acts under "
                "(set permission = a rule from the app's rules module)."
            )
        return permission


class ServiceFormView(PermissionNamedMixin, View):
    """Create or edit one object through a service function.

    For an edit, ``model`` names the object, found by ``pk``. For a create,
    ``parent_model`` names its parent, found by ``pk`` (or by ``municipality`` code when
    the parent is a Municipality), and ``parent_field`` the foreign key to set. The
    service saves or raises a ``DomainError``, which is shown on the form.
    ``permission`` (required) is checked on the object, or on the parent for a new one.
    """

    form_class: type
    service: Callable
    model: type[models.Model] | None = None
    parent_model: type[models.Model] | None = None
    parent_field = ""
    parent_lookup = "pk"
    title = ""
    template_name = "core/form.html"
    success_message = ""

    def get_instance(self):
        if self.model is not None:
            return get_permitted_or_404(
                self.request, self.model.objects, self.get_permission(), pk=self.kwargs["pk"]
            )
        self.parent = get_permitted_or_404(
            self.request,
            self.parent_model.objects,
            self.get_permission(),
            **{self.parent_lookup: self.kwargs[self.parent_lookup]},
        )
        return self.form_class._meta.model(**{self.parent_field: self.parent})

    def get_success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def get_cancel_url(self, instance) -> str:
        """Where Cancel leads: the object's page, or for a new one its parent's."""
        return (instance if instance.pk else self.parent).get_absolute_url()

    def get_context_data(self, form, instance) -> dict:
        """What the form's page shows; a subclass adds what its breadcrumbs need."""
        return {
            "form": form,
            "object": instance,
            "title": self.title,
            "cancel_url": self.get_cancel_url(instance),
        }

    def render_form(self, form, instance):
        return render(self.request, self.template_name, self.get_context_data(form, instance))

    def get(self, request, **kwargs):
        instance = self.get_instance()
        return self.render_form(self.form_class(instance=instance), instance)

    def post(self, request, **kwargs):
        instance = self.get_instance()
        form = self.form_class(request.POST, request.FILES, instance=instance)
        if form.is_valid():
            try:
                obj = self.save(form, request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(self.get_success_url(obj))
        return self.render_form(form, instance)

    def save(self, form, user):
        return type(self).service(form.instance, user)


class ServiceDeleteView(PermissionNamedMixin, View):
    """Ask, then delete one object through a service; refusals are shown as messages."""

    model: type[models.Model]
    service: Callable
    template_name = "core/confirm_delete.html"
    success_message = _("Deleted.")

    def get_object(self):
        return get_permitted_or_404(
            self.request, self.model.objects, self.get_permission(), pk=self.kwargs["pk"]
        )

    def get(self, request, **kwargs):
        obj = self.get_object()
        return render(request, self.template_name, self.get_context_data(obj))

    def get_context_data(self, obj) -> dict:
        return {
            "object": obj,
            "what": obj._meta.verbose_name,
            "cancel_url": self.get_cancel_url(obj),
        }

    def post(self, request, **kwargs):
        obj = self.get_object()
        try:
            result = type(self).service(obj, request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(self.get_cancel_url(obj))
        messages.success(request, self.get_success_message(obj))
        return redirect(self.get_success_url(obj, result))

    def get_success_message(self, obj) -> str:
        return self.success_message

    def get_success_url(self, obj, result) -> str:
        """Where to go after: by default what the service returned (the parent)."""
        return result

    def get_cancel_url(self, obj) -> str:
        """Where Cancel (and a refusal) leads: by default the object's own page."""
        return obj.get_absolute_url()


def object_action(model: type[models.Model], permission: str, action: Callable, done: str):
    """A POST-only view that runs ``action(obj, user)`` on one object and goes back to it.

    A refusal (``DomainError``) becomes an error message, success the ``done`` message.
    """

    @login_required
    @require_POST
    def view(request, pk):
        obj = get_permitted_or_404(request, model.objects, permission, pk=pk)
        try:
            action(obj, request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
        return redirect(obj)

    return view
