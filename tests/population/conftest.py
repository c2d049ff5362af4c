"""A municipality with three areas, SCB-style population files, and respondents."""

import datetime
import uuid
from collections.abc import Iterable, Mapping

import pytest

from tests.factories import AreaFactory, MunicipalityFactory
from trygg.dialogue.models import Response, Survey
from trygg.dialogue.services import create_survey

AREAS = ("Centrum", "Norr", "Söder")
AGES = ("16-24", "25-44", "45-64", "65-84", "85-")
SCB_AGES = {
    "16-24": "16-24 år",
    "25-44": "25-44 år",
    "45-64": "45-64 år",
    "65-84": "65-84 år",
    "85-": "85+ år",
}
SCB_GENDERS = {"man": "män", "woman": "kvinnor"}

# Residents per area, age group and gender: 17 370 in all, every cell different.
POPULATION_2020 = {
    (area, age, gender): 100 * (a + 1) * (4 if age in ("25-44", "45-64") else 2)
    + (10 if gender == "woman" else 0)
    + 7 * i
    for a, area in enumerate(AREAS)
    for i, age in enumerate(AGES)
    for gender in ("man", "woman")
}


def scb_file(
    counts: Mapping[tuple[str, str, str], int] | None = None,
    *,
    years: Iterable[int] = (2020,),
    encoding: str = "cp1252",
    delimiter: str = ";",
    title: bool = True,
    notes: bool = True,
    extra_lines: Iterable[str] = (),
) -> bytes:
    """A population table as SCB's Statistikdatabasen exports it ("CSV med rubrik")."""
    counts = POPULATION_2020 if counts is None else counts
    years = list(years)
    d = delimiter
    lines = []
    if title:
        lines += ['"Folkmängden efter region, ålder, kön och år"', ""]
    lines.append(d.join(['"region"', '"ålder"', '"kön"', *(f'"{year}"' for year in years)]))
    for (area, age, gender), count in counts.items():
        values = [str(count + 10 * k) for k in range(len(years))]
        lines.append(
            d.join([f'"{area}"', f'"{SCB_AGES[age]}"', f'"{SCB_GENDERS[gender]}"', *values])
        )
    lines += list(extra_lines)
    if notes:
        lines += ["", '"Fotnoter:"', '"Folkmängd den 31 december."', '"Källa: SCB"']
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Exempelby", code="9999", slug="exempelby")


@pytest.fixture
def areas(municipality):
    return {
        name: AreaFactory(municipality=municipality, name=name, code=f"9999R{i:03d}")
        for i, name in enumerate(AREAS, start=1)
    }


@pytest.fixture
def survey(municipality, areas) -> Survey:
    return create_survey(
        municipality, year=2020, title="Trygghet", question_keys=["area", "age_group", "gender"]
    )


def respond(
    survey: Survey,
    rows: Iterable[tuple[object, str, str]],
    *,
    flagged: bool = False,
) -> list[Response]:
    """One response per (area or None, age group, gender), stored directly."""
    return Response.objects.bulk_create(
        Response(
            survey=survey,
            channel=Response.Channel.PAPER,
            submission_key=uuid.uuid4(),
            submitted_on=datetime.date(2020, 9, 15),
            area=area,
            age_group=age,
            gender=gender,
            flagged=flagged,
        )
        for area, age, gender in rows
    )


def skewed_respondents(areas) -> list[tuple[object, str, str]]:
    """Respondents in every area, age group and gender, far from the population's mix."""
    rows = []
    for a, area in enumerate(areas.values()):
        for i, age in enumerate(AGES):
            for gender in ("man", "woman"):
                n = 2 + (a + 2 * i) % 5 + (6 if gender == "woman" and age == "45-64" else 0)
                rows += [(area, age, gender)] * n
    return rows
