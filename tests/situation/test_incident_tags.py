"""The incident figures' template filters."""

from django.utils import translation

from trygg.situation.templatetags.incidents import probability, signed_count


def test_a_change_is_signed_with_a_true_minus_and_grouped_thousands():
    with translation.override("sv"):
        assert [signed_count(n) for n in (12, -5, 0, None)] == ["+12", "−5", "±0", "–"]
        assert signed_count(-1234) == "−1\xa0234"


def test_a_probability_has_four_decimals_and_a_tiny_one_reads_as_under_the_last():
    with translation.override("sv"):
        assert [probability(q) for q in (0.01234, 0.05, 1.0, None)] == [
            "0,0123",
            "0,0500",
            "1,0000",
            "–",
        ]
        # What floatformat printed for a q of a strong hotspot: "1.3324564512939162e-305".
        assert probability(1.3324564512939162e-305) == probability(0.0) == "< 0,0001"
    with translation.override("en"):
        assert probability(0.00009) == "< 0.0001"
