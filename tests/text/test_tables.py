"""The one reader of table files: UTF-8 or Windows-1252 text, ';' or ','."""

import pytest

from trygg.text.tables import UnreadableText, decode, rows, separator_of


@pytest.mark.parametrize(
    "content",
    ["Åsa;ålder\n".encode("utf-8-sig"), "Åsa;ålder\n".encode(), "Åsa;ålder\n".encode("cp1252")],
)
def test_utf8_with_or_without_bom_and_windows_1252_read_alike(content):
    assert decode(content) == "Åsa;ålder\n"


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04\x81\x8d\x8f\x90\x9d", b"%PDF-1.7\x00\x00binary", b"\x89PNG\r\n\x1a\n\x00"],
)
def test_a_spreadsheet_pdf_or_image_is_not_text(content):
    with pytest.raises(UnreadableText):
        decode(content)


def test_the_separator_is_the_more_frequent_of_semicolon_and_comma():
    assert separator_of('"region";"ålder";"kön";"2020,5"') == ";"
    assert separator_of("w,y,stratum") == ","
    assert list(rows('a;"b;c"\n1;2\n', ";")) == [["a", "b;c"], ["1", "2"]]
