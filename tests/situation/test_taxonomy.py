"""The shipped taxonomy: every police event type in the shipped file has a category."""

import pytest

from trygg.situation.models import Category, TypeMapping, normalise_type
from trygg.situation.taxonomy import categories, police_event_types

from .conftest import raw_events

pytestmark = pytest.mark.django_db


def test_every_type_in_the_shipped_file_is_mapped_except_the_summaries():
    types = {row["type"] for row in raw_events()}
    mapped = set(TypeMapping.objects.values_list("type_key", flat=True))

    unmapped = {kind for kind in types if normalise_type(kind) not in mapped}

    assert unmapped == {kind for kind in types if kind.startswith("Sammanfattning")}
    assert len(types) == 97


def test_the_migration_loads_every_category_and_mapping_of_the_data_files():
    assert list(Category.objects.values_list("key", flat=True)) == [key for key, _ in categories()]
    assert TypeMapping.objects.count() == len(police_event_types())


def test_built_in_category_names_are_shown_in_swedish():
    assert str(Category.objects.get(key="violence")) == "Våld och hot"
