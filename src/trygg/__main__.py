"""The ``trygg`` command: Django's management commands, with hyphenated names.

``trygg load-municipalities`` runs the ``load_municipalities`` management command,
so that commands read like the rest of a shell session.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "trygg"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
