"""How long work says how far it has come: one callable, shown on a page or a terminal.

A service that takes a while accepts ``progress``, called as ``progress(step, done,
total)``: ``step`` says in words what it is doing now, ``done`` of ``total`` how far
it has come (in whatever unit suits it: rows, phases). A job stores the calls for its
page (``services.JobProgress``); a command draws them as a bar (``TerminalProgress``).
"""

import shutil
from collections.abc import Callable

from django.core.management.base import OutputWrapper

type Progress = Callable[[str, int, int], None]


def no_progress(step: str, done: int, total: int) -> None:
    """The progress of work nobody is watching."""


def _unstyled(text: str) -> str:
    # A command's stderr is styled as an error; progress is not one.
    return text


class TerminalProgress:
    """A command's progress bar, redrawn in place, when its output is a terminal.

    Output to a file or a pipe gets nothing: cron mails whatever a job prints, and a
    log wants the result, not a bar's redraws. ``stream`` is the command's ``stderr``,
    so that what the command prints on ``stdout`` stays its result alone.
    """

    def __init__(self, stream: OutputWrapper):
        self.stream = stream
        self.interactive = stream.isatty()
        self._drawn = False

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.interactive:
            return
        share = done / total if total else 0.0
        width = max(10, min(40, shutil.get_terminal_size().columns - len(step) - 10))
        filled = round(width * share)
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(
            f"\r\033[K{step} [{bar}] {round(100 * share):3d} %",
            style_func=_unstyled,
            ending="",
        )
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line, so that what the command writes next starts on its own."""
        if self._drawn:
            self.stream.write("")
            self._drawn = False
