"""Reports as PDF: the print page's HTML laid out by WeasyPrint, with nothing fetched.

A report's page is the same template as its HTML version; its stylesheet is inlined
(``{% inline_static %}``) and its charts are inline SVG, so WeasyPrint needs no URL:
a fetcher that refuses every one keeps a report from ever reaching the network (and
a staff page from reaching itself). Fonts are the system's (Debian's DejaVu).
"""

from django.http import HttpResponse


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"a report fetches nothing: {url}")


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document."""
    # Imported here: WeasyPrint loads Pango when imported, and only a PDF needs it.
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
