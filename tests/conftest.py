import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a throwaway folder, never the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
