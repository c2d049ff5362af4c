"""What the dashboard shows, composed from the selectors of the apps that own each thing.

The workspace owns no concept of its own: surveys are the dialogue's, agreements and
actions the promises'. Each list is already limited to what the user may act on there.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from trygg.dialogue.selectors import OpenSurvey, open_surveys_for
from trygg.promises.models import Agreement
from trygg.promises.selectors import (
    ActionRow,
    ReportDue,
    agreements_without_successor,
    attention_for,
    dashboard_municipalities,
    reports_due,
)
from trygg.tenancy.models import Municipality


@dataclass(frozen=True)
class Dashboard:
    municipalities: QuerySet[Municipality]
    """The municipalities the user's memberships serve: their work, listed first."""
    open_surveys: list[OpenSurvey]
    ended_agreements: list[Agreement]
    attention: list[ActionRow]
    reports_due: list[ReportDue]
    may_find_others: bool
    """Whether the user may read municipalities beyond their own (an operator)."""

    @property
    def has_work(self) -> bool:
        return bool(
            self.open_surveys or self.ended_agreements or self.attention or self.reports_due
        )


def dashboard_for(user, *, owner_kind: str | None, today: datetime.date | None = None) -> Dashboard:
    """The user's work in the municipalities they are a member of.

    ``owner_kind`` (``Organisation.Kind``, None for all) narrows the actions to those
    an organisation of that kind carries out; surveys and agreements are everyone's.
    An operator who may read all 290 municipalities is shown the work of their own
    memberships only, never that of the whole country.
    """
    today = today or timezone.localdate()
    municipalities = dashboard_municipalities(user)
    own = Municipality.objects.served_to(user)
    return Dashboard(
        municipalities=municipalities,
        open_surveys=open_surveys_for(user, today, municipalities=own),
        ended_agreements=agreements_without_successor(user, today, municipalities=own),
        attention=attention_for(user, today, municipalities=own, owner_kind=owner_kind),
        reports_due=reports_due(user, today, municipalities=own, owner_kind=owner_kind),
        may_find_others=(Municipality.objects.visible_to(user).count() > len(municipalities)),
    )
