"""Scrub personal data out of residents' free text before any staff listing.

:func:`scrub` replaces personnummer and samordningsnummer, phone numbers, e-mail
addresses, Swedish vehicle registrations and (conservatively) names with readable
placeholders such as ``[telefonnummer]``, and reports what it found where. The
original text is kept by the caller for moderators; what staff lists show is
:attr:`ScrubResult.text`.

The rules lean towards privacy where a resident's data is at stake and towards
keeping the text where a pattern would mostly hit ordinary words and numbers:

personnummer / samordningsnummer
    ``YYMMDD-NNNN``, ``YYMMDD+NNNN``, ``YYYYMMDD-NNNN``, ``YYYYMMDDNNNN``,
    ``YYMMDDNNNN``, with ``-``, ``+``, an en dash or a space as separator. The date
    must exist (a samordningsnummer adds 60 to the day). Every form is caught
    whatever its check digit, ten bare digits (``8501011234``) and ten digits split
    by a space (``850101 1234``) included: a resident's typo in their own number is
    still their number, and a safety comment has no other use for ten digits that
    begin with a real date (phone numbers are told apart first, see below).
phone numbers
    Swedish numbers starting with ``0``, ``+46`` or ``0046`` in all the usual
    spacings (``070-123 45 67``, ``0701234567``, ``+46 70 123 45 67``,
    ``+46 (0)70-123 45 67``, ``0300-12 34 56``, ``031-123 45 67``,
    ``08-123 456 78``) with 7–9 digits after the trunk ``0``; after an area-code
    separator at least five subscriber digits. International numbers ``+CC …``
    with 8–14 digits. Not caught: years, dates (``2022-05-17``), times
    (``kl 22.30``, ``0800-1000``), counts and amounts (``60 procent``,
    ``2 050 000 kr``), postal codes, the short numbers 112 and 114 14.
e-mail addresses
    ``name@domain.tld`` including Swedish letters, with blanks round the ``@`` and
    the dots (``anna @ example . com``; a spaced dot only before a lower-case
    top-level domain, so a sentence that ends after an address is not swallowed),
    and the obfuscations ``name (at) domain (dot) se`` / ``[snabel-a]`` /
    ``(punkt)`` / ``name snabel-a domain punkt se``.
home addresses
    A street name ending in ``-gatan``, ``-vägen``, ``-gränd(en)``, ``-backen``,
    ``-stigen``, ``-torget``, ``-plan`` or ``-allé(n)`` followed by a house number
    (``Storgatan 12``, ``storgatan 12B``, ``Kyrkvägen 3 B``, ``Storgatan 12-14``,
    ``Lilla gränd 2``: a street in two words starts with Gamla, Lilla, Norra, …, or
    is named after someone, ``Karl Johans gata 5``, ``Gustaf Adolfs torg 2``, where a
    year is no house number: ``Kommunens plan 2026``), together with what follows it
    in an address: the apartment (``lgh 1102``), the
    floor (``2 tr``) and the postcode and town (``434 30 Kungsbacka``). An apartment
    number (``lgh 1102``) is scrubbed on its own too. Kept: a street without a
    number (``Storgatan``), a count after a street (``på torget 3 personer``,
    ``Storgatan 3 gånger``), a postcode on its own, road numbers (``väg 158``,
    ``riksväg 40``, ``E6``), bus lines.
social-media profiles
    A link to a profile on a social network (``facebook.com/anna.svensson``,
    ``instagram.com/…``, ``https://www.linkedin.com/in/…``, ``tiktok.com/@…``,
    ``x.com/…``, ``snapchat.com/add/…``, ``youtube.com/@…``) and every ``@handle``
    (``@anna_s``). A handle or profile names a person as surely as an e-mail
    address does; as with phone numbers, a public account (``@kungsbackakommun``) is
    scrubbed too, since no pattern can tell it from a resident's. Other links
    (``kungsbacka.se/trygghet``) are kept.
vehicle registrations
    Three letters and three digits, or three letters, two digits and a letter (the
    2019 format): ``ABC 123``, ``ABC123``, ``ABC-123``, ``ABC 12A``, any case. Only
    the letters plates use (no I, Q, V, Å, Ä, Ö; no O last). Common Swedish words
    and abbreviations that could precede a number (``och 100``, ``per 100``,
    ``typ 300``, ``SOS 112``, ``box 123``, ``tel``, months, currencies) are not
    plates; Transportstyrelsen itself never issues most such words. ``E6`` and
    ``buss 732`` never fit the pattern.
names
    Only after a cue that introduces a person — ``heter``/``hette``/``kallas``,
    ``mitt namn är``, ``grannen``, ``min granne/dotter/son/man/…``,
    ``mamma/pappa/… till`` — or a sign-off (``Mvh``, ``Vänliga hälsningar``), and
    then only one to three capitalised words (and ``och`` another name). Rejected
    when the words look like a place (``Storgatan``, ``Badhusparken``, ``Åsa
    skola``) or when ``heter`` speaks of a thing (``gatan heter …``, ``det heter
    …``). Names without a cue are not detected: nothing tells ``Anna`` the
    neighbour from ``Anna`` the street or shop, and a scrubber that blanked every
    capitalised word would make comments unreadable. Moderation catches the rest.

Ten bare digits starting with 0 that are both a mobile number and a valid
personnummer are labelled a phone number (removed either way). Public numbers and
addresses (the municipality's switchboard, ``kommun@kungsbacka.se``) are scrubbed
too: no pattern can tell them from a resident's own.

Postal codes on their own (``434 30``), streets without a number, bus lines and
place names are kept: they point at hundreds of households, not one, and the
comments are useless without them.

Matching runs on the text normalised to NFKC with invisible format characters
(soft hyphens, zero-width spaces) dropped, so full-width digits
(``０７０１２３４５６７``), a full-width ``＠`` or a no-break space hide nothing. The
findings' spans and the scrubbed text still refer to the text as written.

Scrubbing runs to a fixed point: one number can hide another (a digit group right
before a phone number makes it look like an amount), so after replacing what it
found it looks again, until a pass finds nothing. Hence ``scrub`` is idempotent.
"""

import bisect
import calendar
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Kind(StrEnum):
    """What sort of personal data a finding is."""

    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"
    PHONE = "phone"
    EMAIL = "email"
    VEHICLE_REGISTRATION = "vehicle_registration"
    NAME = "name"
    ADDRESS = "address"
    SOCIAL_PROFILE = "social_profile"


PLACEHOLDERS: Mapping[Kind, str] = MappingProxyType(
    {
        Kind.PERSONNUMMER: "[personnummer]",
        Kind.SAMORDNINGSNUMMER: "[samordningsnummer]",
        Kind.PHONE: "[telefonnummer]",
        Kind.EMAIL: "[e-post]",
        Kind.VEHICLE_REGISTRATION: "[registreringsnummer]",
        Kind.NAME: "[namn]",
        Kind.ADDRESS: "[adress]",
        Kind.SOCIAL_PROFILE: "[profil]",
    }
)
"""The text put in place of each kind of finding (Swedish, as the comments are)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: its kind and where it stood in the original text."""

    kind: Kind
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)`` in the original text, as ``re.Match.span()`` gives it."""
        return (self.start, self.end)


@dataclass(frozen=True, slots=True)
class ScrubResult:
    """The scrubbed text and what was taken out of it, in order of position."""

    text: str
    found: tuple[Finding, ...]

    @property
    def kinds(self) -> frozenset[Kind]:
        """The kinds of personal data that were found."""
        return frozenset(finding.kind for finding in self.found)


def scrub(text: str) -> ScrubResult:
    """Replace personal data in ``text`` by placeholders.

    Returns the scrubbed text and the findings, whose spans refer to ``text`` as
    given. Scrubbing is idempotent: ``scrub(scrub(x).text).found == ()``.
    """
    normalised, starts, ends = _normalise(text)
    found: list[Finding] = []
    current = normalised
    while new := _to_original(_resolve(_candidates(current)), found):
        found = sorted([*found, *new], key=lambda f: f.start)
        current = _render(normalised, found)
    # Back from the normalised text to the text as written: each finding covers the
    # whole characters its normalised span came from.
    written = [Finding(f.kind, starts[f.start], ends[f.end - 1]) for f in found]
    return ScrubResult(text=_render(text, written), found=tuple(written))


def _normalise(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` in NFKC without format characters, and where each character came from.

    Normalised per character with its combining marks, so that every normalised
    character maps to one span of the original: ``starts[j]``/``ends[j]`` are the
    original span of normalised character ``j``.
    """
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    while position < len(text):
        end = position + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        cluster = text[position:end]
        if unicodedata.category(cluster[0]) != "Cf":
            normalised = unicodedata.normalize("NFKC", cluster)
            parts.append(normalised)
            starts.extend([position] * len(normalised))
            ends.extend([end] * len(normalised))
        position = end
    return "".join(parts), starts, ends


# --- Resolution ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: Kind
    start: int
    end: int
    rank: int
    """Tie-breaker between candidates of equal length: lower wins."""


# Ranks: a separated personnummer or an e-mail address is unmistakable; ten bare digits
# starting with 0 are more often a mobile number than the personnummer of someone born
# 2000–2009 (either way they are removed; only the label differs).
_RANK_CERTAIN, _RANK_PHONE, _RANK_WEAK_PERSONNUMMER, _RANK_PLATE, _RANK_NAME = range(5)


def _candidates(text: str) -> Iterator[_Candidate]:
    yield from _find_personnummer(text)
    yield from _find_phones(text)
    yield from _find_emails(text)
    yield from _find_profiles(text)
    yield from _find_addresses(text)
    yield from _find_plates(text)
    yield from _find_names(text)


def _resolve(candidates: Iterator[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longest first, then by rank, in text order."""
    starts: list[int] = []  # of the chosen, kept sorted; they never overlap
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.rank, c.start)):
        index = bisect.bisect_right(starts, candidate.start)
        if index > 0 and chosen[index - 1].end > candidate.start:
            continue
        if index < len(chosen) and chosen[index].start < candidate.end:
            continue
        starts.insert(index, candidate.start)
        chosen.insert(index, candidate)
    return chosen


def _to_original(new: list[_Candidate], found: list[Finding]) -> list[Finding]:
    """Map candidates found in the rendered text back to the original text.

    No pattern accepts a placeholder's brackets, so a later candidate lies in original
    text between two placeholders; one that overlapped a placeholder would be dropped
    here (which also ends the fixed-point loop).
    """
    mapped = []
    for candidate in new:
        shift = 0
        overlaps = False
        for finding in found:
            placeholder_start = finding.start + shift
            if placeholder_start >= candidate.end:
                break
            placeholder_end = placeholder_start + len(PLACEHOLDERS[finding.kind])
            overlaps = overlaps or placeholder_end > candidate.start
            shift += len(PLACEHOLDERS[finding.kind]) - (finding.end - finding.start)
        if not overlaps:
            mapped.append(Finding(candidate.kind, candidate.start - shift, candidate.end - shift))
    return mapped


def _render(text: str, found: list[Finding]) -> str:
    parts = []
    position = 0
    for finding in found:
        parts.append(text[position : finding.start])
        parts.append(PLACEHOLDERS[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --- Personnummer and samordningsnummer ---------------------------------------------------

_BLANK = r"[ \t\u00a0]"
_DASH = r"[-\u2013]"
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"

_PERSONNUMMER = re.compile(
    rf"""
    (?<!\d)
    (?P<century>1[89]|20)?
    (?P<date>\d{{6}})
    (?P<separator>{_BLANK}?(?:{_DASH}|\+){_BLANK}?|{_BLANK})?
    (?P<serial>\d{{4}})
    (?!\d)
    """,
    re.VERBOSE,
)


def _personnummer_kind(match: re.Match[str]) -> Kind | None:
    date = match["date"]
    year, month, day = int(date[:2]), int(date[2:4]), int(date[4:])
    coordination = day > 60
    if coordination:
        day -= 60
    if not 1 <= month <= 12 or day < 1:
        return None
    century = match["century"]
    years = [int(century) * 100 + year] if century else [1800 + year, 1900 + year, 2000 + year]
    if not any(day <= calendar.monthrange(y, month)[1] for y in years):
        return None
    return Kind.SAMORDNINGSNUMMER if coordination else Kind.PERSONNUMMER


def _find_personnummer(text: str) -> Iterator[_Candidate]:
    for match in _PERSONNUMMER.finditer(text):
        kind = _personnummer_kind(match)
        if kind is None:
            continue
        weak = match["century"] is None and not (match["separator"] or "").strip(" \t\u00a0")
        rank = _RANK_WEAK_PERSONNUMMER if weak else _RANK_CERTAIN
        yield _Candidate(kind, match.start(), match.end(), rank)


# --- Phone numbers ------------------------------------------------------------------------

_SWEDISH_PHONE = re.compile(
    rf"""
    (?<![\w+\-/.,\u2013])           # not inside a word, a date, a decimal or a time
    (?P<prefix>(?:\+|00){_BLANK}?46{_BLANK}*-?{_BLANK}*(?:\(0\){_BLANK}*-?{_BLANK}*)?|0)
    (?P<area>[1-9]\d{{0,2}})
    (?P<separator>{_BLANK}*(?:{_DASH}|/){_BLANK}*|{_BLANK})?
    (?P<subscriber>\d{{2,8}}(?:{_BLANK}\d{{2,4}}){{0,3}})
    (?!\w)
    """,
    re.VERBOSE,
)
_TRAILING_GROUP = re.compile(rf"{_BLANK}\d{{2,4}}$")
# The tail of an amount in thousands: "2 050 000 000 kr" must not yield "050 000 000".
_THOUSANDS = re.compile(rf"\d{{3}}(?:{_BLANK}\d{{3}})+")
_AFTER_DIGIT_GROUP = re.compile(rf"\d{_BLANK}$")
_TIME_RANGE = re.compile(rf"[0-2]\d[0-5]\d{_BLANK}*{_DASH}{_BLANK}*[0-2]\d[0-5]\d")
_INTERNATIONAL_PHONE = re.compile(
    rf"(?<![\w+])(?<!\d{_BLANK})\+(?!{_BLANK}?46)[1-9](?:[ \u00a0\-]?\d){{7,13}}(?!\d)"
)


def _digits(text: str) -> int:
    return sum(character.isdigit() for character in text)


def _find_phones(text: str) -> Iterator[_Candidate]:
    position = 0
    while match := _SWEDISH_PHONE.search(text, position):
        subscriber = match["subscriber"]
        # The pattern takes up to three more digit groups; drop the ones that make the
        # number too long ("070-123 45 67 12 gånger" is a number and a count).
        while _digits(match["area"] + subscriber) > 9 and (
            tail := _TRAILING_GROUP.search(subscriber)
        ):
            subscriber = subscriber[: tail.start()]
        end = match.start("subscriber") + len(subscriber)
        national = _digits(match["area"]) + _digits(subscriber)
        separated = bool(match["separator"])
        if (
            7 <= national <= 9
            and not (separated and _digits(subscriber) < 5)
            and not _TIME_RANGE.fullmatch(text, match.start(), end)
            and not (
                _AFTER_DIGIT_GROUP.search(text, max(0, match.start() - 2), match.start())
                and _THOUSANDS.fullmatch(text, match.start(), end)
            )
        ):
            yield _Candidate(Kind.PHONE, match.start(), end, _RANK_PHONE)
            position = end
        else:
            position = match.start() + 1
    for match in _INTERNATIONAL_PHONE.finditer(text):
        yield _Candidate(Kind.PHONE, match.start(), match.end(), _RANK_PHONE)


# --- E-mail addresses ---------------------------------------------------------------------

_AT = (
    # Blanks on both sides of the "@" or none: "Kolla @anna.svensson" is a handle.
    rf"(?:@|{_BLANK}+@{_BLANK}+|{_BLANK}?[(\[]{_BLANK}?(?i:at|snabel-a){_BLANK}?[)\]]{_BLANK}?"
    rf"|{_BLANK}+(?i:snabel-a){_BLANK}+)"
)
# A dot with blanks round it ("example . com") counts only before a lower-case top-level
# domain: "anna@example. Det var mörkt" ends a sentence, it names no domain.
_DOT = (
    rf"(?:\.|{_BLANK}?[(\[]{_BLANK}?(?i:dot|punkt){_BLANK}?[)\]]{_BLANK}?"
    rf"|{_BLANK}+(?i:punkt){_BLANK}+|{_BLANK}+\.{_BLANK}*(?=[a-zåäö]{{2,}})|\.{_BLANK}+(?=[a-zåäö]{{2,}}))"
)
_EMAIL = re.compile(rf"(?<![\w.%+\-])[\w.%+\-]+{_AT}(?:[\w\-]+{_DOT})+[^\W\d_]{{2,}}(?![^\W\d_])")


def _find_emails(text: str) -> Iterator[_Candidate]:
    for match in _EMAIL.finditer(text):
        yield _Candidate(Kind.EMAIL, match.start(), match.end(), _RANK_CERTAIN)


# --- Social-media profiles ----------------------------------------------------------------

_NETWORKS = (
    r"facebook\.com|fb\.com|fb\.me|instagram\.com|instagr\.am|linkedin\.com|tiktok\.com"
    r"|twitter\.com|x\.com|snapchat\.com|youtube\.com|threads\.net|threads\.com"
)
# The link, up to where it ends: a blank, a bracket or a quote; trailing punctuation
# belongs to the sentence.
_PROFILE_URL = re.compile(
    rf"(?<![\w.\-@/])(?:https?://)?(?:[\w\-]+\.)*(?i:{_NETWORKS})/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,!?:;]"
)
# "@anna_s": not the "@" of an e-mail address (a word character before it) nor a lone
# "@" ("kl 12 @ torget").
_HANDLE = re.compile(r"(?<![\w@.+\-])@[^\W\d_](?:[\w.]{0,28}\w)?(?![\w@])")


def _find_profiles(text: str) -> Iterator[_Candidate]:
    for pattern in (_PROFILE_URL, _HANDLE):
        for match in pattern.finditer(text):
            yield _Candidate(Kind.SOCIAL_PROFILE, match.start(), match.end(), _RANK_CERTAIN)


# --- Home addresses -----------------------------------------------------------------------

_STREET_ENDINGS = "gatan|vägen|gränden|gränd|backen|stigen|torget|plan|allén|allé|alle"
# Streets written in two words start with one of these ("Lilla torget", "Gamla vägen");
# any other word before a bare "vägen 3" is a sentence ("På vägen 3 gånger").
_STREET_ADJECTIVES = "(?:Gamla|Lilla|Stora|Norra|Södra|Östra|Västra|Nya|Övre|Nedre|Långa)"
# Streets named after someone are written in two words, the second a bare street noun
# ("Karl Johans gata", "Gustaf Adolfs torg", "Hjalmar Brantings plats").
_NAMED_STREET_NOUNS = "gata|gatan|väg|vägen|torg|torget|plan|plats|platsen|allé|gränd|backe|stig"
_APARTMENT = (
    rf"(?i:lgh|lägenhet|lägenhetsnummer|lägenhetsnr)\.?{_BLANK}*(?i:nr\.?{_BLANK}*)?\d{{4}}(?!\d)"
)
_ADDRESS = re.compile(
    rf"""
    (?<![\w\-])
    (?:
      (?:[^\W\d_]{{2,}}|{_STREET_ADJECTIVES}{_BLANK}+)(?i:{_STREET_ENDINGS})  # Storgatan
      |(?P<genitive>[{_UPPER}][{_LOWER}]+s){_BLANK}+(?:{_NAMED_STREET_NOUNS})  # Johans gata
    )
    {_BLANK}+(?i:nr\.?{_BLANK}*)?
    (?P<number>\d{{1,4}}(?:{_DASH}\d{{1,4}})?)    # the house number, or a range
    (?P<rest>
      (?:[a-zA-Z]|{_BLANK}[A-Z])?(?!\w)          # its letter: 12B, 12b, 12 B
      (?:,?{_BLANK}*{_APARTMENT})?
      (?:,?{_BLANK}*\d{{1,2}}{_BLANK}*(?i:tr|trappor)\b\.?)?
      (?:,?{_BLANK}*\d{{3}}{_BLANK}?\d{{2}}(?!\d)(?:{_BLANK}+[{_UPPER}][^\W\d_]+)?)?
    )
    (?!\d)
    """,
    re.VERBOSE,
)
_APARTMENT_ALONE = re.compile(rf"(?<!\w){_APARTMENT}")
_NAME_BEFORE = re.compile(rf"(?<![\w\-])([{_UPPER}][{_LOWER}]+){_BLANK}+$")
# Capitalised words before "Johans gata 5" that begin a sentence, not the street's name.
_PREPOSITIONS = _word_set(
    """
    på vid i från till mot längs över under bakom efter nära utanför om kring runt
    mellan genom förbi ifrån innanför
    """
)
_YEAR = re.compile(rf"(?:19|20)\d\d(?:{_DASH}\d{{2,4}})?")
# Words after "Storgatan 3" that make the number a count, not a house number.
_COUNTED = _word_set(
    """
    personer person pers st stycken gånger ggr ungdomar killar tjejer grabbar män kvinnor
    barn vuxna bilar mopeder cyklar hundar år månader veckor dagar timmar tim minuter min
    sekunder meter m km kilometer procent kr kronor
    """
)


def _find_addresses(text: str) -> Iterator[_Candidate]:
    for match in _ADDRESS.finditer(text):
        start = match.start()
        if match["genitive"]:
            if not match["rest"] and _YEAR.fullmatch(match["number"]):
                continue  # "Kommunens plan 2026", "Polisens plan 2025–2026"
            # The whole name: "Karl Johans gata 5", not "Karl [adress]".
            before = _NAME_BEFORE.search(text, 0, start)
            if before and before[1].lower() not in _NOT_NAMES | _PREPOSITIONS:
                start = before.start()
        if not match["rest"]:
            after = _WORD_AFTER.match(text, match.end())
            if after and after[1].lower() in _COUNTED:
                continue
        yield _Candidate(Kind.ADDRESS, start, match.end(), _RANK_CERTAIN)
    for match in _APARTMENT_ALONE.finditer(text):
        yield _Candidate(Kind.ADDRESS, match.start(), match.end(), _RANK_CERTAIN)


# --- Vehicle registrations ----------------------------------------------------------------

# Plates use every letter but I, Q, V, Å, Ä and Ö; the 2019 format never ends in O.
_PLATE = re.compile(
    r"""
    (?<![\w./@])
    (?P<letters>[A-HJ-PR-UW-Z]{3})
    [ \u00a0\-]?
    \d{2}[0-9A-HJ-NPR-UW-Z]
    (?!\w)
    (?![.:/@][^\W_])                # not part of a domain name, a time or a path
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Words and abbreviations (without I, Q, V, Å, Ä, Ö) that residents put before a number.
# Transportstyrelsen withholds most real words from plates anyway.
_NOT_PLATES = _word_set(
    """
    och som med den det att ett men man han hon oss ert era dem dom jag mer per fem sex tre
    nog bra ner upp ute far mor bor bad dag kan ska ger tar ser har hur tog fel rum hus tak
    lag kap art sfs lss pbl sol bbr tel mob fax sms mms sos box lgh nej typ par max mot ggr
    mkt jan feb mar apr maj jun jul aug sep okt nov dec sek eur usd nok dkk gbp tkr kkr
    ton bus tur rad nya hel ord cup kmh mph
    """
)


def _find_plates(text: str) -> Iterator[_Candidate]:
    for match in _PLATE.finditer(text):
        if match["letters"].lower() in _NOT_PLATES:
            continue
        yield _Candidate(Kind.VEHICLE_REGISTRATION, match.start(), match.end(), _RANK_PLATE)


# --- Names --------------------------------------------------------------------------------

_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_FULL_NAME = rf"{_NAME_WORD}(?:{_BLANK}{_NAME_WORD}){{0,2}}"
_RELATIVES = (
    "mamma|mamman|morsan|pappa|pappan|farsan|förälder|föräldern|föräldrar|föräldrarna"
    "|son|sonen|dotter|dottern|bror|brodern|brorsan|syster|systern|syrran"
    "|kompis|kompisen|kusin|kusinen|sambo|sambon|fru|frun"
)
_CLOSE = (
    "granne|grannar|dotter|döttrar|son|söner|barn|man|fru|sambo|pojkvän|flickvän"
    "|bror|syster|kompis|kompisar|vän|väninna"
)
_CUE = (
    r"(?i:heter|hette|kallas|kallades|mitt\s+namn\s+är|namnet\s+är"
    rf"|(?:min|mitt|mina|vår|vårt|våra)\s+(?:{_CLOSE})|grannen|grannarna"
    rf"|(?:{_RELATIVES})\s+till)"
)
# A signature: "Mvh Anna", "Vänliga hälsningar,\nPer Svensson".
_SIGN_OFF = r"(?i:mvh|m\.v\.h\.|(?:vänliga\s+|bästa\s+)?hälsningar|med\s+vänlig\s+hälsning)"
_NAMES = re.compile(
    rf"(?<!\w)(?:(?P<cue>{_CUE}){_BLANK}+|(?P<sign_off>{_SIGN_OFF})[,:]?\s+)"
    rf"(?P<names>{_FULL_NAME}(?:{_BLANK}+(?:och|&){_BLANK}+{_FULL_NAME})?)(?!\w)"
)
_WORD_BEFORE = re.compile(rf"(\w+){_BLANK}+$")
_WORD_AFTER = re.compile(rf"{_BLANK}+(\w+)")

# Capitalised words that follow a cue but are not names ("grannen Polisen kom", "Jag").
_NOT_NAMES = _word_set(
    """
    jag du han hon vi ni de dem den det man och men som när där här då nu inte
    polisen kommunen ordningsvakter väktare socialtjänsten skolan föreningen
    """
)
# Endings of Swedish place names: "Storgatan", "Badhusparken", "Kungsbacka resecentrum".
_PLACE_ENDINGS = (
    "gatan", "vägen", "väg", "gata", "parken", "park", "skolan", "skola", "torget", "torg",
    "stigen", "backen", "gården", "plan", "platsen", "centrum", "stationen", "station",
    "hallen", "badet", "kyrkan", "området", "ängen", "viken", "skogen", "berget", "kullen",
    "leden", "allén", "gränd", "gränden", "stranden", "strand", "hamnen", "bron", "tunneln",
    "huset", "ån", "sjön", "ön", "city", "köping", "by", "byn", "backa",
)  # fmt: skip
# Lower-case words after a capitalised word that make it a place ("Åsa skola").
_PLACE_NOUNS = _word_set(
    """
    skola skolan förskola förskolan station stationen centrum resecentrum torg torget park
    parken kyrka kyrkan gata gatan väg vägen bibliotek biblioteket sporthall sporthallen
    idrottsplats hållplats hållplatsen bad badet strand stranden kommun kommuns stad by
    gård centrumet vårdcentral vårdcentralen
    """
)
# Subjects of "heter" that are things, not people ("gatan heter …", "det heter …").
_THINGS = _word_set(
    """
    det den vad gatan vägen parken skolan området platsen stället stationen hållplatsen
    byn orten affären butiken föreningen klubben gruppen appen sidan tunneln kvarteret
    huset restaurangen torget centrumet bron leden stigen badet spåret
    """
)


def _looks_like_place(words: list[str], word_after: str | None) -> bool:
    lowered = [word.lower() for word in words]
    if any(word.endswith(_PLACE_ENDINGS) for word in lowered):
        return True
    return word_after is not None and word_after.lower() in _PLACE_NOUNS


def _find_names(text: str) -> Iterator[_Candidate]:
    for match in _NAMES.finditer(text):
        cue = (match["cue"] or "").lower()
        if cue in {"heter", "hette", "kallas", "kallades"}:
            before = _WORD_BEFORE.search(text, 0, match.start())
            if before and before[1].lower() in _THINGS:
                continue
        names = match["names"]
        words = re.split(rf"{_BLANK}+", names)
        if words[0].lower() in _NOT_NAMES:
            continue
        after = _WORD_AFTER.match(text, match.end())
        if _looks_like_place(words, after[1] if after else None):
            continue
        yield _Candidate(Kind.NAME, match.start("names"), match.end("names"), _RANK_NAME)
