import pytest
from django.utils import translation

from tests.factories import AreaFactory, MunicipalityFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a throwaway folder, never the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash test users' passwords cheaply; the production hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def english(client):
    """Run in English, for tests that check a message's content rather than its language.

    Both the test's own code and the pages the test client asks for are in English.
    """
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def kungsbacka(db):
    """Kungsbacka (1384), the demo's municipality, as most tests need one."""
    return MunicipalityFactory(name="Kungsbacka", code="1384", slug="kungsbacka")


@pytest.fixture
def onsala(kungsbacka):
    """Onsala, a district of Kungsbacka."""
    return AreaFactory(municipality=kungsbacka, name="Onsala")
