"""The Kungsbacka demo's synthetic municipal reports: fault reports and safety reports.

Kungsbacka's own reports are not public, so the demo invents them, and says so (the
source's name and every report's summary call them synthetic). What they are made to
show is what the lägesbild does with real ones:

- **Where.** Most reports cluster where the demo's residents mark unsafe places
  (``dialogue.PLACES``: the travel centre, the three pedestrian tunnels, Badhusparken,
  …), with the same centres and spreads, so the places the survey names and the
  places the reports pile up coincide. The rest is background noise around the
  municipality's localities (mostly the town), kept inside its border.
- **When.** ISO weeks from ``FIRST_WEEK`` to ``LAST_WEEK`` (2023 into 2026). Broken
  street lights are reported mostly in the dark half-year, littering mostly in summer.
- **A rise.** In the last ``RISE_WEEKS`` weeks some ``RISE_PER_WEEK`` more cases of
  vandalism (skadegörelse) a week are reported at the travel centre and in the tunnel
  by the station, about three times the category's usual week, so that an alert on
  the municipality's vandalism series fires at the end.

Computed in plain Python (and shapely for the border) from the demo's places:
``synthetic_reports`` returns the reports, ``demo.incidents`` stores them.
Deterministic: generators with a fixed seed, so every load gives the same reports
with the same ids.
"""

import datetime as dt
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shapely.geometry import Point, shape
from shapely.prepared import prep

from .dialogue import METRES_PER_DEGREE, PLACES
from .kungsbacka import PLACES as LOCALITIES
from .kungsbacka import STOCKHOLM

# Farrington at α = 0.05 raises some chance alarms; under this seed none of them falls
# in the last twelve weeks (b = 2 or 3, w = 3), so the rise is the one alert there.
SEED = 13842041
FIRST_WEEK = (2023, 1)
LAST_WEEK = (2026, 18)  # the last week of the police's events in the shipped file
RISE_WEEKS = 4
RISE_PER_WEEK = 10.0
ID_PREFIX = "demo-"


@dataclass(frozen=True)
class ReportType:
    """A kind of report as the municipality's system names it, and how often it comes."""

    label: str
    category: str  # a key of situation's taxonomy
    per_week: float  # the mean over the year, before seasonality
    seasonality: float  # amplitude of the yearly cosine; > 0 peaks in midwinter, < 0 in summer
    clustered: float  # the share of reports at the named places (the rest is background)
    places: Mapping[str, float]  # weights of the named places (dialogue.PLACES) among them
    hours: tuple[int, int]  # the hours of the day (from, to) it is reported in
    description: str


LIGHTING = "Trasig gatubelysning"
VANDALISM = "Skadegörelse"
GRAFFITI = "Klotter"
LITTERING = "Nedskräpning"
SAFETY_REPORT = "Trygghetsrapport"

TRAVEL_CENTRE = "Kungsbacka resecentrum"
STATION_TUNNEL = "Gångtunneln under järnvägen vid stationen"
HEDE_TUNNEL = "Gångtunneln under Hedeleden"
E6_TUNNEL = "Gångtunneln under E6 vid Kungsmässan"
BADHUSPARKEN = "Badhusparken"
KUNGSMASSAN = "Kungsmässans parkering"
ONSALA = "Onsala centrum"
ASA = "Åsa station"

TYPES = (
    ReportType(
        LIGHTING,
        "other",
        per_week=6.0,
        seasonality=0.8,
        clustered=0.55,
        places={STATION_TUNNEL: 3, HEDE_TUNNEL: 3, E6_TUNNEL: 2, BADHUSPARKEN: 2, ASA: 1},
        hours=(6, 23),
        description="Belysningen fungerar inte.",
    ),
    ReportType(
        VANDALISM,
        "vandalism",
        per_week=3.5,
        seasonality=0.0,
        clustered=0.6,
        places={TRAVEL_CENTRE: 4, STATION_TUNNEL: 2, BADHUSPARKEN: 2, KUNGSMASSAN: 1, ONSALA: 1},
        hours=(6, 22),
        description="Skadegörelse anmäld av förvaltningen.",
    ),
    ReportType(
        GRAFFITI,
        "vandalism",
        per_week=2.0,
        seasonality=0.0,
        clustered=0.65,
        places={STATION_TUNNEL: 3, HEDE_TUNNEL: 2, E6_TUNNEL: 2, TRAVEL_CENTRE: 2},
        hours=(7, 18),
        description="Klotter som behöver saneras.",
    ),
    ReportType(
        LITTERING,
        "public_order",
        per_week=3.5,
        seasonality=-0.5,
        clustered=0.45,
        places={BADHUSPARKEN: 3, TRAVEL_CENTRE: 2, KUNGSMASSAN: 2, ONSALA: 1},
        hours=(7, 21),
        description="Nedskräpning, sopor och glas.",
    ),
    ReportType(
        SAFETY_REPORT,
        "public_order",
        per_week=0.6,
        seasonality=0.0,
        clustered=0.8,
        places={TRAVEL_CENTRE: 3, BADHUSPARKEN: 2, STATION_TUNNEL: 1},
        hours=(17, 23),
        description="Trygghetsrapport från kommunens trygghetsvärdar.",
    ),
)
# Where the rise happens: vandalism at the travel centre and in the station's tunnel.
RISING_TYPE = VANDALISM
RISING_PLACES = (TRAVEL_CENTRE, STATION_TUNNEL)

# Background reports spread around the localities, most in the town.
BACKGROUND = {
    "Kungsbacka stad": (0.45, 900.0),
    "Hede": (0.10, 500.0),
    "Anneberg": (0.06, 400.0),
    "Onsala": (0.12, 700.0),
    "Kullavik": (0.06, 400.0),
    "Särö": (0.04, 400.0),
    "Vallda": (0.03, 400.0),
    "Fjärås": (0.05, 500.0),
    "Åsa": (0.04, 400.0),
    "Frillesås": (0.04, 400.0),
    "Gottskär": (0.01, 300.0),
}
SYNTHETIC_NOTE = "Syntetisk rapport i Trygg-demon, inte en verklig händelse."


@dataclass(frozen=True)
class SyntheticReport:
    external_id: str
    type: str
    category: str
    reported_at: dt.datetime
    latitude: float
    longitude: float
    place: str  # the named place it clusters at, or "" for background
    title: str
    summary: str


def weeks() -> list[dt.date]:
    """The Mondays of the ISO weeks the reports cover."""
    first = dt.date.fromisocalendar(*FIRST_WEEK, 1)
    last = dt.date.fromisocalendar(*LAST_WEEK, 1)
    return [first + dt.timedelta(weeks=k) for k in range((last - first).days // 7 + 1)]


def weekly_mean(kind: ReportType, monday: dt.date) -> float:
    """The mean number of reports of ``kind`` in the week from ``monday``, before any rise."""
    middle = monday + dt.timedelta(days=3)
    # Peaks in mid-January (the darkest time for street lights) and troughs in July.
    phase = 2 * math.pi * (middle.timetuple().tm_yday - 15) / 365.25
    return max(kind.per_week * (1 + kind.seasonality * math.cos(phase)), 0.0)


def synthetic_reports(border: Mapping[str, Any], seed: int = SEED) -> list[SyntheticReport]:
    """Every synthetic report inside ``border`` (GeoJSON), in the order they were made."""
    inside = prep(shape(border))
    places = {place.name: place for place in PLACES}
    mondays = weeks()
    drawn: list[tuple[dt.datetime, ReportType, str, float, float, str]] = []
    for kind in TYPES:
        # A generator per type: a type's reports stay the same when another type changes.
        rng = random.Random(f"{seed}:{kind.label}")
        for index, monday in enumerate(mondays):
            at = [
                _place(rng, kind.clustered, kind.places)
                for _ in range(_poisson(rng, weekly_mean(kind, monday)))
            ]
            if kind.label == RISING_TYPE and index >= len(mondays) - RISE_WEEKS:
                rising_places = {name: kind.places[name] for name in RISING_PLACES}
                at += [_place(rng, 1.0, rising_places) for _ in range(_poisson(rng, RISE_PER_WEEK))]
            for place in at:
                if place:
                    centre = places[place]
                    latitude, longitude = _scatter(
                        rng, inside, centre.latitude, centre.longitude, centre.spread_m
                    )
                    where = place
                else:
                    latitude, longitude, where = _background(rng, inside)
                moment = dt.datetime.combine(
                    monday + dt.timedelta(days=rng.randrange(7)),
                    dt.time(rng.randrange(*kind.hours), rng.randrange(60)),
                    tzinfo=STOCKHOLM,
                )
                drawn.append((moment, kind, place, latitude, longitude, where))
    drawn.sort(key=lambda report: report[0])
    return [
        SyntheticReport(
            external_id=f"{ID_PREFIX}{number:06d}",
            type=kind.label,
            category=kind.category,
            reported_at=moment,
            latitude=round(latitude, 6),
            longitude=round(longitude, 6),
            place=place,
            title=f"{kind.label}, {where}",
            summary=f"{kind.description} {SYNTHETIC_NOTE}",
        )
        for number, (moment, kind, place, latitude, longitude, where) in enumerate(drawn, start=1)
    ]


def _place(rng: random.Random, clustered: float, weights: Mapping[str, float]) -> str:
    """A named place, drawn by ``weights``, with chance ``clustered``; else "" (background)."""
    if rng.random() >= clustered:
        return ""
    names = list(weights)
    return rng.choices(names, weights=[weights[name] for name in names])[0]


def _background(rng: random.Random, inside) -> tuple[float, float, str]:
    names = list(BACKGROUND)
    name = rng.choices(names, weights=[BACKGROUND[name][0] for name in names])[0]
    latitude, longitude = LOCALITIES[name]
    return (*_scatter(rng, inside, latitude, longitude, BACKGROUND[name][1]), name)


def _scatter(
    rng: random.Random, inside, latitude: float, longitude: float, spread_m: float
) -> tuple[float, float]:
    """A point normally scattered around a centre, drawn again until it is inside."""
    while True:
        north, east = rng.gauss(0, spread_m), rng.gauss(0, spread_m)
        point_latitude = latitude + north / METRES_PER_DEGREE
        point_longitude = longitude + east / (METRES_PER_DEGREE * math.cos(math.radians(latitude)))
        if inside.contains(Point(point_longitude, point_latitude)):
            return point_latitude, point_longitude


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw by inversion (the weekly means here are small)."""
    threshold, count, product = math.exp(-mean), 0, rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count
