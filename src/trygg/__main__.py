"""The ``trygg`` command: Django's management commands, with hyphenated names.

``trygg load-municipalities`` runs the ``load_municipalities`` management command,
so that commands read like the rest of a shell session.
"""

import os
import sys

import trygg

# Commands that only compute on the files they are given: they touch no database and
# sign nothing, so an analyst runs them on a fresh install with no configuration.
ANALYSIS_COMMANDS = frozenset({"alerts", "estimate", "hotspots"})


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
        asked_for = argv[2].replace("-", "_") if argv[1] == "help" and len(argv) > 2 else argv[1]
        if asked_for in ANALYSIS_COMMANDS:
            # A flag of this process, read by trygg.settings, not an environment
            # variable: nothing started beside or after this command inherits it.
            trygg.analysis_only = True
    from django.core.management import execute_from_command_line

    argv[0] = "trygg"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
