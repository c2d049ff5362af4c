"""Writes of the situation app: importing incidents, keeping their categories current.

``import_police_events`` streams a file of the police's open events into ``Incident``
rows. It is built for a million events in constant memory: the file is read record
by record (``core.json_records``), events are inserted in batches, and only counters,
the rejected lines and one batch are kept.

It is all or nothing in the one way that matters: **the whole import is one
transaction.** A file that turns out to be unreadable half-way (a truncated gzip,
bytes that are not UTF-8, an array that breaks off) is only found when the reader
gets there, after earlier batches were inserted; the transaction's rollback then
leaves the database exactly as before, sources, type mappings and all. The other
way, a dry pass over the whole file before the real one, would read and decompress
every file twice to guard against a rare broken one. A row that is wrong on its own
(no id, an unknown place) does not stop the import: it is rejected with its line and
reason and the rest goes in. ``dry_run`` runs the same import and rolls it back, so
its counts are exactly those a real import would give.

What this costs, and is still open: ``progress`` is called inside the transaction.
The command's bar is drawn at once, but a job's progress (``JobProgress`` writes its
row on the same connection) is seen by other connections, such as a staff page,
only when the import commits; on SQLite the import also holds the database's one
write lock until then. A staff page that follows a large import needs its progress
written on a connection of its own (possible on PostgreSQL) or a first, read-only
pass over the file outside the transaction (the only way on SQLite).

Idempotency rests on the database: ``(source, external_id)`` is unique and every
insert skips the ids already there (``insert_new_incidents``: on PostgreSQL ``COPY``
into a staging table and ``INSERT ... ON CONFLICT DO NOTHING``, on SQLite a look-up
of the batch's ids and an insert that ignores conflicts), so the same file imported
twice adds nothing the second time and a concurrent import of an overlapping file
cannot make duplicates. An id that occurs twice in one file counts once.
"""

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from django.db import connection, transaction
from django.utils.translation import gettext as _

from trygg.background.progress import Progress, no_progress
from trygg.core.errors import ImportProblem
from trygg.core.imports import Source as FileSource
from trygg.core.imports import UnreadableContent, open_binary
from trygg.core.json_records import UnreadableRecord, json_records
from trygg.tenancy.models import Municipality

from .models import Category, Incident, Source, TypeMapping
from .police_events import Places, PoliceEvent, Rejected, is_summary, read_event

# Events inserted per statement: large enough that the per-statement cost vanishes,
# small enough to stay under SQLite's 32,766 bound parameters (17 columns × 1,000).
BATCH_SIZE = 1000
POLICE_EVENTS_NAME = "Polisens öppna händelser"
FALLBACK_CATEGORY = "other"


@dataclass(frozen=True)
class RejectedRow:
    """A record that was not imported: its line (JSON lines) or element number (array)."""

    line: int
    reason: str


@dataclass
class EventImportResult:
    """What an import did (or, in a dry run, would do).

    ``read`` counts the file's records; each is exactly one of ``imported``,
    ``already_present`` (its id was in the database, or earlier in the file),
    ``summaries`` (summaries and press-office notices, not incidents) or
    ``rejected``. ``county_only`` is how many of the imported incidents name only
    their county; ``per_municipality`` counts the imported ones by kommunkod;
    ``new_types`` are types the mapping did not know, mapped to "other" for now.
    """

    read: int = 0
    imported: int = 0
    already_present: int = 0
    summaries: int = 0
    county_only: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    per_municipality: Counter[str] = field(default_factory=Counter)
    new_types: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_json(self) -> dict:
        """The summary ``trygg import-events --json`` prints (keys in English)."""
        return {
            "read": self.read,
            "imported": self.imported,
            "already_present": self.already_present,
            "summaries": self.summaries,
            "county_only": self.county_only,
            "rejected": [{"line": row.line, "reason": row.reason} for row in self.rejected],
            "per_municipality": dict(sorted(self.per_municipality.items())),
            "new_types": self.new_types,
            "dry_run": self.dry_run,
        }


def police_events_source() -> Source:
    """The national source of the police's open events, created on first use."""
    source, _created = Source.objects.get_or_create(
        kind=Source.Kind.POLICE_EVENTS,
        municipality=None,
        defaults={"name": POLICE_EVENTS_NAME},
    )
    return source


class _CountingReader:
    """A binary stream that counts the bytes read from it: the import's progress."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.position += len(chunk)
        return chunk


def _size(stream: IO[bytes]) -> int:
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        pass
    try:
        here = stream.tell()
        size = stream.seek(0, os.SEEK_END)
        stream.seek(here)
        return size
    except (AttributeError, OSError, ValueError):
        return 0


class _Importer:
    """One import's state: the lookups, the batch waiting to be inserted, the counts."""

    def __init__(self, source: Source, places: Places, codes: dict[int, str], result):
        self.source = source
        self.places = places
        self.codes = codes
        self.result: EventImportResult = result
        self.categories = dict(
            TypeMapping.objects.filter(source_kind=source.kind).values_list(
                "type_key", "category_id"
            )
        )
        self.fallback: Category | None = None
        self.batch: dict[str, PoliceEvent] = {}

    def add(self, number: int, record: object) -> None:
        result = self.result
        result.read += 1
        if isinstance(record, UnreadableRecord):
            result.rejected.append(RejectedRow(number, record.reason))
            return
        if is_summary(record):
            result.summaries += 1
            return
        try:
            event = read_event(record, self.places)
        except Rejected as rejection:
            result.rejected.append(RejectedRow(number, rejection.reason))
            return
        if event.external_id in self.batch:
            result.already_present += 1
            return
        self.batch[event.external_id] = event
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        rows = [self.row(event) for event in self.batch.values()]
        inserted = insert_new_incidents(self.source, rows)
        result = self.result
        result.imported += len(inserted)
        result.already_present += len(rows) - len(inserted)
        for municipality_id in inserted:
            if municipality_id is None:
                result.county_only += 1
            else:
                result.per_municipality[self.codes[municipality_id]] += 1
        self.batch = {}

    def row(self, event: PoliceEvent) -> tuple:
        """The event's values in the order of ``COLUMNS``."""
        return (
            self.source.pk,
            event.external_id,
            event.municipality_id,
            event.county_code,
            event.occurred_at,
            event.published_at,
            event.type,
            event.type_key,
            self.category_of(event),
            # The police's open events are placed at the municipality's or county's
            # centre, never at the incident: they never get a point or a cell.
            Incident.Precision.COUNTY
            if event.municipality_id is None
            else Incident.Precision.MUNICIPALITY,
            event.title,
            event.summary,
            event.url,
            None,
            None,
            None,
        )

    def category_of(self, event: PoliceEvent) -> int:
        if event.type_key not in self.categories:
            # A type the mapping does not know yet: "other" until someone maps it in
            # the admin (which recategorises the incidents, see recategorise).
            if self.fallback is None:
                self.fallback = Category.objects.get(key=FALLBACK_CATEGORY)
            mapping = TypeMapping.objects.create(
                source_kind=self.source.kind, type_label=event.type, category=self.fallback
            )
            self.categories[mapping.type_key] = mapping.category_id
            self.result.new_types.append(event.type)
        return self.categories[event.type_key]


# The columns an import writes; coordinates and cells stay empty (no point precision).
COLUMNS = (
    "source_id",
    "external_id",
    "municipality_id",
    "county_code",
    "occurred_at",
    "published_at",
    "type",
    "type_key",
    "category_id",
    "precision",
    "title",
    "summary",
    "url",
    "latitude",
    "longitude",
    "h3_cell",
)
STAGING_TABLE = "situation_incident_staging"


def insert_new_incidents(source: Source, rows: list[tuple]) -> list[int | None]:
    """Insert the rows (``COLUMNS``) whose id the source has not got yet.

    Returns the municipality ids of the rows inserted (``None``: county only). On
    PostgreSQL the rows are copied (``COPY``, the fastest way in) to a temporary
    table and inserted from there with ``ON CONFLICT DO NOTHING ... RETURNING``: one
    round trip decides and reports what is new. Elsewhere (SQLite) the batch's
    present ids are looked up first and the rest inserted with one statement.
    """
    if connection.vendor == "postgresql":
        return _copy_new_incidents(rows)
    present = set(
        Incident.objects.filter(
            source=source, external_id__in=[row[1] for row in rows]
        ).values_list("external_id", flat=True)
    )
    new = [row for row in rows if row[1] not in present]
    Incident.objects.bulk_create(
        [Incident(**dict(zip(COLUMNS, row, strict=True))) for row in new],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    return [row[2] for row in new]


def _copy_new_incidents(rows: list[tuple]) -> list[int | None]:
    quote = connection.ops.quote_name
    table, staging = quote(Incident._meta.db_table), quote(STAGING_TABLE)
    columns = ", ".join(quote(column) for column in COLUMNS)
    with connection.cursor() as cursor:
        # Temporary: private to this connection and gone with it.
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {staging}")
        with cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} "
            f"ON CONFLICT (source_id, external_id) DO NOTHING RETURNING municipality_id"
        )
        return [municipality_id for (municipality_id,) in cursor.fetchall()]


def import_police_events(
    file: FileSource, *, dry_run: bool = False, progress: Progress = no_progress
) -> EventImportResult:
    """Import the police's open events from ``file``, in the API's own format.

    ``file`` is a path, bytes or an open binary file: a JSON array of events or JSON
    lines (one event a line), gzip-compressed or not, in UTF-8. Returns the counts
    (``EventImportResult``); raises ``ImportProblem`` when the municipalities are not
    loaded or the file cannot be read as a whole, and then nothing is stored.
    ``progress`` is told the share of the file read so far.
    """
    municipalities = list(Municipality.objects.values_list("pk", "name", "county_code"))
    places = Places(municipalities)
    if not places:
        raise ImportProblem(_("No municipalities are loaded; run trygg load-municipalities first."))
    codes = dict(Municipality.objects.values_list("pk", "code"))
    result = EventImportResult(dry_run=dry_run)
    step = _("Importing the police's events")
    with open_binary(file) as stream:
        total = _size(stream)
        reader = _CountingReader(stream)
        try:
            with transaction.atomic():
                importer = _Importer(police_events_source(), places, codes, result)
                progress(step, 0, total)
                for number, record in json_records(reader):
                    importer.add(number, record)
                    if not number % BATCH_SIZE:
                        progress(step, min(reader.position, total), total)
                importer.flush()
                if dry_run:
                    transaction.set_rollback(True)
        except UnreadableContent as problem:
            raise ImportProblem(
                _("The file cannot be read: %(reason)s Nothing was imported.")
                % {"reason": _sentence(problem.message)}
            ) from problem
        except OSError as problem:
            raise ImportProblem(
                _("The file could not be read to its end. Nothing was imported.")
            ) from problem
    progress(step, total, total)
    return result


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


@transaction.atomic
def recategorise(mapping: TypeMapping) -> int:
    """Give every incident of ``mapping``'s type its (changed) category; returns how many.

    An incident's category is derived from its type, not raw data: it follows the
    mapping, so that a type moved to another category moves all its incidents.
    """
    return (
        Incident.objects.filter(source__kind=mapping.source_kind, type_key=mapping.type_key)
        .exclude(category=mapping.category)
        .update(category=mapping.category)
    )
