"""Reading JSON records from a stream: arrays and lines, gzip or not, chunk borders."""

import gzip
import io

import pytest

from trygg.core import json_records as module
from trygg.core.imports import UnreadableContent
from trygg.core.json_records import UnreadableRecord, json_records


def records(content: bytes) -> list:
    return list(json_records(io.BytesIO(content)))


@pytest.fixture(params=[7, 1 << 16], ids=["tiny chunks", "normal chunks"])
def chunk(request, monkeypatch):
    # Tiny chunks put every chunk border inside a value, a number, a UTF-8 character.
    monkeypatch.setattr(module, "CHUNK", request.param)


@pytest.mark.usefixtures("chunk")
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'[{"a": 1}, {"b": [1, 2]}, 12345, "\xc3\xa5"]\n', [{"a": 1}, {"b": [1, 2]}, 12345, "å"]),
        (b"  [ ]  ", []),
        (b'\xef\xbb\xbf[{"a": 1}]', [{"a": 1}]),
        (b'{"a": 1}\n\n{"b": "\xc3\xa5"}\r\n12345', [{"a": 1}, {"b": "å"}, 12345]),
    ],
)
def test_arrays_and_lines_give_their_records_numbered(content, expected):
    for form in (content, gzip.compress(content)):
        assert [value for _number, value in records(form)] == expected


def test_json_lines_are_numbered_by_line_and_array_elements_by_line_and_position():
    assert [number for number, _ in records(b'{"a": 1}\n\n{"b": 2}\n')] == [(1, None), (3, None)]
    assert [number for number, _ in records(b"[\n1,\n\n2]")] == [(2, 1), (4, 2)]
    # A blank line before the array, a value over several lines, Windows line ends.
    assert [number for number, _ in records(b'\r\n[{"a":\r\n 1},\r\n{"b": 2}, 3]')] == [
        (2, 1),
        (4, 2),
        (4, 3),
    ]


def test_a_json_line_that_is_not_json_is_given_as_unreadable():
    assert records(b'{"a": 1}\nnope\n') == [
        ((1, None), {"a": 1}),
        ((2, None), UnreadableRecord("raden är inte JSON")),
    ]


@pytest.mark.usefixtures("chunk")
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "tom"),
        (b"nope\n{}", "rad 1 är inte JSON"),
        (b"[1, 2", "tar aldrig slut"),
        (b"[1 2]", "kommatecken saknas efter element 1"),
        (b"[\n1,\n2\n3]", r"kommatecken saknas efter element 2 i JSON-listan \(rad 4\)"),
        (b"[1, 2] 3", "filen fortsätter"),
        (b"[1, {x}]", "element 2"),
        ('{"a": "å"}\n'.encode("latin-1"), "inte UTF-8"),
        (gzip.compress(b'{"a": 1}\n' * 1000)[:-20], "gzip-filen tar slut"),
    ],
)
def test_an_unreadable_file_raises_with_the_reason(content, reason):
    with pytest.raises(UnreadableContent, match=reason):
        records(content)


class Endless:
    """A stream that never ends: only a reader that streams gets anything from it."""

    def __init__(self, opening: bytes, record: bytes):
        self.opening, self.record, self.served = opening, record, 0

    def read(self, size: int = -1) -> bytes:
        if self.opening:
            chunk, self.opening = self.opening[:2], self.opening[2:]
            return chunk
        self.served += 1
        return self.record * 100


@pytest.mark.parametrize(
    ("opening", "record"),
    [(b"[", b'{"id": 1, "name": "x"},\n'), (b"\n", b'{"id": 1, "name": "x"}\n')],
)
def test_records_are_given_as_they_are_read_never_the_whole_file_first(opening, record):
    stream = Endless(opening, record)
    reader = json_records(stream)

    first = [next(reader) for _ in range(1000)]

    position = (1000, 1000) if opening == b"[" else (1001, None)
    assert first[-1] == (position, {"id": 1, "name": "x"})
    # A hundred records a read: ten reads, and a couple to spare.
    assert stream.served <= 12
