import pytest

from tests.factories import AreaFactory, MunicipalityFactory


@pytest.fixture
def kungsbacka():
    return MunicipalityFactory(name="Kungsbacka", code="1384", slug="kungsbacka")


@pytest.fixture
def onsala(kungsbacka):
    return AreaFactory(municipality=kungsbacka, name="Onsala")
