"""A significant change since the earlier survey, said in a plain sentence.

"Andelen som svarade ”Ganska otrygg” har minskat från 14 till 11 procent." The
sentence is built here, not in a template, so that the words and the numbers agree
with the table beside it: shares are whole percent and means have one decimal, as the
tables show them, in the language's number format (decimal comma in Swedish). When a
significant change would read "from 14 to 14 per cent" at that precision, both figures
get more decimals, so the sentence never says that something fell to what it was.
"""

from django.utils import formats, translation
from django.utils.translation import gettext as _

from trygg.stats.compare import Difference

# The column of a places question: the share who marked at least one place.
MARKED = "marked"


def whole_percent(share: float) -> int:
    """A share as the whole percent the tables show (0.923 → 92)."""
    return round(100 * share)


def _numbers(before: float, after: float, decimals: int) -> tuple[str, str]:
    """The two figures at ``decimals`` places, with more (up to 3) while they look equal."""
    while round(before, decimals) == round(after, decimals) and decimals < 3:
        decimals += 1
    return tuple(
        formats.number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True)
        for value in (before, after)
    )


def change_sentence(
    *,
    kind: str,
    column_key: str,
    column: str,
    before: float,
    after: float,
    difference: Difference,
    language: str,
    question: str = "",
) -> str:
    """The change of one column from ``before`` to ``after``, as one sentence in ``language``.

    ``kind`` is the question's (``proportion``: shares 0–1; ``mean``), ``column`` the
    answer's label (a share of those who gave it) and ``column_key`` its stable code.
    The direction is that of ``difference``, the tested one. With ``question`` the
    sentence names the question too, to stand on its own (in a summary); without, it
    reads under the question's heading.
    """
    rose = difference.difference > 0
    with translation.override(language):
        if kind == "mean":
            old, new = _numbers(before, after, 1)
            values = {"question": question, "before": old, "after": new}
            if question:
                text = (
                    _("The mean answer to “%(question)s” has risen from %(before)s to %(after)s.")
                    if rose
                    else _(
                        "The mean answer to “%(question)s” has fallen from %(before)s to %(after)s."
                    )
                )
            else:
                text = (
                    _("The mean answer has risen from %(before)s to %(after)s.")
                    if rose
                    else _("The mean answer has fallen from %(before)s to %(after)s.")
                )
            return text % values
        old, new = _numbers(100 * before, 100 * after, 0)
        values = {"answer": column, "question": question, "before": old, "after": new}
        if column_key == MARKED:
            text = (
                _(
                    "The share who marked at least one unsafe place has risen "
                    "from %(before)s to %(after)s per cent."
                )
                if rose
                else _(
                    "The share who marked at least one unsafe place has fallen "
                    "from %(before)s to %(after)s per cent."
                )
            )
        elif question:
            text = (
                _(
                    "The share who answered “%(answer)s” to “%(question)s” has risen "
                    "from %(before)s to %(after)s per cent."
                )
                if rose
                else _(
                    "The share who answered “%(answer)s” to “%(question)s” has fallen "
                    "from %(before)s to %(after)s per cent."
                )
            )
        else:
            text = (
                _(
                    "The share who answered “%(answer)s” has risen "
                    "from %(before)s to %(after)s per cent."
                )
                if rose
                else _(
                    "The share who answered “%(answer)s” has fallen "
                    "from %(before)s to %(after)s per cent."
                )
            )
        return text % values
