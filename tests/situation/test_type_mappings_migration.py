"""Migration 0007: the kind-wide mappings CSV imports made become their sources' overrides."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("situation", "0006_lagesbild")]
AFTER = [("situation", "0007_source_type_mappings")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    # Back to the latest state, for the tests that follow.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_imported_mappings_become_overrides_and_the_police_defaults_stay(old_apps):
    Municipality = old_apps.get_model("tenancy", "Municipality")
    Source = old_apps.get_model("situation", "Source")
    Category = old_apps.get_model("situation", "Category")
    TypeMapping = old_apps.get_model("situation", "TypeMapping")
    Incident = old_apps.get_model("situation", "Incident")
    kungsbacka = Municipality.objects.create(code="1384", name="Kungsbacka", slug="k")
    varberg = Municipality.objects.create(code="1383", name="Varberg", slug="v")
    ours = Source.objects.create(kind="municipal_reports", name="F", municipality=kungsbacka)
    theirs = Source.objects.create(kind="municipal_reports", name="F", municipality=varberg)
    vandalism, other = Category.objects.get(key="vandalism"), Category.objects.get(key="other")
    klotter = TypeMapping.objects.create(
        source_kind="municipal_reports",
        type_key="klotter",
        type_label="Klotter",
        category=vandalism,
    )
    TypeMapping.objects.create(
        source_kind="municipal_reports", type_key="ras", type_label="Ras", category=other
    )
    police = TypeMapping.objects.filter(source_kind="police_events").count()
    for number, source in enumerate([ours, theirs, ours]):
        Incident.objects.create(
            source=source,
            external_id=str(number),
            municipality=source.municipality,
            county_code="13",
            occurred_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
            type="Klotter",
            type_key="klotter",
            category=vandalism,
            precision="municipality",
        )

    apps = migrate(AFTER)

    TypeMapping = apps.get_model("situation", "TypeMapping")
    assert not TypeMapping.objects.filter(pk=klotter.pk).exists()
    assert sorted(
        TypeMapping.objects.filter(type_key="klotter").values_list(
            "source_id", "source_kind", "type_label", "category__key"
        )
    ) == sorted(
        [
            (ours.pk, "municipal_reports", "Klotter", "vandalism"),
            (theirs.pk, "municipal_reports", "Klotter", "vandalism"),
        ]
    )
    # No incident has "Ras": the operator's default, it stays one.
    assert TypeMapping.objects.get(type_key="ras").source_id is None
    defaults = TypeMapping.objects.filter(source_kind="police_events", source__isnull=True)
    assert defaults.count() == police

    apps = migrate(BEFORE)

    TypeMapping = apps.get_model("situation", "TypeMapping")
    assert list(
        TypeMapping.objects.filter(type_key="klotter").values_list("source_kind", "category__key")
    ) == [("municipal_reports", "vandalism")]
