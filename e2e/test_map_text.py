"""Area names are data: an imported name that looks like HTML is shown as text on the map."""

import pytest
from shapely.geometry import shape

from e2e.helpers import screenshot
from tests.factories import LAST_DAY, MunicipalityFactory
from tests.geo.shapes import collection_bytes, feature, kungsbacka_border
from trygg.dialogue import services
from trygg.geo.services import import_areas

pytestmark = pytest.mark.browser

# An attacker with a coordinator's account, or a poisoned file from a GIS export.
PAYLOAD = '<img src=x onerror="window.injected=1">Onsala'


@pytest.fixture
def survey(transactional_db):
    municipality = MunicipalityFactory(
        code="1384", name="Kungsbacka", slug="kungsbacka", border=kungsbacka_border()
    )
    whole = shape(kungsbacka_border())
    import_areas(municipality, collection_bytes(feature(whole, namn=PAYLOAD)), name_property="namn")
    survey = services.create_survey(
        municipality, year=2026, title="Trygghet i Kungsbacka", question_keys=["unsafe_places"]
    )
    return services.open_survey(survey, closes_on=LAST_DAY)


@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_an_area_name_with_markup_is_shown_as_literal_text_in_its_label(
    live_server, new_page, survey, viewport
):
    width, height = viewport
    page = new_page(viewport={"width": width, "height": height})
    page.goto(f"/kommun/kungsbacka/dialog/{survey.pk}/")
    page.get_by_role("link", name="Börja").click()
    canvas = page.locator(".place-map__canvas")
    canvas.wait_for(state="visible")
    # Area names are permanent labels (a phone has no hover).
    label = page.locator(".map-label--area")
    label.wait_for()

    assert label.inner_text() == PAYLOAD
    assert label.locator("img").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("() => window.injected") is None
    screenshot(page, f"map-text-tooltip-{width}")
