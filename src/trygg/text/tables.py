"""Reading the text of a table file as Swedish offices save one: pure, no Django.

UTF-8 (with or without a byte-order mark) or, failing that, Windows-1252 ("ANSI", as
Excel and SCB's Statistikdatabasen export), the separator ``;`` (Swedish Excel) or
``,``. The one reader of the population import and ``trygg estimate``.
"""

import csv
from collections.abc import Iterator

NOT_TEXT = "The file is not text in UTF-8 or Windows-1252."


class UnreadableText(ValueError):
    """The bytes are neither UTF-8 nor Windows-1252 text: a spreadsheet, a PDF, an image."""


def decode(content: bytes) -> str:
    """The file's text; ``UnreadableText`` for bytes that no text file holds."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise UnreadableText(NOT_TEXT) from error
    # NUL decodes in both, but no text file has one: a binary format does.
    if "\x00" in text:
        raise UnreadableText(NOT_TEXT)
    return text


def separator_of(line: str) -> str:
    """``;`` if the line has more of them than commas, else ``,``."""
    return ";" if line.count(";") > line.count(",") else ","


def rows(text: str, separator: str) -> Iterator[list[str]]:
    """The records of ``text``; ``csv.Error`` for a line the csv module cannot read."""
    return csv.reader(text.splitlines(keepends=True), delimiter=separator)
