"""The question bank: standard Swedish safety questions, as survey content.

The wording follows the style of the police's local safety surveys
(trygghetsmätningar) and Brå's national crime survey (Nationella
trygghetsundersökningen, NTU), so that a municipality's figures can be read
beside those. Questions are survey content, written in Swedish first, with an English
version so that residents who read English better can answer too; the keys and
option values are stable codes that stay the same from year to year.

The background answers and the reasons and times of an unsafe place are not survey
content but part of the product, translated like the interface: age groups and genders
are ``Response.AgeGroup`` and ``Response.Gender`` (responses are weighted against the
population by them, so a survey takes them as they are), the reasons and times
``PlaceMark.Reason`` and ``PlaceMark.Time`` (the heat map counts them).
"""

from collections.abc import Mapping
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


LIKERT_SAFE_EN = {
    "very_safe": "Very safe",
    "fairly_safe": "Fairly safe",
    "fairly_unsafe": "Fairly unsafe",
    "very_unsafe": "Very unsafe",
    "never_out": "I never go out alone late in the evening",
}
TRUST_EN = {
    "very_high": "Very high",
    "fairly_high": "Fairly high",
    "fairly_low": "Fairly low",
    "very_low": "Very low",
    "no_opinion": "No opinion",
}


@dataclass(frozen=True)
class English:
    """A question's English version: its text, help text and option labels by value."""

    text: str
    help_text: str = ""
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BankQuestion:
    key: str
    kind: str
    text: str
    english: English
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
        english=English(
            text="Which area do you live in?",
            help_text="Choose the area closest to where you live.",
        ),
        topics=("background",),
    ),
    BankQuestion(
        key="age_group",
        kind="age_group",
        text="Hur gammal är du?",
        required=True,
        english=English(text="How old are you?"),
        topics=("background",),
    ),
    BankQuestion(
        key="gender",
        kind="gender",
        text="Vilket kön har du?",
        english=English(text="What is your gender?"),
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
        english=English(
            text="Do you feel safe in your neighbourhood?",
            options={
                "always": "Always",
                "mostly": "Most of the time",
                "seldom": "Seldom",
                "never": "Never",
            },
        ),
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
        english=English(
            text=(
                "How safe or unsafe do you feel if you go out alone late in the evening "
                "in your neighbourhood?"
            ),
            options=LIKERT_SAFE_EN,
        ),
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
        english=English(
            text=(
                "In the last 12 months, how often have you been worried about "
                "becoming a victim of crime?"
            ),
            options={
                "never": "Never",
                "occasionally": "Once or a few times",
                "fairly_often": "Fairly often",
                "very_often": "Very often",
            },
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
        english=English(
            text="Which of the following do you see as problems in your neighbourhood?",
            help_text="Choose all that apply.",
            options={
                "littering": "Littering",
                "vandalism": "Vandalism and graffiti",
                "fights": "Fights outdoors",
                "drug_dealing": "Open drug dealing",
                "intoxicated": "People under the influence of alcohol or drugs",
                "mopeds": "Reckless driving of mopeds or A-tractors",
                "speeding": "Speeding",
                "poor_lighting": "Poor lighting",
                "vegetation": "Bushes and undergrowth that block the view",
                "gatherings": "Groups who disturb or threaten others",
                "none": "None of these",
            },
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
        english=English(
            text=(
                "In the last 12 months, have you been subjected to any of the following "
                "in the municipality?"
            ),
            help_text="Choose all that apply.",
            options={
                "theft": "Theft",
                "vandalism": "Vandalism",
                "threat": "Threats",
                "assault": "Assault",
                "fraud": "Fraud",
                "sexual_offence": "Sexual offence",
                "harassment": "Harassment",
                "none": "None of these",
            },
        ),
        topics=("victimisation",),
    ),
    BankQuestion(
        key="unsafe_places",
        kind="places",
        text="Finns det platser i kommunen där du känner dig otrygg? Markera dem på kartan.",
        help_text="Du kan markera flera platser och berätta varför och när du känner dig otrygg.",
        english=English(
            text=(
                "Are there places in the municipality where you feel unsafe? Mark them on the map."
            ),
            help_text="You can mark several places and tell us why and when you feel unsafe.",
        ),
        topics=("places",),
    ),
    BankQuestion(
        key="trust_police",
        kind="single",
        text="Hur stort förtroende har du för polisens arbete i ditt bostadsområde?",
        options=TRUST,
        english=English(
            text="How much confidence do you have in the work of the police in your neighbourhood?",
            options=TRUST_EN,
        ),
        topics=("trust",),
    ),
    BankQuestion(
        key="trust_municipality",
        kind="single",
        text="Hur stort förtroende har du för kommunens arbete för trygghet i ditt bostadsområde?",
        options=TRUST,
        english=English(
            text=(
                "How much confidence do you have in the municipality's work for safety "
                "in your neighbourhood?"
            ),
            options=TRUST_EN,
        ),
        topics=("trust",),
    ),
    BankQuestion(
        key="years_resident",
        kind="number",
        text="Hur många år har du bott i kommunen?",
        number_min=0,
        number_max=110,
        english=English(text="How many years have you lived in the municipality?"),
        topics=("background",),
    ),
    BankQuestion(
        key="suggestions",
        kind="text",
        text="Vad tycker du att kommunen och polisen ska göra för att det ska bli tryggare?",
        help_text="Skriv inte namn, telefonnummer eller annat som kan peka ut någon.",
        english=English(
            text="What do you think the municipality and the police should do to make it safer?",
            help_text=(
                "Do not write names, phone numbers or anything else that could identify someone."
            ),
        ),
        topics=("suggestions",),
    ),
)

BANK_BY_KEY = {question.key: question for question in QUESTION_BANK}
