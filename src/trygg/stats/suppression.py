"""Disclosure control of a published table: primary and complementary suppression.

A grouping (by area, age group, gender) partitions everyone who answered a question:
every respondent falls in exactly one group, those who did not give the background
answer in a group of their own. The total ("everyone") is published too, so a single
hidden group is the total minus the shown groups, and its figures follow by
subtraction: n·p − Σ nᵢ·pᵢ over the shown groups. Several hidden groups give away
their union in the same way. The rule, as statistical offices apply it (tau-Argus's
"hypercube" for a one-dimensional table), is therefore on the union:

- primary: a group resting on fewer than ``threshold`` respondents is hidden;
- complementary: while the hidden groups together rest on fewer than ``threshold``,
  the smallest shown group is hidden as well (the least information lost).

So either nothing is hidden, or the hidden groups are at least two and together rest
on at least ``threshold`` respondents: the most a reader can derive is a figure for
their union, which is itself publishable. The hidden groups' n must be withheld as
well, or the union's n gives the hidden one's away.
"""

from collections.abc import Sequence
from enum import StrEnum


class Protection(StrEnum):
    SHOWN = "shown"
    BELOW_THRESHOLD = "below_threshold"
    """Primary suppression: the group itself has too few respondents."""
    COMPLEMENTARY = "complementary"
    """Hidden so that a group below the threshold cannot be derived by subtraction."""


def protect(counts: Sequence[int], threshold: int) -> tuple[Protection, ...]:
    """The protection of each group of one partition, given its respondents ``counts``.

    Ties between equally small shown groups go to the first one, so the choice is
    the same every time the table is made.
    """
    protection = [
        Protection.BELOW_THRESHOLD if count < threshold else Protection.SHOWN for count in counts
    ]
    shown = Protection.SHOWN
    hidden = sum(count for count, p in zip(counts, protection, strict=True) if p != shown)
    while 0 < hidden < threshold and shown in protection:
        smallest = min(
            (j for j, p in enumerate(protection) if p == shown),
            key=lambda j: (counts[j], j),
        )
        protection[smallest] = Protection.COMPLEMENTARY
        hidden += counts[smallest]
    return tuple(protection)
