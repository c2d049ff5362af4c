"""Reading a population table exported from SCB's Statistikdatabasen; pure Python.

SCB exports a table (for instance "Folkmängden efter region, ålder och kön") as text
with a header row such as ``"region";"ålder";"kön";"2020";"2022"`` — one column for
each variable, one for each year — often after a title line and followed by notes,
semicolon- or comma-separated, in UTF-8 or Windows-1252. :func:`read_table` turns such
a file into rows of (line, area label, age interval, gender, count), checking every
line and naming it in each problem; matching the area labels to a municipality's
areas is the caller's business.

Ages may come as the survey's own groups (``16-24 år``, ``85+ år``), as SCB's
age classes that fit inside one group (``20-24 år``) or as single years (``17 år``,
``100+ år``); they are summed into the groups. Ages below the youngest group are not
part of the surveyed population and are passed over, as are total rows ("totalt").
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from trygg.text import tables

__all__ = [
    "AgeGroup",
    "ScbProblem",
    "ScbRow",
    "ScbTable",
    "decode",
    "parse_age",
    "parse_count",
    "parse_gender",
    "read_table",
]

REGION_HEADERS = frozenset(
    {"region", "område", "omrade", "area", "regso", "deso", "kommundel", "distrikt", "tätort"}
)
AGE_HEADERS = frozenset({"ålder", "alder", "age", "åldersgrupp", "åldersklass", "ålder (år)"})
GENDER_HEADERS = frozenset({"kön", "kon", "sex", "gender"})

TOTAL_LABELS = frozenset(
    {
        "totalt",
        "total",
        "samtliga",
        "summa",
        "totalt ålder",
        "totalt kön",
        "totalt, samtliga åldrar",
        "samtliga åldrar",
        "båda könen",
        "män och kvinnor",
        "kvinnor och män",
        "both sexes",
        "men and women",
        "women and men",
    }
)
WOMEN = frozenset({"kvinnor", "kvinna", "k", "women", "woman", "female", "females", "f"})
MEN = frozenset({"män", "man", "m", "men", "male", "males"})

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})


class ScbProblem(ValueError):
    """The file, or one of its lines, cannot be read as a population table.

    ``code`` names the problem, ``params`` its details (``line`` when one line is at
    fault); ``str()`` is English, for logs. Codes: ``empty``, ``no_header``,
    ``missing_column``, ``no_year``, ``year_missing``, ``several_years``,
    ``columns``, ``unknown_age``, ``age_straddles``, ``unknown_gender``,
    ``not_a_number``, ``negative``, ``not_whole``, ``data_after_notes``,
    ``unreadable_line``, ``not_text``.
    """

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class AgeGroup:
    """One of the survey's age groups: its code and its ages, ``high`` inclusive."""

    code: str
    low: int
    high: float  # math.inf for the open top group

    @classmethod
    def from_code(cls, code: str) -> AgeGroup:
        """``"16-24"`` → 16–24, ``"85-"`` → 85 and older."""
        low, _dash, high = code.partition("-")
        return cls(code, int(low), float(high) if high else math.inf)

    def holds(self, low: int, high: float) -> bool:
        return self.low <= low and high <= self.high


@dataclass(frozen=True)
class ScbRow:
    """One counted line: where, which ages (``high`` inclusive, ``inf`` open), who, how many."""

    line: int
    area: str
    age_label: str
    age_group: str
    age_low: int
    age_high: float
    gender_label: str
    gender: str
    count: int


@dataclass(frozen=True)
class ScbTable:
    """The counted rows of one year's column, the lines passed over, the lines refused."""

    year: int
    rows: tuple[ScbRow, ...]
    skipped: int
    problems: tuple[ScbProblem, ...] = ()


def decode(content: bytes) -> str:
    """The file's text, as ``trygg.text.tables`` reads it; ``ScbProblem`` if it is none."""
    try:
        return tables.decode(content)
    except tables.UnreadableText as error:
        raise ScbProblem("not_text", str(error)) from error


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_DASHES)).strip().casefold()


def parse_age(label: str) -> tuple[int, float] | None:
    """The ages a label covers as (low, high), ``high`` inclusive; ``None`` for a total.

    ``"16-24 år"`` → (16, 24); ``"17 år"`` → (17, 17); ``"85+ år"``, ``"85- år"``,
    ``"85-w år"``, ``"85 år och äldre"`` → (85, inf). Raises ``ValueError`` for
    anything else.
    """
    text = _normal(label)
    if text in TOTAL_LABELS:
        return None
    text = re.sub(r"\b(år|years?|yrs?)\b", " ", text)
    text = _SPACES.sub("", text)
    text = re.sub(r"(ochäldre|elleräldre|andover|andolder)$", "+", text)
    if match := re.fullmatch(r"(\d{1,3})-(\d{1,3})", text):
        low, high = int(match[1]), int(match[2])
        if high < low:
            raise ValueError(label)
        return low, float(high)
    if match := re.fullmatch(r"(\d{1,3})(\+|-|-w|-ω)", text):
        return int(match[1]), math.inf
    if match := re.fullmatch(r"(\d{1,3})", text):
        return int(match[1]), float(match[1])
    raise ValueError(label)


def parse_gender(label: str) -> str | None:
    """``"kvinnor"`` → ``"woman"``, ``"män"`` → ``"man"``, a total → ``None``."""
    text = _normal(label)
    if text in TOTAL_LABELS:
        return None
    if text in WOMEN:
        return "woman"
    if text in MEN:
        return "man"
    raise ValueError(label)


def _age_span(low: int, high: float) -> str:
    return f"{low}+" if math.isinf(high) else (f"{low}" if low == high else f"{low}-{int(high)}")


def read_table(content: bytes, year: int | None, age_groups: Sequence[AgeGroup]) -> ScbTable:
    """The rows of ``year``'s column (or the only year's, if ``year`` is None).

    Raises :class:`ScbProblem` if the file has no usable header or year column. A line
    that cannot be read is left out of ``rows`` and listed in ``problems``, so that
    every problem of a file can be named at once. Checks between lines (duplicates,
    gaps) are the caller's.
    """
    text = decode(content)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ScbProblem("empty", "The file is empty.")
    header_index, delimiter, header = _find_header(lines)
    columns = _columns(header, year)
    year = columns[3][0]
    width = len(header)
    youngest = min(group.low for group in age_groups)

    rows: list[ScbRow] = []
    problems: list[ScbProblem] = []
    skipped = 0
    notes_from: int | None = None
    reader = csv.reader(lines[header_index + 1 :], delimiter=delimiter)
    for number, fields in enumerate(_records(reader, header_index + 2), start=header_index + 2):
        if isinstance(fields, ScbProblem):
            problems.append(fields)
            break
        values = [value.strip() for value in fields]
        if not any(values):
            continue
        if len([value for value in values if value]) == 1 and len(values) < width:
            # SCB ends its export with notes and the source, one field to a line.
            notes_from = notes_from or number
            continue
        try:
            if notes_from is not None:
                raise ScbProblem(
                    "data_after_notes",
                    f"Line {number} has data after the notes that begin on line {notes_from}.",
                    line=number,
                    notes_from=notes_from,
                )
            row = _row(number, values, width, columns, youngest, age_groups)
        except ScbProblem as problem:
            problems.append(problem)
            continue
        if row is None:
            skipped += 1
        else:
            rows.append(row)
    return ScbTable(year=year, rows=tuple(rows), skipped=skipped, problems=tuple(problems))


def _records(reader: Iterator[list[str]], first_line: int) -> Iterator[list[str] | ScbProblem]:
    """The reader's records, then a problem if one cannot be read (the reader stops there)."""
    try:
        yield from reader
    except csv.Error:
        # A field beyond csv's limit (128 KiB), e.g. a binary file passed off as text.
        line = first_line + reader.line_num - 1
        yield ScbProblem(
            "unreadable_line",
            f"Line {line} cannot be read as a row of the table.",
            line=line,
        )


def _row(
    number: int,
    values: list[str],
    width: int,
    columns: tuple[int, int, int, tuple[int, int]],
    youngest: int,
    age_groups: Sequence[AgeGroup],
) -> ScbRow | None:
    """One line as a row, ``None`` for a total or an age below the survey's, or a problem."""
    if len(values) != width:
        raise ScbProblem(
            "columns",
            f"Line {number} has {len(values)} columns; the header has {width}.",
            line=number,
            found=len(values),
            expected=width,
        )
    region_column, age_column, gender_column, (_year, year_column) = columns
    area, age_label, gender_label = (
        values[region_column],
        values[age_column],
        values[gender_column],
    )
    try:
        ages = parse_age(age_label)
    except ValueError:
        raise ScbProblem(
            "unknown_age",
            f"Line {number}: the age '{age_label}' is not an age or an age group.",
            line=number,
            label=age_label,
        ) from None
    try:
        gender = parse_gender(gender_label)
    except ValueError:
        raise ScbProblem(
            "unknown_gender",
            f"Line {number}: the sex '{gender_label}' is neither kvinnor nor män.",
            line=number,
            label=gender_label,
        ) from None
    count = parse_count(values[year_column], number)
    if ages is None or gender is None or ages[1] < youngest:
        return None
    low, high = ages
    group = next((g for g in age_groups if g.holds(low, high)), None)
    if group is None:
        raise ScbProblem(
            "age_straddles",
            f"Line {number}: the ages {_age_span(low, high)} do not fit in one of the "
            "survey's age groups.",
            line=number,
            label=age_label,
        )
    return ScbRow(
        line=number,
        area=area,
        age_label=age_label,
        age_group=group.code,
        age_low=low,
        age_high=high,
        gender_label=gender_label,
        gender=gender,
        count=count,
    )


def _find_header(lines: list[str]) -> tuple[int, str, list[str]]:
    """The first line that names the age and sex columns, with its delimiter."""
    for index, line in enumerate(lines[:50]):
        if not line.strip():
            continue
        for delimiter in (";", "\t", ","):
            try:
                fields = next(csv.reader([line], delimiter=delimiter))
            except csv.Error:
                continue  # not a header, whatever it is
            names = {_normal(field) for field in fields}
            if len(fields) >= 4 and names & AGE_HEADERS and names & GENDER_HEADERS:
                return index, delimiter, [field.strip() for field in fields]
    raise ScbProblem(
        "no_header",
        "No header row naming the columns region, ålder, kön and a year was found.",
    )


def _columns(header: list[str], year: int | None) -> tuple[int, int, int, tuple[int, int]]:
    names = [_normal(name) for name in header]

    def find(wanted: frozenset[str], what: str) -> int:
        for position, name in enumerate(names):
            if name in wanted or any(name.startswith(w + " ") for w in wanted):
                return position
        raise ScbProblem(
            "missing_column",
            f"The header has no {what} column: {', '.join(header)}.",
            column=what,
        )

    region = find(REGION_HEADERS, "region")
    age = find(AGE_HEADERS, "ålder")
    gender = find(GENDER_HEADERS, "kön")
    years: dict[int, int] = {}
    for position, name in enumerate(names):
        if position in {region, age, gender}:
            continue
        found = _YEAR.findall(name)
        if len(found) == 1:
            years.setdefault(int(found[0]), position)
    if not years:
        raise ScbProblem("no_year", "The header has no column for a year.")
    if year is None:
        if len(years) > 1:
            raise ScbProblem(
                "several_years",
                f"The file has the years {', '.join(map(str, sorted(years)))}; choose one.",
                years=sorted(years),
            )
        year = next(iter(years))
    if year not in years:
        raise ScbProblem(
            "year_missing",
            f"The file has no column for {year}, only for {', '.join(map(str, sorted(years)))}.",
            year=year,
            years=sorted(years),
        )
    return region, age, gender, (year, years[year])


def parse_count(value: str, line: int) -> int:
    """A count as SCB writes it ("50 295" too); ``ScbProblem`` naming ``line`` if it is none."""
    text = _SPACES.sub("", value)
    if re.fullmatch(r"-\d+([.,]\d+)?", text):
        raise ScbProblem(
            "negative", f"Line {line}: the count {value} is negative.", line=line, value=value
        )
    if re.fullmatch(r"\d+([.,]\d+)+", text):
        raise ScbProblem(
            "not_whole",
            f"Line {line}: the count {value} is not a whole number.",
            line=line,
            value=value,
        )
    if not re.fullmatch(r"\d+", text):
        raise ScbProblem(
            "not_a_number",
            f"Line {line}: the count '{value}' is not a number.",
            line=line,
            value=value,
        )
    return int(text)
