"""Reading an import file, with every failure said in the user's language.

The importers (areas, municipalities, population) read files that people export from
other programs. What goes wrong there is rarely the importer's own business: the file
is missing, is not UTF-8, is not JSON. Python's own messages for that are English and
technical ("Expecting value: line 1 column 1 (char 0)", "'utf-8' codec can't decode
byte 0xe5 in position 12"), so they are translated here, once, into a sentence that
names the line and says what to do. The importers put it into their own sentence.
"""

import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from .errors import ImportProblem

Source = str | os.PathLike[str] | bytes | IO[bytes]

__all__ = [
    "Source",
    "UnreadableContent",
    "line_and_column",
    "load_json",
    "open_binary",
    "read_bytes",
]


class UnreadableContent(ValueError):
    """The bytes are not the text or JSON they should be; ``message`` says why, translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_bytes(source: Source) -> bytes:
    """The content of a path, of bytes, or of an open binary file such as an upload.

    Raises ``ImportProblem`` naming the path when it cannot be read.
    """
    if isinstance(source, bytes):
        return source
    with open_binary(source) as stream:
        try:
            content = stream.read()
        except OSError as error:
            if not isinstance(source, str | os.PathLike):
                raise
            raise ImportProblem(
                _("The file %(path)s could not be read.") % {"path": Path(source)}
            ) from error
    return content if isinstance(content, bytes) else str(content).encode()


@contextmanager
def open_binary(source: Source) -> Iterator[IO[bytes]]:
    """A binary stream of a path, of bytes, or of an open file (read from its start).

    For importers that read a file in pieces rather than whole. A path is opened and
    closed again; a stream that was passed in is left open. Raises ``ImportProblem``
    naming the path when it cannot be opened.
    """
    if isinstance(source, bytes):
        yield io.BytesIO(source)
        return
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            stream = path.open("rb")
        except FileNotFoundError as error:
            raise ImportProblem(_("The file %(path)s does not exist.") % {"path": path}) from error
        except IsADirectoryError as error:
            raise ImportProblem(_("%(path)s is a folder, not a file.") % {"path": path}) from error
        except PermissionError as error:
            raise ImportProblem(
                _("Trygg is not allowed to read the file %(path)s.") % {"path": path}
            ) from error
        except OSError as error:
            raise ImportProblem(
                _("The file %(path)s could not be read.") % {"path": path}
            ) from error
        with stream:
            yield stream
        return
    if hasattr(source, "seek"):
        source.seek(0)
    yield source


def line_and_column(content: bytes | str, position: int) -> tuple[int, int]:
    """The 1-based line and column of ``position`` (a byte or character offset)."""
    before = content[:position]
    newline = b"\n" if isinstance(content, bytes) else "\n"
    line = before.count(newline) + 1
    column = position - (before.rfind(newline) + 1) + 1
    return line, column


def decode_utf8(content: bytes) -> str:
    """The text of UTF-8 bytes (a byte-order mark is allowed), or ``UnreadableContent``."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = line_and_column(content, error.start)
        raise UnreadableContent(
            _(
                "the file is not UTF-8 text: the byte 0x%(byte)02x cannot be read (line "
                "%(line)d, character %(column)d). Save the file as UTF-8."
            )
            % {"line": line, "column": column, "byte": content[error.start]}
        ) from error


# The messages of Python's json module (json/decoder.py and the C scanner) begin with
# fixed strings (the pure-Python scanner appends the character): each becomes what a
# person can look for in the file.
_JSON_MESSAGES = {
    "Expecting value": lambda: _(
        "a value is missing: an object, a list, a text in double quotes or a number"
    ),
    "Expecting property name enclosed in double quotes": lambda: _(
        "a property name in double quotes is missing (is there a comma too many?)"
    ),
    "Expecting ',' delimiter": lambda: _("a comma is missing"),
    "Expecting ':' delimiter": lambda: _("a colon is missing"),
    "Unterminated string starting at": lambda: _(
        "a text begins that never ends (a double quote is missing)"
    ),
    "Invalid control character at": lambda: _(
        "a text holds a control character, such as a line break"
    ),
    "Invalid \\escape": lambda: _("a text holds an invalid backslash escape"),
    "Invalid \\uXXXX escape": lambda: _("a text holds an invalid \\u escape"),
    "Extra data": lambda: _("the JSON ends, but the file goes on"),
    "Illegal trailing comma before end of object": lambda: _(
        "a comma too many stands before the end of an object"
    ),
    "Illegal trailing comma before end of array": lambda: _(
        "a comma too many stands before the end of a list"
    ),
}


def _refuse_constant(name: str) -> None:
    # Python reads NaN and Infinity, but JSON has no such numbers and no other
    # program writes them; they would end up as coordinates.
    raise UnreadableContent(
        _("the file holds %(value)s, which is not a number in JSON.") % {"value": name}
    )


def load_json(content: bytes) -> Any:
    """The JSON value in UTF-8 ``content``, or ``UnreadableContent`` saying where and why."""
    if not content.strip():
        raise UnreadableContent(_("the file is empty."))
    text = decode_utf8(content)
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        explain = next(
            (text for start, text in _JSON_MESSAGES.items() if error.msg.startswith(start)),
            None,
        )
        reason = explain() if explain else _("the JSON cannot be read")
        raise UnreadableContent(
            _("%(reason)s (line %(line)d, character %(column)d).")
            % {"line": error.lineno, "column": error.colno, "reason": reason}
        ) from error
    except UnreadableContent:
        raise
    except RecursionError as error:
        raise UnreadableContent(
            _("the file nests lists or objects too deeply to be read.")
        ) from error
    except ValueError as error:
        # Python refuses integers of more than 4,300 digits.
        raise UnreadableContent(_("the file holds a number too long to be read.")) from error
