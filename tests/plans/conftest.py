import pytest

from tests.factories import (
    ActionFactory,
    AgreementFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PromiseFactory,
    member,
)
from trygg.tenancy.models import Organisation, Role

from .factories import ActionPlanFactory, MeasureFactory, ProblemFactory


@pytest.fixture
def municipality():
    return MunicipalityFactory(name="Kungsbacka", code="1384", slug="kungsbacka")


@pytest.fixture
def coordinator(municipality):
    return member(
        municipality, Role.COORDINATOR, user__first_name="Kim", user__last_name="Samordnare"
    )


@pytest.fixture
def agreement(municipality):
    return AgreementFactory(municipality=municipality, published=True)


@pytest.fixture
def promise(agreement):
    return PromiseFactory(focus_area=FocusAreaFactory(agreement=agreement), title="Trygga platser")


@pytest.fixture
def police(agreement):
    return OrganisationFactory(
        kind=Organisation.Kind.POLICE,
        municipality=None,
        police_area=agreement.police_area,
        name="Lokalpolisområde Kungsbacka",
    )


@pytest.fixture
def problem(municipality):
    return ProblemFactory(municipality=municipality, title="Otrygghet i gångtunnlarna")


@pytest.fixture
def draft_plan(municipality):
    return ActionPlanFactory(municipality=municipality, title="Åtgärdsplan 2026–2027")


@pytest.fixture
def measure(draft_plan, problem, coordinator):
    return MeasureFactory(plan=draft_plan, problems=[problem])


@pytest.fixture
def decided_measure(municipality, problem, coordinator):
    return MeasureFactory(
        plan=ActionPlanFactory(municipality=municipality, decided=True), problems=[problem]
    )


@pytest.fixture
def action(promise):
    return ActionFactory(promise=promise, title="Polisiär närvaro i tunnlarna")
