"""Fieldwork by staff: paper forms typed in, invitation letters printed and e-mails sent."""

import re
import smtplib
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.urls import reverse

from tests.factories import LAST_DAY, MunicipalityFactory, UserFactory, member
from trygg.dialogue import services
from trygg.dialogue.models import Answer, Invitation, PendingInvitationEmail, PlaceMark, Response
from trygg.dialogue.submission import SubmissionError, create_invitations, submit_response
from trygg.tenancy.models import Role

pytestmark = pytest.mark.django_db

KEYS = [
    "area",
    "age_group",
    "gender",
    "feel_safe",
    "local_problems",
    "years_resident",
    "unsafe_places",
    "suggestions",
]
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}\b")


@pytest.fixture
def survey(kungsbacka, onsala):
    draft = services.create_survey(kungsbacka, year=2026, title="Trygghet", question_keys=KEYS)
    return services.open_survey(draft, closes_on=LAST_DAY)


@pytest.fixture
def coordinator(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    return client


def paper_url(survey) -> str:
    return reverse("dialogue:paper_response", args=[survey.pk])


def invitations_url(survey) -> str:
    return reverse("dialogue:invitations", args=[survey.pk])


def paper_form(area, **overrides) -> dict:
    return {
        "submission_key": str(uuid.uuid4()),
        "invitation_code": "",
        "area": str(area.pk),
        "age_group": "45-64",
        "gender": "woman",
        "feel_safe": "seldom",
        "local_problems": ["littering", "poor_lighting"],
        "years_resident": "23",
        "unsafe_places": "",
        "unsafe_places__area": str(area.pk),
        "unsafe_places__description": "Gångtunneln vid stationen",
        "unsafe_places__reasons": ["dark"],
        "unsafe_places__times": ["evening"],
        "suggestions": "Mer belysning i tunneln.",
    } | overrides


# --------------------------------------------------------------------- Paper forms


def test_a_paper_form_is_stored_as_one_response_on_paper(coordinator, survey, onsala):
    response = coordinator.post(paper_url(survey), paper_form(onsala), follow=True)
    stored = Response.objects.get()
    assert stored.channel == Response.Channel.PAPER
    assert (stored.area, stored.age_group, stored.gender) == (onsala, "45-64", "woman")
    assert set(
        Answer.objects.filter(question__key="local_problems").values_list(
            "option__value", flat=True
        )
    ) == {"littering", "poor_lighting"}
    place = PlaceMark.objects.get()
    assert (place.area, place.reasons, place.times) == (onsala, ["dark"], ["evening"])
    page = response.content.decode()
    assert "Pappersenkäten är registrerad (nr 1 i undersökningen)" in page
    # A fresh, empty form for the next letter in the pile.
    assert "Mer belysning i tunneln." not in page
    assert response.context["form"]["submission_key"].value() != stored.submission_key


def test_the_success_message_counts_the_paper_forms_of_the_survey(coordinator, survey, onsala):
    coordinator.post(paper_url(survey), paper_form(onsala))
    response = coordinator.post(paper_url(survey), paper_form(onsala), follow=True)
    assert "nr 2 i undersökningen" in response.content.decode()


def test_a_double_submit_of_a_paper_form_stores_one_response(coordinator, survey, onsala):
    data = paper_form(onsala)
    coordinator.post(paper_url(survey), data)
    response = coordinator.post(paper_url(survey), data, follow=True)
    assert Response.objects.count() == 1
    assert "redan registrerad (nr 1)" in response.content.decode()


def test_an_invalid_paper_form_keeps_everything_typed(coordinator, survey, onsala):
    data = paper_form(onsala, years_resident="200")
    response = coordinator.post(paper_url(survey), data)
    assert response.status_code == 200
    assert not Response.objects.exists()
    page = response.content.decode()
    assert "Pappersenkäten registrerades inte" in page
    assert "Mer belysning i tunneln." in page
    assert "Gångtunneln vid stationen" in page
    form = response.context["form"]
    assert form["feel_safe"].value() == "seldom"
    assert form["submission_key"].value() == data["submission_key"]
    assert "years_resident" in form.errors


def test_a_paper_form_may_leave_required_questions_empty(coordinator, survey):
    coordinator.post(paper_url(survey), {"submission_key": str(uuid.uuid4())})
    stored = Response.objects.get()
    assert stored.area is None and not stored.answers.exists()


def test_a_code_on_the_paper_form_is_spent_and_answers_once(coordinator, survey, onsala):
    code = create_invitations(survey, 1)[0]
    coordinator.post(paper_url(survey), paper_form(onsala, invitation_code=code.lower()))
    assert Invitation.objects.get().spent
    assert Response.objects.get().channel == Response.Channel.PAPER
    response = coordinator.post(paper_url(survey), paper_form(onsala, invitation_code=code))
    assert Response.objects.count() == 1
    assert "Koden har redan använts" in response.content.decode()
    assert "invitation_code" in response.context["form"].errors


def test_an_unknown_code_on_the_paper_form_stores_nothing(coordinator, survey, onsala):
    response = coordinator.post(paper_url(survey), paper_form(onsala, invitation_code="XXXX"))
    assert not Response.objects.exists()
    assert "invitation_code" in response.context["form"].errors


def test_paper_forms_arriving_after_the_survey_closed_are_registered(coordinator, survey, onsala):
    services.close_survey(survey)
    coordinator.post(paper_url(survey), paper_form(onsala))
    assert Response.objects.get().channel == Response.Channel.PAPER


def test_a_draft_survey_takes_no_paper_forms(coordinator, kungsbacka, onsala):
    draft = services.create_survey(kungsbacka, year=2027, title="Utkast", question_keys=["area"])
    response = coordinator.post(paper_url(draft), paper_form(onsala))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert not Response.objects.exists()


def test_the_survey_page_links_paper_forms_and_invitations(coordinator, survey):
    page = coordinator.get(survey.get_absolute_url()).content.decode()
    assert paper_url(survey) in page
    assert invitations_url(survey) in page


@pytest.mark.parametrize("url", [paper_url, invitations_url])
def test_only_the_municipalitys_coordinators_reach_fieldwork(client, survey, onsala, url):
    client.post(url(survey), paper_form(onsala) | {"letters": "2"})
    assert client.get(url(survey)).status_code == 302  # anonymous: to sign-in
    client.force_login(UserFactory())  # signed in, member of nothing
    assert client.get(url(survey)).status_code == 404
    client.force_login(member(MunicipalityFactory(code="1383", slug="varberg"), Role.COORDINATOR))
    assert client.post(url(survey), paper_form(onsala) | {"letters": "2"}).status_code == 404
    client.force_login(member(survey.municipality, Role.VIEWER))
    assert client.post(url(survey), paper_form(onsala) | {"letters": "2"}).status_code == 403
    assert not Response.objects.exists() and not Invitation.objects.exists()


# --------------------------------------------------------------------- Invitations


def test_letters_print_with_their_codes_and_the_answer_address(coordinator, survey):
    response = coordinator.post(
        invitations_url(survey), {"batch_key": str(uuid.uuid4()), "letters": "3"}
    )
    page = response.content.decode()
    codes = CODE.findall(page)
    assert len(set(codes)) == 3
    assert page.count('class="letter"') == 3
    assert f"http://testserver/kommun/kungsbacka/dialog/{survey.pk}/" in page
    assert "Kungsbacka" in page and "Trygghet 2026" in page
    assert "Den sparas inte tillsammans med dina svar." in page
    assert "kan inte visas igen" in page
    assert response["Cache-Control"] == "no-store"
    assert Invitation.objects.filter(channel=Invitation.Channel.LETTER).count() == 3


def test_each_printed_code_answers_once(coordinator, survey, onsala):
    page = coordinator.post(
        invitations_url(survey), {"batch_key": str(uuid.uuid4()), "letters": "2"}
    ).content.decode()
    code = CODE.findall(page)[0]

    def answer():
        return submit_response(
            survey,
            {"area": onsala.pk, "age_group": "25-44", "feel_safe": "always"},
            channel=Response.Channel.INVITATION,
            submission_key=uuid.uuid4(),
            invitation_code=code,
        )

    answer()
    with pytest.raises(SubmissionError):
        answer()
    counts = coordinator.get(invitations_url(survey)).context["counts"]
    assert (counts.created, counts.spent, counts.unspent) == (2, 1, 1)


def test_the_invitations_page_shows_the_counts_and_no_code(coordinator, survey):
    codes = create_invitations(survey, 4)
    page = coordinator.get(invitations_url(survey)).content.decode()
    assert "inbjudningar gjorda" in page
    assert not any(code in page for code in codes)
    assert not CODE.search(page)


def test_a_repeated_batch_makes_no_second_batch(coordinator, survey):
    data = {"batch_key": str(uuid.uuid4()), "letters": "3"}
    coordinator.post(invitations_url(survey), data)
    response = coordinator.post(invitations_url(survey), data)
    assert Invitation.objects.count() == 3
    assert "redan gjorda" in response.content.decode()


def test_a_repeated_batch_is_refused_whatever_the_cache_holds(coordinator, survey):
    """Another worker process has a cache of its own; the database is the one memory."""
    data = {"batch_key": str(uuid.uuid4()), "letters": "3"}
    coordinator.post(invitations_url(survey), data)
    cache.clear()
    response = coordinator.post(invitations_url(survey), data)
    assert Invitation.objects.count() == 3
    assert "redan gjorda" in response.content.decode()


def test_e_mails_whose_sending_failed_may_be_sent_again(
    coordinator, survey, monkeypatch, run_tasks
):
    def fail(self, messages):
        raise smtplib.SMTPServerDisconnected("gone")

    data = {"batch_key": str(uuid.uuid4()), "letters": "2", "emails": "a@example.se"}
    coordinator.post(invitations_url(survey), data)
    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", fail)
        run_tasks()
    # The letters were made with the batch; the e-mail left no code and waits.
    assert Invitation.objects.filter(channel=Invitation.Channel.LETTER).count() == 2
    assert not Invitation.objects.filter(channel=Invitation.Channel.EMAIL).exists()
    assert PendingInvitationEmail.objects.count() == 1

    coordinator.post(reverse("dialogue:invitations_send_again", args=[survey.pk]))
    run_tasks()

    assert Invitation.objects.count() == 3
    assert [message.to for message in mail.outbox] == [["a@example.se"]]
    assert not PendingInvitationEmail.objects.exists()


def test_each_address_gets_an_email_with_a_code_of_its_own(coordinator, survey, run_tasks):
    response = coordinator.post(
        invitations_url(survey),
        {
            "batch_key": str(uuid.uuid4()),
            "letters": "0",
            "emails": "anna@example.se\n\n  Bo@Example.se ,\nanna@example.se\n",
        },
        follow=True,
    )
    assert not mail.outbox  # sent by the background worker
    run_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == ["Bo@Example.se", "anna@example.se"]
    codes = [CODE.search(message.body).group() for message in mail.outbox]
    assert len(set(codes)) == 2
    for message in mail.outbox:
        assert f"http://testserver/kommun/kungsbacka/dialog/{survey.pk}/" in message.body
        assert "Trygghet 2026" in message.subject
    assert "2 e-postmeddelanden" in response.content.decode()
    assert Invitation.objects.filter(channel=Invitation.Channel.EMAIL).count() == 2
    assert not CODE.search(response.content.decode())


def tables_holding(text: str) -> list[str]:
    holding = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            if text in str(cursor.fetchall()):
                holding.append(table)
    return holding


def test_email_addresses_are_kept_only_until_their_email_is_sent(coordinator, survey, run_tasks):
    coordinator.post(
        invitations_url(survey),
        {"batch_key": str(uuid.uuid4()), "letters": "1", "emails": "hemlig.adress@example.se"},
    )
    assert tables_holding("hemlig.adress") == [PendingInvitationEmail._meta.db_table]

    run_tasks()

    assert len(mail.outbox) == 1
    assert tables_holding("hemlig.adress") == []
    for session in Session.objects.all():
        assert "hemlig.adress" not in str(session.get_decoded())


def test_a_bad_address_is_named_by_its_line(coordinator, survey):
    response = coordinator.post(
        invitations_url(survey),
        {"batch_key": str(uuid.uuid4()), "letters": "5", "emails": "anna@example.se\nbo@example"},
    )
    assert response.status_code == 200
    assert "Rad 2 är ingen e-postadress: ”bo@example”." in response.content.decode()
    assert not mail.outbox and not Invitation.objects.exists()
    assert not PendingInvitationEmail.objects.exists()


def test_a_batch_asks_for_letters_or_addresses(coordinator, survey):
    response = coordinator.post(
        invitations_url(survey), {"batch_key": str(uuid.uuid4()), "letters": "0", "emails": ""}
    )
    assert "Ange ett antal brev" in response.content.decode()
    assert not Invitation.objects.exists()


def test_when_sending_fails_only_the_sent_emails_keep_their_codes(
    coordinator, survey, monkeypatch, run_tasks
):
    sent = []

    def send_messages(self, messages):
        if sent:
            raise smtplib.SMTPServerDisconnected("gone")
        sent.extend(messages)
        return len(messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    coordinator.post(
        invitations_url(survey),
        {"batch_key": str(uuid.uuid4()), "letters": "3", "emails": "a@example.se\nb@example.se"},
    )
    run_tasks()
    assert len(sent) == 1
    assert Invitation.objects.filter(channel=Invitation.Channel.EMAIL).count() == 1
    assert Invitation.objects.filter(channel=Invitation.Channel.LETTER).count() == 3
    assert list(PendingInvitationEmail.objects.values_list("address", flat=True)) == [
        "b@example.se"
    ]
    page = coordinator.get(invitations_url(survey)).content.decode()
    assert "1 av 2 inbjudningar skickades; 1 adress är kvar osänd" in page


def test_a_closed_survey_makes_no_more_invitations(coordinator, survey):
    services.close_survey(survey)
    response = coordinator.post(
        invitations_url(survey), {"batch_key": str(uuid.uuid4()), "letters": "3"}
    )
    assert response.status_code == 200
    assert response.context["form"] is None
    assert not Invitation.objects.exists()


def test_the_default_cache_is_shared_by_every_worker_process(settings):
    from trygg.settings import cache_from_url

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert cache_from_url("db://")["LOCATION"] == "trygg_cache"
    assert cache_from_url("redis://cache:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache:6379/1",
    }
    with pytest.raises(ImproperlyConfigured, match="TRYGG_CACHE_URL"):
        cache_from_url("memcache://x")
