"""The printed invitation letters: a QR code of the answer address with the code, the last
day to answer and a contact for questions."""

import datetime
import re
import uuid

import pytest
import segno
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import LAST_DAY, member
from trygg.dialogue import services
from trygg.dialogue.models import Survey
from trygg.tenancy.models import Role

pytestmark = pytest.mark.django_db

CODE = re.compile(r'class="letter__code">([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2})<')


@pytest.fixture
def survey(kungsbacka):
    draft = services.create_survey(
        kungsbacka, year=2026, title="Trygghet", question_keys=("feel_safe",)
    )
    return services.open_survey(draft, closes_on=LAST_DAY)


def print_letters(client, survey, count: int = 2) -> str:
    client.force_login(member(survey.municipality, Role.COORDINATOR))
    response = client.post(
        reverse("dialogue:invitations", args=[survey.pk]),
        {"batch_key": str(uuid.uuid4()), "letters": str(count)},
    )
    assert response.status_code == 200
    return response.content.decode()


def drawing(svg: str) -> str:
    """The QR code's modules: the path segno draws them as."""
    return re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)


def test_each_letters_qr_code_opens_the_survey_with_its_own_code(client, survey):
    page = print_letters(client, survey)
    codes = CODE.findall(page)
    svgs = re.findall(r'<figure class="letter__qr">.*?(<svg .*?</svg>)', page, re.S)
    assert len(codes) == len(svgs) == 2

    answer_url = f"http://testserver/kommun/kungsbacka/dialog/{survey.pk}/"
    for code, svg in zip(codes, svgs, strict=True):
        expected = segno.make(f"{answer_url}#kod={code}", error="m").svg_inline(scale=3, border=2)
        assert drawing(svg) == drawing(expected)
        # Screen readers hear what it is, not the drawing.
        assert 'aria-hidden="true"' in svg
    assert page.count('aria-label="QR-kod som öppnar undersökningen med koden ifylld"') == 2


def test_the_start_page_fills_in_a_code_from_the_address(client, survey):
    page = client.get(reverse("answer:start", args=["kungsbacka", survey.pk])).content.decode()
    assert "dialogue/js/code-from-link" in page
    assert 'id="id_code"' in page


def test_the_letters_ask_for_an_answer_by_the_last_day(client, survey):
    last_day = timezone.localdate() + datetime.timedelta(days=20)
    Survey.objects.filter(pk=survey.pk).update(closes_on=last_day)
    page = print_letters(client, survey)
    assert page.count(f"Svara gärna senast {date_format(last_day)}.") == 2
    assert "Breven anger ingen sista svarsdag" not in page


def test_without_a_last_day_the_page_says_the_letters_name_none(client, survey):
    # Surveys opened before opening asked for a last day have none.
    Survey.objects.filter(pk=survey.pk).update(closes_on=None)
    page = print_letters(client, survey)
    assert "Svara gärna senast" not in page
    assert "Breven anger ingen sista svarsdag" in page


def test_the_letters_print_the_municipalitys_contact(client, survey, kungsbacka):
    kungsbacka.residents_contact = "trygghet@kungsbacka.se, 0300-83 40 00"
    kungsbacka.save()
    page = print_letters(client, survey)
    assert page.count("Kontakta oss: trygghet@kungsbacka.se, 0300-83 40 00") == 2


def test_without_a_contact_the_page_says_where_to_add_one(client, survey):
    page = print_letters(client, survey)
    assert "Kontakta oss" not in page
    assert "kan lägga till en på sidan Medarbetare" in page
