"""The public lägesbild's hotspots and priority places: only what a reader may see, and
nothing a reader could compute back (an open survey's places, a figure hidden as 0)."""

import datetime as dt
import subprocess

import h3.api.basic_int as h3_int
import pytest
from django.urls import reverse
from django.utils import translation

from trygg.dialogue import services
from trygg.dialogue.models import Survey
from trygg.reports.pdf import html_to_pdf
from trygg.situation.hotspots import recompute_hotspots
from trygg.situation.lagesbild import as_json, build_lagesbild
from trygg.situation.report import report_html

from .hotspot_planting import CLUSTER, DARK_PATH, YEAR, report
from .lagesbild_data import category_years, publish, report_context

pytestmark = pytest.mark.django_db

ALL_LAYERS = ["places", "reports", "combined"]
WITHHELD = "Invånarnas otrygga platser är utelämnade ur hotspotanalysen"


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.TRYGG_MAP_MIN_CELL_COUNT = 3
    # The planted survey has ten respondents who are not flagged.
    settings.TRYGG_SUPPRESSION_THRESHOLD = 5


def close(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)


@pytest.fixture
def dark_path_reports(planted, hotspot_reports):
    """Three more reports on the dark path: four, one of them its lighting fault."""
    report(hotspot_reports, DARK_PATH, 3)
    return planted


def analys(municipality, *, public: bool) -> dict:
    return as_json(build_lagesbild(municipality, YEAR, public=public))["analys"]


def public_page(client, municipality) -> str:
    publish(municipality, YEAR, on=dt.date(2026, 1, 15))
    url = reverse("portal:lagesbild", kwargs={"municipality": municipality.slug, "year": YEAR})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    return response.content.decode()


def test_an_open_surveys_places_are_not_in_the_public_hotspots(client, planted):
    recompute_hotspots(planted, year=YEAR)

    staff = analys(planted, public=False)
    public = analys(planted, public=True)

    assert [layer["key"] for layer in staff["hotspots"]["layers"]] == ALL_LAYERS
    assert staff["priority_places"]
    assert [layer["key"] for layer in public["hotspots"]["layers"]] == ["reports"]
    assert public["priority_places"] == []
    assert public["hotspots"]["residents_withheld"] is True
    page = public_page(client, planted)
    assert WITHHELD in page
    assert "Ingen prioriterad plats" not in page, "not that there is none: they are left out"
    assert "Invånarnas otrygga platser</th>" not in page, "no row of the places layer"


def test_a_closed_survey_under_the_threshold_leaves_its_places_out(
    planted, hotspot_survey, settings
):
    close(hotspot_survey)
    settings.TRYGG_SUPPRESSION_THRESHOLD = 11
    recompute_hotspots(planted, year=YEAR)

    public = analys(planted, public=True)

    assert [layer["key"] for layer in public["hotspots"]["layers"]] == ["reports"]
    assert public["priority_places"] == []


def test_two_surveys_of_the_year_leave_the_places_out(planted, hotspot_survey):
    # Each survey's own map is published; their sum per cell would give one away.
    close(hotspot_survey)
    other = services.create_survey(
        planted, year=YEAR, title="Trygghet i centrum", question_keys=["unsafe_places"]
    )
    close(other)
    recompute_hotspots(planted, year=YEAR)

    assert [layer["key"] for layer in analys(planted, public=True)["hotspots"]["layers"]] == [
        "reports"
    ]


def test_a_closed_surveys_places_are_published_with_the_priority_places(planted, hotspot_survey):
    close(hotspot_survey)
    recompute_hotspots(planted, year=YEAR)

    public = analys(planted, public=True)

    assert [layer["key"] for layer in public["hotspots"]["layers"]] == ALL_LAYERS
    assert public["hotspots"]["residents_withheld"] is False
    assert public["priority_places"][0]["cell"] == h3_int.int_to_str(CLUSTER)


def test_a_survey_renamed_after_the_hotspots_keeps_its_places_published(planted, hotspot_survey):
    close(hotspot_survey)
    recompute_hotspots(planted, year=YEAR)
    Survey.objects.filter(pk=hotspot_survey.pk).update(title="Trygghetsundersökning (rättad)")

    public = analys(planted, public=True)

    assert [layer["key"] for layer in public["hotspots"]["layers"]] == ALL_LAYERS
    assert public["priority_places"]


def test_a_hidden_lighting_figure_is_said_to_be_fewer_than_three_never_zero(
    client, dark_path_reports, hotspot_survey
):
    close(hotspot_survey)
    recompute_hotspots(dark_path_reports, year=YEAR)
    dark = h3_int.int_to_str(DARK_PATH)

    staff = {p["cell"]: p for p in analys(dark_path_reports, public=False)["priority_places"]}
    public = {p["cell"]: p for p in analys(dark_path_reports, public=True)["priority_places"]}

    assert (staff[dark]["incidents"], staff[dark]["lighting_faults"]) == (4, 1)
    assert (public[dark]["incidents"], public[dark]["lighting_faults"]) == (4, None)
    page = public_page(client, dark_path_reports)
    assert "3 svarande markerade den; 4 rapporter, varav färre än 3 belysningsfel." in page
    assert "varav 0 belysningsfel" not in page
    assert "Bara celler med minst 3 svarande eller rapporter räknas och namnges." in page


def test_the_report_cells_are_named_by_their_place_not_their_h3_index(client, planted):
    public = build_lagesbild(planted, YEAR, public=True).kartlaggning.municipal_reports

    # Their area, with the locality where one lies within its radius.
    assert public.cells
    assert {cell.area for cell in public.cells} <= {"Centrum", "Centrum, Kungsbacka"}
    page = public_page(client, planted)
    assert '<th scope="col">Plats</th>' in page
    assert not [cell.cell for cell in public.cells if cell.cell in page]


def test_a_table_over_two_pdf_pages_prints_its_total_once_after_its_last_row(lagesbild_planted):
    # Forty categories: the table breaks over a page, and the total must not stand
    # under the first page's rows as if it were their sum.
    figures = as_json(build_lagesbild(lagesbild_planted, 2026, public=True, language="sv"))
    figures["kartlaggning"]["years"] = category_years(40)
    context = report_context(lagesbild_planted, figures)
    with translation.override("sv"):
        pdf = html_to_pdf(report_html(None, context, pdf=True))

    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()
    pages = text.split("\f")
    first = next(i for i, page in enumerate(pages) if "Kategori 0 " in page)
    last = next(i for i, page in enumerate(pages) if "Kategori 39 " in page)
    assert last > first, "the table spans two pages"
    totals = [i for i, page in enumerate(pages) for line in page.splitlines() if "Totalt" in line]
    assert totals == [last]
