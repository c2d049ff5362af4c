"""Survey results as files, in the columns analysts load into R or Excel: CSV and XLSX.

Both files hold the same rows (question × domain × answer) and columns, from the
disclosure-controlled results (see ``results``): a hidden group's n, estimate and
interval are left empty, and the column ``suppressed`` says why (``below_threshold``:
fewer respondents than the threshold; ``complementary``: hidden so that such a group
cannot be derived from the others). The public open-data file has the same layout
with the survey in a first column, ``survey``.
"""

import csv
import datetime
import math
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from trygg.dialogue.models import Survey

from .results import (
    GROUPINGS,
    DomainRow,
    Figure,
    Protection,
    QuestionResult,
    suppression_threshold,
)

HEADER = [
    "question_key",
    "question",
    "grouping",
    "domain",
    "answer",
    "n",
    "estimate",
    "ci_low",
    "ci_high",
    "suppressed",
]
# The open-data file names the survey in each row, so that files of several years
# can be stacked.
PUBLIC_HEADER = ["survey", *HEADER]


@dataclass(frozen=True)
class _Row:
    result: QuestionResult
    grouping: str
    domain: DomainRow
    column: str
    figure: Figure

    def leading(self) -> list:
        return [
            self.result.key,
            self.result.text,
            self.grouping,
            self.domain.label,
            self.column,
            self.domain.n,
        ]

    def suppression(self) -> str:
        return "" if not self.domain.suppressed else str(self.domain.protection)

    def figures(self) -> tuple[float | None, float | None, float | None]:
        if self.figure.suppressed:
            return (None, None, None)
        return (self.figure.estimate, self.figure.ci_low, self.figure.ci_high)


def _rows(results: list[QuestionResult]) -> Iterator[_Row]:
    """One row per question × domain × answer, in the order of the results page."""
    for result in results:
        for grouping in GROUPINGS:
            for domain in result.groups.get(grouping, ()):
                for column, figure in zip(result.columns, domain.figures, strict=True):
                    yield _Row(result, grouping, domain, column, figure)


def results_download(survey: Survey, extension: str, content_type: str) -> HttpResponse:
    """An empty response that downloads as ``<municipality>-<year>-resultat.<extension>``."""
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{survey.municipality.slug}-{survey.year}-resultat.{extension}"'
    )
    return response


def write_results_csv(results: list[QuestionResult], stream, *, survey: str | None = None) -> None:
    """One row per question × domain × answer; suppressed figures are left empty.

    With ``survey`` (the public open-data file), the columns are ``PUBLIC_HEADER``,
    led by that name and written with a byte order mark so that Excel reads å, ä
    and ö as UTF-8; without it, ``HEADER``.
    """
    writer = csv.writer(stream)
    lead = [] if survey is None else [survey]
    if survey is not None:
        stream.write("\ufeff")
    writer.writerow(HEADER if survey is None else PUBLIC_HEADER)
    for row in _rows(results):
        writer.writerow(
            [
                *lead,
                *row.leading(),
                *("" if value is None else f"{value:.6f}" for value in row.figures()),
                row.suppression(),
            ]
        )


@dataclass(frozen=True)
class AboutTheFigures:
    """What the second sheet says about the figures."""

    survey: str
    municipality: str
    exported_on: datetime.date
    threshold: int
    weighting: str


PERCENT = "0.0%"
MEAN = "0.00"


def write_results_xlsx(results: list[QuestionResult], stream, about: AboutTheFigures) -> None:
    """The CSV's rows as a workbook, with a second sheet about the figures.

    The header is bold and frozen; n is an integer, a share and its interval are
    numbers shown as percent, a mean as a number with two decimals. A suppressed
    figure is an empty cell with a comment saying why.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Results")[:31]
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    below_threshold = _("Under the threshold: fewer than %(threshold)d answers.") % {
        "threshold": about.threshold
    }
    complementary = _(
        "Hidden so that a group under the threshold cannot be worked out from the others."
    )
    no_estimate = _("No estimate could be made from these answers.")
    for row in _rows(results):
        figures = row.figures()
        sheet.append(
            [
                *row.leading(),
                *(None if v is None or not math.isfinite(v) else v for v in figures),
                row.suppression() or None,
            ]
        )
        line = sheet.max_row
        number_format = PERCENT if row.result.kind == "proportion" else MEAN
        for column in (7, 8, 9):
            sheet.cell(line, column).number_format = number_format
        sheet.cell(line, 6).number_format = "0"
        if figures[0] is None:
            reason = {
                Protection.BELOW_THRESHOLD: below_threshold,
                Protection.COMPLEMENTARY: complementary,
            }.get(row.domain.protection, no_estimate)
            sheet.cell(line, 7).comment = Comment(reason, "Trygg")
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{sheet.max_row}"
    widths = (18, 50, 12, 24, 28, 8, 11, 11, 11, 16)
    for column, width in zip("ABCDEFGHIJ", widths, strict=True):
        sheet.column_dimensions[column].width = width
    _about_sheet(workbook, about)
    workbook.save(stream)


def _about_sheet(workbook: Workbook, about: AboutTheFigures) -> None:
    sheet = workbook.create_sheet(_("About the figures")[:31])
    rows = [
        (_("Survey"), about.survey),
        (_("Municipality"), about.municipality),
        (_("Exported"), about.exported_on),
        (
            _("Threshold"),
            _(
                "Figures resting on fewer than %(threshold)d answers are left empty, "
                "with a comment: under the threshold."
            )
            % {"threshold": about.threshold},
        ),
        (_("Weighting"), about.weighting),
        (
            _("Intervals"),
            _(
                "95 % intervals: for shares a logit interval, for means a Wald interval, "
                "estimated on the whole design with areas as strata."
            ),
        ),
        (
            _("Columns"),
            _(
                "n is the number of respondents in the domain who answered the question; "
                "estimate, ci_low and ci_high are shares (shown as percent) or means."
            ),
        ),
    ]
    rows.append(
        (
            _("Hidden groups"),
            _(
                "When a group is under the threshold, at least one more group of the same "
                "grouping is hidden, so that its figures cannot be worked out by subtraction "
                "from everyone. The column suppressed says why a row is empty: "
                "below_threshold or complementary."
            ),
        )
    )
    for label, value in rows:
        sheet.append([label, value])
    for cell in sheet["A"]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top")
    for cell in sheet["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["B3"].number_format = "yyyy-mm-dd"
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90


def about_the_figures(survey: Survey) -> AboutTheFigures:
    """The survey's name, municipality, today, the threshold and how it was weighted."""
    try:
        weighting = survey.weighting
    except ObjectDoesNotExist:
        weighting = None
    if weighting is None:
        method = _("Unweighted: the answers are not yet weighted to the population.")
    else:
        method = _(
            "Calibrated weights: design weights by area, raked to the population of "
            "%(year)d by area, age group and gender (%(responses)d responses weighted)."
        ) % {"year": weighting.population_year, "responses": weighting.responses}
    return AboutTheFigures(
        survey=str(survey),
        municipality=str(survey.municipality),
        exported_on=timezone.localdate(),
        threshold=suppression_threshold(),
        weighting=method,
    )
