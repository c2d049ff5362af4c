"""Writes of the lägesbild: its snapshots, the coordinators' other information, the approval.

Each is one transaction: a snapshot's versions (staff and public, in every language of
``settings.LANGUAGES``) are stored together, an approval copies the public version it
approves in every language, and a refused write changes nothing.

The lägesbild is stored once per language rather than translated when shown: its
texts are sentences made from the figures when it is built, and the version the
steering group approves must stay the one it read, in either language.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
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


def report_languages() -> list[str]:
    """The languages a lägesbild is made in: the interface's, the first one first."""
    return [code for code, _name in settings.LANGUAGES]


def reader_language(language: str | None = None) -> str:
    """The report language for a reader of ``language`` (default: the active one).

    A regional variant reads its language's version ("en-gb" the English); a language
    the lägesbild is not made in reads the settings' ``LANGUAGE_CODE``.
    """
    language = (language or translation.get_language() or "").lower()
    for code in (language, language.split("-")[0]):
        if code in report_languages():
            return code
    return settings.LANGUAGE_CODE


def refresh_lagesbild(municipality: Municipality, year: int) -> list[LagesbildSnapshot]:
    """Compute and store the staff and the public version of the year's lägesbild, in
    every language; all of them from the same data state, with the same time."""
    check_year(year)
    state = data_state(municipality)
    versions = {
        (public, language): as_json(
            build_lagesbild(municipality, year, public=public, language=language)
        )
        for public in (False, True)
        for language in report_languages()
    }
    now = timezone.now()
    stored = []
    with transaction.atomic():
        for (public, language), figures in versions.items():
            snapshot, _created = LagesbildSnapshot.objects.update_or_create(
                municipality=municipality,
                year=year,
                public=public,
                language=language,
                defaults={"figures": figures, "data": state, "computed_at": now},
            )
            stored.append(snapshot)
    return stored


def snapshot_of(
    municipality: Municipality, year: int, *, public: bool, language: str | None = None
) -> LagesbildSnapshot | None:
    """The stored version for a reader of ``language`` (default: the active language)."""
    return LagesbildSnapshot.objects.filter(
        municipality=municipality, year=year, public=public, language=reader_language(language)
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

    Refused while the public version is not computed in every language or is older
    than the data: the steering group approves the figures it was shown, those must be
    today's, and a reader of either language must read what it approved.
    """
    approved_by = approved_by.strip()
    if not approved_by:
        raise DomainError(_("Say who approved the lägesbild, e.g. the steering group."))
    if approved_on > timezone.localdate():
        raise DomainError(_("The approval cannot be dated in the future."))
    with transaction.atomic():
        snapshots = {
            snapshot.language: snapshot
            for snapshot in LagesbildSnapshot.objects.select_for_update().filter(
                municipality=municipality, year=year, public=True
            )
        }
        versions = [snapshots.get(language) for language in report_languages()]
        if any(snapshot is None or not snapshot.figures for snapshot in versions):
            raise DomainError(_("The lägesbild is not computed yet: compute it first."))
        # Each checked, so that a version left from before cannot slip through.
        state = data_state(municipality)
        if any(snapshot.data != state for snapshot in versions):
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
                "figures_by_language": {
                    snapshot.language: snapshot.figures for snapshot in versions
                },
                "computed_at": min(snapshot.computed_at for snapshot in versions),
            },
        )
    return approval
