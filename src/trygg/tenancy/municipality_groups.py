"""SKR's kommungruppsindelning: reading its spreadsheet and storing each municipality's group.

SKR publishes the division as a spreadsheet with a title above a header row naming
(among others) ``Kommunkod``, ``Huvudgrupp``, ``Gruppkod`` and ``Kommungrupp 2023``,
one municipality a row. Trygg reads that layout as XLSX (the first sheet with such a
header) or as CSV saved from it (comma or semicolon, UTF-8 or Windows-1252).
Excel often stores the kommunkod as a number (``114`` for 0114); it is padded back.
"""

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from trygg.core.errors import ImportProblem
from trygg.core.imports import Source, read_bytes
from trygg.text import tables

from .models import Municipality, MunicipalityGroup

REQUIRED = ("kommunkod", "huvudgrupp", "gruppkod", "kommungrupp")
_YEAR = re.compile(r"(?<!\d)(2\d\d\d)(?!\d)")
MAX_PROBLEMS = 20


class MunicipalityGroupsProblem(ImportProblem):
    """The file was refused; ``problems`` lists what is wrong, with line numbers."""

    def __init__(self, problems: list[str]):
        self.problems = problems[:MAX_PROBLEMS]
        hidden = len(problems) - MAX_PROBLEMS
        if hidden > 0:
            self.problems.append(
                ngettext("… and %(count)d more problem.", "… and %(count)d more problems.", hidden)
                % {"count": hidden}
            )
        super().__init__(" ".join(self.problems))


@dataclass(frozen=True)
class GroupRow:
    line: int
    code: str
    main_group: str
    group_code: str
    group_name: str


@dataclass(frozen=True)
class GroupsImportResult:
    edition: int
    municipalities: int
    created: int
    updated: int
    unchanged: int
    deleted: int
    dry_run: bool


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else " ".join(str(value).split())


def _records(content: bytes) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells as text) of the spreadsheet's first sheet, or of the CSV."""
    if zipfile.is_zipfile(io.BytesIO(content)):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken workbook
            raise MunicipalityGroupsProblem(
                [_("The file is not an Excel workbook (XLSX) that can be read.")]
            ) from error
        for sheet in workbook.worksheets:
            rows = [[_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
            if any(_header_columns(row) for row in rows[:30]):
                yield from enumerate(rows, start=1)
                return
        return
    try:
        text = tables.decode(content)
    except tables.UnreadableText as error:
        raise MunicipalityGroupsProblem(
            [_("The file is neither an Excel workbook (XLSX) nor text (CSV).")]
        ) from error
    lines = text.splitlines()
    separator = next(
        (tables.separator_of(line) for line in lines if "kommunkod" in line.casefold()), ","
    )
    for number, fields in enumerate(tables.rows(text, separator), start=1):
        yield number, [_text(field) for field in fields]


def _header_columns(row: list[str]) -> dict[str, int] | None:
    """The positions of the required columns if ``row`` is the header, else None."""
    names = [value.casefold() for value in row]
    found: dict[str, int] = {}
    for position, name in enumerate(names):
        for wanted in REQUIRED:
            if wanted not in found and (name == wanted or name.startswith(wanted + " ")):
                found[wanted] = position
    return found if {"kommunkod", "gruppkod"} <= found.keys() else None


def read_municipality_groups(content: bytes) -> tuple[int, list[GroupRow]]:
    """The division's edition (the year in "Kommungrupp 2023") and its rows.

    Raises ``MunicipalityGroupsProblem`` listing every problem with its line.
    """
    records = _records(content)
    header: dict[str, int] | None = None
    header_row: list[str] = []
    for _number, row in records:
        header = _header_columns(row)
        if header is not None:
            header_row = row
            break
    if header is None:
        raise MunicipalityGroupsProblem(
            [
                _(
                    "No header row was found: SKR's kommungruppsindelning needs the columns "
                    "Kommunkod, Huvudgrupp, Gruppkod and Kommungrupp."
                )
            ]
        )
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise MunicipalityGroupsProblem(
            [
                _("The header row has no column %(columns)s.")
                % {"columns": ", ".join(name.capitalize() for name in missing)}
            ]
        )
    edition = _YEAR.findall(header_row[header["kommungrupp"]])
    if len(edition) != 1:
        raise MunicipalityGroupsProblem(
            [_("The column Kommungrupp must name the year of the division, e.g. Kommungrupp 2023.")]
        )
    rows: list[GroupRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, row in records:
        if not any(row):
            continue
        cells = row + [""] * (max(header.values()) + 1 - len(row))
        code = cells[header["kommunkod"]]
        filled = [value for value in cells if value]
        if len(filled) == 1 and not filled[0].isdigit():
            continue  # a note below the table ("Källa: SKR")
        if not code.isdigit() or not 3 <= len(code) <= 4:
            problems.append(
                _("Line %(line)d: '%(value)s' is not a kommunkod (four digits).")
                % {"line": number, "value": code}
            )
            continue
        code = code.zfill(4)
        values = {name: cells[header[name]] for name in ("huvudgrupp", "gruppkod", "kommungrupp")}
        empty = [name.capitalize() for name, value in values.items() if not value]
        if empty:
            problems.append(
                _("Line %(line)d: %(columns)s is empty.")
                % {"line": number, "columns": ", ".join(empty)}
            )
            continue
        if code in seen:
            problems.append(
                _("Line %(line)d: the kommunkod %(code)s was already on line %(first)d.")
                % {"line": number, "code": code, "first": seen[code]}
            )
            continue
        seen[code] = number
        rows.append(
            GroupRow(number, code, values["huvudgrupp"], values["gruppkod"], values["kommungrupp"])
        )
    if problems:
        raise MunicipalityGroupsProblem(problems)
    if not rows:
        raise MunicipalityGroupsProblem([_("The file has no municipalities under its header.")])
    return int(edition[0]), rows


def import_municipality_groups(source: Source, *, dry_run: bool = False) -> GroupsImportResult:
    """Replace every municipality's group with SKR's division in ``source``.

    All or nothing: a line with a problem, or a kommunkod no stored municipality has,
    refuses the file (``MunicipalityGroupsProblem``) and the groups stay as they were.
    Municipalities the file does not name lose their group (a new division replaces
    the old one as a whole); importing the same file again changes nothing.
    """
    edition, rows = read_municipality_groups(read_bytes(source))
    ids = dict(
        Municipality.objects.filter(code__in=[row.code for row in rows]).values_list("code", "pk")
    )
    unknown = [
        _("Line %(line)d: no municipality has the kommunkod %(code)s.")
        % {"line": row.line, "code": row.code}
        for row in rows
        if row.code not in ids
    ]
    if unknown:
        raise MunicipalityGroupsProblem(unknown)
    with transaction.atomic():
        existing = {
            group.municipality_id: group for group in MunicipalityGroup.objects.select_for_update()
        }
        created, changed = [], []
        for row in rows:
            fields = {
                "group_code": row.group_code,
                "group_name": row.group_name,
                "main_group": row.main_group,
                "edition": edition,
            }
            group = existing.pop(ids[row.code], None)
            if group is None:
                created.append(MunicipalityGroup(municipality_id=ids[row.code], **fields))
            elif any(getattr(group, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(group, name, value)
                changed.append(group)
        if not dry_run:
            MunicipalityGroup.objects.filter(pk__in=[g.pk for g in existing.values()]).delete()
            MunicipalityGroup.objects.bulk_create(created)
            MunicipalityGroup.objects.bulk_update(
                changed, ["group_code", "group_name", "main_group", "edition"]
            )
    return GroupsImportResult(
        edition=edition,
        municipalities=len(rows),
        created=len(created),
        updated=len(changed),
        unchanged=len(rows) - len(created) - len(changed),
        deleted=len(existing),
        dry_run=dry_run,
    )
