"""The Kungsbacka demo as data: places, organisations, sign-ins and the 2021–2022 agreement.

The frame is from the public record (DESIGN.md, "The Kungsbacka demo"): the period,
the 2020 dialogue's figures and places, the three focus areas and their promises
and actions. Everything else — the progress updates, the dates within the period,
the 2022 indicator values — is invented to make a plausible follow-up, and the people
are roles, not real persons. The content is Swedish because residents read it.

Nothing here is random at run time: the traffic-check log is drawn once from a
generator with a fixed seed, so every load gives the same demo.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from trygg.text.calendar import MONTH_NAMES

MUNICIPALITY_CODE = "1384"
POLICE_AREA = "Lokalpolisområde Kungsbacka"
POLICE_REGION = "Väst"

MUNICIPAL_ORGANISATION = "Kungsbacka kommun"
POLICE_ORGANISATION = "Lokalpolisområde Kungsbacka"
PARTNER_ORGANISATION = "Nattvandrarna i Kungsbacka"

# The password of every demo sign-in: long enough for the validators, not a common one.
DEMO_PASSWORD = "trygg-demo-2026"

# Approximate positions (latitude, longitude, WGS 84) of the localities whose names
# the districts carry; each lies inside the municipality's border (a test checks it).
PLACES: dict[str, tuple[float, float]] = {
    "Kungsbacka stad": (57.487, 12.076),
    "Hede": (57.515, 12.055),
    "Anneberg": (57.533, 12.100),
    "Kullavik": (57.550, 11.950),
    "Särö": (57.515, 11.935),
    "Vallda": (57.467, 12.017),
    "Onsala": (57.420, 12.020),
    "Gottskär": (57.385, 11.945),
    "Fjärås": (57.400, 12.165),
    "Åsa": (57.350, 12.117),
    "Frillesås": (57.317, 12.167),
}

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = date(2021, 1, 1)
END = date(2022, 12, 31)


@dataclass(frozen=True)
class SignIn:
    username: str
    first_name: str
    last_name: str
    organisation: str
    # An organisation and a role for municipal staff; none for the installation's
    # operator, who reaches everything through Django admin and belongs to no
    # municipality.
    organisation: str | None
    role: str | None
    title: str
    operator: bool = False


SIGN_INS: tuple[SignIn, ...] = (
    SignIn(
        username="samordnare",
        first_name="Demo",
        last_name="Samordnare",
        organisation=MUNICIPAL_ORGANISATION,
        role="coordinator",
        title="trygghetssamordnare",
    ),
    SignIn(
        username="kommunpolis",
        first_name="Demo",
        last_name="Kommunpolis",
        organisation=POLICE_ORGANISATION,
        role="coordinator",
        title="kommunpolis",
    ),
    SignIn(
        username="admin",
        first_name="Demo",
        last_name="Administratör",
        organisation=MUNICIPAL_ORGANISATION,
        role="admin",
        title="systemförvaltare",
    ),
    SignIn(
        username="styrgrupp",
        first_name="Demo",
        last_name="Styrgrupp",
        organisation=MUNICIPAL_ORGANISATION,
        role="viewer",
        title="styrgruppen",
    ),
    SignIn(
        username="drift",
        first_name="Demo",
        last_name="Driftansvarig",
        organisation=None,
        role=None,
        title="driftansvarig för installationen",
        operator=True,
    ),
)


@dataclass(frozen=True)
class Update:
    date: date
    text: str
    quantity: int = 0
    link: str = ""


@dataclass(frozen=True)
class ActionSpec:
    title: str
    description: str
    owner: str
    responsible: str
    reporter: str
    """The username that records this action's progress."""
    status: str
    closed_on: date | None = None
    """When the final status was set; by default the last update's date or the due date."""
    outcome_note: str = ""
    """Set with the final status; required when the action was done below its target."""
    target_quantity: int | None = None
    target_period: str = "total"
    target_unit: str = ""
    partner_name: str = ""
    starts_on: date = START
    due_on: date = END
    updates: tuple[Update, ...] = ()


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    definition: str
    unit: str
    direction: str
    baseline_value: Decimal
    baseline_on: date
    target_value: Decimal
    target_on: date
    values: tuple[tuple[date, Decimal, str], ...] = ()


@dataclass(frozen=True)
class PromiseSpec:
    title: str
    text: str
    problem: str
    evidence: tuple[tuple[str, str], ...]
    actions: tuple[ActionSpec, ...]
    indicators: tuple[IndicatorSpec, ...] = ()


@dataclass(frozen=True)
class FocusAreaSpec:
    title: str
    description: str
    promises: tuple[PromiseSpec, ...]


@dataclass(frozen=True)
class SignatorySpec:
    name: str
    title: str
    organisation: str


@dataclass(frozen=True)
class AgreementSpec:
    title: str
    summary: str
    starts_on: date
    ends_on: date
    drafted_at: datetime
    signed_on: date
    published_at: datetime
    ended_at: datetime
    signatories: tuple[SignatorySpec, ...]
    focus_areas: tuple[FocusAreaSpec, ...] = field(default=())


# --- the traffic-check log -----------------------------------------------------------

# Checks per month. The target is one a week (104 over the period); the summer and
# the Christmas holidays each cost a week, so the action ends at 98, a little short.
_CHECKS_PER_MONTH = {
    2021: (4, 4, 5, 4, 5, 4, 3, 4, 5, 4, 4, 3),
    2022: (5, 4, 4, 4, 5, 4, 3, 5, 4, 4, 4, 3),
}
_CHECK_PLACES = (
    "på Onsalavägen",
    "på Säröleden",
    "på Göteborgsvägen",
    "på Varbergsvägen",
    "vid resecentrum",
    "vid infarterna till centrum",
    "på skolvägarna i Åsa",
    "i Frillesås centrum",
    "på Fjäråsvägen",
    "kring högstadieskolorna",
)
_CHECK_FOCUS = (
    "Fokus på hastighet.",
    "Fokus på mopeder och A-traktorer.",
    "Fokus på rattfylleri.",
    "Fokus på hastighet nära skolor.",
    "Fokus på mopeder och A-traktorer, i samarbete med skolorna.",
)
_SHORTFALL = {
    7: " En vecka utan kontroll under semesterperioden.",
    12: " En vecka utan kontroll under jul- och nyårshelgerna.",
}


def _traffic_check_log() -> tuple[Update, ...]:
    rng = random.Random(1384)
    updates = []
    for year, counts in _CHECKS_PER_MONTH.items():
        for month, count in enumerate(counts, start=1):
            first, second = rng.sample(_CHECK_PLACES, 2)
            last_day = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
            text = (
                f"Trafikkontroller i {MONTH_NAMES[month - 1]} {year}: {count} stycken, bland annat "
                f"{first} och {second}. {rng.choice(_CHECK_FOCUS)}{_SHORTFALL.get(month, '')}"
            )
            updates.append(Update(last_day, text, count))
    return tuple(updates)


TRAFFIC_CHECKS = _traffic_check_log()


def traffic_checks_by(day: date) -> int:
    """How many traffic checks the log reports up to and including ``day``."""
    return sum(update.quantity for update in TRAFFIC_CHECKS if update.date <= day)


POLICE_PROMISES_URL = "https://polisen.se/om-polisen/polisens-arbete/medborgarloften/"
_DEMO_VALUE = "Demovärde, inte ett uppmätt resultat."


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


# --- focus area 1: public space ---------------------------------------------------------

PUBLIC_SPACE = FocusAreaSpec(
    title="Trygghet i offentlig miljö",
    description=(
        "Fler ska känna sig trygga på de platser som flest pekade ut i medborgardialogen "
        "2020: resecentrum, gångtunnlarna och Badhusparken."
    ),
    promises=(
        PromiseSpec(
            title="Fler vuxna ute på kvällar och helger",
            text=(
                "Vi ser över hur fler vuxna kan finnas ute där unga är på kvällar och helger, "
                "och vi samordnar nattvandringen så att den blir regelbunden och trygg för "
                "dem som går."
            ),
            problem=(
                "I medborgardialogen 2020 sa många att de saknar vuxna ute på kvällarna, "
                "särskilt vid resecentrum och i Badhusparken."
            ),
            evidence=(
                ("Polisen: medborgarlöften", POLICE_PROMISES_URL),
                ("Nattvandring.nu: om nattvandring", "https://www.nattvandring.nu/"),
            ),
            actions=(
                ActionSpec(
                    title="Se över hur fler vuxna kan finnas ute",
                    description=(
                        "Kommunen och polisen ser över hur fler vuxna kan finnas ute på "
                        "kvällar och helger: fältassistenter, föreningar och nattvandrare.\n\n"
                        "Avbruten i juni 2021: frågan hanteras i stället i samordningen av "
                        "nattvandringen och i fritidsgårdarnas kvällsverksamhet, där samma "
                        "aktörer redan möts. En separat översyn hade inte tillfört något."
                    ),
                    owner="both",
                    responsible="Trygghetssamordnare och kommunpolis",
                    reporter="samordnare",
                    status="cancelled",
                    due_on=date(2021, 6, 30),
                    updates=(
                        Update(
                            date(2021, 3, 15),
                            "Första mötet om översynen med fältassistenterna, fritidsgårdarna "
                            "och Nattvandrarna i Kungsbacka.",
                        ),
                        Update(
                            date(2021, 6, 14),
                            "Styrgruppen beslutade att avbryta översynen och låta frågan ingå "
                            "i samordningen av nattvandringen och fritidsgårdarnas kvällsarbete.",
                        ),
                    ),
                ),
                ActionSpec(
                    title="Utbildning för nattvandrare",
                    description=(
                        "Nya och vana nattvandrare får utbildning i hur man bemöter unga, vad "
                        "man gör när något händer och hur man når polisen."
                    ),
                    owner="partner",
                    partner_name=PARTNER_ORGANISATION,
                    responsible="Nattvandrarnas samordnare, med stöd av trygghetssamordnaren",
                    reporter="samordnare",
                    status="done",
                    target_quantity=1,
                    target_period="year",
                    target_unit="utbildning",
                    updates=(
                        Update(
                            date(2021, 4, 10),
                            "Vårens utbildning ställdes in på grund av pandemins restriktioner; "
                            "den flyttas till hösten.",
                        ),
                        Update(
                            date(2021, 9, 25),
                            "Utbildning för 18 nattvandrare i Kungsbacka stad och Onsala, med "
                            "kommunpolisen på plats.",
                            1,
                            "https://www.nattvandring.nu/",
                        ),
                        Update(
                            date(2022, 4, 2),
                            "Utbildning för 23 nattvandrare, varav 9 nya. Fokus på att möta unga "
                            "vid resecentrum.",
                            1,
                        ),
                    ),
                ),
                ActionSpec(
                    title="Samordningsmöten för nattvandringen",
                    description=(
                        "Nattvandrarna, kommunen och polisen planerar tillsammans när och var "
                        "nattvandringen behövs, utifrån polisens lägesbild."
                    ),
                    owner="both",
                    responsible="Trygghetssamordnare och kommunpolis",
                    reporter="samordnare",
                    status="done",
                    target_quantity=2,
                    target_period="year",
                    target_unit="möten",
                    updates=(
                        Update(
                            date(2021, 2, 10),
                            "Digitalt samordningsmöte: schema för våren, fokus på fredags- och "
                            "lördagskvällar vid resecentrum.",
                            1,
                        ),
                        Update(
                            date(2021, 8, 25),
                            "Samordningsmöte inför hösten. Nattvandring även i Frillesås och "
                            "Åsa efter önskemål från föräldrar.",
                            1,
                        ),
                        Update(
                            date(2022, 2, 9),
                            "Samordningsmöte: vårens schema och extra insatser runt sportlovet.",
                            1,
                        ),
                        Update(
                            date(2022, 8, 24),
                            "Samordningsmöte inför hösten och skolstarten.",
                            1,
                        ),
                    ),
                ),
            ),
            indicators=(
                IndicatorSpec(
                    name="Andel som alltid eller för det mesta känner sig trygga",
                    definition=(
                        "Andel av de svarande i kommunens medborgardialog som svarar att de "
                        "alltid eller för det mesta känner sig trygga."
                    ),
                    unit="%",
                    direction="increase",
                    baseline_value=Decimal("92"),
                    baseline_on=date(2020, 10, 1),
                    target_value=Decimal("93"),
                    target_on=date(2022, 10, 1),
                    values=((date(2022, 10, 1), Decimal("93"), _DEMO_VALUE),),
                ),
            ),
        ),
        PromiseSpec(
            title="Bättre belysning och röjd växtlighet",
            text=(
                "Kommunen förbättrar belysningen och röjer växtlighet vid resecentrum, i "
                "gångtunnlarna och i Badhusparken, så att platserna blir ljusare och lättare "
                "att överblicka."
            ),
            problem=(
                "60 procent sa i medborgardialogen 2020 att det finns platser där de känner "
                "sig otrygga. Flest nämnde resecentrum, gångtunnlarna och Badhusparken, ofta "
                "för att det är mörkt och svårt att se vem som kommer."
            ),
            evidence=(
                ("Kungsbacka kommun", "https://www.kungsbacka.se/"),
                ("Brottsförebyggande rådet (Brå)", "https://bra.se/"),
            ),
            actions=(
                ActionSpec(
                    title="Belysning och röjning vid de utpekade platserna",
                    description=(
                        "Efter en trygghetsvandring med invånare, polisen och fastighetsägare "
                        "byter kommunen ut och kompletterar belysningen och röjer buskar som "
                        "skymmer sikten."
                    ),
                    owner="kommun",
                    responsible="Trygghetssamordnare tillsammans med gatu- och parkenheten",
                    reporter="samordnare",
                    status="done",
                    target_quantity=3,
                    target_unit="platser",
                    due_on=date(2022, 6, 30),
                    updates=(
                        Update(
                            date(2021, 3, 24),
                            "Trygghetsvandring vid resecentrum, gångtunnlarna och Badhusparken "
                            "med invånare, polisen och fastighetsägare. Tolv åtgärder "
                            "prioriterades.",
                        ),
                        Update(
                            date(2021, 5, 20),
                            "Badhusparken: ny belysning längs gångvägarna och buskagen vid "
                            "entréerna är nedklippta.",
                            1,
                        ),
                        Update(
                            date(2021, 10, 14),
                            "Gångtunnlarna: starkare och jämnare belysning, ljusare väggar och "
                            "röjd växtlighet vid tunnelmynningarna.",
                            1,
                        ),
                        Update(
                            date(2022, 4, 28),
                            "Resecentrum: ny belysning på cykelparkeringen och röjd växtlighet "
                            "längs gångvägen mot centrum.",
                            1,
                        ),
                    ),
                ),
            ),
            indicators=(
                IndicatorSpec(
                    name="Andel som anger att det finns platser där de känner sig otrygga",
                    definition=(
                        "Andel av de svarande i kommunens medborgardialog som anger att det "
                        "finns platser i kommunen där de känner sig otrygga."
                    ),
                    unit="%",
                    direction="decrease",
                    baseline_value=Decimal("60"),
                    baseline_on=date(2020, 10, 1),
                    target_value=Decimal("50"),
                    target_on=date(2022, 10, 1),
                    values=((date(2022, 10, 1), Decimal("54"), _DEMO_VALUE),),
                ),
            ),
        ),
        PromiseSpec(
            title="Polisen finns där och när det behövs",
            text=(
                "Polisen är på plats vid de platser och de tider som medborgardialogen pekade "
                "ut, särskilt fredags- och lördagskvällar vid resecentrum och i centrum."
            ),
            problem=(
                "I medborgardialogen 2020 pekade invånarna ut resecentrum, gångtunnlarna och "
                "Badhusparken, främst på kvällar och nätter under helger."
            ),
            evidence=(("Polisen: medborgarlöften", POLICE_PROMISES_URL),),
            actions=(
                ActionSpec(
                    title="Polisiär närvaro vid utpekade platser och tider",
                    description=(
                        "Områdespoliserna planerar sin tid så att de syns vid resecentrum, "
                        "gångtunnlarna och Badhusparken på de tider dialogen pekade ut."
                    ),
                    owner="polis",
                    responsible="Områdespoliserna",
                    reporter="kommunpolis",
                    status="done",
                    updates=(
                        Update(
                            date(2021, 4, 30),
                            "Under våren har polisen varit vid resecentrum de flesta fredags- "
                            "och lördagskvällar, ofta tillsammans med nattvandrarna.",
                        ),
                        Update(
                            date(2021, 10, 31),
                            "Närvaron i Badhusparken ökades under sensommaren efter flera "
                            "anmälningar om ordningsstörningar.",
                        ),
                        Update(
                            date(2022, 6, 30),
                            "Extra närvaro kring skolavslutningen och midsommar i centrum och "
                            "vid resecentrum.",
                        ),
                        Update(
                            date(2022, 12, 15),
                            "Närvaron vid de utpekade platserna har hållits under hela "
                            "perioden; den fortsätter i nästa överenskommelse.",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

# --- focus area 2: traffic --------------------------------------------------------------

TRAFFIC = FocusAreaSpec(
    title="Trafik",
    description=(
        "Färre ska skadas i trafiken, och färre ska störas av vårdslös körning med mopeder "
        "och A-traktorer."
    ),
    promises=(
        PromiseSpec(
            title="Säkrare trafik för unga",
            text=(
                "Kommunen och polisen informerar tillsammans unga om regler och risker med "
                "moped och A-traktor, och tar fram handlingsplaner med de högstadieskolor där "
                "problemen är störst."
            ),
            problem=(
                "I medborgardialogen 2020 nämnde många vårdslös körning med mopeder och "
                "A-traktorer, särskilt kring skolorna och i centrum på kvällarna."
            ),
            evidence=(
                ("Transportstyrelsen", "https://www.transportstyrelsen.se/"),
                ("NTF, Nationalföreningen för trafiksäkerhetens främjande", "https://ntf.se/"),
            ),
            actions=(
                ActionSpec(
                    title="Gemensam information till unga om moped och A-traktor",
                    description=(
                        "Kommunpolisen och skolorna informerar elever i årskurs 8 och 9, och "
                        "deras föräldrar, inför varje säsong."
                    ),
                    owner="both",
                    responsible="Kommunpolis och skolorna",
                    reporter="kommunpolis",
                    status="done",
                    target_quantity=1,
                    target_period="year",
                    target_unit="informationsinsats",
                    updates=(
                        Update(
                            date(2021, 4, 20),
                            "Digital information till elever i årskurs 8 och 9 inför "
                            "mopedsäsongen, med film och frågestund.",
                            1,
                        ),
                        Update(
                            date(2022, 4, 26),
                            "Information på plats i fyra högstadieskolor inför mopedsäsongen.",
                            1,
                        ),
                        Update(
                            date(2022, 9, 15),
                            "Information till föräldrar på föräldramöten i årskurs 8.",
                            1,
                        ),
                    ),
                ),
                ActionSpec(
                    title="Handlingsplaner för högstadieskolorna med störst problem",
                    description=(
                        "Tillsammans med de högstadieskolor där problemen med mopeder och "
                        "A-traktorer är störst tar kommunen och polisen fram en gemensam "
                        "handlingsplan för varje skola."
                    ),
                    owner="both",
                    responsible="Kommunpolis, trygghetssamordnare och skolorna",
                    reporter="kommunpolis",
                    status="done",
                    target_quantity=3,
                    target_unit="handlingsplaner",
                    due_on=date(2022, 6, 30),
                    updates=(
                        Update(
                            date(2021, 6, 10),
                            "Tillsammans med skolorna har vi kartlagt var problemen är störst. "
                            "Tre högstadieskolor valdes ut.",
                        ),
                        Update(
                            date(2021, 11, 30),
                            "Handlingsplaner klara för två av skolorna.",
                            2,
                        ),
                        Update(
                            date(2022, 3, 15),
                            "Handlingsplanen för den tredje skolan är klar.",
                            1,
                        ),
                    ),
                ),
            ),
        ),
        PromiseSpec(
            title="Trafikkontroller varje vecka",
            text=(
                "Polisen gör minst en trafikkontroll i veckan i kommunen, med fokus på "
                "hastighet, rattfylleri, mopeder och A-traktorer."
            ),
            problem=(
                "Många i medborgardialogen 2020 upplevde att det körs för fort, och att "
                "mopeder och A-traktorer körs vårdslöst."
            ),
            evidence=(("Polisen: medborgarlöften", POLICE_PROMISES_URL),),
            actions=(
                ActionSpec(
                    title="Trafikkontroll varje vecka",
                    description=(
                        "Polisen rapporterar antalet kontroller varje månad. Målet är minst "
                        "en kontroll i veckan under hela perioden."
                    ),
                    owner="polis",
                    responsible="Områdespoliserna och kommunpolisen",
                    reporter="kommunpolis",
                    status="done",
                    outcome_note=(
                        "98 kontroller av de 104 som målet krävde. Under semesterveckorna "
                        "och jul- och nyårshelgerna båda åren fanns inte personal för en "
                        "kontroll varje vecka; de övriga veckorna gjordes minst en."
                    ),
                    target_quantity=1,
                    target_period="week",
                    target_unit="trafikkontroll",
                    updates=TRAFFIC_CHECKS,
                ),
            ),
            indicators=(
                IndicatorSpec(
                    name="Antal genomförda trafikkontroller",
                    definition=(
                        "Antal trafikkontroller sedan överenskommelsen började gälla, enligt "
                        "polisens månadsrapporter."
                    ),
                    unit="kontroller",
                    direction="increase",
                    baseline_value=Decimal("0"),
                    baseline_on=START,
                    target_value=Decimal("104"),
                    target_on=END,
                    values=(
                        (date(2021, 12, 31), Decimal(traffic_checks_by(date(2021, 12, 31))), ""),
                        (date(2022, 12, 31), Decimal(traffic_checks_by(date(2022, 12, 31))), ""),
                    ),
                ),
            ),
        ),
    ),
)

# --- focus area 3: drugs ----------------------------------------------------------------

DRUGS = FocusAreaSpec(
    title="Narkotikaprevention",
    description=("Färre unga ska börja använda narkotika, och föräldrar ska veta vad de kan göra."),
    promises=(
        PromiseSpec(
            title="Kunskap till föräldrar och ett samlat förebyggande arbete",
            text=(
                "Kommunen har en ANDTS-samordnare som håller ihop det förebyggande arbetet. "
                "Föräldrar får en föreläsning om året och föräldrabrev tre gånger om året."
            ),
            problem=(
                "I medborgardialogen 2020 oroade sig många för att narkotika blivit lättare "
                "för unga att få tag på, och föräldrar efterfrågade mer kunskap."
            ),
            evidence=(
                (
                    "Centralförbundet för alkohol- och narkotikaupplysning (CAN)",
                    "https://www.can.se/",
                ),
                ("Kungsbacka kommun", "https://www.kungsbacka.se/"),
            ),
            actions=(
                ActionSpec(
                    title="En kommunal ANDTS-samordnare",
                    description=(
                        "Kommunen inrättar en tjänst som ANDTS-samordnare (alkohol, narkotika, "
                        "dopning, tobak och spel) som samordnar det förebyggande arbetet."
                    ),
                    owner="kommun",
                    responsible="Kommunen",
                    reporter="samordnare",
                    status="done",
                    target_quantity=1,
                    target_unit="tjänst",
                    due_on=date(2021, 6, 30),
                    updates=(
                        Update(
                            date(2021, 3, 1),
                            "ANDTS-samordnaren har börjat och ingår i kommunens "
                            "brottsförebyggande arbetsgrupp.",
                            1,
                        ),
                    ),
                ),
                ActionSpec(
                    title="Föräldraföreläsning",
                    description="En föreläsning om året för föräldrar om unga och narkotika.",
                    owner="kommun",
                    responsible="ANDTS-samordnare",
                    reporter="samordnare",
                    status="done",
                    target_quantity=1,
                    target_period="year",
                    target_unit="föreläsning",
                    updates=(
                        Update(
                            date(2021, 10, 12),
                            "Digital föreläsning om unga och narkotika; cirka 250 föräldrar "
                            "deltog.",
                            1,
                        ),
                        Update(
                            date(2022, 10, 18),
                            "Föreläsning i Kungsbacka teater med ANDTS-samordnaren och "
                            "kommunpolisen; cirka 180 föräldrar deltog.",
                            1,
                        ),
                    ),
                ),
                ActionSpec(
                    title="Föräldrabrev",
                    description=(
                        "Kommunen och polisen skickar brev till föräldrar med barn i "
                        "högstadiet inför sportlovet, sommarlovet och jullovet."
                    ),
                    owner="both",
                    responsible="ANDTS-samordnare och kommunpolis",
                    reporter="samordnare",
                    status="done",
                    target_quantity=3,
                    target_period="year",
                    target_unit="föräldrabrev",
                    updates=(
                        Update(date(2021, 2, 15), "Föräldrabrev inför sportlovet.", 1),
                        Update(date(2021, 6, 7), "Föräldrabrev inför sommarlovet.", 1),
                        Update(date(2021, 12, 13), "Föräldrabrev inför jullovet.", 1),
                        Update(date(2022, 2, 14), "Föräldrabrev inför sportlovet.", 1),
                        Update(date(2022, 6, 7), "Föräldrabrev inför sommarlovet.", 1),
                        Update(
                            date(2022, 12, 12),
                            "Föräldrabrev inför jullovet, nu även på engelska och arabiska.",
                            1,
                        ),
                    ),
                ),
            ),
        ),
        PromiseSpec(
            title="Polisen nära skolorna och de unga",
            text=(
                "Polisen gör kontroller vid skolorna tillsammans med skolorna, och fem "
                "områdespoliser har extra fokus på unga."
            ),
            problem=(
                "Polisens lägesbild och medborgardialogen 2020 visade att unga erbjuds "
                "narkotika i och kring skolorna."
            ),
            evidence=(("Polisen: medborgarlöften", POLICE_PROMISES_URL),),
            actions=(
                ActionSpec(
                    title="Kontroller vid skolorna tillsammans med skolorna",
                    description=(
                        "Polisen gör kontroller vid skolorna, planerade tillsammans med "
                        "skolledningen."
                    ),
                    owner="polis",
                    responsible="Områdespoliserna och skolorna",
                    reporter="kommunpolis",
                    status="done",
                    target_quantity=2,
                    target_period="year",
                    target_unit="kontroller",
                    updates=(
                        Update(date(2021, 5, 19), "Kontroll vid två högstadieskolor.", 1),
                        Update(date(2021, 11, 17), "Kontroll vid gymnasieskolorna i centrum.", 1),
                        Update(date(2022, 3, 23), "Kontroll vid tre högstadieskolor.", 1),
                        Update(date(2022, 10, 5), "Kontroll vid gymnasieskolorna i centrum.", 1),
                    ),
                ),
                ActionSpec(
                    title="Fem områdespoliser med extra fokus på unga",
                    description=(
                        "Fem områdespoliser arbetar särskilt med unga: de besöker skolor och "
                        "fritidsgårdar och är kända ansikten för ungdomarna."
                    ),
                    owner="polis",
                    responsible="Lokalpolisområdeschefen",
                    reporter="kommunpolis",
                    status="done",
                    target_quantity=5,
                    target_unit="områdespoliser",
                    due_on=date(2021, 3, 31),
                    updates=(
                        Update(
                            date(2021, 1, 18),
                            "Fem områdespoliser är utsedda att arbeta med extra fokus på unga.",
                            5,
                        ),
                        Update(
                            date(2022, 6, 20),
                            "Områdespoliserna har under läsåret besökt alla högstadieskolor "
                            "och fritidsgårdar minst två gånger.",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

AGREEMENT = AgreementSpec(
    title="Medborgarlöften för Kungsbacka 2021–2022",
    summary=(
        "Kungsbacka kommun och Lokalpolisområde Kungsbacka lovar tillsammans invånarna att "
        "arbeta med tre områden under 2021 och 2022: trygghet i offentlig miljö, trafik och "
        "narkotikaprevention.\n\n"
        "Löftena bygger på medborgardialogen 2020. Där svarade 92 procent att de alltid "
        "eller för det mesta känner sig trygga. Samtidigt sa 60 procent att det finns "
        "platser där de känner sig otrygga; flest nämnde resecentrum, gångtunnlarna och "
        "Badhusparken.\n\n"
        "Här kan du följa vad kommunen och polisen har gjort för att hålla löftena."
    ),
    starts_on=START,
    ends_on=END,
    drafted_at=_at(date(2020, 11, 16), 9),
    signed_on=date(2020, 12, 10),
    published_at=_at(date(2020, 12, 17), 9),
    ended_at=_at(date(2023, 1, 16), 9),
    signatories=(
        # Signed by office, not by name: the demo names no real person.
        SignatorySpec("", "Kommunstyrelsens ordförande", MUNICIPAL_ORGANISATION),
        SignatorySpec("", "Lokalpolisområdeschef", POLICE_ORGANISATION),
    ),
    focus_areas=(PUBLIC_SPACE, TRAFFIC, DRUGS),
)
