"""Staff pages of report imports: sources, upload, columns, the job and its summary."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import MunicipalityFactory, UserFactory, member
from trygg.background.models import Job
from trygg.situation.models import (
    Category,
    ImportRun,
    Incident,
    ReportColumns,
    Source,
    TypeMapping,
)
from trygg.situation.reports import create_report_source, import_reports
from trygg.tenancy.models import Role

from .conftest import event_lines

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CONTENT = (
    "Ärende;Datum;Kategori;Lat;Lon;Text\n"
    "F1;2025-03-14 21:40;Gatubelysning;57,50;12,10;Mörkt vid tunneln\n"
    "F2;2025-03-15 22:10;Klotter;57,45;12,05;\n"
    "F3;i morgon;Klotter;57,45;12,05;\n"
    "F4;2025-03-16 01:00;Klotter;59,30;18,00;\n"
).encode("cp1252")
MAPPING = {
    "date_column": "Datum",
    "time_column": "",
    "type_column": "Kategori",
    "latitude_column": "Lat",
    "longitude_column": "Lon",
    "area_column": "",
    "id_column": "Ärende",
    "text_column": "Text",
    "encoding": "",
    "delimiter": "",
}


@pytest.fixture
def source(kungsbacka) -> Source:
    return create_report_source(kungsbacka, "Felanmälan", Source.Kind.MUNICIPAL_REPORTS)


@pytest.fixture
def coordinator(kungsbacka):
    return member(kungsbacka, Role.COORDINATOR)


def url(name: str, municipality, **kwargs) -> str:
    return reverse(f"situation:{name}", kwargs={"municipality": municipality.code, **kwargs})


def upload_file(client, source, content: bytes = CONTENT, **data) -> ImportRun:
    response = client.post(
        url("upload", source.municipality, pk=source.pk),
        {"file": SimpleUploadedFile("felanmälan.csv", content, "text/csv"), **data},
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("columns", source.municipality, pk=run.pk)
    return run


def test_the_urls_are_in_swedish_under_staff(source):
    assert url("sources", source.municipality) == "/staff/1384/lagesbild/kallor/"
    assert url("upload", source.municipality, pk=source.pk).endswith(
        f"/lagesbild/kallor/{source.pk}/importera/"
    )
    assert reverse("situation:police_upload") == "/staff/lagesbild/polisens-handelser/importera/"


def test_a_coordinator_creates_a_source_uploads_maps_and_imports(
    client, kungsbacka, coordinator, run_tasks
):
    client.force_login(coordinator)
    response = client.post(
        url("source_create", kungsbacka), {"name": "Felanmälan", "kind": "municipal_reports"}
    )
    source = Source.objects.get(municipality=kungsbacka)
    assert response["Location"] == url("upload", kungsbacka, pk=source.pk)

    run = upload_file(client, source)
    page = client.get(url("columns", kungsbacka, pk=run.pk))
    assert page.status_code == 200
    assert "Read as Windows-1252, separated by “;”" in page.content.decode()
    assert "Mörkt vid tunneln" in page.content.decode()

    response = client.post(url("columns", kungsbacka, pk=run.pk), MAPPING)
    assert response["Location"] == url("run", kungsbacka, pk=run.pk)
    assert ReportColumns.objects.get(source=source).id_column == "Ärende"
    job = Job.objects.get()
    assert job.status == Job.Status.QUEUED
    assert "Waiting for the background worker" in client.get(response["Location"]).content.decode()

    run_tasks()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert Incident.objects.filter(source=source).count() == 2
    stored = run.file.path
    run.refresh_from_db()
    assert not run.file and not Path(stored).exists()
    page = client.get(url("run", kungsbacka, pk=run.pk)).content.decode()
    assert "Imported 2 incidents (2 with a point) of 4 rows read" in page
    assert '<td class="numeric">4</td><td>the date “i morgon” cannot be read</td>' in page
    assert "the point lies outside Kungsbacka&#x27;s border" in page
    sources_page = client.get(url("sources", kungsbacka)).content.decode()
    assert "felanmälan" in sources_page and "Felanmälan" in sources_page


def test_the_next_file_starts_from_the_saved_mapping(client, source, coordinator):
    client.force_login(coordinator)
    ReportColumns.objects.create(source=source, **{**MAPPING, "text_column": ""})
    run = upload_file(client, source)

    form = client.get(url("columns", source.municipality, pk=run.pk)).context["form"]

    assert form.initial["type_column"] == "Kategori"
    assert form.initial["id_column"] == "Ärende"


def test_a_mapping_without_a_place_is_refused_on_the_form(client, source, coordinator):
    client.force_login(coordinator)
    run = upload_file(client, source)

    response = client.post(
        url("columns", source.municipality, pk=run.pk),
        {**MAPPING, "latitude_column": "", "longitude_column": ""},
    )

    assert response.status_code == 200
    assert "Choose the latitude and longitude columns or the area code column." in (
        response.content.decode()
    )
    assert not Job.objects.exists() and not ReportColumns.objects.exists()


def test_a_file_that_is_not_csv_is_said_so_on_the_columns_page(client, source, coordinator):
    client.force_login(coordinator)
    run = upload_file(client, source, b"PK\x03\x04\x00\x00")

    response = client.get(url("columns", source.municipality, pk=run.pk))

    assert "The file is not a CSV text file" in response.content.decode()
    assert "form" not in response.context


def test_a_dry_run_job_stores_nothing_and_says_so(client, source, coordinator, run_tasks):
    client.force_login(coordinator)
    run = upload_file(client, source, dry_run="on")
    client.post(url("columns", source.municipality, pk=run.pk), MAPPING)

    run_tasks()

    page = client.get(url("run", source.municipality, pk=run.pk)).content.decode()
    assert "Would import 2 incidents" in page
    assert not Incident.objects.exists()


def test_an_unreadable_file_fails_the_job_and_stores_nothing(
    client, source, coordinator, run_tasks
):
    client.force_login(coordinator)
    rows = "".join(f"N{n};2025-03-14 21:40;Klotter;57,5;12,1;\n" for n in range(3000))
    content = ("Ärende;Datum;Kategori;Lat;Lon;Text\n" + rows).encode() + b"X;\xff\xfe;;;;\n"
    run = upload_file(client, source, content)
    client.post(url("columns", source.municipality, pk=run.pk), MAPPING)

    run_tasks()

    job = Job.objects.get()
    run.refresh_from_db()
    assert not run.file
    assert job.status == Job.Status.FAILED
    assert "cannot be read as UTF-8 text from about line" in job.message
    assert not Incident.objects.exists()
    assert "Failed on" in client.get(url("run", source.municipality, pk=run.pk)).content.decode()


def test_a_coordinator_moves_a_type_to_another_category(client, source, coordinator):
    ReportColumns.objects.create(source=source, **MAPPING)
    import_reports(source, CONTENT)
    client.force_login(coordinator)
    types_url = url("types", source.municipality, pk=source.pk)
    assert "Klotter" in client.get(types_url).content.decode()

    vandalism = Category.objects.get(key="vandalism")
    response = client.post(types_url, {"type_key": "klotter", "category": vandalism.pk})

    assert response["Location"] == types_url
    assert Incident.objects.get(external_id="F2").category == vandalism


def test_an_analyst_sees_the_types_but_may_not_change_them(client, source):
    ReportColumns.objects.create(source=source, **MAPPING)
    import_reports(source, CONTENT)
    client.force_login(member(source.municipality, Role.ANALYST))
    types_url = url("types", source.municipality, pk=source.pk)
    vandalism = Category.objects.get(key="vandalism")

    assert "<select" not in client.get(types_url).content.decode()
    response = client.post(types_url, {"type_key": "klotter", "category": vandalism.pk})
    assert response.status_code == 403
    assert not TypeMapping.objects.filter(source=source, category=vandalism).exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("sources", "get"),
        ("source_create", "get"),
        ("upload", "get"),
        ("types", "get"),
        ("columns", "get"),
        ("run", "get"),
    ],
)
def test_another_municipalitys_member_gets_404_and_a_resident_is_sent_to_sign_in(
    client, source, name, method
):
    run = ImportRun.objects.create(
        source=source, source_kind=source.kind, file_name="x.csv", dry_run=False
    )
    kwargs = {"pk": run.pk if name in {"columns", "run"} else source.pk}
    if name in {"sources", "source_create"}:
        kwargs = {}
    target = url(name, source.municipality, **kwargs)
    grannby = MunicipalityFactory(name="Grannby", code="9998", slug="grannby")

    response = getattr(client, method)(target)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse(settings.LOGIN_URL)}?next=")
    client.force_login(member(grannby, Role.COORDINATOR))
    assert getattr(client, method)(target).status_code == 404
    client.force_login(UserFactory())
    assert getattr(client, method)(target).status_code == 404


def test_a_member_without_the_role_may_look_but_not_import(client, source):
    client.force_login(member(source.municipality, Role.MODERATOR))

    assert client.get(url("sources", source.municipality)).status_code == 200
    assert client.get(url("upload", source.municipality, pk=source.pk)).status_code == 403
    assert client.get(url("source_create", source.municipality)).status_code == 403


def test_the_operator_uploads_the_police_events_and_follows_the_job(
    client, municipalities, run_tasks
):
    operator = UserFactory(is_staff=True)
    client.force_login(operator)
    content = b"".join(event_lines(300))

    response = client.post(
        reverse("situation:police_upload"),
        {"file": SimpleUploadedFile("events.jsonl", content, "application/json")},
    )
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("situation:police_run", kwargs={"pk": run.pk})

    run_tasks()

    run.refresh_from_db()
    page = client.get(response["Location"]).content.decode()
    assert f"Imported {run.summary['imported']} incidents of 300 events read" in page
    assert Incident.objects.count() == run.summary["imported"] > 100


def test_only_the_operator_imports_police_events(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.ADMIN))
    assert client.get(reverse("situation:police_upload")).status_code == 403
    client.logout()
    assert client.get(reverse("situation:police_upload")).status_code == 302
