"""A significant change since the earlier survey, said in a plain sentence.

"Andelen som svarade ”Ganska otrygg” har minskat från 14 till 11 procent." The
sentence is built here, not in a template, so that the words and the numbers agree
with the table beside it: shares are whole percent and means have one decimal, as the
tables show them, in the language's number format (decimal comma in Swedish). When a
significant change would read "from 14 to 14 per cent" at that precision, both figures
get more decimals, so the sentence never says that something fell to what it was.
"""

from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _lazy

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


# The sentences by what changed, whether the question is named, and whether it rose.
SENTENCES = {
    ("mean", True, True): _lazy(
        "The mean answer to “%(question)s” has risen from %(before)s to %(after)s."
    ),
    ("mean", True, False): _lazy(
        "The mean answer to “%(question)s” has fallen from %(before)s to %(after)s."
    ),
    ("mean", False, True): _lazy("The mean answer has risen from %(before)s to %(after)s."),
    ("mean", False, False): _lazy("The mean answer has fallen from %(before)s to %(after)s."),
    (MARKED, False, True): _lazy(
        "The share who marked at least one unsafe place has risen "
        "from %(before)s to %(after)s per cent."
    ),
    (MARKED, False, False): _lazy(
        "The share who marked at least one unsafe place has fallen "
        "from %(before)s to %(after)s per cent."
    ),
    ("answer", True, True): _lazy(
        "The share who answered “%(answer)s” to “%(question)s” has risen "
        "from %(before)s to %(after)s per cent."
    ),
    ("answer", True, False): _lazy(
        "The share who answered “%(answer)s” to “%(question)s” has fallen "
        "from %(before)s to %(after)s per cent."
    ),
    ("answer", False, True): _lazy(
        "The share who answered “%(answer)s” has risen from %(before)s to %(after)s per cent."
    ),
    ("answer", False, False): _lazy(
        "The share who answered “%(answer)s” has fallen from %(before)s to %(after)s per cent."
    ),
}


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
    if kind == "mean":
        subject, scale, decimals = "mean", 1, 1
    else:
        subject, scale, decimals = (MARKED if column_key == MARKED else "answer"), 100, 0
    # The places question's sentence says what it measures: it never names the question.
    named = bool(question) and subject != MARKED
    sentence = SENTENCES[(subject, named, difference.difference > 0)]
    with translation.override(language):
        # In the sentence's language: the decimal comma in Swedish.
        old, new = _numbers(scale * before, scale * after, decimals)
        values = {"answer": column, "question": question, "before": old, "after": new}
        return str(sentence) % values
