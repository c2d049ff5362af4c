"""``trygg alerts SERIES.csv``: early-warning alarms on weekly counts, as R computes them.

The engine of the situation picture's trend alerts (:mod:`trygg.stats.surveillance`)
on any file of weekly series: columns ``series,year,week,count`` (ISO year and week,
one row per series and week, in any order; a week missing between a series's first
and last week counts as 0, as weekly event counts arrive: a week without events is
often no row at all). ``--method`` is ``farrington-flexible`` (default; R's
``surveillance::farringtonFlexible``, its control list's names and defaults) or
``ears-c1``/``ears-c2``/``ears-c3`` (R's ``earsC``). Prints a JSON list with one
object per series and evaluated week: ``series, year, week, observed, expected,
upperbound, alarm``. ``null`` is what R gives as NA: a week without enough history
(or whose model did not converge) has ``expected``, ``upperbound`` and ``alarm`` null;
a week with too few recent cases for Farrington's ``--limit54`` has no bound and no
alarm (``false``).

Without ``--evaluate-last`` the weeks of R's default range are evaluated (Farrington:
from the (52 b + w + 1)-th week of each series, leaving out any that lacks its
reference weeks; EARS: from the baseline + 1, + 3 or + 5-th); with ``--evaluate-last
N`` the last N weeks of each series are printed, those without enough history with
nulls.

The file is read as ``trygg estimate`` reads its own (UTF-8 or Windows-1252, ``,`` or
``;``). Any problem is reported on stderr in Swedish with the line concerned, the
exit status is non-zero and nothing is printed on stdout.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.stats.management.commands.estimate import Table, parse_number, read_table
from trygg.stats.surveillance import (
    FarringtonControl,
    SeriesAlarms,
    SurveillanceDataError,
    WeeklySeries,
    ears,
    farrington_flexible,
    weekly_series,
)

COLUMNS = ("series", "year", "week", "count")
METHODS = ("farrington-flexible", "ears-c1", "ears-c2", "ears-c3")
# Options (argparse dests) that are FarringtonControl fields of the same name.
FARRINGTON_OPTIONS = (
    "b",
    "w",
    "no_periods",
    "past_weeks_not_included",
    "weights_threshold",
    "threshold_method",
    "trend",
    "p_threshold_trend",
    "limit54",
)
EARS_OPTIONS = ("baseline", "min_sigma")


def limit54(text: str) -> tuple[int, int]:
    """``C,W`` → (C, W), for argparse."""
    parts = text.split(",")
    try:
        cases, weeks = (int(part) for part in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("%(value)s is not two whole numbers C,W (e.g. 5,4).") % {"value": text}
        ) from None
    return cases, weeks


class Command(BaseCommand):
    help = (
        "Early-warning alarms on weekly counts (columns series,year,week,count: ISO year "
        "and week, one row per series and week, rows in any order) with "
        "Farrington-flexible or EARS C1-C3, as R's surveillance package computes them. "
        "A week missing between a series's first and last week counts as 0 cases. Prints "
        "JSON, one object per series and evaluated week (series, year, week, observed, "
        "expected, upperbound, alarm); null where R gives NA. Without --evaluate-last "
        "the weeks of R's default range are printed (Farrington: from the "
        "(52 b + w + 1)-th week of the series; EARS: from baseline + 1, + 3 or + 5)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "data", type=Path, metavar="SERIES.csv", help="CSV with columns series,year,week,count."
        )
        parser.add_argument("--method", choices=METHODS, default="farrington-flexible")
        parser.add_argument(
            "--evaluate-last",
            type=int,
            metavar="N",
            help="Evaluate only the last N weeks of each series.",
        )
        parser.add_argument(
            "--alpha",
            type=float,
            help="Significance level (R's default: 0.05 for Farrington, 0.001 for C1 and C2, "
            "0.025 for C3).",
        )
        farrington = parser.add_argument_group("farrington-flexible (R's control list)")
        farrington.add_argument("--b", type=int, help="Years back (default 5).")
        farrington.add_argument(
            "--w", type=int, help="Weeks either side of the reference week (3)."
        )
        farrington.add_argument(
            "--no-periods", type=int, help="Levels of the seasonal factor (1: windows only)."
        )
        farrington.add_argument(
            "--past-weeks-not-included", type=int, help="Recent weeks left out of the fit (w)."
        )
        farrington.add_argument(
            "--weights-threshold",
            type=float,
            help="Anscombe residual above which a week is downweighted (2.58).",
        )
        farrington.add_argument("--threshold-method", choices=("delta", "nbPlugin", "muan"))
        farrington.add_argument(
            "--trend", action="store_true", default=None, help="Fit a time trend (default)."
        )
        farrington.add_argument("--no-trend", dest="trend", action="store_false")
        farrington.add_argument(
            "--p-threshold-trend", type=float, help="p-value below which the trend is kept (0.05)."
        )
        farrington.add_argument(
            "--limit54",
            type=limit54,
            metavar="C,W",
            help="No alarm with fewer than C cases in the last W weeks (5,4).",
        )
        early = parser.add_argument_group("ears-c1, ears-c2, ears-c3 (R's earsC)")
        early.add_argument("--baseline", type=int, help="Weeks in the baseline (7).")
        early.add_argument("--min-sigma", type=float, help="Smallest standard deviation used (0).")

    def handle(self, *args: Any, **options: Any) -> None:
        method = options["method"]
        self.check_options(method, options)
        table = read_table(options["data"])
        missing = [name for name in COLUMNS if name not in table.header]
        if missing:
            raise CommandError(
                _("%(path)s has no column %(column)s. It needs the columns %(needed)s.")
                % {
                    "path": options["data"],
                    "column": ", ".join(missing),
                    "needed": ", ".join(COLUMNS),
                }
            )
        series = self.read_series(table)
        try:
            results = self.evaluate(series, method, options)
        except SurveillanceDataError as error:
            raise CommandError(self.explain_option(error)) from error
        printed = [row for result in results for row in as_json(result)]
        self.stdout.write(json.dumps(printed, ensure_ascii=False, indent=2))

    def check_options(self, method: str, options: dict[str, Any]) -> None:
        """Refuse an option the chosen method does not have, rather than ignore it."""
        if method == "farrington-flexible":
            foreign = [name for name in EARS_OPTIONS if options[name] is not None]
        else:
            foreign = [name for name in FARRINGTON_OPTIONS if options[name] is not None]
        if foreign:
            raise CommandError(
                _("--%(option)s does not apply to --method %(method)s.")
                % {"option": foreign[0].replace("_", "-"), "method": method}
            )
        last = options["evaluate_last"]
        if last is not None and last < 1:
            raise CommandError(_("--evaluate-last must be at least 1, not %(n)d.") % {"n": last})

    def read_series(self, table: Table) -> list[WeeklySeries]:
        """The file's series in order of first appearance; errors name the line."""
        grouped: dict[str, list[int]] = {}
        names = table.column("series")
        for k, name in enumerate(names):
            if name == "":
                raise CommandError(
                    _("Line %(line)d: column series is empty.") % {"line": table.lines[k]}
                )
            grouped.setdefault(name, []).append(k)
        years = self.whole_numbers(table, "year")
        weeks = self.whole_numbers(table, "week")
        counts = self.whole_numbers(table, "count")
        series = []
        for name, rows in grouped.items():
            try:
                series.append(
                    weekly_series(
                        name,
                        [years[k] for k in rows],
                        [weeks[k] for k in rows],
                        [counts[k] for k in rows],
                    )
                )
            except SurveillanceDataError as error:
                raise CommandError(self.explain_row(error, table, rows)) from error
        return series

    def whole_numbers(self, table: Table, column: str) -> list[int]:
        """A column as integers; an empty cell or a fraction is an error naming the line."""
        values = []
        for k, cell in enumerate(table.column(column)):
            number = parse_number(cell, table.delimiter)
            if number is None or number != math.floor(number) or abs(number) > 1e15:
                if cell == "":
                    message = _("Line %(line)d: column %(column)s is empty.")
                else:
                    message = _(
                        "Line %(line)d: column %(column)s has %(value)s, not a whole number."
                    )
                raise CommandError(
                    message % {"line": table.lines[k], "column": column, "value": repr(cell)}
                )
            values.append(int(number))
        return values

    def explain_row(self, error: SurveillanceDataError, table: Table, rows: list[int]) -> str:
        params = dict(error.params)
        line = table.lines[rows[params["index"]]] if "index" in params else None
        if error.code == "negative_count":
            return _("Line %(line)d: the count cannot be negative (%(value)d).") % {
                "line": line,
                "value": params["value"],
            }
        if error.code == "invalid_week":
            return _("Line %(line)d: %(year)d has no ISO week %(week)d.") % {
                "line": line,
                "year": params["year"],
                "week": params["week"],
            }
        if error.code == "duplicate_week":
            return _(
                "Line %(line)d: series %(series)s already has week %(week)d of %(year)d "
                "(line %(first)d). Each series may have one row per week."
            ) % {
                "line": line,
                "series": table.column("series")[rows[0]],
                "week": params["week"],
                "year": params["year"],
                "first": table.lines[rows[params["first"]]],
            }
        return error.message

    def explain_option(self, error: SurveillanceDataError) -> str:
        if error.code == "too_many_periods":
            return _("--no-periods is too large for the weeks between the reference windows.")
        option = "--" + str(error.params.get("option", "")).replace("_", "-")
        return _("The option %(option)s must be %(reason)s.") % {
            "option": option,
            "reason": {
                "b": _("at least 1 year"),
                "w": _("at least 0 weeks"),
                "no_periods": _("at least 1"),
                "alpha": _("between 0 and 1"),
                "past_weeks_not_included": _("at least 0 weeks"),
                "limit54": _("C at least 0 and W at least 1"),
                "baseline": _("at least 3 weeks"),
                "min_sigma": _("zero or more"),
                "weights_threshold": _("a finite number"),
                "p_threshold_trend": _("a finite number"),
            }.get(str(error.params.get("option")), error.message),
        }

    def evaluate(
        self, series: list[WeeklySeries], method: str, options: dict[str, Any]
    ) -> list[SeriesAlarms]:
        last = options["evaluate_last"]
        if method == "farrington-flexible":
            given = {
                name: options[name] for name in FARRINGTON_OPTIONS if options[name] is not None
            }
            if options["alpha"] is not None:
                given["alpha"] = options["alpha"]
            return farrington_flexible(series, FarringtonControl(**given), last=last)
        early = {
            "alpha": options["alpha"],
            "baseline": 7 if options["baseline"] is None else options["baseline"],
            "min_sigma": 0.0 if options["min_sigma"] is None else options["min_sigma"],
        }
        return ears(series, method[-2:].upper(), last=last, **early)


def as_json(result: SeriesAlarms) -> list[dict[str, Any]]:
    """One object per week; NaN (R's NA) becomes null, as does the alarm of a week not evaluated."""

    def number(value: float) -> float | None:
        return float(value) if math.isfinite(value) else None

    return [
        {
            "series": result.series,
            "year": int(result.year[i]),
            "week": int(result.week[i]),
            "observed": int(result.observed[i]),
            "expected": number(result.expected[i]),
            "upperbound": number(result.upperbound[i]),
            "alarm": bool(result.alarm[i]) if result.evaluated[i] else None,
        }
        for i in range(len(result.year))
    ]
