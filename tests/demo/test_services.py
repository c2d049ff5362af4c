from datetime import date
from decimal import Decimal
from itertools import combinations

import h3.api.basic_int as h3_int
import pytest
import shapely
from django.contrib.auth import get_user_model
from django.urls import reverse
from shapely.geometry import shape

from tests.factories import AgreementFactory, MunicipalityFactory
from trygg.demo import kungsbacka
from trygg.demo.dialogue import PLACES
from trygg.demo.services import load_kungsbacka_demo
from trygg.geo.models import Area, Landmark
from trygg.geo.selectors import cell_place_names
from trygg.promises.models import (
    Action,
    Agreement,
    EvidenceLink,
    FocusArea,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    Promise,
    Signatory,
)
from trygg.tenancy.models import Membership, Municipality, Organisation, PoliceArea, Role

pytestmark = pytest.mark.django_db

AFTER_THE_PERIOD = date(2023, 2, 1)

# The actions DESIGN.md lists, by focus area: (title, owner, quantity, per).
DESIGN_ACTIONS = {
    "Trygghet i offentlig miljö": [
        ("Se över hur fler vuxna kan finnas ute", "both", None, "total"),
        ("Utbildning för nattvandrare", "partner", 1, "year"),
        ("Samordningsmöten för nattvandringen", "both", 2, "year"),
        ("Belysning och röjning vid de utpekade platserna", "kommun", 3, "total"),
        ("Polisiär närvaro vid utpekade platser och tider", "polis", None, "total"),
    ],
    "Trafik": [
        ("Gemensam information till unga om moped och A-traktor", "both", 1, "year"),
        ("Handlingsplaner för högstadieskolorna med störst problem", "both", 3, "total"),
        ("Trafikkontroll varje vecka", "polis", 1, "week"),
    ],
    "Narkotikaprevention": [
        ("En kommunal ANDTS-samordnare", "kommun", 1, "total"),
        ("Föräldraföreläsning", "kommun", 1, "year"),
        ("Föräldrabrev", "both", 3, "year"),
        ("Kontroller vid skolorna tillsammans med skolorna", "polis", 2, "year"),
        ("Fem områdespoliser med extra fokus på unga", "polis", 5, "total"),
    ],
}

DEMO_MODELS = [
    Municipality,
    PoliceArea,
    Organisation,
    Membership,
    get_user_model(),
    Area,
    Landmark,
    Agreement,
    Signatory,
    FocusArea,
    Promise,
    EvidenceLink,
    Action,
    ProgressUpdate,
    Indicator,
    IndicatorValue,
]
HISTORY_MODELS = [
    Membership,
    Agreement,
    Signatory,
    FocusArea,
    Promise,
    EvidenceLink,
    Action,
    ProgressUpdate,
    Indicator,
    IndicatorValue,
]


@pytest.fixture
def demo(kungsbacka_file):
    # The dialogue's 2,200 responses are tested, once per module, in test_dialogue.py,
    # the incidents in test_incidents.py.
    return load_kungsbacka_demo(
        municipalities_path=kungsbacka_file, dialogue=False, incidents=False
    )


def counts() -> dict[str, int]:
    rows = {model.__name__: model.objects.count() for model in DEMO_MODELS}
    history = {f"{model.__name__} history": model.history.count() for model in HISTORY_MODELS}
    return rows | history


def test_demo_loads_kungsbacka_from_the_shared_municipalities_file():
    result = load_kungsbacka_demo(incidents=False)

    assert result.municipality.code == "1384"
    assert result.municipality.name == "Kungsbacka"
    assert Municipality.objects.count() == 290
    assert Agreement.objects.filter(municipality=result.municipality).count() == 1


def test_demo_uses_a_municipality_that_is_already_loaded(kungsbacka_file, tmp_path):
    load_kungsbacka_demo(municipalities_path=kungsbacka_file, incidents=False)

    result = load_kungsbacka_demo(
        municipalities_path=tmp_path / "not-there.geojson", incidents=False
    )

    assert result.municipality.code == "1384"


def test_police_area_and_the_three_organisations_serve_kungsbacka(demo):
    police_area = PoliceArea.objects.get(name="Lokalpolisområde Kungsbacka")
    assert police_area.region == "Väst"
    assert list(police_area.municipalities.all()) == [demo.municipality]
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds == {
        "Kungsbacka kommun": "kommun",
        "Lokalpolisområde Kungsbacka": "polis",
        "Nattvandrarna i Kungsbacka": "partner",
    }
    assert demo.agreement.police_area == police_area


def test_about_ten_districts_tile_kungsbacka_without_overlaps(demo):
    areas = {
        area.name: shape(area.geometry)
        for area in Area.objects.filter(municipality=demo.municipality)
    }
    border = shape(demo.municipality.border)

    assert 8 <= len(areas) <= 12 and demo.districts == len(areas)
    assert "Kungsbacka stad" in areas and "Frillesås" in areas
    for name, district in areas.items():
        assert district.geom_type in {"Polygon", "MultiPolygon"} and district.is_valid, name
        assert district.difference(border).area <= 1e-9 * border.area, name
    assert shapely.union_all(list(areas.values())).area == pytest.approx(border.area, rel=0.01)
    for (first, a), (second, b) in combinations(areas.items(), 2):
        assert a.intersection(b).area <= 1e-9 * border.area, f"{first} overlaps {second}"


def test_the_places_the_residents_named_are_named_places_inside_the_border(demo):
    landmarks = Landmark.objects.filter(municipality=demo.municipality)
    border = shape(demo.municipality.border)

    assert set(landmarks.values_list("name", flat=True)) == {place.name for place in PLACES}
    for landmark in landmarks:
        assert border.contains(shapely.Point(landmark.longitude, landmark.latitude)), landmark
    # A cell at the travel centre is called by it on every map.
    centre = h3_int.latlng_to_cell(57.4987, 12.0735, 9)
    assert cell_place_names(demo.municipality, [centre]) == ["Kungsbacka resecentrum"]


def test_the_2021_2022_agreement_is_signed_published_and_ended(demo):
    agreement = demo.agreement

    assert agreement.title == "Medborgarlöften för Kungsbacka 2021–2022"
    assert (agreement.starts_on, agreement.ends_on) == (date(2021, 1, 1), date(2022, 12, 31))
    assert agreement.status == Agreement.Status.ENDED
    assert agreement.signed_on.year == 2020 and agreement.signed_on.month == 12
    assert agreement.is_published
    assert agreement in Agreement.objects.published()


def test_the_summary_cites_the_2020_dialogue(demo):
    summary = demo.agreement.summary

    for fact in (
        "2020",
        "92 procent",
        "60 procent",
        "resecentrum",
        "gångtunnlarna",
        "Badhusparken",
    ):
        assert fact in summary


def test_the_signatories_are_offices_of_the_municipality_and_the_police_not_people(demo):
    signatories = list(demo.agreement.signatories.values_list("name", "title", "organisation"))

    assert signatories == [
        ("", "Kommunstyrelsens ordförande", "Kungsbacka kommun"),
        ("", "Lokalpolisområdeschef", "Lokalpolisområde Kungsbacka"),
    ]


def test_the_agreement_has_the_three_focus_areas_and_the_actions_design_lists(demo):
    found = {
        focus_area.title: [
            (action.title, action.owner, action.target_quantity, action.target_period)
            for promise in focus_area.promises.all()
            for action in promise.actions.all()
        ]
        for focus_area in demo.agreement.focus_areas.all()
    }

    assert found == DESIGN_ACTIONS
    assert (demo.focus_areas, demo.actions) == (3, 13)


def test_every_promise_names_its_problem_and_evidence_and_every_action_a_responsible(demo):
    promises = Promise.objects.filter(focus_area__agreement=demo.agreement)

    assert promises.count() == demo.promises == 7
    for promise in promises:
        assert "medborgardialogen 2020" in promise.problem.lower(), promise.title
        assert promise.evidence.exists(), promise.title
        assert all(link.url.startswith("https://") for link in promise.evidence.all())
    for action in demo.agreement.actions():
        assert action.responsible, action.title
        action.full_clean()


def test_the_partner_action_names_the_night_walkers(demo):
    action = demo.agreement.actions().get(owner=Action.Owner.PARTNER)

    assert action.partner_name == "Nattvandrarna i Kungsbacka"
    assert action.owner_label == "Nattvandrarna i Kungsbacka"


def test_the_traffic_check_has_a_weekly_target_and_ends_a_little_short_of_it(demo):
    action = demo.agreement.actions().get(title="Trafikkontroll varje vecka")

    assert (action.target_quantity, action.target_period) == (1, Action.TargetPeriod.WEEK)
    progress = action.progress(today=AFTER_THE_PERIOD)
    assert progress.expected == 104
    assert 95 <= progress.done < 104
    assert progress.target_met is False
    assert action.progress_updates.count() == 24


def test_the_other_quantity_targets_are_met(demo):
    short = [
        action.title
        for action in demo.agreement.actions().exclude(target_quantity=None)
        if not action.progress(today=AFTER_THE_PERIOD).target_met
    ]

    assert short == ["Trafikkontroll varje vecka"]


def test_progress_is_dated_within_the_period_and_recorded_by_the_staff(demo):
    updates = ProgressUpdate.objects.filter(action__in=demo.agreement.actions())

    assert updates.count() == demo.progress_updates > 50
    for update in updates:
        assert date(2021, 1, 1) <= update.date <= date(2022, 12, 31)
        assert update.created_by.username in {"samordnare", "kommunpolis"}
        assert update.created_at.date() == update.date


def test_all_actions_but_one_are_done_and_the_cancelled_one_says_why(demo):
    statuses = list(demo.agreement.actions().values_list("status", flat=True))
    cancelled = demo.agreement.actions().get(status=Action.Status.CANCELLED)

    assert statuses.count(Action.Status.DONE) == len(statuses) - 1
    assert "Avbruten" in cancelled.description


def test_the_indicators_start_from_the_2020_dialogue(demo):
    indicators = {
        indicator.name: indicator
        for indicator in Indicator.objects.filter(promise__focus_area__agreement=demo.agreement)
    }
    safe = indicators["Andel som alltid eller för det mesta känner sig trygga"]
    unsafe_places = indicators["Andel som anger att det finns platser där de känner sig otrygga"]
    checks = indicators["Antal genomförda trafikkontroller"]

    assert (safe.baseline_value, safe.baseline_on.year, safe.unit) == (Decimal(92), 2020, "%")
    assert safe.target_value > safe.baseline_value
    assert (unsafe_places.baseline_value, unsafe_places.target_value) == (Decimal(60), Decimal(50))
    assert unsafe_places.direction == Indicator.Direction.DECREASE
    assert all(indicator.latest_value() is not None for indicator in indicators.values())
    traffic = demo.agreement.actions().get(title="Trafikkontroll varje vecka")
    assert checks.latest_value().value == traffic.quantity_done()


@pytest.mark.parametrize("sign_in", kungsbacka.SIGN_INS, ids=lambda sign_in: sign_in.username)
def test_each_sign_in_works_with_the_demo_password(demo, client, sign_in):
    response = client.post(
        reverse("login"), {"username": sign_in.username, "password": "trygg-demo-2026"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")
    assert client.get(reverse("workspace:home")).status_code == 200


@pytest.mark.parametrize(
    ("username", "organisation", "role", "title"),
    [
        ("samordnare", "Kungsbacka kommun", Role.COORDINATOR, "trygghetssamordnare"),
        ("kommunpolis", "Lokalpolisområde Kungsbacka", Role.COORDINATOR, "kommunpolis"),
        ("admin", "Kungsbacka kommun", Role.ADMIN, "systemförvaltare"),
        ("styrgrupp", "Kungsbacka kommun", Role.VIEWER, "styrgruppen"),
    ],
)
def test_each_sign_in_has_its_stated_role(demo, username, organisation, role, title):
    membership = Membership.objects.get(user__username=username)

    assert (membership.organisation.name, membership.role, membership.title) == (
        organisation,
        role,
        title,
    )
    assert Municipality.objects.visible_to(membership.user).filter(code="1384").exists()


def test_only_the_operator_is_a_superuser_and_the_operator_belongs_to_no_municipality(demo):
    users = get_user_model().objects

    assert list(users.filter(is_superuser=True).values_list("username", flat=True)) == ["drift"]
    assert list(users.filter(is_staff=True).values_list("username", flat=True)) == ["drift"]
    assert not Membership.objects.filter(user__username="drift").exists()


def test_the_municipal_administrator_cannot_reach_another_municipalitys_drafts(demo, client):
    varberg = MunicipalityFactory(code="1383", name="Varberg", slug="varberg")
    draft = AgreementFactory(municipality=varberg)
    client.force_login(get_user_model().objects.get(username="admin"))

    assert client.get(reverse("promises:agreement", kwargs={"pk": draft.pk})).status_code == 404
    staff_page = "tenancy:members"
    assert client.get(reverse(staff_page, kwargs={"municipality": "1383"})).status_code == 404
    assert client.get(reverse(staff_page, kwargs={"municipality": "1384"})).status_code == 200


def test_the_sign_ins_and_password_are_reported(demo):
    assert [sign_in.username for sign_in in demo.sign_ins] == [
        "samordnare",
        "kommunpolis",
        "admin",
        "styrgrupp",
        "drift",
    ]
    assert {sign_in.password for sign_in in demo.sign_ins} == {"trygg-demo-2026"}


def test_the_agreement_history_tells_how_it_was_drafted_signed_and_ended(demo):
    history = list(demo.agreement.history.order_by("history_date"))

    assert [record.status for record in history] == ["draft", "signed", "signed", "ended"]
    assert {record.history_user.username for record in history} == {"samordnare"}
    assert history[0].history_date.year == 2020
    assert history[-1].history_date.year == 2023


def test_every_action_has_a_history_from_planned_to_its_end(demo):
    for action in demo.agreement.actions():
        statuses = [record.status for record in action.history.order_by("history_date")]
        assert statuses == ["planned", "ongoing", action.status], action.title


def test_loading_twice_leaves_one_of_everything_and_writes_no_new_history(kungsbacka_file):
    load_kungsbacka_demo(municipalities_path=kungsbacka_file, incidents=False)
    first = counts()

    load_kungsbacka_demo(municipalities_path=kungsbacka_file, incidents=False)

    assert counts() == first
    assert first["Agreement"] == 1 and first["User"] == 5


def test_loading_again_restores_a_demo_that_was_changed(demo, kungsbacka_file):
    traffic = demo.agreement.actions().get(title="Trafikkontroll varje vecka")
    ProgressUpdate.objects.create(action=traffic, date=date(2022, 6, 1), text="Extra", quantity=9)
    demo.agreement.actions().get(title="Föräldrabrev").delete()
    Area.objects.filter(name="Onsala").update(geometry={"type": "Polygon", "coordinates": []})
    get_user_model().objects.filter(username="samordnare").update(password="!")

    again = load_kungsbacka_demo(municipalities_path=kungsbacka_file, incidents=False)

    assert again.agreement == demo.agreement
    assert again.actions == 13
    assert traffic.quantity_done() == kungsbacka.traffic_checks_by(date(2022, 12, 31))
    assert shape(Area.objects.get(name="Onsala").geometry).is_valid
    assert get_user_model().objects.get(username="samordnare").check_password("trygg-demo-2026")


def test_a_dry_run_reports_the_demo_and_stores_nothing(kungsbacka_file):
    result = load_kungsbacka_demo(
        municipalities_path=kungsbacka_file, dry_run=True, incidents=False
    )

    assert result.actions == 13
    assert not Agreement.objects.exists()
    assert not Municipality.objects.exists()


def test_the_traffic_check_log_is_the_same_every_time():
    from trygg.demo.kungsbacka import _traffic_check_log

    assert _traffic_check_log() == kungsbacka.TRAFFIC_CHECKS
