"""The hotspot page, its GeoJSON and "compute now"; the recompute queued by new data."""

import re

import h3
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import MunicipalityFactory, member
from trygg.background.models import Job
from trygg.background.services import enqueue
from trygg.geo.models import Landmark
from trygg.situation.hotspots import HotspotTable, municipality_hotspots, recompute_hotspots
from trygg.situation.models import HotspotSnapshot, ImportRun, ReportColumns
from trygg.situation.reports import create_report_source
from trygg.situation.tasks import import_report_file
from trygg.situation.tasks import recompute_hotspots as recompute_task
from trygg.tenancy.models import Role

from .hotspot_planting import CLUSTER, DARK_PATH, YEAR, respond

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _rules(settings):
    settings.TRYGG_MAP_MIN_CELL_COUNT = 3


def url(name, municipality, query=""):
    return reverse(f"situation:{name}", kwargs={"municipality": municipality.code}) + query


def test_the_page_shows_the_priority_places_and_every_hot_cell_in_tables(client, planted):
    recompute_hotspots(planted, year=YEAR)
    client.force_login(member(planted, Role.VIEWER))

    page = client.get(url("hotspots", planted)).content.decode()

    assert "Priority places" in page
    assert "Dark or poor lighting (6)" in page and "Evening (6)" in page
    for cell in municipality_hotspots(planted, year=YEAR).layer("reports").hot:
        assert cell.cell_id in page
    assert "No data have arrived since." in page
    # Viewers see the map but may not compute.
    assert "Compute now" not in page


def test_the_tables_list_hot_cells_hottest_first_named_and_fold_after_the_first_twenty(
    client, planted, monkeypatch
):
    recompute_hotspots(planted, year=YEAR)
    hotspots = municipality_hotspots(planted, year=YEAR)
    hottest = max(hotspots.layer("reports").hot, key=lambda cell: cell.z)
    latitude, longitude = h3.cell_to_latlng(hottest.cell_id)
    Landmark.objects.create(
        municipality=planted, name="Mörka gångvägen", latitude=latitude, longitude=longitude
    )
    monkeypatch.setattr(HotspotTable, "SHOWN", 2)
    client.force_login(member(planted, Role.VIEWER))

    response = client.get(url("hotspots", planted))

    tables = {table.layer.key: table for table in response.context["tables"]}
    reports = tables["reports"]
    assert [cell for cell, _name in reports.rows] == sorted(
        hotspots.layer("reports").hot, key=lambda cell: -cell.z
    ) + sorted(hotspots.layer("reports").cold, key=lambda cell: cell.z)
    assert len(reports.first) == 2 and reports.rest == reports.rows[2:]
    page = response.content.decode()
    assert f"{len(reports.rest)} more cell" in page
    assert reports.rows[0] == (hottest, "Mörka gångvägen")
    # No q-value in scientific notation (floatformat printed "1.33e-305").
    assert not re.search(r"\de-\d", page.split('id="layer-reports-caption"')[1])


def test_the_page_says_when_newer_data_arrived_and_when_nothing_is_computed(
    client, planted, hotspot_survey
):
    client.force_login(member(planted, Role.ANALYST))
    assert "have not been computed yet" in client.get(url("hotspots", planted)).content.decode()

    recompute_hotspots(planted, year=YEAR)
    respond(hotspot_survey, [])
    respond(
        hotspot_survey,
        [{"latitude": 57.5, "longitude": 12.1, "reasons": ["dark"], "times": ["night"]}],
    )

    page = client.get(url("hotspots", planted)).content.decode()
    assert "Newer data have arrived since" in page
    assert "A recompute is waiting to run." in page
    assert "Compute now" in page


def test_the_geojson_has_the_hot_cells_per_layer_and_the_ranked_places(client, planted):
    recompute_hotspots(planted, year=YEAR)
    client.force_login(member(planted, Role.VIEWER))

    collection = client.get(url("hotspot_cells", planted, f"?year={YEAR}")).json()

    hot = {
        (f["properties"]["layer"], f["properties"]["cell"])
        for f in collection["features"]
        if f["properties"]["kind"] == "hotspot" and f["properties"]["state"] == "hot"
    }
    assert {(layer, h3.int_to_str(CLUSTER)) for layer in ("places", "reports", "combined")} <= hot
    ranked = [
        f["properties"] for f in collection["features"] if f["properties"]["kind"] == "priority"
    ]
    assert ranked[0]["rank"] == 1 and ranked[0]["cell"] == h3.int_to_str(CLUSTER)
    assert h3.int_to_str(DARK_PATH) in {p["cell"] for p in ranked}


def test_compute_now_queues_one_recompute_and_the_worker_stores_it(client, planted, run_tasks):
    client.force_login(member(planted, Role.COORDINATOR))
    Job.objects.of(recompute_task, planted).delete()

    response = client.post(url("hotspot_compute", planted))
    client.post(url("hotspot_compute", planted))

    assert response["Location"] == url("hotspots", planted)
    assert Job.objects.of(recompute_task, planted).queued().count() == 1
    run_tasks()
    assert Job.objects.of(recompute_task, planted).get().status == Job.Status.SUCCEEDED
    assert HotspotSnapshot.objects.get(municipality=planted).year == YEAR


def test_another_municipalitys_member_gets_404_and_a_viewer_cannot_compute(client, planted):
    varberg = MunicipalityFactory(code="1383", name="Varberg", slug="varberg")
    client.force_login(member(varberg, Role.COORDINATOR))
    assert client.get(url("hotspots", planted)).status_code == 404
    assert client.post(url("hotspot_compute", planted)).status_code == 404

    client.force_login(member(planted, Role.VIEWER))
    assert client.post(url("hotspot_compute", planted)).status_code == 403


def test_a_stored_response_queues_the_recompute(planted, hotspot_survey):
    Job.objects.of(recompute_task, planted).delete()

    respond(hotspot_survey, [])

    assert Job.objects.of(recompute_task, planted).queued().count() == 1


CSV = (
    "Ärende;Datum;Kategori;Lat;Lon\n"
    + "".join(f"B{i};2025-03-{10 + i} 21:40;Trasig belysning;57,45;12,05\n" for i in range(4))
).encode()


def test_a_report_import_queues_the_recompute_and_the_worker_counts_the_lighting_faults(
    kungsbacka, run_tasks
):
    source = create_report_source(kungsbacka, "Felanmälan", "municipal_reports")
    ReportColumns.objects.create(
        source=source,
        date_column="Datum",
        type_column="Kategori",
        latitude_column="Lat",
        longitude_column="Lon",
        id_column="Ärende",
    )
    run = ImportRun(source=source, source_kind=source.kind, file_name="felanmalan.csv")
    run.file.save("felanmalan.csv", ContentFile(CSV), save=True)
    enqueue(import_report_file, run)

    run_tasks()

    job = Job.objects.of(recompute_task, kungsbacka).get()
    assert job.status == Job.Status.SUCCEEDED, job.message
    hotspots = municipality_hotspots(kungsbacka, year=YEAR)
    assert hotspots.sources.incidents == 4
    assert hotspots.sources.lighting_faults == 4
    assert [cell.records for cell in hotspots.layer("reports").cells if cell.records] == [4]
