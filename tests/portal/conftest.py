"""A published agreement as a municipality would really publish it, and helpers."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import (
    ActionFactory,
    AgreementFactory,
    FocusAreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MunicipalityFactory,
    ProgressUpdateFactory,
    PromiseFactory,
    SignatoryFactory,
)
from trygg.promises.models import Action, Agreement


@dataclass
class Published:
    municipality: object
    agreement: Agreement
    promise: object
    action: Action
    latest: object
    older: object


def build_agreement(municipality, *, focus_areas=1, promises=1, actions=2, updates=2, **fields):
    """A published agreement running from a year ago to a year ahead, filled in."""
    today = timezone.localdate()
    fields.setdefault("starts_on", today - datetime.timedelta(days=365))
    fields.setdefault("ends_on", today + datetime.timedelta(days=365))
    agreement = AgreementFactory(municipality=municipality, published=True, **fields)
    SignatoryFactory(agreement=agreement, name="Anna Andersson", organisation="Kommunen")
    SignatoryFactory(agreement=agreement, name="Per Persson", organisation="Polisen")
    for f in range(focus_areas):
        focus_area = FocusAreaFactory(agreement=agreement, title=f"Fokusområde {f}", order=f)
        for p in range(promises):
            promise = PromiseFactory(focus_area=focus_area, title=f"Löfte {f}.{p}", order=p)
            IndicatorValueFactory(indicator=IndicatorFactory(promise=promise), value=93.5)
            for a in range(actions):
                action = ActionFactory(
                    promise=promise,
                    title=f"Åtgärd {f}.{p}.{a}",
                    target_quantity=1,
                    target_period=Action.TargetPeriod.MONTH,
                    target_unit="möten",
                    order=a,
                )
                for u in range(updates):
                    ProgressUpdateFactory(
                        action=action,
                        date=agreement.starts_on + datetime.timedelta(days=30 * (u + 1)),
                        text=f"Uppföljning {u} av {action.title}.",
                    )
    return agreement


@pytest.fixture
def published(db):
    """Kungsbacka with one published, running agreement with a promise and two updates."""
    municipality = MunicipalityFactory(name="Kungsbacka", slug="kungsbacka")
    today = timezone.localdate()
    agreement = AgreementFactory(
        municipality=municipality,
        published=True,
        title="Medborgarlöften Kungsbacka",
        summary="Det här lovar kommunen och polisen.",
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=500),
    )
    agreement.signed_document.save("avtal.pdf", ContentFile(b"%PDF-1.4\n%signed\n"))
    SignatoryFactory(agreement=agreement, name="Anna Andersson")
    focus_area = FocusAreaFactory(agreement=agreement, title="Trygghet i offentlig miljö")
    promise = PromiseFactory(
        focus_area=focus_area,
        title="Fler vuxna ute",
        text="Vi lovar fler vuxna vid resecentrum.",
        problem="Många känner sig otrygga vid resecentrum.",
    )
    action = ActionFactory(
        promise=promise,
        title="Samordna nattvandringar",
        owner=Action.Owner.MUNICIPALITY,
        responsible="Trygghetssamordnare",
        target_quantity=2,
        target_period=Action.TargetPeriod.TOTAL,
        target_unit="utbildningar",
    )
    older = ProgressUpdateFactory(
        action=action, date=today - datetime.timedelta(days=100), text="Första mötet hölls."
    )
    latest = ProgressUpdateFactory(
        action=action,
        date=today - datetime.timedelta(days=10),
        text="Andra mötet hölls i Badhusparken.",
        link="https://example.org/nattvandring",
    )
    latest.attachment.save("protokoll.pdf", ContentFile(b"%PDF-1.4\n%minutes\n"))
    return Published(
        municipality=municipality,
        agreement=agreement,
        promise=promise,
        action=action,
        latest=latest,
        older=older,
    )


@pytest.fixture
def english(client):
    """A client that reads the pages in English, whatever the Swedish catalogue says."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
