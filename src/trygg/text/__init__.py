"""Swedish free text from residents: personal-data scrubbing and theme tagging.

A pure kernel: no Django import here or below, so the rules are fast to test and can
run anywhere (a view, a background task, the command line). Free text is scrubbed
with :func:`scrub` before any staff listing and tagged with :func:`tag_themes`;
:func:`count_themes` summarises many answers for the results page.
"""

from trygg.text.scrub import PLACEHOLDERS, Finding, Kind, ScrubResult, scrub
from trygg.text.themes import (
    THEMES,
    Theme,
    ThemeCount,
    ThemeSummary,
    count_themes,
    tag_many,
    tag_themes,
    theme_matches,
)

__all__ = [
    "PLACEHOLDERS",
    "THEMES",
    "Finding",
    "Kind",
    "ScrubResult",
    "Theme",
    "ThemeCount",
    "ThemeSummary",
    "count_themes",
    "scrub",
    "tag_many",
    "tag_themes",
    "theme_matches",
]
