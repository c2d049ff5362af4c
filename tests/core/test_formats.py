"""Dates and numbers in the reader's language, from Django's localisation.

Swedish: "3 december 2026", "92,0", "67 257" (a no-break space between thousands);
English: "December 3, 2026", "92.0", "67,257". Years and keys are never grouped.
"""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from trygg.portal.templatetags.portal import measure

NBSP = "\xa0"
DAY = datetime.date(2026, 12, 3)


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"), [("sv", "3 december 2026"), ("en", "December 3, 2026")]
)
def test_a_date_is_written_out_with_the_month_name(language, expected):
    with translation.override(language):
        assert render("{{ day|date }}", day=DAY) == expected
        assert formats.date_format(DAY) == expected


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_time_is_on_the_24_hour_clock_so_a_sentence_ends_with_one_full_stop(language):
    moment = datetime.datetime(2026, 12, 3, 23, 55)
    with translation.override(language):
        text = render("Computed at {{ moment|time }}.", moment=moment)
        written = formats.date_format(moment, "DATETIME_FORMAT")
    assert text == "Computed at 23:55."
    assert written.endswith("23:55")


def test_swedish_month_names_are_in_lower_case():
    with translation.override("sv"):
        months = [formats.date_format(datetime.date(2026, m, 1)) for m in range(1, 13)]
    assert all(text.split()[1].islower() for text in months), months


@pytest.mark.parametrize(("language", "expected"), [("sv", f"67{NBSP}257"), ("en", "67,257")])
def test_a_count_is_grouped_by_thousands(language, expected):
    with translation.override(language):
        assert render("{% load humanize %}{{ n|intcomma }}", n=67257) == expected


@pytest.mark.parametrize(("language", "expected"), [("sv", "92,0"), ("en", "92.0")])
def test_a_decimal_has_the_languages_decimal_mark(language, expected):
    with translation.override(language):
        assert render("{{ x|floatformat:1 }}", x=92.0) == expected
        assert formats.number_format(92.0, decimal_pos=1) == expected


@pytest.mark.parametrize(("language", "expected"), [("sv", f"12{NBSP}500,5"), ("en", "12,500.5")])
def test_a_measured_value_is_grouped_and_has_the_decimal_mark(language, expected):
    with translation.override(language):
        assert measure(Decimal("12500.50")) == expected


def test_a_year_or_key_a_template_prints_is_never_grouped():
    """Grouping is asked for where a person reads a count, so "2026" stays "2026"."""
    with translation.override("sv"):
        assert render("{{ year }} #promise-{{ pk }}", year=2026, pk=1234) == "2026 #promise-1234"


def test_an_agreements_period_is_written_in_the_readers_format():
    from trygg.promises.models import Agreement

    agreement = Agreement(starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2026, 12, 31))
    with translation.override("sv"):
        assert agreement.period_label == "1 januari 2025 – 31 december 2026"
    with translation.override("en"):
        assert agreement.period_label == "January 1, 2025 – December 31, 2026"


ENGLISH_MONTH_ABBREVIATION = r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"


@pytest.mark.django_db
def test_a_staff_page_in_swedish_writes_its_dates_in_swedish(client):
    from tests.factories import IndicatorValueFactory, ProgressUpdateFactory, member
    from trygg.tenancy.models import Role

    update = ProgressUpdateFactory(
        action__promise__focus_area__agreement__published=True,
        action__due_on=datetime.date(2027, 5, 31),
    )
    agreement = update.action.promise.focus_area.agreement
    IndicatorValueFactory(indicator__promise=update.action.promise)
    client.force_login(member(agreement.municipality, Role.COORDINATOR))
    for page in (agreement.get_absolute_url(), update.action.get_absolute_url()):
        html = client.get(page).content.decode()
        assert not re.search(ENGLISH_MONTH_ABBREVIATION, html), page
        assert not re.search(r">\s*\d{4}-\d\d-\d\d\s*<", html), page
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "31 maj 2027" in html
    assert "1 oktober 2026" in html  # the indicator's measured value
    assert "1 januari 2026 – 31 december 2027" in html  # the period


@pytest.mark.parametrize(("language", "expected"), [("sv", "p < 0,001"), ("en", "p < 0.001")])
def test_a_tiny_p_value_is_written_with_the_languages_decimal_mark(language, expected):
    from trygg.insight.templatetags.results import p_value

    change = SimpleNamespace(difference=SimpleNamespace(p_value=0.0001))
    with translation.override(language):
        assert p_value(change) == expected


@pytest.mark.parametrize(
    "figure",
    [
        {"ci_low": 0.612, "ci_high": 0.7049},  # as stored in a snapshot's JSON
        SimpleNamespace(ci_low=0.612, ci_high=0.7049),
    ],
    ids=["stored", "estimate"],
)
def test_an_interval_reads_an_estimate_or_its_stored_json(figure):
    from trygg.insight.templatetags.results import interval

    with translation.override("sv"):
        assert interval(figure) == "61–70 %"
        assert interval({"ci_low": None, "ci_high": None}) == "–"
