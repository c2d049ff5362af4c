"""Incidents per 10,000 residents: a municipality against its county, the country and
similar municipalities.

Only the police's open events are compared: they are the one source that covers
every municipality alike (a municipality's own reports depend on what it collects).
Counting is ``counts.count_incidents`` (in SQL, by the incidents' Swedish time); the
arithmetic is ``trygg.stats.rates``. A county's count holds its county-level events
(those the police placed only to the county), so it is more than the sum of its
municipalities'; the country's holds every event.

Residents are SCB's count of the latest year up to the period's last year (the
count of 1 November 2024 for 2025 and 2026, until a later one is imported); a
period before the first stored year uses that first year, and says so.

"Similar municipalities" are SKR's municipality group (kommungruppsindelning) once
it is imported; until then, the ``SIMILAR_COUNT`` municipalities closest in residents
and in residents per km² (``stats.rates.nearest_by_size_and_density``). Ten: enough
that the pooled rate does not hang on one town's year, few enough that they are
still alike (SKR's groups hold 20 to 50 municipalities, save the three big cities).
"""

import datetime as dt
import enum
from dataclasses import dataclass

from django.db.models import Max, Min, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.geo.area import area_km2
from trygg.population.models import MunicipalityResidents
from trygg.stats.rates import PooledRate, Rate, nearest_by_size_and_density, pooled_rate
from trygg.tenancy.counties import county_name
from trygg.tenancy.models import Municipality, MunicipalityGroup

from .counts import Period, Place, count_incidents, next_period
from .models import Category, Incident, Source

SIMILAR_COUNT = 10


class Basis(enum.StrEnum):
    """How the similar municipalities were chosen."""

    SKR_GROUP = "skr_group"
    SIZE_AND_DENSITY = "size_and_density"


@dataclass(frozen=True)
class ResidentsYear:
    """Which year's residents a period is divided by; ``exact`` if it is the period's own."""

    year: int
    exact: bool

    def describe(self, period_year: int) -> str:
        if self.exact:
            return _("Residents: SCB's count for %(year)d.") % {"year": self.year}
        if self.year < period_year:
            return _("Residents: SCB's count for %(year)d, the latest there is for %(period)d.") % {
                "year": self.year,
                "period": period_year,
            }
        return _(
            "Residents: SCB's count for %(year)d, the earliest there is; none is stored for "
            "%(period)d."
        ) % {"year": self.year, "period": period_year}


@dataclass(frozen=True)
class SimilarMunicipalities:
    basis: Basis
    municipalities: tuple[Municipality, ...]
    group: MunicipalityGroup | None = None

    def describe(self) -> str:
        """Which comparison is used, in a sentence."""
        if self.basis is Basis.SKR_GROUP:
            return _(
                "Similar municipalities: the %(count)d others in SKR's municipality group "
                "%(code)s %(name)s (kommungruppsindelning %(edition)d)."
            ) % {
                "count": len(self.municipalities),
                "code": self.group.group_code,
                "name": self.group.group_name,
                "edition": self.group.edition,
            }
        return ngettext(
            "Similar municipalities: the %(count)d municipality closest in residents and in "
            "residents per km² (SKR's municipality groups are not imported).",
            "Similar municipalities: the %(count)d municipalities closest in residents and in "
            "residents per km² (SKR's municipality groups are not imported).",
            len(self.municipalities),
        ) % {"count": len(self.municipalities)}


class Scope(enum.StrEnum):
    MUNICIPALITY = "municipality"
    COUNTY = "county"
    SIMILAR = "similar"
    COUNTRY = "country"

    @property
    def label(self) -> str:
        return {
            Scope.MUNICIPALITY: _("The municipality"),
            Scope.COUNTY: _("The county"),
            Scope.SIMILAR: _("Similar municipalities"),
            Scope.COUNTRY: _("The country"),
        }[self]


@dataclass(frozen=True)
class ComparisonRow:
    scope: Scope
    label: str
    rate: Rate
    pooled: PooledRate | None = None
    """For the similar municipalities: their pooled rate and range."""


@dataclass(frozen=True)
class RateComparison:
    municipality: Municipality
    first: dt.date
    last: dt.date
    category: Category | None
    residents_year: ResidentsYear | None
    similar: SimilarMunicipalities
    rows: tuple[ComparisonRow, ...]

    @property
    def last_day(self) -> dt.date:
        """The last day counted: the end of the month ``last``."""
        return next_period(self.last, Period.MONTH) - dt.timedelta(days=1)

    @property
    def notes(self) -> list[str]:
        notes = [
            _(
                "The police's open events only: they cover every municipality alike. Events "
                "the police placed only to the county count for the county and the country."
            ),
            self.similar.describe(),
        ]
        if self.residents_year is None:
            notes.append(_("No residents are stored: run trygg load-municipalities."))
        else:
            notes.append(self.residents_year.describe(self.last.year))
        return notes


def residents_year(year: int) -> ResidentsYear | None:
    """The latest year up to ``year`` with stored residents, else the earliest; None if none."""
    earliest = MunicipalityResidents.objects.aggregate(earliest=Min("year"))["earliest"]
    if earliest is None:
        return None
    stored = MunicipalityResidents.objects.filter(year__lte=year)
    latest = stored.aggregate(latest=Max("year"))["latest"]
    if latest is None:
        return ResidentsYear(earliest, exact=False)
    return ResidentsYear(latest, exact=latest == year)


def residents_by_municipality(year: int) -> dict[int, int]:
    """Each municipality's residents in ``year`` (municipality id → residents)."""
    return dict(
        MunicipalityResidents.objects.filter(year=year).values_list("municipality_id", "residents")
    )


def residents_per_km2(residents: dict[int, int]) -> dict[int, float]:
    """Residents per km² within each municipality's border (see ``geo.area``)."""
    borders = Municipality.objects.filter(pk__in=residents, border__isnull=False).values_list(
        "pk", "border"
    )
    densities = {}
    for pk, border in borders:
        area = area_km2(border)
        if area > 0:
            densities[pk] = residents[pk] / area
    return densities


def similar_municipalities(
    municipality: Municipality, residents: dict[int, int]
) -> SimilarMunicipalities:
    """SKR's group of ``municipality`` if imported, else the closest in size and density."""
    group = MunicipalityGroup.objects.filter(municipality=municipality).first()
    if group is not None:
        others = Municipality.objects.filter(group__group_code=group.group_code).exclude(
            pk=municipality.pk
        )
        return SimilarMunicipalities(Basis.SKR_GROUP, tuple(others.order_by("name")), group)
    densities = residents_per_km2(residents)
    ids = sorted(densities)
    if municipality.pk not in densities:
        return SimilarMunicipalities(Basis.SIZE_AND_DENSITY, ())
    chosen = nearest_by_size_and_density(
        [residents[pk] for pk in ids],
        [densities[pk] for pk in ids],
        ids.index(municipality.pk),
        SIMILAR_COUNT,
    )
    by_id = Municipality.objects.in_bulk([ids[index] for index in chosen])
    return SimilarMunicipalities(
        Basis.SIZE_AND_DENSITY, tuple(by_id[ids[index]] for index in chosen)
    )


def police_events(category: Category | None = None) -> QuerySet[Incident]:
    """The police's open events, of one category or all."""
    incidents = Incident.objects.filter(source__kind=Source.Kind.POLICE_EVENTS)
    return incidents if category is None else incidents.filter(category=category)


def compare_rates(
    municipality: Municipality,
    first: dt.date,
    last: dt.date,
    category: Category | None = None,
) -> RateComparison:
    """The municipality's rate of police events from ``first`` to ``last`` (whole months,
    both included), and its county's, its similar municipalities' and the country's.
    """
    chosen = residents_year(last.year)
    residents = residents_by_municipality(chosen.year) if chosen else {}
    similar = similar_municipalities(municipality, residents)
    incidents = police_events(category)
    by_municipality = count_incidents(
        incidents, period=Period.MONTH, place=Place.MUNICIPALITY, first=first, last=last
    ).totals_by_place()
    by_county = count_incidents(
        incidents, period=Period.MONTH, place=Place.COUNTY, first=first, last=last
    ).totals_by_place()
    county_residents = (
        Municipality.objects.filter(
            county_code=municipality.county_code, residents_counts__year=chosen.year
        ).aggregate(total=Sum("residents_counts__residents"))["total"]
        if chosen
        else None
    )
    similar_ids = [other.pk for other in similar.municipalities]
    pooled = pooled_rate(
        [by_municipality.get(pk, 0) for pk in similar_ids],
        [residents.get(pk, 0) for pk in similar_ids],
    )
    rows = (
        ComparisonRow(
            Scope.MUNICIPALITY,
            municipality.name,
            Rate(by_municipality.get(municipality.pk, 0), residents.get(municipality.pk, 0)),
        ),
        ComparisonRow(
            Scope.COUNTY,
            county_name(municipality.county_code) or municipality.county_code,
            Rate(by_county.get(municipality.county_code, 0), county_residents or 0),
        ),
        ComparisonRow(Scope.SIMILAR, _("Similar municipalities"), pooled.rate, pooled),
        ComparisonRow(
            Scope.COUNTRY, _("Sweden"), Rate(sum(by_county.values()), sum(residents.values()))
        ),
    )
    return RateComparison(municipality, first, last, category, chosen, similar, rows)
