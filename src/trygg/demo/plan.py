"""The Kungsbacka demo's åtgärdsplan 2021–2022, in Brå's form.

The causes are what the 2020 dialogue and the joint situation picture showed (92 %
feel safe; 60 % name unsafe places, most the travel centre, the pedestrian tunnels
and Badhusparken; youth traffic with mopeds and A-tractors; drugs among the young).
Each measure leads to one of the agreement's actions (matched by the action's title)
and carries the follow-up the steering group was shown. The figures are the public
record's; the follow-up comments are the demo's story.
"""

from dataclasses import dataclass
from datetime import date

from .kungsbacka import MUNICIPAL_ORGANISATION, PARTNER_ORGANISATION, POLICE_ORGANISATION

DIALOGUE_2020 = "Medborgardialogen 2020 (Kungsbacka kommun och polisen)"
SITUATION_2020 = "Kommunens och polisens gemensamma lägesbild 2020"


@dataclass(frozen=True)
class EvidenceSpec:
    kind: str
    label: str
    figure: str = ""
    source: str = ""
    public: bool = True


@dataclass(frozen=True)
class ProblemSpec:
    key: str
    title: str
    description: str
    evidence: tuple[EvidenceSpec, ...]
    staff_note: str = ""


@dataclass(frozen=True)
class FollowUpSpec:
    date: date
    status: str
    comment: str
    reporter: str = "samordnare"


@dataclass(frozen=True)
class MeasureSpec:
    title: str
    problems: tuple[str, ...]
    operational_goal: str
    responsible: str
    organisations: tuple[str, ...]
    action: str
    """The title of the agreement's action that carries the measure out."""
    follow_ups: tuple[FollowUpSpec, ...]
    starts_on: date | None = date(2021, 1, 1)
    ends_on: date | None = date(2022, 12, 31)
    term: str = ""


PROBLEMS = (
    ProblemSpec(
        key="places",
        title="Otrygghet vid resecentrum, i gångtunnlarna och i Badhusparken",
        description=(
            "De flesta känner sig trygga, men sex av tio säger att det finns platser där de "
            "känner sig otrygga. Flest nämner resecentrum, gångtunnlarna och Badhusparken, "
            "främst på kvällar och helger."
        ),
        evidence=(
            EvidenceSpec(
                "survey_figure",
                "Känner sig alltid eller för det mesta trygga",
                "92 %",
                DIALOGUE_2020,
            ),
            EvidenceSpec(
                "survey_figure",
                "Säger att det finns platser där de känner sig otrygga",
                "60 %",
                DIALOGUE_2020,
            ),
            EvidenceSpec(
                "place",
                "Resecentrum, gångtunnlarna och Badhusparken",
                "De platser som flest nämnde som otrygga",
                DIALOGUE_2020,
            ),
        ),
        staff_note="Polisen bekräftar ordningsstörningar vid resecentrum fredag och lördag kväll.",
    ),
    ProblemSpec(
        key="lighting",
        title="Mörka och igenvuxna platser",
        description=(
            "Många som pekade ut otrygga platser angav mörker och skymmande buskage som skäl, "
            "särskilt i och vid gångtunnlarna."
        ),
        evidence=(
            EvidenceSpec(
                "other",
                "Skälen invånarna angav för de otrygga platserna",
                "Dålig belysning och skymmande växtlighet nämns oftast",
                DIALOGUE_2020,
            ),
        ),
    ),
    ProblemSpec(
        key="traffic",
        title="Ungas trafiksäkerhet: mopeder och A-traktorer",
        description=(
            "Skolorna och polisen ser risker i trafiken med mopeder och A-traktorer, mest "
            "kring några högstadieskolor, och invånarna oroar sig för hastigheten."
        ),
        evidence=(
            EvidenceSpec(
                "other",
                "Mopeder och A-traktorer kring högstadieskolorna",
                "Återkommande i skolornas och polisens rapporter",
                SITUATION_2020,
            ),
        ),
        staff_note="Två skolor har bett om gemensamma insatser; namnen står i polisens lägesbild.",
    ),
    ProblemSpec(
        key="drugs",
        title="Narkotika bland unga",
        description=(
            "Polisen och skolorna ser att unga kommer i kontakt med narkotika, och föräldrar "
            "efterfrågar kunskap."
        ),
        evidence=(
            EvidenceSpec(
                "other",
                "Polisens iakttagelser om narkotika bland unga",
                "Fler ärenden med unga än tidigare år",
                SITUATION_2020,
                public=False,
            ),
        ),
    ),
)

_MUNICIPALITY = MUNICIPAL_ORGANISATION
_POLICE = POLICE_ORGANISATION
_PARTNER = PARTNER_ORGANISATION

MEASURES = (
    MeasureSpec(
        title="Fler vuxna ute på kvällar och helger",
        problems=("places",),
        operational_goal="En översyn av hur fler vuxna kan finnas ute, klar till sommaren 2021",
        responsible=_MUNICIPALITY,
        organisations=(_POLICE, _PARTNER),
        action="Se över hur fler vuxna kan finnas ute",
        ends_on=date(2021, 6, 30),
        follow_ups=(
            FollowUpSpec(date(2021, 4, 15), "yellow", "Översynen har startat men går långsamt."),
            FollowUpSpec(
                date(2021, 6, 30),
                "red",
                "Avbruten: frågan hanteras i samordningen av nattvandringen i stället.",
            ),
        ),
    ),
    MeasureSpec(
        title="Utbildning för nattvandrare",
        problems=("places",),
        operational_goal="Minst en utbildning för nattvandrare per år",
        responsible=_PARTNER,
        organisations=(_MUNICIPALITY,),
        action="Utbildning för nattvandrare",
        follow_ups=(
            FollowUpSpec(date(2021, 12, 15), "green", "Årets utbildning är genomförd."),
            FollowUpSpec(date(2022, 12, 15), "green", "Två utbildningar under 2022."),
        ),
    ),
    MeasureSpec(
        title="Samordnad nattvandring",
        problems=("places",),
        operational_goal="Minst två samordningsmöten för nattvandringen per år",
        responsible=_MUNICIPALITY,
        organisations=(_POLICE, _PARTNER),
        action="Samordningsmöten för nattvandringen",
        follow_ups=(
            FollowUpSpec(date(2021, 12, 15), "green", "Två möten hölls under 2021."),
            FollowUpSpec(date(2022, 12, 15), "green", "Målet nåddes även 2022."),
        ),
    ),
    MeasureSpec(
        title="Belysning och röjning vid resecentrum, tunnlarna och Badhusparken",
        problems=("places", "lighting"),
        operational_goal="Ny eller bättre belysning och röjd växtlighet på de utpekade platserna",
        responsible=_MUNICIPALITY,
        organisations=(),
        action="Belysning och röjning vid de utpekade platserna",
        follow_ups=(
            FollowUpSpec(
                date(2021, 9, 30),
                "yellow",
                "Röjningen är klar; belysningen i en av tunnlarna är försenad.",
            ),
            FollowUpSpec(date(2022, 6, 30), "green", "Belysningen är på plats vid alla platserna."),
        ),
    ),
    MeasureSpec(
        title="Polisen på utpekade platser och tider",
        problems=("places",),
        operational_goal="Polisiär närvaro vid resecentrum och i centrum fredag och lördag kväll",
        responsible=_POLICE,
        organisations=(),
        action="Polisiär närvaro vid utpekade platser och tider",
        follow_ups=(
            FollowUpSpec(
                date(2022, 12, 15), "green", "Närvaro enligt planen.", reporter="kommunpolis"
            ),
        ),
    ),
    MeasureSpec(
        title="Information till unga om moped och A-traktor",
        problems=("traffic",),
        operational_goal="Gemensam information i alla högstadieskolor varje läsår",
        responsible=_POLICE,
        organisations=(_MUNICIPALITY,),
        action="Gemensam information till unga om moped och A-traktor",
        starts_on=None,
        ends_on=None,
        term="Varje läsår, på hösten",
        follow_ups=(
            FollowUpSpec(
                date(2022, 12, 15), "green", "Alla skolor nåddes.", reporter="kommunpolis"
            ),
        ),
    ),
    MeasureSpec(
        title="Handlingsplaner för högstadieskolorna med störst problem",
        problems=("traffic",),
        operational_goal="En gemensam handlingsplan för varje utpekad skola",
        responsible=_MUNICIPALITY,
        organisations=(_POLICE,),
        action="Handlingsplaner för högstadieskolorna med störst problem",
        follow_ups=(
            FollowUpSpec(date(2021, 12, 15), "yellow", "En av två planer är klar."),
            FollowUpSpec(date(2022, 6, 30), "green", "Båda planerna är klara."),
        ),
    ),
    MeasureSpec(
        title="Trafikkontroller",
        problems=("traffic",),
        operational_goal="Minst en trafikkontroll i veckan",
        responsible=_POLICE,
        organisations=(),
        action="Trafikkontroll varje vecka",
        follow_ups=(
            FollowUpSpec(
                date(2021, 12, 15),
                "yellow",
                "Några veckor utan kontroll under sommaren.",
                reporter="kommunpolis",
            ),
            FollowUpSpec(
                date(2022, 12, 15), "green", "Kontroll varje vecka.", reporter="kommunpolis"
            ),
        ),
    ),
    MeasureSpec(
        title="En ANDTS-samordnare",
        problems=("drugs",),
        operational_goal="En kommunal ANDTS-samordnare anställd under 2021",
        responsible=_MUNICIPALITY,
        organisations=(),
        action="En kommunal ANDTS-samordnare",
        follow_ups=(FollowUpSpec(date(2021, 12, 15), "green", "Samordnaren är på plats."),),
    ),
    MeasureSpec(
        title="Föräldraföreläsning",
        problems=("drugs",),
        operational_goal="En föräldraföreläsning per år",
        responsible=_MUNICIPALITY,
        organisations=(_POLICE,),
        action="Föräldraföreläsning",
        follow_ups=(FollowUpSpec(date(2022, 12, 15), "green", "En föreläsning varje år."),),
    ),
    MeasureSpec(
        title="Föräldrabrev",
        problems=("drugs",),
        operational_goal="Föräldrabrev tre gånger om året",
        responsible=_MUNICIPALITY,
        organisations=(_POLICE,),
        action="Föräldrabrev",
        follow_ups=(FollowUpSpec(date(2022, 12, 15), "green", "Tre brev varje år."),),
    ),
    MeasureSpec(
        title="Kontroller vid skolorna",
        problems=("drugs",),
        operational_goal="Kontroller vid skolorna tillsammans med skolorna, varje termin",
        responsible=_POLICE,
        organisations=(_MUNICIPALITY,),
        action="Kontroller vid skolorna tillsammans med skolorna",
        follow_ups=(
            FollowUpSpec(
                date(2022, 12, 15), "green", "Genomfört varje termin.", reporter="kommunpolis"
            ),
        ),
    ),
    MeasureSpec(
        title="Områdespoliser med fokus på unga",
        problems=("drugs",),
        operational_goal="Fem områdespoliser med extra fokus på unga",
        responsible=_POLICE,
        organisations=(),
        action="Fem områdespoliser med extra fokus på unga",
        follow_ups=(
            FollowUpSpec(
                date(2021, 12, 15), "green", "Alla fem är på plats.", reporter="kommunpolis"
            ),
        ),
    ),
)

PLAN_TITLE = "Åtgärdsplan för trygghet i Kungsbacka 2021–2022"
PLAN_DECIDED_ON = date(2020, 12, 3)
PLAN_DECIDED_BY = "Styrgruppen för samverkan mellan Kungsbacka kommun och polisen"
SITUATION_YEAR = 2020
