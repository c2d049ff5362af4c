"""The municipality page is short: focus areas fold, each with a line on how it goes."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def test_each_focus_area_folds_closed_with_its_promises_and_progress_in_the_summary(
    client, published
):
    html = client.get(reverse("portal:municipality", args=["kungsbacka"])).content.decode()

    folds = re.findall(r"<details[^>]*>\s*<summary>(.*?)</summary>", html, re.S)
    assert len(folds) == 1
    assert "<details open" not in html
    summary = " ".join(folds[0].split())
    assert "Trygghet i offentlig miljö" in summary
    assert "1 löfte · 1 av 1 åtgärd helt genomförd eller enligt plan" in summary
    # The promises are inside the fold, still on the page for those who open it.
    assert html.index("<summary>") < html.index("Fler vuxna ute") < html.index("</details>")


def test_a_focus_area_names_actions_short_of_plan_in_its_summary(client, published):
    published.action.due_on = timezone.localdate() - datetime.timedelta(days=1)
    published.action.save()

    html = client.get(reverse("portal:municipality", args=["kungsbacka"])).content.decode()

    summary = " ".join(re.search(r"<summary>(.*?)</summary>", html, re.S)[1].split())
    assert "0 av 1 åtgärd helt genomförd eller enligt plan · 1 försenade" in summary


def test_the_indicators_name_their_columns_beside_each_value_for_phones(client, published):
    IndicatorFactory(promise=published.promise)

    html = client.get(reverse("portal:municipality", args=["kungsbacka"])).content.decode()

    assert 'data-label="Mål"' in html
    assert 'data-label="Senaste värde"' in html
