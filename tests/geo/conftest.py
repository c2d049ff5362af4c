import pytest

from tests.factories import MunicipalityFactory

from .shapes import kungsbacka_border


@pytest.fixture
def kungsbacka(db):
    return MunicipalityFactory(
        code="1384", name="Kungsbacka", slug="kungsbacka", border=kungsbacka_border()
    )
