"""Writes of the situation app: importing incidents, keeping their categories current.

``import_police_events`` streams a file of the police's open events into ``Incident``
rows. It is built for a million events in constant memory: the file is read record
by record (``core.json_records``), and only counters, the rejected lines and one
batch of rows are kept in memory.

It is all or nothing in the one way that matters: **nothing is stored unless the
whole file could be read.** A file that turns out to be unreadable half-way (a
truncated gzip, bytes that are not UTF-8, an array that breaks off) is only found
when the reader gets there; the incidents are written in one transaction, whose
rollback then leaves the database exactly as before, sources, type mappings and all.
A row that is wrong on its own (no id, an unknown place) does not stop the import: it
is rejected with its line and reason and the rest goes in. ``dry_run`` runs the same
import and rolls it back, so its counts are exactly those a real import would give.

**Progress while it runs.** A job's page reads the job's row (``done`` of ``total``)
on its own connection, so progress is seen only once it is committed, while the
import's transaction is open for as long as the import runs. The two databases get
two designs, because they lock differently:

- *PostgreSQL*, one pass: a thread reads the file (decompresses, decodes, checks)
  into batches of ``INSERT_ROWS`` rows already written as ``COPY`` text
  (``_ReadAhead``, ``CopyBatch``), while the import's connection copies the previous
  batch's new rows straight into ``situation_incident`` (``COPY``, the way ``psql
  \\copy`` goes in), so that reading and storing overlap; all in the one
  transaction. The storing side does next to no Python (it passes text on and waits
  for the server, without the interpreter's lock), so the reading thread has the
  interpreter to itself and the server is kept busy. Between two batches
  ``background.services.JobProgress`` writes the job's progress on a connection of
  its own, in autocommit: the page follows the import while the incidents stay
  invisible until the commit.
- *SQLite*, read first: there is one write lock for the whole database, and a
  transaction that held it for the whole import would both hide the progress (no
  second connection can write it) and hold up every resident sending a survey
  answer for minutes (their writers wait 20 seconds, then fail). So the file is
  first read and checked with no transaction open, its rows parked in a temporary
  file (``_Spool``, on disk: constant memory), the progress committed as it goes;
  only when the whole file has been read are the rows stored, in one transaction
  with one prepared statement per batch (``_insert_rows``): the lock is held for
  the storing alone, not for the reading and decompressing. The file is still
  decompressed and decoded only once. The other ways were worse: committing
  batches tagged with their import and deleting them on failure shows other
  readers half an import, and makes a concurrent import of an overlapping file
  count as present rows that are then deleted; progress kept in a file beside the
  database is not seen by a web server on another machine. The read pass is the
  share ``READ_SHARE`` of the progress bar, the storing the rest.

Idempotency rests on the database: ``(source, external_id)`` is unique and every
insert skips the ids already there: on PostgreSQL a ``COPY`` of the batch behind a
savepoint, and only where the constraint refuses it a look-up of the batch's ids and
a ``COPY`` of the rest (``IncidentCopier``), under an advisory lock on the source
held to the commit (so that no concurrent writer into the source adds one of them in
between: imports into one source take turns); on SQLite (one writer at a time
anyway) a look-up of the batch's ids and an insert of the rest that ignores
conflicts. So the same file imported twice adds nothing the second time and
a concurrent import of an overlapping file cannot make duplicates. An id that occurs
twice in one file counts once.
"""

import datetime
import functools
import itertools
import os
import pickle
import queue
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

import psycopg
from django.db import OperationalError, connection, models, transaction
from django.db.models import DateTimeField, QuerySet
from django.db.models.constants import OnConflict
from django.utils import translation
from django.utils.translation import gettext as _

from trygg.background.progress import Progress, no_progress
from trygg.core.errors import ImportProblem
from trygg.core.imports import Source as FileSource
from trygg.core.imports import UnreadableContent, open_binary
from trygg.core.json_records import UnreadableRecord, json_records
from trygg.tenancy.models import Municipality

from .models import Category, Incident, Source, TypeMapping
from .police_events import Places, Rejected, is_summary, read_event

# Rows inserted per statement on SQLite: large enough that the per-statement cost
# vanishes, small enough to stay under its 32,766 bound parameters (17 columns × 1,000).
BATCH_SIZE = 1000
# Rows per INSERT on PostgreSQL, whose progress is written between two: one round
# trip per 5,000 rows is nothing beside storing them.
INSERT_ROWS = 5000
# The share of the progress bar that reading the file takes on SQLite (read first,
# then stored): about what it took of the time on the shipped file.
READ_SHARE = 0.4
# The first key of the advisory lock a writer into a source holds (the second is the
# source's id): any constant no other lock of Trygg's uses.
INCIDENT_SOURCE_LOCK = 7_301_001
# How long an import waits for another's storing to end (SQLite's one write lock)
# before it gives up: the shipped file's storing takes some 13 s, a request's write
# waits 20 s at most, an import can wait for a whole import.
IMPORT_LOCK_WAIT = 15 * 60
POLICE_EVENTS_NAME = "Polisens öppna händelser"
FALLBACK_CATEGORY = "other"


@dataclass(frozen=True)
class RejectedRow:
    """A record that was not imported: the line it starts on, and in a JSON array its
    element number (an array on one line has all its elements on line 1)."""

    line: int
    reason: str
    element: int | None = None

    def as_json(self) -> dict:
        row: dict = {"line": self.line, "reason": self.reason}
        if self.element is not None:
            row["element"] = self.element
        return row


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
            "rejected": [row.as_json() for row in self.rejected],
            "per_municipality": dict(sorted(self.per_municipality.items())),
            "new_types": self.new_types,
            "dry_run": self.dry_run,
        }

    def count_stored(self, offered: int, inserted: Counter, codes: dict[int, str]) -> None:
        """Count ``offered`` rows, of which ``inserted`` (municipality id → rows) were new."""
        imported = inserted.total()
        self.imported += imported
        self.already_present += offered - imported
        for municipality_id, count in inserted.items():
            if municipality_id is None:
                self.county_only += count
            else:
                self.per_municipality[codes[municipality_id]] += count


def category_ids(source_kind: str, source_id: int | None) -> dict[str, int]:
    """Category id by type key for a source's incidents: its overrides over its kind's defaults.

    A type in neither gets the fallback category (``FALLBACK_CATEGORY``); ``source_id``
    None (a source not created yet) gives the defaults alone.
    """
    categories = dict(
        TypeMapping.objects.defaults()
        .filter(source_kind=source_kind)
        .values_list("type_key", "category_id")
    )
    if source_id is not None:
        categories.update(
            TypeMapping.objects.filter(source_id=source_id).values_list("type_key", "category_id")
        )
    return categories


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


class _EventRows:
    """The incidents of a file's records as rows (``COLUMNS``), counting all the rest.

    Touches no database while it runs (on PostgreSQL it runs in a thread without a
    connection, on SQLite before the transaction that stores the rows): a type the
    mapping does not know gets the fallback category at once and its mapping is
    created by ``save_new_types``, in the transaction that stores the rows.
    """

    def __init__(self, source_id: int | None, places: Places, result: EventImportResult):
        self.source_id = source_id
        self.places = places
        self.result = result
        self.categories = category_ids(Source.Kind.POLICE_EVENTS, source_id)
        self.fallback = Category.objects.get(key=FALLBACK_CATEGORY)
        self.new_types: dict[str, str] = {}

    def rows(self, records: Iterable[tuple[int, Any]]) -> Iterator[tuple]:
        result, places, categories = self.result, self.places, self.categories
        source_id = self.source_id
        county = Incident.Precision.COUNTY.value
        municipality = Incident.Precision.MUNICIPALITY.value
        for position, record in records:
            result.read += 1
            if isinstance(record, UnreadableRecord):
                result.rejected.append(RejectedRow(position.line, record.reason, position.element))
                continue
            if is_summary(record):
                result.summaries += 1
                continue
            try:
                event = read_event(record, places)
            except Rejected as rejection:
                result.rejected.append(
                    RejectedRow(position.line, rejection.reason, position.element)
                )
                continue
            category_id = categories.get(event.type_key)
            if category_id is None:
                category_id = self._new_type(event.type_key, event.type)
            yield (
                source_id,
                event.external_id,
                event.municipality_id,
                event.county_code,
                event.occurred_at,
                event.published_at,
                event.type,
                event.type_key,
                category_id,
                # The police's open events are placed at the municipality's or county's
                # centre, never at the incident: they never get a point or a cell.
                county if event.municipality_id is None else municipality,
                event.title,
                event.summary,
                event.url,
                None,  # latitude,
                None,  # longitude and
                None,  # H3 cell: no point, see the precision
            )

    def _new_type(self, type_key: str, label: str) -> int:
        # "Other" until someone maps it in the admin (which recategorises the
        # incidents, see recategorise).
        self.categories[type_key] = self.fallback.pk
        self.new_types[type_key] = label
        self.result.new_types.append(label)
        return self.fallback.pk

    def save_new_types(self) -> None:
        TypeMapping.objects.bulk_create(
            [
                TypeMapping(
                    source_kind=Source.Kind.POLICE_EVENTS,
                    type_key=type_key,
                    type_label=label,
                    category=self.fallback,
                )
                for type_key, label in self.new_types.items()
            ],
            # A concurrent import may have mapped it first; its mapping stands.
            ignore_conflicts=True,
        )


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


@contextmanager
def import_transaction(wait: float | None = None) -> Iterator[None]:
    """The transaction an import stores in, begun once no other writer holds SQLite's lock.

    A request waits for the write lock only as long as SQLite's busy timeout; an
    import started while another import stores (two runs of ``import-events`` at
    once) tries again for up to ``wait`` seconds (``IMPORT_LOCK_WAIT``) instead of
    failing with "database is locked", and then fails with a reason in the user's
    language. On PostgreSQL the transaction begins at once (the writers into one
    source take turns in ``lock_source``).
    """
    wait = IMPORT_LOCK_WAIT if wait is None else wait
    deadline = time.monotonic() + wait
    with ExitStack() as stack:
        while True:
            try:
                stack.enter_context(transaction.atomic())
                break
            except OperationalError as error:
                # Each try waits SQLite's busy timeout itself, so this is no busy loop.
                if "locked" not in str(error):
                    raise
                if time.monotonic() >= deadline:
                    raise ImportProblem(
                        _(
                            "The database is busy with another import and stayed so for "
                            "%(minutes)d minutes; import the file again once it is done. "
                            "Nothing was imported."
                        )
                        % {"minutes": round(wait / 60)}
                    ) from error
        yield


def lock_source(source_id: int) -> None:
    """Make this transaction the source's only writer until it ends (PostgreSQL).

    Imports into one source take turns: a second one waits here and then sees what
    the first committed (its incidents, the types it mapped), instead of colliding
    with it on a unique constraint. SQLite has one writer at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [INCIDENT_SOURCE_LOCK, source_id]
            )


def insert_new_incidents(source: Source, rows: list[tuple]) -> list[int | None]:
    """Insert the rows (``COLUMNS``) whose id the source has not got yet.

    Returns the municipality ids of the rows inserted (``None``: county only), one
    per row, in no particular order. On PostgreSQL the rows are copied (``COPY``, the
    fastest way in) to a temporary table and inserted from there with ``ON CONFLICT
    DO NOTHING``: one round trip decides what is new. Elsewhere (SQLite) the batch's
    present ids are looked up first and the rest inserted with one statement.
    """
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return list(_insert_new_postgresql(source.pk, rows).elements())
    return _insert_new_batch(source, rows)


def _insert_new_batch(source: Source, rows: list[tuple]) -> list[int | None]:
    present = set(
        Incident.objects.filter(
            source=source, external_id__in=[row[1] for row in rows]
        ).values_list("external_id", flat=True)
    )
    new = []
    for row in rows:
        if row[1] not in present:
            present.add(row[1])  # the same id again in this batch is present now
            new.append(row)
    if new:
        _insert_rows(new)
    return [row[2] for row in new]


def _insert_rows(rows: list[tuple]) -> None:
    """Insert rows (``COLUMNS``) with one prepared statement, ignoring conflicts.

    What ``bulk_create(ignore_conflicts=True)`` does, without a model instance per
    row: on SQLite storing a million rows thus takes a fraction of the time it holds
    the one write lock. Only the date-times need converting to the database's form.
    """
    quote = connection.ops.quote_name
    prepare = {
        position: field.get_db_prep_value
        for position, field in enumerate(Incident._meta.get_field(column) for column in COLUMNS)
        if isinstance(field, DateTimeField)
    }
    values = []
    for row in rows:
        row = list(row)
        for position, prepare_value in prepare.items():
            row[position] = prepare_value(row[position], connection)
        values.append(row)
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    columns = ", ".join(quote(column) for column in COLUMNS)
    ignore = OnConflict.IGNORE
    with connection.cursor() as cursor:
        cursor.executemany(
            f"{connection.ops.insert_statement(on_conflict=ignore)} "
            f"{quote(Incident._meta.db_table)} ({columns}) VALUES ({placeholders}) "
            f"{connection.ops.on_conflict_suffix_sql([], ignore, [], [])}",
            values,
        )


def _insert_new_postgresql(source_id: int, rows: list[tuple]) -> Counter:
    """Copy the rows whose id is new straight into the table; returns them per municipality id."""
    return IncidentCopier(source_id).copy(CopyBatch.of(rows))


# COPY's text format: a tab between columns, a newline after each row, these escaped;
# NUL, which no text of PostgreSQL's can hold, is left out (as the readers leave it out).
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": None})
_COPY_NULL = "\\N"


def _copy_str(value: str | None) -> str:
    if value is None:
        return _COPY_NULL
    # Nearly every text has none of the escapes: two scans in C, no translation.
    if "\\" in value or not value.isprintable():
        return value.translate(_COPY_ESCAPES)
    return value


def _copy_datetime(value: datetime.datetime | None) -> str:
    if value is None:
        return _COPY_NULL
    if value.tzinfo is None:
        raise ValueError("a naive date-time cannot be copied")
    # ISO form with its offset, which the server reads exactly.
    return value.isoformat()


def _copy_number(value: float | None) -> str:
    # repr: the shortest text that reads back as the same number.
    return _COPY_NULL if value is None else repr(value)


def copy_formatters(model: type[models.Model], columns: Iterable[str]) -> list[Callable]:
    """For each column, the function that writes a value in ``COPY``'s text format.

    What ``copy.write_row`` does, chosen once by the column's field rather than
    by each value's type: only the fields an import writes (text, numbers, keys,
    aware date-times).
    """
    formatters = []
    for column in columns:
        field = model._meta.get_field(column)
        if isinstance(field, DateTimeField):
            formatters.append(_copy_datetime)
        elif isinstance(field, models.CharField | models.TextField):
            formatters.append(_copy_str)
        elif isinstance(field, models.IntegerField | models.FloatField | models.ForeignKey):
            formatters.append(_copy_number)
        else:
            raise TypeError(f"{column}: a {type(field).__name__} cannot be copied")
    return formatters


@dataclass(frozen=True)
class CopyBatch:
    """Rows (``COLUMNS``) as ``COPY`` text lines, with the two columns the storing needs.

    Made by the reading thread, so that the storing side only looks up which ids are
    present and passes the other lines on.
    """

    lines: list[str]
    external_ids: list[str]
    municipality_ids: list[int | None]

    @classmethod
    def of(cls, rows: list[tuple]) -> "CopyBatch":
        formatters = _incident_formatters()
        return cls(
            lines=[
                "\t".join([write(value) for write, value in zip(formatters, row, strict=True)])
                + "\n"
                for row in rows
            ],
            external_ids=[row[1] for row in rows],
            municipality_ids=[row[2] for row in rows],
        )


@functools.cache
def _incident_formatters() -> list[Callable]:
    return copy_formatters(Incident, COLUMNS)


class IncidentCopier:
    """Copies batches of one source's rows into the table, skipping the ids already there.

    ``COPY`` is the fastest way in, the way ``psql \\copy`` goes, but it cannot skip a
    row that is there already. Looking up every batch's ids first costs the server
    a fifth more than the copying, and on a first import finds nothing; so a batch
    without a repeated id is copied as it is, behind a savepoint, and the source's
    unique constraint says whether that was right. Only if it refuses (some id was
    there) is the batch rolled back to the savepoint, its present ids looked up and
    the rest copied; and the batches after it are looked up first until one has no
    present id again, so that a re-import does not pay for a refused copy each time.
    Every writer into one source holds the source's lock to the end of its
    transaction, so that no other import can add one of the ids in between.
    """

    def __init__(self, source_id: int):
        self.source_id = source_id
        self.expect_new = True
        quote = connection.ops.quote_name
        self.table = quote(Incident._meta.db_table)
        columns = ", ".join(quote(column) for column in COLUMNS)
        self.statement = f"COPY {self.table} ({columns}) FROM STDIN"

    def copy(self, batch: CopyBatch) -> Counter:
        """Copy the batch's rows whose id is new; returns them per municipality id."""
        if not batch.lines:
            return Counter()
        with transaction.atomic(), connection.cursor() as cursor:
            lock_source(self.source_id)
            if self.expect_new and len(set(batch.external_ids)) == len(batch.external_ids):
                try:
                    with transaction.atomic():
                        self._copy(cursor, batch.lines)
                    return Counter(batch.municipality_ids)
                except psycopg.errors.UniqueViolation:
                    pass  # rolled back to the savepoint: look the ids up
            cursor.execute(
                f"SELECT external_id FROM {self.table} "
                "WHERE source_id = %s AND external_id = ANY(%s)",
                [self.source_id, batch.external_ids],
            )
            present = {external_id for (external_id,) in cursor.fetchall()}
            self.expect_new = not present
            new = []
            for index, external_id in enumerate(batch.external_ids):
                if external_id not in present:
                    present.add(external_id)  # the same id again in this batch is present now
                    new.append(index)
            self._copy(cursor, [batch.lines[index] for index in new])
        municipality_ids = batch.municipality_ids
        return Counter(municipality_ids[index] for index in new)

    def _copy(self, cursor, lines: list[str]) -> None:
        if lines:
            with cursor.copy(self.statement) as copy:
                copy.write("".join(lines).encode())


class _Spool:
    """Rows parked in a temporary file between reading a file and storing it (SQLite)."""

    def __init__(self, file: IO[bytes]):
        self.file = file
        self.batches = 0
        self.rows = 0

    def write(self, rows: list[tuple]) -> None:
        pickle.dump(rows, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.batches += 1
        self.rows += len(rows)

    def __iter__(self) -> Iterator[list[tuple]]:
        self.file.seek(0)
        for _batch in range(self.batches):
            # Our own rows, written by this process a moment ago: safe to unpickle.
            yield pickle.load(self.file)


def import_police_events(
    file: FileSource, *, dry_run: bool = False, progress: Progress = no_progress
) -> EventImportResult:
    """Import the police's open events from ``file``, in the API's own format.

    ``file`` is a path, bytes or an open binary file: a JSON array of events or JSON
    lines (one event a line), gzip-compressed or not, in UTF-8. Returns the counts
    (``EventImportResult``); raises ``ImportProblem`` when the municipalities are not
    loaded or the file cannot be read as a whole, and then nothing is stored.
    ``progress`` is told how far the import has come, in bytes of the file.
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

        def report(done: float) -> None:
            progress(step, min(round(done), total), total)

        report(0)
        try:
            if connection.vendor == "postgresql":
                _import_in_one_pass(reader, places, codes, result, report)
            else:
                _import_read_first(reader, places, codes, result, report, total)
        except UnreadableContent as problem:
            raise ImportProblem(
                _("The file cannot be read: %(reason)s Nothing was imported.")
                % {"reason": _sentence(problem.message)}
            ) from problem
        except OSError as problem:
            raise ImportProblem(
                _("The file could not be read to its end. Nothing was imported.")
            ) from problem
    report(total)
    return result


def _import_in_one_pass(
    reader: _CountingReader,
    places: Places,
    codes: dict[int, str],
    result: EventImportResult,
    report: Callable[[float], None],
) -> None:
    """PostgreSQL: each batch stored as it is read, in the one transaction."""
    with transaction.atomic():
        source = police_events_source()
        events = _EventRows(source.pk, places, result)
        batches = (
            (CopyBatch.of(rows), position)
            for rows, position in _batches(events.rows(json_records(reader)), INSERT_ROWS, reader)
        )
        copier = IncidentCopier(source.pk)
        with _ReadAhead(batches) as read_ahead:
            for batch, position in read_ahead:
                inserted = copier.copy(batch)
                result.count_stored(len(batch.lines), inserted, codes)
                # How far the stored rows reach into the file, not the read-ahead.
                report(position)
        events.save_new_types()
        if result.dry_run:
            transaction.set_rollback(True)


def _batches(
    rows: Iterator[tuple], size: int, reader: _CountingReader
) -> Iterator[tuple[list[tuple], int]]:
    """Lists of ``size`` rows, each with the bytes of the file read when it was full."""
    while batch := list(itertools.islice(rows, size)):
        yield batch, reader.position


class _ReadAhead:
    """Batches read (decompressed, decoded, checked) by a thread of their own.

    The server stores one batch while the thread reads the next: the import takes
    about as long as the slower of the two, not their sum. The thread touches no
    database; at most ``depth`` batches wait, so memory stays constant. An error in
    reading (an unreadable file) is raised where the batches are taken, so that the
    transaction around it rolls back.
    """

    _END = object()

    def __init__(self, batches: Iterator[Any], depth: int = 4):
        self.batches = batches
        self.queue: queue.Queue = queue.Queue(maxsize=depth)
        self.stopped = threading.Event()
        # Rejection reasons are in the language of whoever started the import.
        self.language = translation.get_language()
        self.thread = threading.Thread(target=self._read, name="import-read-ahead", daemon=True)

    def __enter__(self) -> "_ReadAhead":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.thread.join()

    def __iter__(self) -> Iterator[Any]:
        while (item := self.queue.get()) is not self._END:
            if isinstance(item, BaseException):
                raise item
            yield item

    def _read(self) -> None:
        with translation.override(self.language):
            try:
                for batch in self.batches:
                    if not self._put(batch):
                        return
            except BaseException as error:  # raised again where the batches are taken
                self._put(error)
                return
        self._put(self._END)

    def _put(self, item: object) -> bool:
        # Gives up once the caller has stopped taking batches (it failed).
        while not self.stopped.is_set():
            try:
                self.queue.put(item, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False


def _import_read_first(
    reader: _CountingReader,
    places: Places,
    codes: dict[int, str],
    result: EventImportResult,
    report: Callable[[float], None],
    total: int,
) -> None:
    """SQLite: the whole file read with no transaction open, then stored in one."""
    existing = Source.objects.filter(kind=Source.Kind.POLICE_EVENTS, municipality=None).first()
    events = _EventRows(existing.pk if existing else None, places, result)
    rows = events.rows(json_records(reader))
    with tempfile.TemporaryFile() as file:
        spool = _Spool(file)
        while batch := list(itertools.islice(rows, BATCH_SIZE)):
            spool.write(batch)
            report(READ_SHARE * reader.position)
        with import_transaction():
            source = police_events_source()
            events.save_new_types()
            for number, batch in enumerate(spool, start=1):
                if existing is None:
                    batch = [(source.pk, *row[1:]) for row in batch]
                inserted = _insert_new_batch(source, batch)
                result.count_stored(len(batch), Counter(inserted), codes)
                report((READ_SHARE + (1 - READ_SHARE) * number / spool.batches) * total)
            if result.dry_run:
                transaction.set_rollback(True)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _incidents_following(mapping: TypeMapping):
    """The incidents whose category ``mapping`` decides: its source's, or its kind's.

    A default decides for every source of its kind except those with an override of
    the type.
    """
    incidents = Incident.objects.filter(type_key=mapping.type_key)
    if mapping.source_id is not None:
        return incidents.filter(source_id=mapping.source_id)
    overriding = TypeMapping.objects.overrides().filter(
        source_kind=mapping.source_kind, type_key=mapping.type_key
    )
    return incidents.filter(source__in=Source.objects.filter(kind=mapping.source_kind)).exclude(
        source__in=overriding.values("source_id")
    )


@transaction.atomic
def recategorise(mapping: TypeMapping) -> int:
    """Give every incident ``mapping`` decides for its (changed) category; returns how many.

    An incident's category is derived from its type, not raw data: it follows the
    mapping, so that a type moved to another category moves all its incidents. An
    override moves its source's incidents only; a default those of every source of
    its kind that has no override of the type.
    """
    return _move(_incidents_following(mapping), mapping.category)


def inherited_category(source_kind: str, type_key: str) -> Category:
    """The category a source of ``source_kind`` without an override gives a type."""
    default = (
        TypeMapping.objects.defaults()
        .filter(source_kind=source_kind, type_key=type_key)
        .select_related("category")
        .first()
    )
    return default.category if default else Category.objects.get(key=FALLBACK_CATEGORY)


@transaction.atomic
def remove_mapping(mapping: TypeMapping) -> int:
    """Delete ``mapping``; the incidents it decided for fall back; returns how many moved.

    A source's override removed leaves its incidents to the kind's default (or
    "other" if the kind has none); a default removed leaves those of the sources
    without an override to "other".
    """
    # The mapping itself does not bound its incidents (its source, or its kind's
    # sources without an override), so they are found the same after it is gone.
    incidents = _incidents_following(mapping)
    mapping.delete()
    if mapping.source_id is not None:
        category = inherited_category(mapping.source_kind, mapping.type_key)
    else:
        category = Category.objects.get(key=FALLBACK_CATEGORY)
    return _move(incidents, category)


def _move(incidents: QuerySet[Incident], category: Category) -> int:
    """Give ``incidents`` the category; what is computed from their categories follows.

    The alerts watch each category's weekly series and the hotspots' priority places
    count the lighting faults: once the move is committed, both are recomputed in the
    background for the municipalities whose incidents moved (and the lägesbilder
    after them).
    """
    moving = incidents.exclude(category=category).order_by()
    municipalities = set(moving.values_list("municipality_id", flat=True).distinct())
    with_points = set(
        moving.filter(h3_cell__isnull=False).values_list("municipality_id", flat=True).distinct()
    )
    moved = moving.update(category=category)
    if moved:
        from .tasks import after_recategorising

        transaction.on_commit(functools.partial(after_recategorising, municipalities, with_points))
    return moved
