"""Reading a large file of JSON records one at a time: a JSON array or JSON lines, gzip or not.

An import of a million records must not hold the file in memory, so the file is
read in chunks and each record is decoded as soon as it is complete. What kind of
file it is is seen from its first bytes: gzip's magic number, then ``[`` for a JSON
array, anything else for JSON lines (one value a line, blank lines allowed).

``json_records`` yields ``(number, value)``: the line's number in JSON lines, the
element's position (from 1) in an array. A JSON line that is not JSON yields an
``UnreadableRecord`` in its place, so the importer can reject that line and go on;
a file that cannot be read as a whole (a truncated or broken gzip, bytes that are
not UTF-8, an array that breaks off, a first record that is not JSON) raises
``UnreadableContent`` with the reason in the user's language, at the point where
it is found; an importer that must leave nothing behind reads it in a transaction.
"""

import codecs
import gzip
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from .imports import UnreadableContent

__all__ = ["UnreadableRecord", "json_records"]

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


def json_records(stream: IO[bytes]) -> Iterator[tuple[int, Any]]:
    """Each record of a JSON array or JSON lines file (gzip or not), with its number."""
    pieces = _decoded(_Chunks(stream))
    buffer = ""
    for text, _lines in pieces:
        buffer += text
        if buffer.strip():
            break
    else:
        raise UnreadableContent(_("the file is empty."))
    if buffer.lstrip().startswith("["):
        yield from _array_records(buffer.lstrip()[1:], pieces)
    else:
        yield from _line_records(buffer, pieces)


def _line_records(buffer: str, pieces: Iterator[tuple[str, int]]) -> Iterator[tuple[int, Any]]:
    number = 0
    seen_json = False
    while True:
        *lines, buffer = buffer.split("\n")
        for line in lines:
            number += 1
            record = _line_record(line, number, seen_json)
            if record is not None:
                seen_json = seen_json or not isinstance(record, UnreadableRecord)
                yield number, record
        more = next(pieces, None)
        if more is None:
            break
        buffer += more[0]
    if buffer.strip():
        number += 1
        record = _line_record(buffer, number, seen_json)
        if record is not None:
            yield number, record


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


def _array_records(buffer: str, pieces: Iterator[tuple[str, int]]) -> Iterator[tuple[int, Any]]:
    """The elements of a JSON array whose ``[`` has been read; ``buffer`` is what follows."""
    decoder = json.JSONDecoder()
    number = 0
    position = 0
    exhausted = False
    expect_element = True

    def read_more() -> None:
        # Keep only what is not yet decoded: the buffer stays about a chunk long.
        nonlocal buffer, position, exhausted
        piece = next(pieces, None)
        if piece is None:
            exhausted = True
        else:
            buffer, position = buffer[position:] + piece[0], 0

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
                _("a comma is missing after element %(number)d of the JSON array.")
                % {"number": number}
            )
        if number == 0 and buffer[position] == "]":
            position += 1
            break
        try:
            value, end = decoder.raw_decode(buffer, position)
        except (json.JSONDecodeError, RecursionError, ValueError):
            if exhausted or len(buffer) - position > MAX_RECORD:
                raise UnreadableContent(
                    _("element %(number)d of the JSON array cannot be read.")
                    % {"number": number + 1}
                ) from None
            read_more()
            continue
        if end == len(buffer) and not exhausted:
            # A number at the end of a chunk may go on in the next one.
            read_more()
            continue
        number += 1
        yield number, value
        position = end
        expect_element = False
    rest = buffer[position:]
    while not rest.strip():
        piece = next(pieces, None)
        if piece is None:
            return
        rest = piece[0]
    raise UnreadableContent(_("the JSON array ends, but the file goes on."))
