"""``trygg estimate DATA.csv --y COLUMN --weight COLUMN …``: survey estimates from microdata.

The same engine as the results pages (:mod:`trygg.stats.survey`) on any survey
file, for analysts with last year's vendor data. Prints a JSON list of
``{"domain": {column: value, …}, "estimate", "se", "ci_low", "ci_high", "n"}``
(``domain`` is ``{}`` without ``--by``); the numbers equal R's ``survey`` package
(``svymean``/``svyby``, or ``svyciprop(method = "logit")`` with ``--equals``)
for ``svydesign(ids = ~1, strata = ~STRATA, weights = ~WEIGHT, fpc = ~FPC)``.
Means get a Wald interval with the normal quantile (R's default ``df = Inf``);
proportions a logit interval with the t quantile on R's ``degf``. NaN (an
interval R cannot give either) prints as ``null``.

The file: CSV with a header row, UTF-8 (with or without BOM) or, failing that,
Windows-1252. The separator is ``,`` unless the header has more ``;`` than ``,``
— Swedish Excel saves "CSV" with ``;`` and a decimal comma, so in a ``;`` file
numbers may be written ``3,5``. Spaces inside numbers (``12 000``) are ignored.
Cells are stripped of surrounding spaces. An empty cell in the ``--y`` column is
an error unless ``--na-rm`` is given: then that respondent is left out, as
``svymean(..., na.rm = TRUE)`` does (the stratum sizes stay those of the file).

Any problem (unreadable file, missing column, a value that is not a number or not
finite, a value beyond ±10^15 — no weight, answer or population size is that large,
and squares of products of larger ones overflow a float into ``inf`` and the
estimate into NaN —, a weight that is not positive, a stratum with one respondent,
…) is reported on
stderr with the line and column concerned, the exit status is non-zero and
nothing is printed on stdout.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.stats import Estimate, SurveyDataError, SurveyDesign
from trygg.text import tables

_SPACES = str.maketrans("", "", " \u00a0\u202f")
# The largest magnitude a cell may have: far above any weight (a stratum's population
# over its sample), answer or population size, and small enough that the kernel's sums
# of squared weighted values (about n · 10^60) stay finite.
MAX_MAGNITUDE = 1e15


@dataclass(frozen=True)
class Table:
    """A CSV file read whole: column names, rows of stripped cells, each row's line."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    delimiter: str

    def column(self, name: str) -> list[str]:
        index = self.header.index(name)
        return [row[index] for row in self.rows]


def read_table(path: Path, *, allow_no_rows: bool = False) -> Table:
    """Read a CSV file (``,`` or ``;``); raise CommandError when it cannot be read.

    A file with a header and no data rows is an error unless ``allow_no_rows``.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(reason)s.") % {"path": path, "reason": error.strerror}
        ) from error
    try:
        text = tables.decode(raw)
    except tables.UnreadableText as error:
        raise CommandError(
            _("%(path)s is not a text file in UTF-8 or Windows-1252.") % {"path": path}
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = tables.separator_of(first_line)
    reader = tables.rows(text, delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise CommandError(_("%(path)s is empty.") % {"path": path}) from None
    except csv.Error as error:
        raise CommandError(
            _("%(path)s is not a readable CSV file: %(reason)s.") % {"path": path, "reason": error}
        ) from error
    rows: list[list[str]] = []
    lines: list[int] = []
    width = len(header)
    try:
        for record in reader:
            if not record or all(not cell.strip() for cell in record):
                continue
            if len(record) != width:
                raise CommandError(
                    _("Line %(line)d has %(found)d fields but the header has %(expected)d.")
                    % {"line": reader.line_num, "found": len(record), "expected": width}
                )
            rows.append([cell.strip() for cell in record])
            lines.append(reader.line_num)
    except csv.Error as error:
        raise CommandError(
            _("%(path)s is not a readable CSV file (line %(line)d): %(reason)s.")
            % {"path": path, "line": reader.line_num, "reason": error}
        ) from error
    if not rows and not allow_no_rows:
        raise CommandError(_("%(path)s has no data rows.") % {"path": path})
    return Table(header, rows, lines, delimiter)


def parse_number(text: str, delimiter: str) -> float | None:
    """A finite number from a cell, or None. ``;`` files may use a decimal comma."""
    cleaned = text.translate(_SPACES)
    if delimiter == ";":
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class Command(BaseCommand):
    help = (
        "Estimate a weighted mean (or, with --equals, a proportion) with its standard error "
        "and interval from survey microdata in a CSV file, overall or by domain, as R's "
        "survey package does for a stratified single-stage design. Prints JSON."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "data", type=Path, metavar="DATA.csv", help="CSV file with a header row (, or ;)."
        )
        parser.add_argument("--y", required=True, metavar="COLUMN", help="The column to estimate.")
        parser.add_argument(
            "--equals",
            metavar="VALUE",
            help="Estimate the proportion of respondents whose --y equals this value "
            "(logit interval, as svyciprop).",
        )
        parser.add_argument(
            "--weight", required=True, metavar="COLUMN", help="The column of survey weights."
        )
        parser.add_argument(
            "--strata", metavar="COLUMN", help="The column of strata (one stratum if absent)."
        )
        parser.add_argument(
            "--fpc",
            metavar="COLUMN",
            help="The column with the population size of the respondent's stratum.",
        )
        parser.add_argument(
            "--by",
            metavar="COLUMN[,COLUMN…]",
            help="Domain columns, comma-separated (e.g. area,gender); combined.",
        )
        parser.add_argument(
            "--level", type=float, default=0.95, help="Confidence level (default 0.95)."
        )
        parser.add_argument(
            "--na-rm",
            action="store_true",
            help="Leave out respondents with an empty --y (as R's na.rm = TRUE).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        level = options["level"]
        if not 0 < level < 1:
            raise CommandError(
                _("--level must lie between 0 and 1, not %(level)s.") % {"level": level}
            )
        table = read_table(options["data"])
        by = [name.strip() for name in (options["by"] or "").split(",") if name.strip()]
        wanted = [options["y"], options["weight"], options["strata"], options["fpc"], *by]
        for name in wanted:
            if name is not None and name not in table.header:
                raise CommandError(
                    _("%(path)s has no column %(column)s. Its columns are: %(columns)s.")
                    % {
                        "path": options["data"],
                        "column": name,
                        "columns": ", ".join(table.header),
                    }
                )
        results = self.estimate(table, options, by)
        self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))

    def numbers(self, table: Table, column: str, *, allow_empty: bool = False) -> np.ndarray:
        """A column as floats; an empty cell is NaN when allowed; errors name line and column."""
        values = np.empty(len(table.rows))
        for k, cell in enumerate(table.column(column)):
            if allow_empty and cell == "":
                values[k] = np.nan
                continue
            number = parse_number(cell, table.delimiter)
            if number is None:
                if cell == "":
                    message = _("Line %(line)d: column %(column)s is empty.")
                else:
                    message = _("Line %(line)d: column %(column)s has %(value)s, not a number.")
                raise CommandError(
                    message % {"line": table.lines[k], "column": column, "value": repr(cell)}
                )
            if abs(number) > MAX_MAGNITUDE:
                raise CommandError(
                    _(
                        "Line %(line)d: column %(column)s has %(value)s, too large for a survey "
                        "value (at most 1e15 either way)."
                    )
                    % {"line": table.lines[k], "column": column, "value": repr(cell)}
                )
            values[k] = number
        return values

    def indicator(self, table: Table, column: str, equals: str, *, allow_empty: bool) -> np.ndarray:
        """1 where the cell equals ``equals`` (as numbers when both are), else 0; NaN if empty."""
        target = parse_number(equals.strip(), table.delimiter)
        values = np.empty(len(table.rows))
        for k, cell in enumerate(table.column(column)):
            if cell == "":
                if not allow_empty:
                    raise CommandError(
                        _("Line %(line)d: column %(column)s is empty.")
                        % {"line": table.lines[k], "column": column}
                    )
                values[k] = np.nan
                continue
            number = parse_number(cell, table.delimiter) if target is not None else None
            values[k] = (number == target) if number is not None else (cell == equals.strip())
        return values

    def estimate(self, table: Table, options: dict[str, Any], by: list[str]) -> list[dict]:
        na_rm = options["na_rm"]
        weights = self.numbers(table, options["weight"])
        strata = table.column(options["strata"]) if options["strata"] else None
        fpc = self.numbers(table, options["fpc"]) if options["fpc"] else None
        if options["equals"] is not None:
            y = self.indicator(table, options["y"], options["equals"], allow_empty=na_rm)
        else:
            y = self.numbers(table, options["y"], allow_empty=na_rm)
        domains = {name: table.column(name) for name in by} or None
        try:
            design = SurveyDesign(weights, strata, fpc)
            if options["equals"] is not None:
                estimates = design.proportion(y, domains, level=options["level"], na_rm=na_rm)
            else:
                estimates = design.mean(y, domains, level=options["level"], na_rm=na_rm)
        except SurveyDataError as error:
            raise CommandError(self.explain(error, table, options)) from error
        for estimate in estimates:
            # The input bounds keep this from happening; should the kernel still give no
            # number, that is an error, never a null printed with exit status 0.
            if not (math.isfinite(estimate.estimate) and math.isfinite(estimate.se)):
                raise CommandError(
                    _(
                        "No finite estimate could be computed for %(domain)s from column "
                        "%(column)s (weights in column %(weight)s). Check the values there."
                    )
                    % {
                        "domain": json.dumps(estimate.domain, ensure_ascii=False)
                        if estimate.domain
                        else _("the whole file"),
                        "column": options["y"],
                        "weight": options["weight"],
                    }
                )
        return [as_json(estimate) for estimate in estimates]

    def explain(self, error: SurveyDataError, table: Table, options: dict[str, Any]) -> str:
        """The kernel's error in the user's language, with the file's line and column."""
        params = dict(error.params)
        if "index" in params:
            params["line"] = table.lines[params["index"]]
        messages = {
            "weight_not_positive": _(
                "Line %(line)d: the weight in column %(column)s must be positive, not %(value)s."
            ),
            "lonely_stratum": _(
                "Stratum %(stratum)s (column %(column)s) has a single respondent, so its "
                "variance cannot be estimated. Merge it with a neighbouring stratum."
            ),
            "fpc_too_small": _(
                "Stratum %(stratum)s has %(n)d respondents but a population size of %(fpc)s "
                "in column %(column)s; --fpc must be the population size of the stratum "
                "(not a sampling fraction)."
            ),
            "fpc_varies": _(
                "Line %(line)d: the population size in column %(column)s differs from that of "
                "other respondents in stratum %(stratum)s; it must be the same within a stratum."
            ),
            "fpc_invalid": _(
                "Line %(line)d: the population size in column %(column)s must be positive."
            ),
        }
        columns = {
            "weight_not_positive": options["weight"],
            "lonely_stratum": options["strata"],
            "fpc_too_small": options["fpc"],
            "fpc_varies": options["fpc"],
            "fpc_invalid": options["fpc"],
        }
        if error.code == "lonely_stratum" and not options["strata"]:
            return _("The file has a single respondent, so no variance can be estimated.")
        if error.code not in messages:
            return error.message
        params["column"] = columns[error.code]
        if "value" in params:
            params["value"] = f"{params['value']:g}"
        if "fpc" in params:
            params["fpc"] = f"{params['fpc']:g}"
        return messages[error.code] % params


def as_json(estimate: Estimate) -> dict[str, Any]:
    """An estimate as the command prints it; an interval R cannot give becomes null.

    Only the interval can be null (a logit interval at a proportion of 0 or 1, as in R);
    ``estimate`` and ``se`` are checked finite before this.
    """

    def number(value: float) -> float | None:
        return value if math.isfinite(value) else None

    return {
        "domain": estimate.domain,
        "estimate": number(estimate.estimate),
        "se": number(estimate.se),
        "ci_low": number(estimate.ci_low),
        "ci_high": number(estimate.ci_high),
        "n": estimate.n,
    }
