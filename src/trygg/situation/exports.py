"""A municipality's incident counts and rate comparison as files: CSV and XLSX.

The counts are the ones the overview draws (``counts.count_incidents``): one row per
municipality × kind of source × category × week (ISO year and week, and the Monday
it starts) or month, zeros included over the months that kind's data covers, so that
a series can be read straight into R or Excel. Kinds of source are never summed, as
on the page (see ``overview``). The
comparison is ``comparisons.compare_rates``. Column headings are in the interface's
language; the CSV starts with a byte order mark so that Excel reads å, ä and ö.
"""

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from trygg.tenancy.models import Municipality

from .comparisons import RateComparison
from .counts import Period, Place, count_incidents
from .models import Category
from .overview import municipality_incidents, source_groups


@dataclass(frozen=True)
class Table:
    """Headings and rows of one exported table."""

    title: str
    header: list[str]
    rows: list[list]
    number_formats: dict[int, str]
    """Column index → Excel number format."""


def counts_table(municipality: Municipality, period: Period) -> Table:
    """The municipality's incidents per kind of source, category and week or month."""
    lead = [_("Municipality code"), _("Municipality"), _("Source"), _("Category")]
    if period is Period.WEEK:
        header = [*lead, _("Year"), _("Week"), _("Week starts"), _("Incidents")]
    else:
        header = [*lead, _("Year"), _("Month"), _("Incidents")]
    groups = source_groups(municipality)
    per_source = [
        (
            str(group.label),
            count_incidents(
                municipality_incidents(municipality, group.kind),
                period=period,
                place=Place.MUNICIPALITY,
            ),
        )
        for group in groups
    ]
    categories = Category.objects.in_bulk(
        [category for _label, counts in per_source for _place, category in counts.keys]
    )

    def rows() -> Iterator[list]:
        for label, counts in per_source:
            for index, (_place, category) in enumerate(counts.keys):
                name = str(categories[category])
                for day, number in zip(counts.periods, counts.counts[index], strict=True):
                    if period is Period.WEEK:
                        year, week, _weekday = day.isocalendar()
                        when = [year, week, day]
                    else:
                        when = [day.year, day.month]
                    yield [municipality.code, municipality.name, label, name, *when, int(number)]

    title = _("Incidents per week") if period is Period.WEEK else _("Incidents per month")
    formats = {header.index(_("Week starts")): "yyyy-mm-dd"} if period is Period.WEEK else {}
    return Table(title, header, list(rows()), formats)


def comparison_table(comparison: RateComparison) -> Table:
    """The comparison's rows: who, incidents, residents and the rate per 10,000."""
    header = [
        _("Compared with"),
        _("Name"),
        _("From"),
        _("To"),
        _("Category"),
        _("Incidents"),
        _("Residents"),
        _("Residents in year"),
        _("Per 10,000 residents"),
        _("Lowest of the municipalities"),
        _("Highest of the municipalities"),
        _("Municipalities"),
    ]
    category = str(comparison.category) if comparison.category else _("All categories")
    year = comparison.residents_year.year if comparison.residents_year else None
    rows = [
        [
            str(row.scope.label),
            row.label,
            comparison.first,
            comparison.last,
            category,
            row.rate.incidents,
            row.rate.residents,
            year,
            row.rate.per_10000,
            row.pooled.lowest if row.pooled else None,
            row.pooled.highest if row.pooled else None,
            ", ".join(m.name for m in comparison.similar.municipalities) if row.pooled else "",
        ]
        for row in comparison.rows
    ]
    formats = {2: "yyyy-mm-dd", 3: "yyyy-mm-dd", 8: "0.00", 9: "0.00", 10: "0.00"}
    return Table(_("Rates per 10,000 residents"), header, rows, formats)


def download(name: str, extension: str) -> HttpResponse:
    content_type = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[extension]
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(table: Table, stream) -> None:
    stream.write("\ufeff")
    writer = csv.writer(stream)
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])


def write_xlsx(tables: list[Table], stream, notes: list[str] = ()) -> None:
    """One sheet per table, headings bold and frozen; ``notes`` on a last sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in table.rows:
            sheet.append(row)
            for column, number_format in table.number_formats.items():
                sheet.cell(sheet.max_row, column + 1).number_format = number_format
        for index, heading in enumerate(table.header, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(
                12, len(heading) + 2
            )
    if notes:
        sheet = workbook.create_sheet(_("About the figures")[:31])
        for note in notes:
            sheet.append([note])
        sheet.column_dimensions["A"].width = 120
    workbook.save(stream)
