"""The staff incident overview: who sees it, what it shows, its map and its exports."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import h3
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import MunicipalityFactory, member
from trygg.population.models import MunicipalityResidents
from trygg.situation.models import Alert, Category, Incident, Source
from trygg.situation.overview import incident_cell_map, incident_cell_map_geojson
from trygg.tenancy.models import Role

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
STATION = (57.4875, 12.0762)  # Kungsbacka's travel centre
TUNNEL = (57.4930, 12.0700)
PARK = (57.4800, 12.0650)


class Incidents:
    def __init__(self, municipality):
        self.municipality = municipality
        self.police = Source.objects.create(kind=Source.Kind.POLICE_EVENTS, name="Polisen")
        self.reports = Source.objects.create(
            kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=municipality
        )
        self.number = 0

    def add(self, category: str, when: dt.datetime, point: tuple[float, float] | None = None):
        self.number += 1
        fields = {"precision": Incident.Precision.MUNICIPALITY}
        if point is not None:
            cell = h3.str_to_int(h3.latlng_to_cell(*point, 9))
            fields = {
                "precision": Incident.Precision.POINT,
                "latitude": point[0],
                "longitude": point[1],
                "h3_cell": cell,
            }
        return Incident.objects.create(
            source=self.reports if point else self.police,
            external_id=str(self.number),
            municipality=self.municipality,
            county_code="13",
            occurred_at=when,
            type=category,
            type_key=category,
            category=Category.objects.get(key=category),
            **fields,
        )


@pytest.fixture
def incidents(kungsbacka) -> Incidents:
    kungsbacka.county_code = "13"
    kungsbacka.save()
    MunicipalityResidents.objects.create(municipality=kungsbacka, year=2024, residents=85_000)
    made = Incidents(kungsbacka)
    for year, violence in ((2024, 3), (2025, 5), (2026, 2)):
        for day in range(violence):
            made.add("violence", dt.datetime(year, 2, 1 + day, 12, tzinfo=STOCKHOLM))
    made.add("traffic_accidents", dt.datetime(2024, 1, 20, 8, tzinfo=STOCKHOLM))
    made.add("traffic_accidents", dt.datetime(2025, 3, 4, 8, tzinfo=STOCKHOLM))
    # Counted in 2024's January–April only if May is inside the span: it is not.
    made.add("violence", dt.datetime(2024, 5, 10, 8, tzinfo=STOCKHOLM))
    for _ in range(4):
        made.add("vandalism", dt.datetime(2026, 3, 3, 22, tzinfo=STOCKHOLM), STATION)
    for _ in range(2):
        made.add("vandalism", dt.datetime(2026, 4, 3, 22, tzinfo=STOCKHOLM), TUNNEL)
    made.add("vandalism", dt.datetime(2026, 4, 12, 22, tzinfo=STOCKHOLM), PARK)
    return made


def overview_url(municipality, **query) -> str:
    url = reverse("situation:incidents", kwargs={"municipality": municipality.code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("role", list(Role))
def test_every_member_sees_the_overview(client, incidents, role):
    client.force_login(member(incidents.municipality, role=role))

    response = client.get(overview_url(incidents.municipality))

    assert response.status_code == 200
    assert 'id="larm"' in response.content.decode()


def test_a_member_of_another_municipality_gets_404_for_every_page(client, incidents):
    client.force_login(member(MunicipalityFactory(code="1380", name="Halmstad")))
    code = incidents.municipality.code
    urls = [
        overview_url(incidents.municipality),
        reverse("situation:incident_cells", kwargs={"municipality": code}),
        reverse(
            "situation:incident_counts_export",
            kwargs={"municipality": code, "period": "vecka", "extension": "csv"},
        ),
        reverse("situation:rates_export", kwargs={"municipality": code, "extension": "xlsx"}),
    ]

    for url in urls:
        assert client.get(url).status_code == 404, url


def test_someone_signed_out_is_sent_to_sign_in(client, incidents):
    response = client.get(overview_url(incidents.municipality))

    assert response.status_code == 302
    assert "next=" in response["Location"]


def by_kind(response) -> dict:
    return {overview.source.kind: overview for overview in response.context["sources"]}


def test_each_source_is_compared_on_its_own_never_added_to_another(client, incidents):
    client.force_login(member(incidents.municipality))

    response = client.get(overview_url(incidents.municipality))

    sources = by_kind(response)
    assert list(sources) == [Source.Kind.POLICE_EVENTS, Source.Kind.MUNICIPAL_REPORTS]
    police = sources[Source.Kind.POLICE_EVENTS].years
    reports = sources[Source.Kind.MUNICIPAL_REPORTS].years
    assert {row.category.key for row in police.rows} == {"violence", "traffic_accidents"}
    assert [(row.category.key, row.counts) for row in reports.rows] == [("vandalism", (7,))]
    # The reports begin in March 2026: no earlier year of theirs to compare with.
    assert (reports.years, reports.from_month, reports.span_end) == (
        (2026,),
        3,
        dt.date(2026, 4, 12),
    )
    page = response.content.decode()
    assert "Polisens öppna händelser: händelser per kategori och år" in page
    assert "Kommunens rapporter: händelser per kategori och år" in page
    assert "Kommunens egna rapporter: Felanmälan." in page
    assert "placerar" not in page.split('id="years-heading"')[1].split("</section>")[0]


def test_the_last_year_is_compared_up_to_the_day_of_the_last_incident(client, incidents):
    client.force_login(member(incidents.municipality))

    response = client.get(overview_url(incidents.municipality))

    police = by_kind(response)[Source.Kind.POLICE_EVENTS].years
    # The police's last event is of 2 February 2026: 1–2 February of each year, not all
    # of 2024's three and 2025's five February events against 2026's two.
    assert (police.years, police.through_month, police.span_end) == (
        (2024, 2025, 2026),
        2,
        dt.date(2026, 2, 2),
    )
    assert {row.category.key: row.counts for row in police.rows} == {
        "violence": (2, 2, 2),
        "traffic_accidents": (1, 0, 0),
    }
    assert police.totals == (3, 2, 2)
    page = response.content.decode()
    assert "från 1 januari 2026 till 2 februari 2026" in page
    assert '<th scope="row">Våld och hot</th>' in page


def test_a_complete_earlier_year_is_compared_whole_with_the_change(client, incidents):
    client.force_login(member(incidents.municipality))

    response = client.get(overview_url(incidents.municipality, year=2025))

    police = by_kind(response)[Source.Kind.POLICE_EVENTS].years
    assert (police.years, police.through_month, police.span_end) == (
        (2024, 2025),
        12,
        dt.date(2025, 12, 31),
    )
    violence = next(row for row in police.rows if row.category.key == "violence")
    assert (violence.counts, violence.change) == ((4, 5), 1)  # 2024's May one counts now
    assert police.change == 1
    assert '<td class="numeric">+1</td>' in response.content.decode()


def test_a_source_without_incidents_in_the_year_says_so(client, incidents):
    client.force_login(member(incidents.municipality))

    response = client.get(overview_url(incidents.municipality, year=2024))

    reports = by_kind(response)[Source.Kind.MUNICIPAL_REPORTS]
    assert (reports.years, reports.trend) == (None, None)
    assert "Källan har inga händelser 2024: dess uppgifter går från mars 2026" in (
        response.content.decode()
    )


def test_the_monthly_trend_is_drawn_per_source(client, incidents):
    client.force_login(member(incidents.municipality))

    response = client.get(overview_url(incidents.municipality))

    sources = by_kind(response)
    police = sources[Source.Kind.POLICE_EVENTS].trend
    reports = sources[Source.Kind.MUNICIPAL_REPORTS].trend
    assert (police.months[0], police.months[-1]) == (dt.date(2024, 1, 1), dt.date(2026, 2, 1))
    assert [bar.count for bar in reports.bars] == [4, 3]  # March and April 2026
    assert sum(bar.count for bar in police.bars) == 13  # every police event, no report
    page = response.content.decode()
    assert "Kommunens rapporter: händelser per månad" in page


def test_the_page_shows_the_rate_and_says_which_comparison(client, incidents):
    client.force_login(member(incidents.municipality))

    response = client.get(overview_url(incidents.municipality, year=2025))

    municipality_row = response.context["comparison"].rows[0]
    assert (municipality_row.rate.incidents, municipality_row.rate.residents) == (6, 85_000)
    page = response.content.decode()
    assert "0,7" in page  # 6 per 85,000 = 0.71 per 10,000
    assert "SKR:s kommungrupper är inte importerade" in page
    assert "SCB:s folkmängd för 2024" in page


def test_the_staff_map_shows_every_cell_and_the_public_one_none_under_3(incidents, settings):
    staff = incident_cell_map(incidents.municipality, public=False)
    public = incident_cell_map(incidents.municipality, public=True)

    assert [cell.incidents for cell in staff.cells] == [4, 2, 1]
    assert [cell.incidents for cell in public.cells] == [4]
    assert public.withheld_incidents == 3
    assert public.published_withheld_incidents == 3
    settings.TRYGG_MAP_MIN_CELL_COUNT = 1  # a setting may raise the bar, never lower it
    assert [
        cell.incidents for cell in incident_cell_map(incidents.municipality, public=True).cells
    ] == [4]
    settings.TRYGG_MAP_MIN_CELL_COUNT = 5
    lowered = incident_cell_map(incidents.municipality, public=True)
    assert (lowered.cells, lowered.withheld_incidents) == ((), 7)


def test_the_map_counts_the_chosen_year_only(client, incidents):
    incidents.add("violence", dt.datetime(2025, 6, 1, 12, tzinfo=STOCKHOLM), PARK)
    client.force_login(member(incidents.municipality))
    cells_url = reverse("situation:incident_cells", kwargs={"municipality": "1384"})

    page = client.get(overview_url(incidents.municipality))
    earlier = client.get(cells_url, {"year": 2025}).json()

    assert [cell.incidents for cell in page.context["map"].cells] == [4, 2, 1]
    assert "Karta över kommunens rapporter 2026" in page.content.decode()
    assert page.context["geojson_url"] == cells_url + "?year=2026"
    cells = [f["properties"] for f in earlier["features"] if f["properties"]["kind"] == "cell"]
    assert [(cell["count"], cell["cell"]) for cell in cells] == [(1, h3.latlng_to_cell(*PARK, 9))]


def test_the_map_table_names_the_top_ten_cells_and_folds_the_rest(client, incidents, onsala):
    for step in range(12):
        point = (57.40 + step * 0.01, 12.03)
        for _ in range(2):
            incidents.add("traffic_accidents", dt.datetime(2026, 1, 5, 9, tzinfo=STOCKHOLM), point)
    client.force_login(member(incidents.municipality))

    response = client.get(overview_url(incidents.municipality))

    result = response.context["map"]
    assert len(result.cells) == 15
    assert [cell.number for cell in result.top_cells] == list(range(1, 11))
    assert [cell.number for cell in result.other_cells] == [11, 12, 13, 14, 15]
    first = result.cells[0]
    assert (first.incidents, first.area_name, first.near) == (4, "Onsala", "Kungsbacka")
    assert [(item.category.key, item.incidents) for item in first.categories] == [("vandalism", 4)]
    page = response.content.decode()
    top = page.split('id="incident-cells-caption"')[1].split("</table>")[0]
    assert "De 10 cellerna med flest händelser" in top
    assert top.count("<tr>") == 11  # the heading and ten cells
    # Each figure labelled, so that a phone can show the rows as cards.
    assert '<td data-label="Område">Onsala</td><td data-label="Nära">Kungsbacka</td>' in top
    assert "Skadegörelse (4)" in top
    assert '<details class="incident-cells__rest">' in page
    assert "De andra 5 cellerna" in page
    geojson = client.get(
        reverse("situation:incident_cells", kwargs={"municipality": "1384"})
    ).json()
    first_cell = next(f for f in geojson["features"] if f["properties"].get("number") == 1)
    assert first_cell["properties"]["area"] == "Onsala"


def test_the_police_events_never_reach_the_map(incidents):
    cells = incident_cell_map(incidents.municipality, public=False).cells

    assert sum(cell.incidents for cell in cells) == 7  # the reports only


def test_the_maps_geojson_has_cells_and_no_point(client, incidents):
    client.force_login(member(incidents.municipality))

    data = client.get(
        reverse("situation:incident_cells", kwargs={"municipality": incidents.municipality.code})
    ).json()

    cells = [f for f in data["features"] if f["properties"]["kind"] == "cell"]
    assert sorted(f["properties"]["count"] for f in cells) == [1, 2, 4]
    assert all(f["geometry"]["type"] == "Polygon" for f in cells)
    # The base map's localities are its only points; no incident is one.
    points = {f["properties"]["kind"] for f in data["features"] if f["geometry"]["type"] == "Point"}
    assert points <= {"locality"}
    public = incident_cell_map_geojson(
        incidents.municipality, incident_cell_map(incidents.municipality, public=True)
    )
    assert [
        f["properties"]["count"] for f in public["features"] if f["properties"]["kind"] == "cell"
    ] == [4]


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_monthly_csv_has_swedish_headings_and_every_month_with_zeros(client, incidents):
    client.force_login(member(incidents.municipality))
    url = reverse(
        "situation:incident_counts_export",
        kwargs={"municipality": "1384", "period": "manad", "extension": "csv"},
    )

    rows = read_csv(client.get(url))

    assert rows[0] == ["Kommunkod", "Kommun", "Källa", "Kategori", "År", "Månad", "Händelser"]
    violence = [row for row in rows[1:] if row[3] == "Våld och hot"]
    assert len(violence) == 26  # the police's months: January 2024 to February 2026
    assert {row[2] for row in violence} == {"Polisens öppna händelser"}
    assert sum(int(row[6]) for row in violence) == 11
    police = "Polisens öppna händelser"
    assert ["1384", "Kungsbacka", police, "Våld och hot", "2025", "2", "5"] in violence
    assert ["1384", "Kungsbacka", police, "Våld och hot", "2025", "1", "0"] in violence
    vandalism = [row for row in rows[1:] if row[3] == "Skadegörelse"]
    assert [(row[2], row[4], row[5], row[6]) for row in vandalism] == [
        ("Kommunens rapporter", "2026", "3", "4"),
        ("Kommunens rapporter", "2026", "4", "3"),
    ]


def test_the_weekly_xlsx_has_iso_weeks_and_the_rates(client, incidents):
    client.force_login(member(incidents.municipality))
    url = reverse(
        "situation:incident_counts_export",
        kwargs={"municipality": "1384", "period": "vecka", "extension": "xlsx"},
    )

    workbook = load_workbook(io.BytesIO(client.get(url, {"year": 2025}).content))

    weeks = workbook["Händelser per vecka"]
    header = [cell.value for cell in weeks[1]]
    assert header == [
        "Kommunkod",
        "Kommun",
        "Källa",
        "Kategori",
        "År",
        "Vecka",
        "Veckan börjar",
        "Händelser",
    ]
    rows = [[cell.value for cell in row] for row in weeks.iter_rows(min_row=2)]
    # The accidents of Saturday 20 January 2024 and Tuesday 4 March 2025, in their ISO weeks.
    traffic = [row for row in rows if row[3] == "Trafikolyckor" and row[7]]
    assert [(row[4], row[5], row[6].date(), row[7]) for row in traffic] == [
        (2024, 3, dt.date(2024, 1, 15), 1),
        (2025, 10, dt.date(2025, 3, 3), 1),
    ]
    rates = workbook["Händelser per 10 000 invånare"]
    municipality = [cell.value for cell in rates[2]]
    assert municipality[1] == "Kungsbacka"
    assert municipality[5:8] == [6, 85_000, 2024]
    assert municipality[8] == pytest.approx(6 / 8.5)


def test_the_rates_csv_follows_the_pages_year_and_category(client, incidents):
    client.force_login(member(incidents.municipality))
    url = reverse("situation:rates_export", kwargs={"municipality": "1384", "extension": "csv"})

    rows = read_csv(client.get(url, {"year": 2025, "category": "traffic_accidents"}))

    assert rows[0][:3] == ["Jämfört med", "Namn", "Från"]
    assert rows[1][1:7] == ["Kungsbacka", "2025-01-01", "2025-12-01", "Trafikolyckor", "1", "85000"]
    assert [row[0] for row in rows[1:]] == [
        "Kommunen",
        "Länet",
        "Liknande kommuner",
        "Riket",
    ]


def test_an_unknown_export_is_404(client, incidents):
    client.force_login(member(incidents.municipality))

    for period, extension in (("dag", "csv"), ("vecka", "pdf")):
        url = reverse(
            "situation:incident_counts_export",
            kwargs={"municipality": "1384", "period": period, "extension": extension},
        )
        assert client.get(url).status_code == 404


def test_the_overview_lists_the_newest_open_alerts_and_links_them_all(client, incidents):
    municipality = incidents.municipality
    violence = Category.objects.get(key="violence")
    monday = dt.date(2026, 1, 5)
    alerts = Alert.objects.bulk_create(
        Alert(
            municipality=municipality,
            category=violence,
            source_kind=Source.Kind.POLICE_EVENTS,
            method=Alert.Method.EARS_C2,
            iso_year=2026,
            iso_week=2 + n,
            week_start=monday + dt.timedelta(weeks=n),
            observed=9,
            expected=3.0,
            upperbound=6.0,
            computed_at=timezone.now(),
            acknowledged_at=timezone.now() if n == 6 else None,
        )
        for n in range(7)
    )
    client.force_login(member(municipality, role=Role.VIEWER))

    page = client.get(overview_url(municipality)).content.decode()
    section = page.split('id="larm"')[1].split("</section>")[0]

    assert "6 larm är inte kvitterade; de senaste:" in section
    assert section.count('class="task task--warning"') == 5
    assert alerts[5].get_absolute_url() in section
    assert alerts[0].get_absolute_url() not in section
    assert reverse("situation:alerts", args=[municipality.code]) in section


def test_an_alert_of_a_cell_is_named_by_its_area_and_locality(client, incidents, onsala):
    cell = h3.str_to_int(h3.latlng_to_cell(*STATION, 9))
    Alert.objects.create(
        municipality=incidents.municipality,
        category=Category.objects.get(key="vandalism"),
        h3_cell=cell,
        source_kind=Source.Kind.MUNICIPAL_REPORTS,
        method=Alert.Method.EARS_C2,
        iso_year=2026,
        iso_week=14,
        week_start=dt.date(2026, 3, 30),
        observed=4,
        expected=0.5,
        upperbound=2.0,
        computed_at=timezone.now(),
    )
    client.force_login(member(incidents.municipality))

    page = client.get(overview_url(incidents.municipality)).content.decode()

    assert f"Onsala, Kungsbacka (H3-cell {cell:x})" in page.split('id="larm"')[1]
