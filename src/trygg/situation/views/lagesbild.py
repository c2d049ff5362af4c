"""The staff pages of a year's lägesbild: the figures, the report (HTML, PDF), the editor.

Every member reads it (``situation.view_lagesbild``); analysts ask for it to be
computed now; coordinators write its other information and record the steering
group's approval, which publishes the public version. A member of another
municipality gets 404 for every page and every method.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.errors import DomainError
from trygg.core.staff import get_permitted_or_404
from trygg.plans import rules as plan_perms
from trygg.plans import selectors as plan_selectors
from trygg.reports.pdf import html_to_pdf, pdf_response
from trygg.tenancy.models import Municipality

from .. import rules as perms
from ..forms import ApprovalForm, OtherInformationForm
from ..lagesbild_services import (
    add_other_information,
    approve_lagesbild,
    check_year,
    is_current,
    snapshot_of,
    update_other_information,
)
from ..models import LagesbildApproval, OtherInformation
from ..report import report_html
from ..tasks import request_lagesbild


def lagesbild_page(permission: str, methods: tuple[str, ...] = ("GET", "HEAD")):
    """A page of one municipality's lägesbild of a year, passed the Municipality and year.

    Who asks is checked before the method (a foreign municipality's pages are 404 to
    every method), and the year before anything else is read.
    """

    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapper(request: HttpRequest, municipality: str, year: int, **kwargs) -> HttpResponse:
            found = get_permitted_or_404(
                request, Municipality.objects, permission, code=municipality
            )
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            try:
                check_year(year)
            except DomainError as error:
                raise Http404(error.message) from error
            return view(request, found, year, **kwargs)

        return wrapper

    return decorator


def _figures_context(municipality: Municipality, year: int, *, public: bool) -> dict:
    snapshot = snapshot_of(municipality, year, public=public)
    computed = snapshot is not None and bool(snapshot.figures)
    return {
        "municipality": municipality,
        "year": year,
        "snapshot": snapshot if computed else None,
        "figures": snapshot.figures if computed else None,
        "current": computed and is_current(snapshot),
        "requested": snapshot is not None and not computed,
    }


def _page_url(municipality: Municipality, year: int) -> str:
    return reverse("situation:lagesbild", kwargs={"municipality": municipality.code, "year": year})


@lagesbild_page(perms.VIEW_LAGESBILD)
def lagesbild(request: HttpRequest, municipality: Municipality, year: int) -> HttpResponse:
    """The figures as staff see them, how fresh they are, the editor and the sign-off."""
    context = _figures_context(municipality, year, public=False)
    user = request.user
    context |= {
        "other_information": OtherInformation.objects.filter(municipality=municipality, year=year),
        "approval": LagesbildApproval.objects.filter(municipality=municipality, year=year).first(),
        "can_compute": user.has_perm(perms.COMPUTE_LAGESBILD, municipality),
        "can_edit": user.has_perm(perms.EDIT_LAGESBILD, municipality),
        "other_form": OtherInformationForm(),
        "approval_form": ApprovalForm(initial={"approved_on": timezone.localdate()}),
        # What became of each suggested problem in the action plan (plans owns that).
        "plan_suggestions": plan_selectors.suggestions_by_lagesbild_key(municipality, year),
        "can_take_over_problems": user.has_perm(plan_perms.ADD_PROBLEM, municipality),
    }
    return render(request, "situation/lagesbild.html", context)


def _report_context(municipality: Municipality, year: int, figures: dict, computed_at) -> dict:
    return {
        "municipality": municipality,
        "year": year,
        "figures": figures,
        "computed_at": computed_at,
    }


def _staff_report(municipality: Municipality, year: int) -> dict:
    snapshot = snapshot_of(municipality, year, public=False)
    if snapshot is None or not snapshot.figures:
        raise Http404(_("The lägesbild is not computed yet."))
    return _report_context(municipality, year, snapshot.figures, snapshot.computed_at)


@lagesbild_page(perms.VIEW_LAGESBILD)
def lagesbild_report(request: HttpRequest, municipality: Municipality, year: int) -> HttpResponse:
    """The report as a print-friendly page: the same template as the PDF."""
    return HttpResponse(report_html(request, _staff_report(municipality, year)))


@lagesbild_page(perms.VIEW_LAGESBILD)
def lagesbild_pdf(request: HttpRequest, municipality: Municipality, year: int) -> HttpResponse:
    pdf = html_to_pdf(report_html(request, _staff_report(municipality, year), pdf=True))
    return pdf_response(pdf, f"lagesbild-{municipality.slug}-{year}.pdf")


@lagesbild_page(perms.COMPUTE_LAGESBILD, methods=("POST",))
def lagesbild_compute(request: HttpRequest, municipality: Municipality, year: int) -> HttpResponse:
    """ "Compute now": queue the year's lägesbild in the background."""
    request_lagesbild(municipality, year, started_by=request.user)
    messages.success(request, _("The lägesbild is being computed; reload the page in a while."))
    return redirect(_page_url(municipality, year))


@lagesbild_page(perms.EDIT_LAGESBILD, methods=("GET", "HEAD", "POST"))
def other_information_create(
    request: HttpRequest, municipality: Municipality, year: int
) -> HttpResponse:
    form = OtherInformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_other_information(municipality, year, author=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            request_lagesbild(municipality, year, started_by=request.user)
            messages.success(request, _("The information is added."))
            return redirect(_page_url(municipality, year))
    return render(
        request,
        "situation/other_information_form.html",
        {"municipality": municipality, "year": year, "form": form, "item": None},
    )


@login_required
def other_information_update(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    found = get_permitted_or_404(
        request, Municipality.objects, perms.EDIT_LAGESBILD, code=municipality
    )
    item = get_object_or_404(OtherInformation, municipality=found, pk=pk)
    form = OtherInformationForm(
        request.POST or None,
        initial={"heading": item.heading, "text": item.text, "source": item.source},
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_other_information(item, author=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            request_lagesbild(found, item.year, started_by=request.user)
            messages.success(request, _("The information is saved."))
            return redirect(_page_url(found, item.year))
    return render(
        request,
        "situation/other_information_form.html",
        {"municipality": found, "year": item.year, "form": form, "item": item},
    )


@lagesbild_page(perms.EDIT_LAGESBILD, methods=("GET", "HEAD", "POST"))
def lagesbild_approve(request: HttpRequest, municipality: Municipality, year: int) -> HttpResponse:
    """Record that the steering group approved the year's lägesbild: it is then published."""
    form = ApprovalForm(request.POST or None, initial={"approved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            approve_lagesbild(municipality, year, recorded_by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The approval is recorded and the lägesbild is published."))
            return redirect(_page_url(municipality, year))
    return render(
        request,
        "situation/lagesbild_approve.html",
        {"municipality": municipality, "year": year, "form": form},
    )
