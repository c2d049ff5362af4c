"""Type mappings per source: a source's own mapping over its kind's default, over "other"."""

import re

import pytest
from django.urls import reverse

from tests.factories import MunicipalityFactory, UserFactory, member
from trygg.core.errors import DomainError
from trygg.situation.models import Category, Incident, ReportColumns, Source, TypeMapping
from trygg.situation.reports import (
    change_type_category,
    create_report_source,
    import_reports,
    reset_type_to_default,
    types_of_source,
)
from trygg.situation.services import import_police_events, police_events_source, recategorise
from trygg.tenancy.models import Role

from .conftest import event, json_lines, write

pytestmark = pytest.mark.django_db

HEADER = "Ärendenr;Datum;Kategori;Lat;Lon\n"
ROWS = [
    "A1;2025-03-14 21:40;Klotter;57,50;12,10",
    "A2;2025-03-15 07:05;Klotter;57,45;12,05",
    "A3;2025-03-16 22:00;Gatubelysning;57,45;12,05",
]
CONTENT = (HEADER + "".join(row + "\n" for row in ROWS)).encode()


def report_source(municipality, name: str = "Felanmälan") -> Source:
    source = create_report_source(municipality, name, Source.Kind.MUNICIPAL_REPORTS)
    ReportColumns.objects.create(
        source=source,
        id_column="Ärendenr",
        date_column="Datum",
        type_column="Kategori",
        latitude_column="Lat",
        longitude_column="Lon",
    )
    return source


def category(key: str) -> Category:
    return Category.objects.get(key=key)


def categories_of(source: Source, type_key: str = "klotter") -> set[str]:
    return set(
        Incident.objects.filter(source=source, type_key=type_key).values_list(
            "category__key", flat=True
        )
    )


def default(label: str, key: str) -> TypeMapping:
    return TypeMapping.objects.create(
        source_kind=Source.Kind.MUNICIPAL_REPORTS, type_label=label, category=category(key)
    )


@pytest.fixture
def varberg():
    return MunicipalityFactory(name="Varberg", code="1383", slug="varberg")


@pytest.fixture
def kungsbacka_source(kungsbacka) -> Source:
    return report_source(kungsbacka)


@pytest.fixture
def varberg_source(varberg) -> Source:
    return report_source(varberg)


def test_a_sources_override_beats_its_kinds_default(kungsbacka_source, varberg_source):
    default("Klotter", "public_order")
    TypeMapping.objects.create(
        source=kungsbacka_source, type_label="Klotter", category=category("vandalism")
    )

    import_reports(kungsbacka_source, CONTENT)
    import_reports(varberg_source, CONTENT)

    assert categories_of(kungsbacka_source) == {"vandalism"}
    assert categories_of(varberg_source) == {"public_order"}


def test_an_import_uses_the_default_and_creates_no_mapping_for_a_type_it_has(kungsbacka_source):
    default("Klotter", "vandalism")

    result = import_reports(kungsbacka_source, CONTENT)

    assert result.new_types == ["Gatubelysning"]
    assert not TypeMapping.objects.filter(source=kungsbacka_source, type_key="klotter").exists()
    assert categories_of(kungsbacka_source) == {"vandalism"}


def test_an_import_creates_the_new_types_for_its_source_only(kungsbacka_source, varberg_source):
    first = import_reports(kungsbacka_source, CONTENT)
    second = import_reports(varberg_source, CONTENT)

    assert first.new_types == second.new_types == ["Klotter", "Gatubelysning"]
    assert not TypeMapping.objects.defaults().filter(source_kind="municipal_reports").exists()
    for source in (kungsbacka_source, varberg_source):
        mapped = TypeMapping.objects.filter(source=source)
        assert sorted(mapped.values_list("type_key", "category__key", "source_kind")) == [
            ("gatubelysning", "other", "municipal_reports"),
            ("klotter", "other", "municipal_reports"),
        ]


def test_two_municipalities_map_the_same_type_differently(kungsbacka_source, varberg_source):
    import_reports(kungsbacka_source, CONTENT)
    import_reports(varberg_source, CONTENT)

    assert change_type_category(kungsbacka_source, "klotter", category("vandalism")).moved == 2
    assert change_type_category(varberg_source, "klotter", category("public_order")).moved == 2

    assert categories_of(kungsbacka_source) == {"vandalism"}
    assert categories_of(varberg_source) == {"public_order"}
    # The next file of each follows its own source's mapping.
    more = (HEADER + "A9;2025-04-01 10:00;klotter;57,5;12,1\n").encode()
    import_reports(kungsbacka_source, more)
    import_reports(varberg_source, more)
    assert categories_of(kungsbacka_source) == {"vandalism"}
    assert categories_of(varberg_source) == {"public_order"}


def test_a_changed_default_leaves_overridden_sources_alone(kungsbacka, varberg_source):
    mapping = default("Klotter", "other")
    kungsbacka_source = report_source(kungsbacka)
    own_source = report_source(kungsbacka, "Trygghetsrapporter")
    for source in (kungsbacka_source, varberg_source, own_source):
        import_reports(source, CONTENT)
    change_type_category(own_source, "klotter", category("public_order"))

    mapping.category = category("vandalism")
    mapping.save()
    moved = recategorise(mapping)

    assert moved == 4
    assert categories_of(kungsbacka_source) == categories_of(varberg_source) == {"vandalism"}
    assert categories_of(own_source) == {"public_order"}
    assert categories_of(kungsbacka_source, "gatubelysning") == {"other"}


def test_reset_to_default_gives_the_incidents_the_default_again(kungsbacka_source):
    default("Klotter", "vandalism")
    import_reports(kungsbacka_source, CONTENT)
    change_type_category(kungsbacka_source, "klotter", category("public_order"))

    change = reset_type_to_default(kungsbacka_source, "klotter")

    assert (change.type_label, change.category.key, change.moved) == ("Klotter", "vandalism", 2)
    assert not TypeMapping.objects.filter(source=kungsbacka_source).exclude(
        type_key="gatubelysning"
    )
    assert categories_of(kungsbacka_source) == {"vandalism"}
    assert reset_type_to_default(kungsbacka_source, "klotter").moved == 0


def test_reset_without_a_default_counts_the_type_as_other(kungsbacka_source):
    import_reports(kungsbacka_source, CONTENT)
    change_type_category(kungsbacka_source, "klotter", category("vandalism"))

    change = reset_type_to_default(kungsbacka_source, "klotter")

    assert (change.category.key, change.moved) == ("other", 2)
    assert categories_of(kungsbacka_source) == {"other"}
    row = next(row for row in types_of_source(kungsbacka_source) if row.type_key == "klotter")
    assert (row.override, row.default, row.category.key, row.incidents) == (None, None, "other", 2)


def test_a_type_the_source_does_not_have_is_refused(kungsbacka_source, varberg_source):
    import_reports(varberg_source, CONTENT)

    with pytest.raises(DomainError):
        change_type_category(kungsbacka_source, "klotter", category("vandalism"))
    with pytest.raises(DomainError):
        reset_type_to_default(kungsbacka_source, "klotter")
    assert not TypeMapping.objects.filter(source=kungsbacka_source).exists()


def test_the_police_import_follows_an_override_of_its_source(municipalities, tmp_path):
    TypeMapping.objects.create(
        source=police_events_source(), type_label="Trafikolycka", category=category("other")
    )

    import_police_events(write(tmp_path, json_lines([event(id=1)])))

    assert Incident.objects.get().category.key == "other"
    assert TypeMapping.objects.defaults().get(type_key="trafikolycka").category.key == (
        "traffic_accidents"
    )


# The staff page and the admin.


def types_url(source: Source) -> str:
    return reverse(
        "situation:types", kwargs={"municipality": source.municipality.code, "pk": source.pk}
    )


def test_the_page_shows_the_default_beside_the_sources_category(client, english, kungsbacka_source):
    default("Klotter", "vandalism")
    import_reports(kungsbacka_source, CONTENT)
    change_type_category(kungsbacka_source, "klotter", category("public_order"))
    client.force_login(member(kungsbacka_source.municipality, Role.COORDINATOR))

    page = client.get(types_url(kungsbacka_source)).content.decode()

    assert "Default for Municipal reports" in page
    rows = {
        re.search(r'<th scope="row">([^<]+)', row).group(1): row for row in page.split("<tr>")[2:]
    }
    assert list(rows) == ["Gatubelysning", "Klotter"]
    assert "Vandalism" in rows["Klotter"] and "Reset to the default" in rows["Klotter"]
    gatubelysning = rows["Gatubelysning"]
    assert "none (counts as Other)" in gatubelysning
    # Its own "other", made by the import: marked, and reset to no default.
    assert "(own category of this source)" in gatubelysning
    assert "Reset to the default" in gatubelysning
    assert "own category" in rows["Klotter"]
    assert f'<option value="{category("public_order").pk}" selected>' in rows["Klotter"]


def test_a_coordinator_maps_and_resets_a_type_and_a_repeat_is_harmless(
    client, english, kungsbacka_source, varberg_source
):
    default("Klotter", "vandalism")
    import_reports(kungsbacka_source, CONTENT)
    import_reports(varberg_source, CONTENT)
    client.force_login(member(kungsbacka_source.municipality, Role.COORDINATOR))
    post = {"type_key": "klotter", "category": category("public_order").pk}

    first = client.post(types_url(kungsbacka_source), post, follow=True)
    again = client.post(types_url(kungsbacka_source), post, follow=True)

    assert "2 incidents moved" in first.content.decode()
    assert "0 incidents moved" in again.content.decode()
    assert TypeMapping.objects.filter(source=kungsbacka_source, type_key="klotter").count() == 1
    assert categories_of(kungsbacka_source) == {"public_order"}
    assert categories_of(varberg_source) == {"vandalism"}

    reset = {"type_key": "klotter", "reset": "1"}
    first = client.post(types_url(kungsbacka_source), reset, follow=True)
    again = client.post(types_url(kungsbacka_source), reset, follow=True)

    assert "follows the default again, Vandalism; 2 incidents moved" in first.content.decode()
    assert "follows the default again, Vandalism; 0 incidents moved" in again.content.decode()
    assert categories_of(kungsbacka_source) == {"vandalism"}
    assert not TypeMapping.objects.filter(source=kungsbacka_source, type_key="klotter").exists()


def test_a_post_without_a_category_or_of_a_foreign_type_changes_nothing(
    client, english, kungsbacka_source
):
    import_reports(kungsbacka_source, CONTENT)
    client.force_login(member(kungsbacka_source.municipality, Role.COORDINATOR))
    before = list(TypeMapping.objects.values_list("pk", "category_id"))

    missing = client.post(types_url(kungsbacka_source), {"type_key": "klotter"}, follow=True)
    foreign = client.post(
        types_url(kungsbacka_source),
        {"type_key": "rån", "category": category("robbery").pk},
        follow=True,
    )

    assert "Choose a category for the type." in missing.content.decode()
    assert "The source has no incidents of that type." in foreign.content.decode()
    assert list(TypeMapping.objects.values_list("pk", "category_id")) == before


def test_another_municipalitys_coordinator_gets_404_and_changes_nothing(
    client, kungsbacka_source, varberg
):
    import_reports(kungsbacka_source, CONTENT)
    client.force_login(member(varberg, Role.COORDINATOR))
    post = {"type_key": "klotter", "category": category("vandalism").pk}

    assert client.get(types_url(kungsbacka_source)).status_code == 404
    assert client.post(types_url(kungsbacka_source), post).status_code == 404
    # Nor through their own municipality's address with the other's source.
    foreign = reverse(
        "situation:types", kwargs={"municipality": "1383", "pk": kungsbacka_source.pk}
    )
    assert client.post(foreign, post).status_code == 404
    assert categories_of(kungsbacka_source) == {"other"}


@pytest.fixture
def operator(client):
    client.force_login(UserFactory(username="drift", is_staff=True, is_superuser=True))


def test_the_operator_changes_a_default_in_the_admin_for_sources_without_an_override(
    client, operator, kungsbacka_source, varberg_source
):
    mapping = default("Klotter", "other")
    import_reports(kungsbacka_source, CONTENT)
    import_reports(varberg_source, CONTENT)
    change_type_category(kungsbacka_source, "klotter", category("public_order"))

    response = client.post(
        f"/admin/situation/typemapping/{mapping.pk}/change/",
        {"category": category("vandalism").pk},
    )

    assert response.status_code == 302
    assert categories_of(varberg_source) == {"vandalism"}
    assert categories_of(kungsbacka_source) == {"public_order"}


def test_a_mapping_added_in_the_admin_is_a_default(client, operator):
    client.post(
        "/admin/situation/typemapping/add/",
        {
            "source_kind": "municipal_reports",
            "type_label": "Klotter",
            "category": category("vandalism").pk,
        },
    )

    mapping = TypeMapping.objects.get(source_kind="municipal_reports", type_key="klotter")
    assert mapping.is_default


def test_an_override_deleted_in_the_admin_leaves_its_incidents_to_the_default(
    client, operator, kungsbacka_source
):
    default("Klotter", "vandalism")
    import_reports(kungsbacka_source, CONTENT)
    change_type_category(kungsbacka_source, "klotter", category("public_order"))
    override = TypeMapping.objects.get(source=kungsbacka_source, type_key="klotter")

    client.post(f"/admin/situation/typemapping/{override.pk}/delete/", {"post": "yes"})

    assert not TypeMapping.objects.filter(pk=override.pk).exists()
    assert categories_of(kungsbacka_source) == {"vandalism"}


def test_a_type_moved_to_another_category_queues_the_alerts_and_hotspots_of_its_municipality(
    kungsbacka, kungsbacka_source, varberg_source, django_capture_on_commit_callbacks
):
    from trygg.background.models import Job
    from trygg.situation.tasks import recompute_alerts, recompute_hotspots

    for source in (kungsbacka_source, varberg_source):
        import_reports(source, CONTENT)
    with django_capture_on_commit_callbacks(execute=True):
        change_type_category(kungsbacka_source, "klotter", category("vandalism"))
        # Nothing moves a second time: nothing more is queued.
        change_type_category(kungsbacka_source, "klotter", category("vandalism"))

    for task in (recompute_alerts, recompute_hotspots):
        assert [job.subject for job in Job.objects.filter(kind=task.module_path)] == [kungsbacka]
