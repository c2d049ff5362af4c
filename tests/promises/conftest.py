import pytest

from tests.factories import ActionFactory
from trygg.promises.models import Action


@pytest.fixture
def signed_action():
    """A weekly traffic check under a published agreement, as residents follow it."""
    return ActionFactory(
        promise__focus_area__agreement__published=True,
        target_quantity=1,
        target_period=Action.TargetPeriod.WEEK,
        target_unit="trafikkontroller",
    )
