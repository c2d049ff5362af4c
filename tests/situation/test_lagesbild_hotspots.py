"""The lägesbild's Analys shows the stored hotspots and priority places, publicly only
what the map's minimum allows."""

import pytest

from trygg.dialogue.models import Survey
from trygg.situation.hotspots import recompute_hotspots
from trygg.situation.lagesbild import as_json, build_lagesbild

from .hotspot_planting import YEAR

pytestmark = pytest.mark.django_db


def test_without_hotspots_the_lagesbild_says_they_are_not_computed(planted):
    analys = as_json(build_lagesbild(planted, YEAR, public=False))["analys"]
    assert analys["hotspots"] is None and analys["priority_places"] == []
    note = next(note for note in analys["sources"] if note["key"] == "hotspots")
    assert not note["used"]


def test_the_staff_lagesbild_names_the_hot_cells_and_the_priority_places(planted):
    recompute_hotspots(planted, year=YEAR)
    analys = as_json(build_lagesbild(planted, YEAR, public=False))["analys"]

    layers = {layer["key"]: layer for layer in analys["hotspots"]["layers"]}
    assert set(layers) == {"places", "reports", "combined"}
    assert layers["reports"]["hot"] >= 1
    hottest = layers["reports"]["hottest"]
    assert [cell["z"] for cell in hottest] == sorted((cell["z"] for cell in hottest), reverse=True)
    first = analys["priority_places"][0]
    assert first["rank"] == 1 and first["respondents"] >= 6
    assert any(reason.startswith("Mörkt") for reason in first["reasons"])
    note = next(note for note in analys["sources"] if note["key"] == "hotspots")
    assert note["used"] and note["records"] == analys["hotspots"]["covering_cells"]


def test_the_public_lagesbild_has_no_hotspot_cell_or_place_under_the_minimum(
    planted, hotspot_survey, settings
):
    # Published only from a closed survey the threshold's respondents answered.
    settings.TRYGG_SUPPRESSION_THRESHOLD = 5
    Survey.objects.filter(pk=hotspot_survey.pk).update(status=Survey.Status.CLOSED)
    recompute_hotspots(planted, year=YEAR)
    minimum = max(settings.TRYGG_MAP_MIN_CELL_COUNT, 3)
    analys = as_json(build_lagesbild(planted, YEAR, public=True))["analys"]

    for layer in analys["hotspots"]["layers"]:
        assert all(cell["records"] >= minimum for cell in layer["hottest"])
    assert analys["priority_places"]
    for place in analys["priority_places"]:
        assert place["respondents"] >= minimum
        assert all(
            int(reason.rsplit("(", 1)[1].rstrip(")")) >= minimum for reason in place["reasons"]
        )
