"""The question bank: standard Swedish safety questions, as survey content.

The wording follows the style of the police's local safety surveys
(trygghetsmätningar) and Brå's national crime survey (Nationella
trygghetsundersökningen, NTU), so that a municipality's figures can be read
beside those. Questions are content in Swedish, like the agreements' promises; the
keys and option values are stable codes that stay the same from year to year.
"""

from dataclasses import dataclass, field

LIKERT_SAFE = (
    ("very_safe", "Mycket trygg"),
    ("fairly_safe", "Ganska trygg"),
    ("fairly_unsafe", "Ganska otrygg"),
    ("very_unsafe", "Mycket otrygg"),
    ("never_out", "Går aldrig ut ensam sent på kvällen"),
)
TRUST = (
    ("very_high", "Mycket stort"),
    ("fairly_high", "Ganska stort"),
    ("fairly_low", "Ganska litet"),
    ("very_low", "Mycket litet"),
    ("no_opinion", "Ingen uppfattning"),
)


@dataclass(frozen=True)
class BankQuestion:
    key: str
    kind: str
    text: str
    options: tuple[tuple[str, str], ...] = ()
    help_text: str = ""
    required: bool = False
    number_min: int | None = None
    number_max: int | None = None
    topics: tuple[str, ...] = field(default=())


QUESTION_BANK: tuple[BankQuestion, ...] = (
    BankQuestion(
        key="area",
        kind="area",
        text="I vilket område bor du?",
        help_text="Välj det område som ligger närmast där du bor.",
        required=True,
        topics=("background",),
    ),
    BankQuestion(
        key="age_group",
        kind="age_group",
        text="Hur gammal är du?",
        options=(
            ("16-24", "16–24 år"),
            ("25-44", "25–44 år"),
            ("45-64", "45–64 år"),
            ("65-84", "65–84 år"),
            ("85-", "85 år eller äldre"),
        ),
        required=True,
        topics=("background",),
    ),
    BankQuestion(
        key="gender",
        kind="gender",
        text="Vilket kön har du?",
        options=(
            ("woman", "Kvinna"),
            ("man", "Man"),
            ("other", "Annat"),
            ("no_answer", "Vill inte svara"),
        ),
        topics=("background",),
    ),
    BankQuestion(
        key="feel_safe",
        kind="single",
        text="Känner du dig trygg i ditt bostadsområde?",
        options=(
            ("always", "Alltid"),
            ("mostly", "För det mesta"),
            ("seldom", "Sällan"),
            ("never", "Aldrig"),
        ),
        required=True,
        topics=("safety",),
    ),
    BankQuestion(
        key="safe_evening",
        kind="single",
        text=(
            "Hur trygg eller otrygg känner du dig om du går ut ensam sent en kväll "
            "i ditt bostadsområde?"
        ),
        options=LIKERT_SAFE,
        topics=("safety",),
    ),
    BankQuestion(
        key="worry_crime",
        kind="single",
        text=(
            "Hur ofta har du under de senaste 12 månaderna varit orolig för att utsättas för brott?"
        ),
        options=(
            ("never", "Aldrig"),
            ("occasionally", "Någon enstaka gång"),
            ("fairly_often", "Ganska ofta"),
            ("very_often", "Mycket ofta"),
        ),
        topics=("safety",),
    ),
    BankQuestion(
        key="local_problems",
        kind="multiple",
        text="Vilka av följande ser du som problem i ditt bostadsområde?",
        help_text="Välj alla som stämmer.",
        options=(
            ("littering", "Nedskräpning"),
            ("vandalism", "Skadegörelse och klotter"),
            ("fights", "Bråk och slagsmål utomhus"),
            ("drug_dealing", "Öppen narkotikahandel"),
            ("intoxicated", "Personer som är påverkade av alkohol eller narkotika"),
            ("mopeds", "Hänsynslös körning med moped eller A-traktor"),
            ("speeding", "Fortkörning"),
            ("poor_lighting", "Dålig belysning"),
            ("vegetation", "Buskar och sly som skymmer"),
            ("gatherings", "Grupper som stör eller hotar andra"),
            ("none", "Inget av detta"),
        ),
        topics=("problems",),
    ),
    BankQuestion(
        key="victim_12m",
        kind="multiple",
        text="Har du under de senaste 12 månaderna utsatts för något av följande i kommunen?",
        help_text="Välj alla som stämmer.",
        options=(
            ("theft", "Stöld"),
            ("vandalism", "Skadegörelse"),
            ("threat", "Hot"),
            ("assault", "Misshandel"),
            ("fraud", "Bedrägeri"),
            ("sexual_offence", "Sexualbrott"),
            ("harassment", "Trakasserier"),
            ("none", "Inget av detta"),
        ),
        topics=("victimisation",),
    ),
    BankQuestion(
        key="unsafe_places",
        kind="places",
        text="Finns det platser i kommunen där du känner dig otrygg? Markera dem på kartan.",
        help_text="Du kan markera flera platser och berätta varför och när du känner dig otrygg.",
        topics=("places",),
    ),
    BankQuestion(
        key="trust_police",
        kind="single",
        text="Hur stort förtroende har du för polisens arbete i ditt bostadsområde?",
        options=TRUST,
        topics=("trust",),
    ),
    BankQuestion(
        key="trust_municipality",
        kind="single",
        text="Hur stort förtroende har du för kommunens arbete för trygghet i ditt bostadsområde?",
        options=TRUST,
        topics=("trust",),
    ),
    BankQuestion(
        key="years_resident",
        kind="number",
        text="Hur många år har du bott i kommunen?",
        number_min=0,
        number_max=110,
        topics=("background",),
    ),
    BankQuestion(
        key="suggestions",
        kind="text",
        text="Vad tycker du att kommunen och polisen ska göra för att det ska bli tryggare?",
        help_text="Skriv inte namn, telefonnummer eller annat som kan peka ut någon.",
        topics=("suggestions",),
    ),
)

BANK_BY_KEY = {question.key: question for question in QUESTION_BANK}

# The reasons and times a respondent can give for an unsafe place.
PLACE_REASONS = (
    ("dark", "Mörkt eller dålig belysning"),
    ("gathering", "Folk som samlas"),
    ("drugs", "Narkotika"),
    ("traffic", "Trafiken"),
    ("isolated", "Avskilt, ingen annan i närheten"),
    ("earlier_incident", "Något har hänt där tidigare"),
    ("other", "Annat"),
)
PLACE_TIMES = (
    ("day", "Dagtid"),
    ("evening", "Kvällstid"),
    ("night", "Natt"),
    ("weekend", "Helger"),
)
