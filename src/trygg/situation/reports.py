"""Municipal reports and the police's point extracts, imported from CSV by a saved mapping.

A municipality's trygghetsrapporter and fault reports (a broken street light, graffiti)
and the police's own point-level extracts come as CSV files, exported by whatever
program holds them: UTF-8 (with or without a byte-order mark) or Windows-1252,
separated by commas or semicolons. ``ReportColumns`` says once, per source, which
column holds what; every later file of the source is read by it.

``import_reports`` is built like ``services.import_police_events``: the file is read
row by row through a text wrapper (constant memory), rows are inserted in batches by
``services.insert_new_incidents``, and **the whole import is one transaction**, so a
file that turns out half-way not to be what it claims (bytes that are not its
encoding, a NUL of a binary format) leaves the database exactly as before. A row
that is wrong on its own is rejected with its line and reason, and the rest goes in.

A row is placed by its coordinates or by the code of one of the municipality's
areas. A point must lie inside the municipality's border and gets ``precision=point``
and the H3 cell that residents' unsafe places get (so that the layers of a hotspot
analysis share their cells); an area-coded row is counted for the municipality and
has no point. The source's own id makes the import idempotent; without an id column,
a row is known by a hash of its mapped values, so a file imported again adds nothing
(and two rows alike in every mapped value count once).
"""

import codecs
import csv
import datetime
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.background.models import Job
from trygg.background.progress import Progress, no_progress
from trygg.background.services import enqueue
from trygg.core.errors import DomainError, ImportProblem
from trygg.core.imports import Source as FileSource
from trygg.core.imports import open_binary
from trygg.dialogue.submission import PLACE_RESOLUTION
from trygg.geo.cells import cells_for_points
from trygg.geo.lookup import NO_AREA, AreaIndex
from trygg.geo.models import Area
from trygg.tenancy.models import Municipality
from trygg.text.scrub import scrub
from trygg.text.tables import separator_of

from .models import (
    Category,
    ImportRun,
    Incident,
    ReportColumns,
    Source,
    TypeMapping,
    normalise_type,
)
from .services import (
    BATCH_SIZE,
    FALLBACK_CATEGORY,
    RejectedRow,
    _size,
    category_ids,
    import_transaction,
    inherited_category,
    insert_new_incidents,
    lock_source,
    recategorise,
    remove_mapping,
)

# Kinds of source whose incidents come from a municipality's CSV files.
REPORT_KINDS = (Source.Kind.MUNICIPAL_REPORTS, Source.Kind.POLICE_EXTRACT)
# Enough of the file to tell its encoding and delimiter, and to show its first rows.
SAMPLE_BYTES = 64 * 1024
PREVIEW_ROWS = 5
# The columns' own bounds: a longer value is refused, not cut.
MAX_ID_LENGTH = Incident._meta.get_field("external_id").max_length
MAX_TYPE_LENGTH = Incident._meta.get_field("type").max_length

_DATE = re.compile(
    r"(?:(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"|(?P<day2>\d{1,2})[/.](?P<month2>\d{1,2})[/.](?P<year2>\d{4}))"
)
_TIME = re.compile(r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2})(?:[.,]\d+)?)?")
# ISO exports end the time with its offset: "2025-03-14T21:40:00Z", "…+01:00".
_OFFSET = r"(?:\s*(?P<offset>Z|[+-]\d{2}(?::?\d{2})?))?"
_DATE_TIME = re.compile(rf"\s*{_DATE.pattern}(?:(?:\s+|T){_TIME.pattern}{_OFFSET})?\s*")
_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}
# Easting and northing in metres of Sweden's grids (SWEREF 99 TM: about 260,000 to
# 920,000 east, 6,130,000 to 7,680,000 north; RT 90 alike): a coordinate in them is
# said to be one, not only "not degrees".
SWEREF_99_TM_RANGE = (100_000.0, 8_000_000.0)
# A UTF-8 sequence of two or three bytes (Swedish letters, dashes, quotes): in text
# saved as Windows-1252 next to none occur.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_NOT_ASCII = re.compile(rb"[\x80-\xff]")


class Rejected(ValueError):
    """One row cannot be imported; ``reason`` says why, in the user's language."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FileLayout:
    """How a file's bytes become rows: a Python codec name and the delimiter."""

    encoding: str
    delimiter: str

    @property
    def encoding_name(self) -> str:
        return _ENCODING_NAMES[self.encoding]


@dataclass(frozen=True)
class FilePreview:
    """The start of a file, for the page where its columns are mapped."""

    layout: FileLayout
    header: list[str]
    rows: list[list[str]]


@dataclass
class ReportImportResult:
    """What an import did (or, in a dry run, would do).

    ``read`` counts the data rows (the header not included); each is exactly one of
    ``imported``, ``already_present`` (in the database, or earlier in the file) or
    ``rejected``. ``points`` is how many of the imported rows have a point.
    """

    read: int = 0
    imported: int = 0
    already_present: int = 0
    points: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    per_municipality: Counter[str] = field(default_factory=Counter)
    new_types: list[str] = field(default_factory=list)
    dry_run: bool = False
    encoding: str = ""
    delimiter: str = ""

    def as_json(self) -> dict:
        """The summary ``trygg import-reports --json`` prints (the keys of import-events)."""
        return {
            "read": self.read,
            "imported": self.imported,
            "already_present": self.already_present,
            "points": self.points,
            "rejected": [row.as_json() for row in self.rejected],
            "per_municipality": dict(sorted(self.per_municipality.items())),
            "new_types": self.new_types,
            "dry_run": self.dry_run,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
        }


def parse_date_time(date_text: str, time_text: str = "") -> datetime.datetime:
    """The moment a row names, in Swedish time: ``Rejected`` if it is not one.

    The date is ``2025-03-14``, ``14/03/2025`` or ``14.03.2025``, optionally followed
    by a time (``2025-03-14 21:40``, ``…T21:40:05``, ``21.40``); a separate time column
    gives ``time_text``. A date without any time counts from midnight.
    """
    match = _DATE_TIME.fullmatch(date_text)
    if match is None:
        raise Rejected(_("the date “%(date)s” cannot be read") % {"date": date_text.strip()})
    parts = match.groupdict()
    time_given = parts["hour"] is not None
    if time_text.strip():
        if time_given:
            raise Rejected(_("the date column holds a time, and so does the time column"))
        time_match = _TIME.fullmatch(time_text.strip())
        if time_match is None:
            raise Rejected(_("the time “%(time)s” cannot be read") % {"time": time_text.strip()})
        parts.update(time_match.groupdict())
    try:
        moment = datetime.datetime(
            int(parts["year"] or parts["year2"]),
            int(parts["month"] or parts["month2"]),
            int(parts["day"] or parts["day2"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
        )
    except ValueError:
        raise Rejected(
            _("the date “%(date)s” does not exist") % {"date": f"{date_text} {time_text}".strip()}
        ) from None
    offset = parts.get("offset")
    if offset is None:
        return timezone.make_aware(moment)
    if offset == "Z":
        return moment.replace(tzinfo=datetime.UTC)
    digits = offset[1:].replace(":", "")
    delta = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    if delta >= datetime.timedelta(hours=24):
        raise Rejected(_("the date “%(date)s” does not exist") % {"date": date_text.strip()})
    return moment.replace(tzinfo=datetime.timezone(-delta if offset[0] == "-" else delta))


def parse_coordinate(text: str, low: float, high: float) -> float:
    """A coordinate in degrees, a decimal comma allowed; ``Rejected`` outside the range."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise Rejected(_("the coordinate “%(value)s” is not a number") % {"value": text}) from None
    if not low <= value <= high:
        if SWEREF_99_TM_RANGE[0] <= abs(value) <= SWEREF_99_TM_RANGE[1]:
            raise Rejected(
                _(
                    "the coordinate %(value)s is in metres, as SWEREF 99 TM or RT 90 give "
                    "them; Trygg reads degrees (WGS 84): export the file with latitude and "
                    "longitude in degrees"
                )
                % {"value": text.strip()}
            )
        raise Rejected(
            _("the coordinate %(value)s is not in degrees (WGS 84)") % {"value": text.strip()}
        )
    return value


def detect_layout(sample: bytes, columns: ReportColumns | None = None) -> FileLayout:
    """The encoding and delimiter of a file from its first bytes; the mapping may fix them.

    UTF-8 if the sample is UTF-8 (a byte-order mark says so too), else Windows-1252;
    the delimiter is ``;`` if the first line has more of them than commas.
    """
    if b"\x00" in sample:
        raise ImportProblem(_("The file is not a CSV text file. Nothing was imported."))
    encoding = "utf-8-sig"
    if columns is not None and columns.encoding == ReportColumns.Encoding.WINDOWS_1252:
        encoding = "cp1252"
    elif (columns is None or not columns.encoding) and not sample.startswith(codecs.BOM_UTF8):
        try:
            # Not final: the sample may end inside a character.
            codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        except UnicodeDecodeError as error:
            _refuse_mixed_utf8(sample, error)
            encoding = "cp1252"
    text = sample.decode(encoding, errors="replace")
    first_line = text.splitlines()[0] if text else ""
    delimiter = columns.delimiter if columns is not None and columns.delimiter else ""
    if not delimiter and first_line.count("\t") > max(first_line.count(";"), first_line.count(",")):
        delimiter = "\t"
    return FileLayout(encoding, delimiter or separator_of(first_line))


def _refuse_mixed_utf8(sample: bytes, error: UnicodeDecodeError) -> None:
    """Refuse a UTF-8 file with a byte that is not UTF-8, rather than read it as 1252.

    Read as Windows-1252, each "ö" of it would be stored as "Ã¶". It is UTF-8 with a
    stray byte when its UTF-8 sequences outnumber the bytes of it that are not in one.
    """
    sequences = _UTF8_SEQUENCE.findall(sample)
    stray = len(_NOT_ASCII.findall(sample)) - sum(len(sequence) for sequence in sequences)
    if len(sequences) <= stray:
        return
    line = sample[: error.start].count(b"\n") + 1
    raise ImportProblem(
        _(
            "The file is UTF-8 text except for the byte 0x%(byte)02x on line %(line)d, "
            "which is not UTF-8. Correct that line, or choose the file's encoding in the "
            "column mapping. Nothing was imported."
        )
        % {"byte": sample[error.start], "line": line}
    )


class _CountedBytes(io.RawIOBase):
    """A binary stream that counts the bytes read from it: the import's progress."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self.stream.read(len(buffer))
        size = len(chunk)
        buffer[:size] = chunk
        self.position += size
        return size


def _sample_of(stream: IO[bytes]) -> bytes:
    sample = stream.read(SAMPLE_BYTES)
    stream.seek(0)
    return sample


def _records(stream: IO[bytes], layout: FileLayout):
    """``(line, row)`` of every CSV record; the line is where the record starts."""
    text = io.TextIOWrapper(stream, encoding=layout.encoding, errors="strict", newline="")
    reader = csv.reader(text, delimiter=layout.delimiter)
    line = 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def _unreadable(problem: Exception, layout: FileLayout, line: int) -> ImportProblem:
    if isinstance(problem, UnicodeDecodeError):
        return ImportProblem(
            _(
                "The file cannot be read as %(encoding)s text from about line %(line)d on. "
                "Save it as UTF-8 or choose its encoding in the column mapping. Nothing was "
                "imported."
            )
            % {"encoding": layout.encoding_name, "line": line}
        )
    return ImportProblem(
        _("The file is not a CSV text file (line %(line)d). Nothing was imported.") % {"line": line}
    )


def preview(file: FileSource, columns: ReportColumns | None = None) -> FilePreview:
    """The layout, header and first rows of a file; ``ImportProblem`` if it cannot be read."""
    with open_binary(file) as stream:
        sample = _sample_of(stream)
    layout = detect_layout(sample, columns)
    header: list[str] = []
    rows: list[list[str]] = []
    # Only the sample: the page shows the start, and a last line cut off is left out.
    lines = sample.decode(layout.encoding, errors="replace").splitlines(keepends=True)
    if len(sample) == SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]
    try:
        for row in csv.reader(lines, delimiter=layout.delimiter):
            if not header:
                header = [name.strip() for name in row]
            elif len(rows) < PREVIEW_ROWS:
                # Any column may be the free text, and staff see no text unscrubbed.
                rows.append([scrub(cell).text for cell in row])
    except csv.Error as problem:
        raise _unreadable(problem, layout, 1) from problem
    if not header or not any(header):
        raise ImportProblem(_("The file is empty. Nothing was imported."))
    return FilePreview(layout, header, rows)


class _Reader:
    """One import's state: the columns' positions, the lookups, the batch, the counts."""

    def __init__(self, source: Source, columns: ReportColumns, result: ReportImportResult):
        self.source = source
        self.municipality: Municipality = source.municipality
        self.columns = columns
        self.result = result
        self.positions: dict[str, int] = {}
        self.categories = category_ids(source.kind, source.pk)
        self.fallback: Category | None = None
        self.areas = {
            code.strip().casefold(): pk
            for pk, code in Area.objects.filter(municipality=self.municipality)
            .exclude(code="")
            .values_list("pk", "code")
        }
        self.border: AreaIndex | None = None
        if columns.latitude_column:
            if not self.municipality.border:
                raise ImportProblem(
                    _(
                        "%(municipality)s has no border loaded, so no point can be checked. "
                        "Nothing was imported."
                    )
                    % {"municipality": self.municipality}
                )
            self.border = AreaIndex([(self.municipality.pk, self.municipality.border)])
        # external id → (line, the row's values in the order of services.COLUMNS)
        self.batch: dict[str, tuple[int, list]] = {}

    def read_header(self, header: list[str]) -> None:
        names = {name.strip().casefold(): index for index, name in enumerate(header)}
        missing = [
            column for column in self.columns.mapped.values() if column.casefold() not in names
        ]
        if missing:
            raise ImportProblem(
                _(
                    "The file's first line has no column %(columns)s. Check that this is the "
                    "right file, or map its columns again. Nothing was imported."
                )
                % {"columns": ", ".join(f"“{column}”" for column in missing)}
            )
        self.positions = {
            role: names[column.casefold()] for role, column in self.columns.mapped.items()
        }

    def value(self, row: list[str], role: str) -> str:
        index = self.positions.get(role)
        return row[index].strip() if index is not None and index < len(row) else ""

    def add(self, line: int, row: list[str]) -> None:
        if not any(cell.strip() for cell in row):
            return  # A blank line, as spreadsheets leave at the end, is no row.
        result = self.result
        result.read += 1
        try:
            external_id, values = self.read_row(row)
        except Rejected as rejection:
            result.rejected.append(RejectedRow(line, rejection.reason))
            return
        if external_id in self.batch:
            result.already_present += 1
            return
        self.batch[external_id] = (line, values)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def read_row(self, row: list[str]) -> tuple[str, list]:
        occurred_at = parse_date_time(self.value(row, "date"), self.value(row, "time"))
        type_label = self.value(row, "type")
        if not type_label:
            raise Rejected(_("the type is missing"))
        if len(type_label) > MAX_TYPE_LENGTH:
            raise Rejected(
                _("the type is longer than %(length)d characters") % {"length": MAX_TYPE_LENGTH}
            )
        latitude = longitude = None
        latitude_text, longitude_text = self.value(row, "latitude"), self.value(row, "longitude")
        if latitude_text or longitude_text:
            if not (latitude_text and longitude_text):
                raise Rejected(_("only one of the two coordinates is given"))
            latitude = parse_coordinate(latitude_text, -90, 90)
            longitude = parse_coordinate(longitude_text, -180, 180)
        elif "area" in self.positions:
            area_code = self.value(row, "area")
            if not area_code:
                raise Rejected(_("neither coordinates nor an area code are given"))
            if area_code.casefold() not in self.areas:
                raise Rejected(
                    _("the area code “%(code)s” is not one of %(municipality)s's areas")
                    % {"code": area_code, "municipality": self.municipality}
                )
        else:
            raise Rejected(_("the coordinates are missing"))
        external_id = self.external_id(row)
        type_key = normalise_type(type_label)
        values = [
            self.source.pk,
            external_id,
            self.municipality.pk,
            self.municipality.county_code,
            occurred_at,
            None,
            type_label,
            type_key,
            self.category_of(type_label, type_key),
            Incident.Precision.POINT if latitude is not None else Incident.Precision.MUNICIPALITY,
            "",
            scrub(self.value(row, "text")).text,
            "",
            latitude,
            longitude,
            None,
        ]
        return external_id, values

    def external_id(self, row: list[str]) -> str:
        if "id" in self.positions:
            external_id = self.value(row, "id")
            if not external_id:
                raise Rejected(_("the id is missing"))
            if len(external_id) > MAX_ID_LENGTH:
                raise Rejected(
                    _("the id is longer than %(length)d characters") % {"length": MAX_ID_LENGTH}
                )
            return external_id
        # Without an id, the row's own mapped values are what make it this row; the
        # free text as it is stored, so that no hash is taken of personal data.
        values = "\x1f".join(
            scrub(self.value(row, role)).text if role == "text" else self.value(row, role)
            for role in sorted(self.positions)
        )
        return hashlib.sha256(values.encode()).hexdigest()

    def category_of(self, type_label: str, type_key: str) -> int:
        if type_key not in self.categories:
            # A type neither the source nor its kind maps: "other" until its coordinator
            # maps it, for this source only (another municipality's type of the same
            # name is theirs to map).
            if self.fallback is None:
                self.fallback = Category.objects.get(key=FALLBACK_CATEGORY)
            mapping = TypeMapping.objects.create(
                source=self.source, type_label=type_label, category=self.fallback
            )
            self.categories[mapping.type_key] = mapping.category_id
            self.result.new_types.append(type_label)
        return self.categories[type_key]

    def flush(self) -> None:
        if not self.batch:
            return
        rows = self.placed_rows()
        result = self.result
        # Points and the rest apart, so that the points inserted are counted.
        for is_point in (True, False):
            part = [tuple(values) for values in rows if (values[-1] is not None) is is_point]
            if not part:
                continue
            inserted = len(insert_new_incidents(self.source, part))
            result.imported += inserted
            result.points += inserted if is_point else 0
            result.already_present += len(part) - inserted
            result.per_municipality[self.municipality.code] += inserted
        self.batch = {}

    def placed_rows(self) -> list[list]:
        """The batch's rows, points outside the border rejected and the rest given cells."""
        entries = list(self.batch.values())
        points = [(line, values) for line, values in entries if values[-3] is not None]
        if points:
            latitudes = [values[-3] for _line, values in points]
            longitudes = [values[-2] for _line, values in points]
            inside = self.border.locate(longitudes, latitudes) != NO_AREA
            # Latitude and longitude the wrong way round: said so, not only "outside".
            swapped = self.border.locate(latitudes, longitudes) != NO_AREA
            cells = cells_for_points(latitudes, longitudes, PLACE_RESOLUTION)
            outside = set()
            for (line, values), is_inside, is_swapped, cell in zip(
                points, inside.tolist(), swapped.tolist(), cells.tolist(), strict=True
            ):
                if is_inside:
                    values[-1] = int(cell)
                    continue
                outside.add(line)
                if is_swapped:
                    reason = _(
                        "the latitude and the longitude are the wrong way round: swapped, the "
                        "point lies in %(municipality)s. Check the columns in the mapping"
                    )
                else:
                    reason = _("the point lies outside %(municipality)s's border")
                self.result.rejected.append(
                    RejectedRow(line, reason % {"municipality": self.municipality})
                )
            entries = [(line, values) for line, values in entries if line not in outside]
        return [values for _line, values in entries]


def import_reports(
    source: Source,
    file: FileSource,
    *,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ReportImportResult:
    """Import a CSV file of ``source``'s incidents by the source's column mapping.

    ``file`` is a path, bytes or an open (seekable) binary file. Returns the counts;
    raises ``ImportProblem`` when the source has no mapping or the file cannot be read
    as a whole (its header lacks a mapped column, it is not CSV text, its bytes are
    not its encoding), and then nothing is stored.
    """
    if source.kind not in REPORT_KINDS or source.municipality_id is None:
        raise ImportProblem(_("Only a municipality's report sources are imported from CSV."))
    columns = ReportColumns.objects.filter(source=source).first()
    if columns is None:
        raise ImportProblem(_("Map the file's columns first. Nothing was imported."))
    result = ReportImportResult(dry_run=dry_run)
    step = _("Importing the reports")
    with open_binary(file) as stream:
        total = _size(stream)
        layout = detect_layout(_sample_of(stream), columns)
        result.encoding, result.delimiter = layout.encoding_name, layout.delimiter
        counted = _CountedBytes(stream)
        line = 1
        try:
            with import_transaction():
                # Before anything of the source is read: a concurrent import of the
                # same file waits, then finds the rows and types this one stored.
                lock_source(source.pk)
                reader = _Reader(source, columns, result)
                progress(step, 0, total)
                records = _records(io.BufferedReader(counted), layout)
                for line, row in records:
                    if not reader.positions:
                        reader.read_header(row)
                        continue
                    reader.add(line, row)
                    if not result.read % BATCH_SIZE:
                        progress(step, min(counted.position, total), total)
                if not reader.positions:
                    raise ImportProblem(_("The file is empty. Nothing was imported."))
                reader.flush()
                if dry_run:
                    transaction.set_rollback(True)
        except (UnicodeDecodeError, csv.Error) as problem:
            raise _unreadable(problem, layout, line + 1) from problem
    result.rejected.sort(key=lambda row: row.line)
    progress(step, total, total)
    return result


@transaction.atomic
def create_report_source(municipality: Municipality, name: str, kind: str) -> Source:
    """A new source of ``municipality``'s CSV files; ``DomainError`` if the name is taken."""
    name = name.strip()
    if kind not in REPORT_KINDS:
        raise DomainError(_("Choose municipal reports or a police extract."))
    if not name:
        raise DomainError(_("Give the source a name."))
    if Source.objects.filter(municipality=municipality, name__iexact=name).exists():
        raise DomainError(
            _("%(municipality)s already has a source of that name.")
            % {"municipality": municipality}
        )
    return Source.objects.create(municipality=municipality, name=name, kind=kind)


@transaction.atomic
def save_report_columns(columns: ReportColumns, header: list[str]) -> ReportColumns:
    """Save the source's mapping, checked whole and against the file's ``header``."""
    try:
        columns.full_clean(exclude=["source"])
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    names = {name.casefold() for name in header}
    missing = [column for column in columns.mapped.values() if column.casefold() not in names]
    if missing:
        raise DomainError(
            _("The file has no column %(columns)s.")
            % {"columns": ", ".join(f"“{column}”" for column in missing)}
        )
    columns.save()
    return columns


def start_report_import(
    run: ImportRun,
    columns: ReportColumns,
    header: list[str],
    *,
    started_by: AbstractBaseUser | None,
) -> bool:
    """Save the source's mapping and queue the import of ``run``'s file, once.

    ``False`` (and nothing saved) if its import was started already: a double click
    on "import", the page sent twice. The run's row is locked while this is decided
    (on SQLite the transaction holds the write lock from its start), so two requests
    at once start one job and neither collides with the other's mapping.
    """
    from .tasks import import_report_file

    with transaction.atomic():
        ImportRun.objects.select_for_update().filter(pk=run.pk).first()
        if Job.objects.of(import_report_file, run).exists():
            return False
        saved = ReportColumns.objects.filter(source=run.source).first()
        if saved is not None and columns.pk is None:
            # The mapping was saved by a request that came in after this page was shown.
            columns.pk = saved.pk
            columns._state.adding = False
        save_report_columns(columns, header)
        enqueue(import_report_file, run, started_by=started_by)
    return True


def add_import_file(
    upload: UploadedFile,
    *,
    source: Source | None = None,
    dry_run: bool,
    started_by: AbstractBaseUser | None,
) -> ImportRun:
    """Keep an uploaded file for its import: into ``source`` (a report source, whose
    import starts once the file's columns are mapped), or without one, of the police's
    open events."""
    if source is not None and (source.kind not in REPORT_KINDS or source.municipality_id is None):
        raise DomainError(_("Only a municipality's report sources are imported from CSV."))
    run = ImportRun(
        source=source,
        source_kind=source.kind if source is not None else Source.Kind.POLICE_EVENTS,
        file_name=upload.name[: ImportRun._meta.get_field("file_name").max_length],
        started_by=started_by if started_by is not None and started_by.is_authenticated else None,
        dry_run=dry_run,
    )
    run.file.save(upload.name, upload, save=False)
    run.save()
    return run


def report_sources(municipality: Municipality) -> list[tuple[Source, ImportRun | None]]:
    """The municipality's report sources, by name, each with its latest import (or None)."""
    sources = Source.objects.filter(municipality=municipality, kind__in=REPORT_KINDS).annotate(
        incident_count=Count("incidents")
    )
    latest: dict[int, ImportRun] = {}
    for run in ImportRun.objects.filter(source__in=sources).order_by("created_at"):
        latest[run.source_id] = run
    return [(source, latest.get(source.pk)) for source in sources.order_by("name")]


@dataclass(frozen=True)
class SourceType:
    """One type of a source's incidents: how many, its override, the default it inherits.

    ``category`` is what the incidents have: the override's category, else the
    default's, else the fallback ("other").
    """

    type_key: str
    type_label: str
    incidents: int
    override: TypeMapping | None
    default: TypeMapping | None
    category: Category


def types_of_source(source: Source) -> list[SourceType]:
    """The types ``source``'s incidents have (and those it maps), by label, with their mappings."""
    counts, labels = {}, {}
    for type_key, count, label in (
        Incident.objects.filter(source=source)
        .values("type_key")
        .annotate(count=Count("pk"), label=Min("type"))
        .values_list("type_key", "count", "label")
    ):
        counts[type_key], labels[type_key] = count, label
    overrides = {
        mapping.type_key: mapping
        for mapping in TypeMapping.objects.filter(source=source).select_related("category")
    }
    keys = set(counts) | set(overrides)
    defaults = {
        mapping.type_key: mapping
        for mapping in TypeMapping.objects.defaults()
        .filter(source_kind=source.kind, type_key__in=keys)
        .select_related("category")
    }
    fallback = Category.objects.get(key=FALLBACK_CATEGORY)
    types = []
    for type_key in keys:
        override, default = overrides.get(type_key), defaults.get(type_key)
        mapping = override or default
        types.append(
            SourceType(
                type_key=type_key,
                type_label=mapping.type_label if mapping else labels[type_key],
                incidents=counts.get(type_key, 0),
                override=override,
                default=default,
                category=mapping.category if mapping else fallback,
            )
        )
    return sorted(types, key=lambda row: (row.type_label.casefold(), row.type_key))


def _source_type_label(source: Source, type_key: str) -> str:
    """The type as ``source`` writes it; ``DomainError`` if the source has no such type."""
    mapping = TypeMapping.objects.filter(source=source, type_key=type_key).first()
    if mapping is not None:
        return mapping.type_label
    label = (
        Incident.objects.filter(source=source, type_key=type_key)
        .values_list("type", flat=True)
        .first()
    )
    if label is None:
        raise DomainError(_("The source has no incidents of that type."))
    return label


@dataclass(frozen=True)
class TypeChange:
    """What a coordinator's change of a source's type did: the type, its category now, moved."""

    type_label: str
    category: Category
    moved: int


@transaction.atomic
def change_type_category(source: Source, type_key: str, category: Category) -> TypeChange:
    """Map a type of ``source`` to ``category``, for this source only.

    Creates or changes the source's override of the type, and moves the source's
    incidents of the type; other sources, of this municipality or another, keep their
    mapping. Doing it twice moves nothing the second time.
    """
    label = _source_type_label(source, type_key)
    mapping, _created = TypeMapping.objects.select_for_update().get_or_create(
        source=source,
        type_key=type_key,
        defaults={"source_kind": source.kind, "type_label": label, "category": category},
    )
    if mapping.category_id != category.pk:
        mapping.category = category
        mapping.save(update_fields=["category"])
    return TypeChange(mapping.type_label, category, recategorise(mapping))


@transaction.atomic
def reset_type_to_default(source: Source, type_key: str) -> TypeChange:
    """Drop ``source``'s override of a type: its incidents take the kind's default again.

    A type without an override (already the default, or a repeated request) moves
    nothing; a type the source does not have is refused (``DomainError``).
    """
    label = _source_type_label(source, type_key)
    mapping = TypeMapping.objects.select_for_update().filter(source=source, type_key=type_key)
    mapping = mapping.first()
    moved = remove_mapping(mapping) if mapping is not None else 0
    return TypeChange(label, inherited_category(source.kind, type_key), moved)
