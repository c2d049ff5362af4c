"""The Kungsbacka demo's citizen dialogue: population, the 2020 and 2022 surveys, one open.

The 2020 survey and the 2022 follow-up are closed and their results published; the
2026 survey is open (``open_wave``), dated from the day the demo is loaded, with
the open link on, letter codes made and some responses in.

What the public record says (DESIGN.md): in the 2020 dialogue 92 % always or mostly
felt safe and 60 % said there are places where they feel unsafe, naming most often
the travel centre, the pedestrian tunnels and Badhusparken. The demo reproduces
those figures *after weighting*, from synthetic respondents:

- The population is ``data/kungsbacka-befolkning-2020-2022.csv``, a table in the
  layout SCB's Statistikdatabasen exports (Windows-1252, semicolons, a title line
  and notes): invented but plausible counts of Kungsbacka's residents aged 16 and
  over (about 65,000 of some 84,000) by demo district, age group and sex, for 2020
  and 2022. It is imported with ``population.services.import_population``, as a
  coordinator would import SCB's file.
- Respondents are drawn from a generator with a fixed seed, deliberately
  unrepresentative, as real postal surveys are: women aged 45–64 and older people
  answer far more often than young men, Kullavik and Särö more than the town
  centre. Their answers depend on who they are (young people, women and those living
  near the centre feel less safe and mark more places), so weighting visibly moves
  the figures.
- The respondents who feel unsafe, and those who mark places, are chosen by a
  weighted random draw in which each respondent's chance follows those traits, and
  the draw stops when the *weighted* share reaches the wave's figure. So the weighted
  estimate is the published one (to about a tenth of a percentage point), while the
  unweighted share is off by as much as the skewed sample makes it.
- Place marks cluster at Kungsbacka resecentrum, at three pedestrian tunnels
  (under the railway by the station, under Hedeleden at Hede, under the E6 at
  Kungsmässan) and in Badhusparken, mostly in the evening and at night; a few are
  elsewhere. Some comments are written with a phone number, an e-mail address, a
  plate or a neighbour's name in them, so that the scrubbing shows.

The responses enter as residents' do, through ``dialogue.submission`` (its bulk form,
``submit_responses``): every answer checked, free text scrubbed, places given their
cells and areas, invitation codes issued and spent. The weights that steer the draw
are computed beforehand from who answered (``population.services.calibrate``), and
are the ones ``weight_survey`` then stores.

Loading is idempotent: a survey whose responses are already the demo's is left as
it is (its weights are recomputed only if they are out of date); one that differs is
rebuilt.
"""

import math
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from django.db import transaction
from django.utils import timezone

from trygg.core.planner import refresh_statistics
from trygg.dialogue.bank import QUESTION_BANK
from trygg.dialogue.models import Answer, PlaceMark, Response, Survey, swedish_today
from trygg.dialogue.services import close_survey, copy_survey, create_survey, open_survey
from trygg.dialogue.submission import (
    Submission,
    create_invitations,
    format_code,
    hash_code,
    make_codes,
    submit_responses,
)
from trygg.geo.models import Area
from trygg.geo.selectors import municipality_areas
from trygg.insight import snapshots
from trygg.population.models import PopulationCount, ResponseWeight
from trygg.population.selectors import population_cells, weighting_status
from trygg.population.services import calibrate, import_population, weight_survey
from trygg.tenancy.models import Municipality

POPULATION_FILE = Path(__file__).parent / "data" / "kungsbacka-befolkning-2020-2022.csv"
POPULATION_YEARS = (2020, 2022)

SURVEY_TITLE = "Trygghetsundersökning"
SURVEY_INTRODUCTION = (
    "Kungsbacka kommun och lokalpolisområde Kungsbacka vill veta hur trygg du känner dig "
    "där du bor och var i kommunen du känner dig otrygg. Svaren är anonyma och används för "
    "att bestämma vad kommunen och polisen ska göra tillsammans de kommande åren."
)
SURVEY_TITLE_EN = "Safety survey"
SURVEY_INTRODUCTION_EN = (
    "Kungsbacka municipality and the Kungsbacka local police want to know how safe you "
    "feel where you live and where in the municipality you feel unsafe. The answers are "
    "anonymous and decide what the municipality and the police will do together in the "
    "coming years."
)
# Keys of the demo's submissions: stable, so a second load recognises the first's.
KEY_NAMESPACE = uuid.UUID("3f1c9e0a-6a52-4c1e-9a43-1384d1a10920")


@dataclass(frozen=True)
class Wave:
    """One year's survey: how many answer, and the weighted figures it reproduces."""

    year: int
    seed: int
    respondents: int
    feel_safe: float  # weighted share answering feel_safe "always" or "mostly"
    marks_place: float  # weighted share marking at least one unsafe place
    opens_on: date
    closes_on: date
    # 0 in 2020, 1 in 2022: better lighting, fewer problems, a little more trust.
    progress: float


WAVES = (
    Wave(2020, 2020, 1200, 0.92, 0.60, date(2020, 9, 1), date(2020, 9, 30), 0.0),
    Wave(2022, 2022, 1000, 0.93, 0.54, date(2022, 9, 1), date(2022, 9, 30), 1.0),
)

# The survey under way: opened OPEN_SINCE days before the demo is loaded, its last day
# OPEN_FOR days after, so that residents can answer it whenever the demo is loaded.
# Its population is the latest one the demo has; it is not weighted, and its results
# are not published while it is open.
OPEN_SURVEY_YEAR = 2026
OPEN_SURVEY_SEED = 2026
OPEN_SURVEY_RESPONDENTS = 140
OPEN_SURVEY_LETTERS = 500  # letter codes made; the invited respondents have spent some
LETTERS_SEED = "2026-letters"  # the letters' codes are the same on every load
OPEN_SINCE = timedelta(days=10)
OPEN_FOR = timedelta(days=21)
# A reload that finds fewer days than this left to answer moves the last day on.
OPEN_AT_LEAST = timedelta(days=7)


def open_wave(today: date) -> Wave:
    """The 2026 survey's fieldwork, dated from ``today``."""
    return Wave(
        OPEN_SURVEY_YEAR,
        OPEN_SURVEY_SEED,
        OPEN_SURVEY_RESPONDENTS,
        0.93,
        0.52,
        today - OPEN_SINCE,
        today + OPEN_FOR,
        1.0,
    )


# --- who answers ------------------------------------------------------------------------

# How much more likely than average each kind of resident is to answer.
ANSWERS_BY_AGE = {"16-24": 0.45, "25-44": 0.75, "45-64": 1.45, "65-84": 1.35, "85-": 0.55}
ANSWERS_BY_GENDER = {"woman": 1.3, "man": 0.8}
WOMEN_45_64 = 1.35  # on top of the above: the survey's most eager respondents
ANSWERS_BY_AREA = {
    "Kungsbacka stad": 0.85,
    "Hede": 0.9,
    "Kullavik": 1.4,
    "Särö": 1.4,
    "Onsala": 1.1,
    "Gottskär": 1.2,
}
CHANNELS = (("invitation", 0.62), ("open", 0.28), ("paper", 0.10))

# --- who feels unsafe and who marks places ----------------------------------------------

UNSAFE_BY_AGE = {"16-24": 1.1, "25-44": 0.9, "45-64": 1.15, "65-84": 1.3, "85-": 1.5}
UNSAFE_BY_GENDER = {"woman": 2.2, "man": 0.45}
UNSAFE_BY_AREA = {
    "Kungsbacka stad": 1.2,
    "Hede": 1.1,
    "Onsala": 0.9,
    "Gottskär": 0.8,
}
UNSAFE_ELSEWHERE = 0.95
MARKS_BY_AGE = {"16-24": 1.3, "25-44": 1.15, "45-64": 1.05, "65-84": 0.9, "85-": 0.55}
MARKS_BY_GENDER = {"woman": 1.6, "man": 0.6}
MARKS_NEAR_THE_CENTRE = {"Kungsbacka stad": 1.4, "Hede": 1.3, "Anneberg": 1.1}
MARKS_IF_UNSAFE = 3.0


@dataclass(frozen=True)
class Place:
    """Where residents mark an unsafe place: a centre, a spread, why, and what they write."""

    name: str
    latitude: float
    longitude: float
    spread_m: float
    share_2020: float
    share_2022: float
    reasons: dict[str, float]
    descriptions: tuple[str, ...]


PLACES = (
    Place(
        "Kungsbacka resecentrum",
        57.4987,
        12.0735,
        45,
        0.32,
        0.34,
        {"gathering": 0.6, "drugs": 0.4, "dark": 0.25, "earlier_incident": 0.2, "traffic": 0.1},
        (
            "Vid resecentrum på kvällarna, gäng som hänger vid busshållplatserna.",
            "Perrongerna och cykelparkeringen vid stationen när det är mörkt.",
            "Det säljs knark öppet vid resecentrum, alla vet om det.",
            "Väntsalen sent på kvällen, berusade personer och bråk.",
        ),
    ),
    Place(
        "Gångtunneln under järnvägen vid stationen",
        57.4963,
        12.0752,
        25,
        0.13,
        0.12,
        {"dark": 0.75, "isolated": 0.55, "gathering": 0.25},
        (
            "Gångtunneln under järnvägen: mörk, klotter och ingen ser en.",
            "Tunneln vid stationen, lamporna är ofta trasiga.",
        ),
    ),
    Place(
        "Gångtunneln under Hedeleden",
        57.5100,
        12.0612,
        25,
        0.10,
        0.09,
        {"dark": 0.7, "isolated": 0.65, "gathering": 0.15},
        (
            "Tunneln under Hedeleden på väg hem från bussen.",
            "Gångtunneln vid Hede, buskarna skymmer både in- och utgången.",
        ),
    ),
    Place(
        "Gångtunneln under E6 vid Kungsmässan",
        57.4921,
        12.0804,
        25,
        0.07,
        0.07,
        {"dark": 0.6, "isolated": 0.6, "traffic": 0.2},
        ("Tunneln under E6 mot Kungsmässan, lång och mörk.",),
    ),
    Place(
        "Badhusparken",
        57.4905,
        12.0710,
        60,
        0.24,
        0.21,
        {"dark": 0.6, "drugs": 0.35, "gathering": 0.45, "isolated": 0.3},
        (
            "Badhusparken efter mörkrets inbrott, dålig belysning längs gångvägen.",
            "Gäng i Badhusparken på helgkvällarna, man hör glas som krossas.",
            "Badhusparken, det har hänt överfall där.",
        ),
    ),
    Place(
        "Kungsmässans parkering",
        57.4938,
        12.0843,
        70,
        0.06,
        0.07,
        {"traffic": 0.5, "gathering": 0.4, "dark": 0.3},
        ("Parkeringen vid Kungsmässan, bilar som kör race på kvällarna.",),
    ),
    Place(
        "Onsala centrum",
        57.4165,
        12.0205,
        80,
        0.04,
        0.05,
        {"gathering": 0.5, "traffic": 0.3, "dark": 0.3},
        ("Vid busshållplatsen i Onsala centrum, mopeder och ungdomsgäng.",),
    ),
    Place(
        "Åsa station",
        57.3540,
        12.1205,
        60,
        0.04,
        0.05,
        {"isolated": 0.6, "dark": 0.5},
        ("Pendelparkeringen vid Åsa station är öde och mörk på vintern.",),
    ),
)
TIMES = {"evening": 0.78, "night": 0.5, "weekend": 0.33, "day": 0.1}
PLACES_PER_RESPONDENT = ((1, 0.6), (2, 0.28), (3, 0.12))
# Personal data some residents write in a description, which the scrubber removes.
DESCRIPTION_POSTSCRIPTS = (
    " Grannen Sven Karlsson har också ringt polisen om det.",
    " Ring mig gärna på 070-123 45 67 så berättar jag mer.",
    " Samma bil varje helg, ABC 123.",
)

SUGGESTIONS = (
    "Bättre belysning i gångtunnlarna och i Badhusparken.",
    "Fler vuxna ute på kvällarna, gärna nattvandrare vid resecentrum på helgerna.",
    "Mer synlig polis i centrum fredag och lördag kväll.",
    "Röj buskarna längs gångvägarna så att man ser vem som kommer.",
    "Gör något åt mopederna och A-traktorerna som kör på gång- och cykelvägarna.",
    "Kameror vid resecentrum.",
    "Fler fritidsgårdar och aktiviteter för unga på kvällarna.",
    "Laga trasiga lampor snabbare, det tar veckor innan något händer.",
    "Polisen borde gripa knarklangarna vid stationen, alla vet var de står.",
    "Hastighetskontroller på Onsalavägen, folk kör alldeles för fort.",
    "Mer belysning på cykelvägen mellan Hede och centrum.",
    "Bemannad väntsal på resecentrum även på kvällen.",
    "Informera oss om vad som görs, man hör aldrig något efteråt.",
    "Det är tryggt här, fortsätt som ni gör.",
    "Fler poliser i Frillesås och Åsa, inte bara i stan.",
    "Töm papperskorgarna oftare och ta bort klotter snabbt, det känns otryggt när det är skräpigt.",
    "Föräldrar borde vara ute mer, kommunen kan hjälpa till att organisera det.",
    "Bättre busstrafik på kvällarna så att man slipper gå långa sträckor i mörker.",
    "Samarbete med skolorna om droger, det börjar redan i högstadiet.",
    "Ordningsvakter vid resecentrum på helgkvällar.",
)
# Written with personal data in them; stored only as the scrubber leaves them.
SUGGESTIONS_WITH_PERSONAL_DATA = (
    "Min granne Lars Nilsson säljer knark från sin lägenhet, gör något! Ring mig på 0701-23 45 67.",
    "Mejla mig på anna.persson@example.se om ni vill veta mer om mopederna på vår gata.",
    "Bilen med registreringsnummer XKL 482 kör i 80 på vår gata varje kväll.",
    "Jag heter Karin Berg och bor vid Badhusparken, det är mörkt och otäckt där.",
    "Mitt personnummer är 19121212-1212, jag vill bli kontaktad om belysningen. Mvh Per",
)


@dataclass(frozen=True)
class DialogueDemoResult:
    """What the demo's dialogue holds after loading."""

    surveys: tuple[Survey, ...]
    """The closed, published surveys (2020, 2022)."""
    open_survey: Survey
    """The 2026 survey, open for answers by the open link and by letter codes."""
    invitation_codes: tuple[str, ...]
    """A few of the open survey's letter codes that are still unspent."""
    responses: int
    place_marks: int
    population_years: tuple[int, ...]


@transaction.atomic
def load_dialogue_demo(municipality: Municipality) -> DialogueDemoResult:
    """Bring Kungsbacka's population and the 2020 and 2022 surveys to the demo's state.

    Expects the demo's districts to exist (``load_kungsbacka_demo`` draws them first).
    Idempotent: a second call changes nothing.
    """
    for year in POPULATION_YEARS:
        import_population(municipality, year, POPULATION_FILE)
    areas = {area.pk: area for area in municipality_areas(municipality)}
    surveys: list[Survey] = []
    previous: Survey | None = None
    for wave in WAVES:
        previous = _wave(municipality, wave, previous, areas)
        surveys.append(previous)
    # Thousands of rows were just written: without fresh statistics the planner takes
    # the tables for empty and runs the results' joins as nested loops.
    refresh_statistics([Response, Answer, PlaceMark, ResponseWeight, PopulationCount])
    # The results pages show snapshots, which the worker would make within seconds of
    # starting; made here, the demo shows its results from the first page view.
    for survey in surveys:
        snapshots.refresh(survey)
    current = _open_survey(municipality, previous, areas, swedish_today())
    return DialogueDemoResult(
        surveys=tuple(surveys),
        open_survey=current,
        invitation_codes=unspent_demo_codes(current),
        responses=Response.objects.filter(survey__in=surveys).count(),
        place_marks=PlaceMark.objects.filter(response__survey__in=surveys).count(),
        population_years=POPULATION_YEARS,
    )


def _open_survey(
    municipality: Municipality, previous: Survey, areas: dict[int, Area], today: date
) -> Survey:
    """The survey under way, built once; a reload keeps residents' answers to it.

    A reload leaves it as it is, answers that came in since included, unless its
    demo responses were changed (then it is built again) or its last day is near or
    past (then the last day moves on, so the demo can still be answered).
    """
    survey = Survey.objects.filter(
        municipality=municipality, year=OPEN_SURVEY_YEAR, title=SURVEY_TITLE
    ).first()
    wave = open_wave(today)
    if survey is not None and _open_intact(survey, previous, wave):
        if survey.closes_on is None or survey.closes_on - today < OPEN_AT_LEAST:
            Survey.objects.filter(pk=survey.pk).update(closes_on=wave.closes_on)
            survey.closes_on = wave.closes_on
        return survey
    if survey is not None:
        _remove(survey)
    survey = copy_survey(previous, year=OPEN_SURVEY_YEAR)
    survey.introduction = SURVEY_INTRODUCTION
    survey.introduction_en = SURVEY_INTRODUCTION_EN
    survey.opens_on = wave.opens_on
    survey.open_link = True
    survey.save(update_fields=["introduction", "introduction_en", "opens_on", "open_link"])
    survey = open_survey(survey, closes_on=wave.closes_on)

    rng = random.Random(wave.seed)
    respondents = _respondents(
        municipality, wave, areas, rng, population_year=POPULATION_YEARS[-1], until=today
    )
    codes = create_invitations(survey, OPEN_SURVEY_LETTERS, rng=random.Random(LETTERS_SEED))
    invited = sum(r.channel == Response.Channel.INVITATION for r in respondents)
    # The invited spend the last codes, so the first ones stay free to try the letters with.
    submissions = _submissions(
        rng, wave, respondents, np.ones(len(respondents)), codes[len(codes) - invited :], areas
    )
    submit_responses(survey, submissions)
    refresh_statistics([Response, Answer, PlaceMark])
    return survey


def _open_intact(survey: Survey, previous: Survey, wave: Wave) -> bool:
    """Whether the survey is the demo's open survey with all its demo responses."""
    return (
        survey.status == Survey.Status.OPEN
        and survey.copied_from_id == previous.pk
        and survey.introduction_en == SURVEY_INTRODUCTION_EN
        and survey.responses.filter(submission_key__in=_keys(wave)).count() == wave.respondents
        and survey.invitations.filter(spent=False).exists()
    )


def demo_codes() -> list[str]:
    """The open survey's letter codes, the same on every load (the demo publishes them)."""
    rng = random.Random(LETTERS_SEED)
    return [format_code(code) for code in make_codes(OPEN_SURVEY_LETTERS, rng=rng)]


def unspent_demo_codes(survey: Survey, count: int = 3) -> tuple[str, ...]:
    """The first ``count`` demo letter codes of ``survey`` that nobody has answered with."""
    unspent = set(survey.invitations.filter(spent=False).values_list("code_hash", flat=True))
    return tuple([code for code in demo_codes() if hash_code(code) in unspent][:count])


def _keys(wave: Wave) -> list[uuid.UUID]:
    return [uuid.uuid5(KEY_NAMESPACE, f"{wave.year}-{i}") for i in range(wave.respondents)]


def _wave(
    municipality: Municipality, wave: Wave, previous: Survey | None, areas: dict[int, Area]
) -> Survey:
    survey = Survey.objects.filter(
        municipality=municipality, year=wave.year, title=SURVEY_TITLE
    ).first()
    if survey is not None and _intact(survey, wave, previous):
        if not weighting_status(survey).current:
            weight_survey(survey)
        return survey
    if survey is not None:
        _remove(survey)
    return _build(municipality, wave, previous, areas)


def _intact(survey: Survey, wave: Wave, previous: Survey | None) -> bool:
    """Whether the survey holds exactly the demo's closed survey and its respondents."""
    responses = survey.responses.all()
    return (
        survey.status == Survey.Status.CLOSED
        and survey.introduction_en == SURVEY_INTRODUCTION_EN
        and survey.copied_from_id == (previous.pk if previous else None)
        and set(survey.questions.values_list("key", flat=True))
        == {question.key for question in QUESTION_BANK}
        and responses.count() == wave.respondents
        and responses.filter(submission_key__in=_keys(wave)).count() == wave.respondents
        and PlaceMark.objects.filter(response__survey=survey).exists()
    )


def _remove(survey: Survey) -> None:
    # Responses are protected against deleting their survey by accident; here it is meant.
    survey.responses.all().delete()
    survey.delete()


def _build(
    municipality: Municipality, wave: Wave, previous: Survey | None, areas: dict[int, Area]
) -> Survey:
    if previous is None:
        survey = create_survey(
            municipality,
            year=wave.year,
            title=SURVEY_TITLE,
            title_en=SURVEY_TITLE_EN,
            question_keys=[question.key for question in QUESTION_BANK],
        )
    else:
        survey = copy_survey(previous, year=wave.year)
    survey.introduction = SURVEY_INTRODUCTION
    survey.introduction_en = SURVEY_INTRODUCTION_EN
    survey.opens_on = wave.opens_on
    survey.save(update_fields=["introduction", "introduction_en", "opens_on"])
    # Opened as today's; the wave's own last day is written when it closes below.
    survey = open_survey(survey, closes_on=timezone.localdate())

    rng = random.Random(wave.seed)
    respondents = _respondents(municipality, wave, areas, rng)
    # The weights depend only on who answered; the draw of answers below needs them.
    background = [(r.area_id, r.age_group, r.gender) for r in respondents]
    weight = calibrate(municipality, wave.year, background).calibration.weights
    invited = [r for r in respondents if r.channel == Response.Channel.INVITATION]
    codes = create_invitations(survey, len(invited))
    submit_responses(survey, _submissions(rng, wave, respondents, weight, codes, areas))
    refresh_statistics([Response, Answer, PlaceMark])
    weight_survey(survey)

    survey = close_survey(survey)
    Survey.objects.filter(pk=survey.pk).update(closes_on=wave.closes_on)
    survey.closes_on = wave.closes_on
    return survey


def _submissions(
    rng: random.Random,
    wave: Wave,
    respondents: list["_Respondent"],
    weight: np.ndarray,
    codes: list[str],
    areas: dict[int, Area],
) -> list[Submission]:
    """The respondents' answers, as the bulk write path takes them; the invited spend ``codes``."""
    unsafe = _draw(rng, weight, [_unsafe_chance(r, areas) for r in respondents], 1 - wave.feel_safe)
    chances = [
        _marks_chance(r, areas) * (MARKS_IF_UNSAFE if is_unsafe else 1.0)
        for r, is_unsafe in zip(respondents, unsafe, strict=True)
    ]
    marks = _draw(rng, weight, chances, wave.marks_place)
    codes = iter(codes)
    submissions = []
    for key, respondent, is_unsafe, marks_place in zip(
        _keys(wave), respondents, unsafe, marks, strict=True
    ):
        answers = _answers(rng, wave, respondent, is_unsafe, marks_place, areas)
        if marks_place:
            answers["unsafe_places"] = _places(rng, wave)
        submissions.append(
            Submission(
                answers,
                channel=respondent.channel,
                submission_key=key,
                submitted_on=respondent.submitted_on,
                invitation_code_hash=(
                    hash_code(next(codes))
                    if respondent.channel == Response.Channel.INVITATION
                    else None
                ),
            )
        )
    return submissions


# --- respondents ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Respondent:
    area_id: int
    age_group: str
    gender: str  # "" when not answered; "other" and "no_answer" as answered
    sex: str  # woman or man: drives the answers, whatever the respondent says
    age: int
    channel: str
    submitted_on: date


def _respondents(
    municipality: Municipality,
    wave: Wave,
    areas: dict[int, Area],
    rng: random.Random,
    *,
    population_year: int | None = None,
    until: date | None = None,
) -> list[_Respondent]:
    """Who answered: drawn from the population's cells with a skewed chance to answer.

    ``population_year`` is the population drawn from (the wave's year unless given);
    ``until`` the last day anyone has answered (the wave's last day unless given).
    """
    cells = sorted(population_cells(municipality, population_year or wave.year).items())
    chances = []
    for (area_id, age_group, gender), count in cells:
        chance = ANSWERS_BY_AGE[age_group] * ANSWERS_BY_GENDER[gender]
        chance *= ANSWERS_BY_AREA.get(areas[area_id].name, 1.0)
        if gender == "woman" and age_group == "45-64":
            chance *= WOMEN_45_64
        chances.append(count * chance)
    drawn = rng.choices([cell for cell, _count in cells], weights=chances, k=wave.respondents)
    days = (min(wave.closes_on, until or wave.closes_on) - wave.opens_on).days
    channels, channel_weights = zip(*CHANNELS, strict=True)
    respondents = []
    for area_id, age_group, sex in drawn:
        said = rng.random()
        gender = sex if said < 0.975 else ("other" if said < 0.985 else "no_answer")
        if rng.random() < 0.01:
            gender = ""
        low, high = age_group.split("-")
        age = rng.randint(int(low), int(high) if high else 97)
        # Most answer in the first two weeks, after the letter and the reminder.
        day = min(days, int(rng.expovariate(1 / 7)))
        respondents.append(
            _Respondent(
                area_id=area_id,
                age_group=age_group,
                gender=gender,
                sex=sex,
                age=age,
                channel=rng.choices(channels, weights=channel_weights)[0],
                submitted_on=wave.opens_on + timedelta(days=day),
            )
        )
    return respondents


def _unsafe_chance(respondent: _Respondent, areas: dict[int, Area]) -> float:
    return (
        UNSAFE_BY_AGE[respondent.age_group]
        * UNSAFE_BY_GENDER[respondent.sex]
        * UNSAFE_BY_AREA.get(areas[respondent.area_id].name, UNSAFE_ELSEWHERE)
    )


def _marks_chance(respondent: _Respondent, areas: dict[int, Area]) -> float:
    return (
        MARKS_BY_AGE[respondent.age_group]
        * MARKS_BY_GENDER[respondent.sex]
        * MARKS_NEAR_THE_CENTRE.get(areas[respondent.area_id].name, 1.0)
    )


def _draw(
    rng: random.Random, weights: np.ndarray, chances: list[float], share: float
) -> list[bool]:
    """Respondents picked by a weighted random draw until their weighted share is ``share``.

    Each respondent's key is ``u ** (1 / chance)`` (Efraimidis–Spirakis): sorting by it
    is a draw without replacement with chances proportional to ``chance``. The prefix
    of the draw whose weight comes nearest to ``share`` of the total is picked.
    """
    keys = np.array([rng.random() ** (1 / chance) for chance in chances])
    order = np.argsort(-keys, kind="stable")
    cumulative = np.cumsum(weights[order])
    target = share * weights.sum()
    count = int(np.argmin(np.abs(cumulative - target))) + 1
    picked = np.zeros(len(chances), dtype=bool)
    picked[order[:count]] = True
    return picked.tolist()


# --- answers ----------------------------------------------------------------------------


def _pick(rng: random.Random, weighted: dict[str, float]) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def _answers(
    rng: random.Random,
    wave: Wave,
    respondent: _Respondent,
    unsafe: bool,
    marks_place: bool,
    areas: dict[int, Area],
) -> dict[str, object]:
    """Every answer of one respondent, by question key, as a form sends them.

    Coherent with who they are and how safe they feel; questions left unanswered are
    left out.
    """
    area_name = areas[respondent.area_id].name
    chosen: dict[str, object] = {
        "area": respondent.area_id,
        "age_group": respondent.age_group,
    }
    if respondent.gender:
        chosen["gender"] = respondent.gender
    older = respondent.age_group in {"65-84", "85-"}
    if unsafe:
        chosen["feel_safe"] = _pick(rng, {"seldom": 0.8, "never": 0.2})
    else:
        always = 0.5 if older or respondent.sex == "man" else 0.4
        chosen["feel_safe"] = _pick(rng, {"always": always, "mostly": 1 - always})
    if rng.random() < 0.97:
        chosen["safe_evening"] = _pick(
            rng,
            {
                "very_safe": 0.02,
                "fairly_safe": 0.15,
                "fairly_unsafe": 0.43,
                "very_unsafe": 0.28,
                "never_out": 0.12,
            }
            if unsafe
            else {
                "very_safe": 0.38,
                "fairly_safe": 0.44,
                "fairly_unsafe": 0.11,
                "very_unsafe": 0.02,
                "never_out": 0.3 if respondent.age_group == "85-" else 0.05,
            },
        )
    if rng.random() < 0.96:
        chosen["worry_crime"] = _pick(
            rng,
            {"never": 0.08, "occasionally": 0.37, "fairly_often": 0.35, "very_often": 0.2}
            if unsafe
            else {
                "never": 0.42,
                "occasionally": 0.45,
                "fairly_often": 0.1,
                "very_often": 0.03,
            },
        )
    if rng.random() < 0.93:
        chosen["local_problems"] = _problems(rng, wave, area_name, unsafe, marks_place)
    if rng.random() < 0.92:
        chosen["victim_12m"] = _victimisation(rng, respondent)
    trust_shift = 0.06 * wave.progress - (0.12 if unsafe else 0.0)
    for key, base in (
        ("trust_police", (0.18, 0.46, 0.17, 0.05, 0.14)),
        ("trust_municipality", (0.10, 0.42, 0.24, 0.08, 0.16)),
    ):
        if rng.random() < 0.95:
            high, fairly, low, very_low, none = base
            chosen[key] = _pick(
                rng,
                {
                    "very_high": high + trust_shift / 2,
                    "fairly_high": fairly + trust_shift / 2,
                    "fairly_low": max(0.01, low - trust_shift / 2),
                    "very_low": max(0.01, very_low - trust_shift / 2),
                    "no_opinion": none,
                },
            )
    if rng.random() < 0.88:
        years = max(0, min(respondent.age, round(respondent.age * rng.uniform(0.05, 0.95))))
        chosen["years_resident"] = years
    if rng.random() < (0.45 if marks_place or unsafe else 0.28):
        chosen["suggestions"] = _suggestion(rng)
    return chosen


RURAL = {"Fjärås", "Åsa", "Frillesås", "Vallda", "Gottskär"}


def _problems(
    rng: random.Random, wave: Wave, area_name: str, unsafe: bool, marks_place: bool
) -> list[str]:
    chances = {
        "littering": 0.32,
        "vandalism": 0.18,
        "fights": 0.05,
        "drug_dealing": 0.07,
        "intoxicated": 0.11,
        "mopeds": 0.27,
        "speeding": 0.38,
        "poor_lighting": 0.22,
        "vegetation": 0.14,
        "gatherings": 0.10,
    }
    if area_name in {"Kungsbacka stad", "Hede"}:
        chances["drug_dealing"] *= 1.8
        chances["gatherings"] *= 1.6
        chances["intoxicated"] *= 1.4
    if area_name in RURAL:
        chances["mopeds"] *= 1.4
        chances["speeding"] *= 1.3
    if unsafe:
        chances = {key: chance * 1.6 for key, chance in chances.items()}
    if marks_place:
        for key in ("poor_lighting", "vegetation", "gatherings", "drug_dealing"):
            chances[key] *= 1.4
    # The follow-up: lighting and cleared vegetation at the places, fewer mopeds.
    for key, better in (("poor_lighting", 0.72), ("vegetation", 0.75), ("mopeds", 0.9)):
        chances[key] *= 1 - (1 - better) * wave.progress
    picked = [key for key, chance in chances.items() if rng.random() < min(chance, 0.95)]
    return picked or ["none"]


def _victimisation(rng: random.Random, respondent: _Respondent) -> list[str]:
    young = respondent.age_group == "16-24"
    chances = {
        "theft": 0.07,
        "vandalism": 0.05,
        "threat": 0.035 * (1.6 if young else 1),
        "assault": 0.01 * (2.0 if young else 1),
        "fraud": 0.06 * (1.4 if respondent.age_group in {"65-84", "85-"} else 1),
        "sexual_offence": 0.008 * (2.0 if young and respondent.sex == "woman" else 1),
        "harassment": 0.04 * (1.5 if young else 1),
    }
    picked = [key for key, chance in chances.items() if rng.random() < chance]
    return picked or ["none"]


def _suggestion(rng: random.Random) -> str:
    if rng.random() < 0.06:
        return rng.choice(SUGGESTIONS_WITH_PERSONAL_DATA)
    return rng.choice(SUGGESTIONS)


# --- places -----------------------------------------------------------------------------

METRES_PER_DEGREE = 111_320.0


def _places(rng: random.Random, wave: Wave) -> list[dict]:
    """The places one respondent marks, as the map question sends them."""
    counts, count_shares = zip(*PLACES_PER_RESPONDENT, strict=True)
    count = rng.choices(counts, weights=count_shares)[0]
    shares = [
        place.share_2020 + (place.share_2022 - place.share_2020) * wave.progress for place in PLACES
    ]
    # Different places: a resident marks the travel centre once, not twice.
    chosen: list[Place] = []
    while len(chosen) < count:
        place = rng.choices(PLACES, weights=shares)[0]
        if place not in chosen:
            chosen.append(place)
    marks = []
    for place in chosen:
        north = rng.gauss(0, place.spread_m)
        east = rng.gauss(0, place.spread_m)
        latitude = place.latitude + north / METRES_PER_DEGREE
        longitude = place.longitude + east / (
            METRES_PER_DEGREE * math.cos(math.radians(place.latitude))
        )
        reasons = sorted(r for r, chance in place.reasons.items() if rng.random() < chance)
        times = sorted(t for t, chance in TIMES.items() if rng.random() < chance)
        description = ""
        if rng.random() < 0.3:
            description = rng.choice(place.descriptions)
            if rng.random() < 0.08:
                description += rng.choice(DESCRIPTION_POSTSCRIPTS)
        marks.append(
            {
                "latitude": round(latitude, 6),
                "longitude": round(longitude, 6),
                "reasons": reasons or [max(place.reasons, key=place.reasons.get)],
                "times": times or ["evening"],
                "description": description,
            }
        )
    return marks
