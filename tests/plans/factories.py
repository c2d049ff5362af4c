import datetime

import factory

from tests.factories import MunicipalityFactory
from trygg.plans.models import ActionPlan, Evidence, FollowUp, Measure, Problem
from trygg.tenancy.models import Organisation


def municipal(municipality) -> Organisation:
    """The municipality's own organisation, the one ``tests.factories.member`` uses."""
    return Organisation.objects.get_or_create(
        municipality=municipality,
        kind=Organisation.Kind.MUNICIPALITY,
        defaults={"name": f"{municipality} kommun"},
    )[0]


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    municipality = factory.SubFactory(MunicipalityFactory)
    situation_year = 2025
    title = factory.Sequence(lambda n: f"Otrygghet vid plats {n}")
    description = "Många nämner platsen som otrygg på kvällarna."
    staff_note = "Polisen har fått flera larm om bråk här."


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    problem = factory.SubFactory(ProblemFactory)
    kind = Evidence.Kind.SURVEY_FIGURE
    label = "Känner sig otrygga vid resecentrum"
    figure = "38 % (34–42 %)"
    source = "Trygghetsundersökningen 2025"
    public = True


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Åtgärdsplan {n}")
    first_year = 2026
    last_year = 2027

    class Params:
        decided = factory.Trait(
            status=ActionPlan.Status.DECIDED,
            decided_on=datetime.date(2025, 12, 1),
            decided_by="Styrgruppen",
        )


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Bättre belysning {n}")
    operational_goal = "Tio nya armaturer i tunneln före 1 oktober"
    starts_on = datetime.date(2026, 3, 1)
    ends_on = datetime.date(2026, 10, 1)
    responsible = factory.LazyAttribute(lambda measure: municipal(measure.plan.municipality))

    @factory.post_generation
    def problems(self, create, extracted, **kwargs):
        if create:
            self.problems.set(extracted or [ProblemFactory(municipality=self.plan.municipality)])


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    measure = factory.SubFactory(MeasureFactory, plan__decided=True)
    date = datetime.date(2026, 5, 1)
    status = "green"
    comment = "Armaturerna är beställda."
