"""Writes of the population app: importing SCB's counts and weighting a survey.

``import_population`` reads a population table exported from SCB (see ``scb``) and
replaces one year's counts of a municipality, all or nothing. ``weight_survey``
calibrates a survey's respondents to those counts by the rule in ``weighting`` and
replaces the survey's weights in one transaction.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.background.progress import Progress, no_progress
from trygg.core.errors import DomainError, ImportProblem
from trygg.core.imports import Source, read_bytes
from trygg.dialogue.answer_cells import reweigh
from trygg.dialogue.changes import record_change
from trygg.dialogue.models import Response, Survey
from trygg.geo.models import Area
from trygg.geo.selectors import area_names, municipality_areas
from trygg.tenancy.models import Municipality

from . import scb
from .models import (
    AGE_GROUP_CODES,
    AGE_GROUPS,
    GENDER_CODES,
    GENDERS,
    MunicipalityResidents,
    PopulationCount,
    ResponseWeight,
    Weighting,
)
from .residents import read_residents
from .selectors import population_year
from .weighting import Calibration, Margin, WeightingError, weigh

# At most this many problems are listed; a wholly wrong file would list every line.
MAX_PROBLEMS = 20

AGE_LABELS = dict(AGE_GROUPS)
GENDER_LABELS = dict(GENDERS)


class PopulationImportProblem(ImportProblem):
    """The file was refused; ``problems`` lists what is wrong, line by line.

    At most ``MAX_PROBLEMS`` are listed, then a line saying how many more there are.
    """

    def __init__(self, problems: Iterable[str]):
        every = list(problems)
        shown = every[:MAX_PROBLEMS]
        hidden = len(every) - len(shown)
        if hidden:
            shown.append(
                ngettext("… and %(count)d more problem.", "… and %(count)d more problems.", hidden)
                % {"count": hidden}
            )
        self.problems: list[str] = shown
        super().__init__(" ".join(shown))


@dataclass(frozen=True)
class PopulationImportResult:
    """What an import stored (or, in a dry run, would store).

    ``cells`` is the number of area × age group × gender counts, ``total`` the
    residents they add up to; ``created``, ``updated``, ``deleted`` and ``unchanged``
    compare them with the year's counts before; ``skipped_lines`` are totals and ages
    below the survey's; ``missing_areas`` are the municipality's areas the file has
    no count for.
    """

    year: int
    cells: int
    total: int
    created: int
    updated: int
    deleted: int
    unchanged: int
    skipped_lines: int
    missing_areas: tuple[str, ...]
    dry_run: bool


def import_population(
    municipality: Municipality, year: int | None, source: Source, *, dry_run: bool = False
) -> PopulationImportResult:
    """Replace ``municipality``'s population counts for ``year`` with those in an SCB table.

    ``source`` is a path, the file's bytes or an open binary file (an upload): a
    table exported from SCB's Statistikdatabasen with columns for region (the
    municipality's area names or codes), age (``ålder``), sex (``kön``) and one or
    more years, separated by semicolons, commas or tabs, in UTF-8 or Windows-1252.
    ``year`` picks the year's column (``None``: the file's only year). The whole file
    is checked first; if anything is wrong ``PopulationImportProblem`` lists every
    problem with its line and nothing is stored. Otherwise the year's counts are
    replaced in one transaction: importing the same file again changes nothing.
    """
    areas = list(municipality_areas(municipality))
    if not areas:
        raise ImportProblem(
            _("%(municipality)s has no areas yet; import the areas before the population.")
            % {"municipality": municipality}
        )
    age_groups = [scb.AgeGroup.from_code(code) for code in AGE_GROUP_CODES]
    try:
        table = scb.read_table(read_bytes(source), year, age_groups)
    except scb.ScbProblem as problem:
        raise PopulationImportProblem([_scb_message(problem)]) from None

    cells, skipped = _cells(municipality, table, areas)
    _refuse_an_empty_replacement(cells, table)
    area_names = {area.pk: area.name for area in areas}
    in_file = {area_id for area_id, _age, _gender in cells}
    missing_areas = tuple(sorted(name for pk, name in area_names.items() if pk not in in_file))
    with transaction.atomic():
        existing = {
            (row.area_id, row.age_group, row.gender): row
            for row in PopulationCount.objects.select_for_update().filter(
                municipality=municipality, year=table.year
            )
        }
        new = [
            PopulationCount(
                municipality=municipality,
                year=table.year,
                area_id=area_id,
                age_group=age_group,
                gender=gender,
                count=count,
            )
            for (area_id, age_group, gender), count in cells.items()
            if (area_id, age_group, gender) not in existing
        ]
        changed = []
        for key, row in existing.items():
            if key in cells and row.count != cells[key]:
                row.count = cells[key]
                changed.append(row)
        stale = [row.pk for key, row in existing.items() if key not in cells]
        if not dry_run:
            PopulationCount.objects.bulk_create(new)
            PopulationCount.objects.bulk_update(changed, ["count"])
            PopulationCount.objects.filter(pk__in=stale).delete()
    return PopulationImportResult(
        year=table.year,
        cells=len(cells),
        total=sum(cells.values()),
        created=len(new),
        updated=len(changed),
        deleted=len(stale),
        unchanged=len(cells) - len(new) - len(changed),
        skipped_lines=table.skipped + skipped,
        missing_areas=missing_areas,
        dry_run=dry_run,
    )


def _refuse_an_empty_replacement(
    cells: dict[tuple[int, str, str], int], table: scb.ScbTable
) -> None:
    """Refuse a file that would replace the year's counts with nothing, or with nobody.

    An import replaces the year: a file with a header and no counts under it (or
    only totals) would delete every count of the year, and a file of zeros would
    weight every survey to an empty population. Neither is ever what SCB exports.
    """
    if not cells:
        raise PopulationImportProblem(
            [
                _(
                    "The file has no counts per area under its header row (only totals or "
                    "ages under 16, if anything). Nothing was changed: the counts for "
                    "%(year)d are as before."
                )
                % {"year": table.year}
            ]
        )
    if not any(cells.values()):
        raise PopulationImportProblem(
            [
                _(
                    "Every count in the file is 0. Check that the export is the population "
                    "table and the right year. Nothing was changed: the counts for %(year)d "
                    "are as before."
                )
                % {"year": table.year}
            ]
        )


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


class _AreaMatcher:
    """An SCB region label → one of the municipality's areas, or the municipality itself.

    A label matches an area by name or code, as is or after a leading code
    (``"1384C1010 Onsala"``). The municipality's own row (``"1384 Kungsbacka"``) is a
    total and matches ``MUNICIPALITY``.
    """

    MUNICIPALITY = object()

    def __init__(self, municipality: Municipality, areas: list[Area]):
        self.by_key: dict[str, object] = {}
        for key in (
            municipality.code,
            municipality.name,
            f"{municipality.code} {municipality.name}",
        ):
            self.by_key[_normal(key)] = self.MUNICIPALITY
        for area in areas:
            if area.code:
                self.by_key[_normal(area.code)] = area
        for area in areas:
            self.by_key[_normal(area.name)] = area

    def match(self, label: str) -> object | None:
        text = _normal(label)
        if text in self.by_key:
            return self.by_key[text]
        first, _space, rest = text.partition(" ")
        if rest and any(character.isdigit() for character in first):
            return self.by_key.get(first) or self.by_key.get(rest)
        return None


def _cells(
    municipality: Municipality, table: scb.ScbTable, areas: list[Area]
) -> tuple[dict[tuple[int, str, str], int], int]:
    """Sum the rows into area × age group × gender cells, checking them against each other.

    Every area in the file needs a count for every age group and gender, each age
    counted once: no line repeated, no ages overlapping or left out.
    """
    matcher = _AreaMatcher(municipality, areas)
    problems = [(problem.params["line"], _scb_message(problem)) for problem in table.problems]
    skipped = 0
    parts: dict[tuple[int, str, str], list[scb.ScbRow]] = defaultdict(list)
    area_of: dict[int, Area] = {}
    for row in table.rows:
        area = matcher.match(row.area)
        if area is _AreaMatcher.MUNICIPALITY:
            skipped += 1
            continue
        if area is None:
            message = _(
                "Line %(line)d: '%(area)s' is not one of the areas of %(municipality)s (%(areas)s)."
            ) % {
                "line": row.line,
                "area": row.area,
                "municipality": municipality,
                "areas": ", ".join(sorted(area.name for area in areas)),
            }
            problems.append((row.line, message))
            continue
        area_of[area.pk] = area
        parts[(area.pk, row.age_group, row.gender)].append(row)

    if problems:
        # Lines that could not be read would also show up as gaps below: name them only.
        raise PopulationImportProblem(message for _line, message in sorted(problems))
    checks: list[str] = []
    for (area_id, age_group, gender), rows in parts.items():
        checks += _overlaps(area_of[area_id], age_group, gender, rows)
    for area_id, area in area_of.items():
        for age_group in AGE_GROUP_CODES:
            for gender in GENDER_CODES:
                if (area_id, age_group, gender) not in parts:
                    checks.append(
                        _("The file has no count for %(area)s, %(age)s, %(gender)s.")
                        % {
                            "area": area.name,
                            "age": AGE_LABELS[age_group],
                            "gender": GENDER_LABELS[gender].lower(),
                        }
                    )
    if checks:
        raise PopulationImportProblem(checks)
    cells = {key: sum(row.count for row in rows) for key, rows in parts.items()}
    return cells, skipped


def _overlaps(area: Area, age_group: str, gender: str, rows: list[scb.ScbRow]) -> list[str]:
    """Lines that repeat or overlap another's ages, and ages of the group left out."""
    problems = []
    group = scb.AgeGroup.from_code(age_group)
    rows = sorted(rows, key=lambda row: (row.age_low, row.line))
    reach = group.low - 1
    previous: scb.ScbRow | None = None
    for row in rows:
        if previous is not None and row.age_low <= previous.age_high:
            if (row.age_low, row.age_high) == (previous.age_low, previous.age_high):
                message = _("Line %(line)d repeats line %(other)d: %(area)s, %(age)s, %(gender)s.")
            else:
                message = _(
                    "Line %(line)d counts ages that line %(other)d counts too: "
                    "%(area)s, %(age)s, %(gender)s."
                )
            first, second = sorted((previous, row), key=lambda r: r.line)
            problems.append(
                message
                % {
                    "line": second.line,
                    "other": first.line,
                    "area": area.name,
                    "age": second.age_label,
                    "gender": second.gender_label,
                }
            )
        elif row.age_low > reach + 1:
            problems.append(_gap(area, gender, reach + 1, row.age_low - 1))
        reach = max(reach, row.age_high)
        previous = row if previous is None or row.age_high >= previous.age_high else previous
    if reach < group.high:
        problems.append(_gap(area, gender, int(reach) + 1, group.high))
    return problems


def _gap(area: Area, gender: str, low: int, high: float) -> str:
    ages = (
        _("%(low)d years and older") % {"low": low}
        if high == float("inf")
        else _("%(low)d–%(high)d years") % {"low": low, "high": int(high)}
        if high > low
        else _("%(low)d years") % {"low": low}
    )
    return _("The file has no count for %(area)s, %(gender)s, %(ages)s.") % {
        "area": area.name,
        "gender": GENDER_LABELS[gender].lower(),
        "ages": ages,
    }


def _scb_message(problem: scb.ScbProblem) -> str:
    """The problem in the user's language."""
    params = dict(problem.params)
    for key in ("years",):
        if key in params:
            params[key] = ", ".join(str(value) for value in params[key])
    messages = {
        "empty": _("The file is empty."),
        "not_text": _(
            "The file is not a text file (UTF-8 or Windows-1252). Export the table from "
            "SCB as CSV, not as Excel."
        ),
        "no_header": _(
            "No header row was found: SCB's table needs columns for region, ålder (age), "
            "kön (sex) and a year."
        ),
        "missing_column": _("The header row has no column for %(column)s."),
        "no_year": _("The header row has no column for a year."),
        "year_missing": _("The file has no column for %(year)d, only for %(years)s."),
        "several_years": _("The file has the years %(years)s: choose which one to import."),
        "columns": _("Line %(line)d has %(found)d columns, but the header has %(expected)d."),
        "unknown_age": _("Line %(line)d: the age '%(label)s' is not an age or an age group."),
        "age_straddles": _(
            "Line %(line)d: the ages '%(label)s' do not fit within one of the survey's age "
            "groups (16–24, 25–44, 45–64, 65–84, 85 and older); export single years or "
            "these groups."
        ),
        "unknown_gender": _("Line %(line)d: the sex '%(label)s' is neither kvinnor nor män."),
        "not_a_number": _("Line %(line)d: the count '%(value)s' is not a number."),
        "negative": _("Line %(line)d: the count %(value)s is negative."),
        "not_whole": _(
            "Line %(line)d: the count %(value)s is not a whole number; write it without "
            "decimals or thousands separators."
        ),
        "data_after_notes": _(
            "Line %(line)d has data after the notes that begin on line %(notes_from)d."
        ),
        "not_a_region": _("Line %(line)d: '%(value)s' is not a kommunkod (four digits)."),
        "duplicate": _("Line %(line)d: the kommunkod %(code)s was already on line %(first)d."),
        "unreadable_line": _(
            "Line %(line)d cannot be read as a row of the table: a field is far too long. "
            "Is the file a text export from SCB?"
        ),
    }
    return messages[problem.code] % params if problem.code in messages else str(problem)


# --- residents per municipality ------------------------------------------------------

# Trygg ships SCB's count of 1 November 2024; `trygg load-municipalities` stores it.
SHIPPED_RESIDENTS_FILE = "scb-population-2024-municipalities.csv"
SHIPPED_RESIDENTS_YEAR = 2024


@dataclass(frozen=True)
class ResidentsImportResult:
    """What an import of residents stored (or, in a dry run, would store) for ``year``."""

    year: int
    municipalities: int
    total: int
    created: int
    updated: int
    unchanged: int
    skipped_lines: int
    dry_run: bool


def import_residents(
    source: Source, year: int, *, dry_run: bool = False, skip_unknown: bool = False
) -> ResidentsImportResult:
    """Store each municipality's residents in ``year`` from a table (see ``residents``).

    ``source`` is a path, bytes or an open binary file. The whole file is checked
    first: a line that cannot be read, or a kommunkod no stored municipality has,
    refuses the file with ``PopulationImportProblem`` (every problem with its line)
    and nothing is stored. Otherwise the year's counts are written in one
    transaction; importing the same file again changes nothing. Municipalities the
    file does not name keep what they had. ``skip_unknown`` passes over the codes of
    municipalities not stored (for the shipped file beside a GeoJSON of a few).
    """
    try:
        table = read_residents(read_bytes(source), year)
    except scb.ScbProblem as problem:
        raise PopulationImportProblem([_scb_message(problem)]) from None
    problems = [_scb_message(problem) for problem in table.problems]
    ids = dict(
        Municipality.objects.filter(code__in=[row.code for row in table.rows]).values_list(
            "code", "pk"
        )
    )
    problems += [
        _("Line %(line)d: no municipality has the kommunkod %(code)s.")
        % {"line": row.line, "code": row.code}
        for row in table.rows
        if row.code not in ids and not skip_unknown
    ]
    if problems:
        raise PopulationImportProblem(sorted(problems, key=_line_order))
    rows = [row for row in table.rows if row.code in ids]
    if not rows and not skip_unknown:
        raise PopulationImportProblem(
            [_("The file has no residents of a municipality for %(year)d.") % {"year": year}]
        )
    counts = {ids[row.code]: row.residents for row in rows}
    with transaction.atomic():
        existing = {
            row.municipality_id: row
            for row in MunicipalityResidents.objects.select_for_update().filter(
                year=year, municipality_id__in=counts
            )
        }
        new = [
            MunicipalityResidents(municipality_id=pk, year=year, residents=residents)
            for pk, residents in counts.items()
            if pk not in existing
        ]
        changed = []
        for pk, row in existing.items():
            if row.residents != counts[pk]:
                row.residents = counts[pk]
                changed.append(row)
        if not dry_run:
            MunicipalityResidents.objects.bulk_create(new)
            MunicipalityResidents.objects.bulk_update(changed, ["residents"])
    return ResidentsImportResult(
        year=year,
        municipalities=len(counts),
        total=sum(counts.values()),
        created=len(new),
        updated=len(changed),
        unchanged=len(counts) - len(new) - len(changed),
        skipped_lines=table.skipped,
        dry_run=dry_run,
    )


def _line_order(message: str) -> tuple[int, str]:
    """Problems in the order of their lines ("Line 12: …" / "Rad 12: …")."""
    words = message.split(maxsplit=2)
    number = words[1].rstrip(":") if len(words) > 1 else ""
    return (int(number) if number.isdigit() else 0, message)


def load_shipped_residents(*, dry_run: bool = False) -> ResidentsImportResult | None:
    """Store the shipped residents of 1 November 2024 of the stored municipalities.

    Run after the municipalities are loaded. ``None`` if the reference data folder
    (``TRYGG_REFERENCE_DATA_DIR``) has no such file.
    """
    path = Path(settings.TRYGG_REFERENCE_DATA_DIR) / SHIPPED_RESIDENTS_FILE
    if not path.is_file():
        return None
    return import_residents(path, SHIPPED_RESIDENTS_YEAR, dry_run=dry_run, skip_unknown=True)


# --- weighting --------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightingResult:
    """How a survey was weighted: against which population, and how the raking went.

    ``merged_age_groups`` maps an age group without respondents to the group it was
    merged into; ``skipped_margins`` names margins no respondent answered.
    """

    survey: Survey
    population_year: int
    population_total: int
    responses: int
    iterations: int
    converged: bool
    max_margin_error: float
    merged_age_groups: dict[str, str] = field(default_factory=dict)
    skipped_margins: tuple[str, ...] = ()


@dataclass(frozen=True)
class Calibrated:
    """Weights for respondents, in their order, and the population they were raked to."""

    population_year: int
    calibration: Calibration


def calibrate(
    municipality: Municipality,
    year: int,
    respondents: Sequence[tuple[int | None, str, str]],
) -> Calibrated:
    """Weights for ``respondents`` (area id, age group, gender) by the rule of ``weighting``.

    The population is ``municipality``'s counts for ``year`` or, if that year has none,
    the latest year before it: design weights by area, raked to area, age group and
    gender. Stores nothing. Raises ``DomainError`` when there are no respondents or no
    counts, when respondents are in a category without population or an area without
    respondents has population, or when the raking does not converge.
    """
    chosen = population_year(municipality, year)
    if chosen is None:
        raise DomainError(
            _(
                "%(municipality)s has no population counts for %(year)d or earlier. "
                "Import SCB's population table first."
            )
            % {"municipality": municipality, "year": year}
        )
    if not respondents:
        raise DomainError(_("The survey has no responses to weight."))
    areas = area_names(municipality)
    population: dict[str, dict[str, float]] = {
        "area": {str(pk): 0.0 for pk in areas},
        "age_group": dict.fromkeys(AGE_GROUP_CODES, 0.0),
        "gender": dict.fromkeys(GENDER_CODES, 0.0),
    }
    for area_id, age_group, gender, count in PopulationCount.objects.filter(
        municipality=municipality, year=chosen
    ).values_list("area_id", "age_group", "gender", "count"):
        population["area"][str(area_id)] += count
        population["age_group"][age_group] += count
        population["gender"][gender] += count
    margins = [
        Margin(
            "area",
            [None if area is None else str(area) for area, _age, _g in respondents],
            population["area"],
        ),
        Margin(
            "age_group",
            [age for _area, age, _g in respondents],
            population["age_group"],
            order=AGE_GROUP_CODES,
        ),
        Margin("gender", [g for _area, _age, g in respondents], population["gender"]),
    ]
    try:
        return Calibrated(chosen, weigh(margins))
    except WeightingError as error:
        raise DomainError(_weighting_message(error, areas, chosen)) from error


# Reading, raking, storing.
WEIGHTING_STEPS = 3


def weight_survey(
    survey: Survey, *, year: int | None = None, progress: Progress = no_progress
) -> WeightingResult:
    """Calibrate ``survey``'s respondents to the population and store their weights.

    The population and the rule are those of ``calibrate`` (default year: the
    survey's). Flagged responses (suspicious bursts) are left out and get no weight.
    The survey's old weights are replaced in one transaction, and its answer cells
    (which the results read) are weighted with them: the rule gives every respondent of
    a fine cell (area × age group × gender) the same weight. Raises ``DomainError``
    (nothing changed) as ``calibrate`` does. ``progress`` hears of each of the steps.
    """
    progress(_("Reading the responses"), 0, WEIGHTING_STEPS)

    # The responses are read and raked without holding the survey's lock, which would
    # stop residents' answers for as long; if one arrived meanwhile (the survey's data
    # version moved on), the work is done again under the lock, where none can.
    def read_and_rake():
        responses = _respondents(survey)
        progress(_("Raking to the population"), 1, WEIGHTING_STEPS)
        cells = [respondent[1:] for respondent in responses]
        return responses, calibrate(survey.municipality, year or survey.year, cells)

    version = Survey.objects.values_list("data_version", flat=True).get(pk=survey.pk)
    responses, calibrated = read_and_rake()
    progress(_("Storing the weights"), 2, WEIGHTING_STEPS)
    with transaction.atomic():
        # Locked, as a submission locks it: no response can arrive half-way.
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.data_version != version:
            responses, calibrated = read_and_rake()
        calibration = calibrated.calibration
        _delete_weights(survey)
        ResponseWeight.objects.bulk_create(
            ResponseWeight(response_id=pk, weight=float(weight))
            for (pk, _area, _age, _gender), weight in zip(
                responses, calibration.weights, strict=True
            )
        )
        reweigh(
            survey,
            {
                (area, age_group, gender): float(weight)
                for (_pk, area, age_group, gender), weight in zip(
                    responses, calibration.weights, strict=True
                )
            },
        )
        merged_age_groups = calibration.merged.get("age_group", {})
        Weighting.objects.update_or_create(
            survey=survey,
            defaults={
                "population_year": calibrated.population_year,
                "population_total": round(calibration.population_total),
                "responses": len(responses),
                "iterations": calibration.iterations,
                "max_margin_error": calibration.max_margin_error,
                "merged_age_groups": merged_age_groups,
                "skipped_margins": list(calibration.skipped),
            },
        )
        record_change(survey)
    progress(_("The weights are stored"), WEIGHTING_STEPS, WEIGHTING_STEPS)
    return WeightingResult(
        survey=survey,
        population_year=calibrated.population_year,
        population_total=round(calibration.population_total),
        responses=len(responses),
        iterations=calibration.iterations,
        converged=True,
        max_margin_error=calibration.max_margin_error,
        merged_age_groups=merged_age_groups,
        skipped_margins=calibration.skipped,
    )


def _respondents(survey: Survey) -> list[tuple[int, int | None, str, str]]:
    """The unflagged responses' (id, area id, age group, gender), in the order of their ids."""
    return list(
        Response.objects.filter(survey=survey, flagged=False)
        .order_by("pk")
        .values_list("pk", "area_id", "age_group", "gender")
    )


# Ids per DELETE: far below SQLite's limit of 32,766 parameters a statement.
DELETE_BATCH = 5000


def _delete_weights(survey: Survey) -> None:
    """Delete the weights of every response to ``survey``, flagged or not, by their own key.

    ``ResponseWeight.objects.filter(response__survey=survey).delete()`` becomes a DELETE
    whose subquery joins the weights to the responses; when PostgreSQL's statistics
    still describe empty tables (right after a bulk load, or in a test run, whose
    rows are never committed) it runs that join as nested loops, over 5 minutes for
    2,000 weights. The survey's response ids, read by the survey index, then deleted by
    the weight table's unique response key, leave the planner nothing to misjudge.
    """
    response_ids = list(Response.objects.filter(survey=survey).values_list("pk", flat=True))
    for start in range(0, len(response_ids), DELETE_BATCH):
        batch = response_ids[start : start + DELETE_BATCH]
        ResponseWeight.objects.filter(response_id__in=batch).delete()


def _category_labels(margin: str, categories: Iterable[str], areas: dict[int, str]) -> str:
    labels = {
        "area": {str(pk): name for pk, name in areas.items()},
        "age_group": AGE_LABELS,
        "gender": GENDER_LABELS,
    }[margin]
    return ", ".join(labels.get(category, category) for category in categories)


def _weighting_message(error: WeightingError, areas: dict[int, str], year: int) -> str:
    params = error.params
    if error.code == "without_population":
        return _(
            "Respondents answered %(categories)s, but the population counts for %(year)d "
            "have nobody there. Import population counts that include them."
        ) % {
            "categories": _category_labels(params["margin"], params["categories"], areas),
            "year": year,
        }
    if error.code == "without_respondents":
        return _(
            "No respondent answered %(categories)s, so the residents there cannot be "
            "represented by the weights."
        ) % {"categories": _category_labels(params["margin"], params["categories"], areas)}
    if error.code == "not_converged":
        return _(
            "The weights did not settle after %(iterations)d rounds of raking (the largest "
            "margin is still %(error).1f residents off). The respondents are too unevenly "
            "spread over area, age and gender for these margins."
        ) % {"iterations": params["iterations"], "error": params["max_margin_error"]}
    if error.code == "no_responses":
        return _("The survey has no responses to weight.")
    if error.code == "no_population":
        return _("The population counts for %(year)d add up to nobody.") % {"year": year}
    return _("The weights could not be computed: %(problem)s") % {"problem": error}
