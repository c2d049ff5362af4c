"""The lägesbild's report page, rendered for the print page, the PDF and the command."""

from django.http import HttpRequest
from django.template.loader import render_to_string


def report_html(request: HttpRequest | None, context: dict, *, pdf: bool = False) -> str:
    """The report's page; for the PDF (``pdf``) with its stylesheets inlined."""
    return render_to_string(
        "situation/lagesbild_report.html", context | {"for_pdf": pdf}, request=request
    )
