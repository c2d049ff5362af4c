"""Invitation e-mails sent by the background worker: one job per survey, each address once."""

import os
import smtplib
import subprocess
import sys
import threading
import uuid

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connections
from django.urls import reverse

from tests.factories import LAST_DAY, member
from trygg.background.models import Job
from trygg.core.errors import DomainError
from trygg.dialogue import fieldwork, services
from trygg.dialogue.models import Invitation, PendingInvitationEmail
from trygg.dialogue.tasks import send_invitation_emails
from trygg.tenancy.models import Role

ANSWER_URL = "https://trygg.example.se/kommun/kungsbacka/dialog/1/"
REFUSING = "tests.dialogue.test_invitation_emails.RefusingBackend"
DOWN = "tests.dialogue.test_invitation_emails.DownBackend"


class RefusingBackend(EmailBackend):
    """A mail server that refuses the addresses with "refuse" in them, and takes the rest."""

    tried: list[str] = []

    def send_messages(self, messages):
        for message in messages:
            RefusingBackend.tried.append(message.to[0])
            if "refuse" in message.to[0]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


class DownBackend(RefusingBackend):
    """A mail server that cannot be reached at all."""

    def send_messages(self, messages):
        RefusingBackend.tried.extend(message.to[0] for message in messages)
        raise ConnectionRefusedError("connection refused")


@pytest.fixture(autouse=True)
def _nothing_tried_yet():
    RefusingBackend.tried = []


@pytest.fixture
def mail_server(settings):
    """Switch the mail server the worker reaches: ``mail_server(REFUSING)``."""

    def use(backend: str) -> None:
        settings.MAILERS = {"default": {"BACKEND": backend}}

    return use


@pytest.fixture
def survey(kungsbacka, onsala):
    draft = services.create_survey(
        kungsbacka, year=2026, title="Trygghet", question_keys=["area", "feel_safe"]
    )
    return services.open_survey(draft, closes_on=LAST_DAY)


@pytest.fixture
def coordinator(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    return client


def issue(survey, emails, *, letters=0, batch_key=None):
    return fieldwork.issue_invitations(
        survey,
        letters=letters,
        emails=emails,
        answer_url=ANSWER_URL,
        batch_key=batch_key or uuid.uuid4(),
    )


def email_job(survey) -> Job:
    return Job.objects.of(send_invitation_emails, survey).first()


def invitations_url(survey) -> str:
    return reverse("dialogue:invitations", args=[survey.pk])


def send_again_url(survey) -> str:
    return reverse("dialogue:invitations_send_again", args=[survey.pk])


def email_codes() -> int:
    return Invitation.objects.filter(channel=Invitation.Channel.EMAIL).count()


# ------------------------------------------------------------------- Sending by the job


@pytest.mark.django_db
def test_the_job_sends_each_address_its_code_and_forgets_the_address(survey, run_tasks):
    issue(survey, ["anna@example.se", "bo@example.se"])
    assert not mail.outbox
    assert PendingInvitationEmail.objects.count() == 2

    run_tasks()

    assert sorted(message.to[0] for message in mail.outbox) == ["anna@example.se", "bo@example.se"]
    assert all(ANSWER_URL in message.body for message in mail.outbox)
    assert email_codes() == 2
    assert not PendingInvitationEmail.objects.exists()
    job = email_job(survey)
    assert job.status == Job.Status.SUCCEEDED
    assert job.message == "2 inbjudningar skickade."
    assert (job.step, job.done, job.total) == ("Skickar inbjudningar", 2, 2)


@pytest.mark.django_db
def test_addresses_of_several_batches_are_sent_by_one_waiting_job(survey, run_tasks):
    issue(survey, ["anna@example.se"])
    issue(survey, ["bo@example.se"])

    assert Job.objects.of(send_invitation_emails, survey).count() == 1
    run_tasks()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_refused_addresses_stay_pending_without_a_code_and_the_job_says_how_many(
    survey, run_tasks, mail_server
):
    mail_server(REFUSING)
    issue(survey, ["anna@example.se", "refuse@example.se", "bo@example.se"])

    run_tasks()

    assert sorted(message.to[0] for message in mail.outbox) == ["anna@example.se", "bo@example.se"]
    assert email_codes() == 2
    assert list(PendingInvitationEmail.objects.values_list("address", flat=True)) == [
        "refuse@example.se"
    ]
    job = email_job(survey)
    assert job.status == Job.Status.FAILED
    assert job.message == (
        "2 av 3 inbjudningar skickades; 1 adress är kvar osänd, eftersom e-postservern "
        "inte tog emot den eller inte gick att nå. Försök igen senare med ”Skicka de "
        "återstående igen”."
    )


@pytest.mark.django_db
def test_sending_stops_after_three_refusals_in_a_row(survey, run_tasks, mail_server):
    mail_server(DOWN)
    addresses = [f"person{number}@example.se" for number in range(6)]
    issue(survey, addresses)

    run_tasks()

    assert RefusingBackend.tried == addresses[:3]
    assert not mail.outbox and email_codes() == 0
    assert PendingInvitationEmail.objects.count() == 6
    assert email_job(survey).message.startswith("0 av 6 inbjudningar skickades; 6 adresser")


@pytest.mark.django_db
def test_send_again_sends_only_the_remaining(survey, run_tasks, mail_server):
    mail_server(DOWN)
    issue(survey, ["anna@example.se", "bo@example.se"])
    run_tasks()
    mail_server(REFUSING)
    fieldwork.send_again(survey)
    run_tasks()

    assert sorted(message.to[0] for message in mail.outbox) == ["anna@example.se", "bo@example.se"]
    assert email_codes() == 2
    assert not PendingInvitationEmail.objects.exists()
    assert email_job(survey).status == Job.Status.SUCCEEDED
    # And once all are sent, there is nothing to send again.
    with pytest.raises(DomainError, match="Inga inbjudningar"):
        fieldwork.send_again(survey)


@pytest.mark.django_db
def test_closing_the_survey_deletes_the_addresses_not_yet_sent(survey, run_tasks):
    issue(survey, ["anna@example.se"])

    services.close_survey(survey)
    run_tasks()

    assert not PendingInvitationEmail.objects.exists()
    assert not mail.outbox and email_codes() == 0
    job = email_job(survey)
    assert job.status == Job.Status.FAILED
    assert job.message.startswith("Undersökningen är stängd: inbjudningarna via e-post")
    survey.refresh_from_db()
    with pytest.raises(DomainError, match="stängd"):
        fieldwork.send_again(survey)


# ------------------------------------------------------------------- Each address once


@pytest.mark.django_db
def test_a_batch_sent_twice_sends_one_email_to_each_address(survey, run_tasks):
    key = uuid.uuid4()
    issue(survey, ["anna@example.se"], letters=2, batch_key=key)
    with pytest.raises(DomainError, match="redan gjorda"):
        issue(survey, ["anna@example.se"], letters=2, batch_key=key)

    run_tasks()

    assert len(mail.outbox) == 1
    assert Invitation.objects.count() == 3


@pytest.mark.django_db
def test_an_address_waiting_already_is_not_queued_twice_whatever_its_case(survey, run_tasks):
    issue(survey, ["anna@example.se"])
    issue(survey, ["Anna@Example.se", "bo@example.se"])

    run_tasks()

    assert sorted(message.to[0] for message in mail.outbox) == ["anna@example.se", "bo@example.se"]


def run_at_once(count: int, work) -> list:
    """Run ``work()`` in ``count`` threads released together; what each returned or raised."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            outcomes[index] = work()
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("concurrent_db")
def test_the_same_form_sent_twice_at_once_sends_one_email_to_each_address(survey, run_tasks):
    key = uuid.uuid4()
    addresses = ["anna@example.se", "bo@example.se"]

    outcomes = run_at_once(2, lambda: issue(survey, addresses, letters=1, batch_key=key))

    assert sum(isinstance(outcome, fieldwork.Batch) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, DomainError) for outcome in outcomes) == 1
    run_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == addresses
    assert Invitation.objects.count() == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("concurrent_db")
def test_two_batches_with_the_same_addresses_at_once_send_each_one_email(survey, run_tasks):
    addresses = [f"person{number}@example.se" for number in range(20)]

    outcomes = run_at_once(3, lambda: issue(survey, addresses))

    assert all(isinstance(outcome, fieldwork.Batch) for outcome in outcomes)
    run_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(addresses)
    assert email_codes() == 20


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("concurrent_db")
def test_two_workers_sending_one_surveys_emails_at_once_send_each_once(survey):
    addresses = [f"person{number}@example.se" for number in range(30)]
    fieldwork.queue_emails(survey, addresses, ANSWER_URL)

    outcomes = run_at_once(2, lambda: fieldwork.send_pending_emails(survey))

    assert sum(outcome.sent for outcome in outcomes) == 30
    assert sorted(message.to[0] for message in mail.outbox) == sorted(addresses)
    assert email_codes() == 30
    assert not PendingInvitationEmail.objects.exists()


# ------------------------------------------------------------------- The page


@pytest.mark.django_db
def test_the_page_follows_the_sending_from_waiting_to_done(coordinator, survey, run_tasks):
    response = coordinator.post(
        invitations_url(survey),
        {"batch_key": str(uuid.uuid4()), "letters": "0", "emails": "a@example.se\nb@example.se"},
        follow=True,
    )
    page = response.content.decode()
    assert "2 e-postmeddelanden med var sin kod skickas i bakgrunden" in page
    assert "Utskick av inbjudningar via e-post" in page
    assert "Väntar på bakgrundsprocessen" in page
    assert "background/js/job.js" in page
    assert email_job(survey).started_by is not None

    Job.objects.filter(pk=email_job(survey).pk).update(
        status=Job.Status.RUNNING, step="Skickar inbjudningar", done=1, total=2
    )
    page = coordinator.get(invitations_url(survey)).content.decode()
    assert "Skickar inbjudningar" in page
    assert '<progress max="100" value="50"' in page

    Job.objects.update(status=Job.Status.QUEUED)
    run_tasks()
    page = coordinator.get(invitations_url(survey)).content.decode()
    assert "2 inbjudningar skickade." in page
    assert "background/js/job.js" not in page
    assert "Skicka de återstående igen" not in page


@pytest.mark.django_db
def test_a_failed_sending_offers_to_send_the_remaining_again(
    coordinator, survey, run_tasks, mail_server
):
    mail_server(REFUSING)
    coordinator.post(
        invitations_url(survey),
        {"batch_key": str(uuid.uuid4()), "emails": "a@example.se\nrefuse@example.se"},
    )
    run_tasks()

    page = coordinator.get(invitations_url(survey)).content.decode()
    assert "1 av 2 inbjudningar skickades; 1 adress är kvar osänd" in page
    assert "1 adress väntar fortfarande på sitt e-postmeddelande." in page
    assert f'action="{send_again_url(survey)}"' in page

    mail_server("django.core.mail.backends.locmem.EmailBackend")
    response = coordinator.post(send_again_url(survey), follow=True)
    assert "Väntar på bakgrundsprocessen" in response.content.decode()
    run_tasks()
    page = coordinator.get(invitations_url(survey)).content.decode()
    assert "1 inbjudan skickad." in page
    assert "Skicka de återstående igen" not in page
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.se", "refuse@example.se"]


@pytest.mark.django_db
def test_send_again_with_nothing_waiting_says_so(coordinator, survey):
    response = coordinator.post(send_again_url(survey), follow=True)

    assert "Inga inbjudningar via e-post väntar på att skickas." in response.content.decode()
    assert not Job.objects.of(send_invitation_emails, survey).exists()


@pytest.mark.django_db
def test_only_coordinators_send_again(client, survey, kungsbacka):
    fieldwork.queue_emails(survey, ["a@example.se"], ANSWER_URL)
    Job.objects.update(status=Job.Status.FAILED)
    client.force_login(member(kungsbacka, Role.VIEWER))

    assert client.post(send_again_url(survey)).status_code == 403
    assert client.get(send_again_url(survey)).status_code == 405


# ------------------------------------------------------------------- The mail server


@pytest.mark.parametrize(
    ("environment", "timeout"), [({}, 10.0), ({"TRYGG_EMAIL_TIMEOUT": "3"}, 3.0)]
)
def test_a_hung_mail_server_is_given_up_on_after_the_timeout(environment, timeout):
    """The SMTP connection's timeout, as the settings make it from the environment."""
    script = (
        "import django; django.setup(); from django.core.mail import mailers; "
        "print(mailers.default.timeout)"
    )
    env = (
        {key: value for key, value in os.environ.items() if not key.startswith("TRYGG_EMAIL")}
        | {
            "DJANGO_SETTINGS_MODULE": "trygg.settings",
            "TRYGG_DEBUG": "1",
            "TRYGG_EMAIL_HOST": "mail.example.se",
        }
        | environment
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert float(out.strip()) == timeout
