"""``trygg import-population KOMMUNKOD FILE [--year YEAR] [--dry-run]``: SCB's counts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.core.errors import ImportProblem
from trygg.population.services import PopulationImportProblem, import_population
from trygg.tenancy.commands import municipality_or_error


class Command(BaseCommand):
    help = (
        "Import a municipality's population by area, age group and sex from a table "
        "exported from SCB's Statistikdatabasen. Nothing is imported if any line has a "
        "problem; importing a year again replaces that year's counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="The four-digit kommunkod, e.g. 1384.")
        parser.add_argument("file", type=Path, help="SCB's table as text (CSV).")
        parser.add_argument(
            "--year", type=int, help="The year's column to import (default: the only one)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; store nothing."
        )

    def handle(self, *args, **options) -> None:
        municipality = municipality_or_error(options["municipality"])
        try:
            result = import_population(
                municipality, options["year"], options["file"], dry_run=options["dry_run"]
            )
        except PopulationImportProblem as problem:
            raise CommandError("\n".join(problem.problems)) from problem
        except ImportProblem as problem:
            raise CommandError(problem.message) from problem
        summary = (
            _(
                "The file is fine. It would store %(cells)d counts for %(year)d "
                "(%(total)d residents): %(created)d new, %(updated)d changed, %(deleted)d "
                "removed. Nothing was stored (dry run)."
            )
            if options["dry_run"]
            else _(
                "Imported %(cells)d counts for %(year)d (%(total)d residents): %(created)d "
                "new, %(updated)d changed, %(deleted)d removed."
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                summary
                % {
                    "cells": result.cells,
                    "year": result.year,
                    "total": result.total,
                    "created": result.created,
                    "updated": result.updated,
                    "deleted": result.deleted,
                }
            )
        )
        if result.missing_areas:
            self.stdout.write(
                self.style.WARNING(
                    _("The file has no counts for %(areas)s.")
                    % {"areas": ", ".join(result.missing_areas)}
                )
            )
