"""Reading residents per municipality and year from a table; pure Python, no Django.

Two layouts are read, each as text (CSV) separated by commas, semicolons or tabs, in
UTF-8 or Windows-1252 (``trygg.text.tables``):

- Trygg's shipped file: ``kommun_kod,kommun_namn,population``, one year (named by
  the caller);
- SCB's own export of table BE0101N1 "Folkmängd efter region": a region column such
  as ``"0114 Upplands Väsby"``, then either a year column (``"år"``) and a count column
  (``"Folkmängd"``), one line per region and year, or one column per year
  (``"2024"``), after a title line and followed by notes.

Regions that are not municipalities (``"00 Riket"``, ``"01 Stockholms län"``) are
passed over; every other line that cannot be read is named with its line number, so
that all of a file's problems can be shown at once. Matching the codes to stored
municipalities is the caller's business.
"""

import csv
import re
from dataclasses import dataclass

from .scb import ScbProblem, decode, parse_count

CODE_HEADERS = frozenset({"kommun_kod", "kommunkod", "kommun kod", "kod", "region", "code"})
NAME_HEADERS = frozenset({"kommun_namn", "kommunnamn", "kommun", "namn", "name"})
COUNT_HEADERS = frozenset(
    {"population", "folkmängd", "folkmangd", "invånare", "invanare", "residents", "antal"}
)
YEAR_HEADERS = frozenset({"år", "ar", "year", "tid"})

_REGION = re.compile(r"(\d{2,4})(?:\s+(.*))?")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


@dataclass(frozen=True)
class ResidentsRow:
    """One municipality's residents: the line it stood on, its code and name, the count."""

    line: int
    code: str
    name: str
    residents: int


@dataclass(frozen=True)
class ResidentsTable:
    """The year's rows, the lines passed over (other years, regions, notes), the problems."""

    year: int
    rows: tuple[ResidentsRow, ...]
    skipped: int
    problems: tuple[ScbProblem, ...]


@dataclass(frozen=True)
class _Columns:
    delimiter: str
    width: int
    code: int
    name: int | None
    count: int
    year: int | None


def _normal(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def _find(names: list[str], wanted: frozenset[str]) -> int | None:
    """The first column named one of ``wanted``, or one of them and more ("Folkmängd 1 nov")."""
    return next(
        (
            position
            for position, name in enumerate(names)
            if name in wanted or any(name.startswith(w + " ") for w in wanted)
        ),
        None,
    )


def _header(lines: list[str], year: int) -> tuple[int, _Columns]:
    """The first line that names a region (or code) column, with what it holds."""
    for index, line in enumerate(lines[:50]):
        if not line.strip():
            continue
        for delimiter in (";", "\t", ","):
            try:
                fields = next(csv.reader([line], delimiter=delimiter))
            except csv.Error:
                continue
            names = [_normal(field) for field in fields]
            code = _find(names, CODE_HEADERS)
            if len(fields) < 2 or code is None:
                continue
            year_column = _find(names, YEAR_HEADERS)
            count = _find(names, COUNT_HEADERS)
            if count is None and year_column is None:
                # One column per year ("2024", "Folkmängd 2024").
                by_year = {
                    int(found[0]): position
                    for position, name in enumerate(names)
                    if position != code and len(found := _YEAR.findall(name)) == 1
                }
                if by_year and year not in by_year:
                    raise ScbProblem(
                        "year_missing",
                        f"The file has no column for {year}.",
                        year=year,
                        years=sorted(by_year),
                    )
                count = by_year.get(year)
            if count is None:
                raise ScbProblem(
                    "missing_column",
                    f"The header has no column for the residents: {', '.join(fields)}.",
                    column="Folkmängd",
                )
            columns = _Columns(
                delimiter, len(fields), code, _find(names, NAME_HEADERS), count, year_column
            )
            return index, columns
    raise ScbProblem("missing_column", "No header names a region column.", column="region")


def read_residents(content: bytes, year: int) -> ResidentsTable:
    """The residents of each municipality in ``year`` from a file's bytes.

    Raises :class:`ScbProblem` if the file is no text or has no usable header; a
    line that cannot be read is left out of ``rows`` and listed in ``problems``.
    A file without a year column holds ``year``'s counts.
    """
    text = decode(content)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ScbProblem("empty", "The file is empty.")
    header_index, columns = _header(lines, year)
    rows: list[ResidentsRow] = []
    problems: list[ScbProblem] = []
    skipped = 0
    seen: dict[str, int] = {}
    reader = csv.reader(lines[header_index + 1 :], delimiter=columns.delimiter)
    for number, fields in enumerate(reader, start=header_index + 2):
        values = [value.strip() for value in fields]
        if not any(values):
            continue
        if len([value for value in values if value]) == 1 and len(values) < columns.width:
            skipped += 1  # SCB's notes and source, one field to a line
            continue
        if len(values) != columns.width:
            problems.append(
                ScbProblem(
                    "columns",
                    f"Line {number} has {len(values)} columns; the header has {columns.width}.",
                    line=number,
                    found=len(values),
                    expected=columns.width,
                )
            )
            continue
        if columns.year is not None and _YEAR.findall(values[columns.year]) != [str(year)]:
            skipped += 1
            continue
        match = _REGION.fullmatch(values[columns.code])
        if match is None:
            problems.append(
                ScbProblem(
                    "not_a_region",
                    f"Line {number}: '{values[columns.code]}' is not a kommunkod.",
                    line=number,
                    value=values[columns.code],
                )
            )
            continue
        if len(match[1]) == 2:
            skipped += 1  # the country ("00 Riket") or a county ("13 Hallands län")
            continue
        code = match[1].zfill(4)
        name = values[columns.name] if columns.name is not None else (match[2] or "")
        try:
            residents = parse_count(values[columns.count], number)
        except ScbProblem as problem:
            problems.append(problem)
            continue
        if code in seen:
            problems.append(
                ScbProblem(
                    "duplicate",
                    f"Line {number}: the kommunkod {code} was already on line {seen[code]}.",
                    line=number,
                    code=code,
                    first=seen[code],
                )
            )
            continue
        seen[code] = number
        rows.append(ResidentsRow(number, code, name, residents))
    return ResidentsTable(year, tuple(rows), skipped, tuple(problems))
