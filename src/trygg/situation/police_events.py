"""One event of the police's open events API (polisen.se/api/events), read as Trygg needs it.

The API's own format, as the shipped file and the API give it::

    {"id": 586066, "datetime": "2025-05-20 7:09:32 +02:00",
     "name": "20 maj 06.55, Trafikolycka, Varberg", "summary": "...", "url": "/aktuellt/...",
     "type": "Trafikolycka", "location": {"name": "Hallands län", "gps": "57.1,12.2"}}

What the real data does, and what is done about it here:

- ``datetime`` is when the police published the event, its hour not zero-padded; the
  event's own time is the start of ``name`` ("20 maj 06.55" or "26 september 14:21"),
  without a year: the year is the one that puts it nearest the publication, so an
  event of "31 december 23.50" published on 1 January belongs to the year before.
- ``location.name`` is a municipality or a county ("Hallands län"); since February
  2026 always a county, and the municipality is then the last part of ``name``.
  ``Places`` matches names case- and hyphen-insensitively, a municipality named in
  ``name`` only within the event's county; one that names none stays county-level.
- ``location.gps`` is the centre of the municipality or county, never the place: it
  is not read at all, so no police event can ever become a point.
- Types starting with "Sammanfattning" summarise a night or a weekend, and "Övrigt"
  or "Information" notices about the press office ("Efter klockan 22:00 finns ingen
  presstalesperson i tjänst", the media centre's opening hours) are not incidents
  either: ``is_summary`` says so.

``read_event`` takes one decoded JSON value and returns a ``PoliceEvent`` or raises
``Rejected`` with the reason in the user's language.
"""

import datetime
import functools
import re
from collections.abc import Iterable
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from trygg.tenancy.counties import COUNTY_NAMES
from trygg.text.calendar import MONTH_NAMES

from .models import normalise_type

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HALF_A_YEAR = datetime.timedelta(days=182)

# Swedish months, matched by their first three letters: the police write them in full
# ("september"), an abbreviation ("sep", "sept.") means the same.
MONTHS = {name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)}

_EVENT_TIME = re.compile(r"^\s*(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{1,2})[.:](\d{2})\b")
_PUBLISHED = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)

# The notices of the press office and the web desk that the police publish as
# "Övrigt" or "Information": who answers the media tonight, that the page is not updated, a press
# conference. Matched in the summary (the title says only "Övrigt").
PRESS_OFFICE_NOTICE = re.compile(
    r"\bpress(?:talesperson|telefon|tjänst|num+er|träff|konferens|inbjudan|jour)"
    r"|\bmedi(?:e|a)(?:center|centret|telefon)"
    r"|\bRMC\b"
    r"|\b(?:hem)?sidan(?:/händelser)?\s+uppdater"
    r"|\bhändelser/hemsidan\s+uppdater"
    r"|\b(?:information|frågor|samtal)\s+(?:till|från)\s+media"
    r"|\bmedias\s+(?:samtal|frågor)"
    r"|\bmediefrågor|\bmediaförfrågningar"
    r"|\btillgänglig\s+för\s+media"
    r"|\bpå\s+möte\s+och\s+återkommer"
    r"|\bstörningar\s+i\s+telefonin|\btelefoniproblem",
    re.IGNORECASE,
)
SUMMARY_PREFIX = "sammanfattning"
# The types the police file such notices under.
NOTICE_TYPES = frozenset({"övrigt", "information"})


class Rejected(ValueError):
    """The event cannot be imported; ``reason`` says why, in the user's language."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class PoliceEvent(NamedTuple):
    """What Trygg keeps of one event. ``municipality_id`` is ``None`` for county-level.

    A named tuple, not a frozen dataclass: it is made a million times in an import,
    and a tuple is much cheaper to make.
    """

    external_id: str
    published_at: datetime.datetime
    occurred_at: datetime.datetime
    type: str
    type_key: str
    county_code: str
    municipality_id: int | None
    title: str
    summary: str
    url: str


@functools.lru_cache(maxsize=4096)
def place_key(name: str) -> str:
    """A place name as it is matched: "Dals-ed", "Dals-Ed" and "dals ed kommun" are one."""
    words = name.replace("-", " ").replace("\u2013", " ").casefold().split()
    if len(words) > 1 and words[-1] in {"kommun", "stad"}:
        words = words[:-1]
    return " ".join(words)


# Genitives that are not the name with an "s" added.
GENITIVES = {"falun": "falu"}


class Places:
    """Municipality and county names → ids, from ``(id, name, county_code)`` rows."""

    def __init__(self, municipalities: Iterable[tuple[int, str, str]]):
        self.municipalities: dict[str, tuple[int, str]] = {}
        self.in_county: dict[tuple[str, str], int] = {}
        aliases = []
        for pk, name, county_code in municipalities:
            key = place_key(name)
            self.municipalities[key] = (pk, county_code)
            self.in_county[(county_code, key)] = pk
            # The official names are genitive: "Göteborgs stad", "Hudiksvalls kommun",
            # "Falu kommun" (Falun).
            genitive = GENITIVES.get(key, key if key.endswith("s") else f"{key}s")
            aliases.append((genitive, pk, county_code))
        for alias, pk, county_code in aliases:
            self.municipalities.setdefault(alias, (pk, county_code))
            self.in_county.setdefault((county_code, alias), pk)
        self.counties = {place_key(name): code for code, name in COUNTY_NAMES.items()}

    def __bool__(self) -> bool:
        return bool(self.municipalities)

    def locate(self, location_name: str, title: str) -> tuple[str, int | None]:
        """The event's county code and municipality id (``None``: the county only)."""
        key = place_key(location_name)
        if key in self.counties:
            county = self.counties[key]
            last_part = title.rsplit(",", 1)[-1] if "," in title else ""
            return county, self.in_county.get((county, place_key(last_part)))
        if key in self.municipalities:
            pk, county = self.municipalities[key]
            return county, pk
        raise Rejected(
            _("the place “%(place)s” is neither a municipality nor a county")
            % {"place": location_name}
        )


def is_summary(event: Any) -> bool:
    """Whether a record is a summary or a press-office notice rather than an incident."""
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return False
    kind = normalise_type(event["type"])
    if kind.startswith(SUMMARY_PREFIX):
        return True
    summary = event.get("summary")
    return (
        kind in NOTICE_TYPES
        and isinstance(summary, str)
        and PRESS_OFFICE_NOTICE.search(summary) is not None
    )


def parse_published(text: Any) -> datetime.datetime:
    """``datetime`` ("2025-05-20 7:09:32 +02:00") as an aware datetime."""
    if not isinstance(text, str) or not text.strip():
        raise Rejected(_("the event has no publication time (datetime)"))
    parts = text.split()
    if len(parts) == 3 and len(parts[1]) == 7:
        # The API's own form with its one-digit hour, made ISO: the fast path.
        parts[1] = f"0{parts[1]}"
    try:
        published = datetime.datetime.fromisoformat(" ".join(parts))
    except ValueError:
        published = None
    if published is not None and published.tzinfo is not None:
        return published
    match = _PUBLISHED.match(text)
    if match is None:
        raise Rejected(
            _("the publication time “%(value)s” cannot be read (datetime)") % {"value": text}
        )
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        moment = datetime.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
        )
    except ValueError:
        raise Rejected(
            _("the publication time “%(value)s” is not a real date and time (datetime)")
            % {"value": text}
        ) from None
    if offset is None:
        return moment.replace(tzinfo=STOCKHOLM)
    if offset == "Z":
        return moment.replace(tzinfo=datetime.UTC)
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    delta = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment.replace(tzinfo=datetime.timezone(sign * delta))


def parse_occurred(title: str, published_at: datetime.datetime) -> datetime.datetime:
    """The event's own time from the start of ``name``, in the year nearest publication."""
    match = _EVENT_TIME.match(title)
    month = None
    if match is not None:
        word = match.group(2).casefold()
        month = MONTHS.get(word[:3])
        if month is not None and not MONTH_NAMES[month - 1].startswith(word):
            month = None
    if match is None or month is None:
        raise Rejected(
            _("the event's own time cannot be read from its name “%(name)s”") % {"name": title}
        )
    day, hour, minute = int(match.group(1)), int(match.group(3)), int(match.group(4))
    # Compared as wall-clock times (an hour's daylight-saving shift cannot move
    # an event by a year), which is much cheaper than with time zones.
    published_local = published_at.astimezone(STOCKHOLM).replace(tzinfo=None)
    year = published_local.year
    try:
        # Nearly always the publication's year: tried first, the neighbours only
        # when it is more than half a year away (an event of 31 December published
        # on 1 January) or not a date in that year (29 February).
        local = datetime.datetime(year, month, day, hour, minute)
    except ValueError:
        local = None
    if local is None or abs(local - published_local) > HALF_A_YEAR:
        candidates = []
        for other_year in (year - 1, year, year + 1):
            try:
                candidates.append(datetime.datetime(other_year, month, day, hour, minute))
            except ValueError:
                continue
        if not candidates:
            raise Rejected(
                _("the event's own time in its name “%(name)s” is not a real date")
                % {"name": title}
            )
        local = min(candidates, key=lambda candidate: abs(candidate - published_local))
    return local.replace(tzinfo=STOCKHOLM)


def _text(event: dict, key: str) -> str:
    value = event.get(key)
    if not isinstance(value, str):
        return ""
    # JSON may carry a NUL ("\u0000"), which no text column of PostgreSQL can hold.
    return value.replace("\x00", "").strip()


def read_event(event: Any, places: Places) -> PoliceEvent:
    """One API record as a ``PoliceEvent``, or ``Rejected`` saying what is wrong with it."""
    if not isinstance(event, dict):
        raise Rejected(_("the record is not a JSON object"))
    external_id = event.get("id")
    # An id is a number (the API's) or a text; true/false or a list is no id.
    if isinstance(external_id, bool) or not isinstance(external_id, int | str):
        raise Rejected(_("the event has no id"))
    external_id = str(external_id).replace("\x00", "").strip()
    if not external_id:
        raise Rejected(_("the event has no id"))
    if len(external_id) > 64:
        raise Rejected(_("the event's id is longer than 64 characters"))
    published_at = parse_published(event.get("datetime"))
    title = _text(event, "name")
    if not title:
        raise Rejected(_("the event has no name, so its own time is unknown"))
    occurred_at = parse_occurred(title, published_at)
    kind = _text(event, "type")
    if not kind:
        raise Rejected(_("the event has no type"))
    location = event.get("location")
    location_name = _text(location, "name") if isinstance(location, dict) else ""
    if not location_name:
        raise Rejected(_("the event has no place (location.name)"))
    county_code, municipality_id = places.locate(location_name, title)
    return PoliceEvent(
        external_id=external_id,
        published_at=published_at,
        occurred_at=occurred_at,
        type=kind[:200],
        type_key=normalise_type(kind)[:200],
        county_code=county_code,
        municipality_id=municipality_id,
        title=title[:300],
        summary=_text(event, "summary"),
        url=_text(event, "url")[:500],
    )
