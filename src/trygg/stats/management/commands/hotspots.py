"""``trygg hotspots VALUES.csv --neighbours NEIGHBOURS.csv [--fdr 0.05]``: Gi* on any graph.

The kernel of the situation picture's hotspots (:mod:`trygg.stats.hotspots`) on any
set of places and links: VALUES has the columns ``id,value`` (one row per place, a
number such as a count; negative or fractional values are allowed as long as they sum
to more than 0, see :mod:`trygg.stats.hotspots`), NEIGHBOURS ``id,neighbour`` (one link
a row, in either direction or both; a link given twice counts once, a place linked to
itself is ignored: each place is always in its own neighbourhood, the star form). A
place that appears in no link is isolated: its neighbourhood is itself; a NEIGHBOURS
file with its header and no links makes every place isolated. Ids are text, compared
exactly after the surrounding spaces are trimmed (``007`` and ``7`` are two places).

Prints a JSON list with one object per place of VALUES, in its order: ``id, value,
gi, z, p, q, hot, cold``. ``z`` equals PySAL esda's ``G_Local(y, w, transform="B",
star=True)`` (``Zs``), except that a constant field gives 0 where esda gives NaN;
``p`` is two-sided (twice esda's ``p_norm``), ``q`` the Benjamini–Hochberg adjusted p
over all places, and ``hot``/``cold`` say ``q ≤ --fdr`` with z above or below 0.
``gi`` is ``null`` when every value is 0.

The files are read as ``trygg estimate`` reads its own (UTF-8 or Windows-1252, ``,``
or ``;``, in a ``;`` file a decimal comma). Any problem (a missing column, an empty
file, a value that is not a finite number, values that do not sum to more than 0
when they are not all equal, an id given twice, a neighbour
that is not an id of VALUES) is reported on stderr in the user's language with the
file and line concerned, the exit status is non-zero and nothing is printed on stdout.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.stats.hotspots import DEFAULT_FDR, Hotspots, HotspotsDataError, getis_ord_star
from trygg.stats.management.commands.estimate import Table, parse_number, read_table

VALUE_COLUMNS = ("id", "value")
NEIGHBOUR_COLUMNS = ("id", "neighbour")


class Command(BaseCommand):
    help = (
        "Getis-Ord Gi* hotspots (star form, binary weights) with Benjamini-Hochberg "
        "false discovery rate, on places (id,value) and their links (id,neighbour). "
        "Prints JSON."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "values", type=Path, metavar="VALUES.csv", help="CSV with columns id,value."
        )
        parser.add_argument(
            "--neighbours",
            type=Path,
            required=True,
            metavar="NEIGHBOURS.csv",
            help="CSV with columns id,neighbour: one link a row.",
        )
        parser.add_argument(
            "--fdr",
            type=float,
            default=DEFAULT_FDR,
            help="False discovery rate at which a place is flagged hot or cold (0.05).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fdr = options["fdr"]
        if not 0 < fdr < 1:
            raise CommandError(_("--fdr must lie between 0 and 1, not %(value)s.") % {"value": fdr})
        values_path, neighbours_path = options["values"], options["neighbours"]
        places = read_with_columns(values_path, VALUE_COLUMNS)
        links = read_with_columns(neighbours_path, NEIGHBOUR_COLUMNS, allow_no_rows=True)
        ids = place_ids(places)
        values = place_values(places)
        sources, targets = link_indexes(links, ids, neighbours_path, values_path)
        try:
            result = getis_ord_star(values, (sources, targets), fdr=fdr)
        except HotspotsDataError as error:
            if error.code == "non_positive_total":
                raise CommandError(
                    _(
                        "%(path)s: the values sum to %(total)s. Gi* measures a place's share "
                        "of the total, so the values must sum to more than 0 (unless they "
                        "are all equal)."
                    )
                    % {"path": values_path, "total": f"{error.params['total']:.6g}"}
                ) from error
            raise CommandError(error.message) from error
        self.stdout.write(json.dumps(as_json(list(ids), result), ensure_ascii=False, indent=2))


def read_with_columns(
    path: Path, columns: tuple[str, ...], *, allow_no_rows: bool = False
) -> Table:
    table = read_table(path, allow_no_rows=allow_no_rows)
    missing = [name for name in columns if name not in table.header]
    if missing:
        raise CommandError(
            _("%(path)s has no column %(column)s. It needs the columns %(needed)s.")
            % {"path": path, "column": ", ".join(missing), "needed": ", ".join(columns)}
        )
    return table


def place_ids(places: Table) -> dict[str, int]:
    """Each id's position in VALUES; an empty id or one given twice names the lines."""
    ids: dict[str, int] = {}
    for k, name in enumerate(places.column("id")):
        if name == "":
            raise CommandError(
                _("Line %(line)d: column %(column)s is empty.")
                % {"line": places.lines[k], "column": "id"}
            )
        if name in ids:
            raise CommandError(
                _(
                    "Line %(line)d: the id %(id)s is already on line %(first)d. Each id may "
                    "have one row."
                )
                % {"line": places.lines[k], "id": name, "first": places.lines[ids[name]]}
            )
        ids[name] = k
    return ids


def place_values(places: Table) -> np.ndarray:
    values = np.empty(len(places.rows))
    for k, cell in enumerate(places.column("value")):
        number = parse_number(cell, places.delimiter)
        if number is None:
            if cell == "":
                message = _("Line %(line)d: column %(column)s is empty.")
            else:
                message = _("Line %(line)d: column %(column)s has %(value)s, not a number.")
            raise CommandError(
                message % {"line": places.lines[k], "column": "value", "value": repr(cell)}
            )
        values[k] = number
    return values


def link_indexes(
    links: Table, ids: dict[str, int], path: Path, values_path: Path
) -> tuple[np.ndarray, np.ndarray]:
    """The links as positions in VALUES; a name not in VALUES is an error naming the line."""
    sides = []
    for column in NEIGHBOUR_COLUMNS:
        positions = np.empty(len(links.rows), dtype=np.int64)
        for k, name in enumerate(links.column(column)):
            if name == "":
                raise CommandError(
                    _("%(path)s, line %(line)d: column %(column)s is empty.")
                    % {"path": path, "line": links.lines[k], "column": column}
                )
            if name not in ids:
                raise CommandError(
                    _("%(path)s, line %(line)d: %(id)s is not an id in %(values)s.")
                    % {"path": path, "line": links.lines[k], "id": name, "values": values_path}
                )
            positions[k] = ids[name]
        sides.append(positions)
    return sides[0], sides[1]


def as_json(ids: list[str], result: Hotspots) -> list[dict[str, Any]]:
    def number(value: float) -> float | None:
        return float(value) if math.isfinite(value) else None

    return [
        {
            "id": name,
            "value": float(result.value[i]),
            "gi": number(result.gi[i]),
            "z": float(result.z[i]),
            "p": float(result.p[i]),
            "q": float(result.q[i]),
            "hot": bool(result.hot[i]),
            "cold": bool(result.cold[i]),
        }
        for i, name in enumerate(ids)
    ]
