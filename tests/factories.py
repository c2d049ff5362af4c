"""factory_boy factories shared by every test module."""

import datetime
import uuid

import factory
from django.contrib.auth import get_user_model

from trygg.dialogue import services as dialogue_services
from trygg.dialogue.models import Response, Survey
from trygg.dialogue.submission import submit_response
from trygg.geo.models import Area
from trygg.promises.models import (
    Action,
    Agreement,
    EvidenceLink,
    FocusArea,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    Promise,
    Signatory,
)
from trygg.tenancy.models import Membership, Municipality, Organisation, PoliceArea, Role

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[12.0, 57.4], [12.2, 57.4], [12.2, 57.6], [12.0, 57.6], [12.0, 57.4]]],
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.se")
    password = factory.django.Password("correct horse battery staple")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    # Four digits, none a real kommunkod (those end at 2584); the sequence wraps after
    # 7,000 so that a long run never makes a fifth digit.
    code = factory.Sequence(lambda n: f"{3000 + n % 7000:04d}")
    name = factory.Sequence(lambda n: f"Exempelkommun {n}")
    slug = factory.Sequence(lambda n: f"exempelkommun-{n}")
    county_code = "13"
    border = SQUARE


class PoliceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliceArea
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Lokalpolisområde {n}")
    region = "Väst"

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.add(*extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.LazyAttribute(lambda org: f"{org.municipality} kommun")
    kind = Organisation.Kind.MUNICIPALITY
    municipality = factory.SubFactory(MunicipalityFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COORDINATOR


def member(municipality: Municipality, role: str = Role.COORDINATOR, **user_fields):
    """A user with ``role`` in ``municipality``'s own organisation."""
    organisation, _ = Organisation.objects.get_or_create(
        municipality=municipality,
        kind=Organisation.Kind.MUNICIPALITY,
        defaults={"name": f"{municipality} kommun"},
    )
    return MembershipFactory(organisation=organisation, role=role, **user_fields).user


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Område {n}")
    geometry = SQUARE


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    municipality = factory.SubFactory(MunicipalityFactory)
    police_area = factory.LazyAttribute(
        lambda agreement: PoliceAreaFactory(municipalities=[agreement.municipality])
    )
    title = factory.Sequence(lambda n: f"Medborgarlöften {n}")
    summary = "Kommunen och polisen lovar invånarna detta."
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2027, 12, 31)
    status = Agreement.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Agreement.Status.SIGNED,
            signed_on=datetime.date(2025, 12, 15),
            published_at=factory.LazyFunction(
                lambda: datetime.datetime(2025, 12, 16, 9, tzinfo=datetime.UTC)
            ),
        )


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    agreement = factory.SubFactory(AgreementFactory)
    name = "Anna Andersson"
    title = "Kommunstyrelsens ordförande"
    organisation = "Kommunen"


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Fokusområde {n}")


class PromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promise

    focus_area = factory.SubFactory(FocusAreaFactory)
    title = factory.Sequence(lambda n: f"Löfte {n}")
    text = "Vi lovar att fler vuxna ska finnas ute på kvällarna."
    problem = "Många känner sig otrygga vid resecentrum."


class EvidenceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceLink

    promise = factory.SubFactory(PromiseFactory)
    title = "Trygghetsmätning 2020"
    url = "https://www.example.se/trygghetsmatning-2020"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    promise = factory.SubFactory(PromiseFactory)
    title = factory.Sequence(lambda n: f"Åtgärd {n}")
    owner = Action.Owner.POLICE
    responsible = "Kommunpolis"
    starts_on = factory.LazyAttribute(lambda action: action.promise.focus_area.agreement.starts_on)
    due_on = factory.LazyAttribute(lambda action: action.promise.focus_area.agreement.ends_on)
    status = Action.Status.ONGOING


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    date = factory.LazyAttribute(lambda update: update.action.starts_on)
    text = "Trafikkontroll vid skolan."
    quantity = 1


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    promise = factory.SubFactory(PromiseFactory)
    name = "Andel som känner sig trygga"
    definition = "Andel som svarar mycket eller ganska trygg i trygghetsundersökningen."
    unit = "%"
    baseline_value = 92
    baseline_on = datetime.date(2020, 10, 1)
    target_value = 95
    target_on = datetime.date(2027, 10, 1)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    measured_on = datetime.date(2026, 10, 1)
    value = 93


# A point inside Kungsbacka's border (the ``kungsbacka`` fixture), for place marks.
INSIDE_KUNGSBACKA = {"latitude": 57.5, "longitude": 12.1}
# The last day to answer that tests open surveys with: never in the past.
LAST_DAY = datetime.date(2099, 12, 31)


class SurveyFactory(factory.django.DjangoModelFactory):
    """A survey made as a coordinator makes one: by the service, from the question bank.

    ``status`` open or closed takes it through opening (and closing), so that it is in
    the state the staff pages would have left it in.
    """

    class Meta:
        model = Survey

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2026
    title = factory.Sequence(lambda n: f"Trygghetsundersökning {n}")
    question_keys = ("feel_safe",)
    status = Survey.Status.DRAFT

    @classmethod
    def _create(cls, model_class, *, municipality, year, title, question_keys, status):
        survey = dialogue_services.create_survey(
            municipality, year=year, title=title, question_keys=question_keys
        )
        if status != Survey.Status.DRAFT:
            survey = dialogue_services.open_survey(survey, closes_on=LAST_DAY)
        if status == Survey.Status.CLOSED:
            survey = dialogue_services.close_survey(survey)
        return survey


class ResponseFactory(factory.django.DjangoModelFactory):
    """A response stored by the one write path (``submit_response``), as a resident's is.

    ``answers`` maps question keys to answers as a form sends them.
    """

    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory, status=Survey.Status.OPEN)
    answers = factory.LazyFunction(dict)
    channel = Response.Channel.OPEN
    flagged = False

    @classmethod
    def _create(cls, model_class, *, survey, answers, channel, flagged):
        return submit_response(
            survey, answers, channel=channel, submission_key=uuid.uuid4(), flagged=flagged
        )
