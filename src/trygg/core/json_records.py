"""Reading a large file of JSON records one at a time: a JSON array or JSON lines, gzip or not.

An import of a million records must not hold the file in memory, so the file is
read in chunks and each record is decoded as soon as it is complete. What kind of
file it is is seen from its first bytes: gzip's magic number, then ``[`` for a JSON
array, anything else for JSON lines (one value a line, blank lines allowed).

``json_records`` yields ``(position, value)``: the line the record starts on, and in
an array the element's number (from 1) too (``Position``). A line (or an array
element) longer than ``MAX_RECORD`` is no record of events: memory stays bounded by
it, a long line in JSON lines is rejected as it ends, an element stops the file.
A JSON line that is not JSON yields an ``UnreadableRecord`` in its place, so the
importer can reject that line and go on; a file that cannot be read as a whole (a
truncated or broken gzip, bytes that are not UTF-8, an array that breaks off, a first
record that is not JSON) raises ``UnreadableContent`` with the reason in the user's
language, at the point where it is found; an importer that must leave nothing behind
reads it in a transaction.
"""

import codecs
import gzip
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, NamedTuple

from django.utils.translation import gettext as _

from .imports import UnreadableContent

__all__ = ["Position", "UnreadableRecord", "json_records"]

CHUNK = 1 << 16
# An array element longer than this is not a record but a broken file.
MAX_RECORD = 1 << 24
GZIP_MAGIC = b"\x1f\x8b"
_WHITESPACE = re.compile(r"[ \t\n\r]*")


@dataclass(frozen=True)
class UnreadableRecord:
    """A line of a JSON lines file that is not JSON; ``reason`` says why, translated."""

    reason: str


class _Chunks:
    """The decompressed bytes of a binary stream, chunk by chunk, with gzip's errors said."""

    def __init__(self, stream: IO[bytes]):
        head = stream.read(2)
        self.gzipped = head == GZIP_MAGIC
        self._pending = head
        self._stream = gzip.GzipFile(fileobj=_Prefixed(head, stream)) if self.gzipped else stream
        if self.gzipped:
            self._pending = b""

    def read(self) -> bytes:
        if self._pending:
            chunk, self._pending = self._pending, b""
            return chunk
        try:
            return self._stream.read(CHUNK)
        except EOFError as error:
            raise UnreadableContent(
                _("the gzip file ends too early: it was cut off while being copied or downloaded.")
            ) from error
        except (gzip.BadGzipFile, zlib.error, OSError) as error:
            raise UnreadableContent(
                _("the gzip file is damaged and cannot be unpacked.")
            ) from error


class _Prefixed:
    """A stream whose first bytes were already read (to see whether it is gzip)."""

    def __init__(self, head: bytes, stream: IO[bytes]):
        self._head, self._stream = head, stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            if size < 0:
                return head + self._stream.read()
            return head + self._stream.read(max(0, size - len(head)))
        return self._stream.read(size)


def _decoded(chunks: _Chunks) -> Iterator[tuple[str, int]]:
    """The text of the chunks, with the number of lines that came before each piece."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines_before = 0
    first = True
    while True:
        chunk = chunks.read()
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            offset = error.start
            line = lines_before + chunk[:offset].count(b"\n") + 1
            raise UnreadableContent(
                _(
                    "the file is not UTF-8 text: the byte 0x%(byte)02x on line %(line)d "
                    "cannot be read. Save the file as UTF-8."
                )
                % {"byte": chunk[offset] if offset < len(chunk) else 0, "line": line}
            ) from error
        if first and text:
            text = text.removeprefix("\ufeff")
            first = False
        if text:
            yield text, lines_before
            lines_before += text.count("\n")
        if not chunk:
            return


class Position(NamedTuple):
    """Where a record is: the line it starts on, and in an array its element number (from 1)."""

    line: int
    element: int | None = None


def json_records(stream: IO[bytes]) -> Iterator[tuple[Position, Any]]:
    """Each record of a JSON array or JSON lines file (gzip or not), with its position."""
    pieces = _decoded(_Chunks(stream))
    # Blank space before the first record is counted in lines, not kept.
    content = ""
    while not content:
        piece = next(pieces, None)
        if piece is None:
            raise UnreadableContent(_("the file is empty."))
        text, lines_before = piece
        content = text.lstrip()
    lines_before += text.count("\n", 0, len(text) - len(content))
    if content.startswith("["):
        yield from _array_records(content[1:], lines_before + 1, pieces)
    else:
        yield from _line_records(content, lines_before, pieces)


def _too_long_line(number: int, seen_json: bool) -> UnreadableRecord:
    """A line longer than ``MAX_RECORD``: rejected, or the file refused if it is the first."""
    if not seen_json:
        raise UnreadableContent(
            _("line %(line)d is longer than %(size)d MB: the file is not JSON lines of records.")
            % {"line": number, "size": MAX_RECORD >> 20}
        )
    return UnreadableRecord(_("the line is longer than %(size)d MB") % {"size": MAX_RECORD >> 20})


def _line_records(
    buffer: str, lines_before: int, pieces: Iterator[tuple[str, int]]
) -> Iterator[tuple[Position, Any]]:
    # The line begun but not ended yet, in pieces: a long line is joined once, when it
    # ends, not copied again with every chunk. A line longer than MAX_RECORD is dropped
    # as it comes (memory stays bounded) and rejected when it ends.
    number = lines_before
    seen_json = False
    begun: list[str] = []
    begun_length = 0
    too_long = False
    text: str | None = buffer
    while text is not None:
        *ended, rest = text.split("\n")
        for part in ended:
            number += 1
            if too_long:
                too_long = False
                yield Position(number), _too_long_line(number, seen_json)
            else:
                line = "".join(begun) + part if begun else part
                record = _line_record(line, number, seen_json)
                if record is not None:
                    seen_json = seen_json or not isinstance(record, UnreadableRecord)
                    yield Position(number), record
            begun, begun_length = [], 0
        if not too_long:
            begun.append(rest)
            begun_length += len(rest)
            if begun_length > MAX_RECORD:
                too_long = True
                begun, begun_length = [], 0
        more = next(pieces, None)
        text = more[0] if more is not None else None
    number += 1
    if too_long:
        yield Position(number), _too_long_line(number, seen_json)
    elif begun:
        record = _line_record("".join(begun), number, seen_json)
        if record is not None:
            yield Position(number), record


def _line_record(line: str, number: int, seen_json: bool) -> Any:
    if not line.strip():
        return None
    try:
        return json.loads(line)
    except (json.JSONDecodeError, RecursionError, ValueError):
        if not seen_json:
            # The first record decides what the file is: not JSON at all, most likely
            # (a spreadsheet, an HTML error page saved as .json).
            raise UnreadableContent(
                _("line %(line)d is not JSON: the file is neither a JSON array nor JSON lines.")
                % {"line": number}
            ) from None
        return UnreadableRecord(_("the line is not JSON"))


def _array_records(
    buffer: str, first_line: int, pieces: Iterator[tuple[str, int]]
) -> Iterator[tuple[Position, Any]]:
    """The elements of a JSON array whose ``[`` has been read; ``buffer`` is what follows.

    ``first_line`` is the line of the ``[``: each element is given the line it starts
    on, as a pretty-printed array has an element over many lines.
    """
    decoder = json.JSONDecoder()
    number = 0
    position = 0
    exhausted = False
    expect_element = True
    # The line at ``counted`` in the buffer; lines_at moves it on.
    line = first_line
    counted = 0

    def lines_at(end: int) -> int:
        nonlocal line, counted
        line += buffer.count("\n", counted, end)
        counted = end
        return line

    def read_more(at_least: int = 1) -> None:
        # Keep only what is not yet decoded: the buffer stays about a chunk long.
        # At least ``at_least`` more characters: an element that does not end in a
        # chunk is tried again only once the buffer has doubled, not once a chunk.
        nonlocal buffer, position, exhausted, counted
        lines_at(position)
        added: list[str] = []
        length = 0
        while length < at_least:
            piece = next(pieces, None)
            if piece is None:
                exhausted = True
                break
            added.append(piece[0])
            length += len(piece[0])
        buffer, position, counted = buffer[position:] + "".join(added), 0, 0

    while True:
        position = _WHITESPACE.match(buffer, position).end()
        if position == len(buffer):
            if exhausted:
                raise UnreadableContent(_("the JSON array never ends: the file was cut off."))
            read_more()
            continue
        if not expect_element:
            if buffer[position] == ",":
                position += 1
                expect_element = True
                continue
            if buffer[position] == "]":
                position += 1
                break
            raise UnreadableContent(
                _("a comma is missing after element %(number)d of the JSON array (line %(line)d).")
                % {"number": number, "line": lines_at(position)}
            )
        if number == 0 and buffer[position] == "]":
            position += 1
            break
        try:
            value, end = decoder.raw_decode(buffer, position)
        except (json.JSONDecodeError, RecursionError, ValueError):
            pending = len(buffer) - position
            if pending > MAX_RECORD:
                raise UnreadableContent(
                    _(
                        "element %(number)d of the JSON array (line %(line)d) is longer than "
                        "%(size)d MB: the file is not an array of records."
                    )
                    % {"number": number + 1, "line": lines_at(position), "size": MAX_RECORD >> 20}
                ) from None
            if exhausted:
                raise UnreadableContent(
                    _("element %(number)d of the JSON array (line %(line)d) cannot be read.")
                    % {"number": number + 1, "line": lines_at(position)}
                ) from None
            read_more(max(CHUNK, pending))
            continue
        if end == len(buffer) and not exhausted:
            # A number at the end of a chunk may go on in the next one.
            read_more()
            continue
        number += 1
        yield Position(lines_at(position), number), value
        position = end
        expect_element = False
    rest = buffer[position:]
    while not rest.strip():
        piece = next(pieces, None)
        if piece is None:
            return
        rest = piece[0]
    raise UnreadableContent(_("the JSON array ends, but the file goes on."))
