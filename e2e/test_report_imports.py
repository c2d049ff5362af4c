"""The report-import pages in a real Chromium: a coordinator uploads a CSV file, maps its
columns and reads the summary; axe-core at desktop and phone width, screenshots."""

from io import StringIO

import pytest
from django.core.management import call_command

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
from tests.accounts.helpers import PASSWORD
from tests.factories import MunicipalityFactory, member
from trygg.situation.models import ImportRun
from trygg.tenancy.models import Role

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
CSV = (
    "Ärende;Datum;Kategori;Lat;Lon;Beskrivning\n"
    "F1;2025-03-14 21:40;Gatubelysning;57,50;12,10;Mörkt vid gångtunneln, lampan trasig\n"
    "F2;2025-03-15 22:10;Klotter;57,45;12,05;Klotter på busskuren vid resecentrum\n"
    "F3;i morgon;Klotter;57,45;12,05;\n"
    "F4;2025-03-16 01:00;Skadegörelse;59,30;18,00;Ring 070-123 45 67\n"
)


@pytest.fixture
def coordinator(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    kungsbacka = MunicipalityFactory(code="1384", name="Kungsbacka", slug="kungsbacka")
    return member(kungsbacka, Role.COORDINATOR, user__username="samordnare")


def check(page, name: str) -> None:
    assert_no_axe_violations(page)
    screenshot(page, name)


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_a_coordinator_adds_a_source_and_maps_a_files_columns(
    live_server, new_page, coordinator, width, tmp_path
):
    page = new_page(viewport=WIDTHS[width])
    sign_in(page, "samordnare", PASSWORD)
    page.goto("/staff/1384/lagesbild/kallor/")
    check(page, f"report-sources-empty-{width}")

    page.get_by_role("link", name="Lägg till en källa").click()
    page.get_by_label("Namn").fill("Felanmälan gatubelysning")
    check(page, f"report-source-new-{width}")
    page.get_by_role("button", name="Lägg till källan").click()

    path = tmp_path / "felanmälan.csv"
    path.write_bytes(CSV.encode("cp1252"))
    page.get_by_label("CSV-fil").set_input_files(str(path))
    check(page, f"report-upload-{width}")
    page.get_by_role("button", name="Ladda upp och välj kolumnerna").click()

    assert page.get_by_text("Läst som Windows-1252").is_visible()
    for role, column in [
        ("date", "Datum"),
        ("type", "Kategori"),
        ("latitude", "Lat"),
        ("longitude", "Lon"),
        ("id", "Ärende"),
        ("text", "Beskrivning"),
    ]:
        page.locator(f"#id_{role}_column").select_option(column)
    check(page, f"report-columns-{width}")
    page.get_by_role("button", name="Importera").click()

    assert page.get_by_text("Väntar på bakgrundsprocessen").is_visible()
    run = ImportRun.objects.get()
    assert run.source.columns.text_column == "Beskrivning"
    check(page, f"report-run-waiting-{width}")

    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, verbosity=0, stdout=StringIO()
    )
    page.reload()
    assert page.get_by_text(
        "Importerade 2 händelser (2 med en punkt) av 4 lästa rader"
    ).is_visible()
    assert page.get_by_role("cell", name="datumet ”i morgon” går inte att läsa").is_visible()
    check(page, f"report-run-done-{width}")

    page.get_by_role("link", name="Typer och kategorier").click()
    check(page, f"report-types-{width}")
    page.goto("/staff/1384/lagesbild/kallor/")
    check(page, f"report-sources-{width}")
