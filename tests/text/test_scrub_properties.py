"""Invariants of scrubbing, checked on generated text with hypothesis."""

import calendar
import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from trygg.text import PLACEHOLDERS, Kind, scrub

# Pieces residents' comments are made of, and the near misses between them: numbers in
# every format, separators, words that cue names, capitalised words, plates, brackets.
FRAGMENTS = (
    "070-123 45 67", "0701234567", "+46 70 123 45 67", "0046", "+46", "(0)", "08-", "031",
    "0300", "12 34 56", "19850412-1234", "850412-1234", "8504121234", "850412", "1234",
    "+", "-", "–", " ", "  ", "\u00a0", ".", ",", ":", "/", "@", "(at)", "[at]", "(dot)",
    "anna", ".se", "gmail.com", "ABC 123", "abc", "12A", "123", "och", "per", "heter",
    "grannen", "mamma till", "Anna", "Svensson", "Per-Olof", "Storgatan", "skola", "[", "]",
    "[telefonnummer]", "2021", "2022-05-17", "kl 22.30", "0800-1000", "434 30", "112",
    "0", "00", "1", "5", "7", "9", "\n", "2 050 000", "000", "E6", "buss 732",
    "850101 1234", "8501011234", "０７０１２３４５６７", "８５０１０１", "＠", "．", " @ ", " . ",
    "snabel-a", " punkt ", "example", "com", "Storgatan", " 12B", "lgh 1102", ", ", "väg 158",
    "facebook.com/", "anna.svensson", "https://", "www.linkedin.com/in/", "@anna_s",
    "\u00ad", "\u200b", "a\u030a", "Lilla", " gränd", "Kyrkbacken", " 3 personer", "tr",
)  # fmt: skip

comments = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="0123456789 -+", max_size=6)),
        max_size=12,
    ).map("".join),
)


def looks_like_personnummer(text: str) -> bool:
    """An oracle written apart from the scrubber: is there a personnummer in ``text``?

    Every form (a dash, plus, four-digit year, ten digits bare or split by a space)
    with a real date, read after NFKC with format characters dropped, as a reader
    would see it. Stricter than "a valid personnummer by Luhn": that is a subset.
    """
    text = "".join(
        ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf"
    )
    pattern = re.compile(
        r"(?<!\d)(1[89]|20)?(\d\d)(\d\d)(\d\d)([ \t\u00a0]?[-+\u2013][ \t\u00a0]?|[ \t\u00a0])?"
        r"(\d{4})(?!\d)"
    )
    for match in pattern.finditer(text):
        century, year, month, day, _separator, _serial = match.groups()
        day_number = int(day) - 60 if int(day) > 60 else int(day)
        if not 1 <= int(month) <= 12 or day_number < 1:
            continue
        years = [int(century) * 100 + int(year)] if century else [1800 + int(year)]
        years += [] if century else [1900 + int(year), 2000 + int(year)]
        if not any(day_number <= calendar.monthrange(y, int(month))[1] for y in years):
            continue
        return True
    return False


@given(comments)
@settings(max_examples=600, deadline=None)
@example("Ring 070-123 45 67 08 12 34 56")
@example("2 070-123 45 67 050 000 000")
@example("x@y.se0701234567")
@example("grannen Anna anna@b.se 850412-1234")
@example("Storgatan 12B lgh 1102 ０７０１２３４５６７ anna @ example . com @anna_s")
@example("a\u030a\u00ad850101 1234")
def test_scrubbing_is_idempotent(comment):
    once = scrub(comment)
    twice = scrub(once.text)
    assert twice.text == once.text
    assert twice.found == ()


@given(comments)
@settings(max_examples=600, deadline=None)
@example("Mitt pnr är 19850412-1234 och 850412-1234")
@example("850101 1234 och 8501011234 och ８５０１０１－１２３４ och 850101\u200b1234")
def test_no_personnummer_survives_scrubbing(comment):
    assert not looks_like_personnummer(scrub(comment).text)


@given(comments)
@settings(max_examples=400, deadline=None)
def test_findings_are_ordered_disjoint_and_rebuild_the_scrubbed_text(comment):
    result = scrub(comment)
    rebuilt = []
    position = 0
    for finding in result.found:
        assert position <= finding.start < finding.end <= len(comment)
        rebuilt += [comment[position : finding.start], PLACEHOLDERS[finding.kind]]
        position = finding.end
        original = unicodedata.normalize("NFKC", comment[finding.start : finding.end])
        if finding.kind in {Kind.PERSONNUMMER, Kind.SAMORDNINGSNUMMER}:
            assert original[0].isdigit() and original[-1].isdigit()
        elif finding.kind is Kind.PHONE:
            assert original[0] in "+0" and original[-1].isdigit()
        elif finding.kind is Kind.EMAIL:
            assert "@" in original or "at" in original.lower() or "snabel" in original.lower()
        elif finding.kind is Kind.SOCIAL_PROFILE:
            assert "@" in original or "/" in original
        elif finding.kind is Kind.ADDRESS:
            assert original[-1].isalnum()
        elif finding.kind is Kind.NAME:
            assert original[0].isupper()
        elif finding.kind is Kind.VEHICLE_REGISTRATION:
            assert original[0].isalpha() and original[-1].isalnum()
    rebuilt.append(comment[position:])
    assert "".join(rebuilt) == result.text
