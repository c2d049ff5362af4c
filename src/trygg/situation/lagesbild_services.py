"""Writes of the lägesbild: its snapshots, the coordinators' other information, the approval.

Each is one transaction: a snapshot's two versions are stored together, an approval
copies the public version it approves, and a refused write changes nothing.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.errors import DomainError
from trygg.tenancy.models import Municipality

from .lagesbild import as_json, build_lagesbild, data_state
from .models import LagesbildApproval, LagesbildSnapshot, OtherInformation

# The years a lägesbild may be asked for: the police's open events start in 2022.
FIRST_YEAR = 2000


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise DomainError(
            _("A lägesbild is made for a year from %(first)d to this year.") % {"first": FIRST_YEAR}
        )


def refresh_lagesbild(municipality: Municipality, year: int) -> list[LagesbildSnapshot]:
    """Compute and store the staff and the public version of the year's lägesbild."""
    check_year(year)
    state = data_state(municipality)
    versions = {
        public: as_json(build_lagesbild(municipality, year, public=public))
        for public in (False, True)
    }
    now = timezone.now()
    stored = []
    with transaction.atomic():
        for public, figures in versions.items():
            snapshot, _created = LagesbildSnapshot.objects.update_or_create(
                municipality=municipality,
                year=year,
                public=public,
                defaults={"figures": figures, "data": state, "computed_at": now},
            )
            stored.append(snapshot)
    return stored


def snapshot_of(municipality: Municipality, year: int, *, public: bool) -> LagesbildSnapshot | None:
    return LagesbildSnapshot.objects.filter(
        municipality=municipality, year=year, public=public
    ).first()


def is_current(snapshot: LagesbildSnapshot) -> bool:
    """Whether the data the snapshot was computed from are still the data there are."""
    return snapshot.data == data_state(snapshot.municipality)


def _clean(heading: str, text: str, source: str) -> tuple[str, str, str]:
    heading, text, source = heading.strip(), text.strip(), source.strip()
    if not heading or not text:
        raise DomainError(_("Write a heading and a text."))
    if not source:
        raise DomainError(
            _("Say where the information comes from: a plan, a report, an organisation.")
        )
    return heading, text, source


def add_other_information(
    municipality: Municipality,
    year: int,
    *,
    heading: str,
    text: str,
    source: str,
    author: AbstractBaseUser | None,
) -> OtherInformation:
    check_year(year)
    heading, text, source = _clean(heading, text, source)
    return OtherInformation.objects.create(
        municipality=municipality,
        year=year,
        heading=heading,
        text=text,
        source=source,
        author=author,
    )


def update_other_information(
    item: OtherInformation, *, heading: str, text: str, source: str, author: AbstractBaseUser | None
) -> OtherInformation:
    item.heading, item.text, item.source = _clean(heading, text, source)
    item.author = author
    item.save()
    return item


def approve_lagesbild(
    municipality: Municipality,
    year: int,
    *,
    approved_on: dt.date,
    approved_by: str,
    recorded_by: AbstractBaseUser | None,
) -> LagesbildApproval:
    """Record the steering group's approval, which publishes the current public version.

    Refused while the public version is not computed or older than the data: the
    steering group approves the figures it was shown, and those must be today's.
    """
    approved_by = approved_by.strip()
    if not approved_by:
        raise DomainError(_("Say who approved the lägesbild, e.g. the steering group."))
    if approved_on > timezone.localdate():
        raise DomainError(_("The approval cannot be dated in the future."))
    with transaction.atomic():
        snapshot = (
            LagesbildSnapshot.objects.select_for_update()
            .filter(municipality=municipality, year=year, public=True)
            .first()
        )
        if snapshot is None or not snapshot.figures:
            raise DomainError(_("The lägesbild is not computed yet: compute it first."))
        if not is_current(snapshot):
            raise DomainError(
                _("The figures are older than the data: compute them again before approving.")
            )
        approval, _created = LagesbildApproval.objects.update_or_create(
            municipality=municipality,
            year=year,
            defaults={
                "approved_on": approved_on,
                "approved_by": approved_by,
                "recorded_by": recorded_by,
                "figures": snapshot.figures,
                "computed_at": snapshot.computed_at,
            },
        )
    return approval
