"""The public site: thin views over ``selectors``, which read only published data.

Everything here works without JavaScript and without a session. Uploaded files are
served only through the download views below, after checking that the agreement
they belong to is published; there is no public media folder.
"""

import datetime

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_safe

from trygg.dialogue import selectors as dialogue_selectors
from trygg.promises.documents import document_response
from trygg.reports.pdf import html_to_pdf, pdf_response
from trygg.situation import selectors as situation_selectors
from trygg.situation.lagesbild_services import reader_language
from trygg.situation.report import report_html
from trygg.tenancy.models import Municipality

from . import selectors

# When the accessibility statement was last reviewed; update it with the statement.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 12, 3)


def _municipality_or_404(slug: str) -> Municipality:
    return get_object_or_404(selectors.public_municipalities(), slug=slug)


@require_safe
def home(request):
    """Open surveys, what Trygg is, the municipalities with a published agreement, a search."""
    chosen = request.GET.get("kommun", "").strip()
    if chosen:
        municipality = selectors.public_municipalities().filter(slug=chosen).first()
        if municipality is not None:
            return redirect(municipality)
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "portal/home.html",
        {
            "published": selectors.municipalities_with_published_agreement(),
            "municipalities": selectors.municipalities(),
            "query": query,
            "results": selectors.search_municipalities(query) if query else None,
            "open_surveys": dialogue_selectors.all_open_surveys(),
        },
    )


@require_safe
def municipality(request, municipality):
    """The municipality's current agreement: its latest published one."""
    municipality = _municipality_or_404(municipality)
    agreements = list(selectors.published_agreements_of(municipality))
    current = agreements[0] if agreements else None
    return render(
        request,
        "portal/municipality.html",
        {
            "municipality": municipality,
            "page": selectors.agreement_page(current) if current else None,
            "earlier": agreements[1:],
            "is_current": True,
            "open_surveys": dialogue_selectors.open_surveys(municipality),
            "published_surveys": dialogue_selectors.published_surveys(municipality),
            "lagesbilder": situation_selectors.published_lagesbilder(municipality),
        },
    )


@require_safe
def archive(request, municipality):
    """Every published agreement of the municipality, latest first."""
    municipality = _municipality_or_404(municipality)
    agreements = list(selectors.published_agreements_of(municipality))
    return render(
        request,
        "portal/archive.html",
        {
            "municipality": municipality,
            "current": agreements[0] if agreements else None,
            "earlier": agreements[1:],
        },
    )


@require_safe
def agreement(request, municipality, pk):
    """One published agreement, current or earlier, at an address that stays."""
    municipality = _municipality_or_404(municipality)
    agreement = selectors.published_agreement(municipality, pk)
    if agreement is None:
        raise Http404
    current = selectors.current_agreement(municipality)
    return render(
        request,
        "portal/agreement.html",
        {
            "municipality": municipality,
            "page": selectors.agreement_page(agreement),
            "is_current": current is not None and current.pk == agreement.pk,
        },
    )


@require_safe
def promise(request, municipality, pk):
    """One promise with every progress update of its actions, newest first."""
    municipality = _municipality_or_404(municipality)
    promise = selectors.published_promise(municipality, pk)
    if promise is None:
        raise Http404
    current = selectors.current_agreement(municipality)
    return render(
        request,
        "portal/promise.html",
        {
            "municipality": municipality,
            "agreement": promise.focus_area.agreement,
            "item": selectors.promise_page(promise),
            "is_current": current is not None and current.pk == promise.focus_area.agreement_id,
        },
    )


def _file_response(field, download_name: str) -> FileResponse:
    # Typed by the file's bytes, never by its stored name (see promises.documents).
    return document_response(field, download_name)


@require_safe
def agreement_document(request, municipality, pk):
    """The signed PDF of a published agreement."""
    municipality = _municipality_or_404(municipality)
    agreement = selectors.published_agreement(municipality, pk)
    if agreement is None:
        raise Http404
    name = f"overenskommelse-{municipality.slug}-{agreement.starts_on:%Y}-{agreement.ends_on:%Y}"
    return _file_response(agreement.signed_document, name)


@require_safe
def update_attachment(request, municipality, pk):
    """The attachment of a progress update of a published agreement."""
    municipality = _municipality_or_404(municipality)
    update = selectors.published_update(municipality, pk)
    if update is None:
        raise Http404
    return _file_response(update.attachment, f"uppfoljning-{municipality.slug}-{update.pk}")


@require_safe
def accessibility(request):
    """The accessibility statement that lagen (2018:1937) requires."""
    return render(
        request,
        "portal/accessibility.html",
        {
            "contact_email": settings.TRYGG_CONTACT_EMAIL,
            "statement_date": ACCESSIBILITY_STATEMENT_DATE,
        },
    )


@require_safe
def about(request):
    return render(request, "portal/about.html")


def _published_lagesbild(slug: str, year: int):
    municipality = _municipality_or_404(slug)
    approval = situation_selectors.published_lagesbild(municipality, year)
    if approval is None:
        raise Http404
    return municipality, approval


def _lagesbild_context(request, municipality, approval) -> dict:
    """The approved figures in the reader's language, the page switched to theirs.

    An approval that holds no version in the reader's language (recorded before the
    lägesbild was made in it) is shown, page and all, in the language it was approved
    in, as a survey asked only in Swedish is: headings of one language around
    sentences of another would leave readers and screen readers guessing.
    """
    asked = reader_language()
    language, figures = approval.figures_in(asked)
    if language != asked:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    return {
        "municipality": municipality,
        "year": approval.year,
        "figures": figures,
        "approval": approval,
        "computed_at": approval.computed_at,
        "approved_only_in_swedish": language != asked,
    }


@require_safe
def lagesbild(request, municipality, year):
    """A lägesbild the steering group approved: its public version, as approved."""
    municipality, approval = _published_lagesbild(municipality, year)
    return render(
        request, "portal/lagesbild.html", _lagesbild_context(request, municipality, approval)
    )


@require_safe
def lagesbild_pdf(request, municipality, year):
    municipality, approval = _published_lagesbild(municipality, year)
    html = report_html(request, _lagesbild_context(request, municipality, approval), pdf=True)
    return pdf_response(html_to_pdf(html), f"lagesbild-{municipality.slug}-{approval.year}.pdf")
