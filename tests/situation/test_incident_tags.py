"""The incident figures' template filters."""

from django.utils import translation

from trygg.situation.templatetags.incidents import signed_count


def test_a_change_is_signed_with_a_true_minus_and_grouped_thousands():
    with translation.override("sv"):
        assert [signed_count(n) for n in (12, -5, 0, None)] == ["+12", "−5", "±0", "–"]
        assert signed_count(-1234) == "−1\xa0234"
