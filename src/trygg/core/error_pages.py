"""The error pages: what went wrong, in the reader's language, and a way on.

Django's own pages (used when ``DEBUG`` is off) are bare English. These render the
site's layout with links that help: the start page always, the municipality's page
when the address was under one, the staff workspace or the sign-in for staff
addresses. ``server_error`` touches neither the database nor the request: it runs
when either may be what failed.
"""

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from trygg.tenancy.models import Municipality

__all__ = ["bad_request", "csrf_failure", "page_not_found", "permission_denied", "server_error"]

STAFF_PREFIX = "/staff/"


def _municipality_of(request: HttpRequest) -> Municipality | None:
    """The municipality the address was under, if the reader may see that it exists."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    key = match.kwargs.get("municipality")
    if not key:
        return None
    if request.path_info.startswith(STAFF_PREFIX):
        # Staff addresses name the kommunkod; a foreign one stays unnamed (404, not 403).
        return Municipality.objects.visible_to(request.user).filter(code=key).first()
    return Municipality.objects.defer("border").filter(slug=key).first()


def _ways_on(request: HttpRequest) -> list[tuple[str, str]]:
    """Links for the page: (address, text), the most helpful first."""
    links = []
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    municipality = _municipality_of(request) if user is not None else None
    if municipality is not None:
        if request.path_info.startswith(STAFF_PREFIX):
            links.append(
                (
                    reverse("promises:agreements", kwargs={"municipality": municipality.code}),
                    _("The agreements of %(municipality)s") % {"municipality": municipality},
                )
            )
        else:
            links.append(
                (
                    reverse("portal:municipality", kwargs={"municipality": municipality.slug}),
                    _("The page of %(municipality)s") % {"municipality": municipality},
                )
            )
    if signed_in:
        links.append((reverse("workspace:home"), _("Your staff workspace")))
    elif request.path_info.startswith(STAFF_PREFIX):
        back = request.get_full_path()
        sign_in = reverse("login")
        if url_has_allowed_host_and_scheme(back, allowed_hosts=None):
            sign_in += "?" + urlencode({"next": back})
        links.append((sign_in, _("Sign in as staff")))
    links.append((reverse("portal:home"), _("Trygg's start page")))
    return links


def _render(
    request: HttpRequest, template: str, response_class: type[HttpResponse], **context
) -> HttpResponse:
    body = loader.render_to_string(
        template, {"ways_on": _ways_on(request), **context}, request=request
    )
    return response_class(body)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a malformed request. Kept simple: the request itself may be what is wrong."""
    body = loader.render_to_string(
        "400.html", {"ways_on": [(reverse("portal:home"), _("Trygg's start page"))]}
    )
    return HttpResponseBadRequest(body)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: signed in, but this role may not do this here."""
    return _render(request, "403.html", HttpResponseForbidden)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: no such page, or one the reader may not know of."""
    return _render(request, "404.html", HttpResponseNotFound)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: rendered without a request context and without the database."""
    return HttpResponseServerError(loader.render_to_string("500.html"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a form sent without a valid CSRF token (CSRF_FAILURE_VIEW).

    Most often the page was open so long that the session ended, or cookies are
    blocked; the reader is told how to go on, not why Django refused.
    """
    return _render(
        request,
        "403_csrf.html",
        HttpResponseForbidden,
        no_cookies=reason == "CSRF cookie not set.",
    )
