"""Attack: a file that claims to be one thing and is another.

The attacker is a staff member with upload rights (or someone who stole such an
account) who wants a resident's browser to run their content from Trygg's origin:
an HTML page or an SVG with script, passed off under an innocent name or headed by
a PDF or PNG signature. Uploads go through the real forms, downloads through the
real staff and public views.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import ActionFactory, member
from tests.promises.documents import JPEG, PDF, PNG
from trygg.promises.models import ProgressUpdate
from trygg.tenancy.models import Role

pytestmark = pytest.mark.django_db

SCRIPT = b"<html><body><script>fetch('/staff/').then(r => r.text())</script></body></html>"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)


@pytest.fixture
def action():
    return ActionFactory(promise__focus_area__agreement__published=True)


@pytest.fixture
def coordinator(client, action):
    client.force_login(member(action.municipality, Role.COORDINATOR))
    return client


def upload(client, action, name: str, content: bytes, content_type: str = "text/html"):
    """Record a progress update with the file as its attachment, through the staff form."""
    return client.post(
        reverse("promises:progress_create", args=[action.pk]),
        {
            "date": "2026-02-01",
            "text": "Trygghetsvandring i Åsa",
            "quantity": "0",
            "attachment": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def staff_download(client, update):
    return client.get(reverse("promises:progress_attachment", args=[update.pk]))


def public_download(client, update):
    return client.get(
        reverse(
            "portal:update_attachment",
            kwargs={"municipality": update.municipality.slug, "pk": update.pk},
        )
    )


def assert_served_safely(response, content_type: str, extension: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert re.search(rf'filename="[a-z0-9-]+\{extension}"', disposition), disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("rapport.html", PDF, "application/pdf", ".pdf"),
        ("rapport.pdf.html", PDF, "application/pdf", ".pdf"),
        ("RAPPORT.PDF", PDF, "application/pdf", ".pdf"),
        ("bild.svg", PNG, "image/png", ".png"),
        ("bild.jpg", PNG, "image/png", ".png"),
        ("foto.PNG", JPEG, "image/jpeg", ".jpg"),
        ("foto", JPEG, "image/jpeg", ".jpg"),
    ],
)
def test_a_real_document_under_a_lying_name_is_stored_and_served_as_what_it_is(
    coordinator, action, name, content, content_type, extension
):
    response = upload(coordinator, action, name, content)

    assert response.status_code == 302, response.content.decode()
    update = ProgressUpdate.objects.get()
    stored = update.attachment.name
    assert stored.endswith(extension)
    assert stored.count(".") == 1, stored  # no trace of the claimed extension
    assert_served_safely(staff_download(coordinator, update), content_type, extension)
    coordinator.logout()
    served = public_download(coordinator, update)
    assert_served_safely(served, content_type, extension)
    assert b"".join(served.streaming_content) == content


SPOOFS = {
    # A PDF signature in front of a web page: no PDF reader would open it.
    "pdf header on a web page": (b"%PDF-1.7\n" + SCRIPT, "rapport.pdf"),
    "png signature on a web page": (b"\x89PNG\r\n\x1a\n" + SCRIPT, "bild.png"),
    "jpeg start on a web page": (b"\xff\xd8\xff\xe0" + SCRIPT, "foto.jpg"),
    "web page named as a pdf": (SCRIPT, "rapport.pdf"),
    "svg named as a png": (SVG, "bild.png"),
    "svg as itself": (SVG, "bild.svg"),
    "upper-case extension on a web page": (SCRIPT, "RAPPORT.PDF"),
    "word document": (b"PK\x03\x04" + b"\x00" * 200, "rapport.pdf"),
}


@pytest.mark.parametrize("case", SPOOFS)
def test_a_spoofed_file_is_refused_in_swedish_and_nothing_is_stored(coordinator, action, case):
    content, name = SPOOFS[case]

    response = upload(coordinator, action, name, content, content_type="application/pdf")

    assert response.status_code == 200
    text = response.content.decode()
    assert (
        "Bilagan måste vara en PDF-, PNG- eller JPEG-fil" in text
        or "SVG-bilder tas inte emot" in text
        or "Spara den som PDF för att bifoga den." in text
    ), text
    assert not ProgressUpdate.objects.exists()


def test_an_svg_is_refused_with_the_reason(coordinator, action):
    response = upload(coordinator, action, "karta.svg", SVG, content_type="image/svg+xml")

    assert (
        "SVG-bilder tas inte emot, eftersom de kan innehålla program. Spara bilden som PNG "
        "eller JPEG." in response.content.decode()
    )


def test_a_polyglot_that_is_a_whole_pdf_is_only_ever_served_as_a_pdf_download(coordinator, action):
    # A file that is both a valid PDF (header and end marker) and, to a sniffing
    # browser, a page with script. It may be stored; it must never run.
    polyglot = b"%PDF-1.4\n" + SCRIPT + b"\n%%EOF\n"

    assert upload(coordinator, action, "rapport.html", polyglot).status_code == 302

    update = ProgressUpdate.objects.get()
    assert_served_safely(staff_download(coordinator, update), "application/pdf", ".pdf")


def test_a_signed_agreement_that_is_a_web_page_with_a_pdf_name_is_refused(client):
    agreement = ActionFactory().agreement
    client.force_login(member(agreement.municipality, Role.COORDINATOR))

    response = client.post(
        reverse("promises:agreement_sign", args=[agreement.pk]),
        {
            "signed_on": "2025-12-01",
            "signed_document": SimpleUploadedFile("avtal.PDF", b"%PDF-1.4\n" + SCRIPT),
        },
    )

    assert "Filen är inte en PDF, eller så är PDF-filen ofullständig." in response.content.decode()
    agreement.refresh_from_db()
    assert not agreement.signed_document


def test_an_empty_file_is_refused(coordinator, action):
    response = upload(coordinator, action, "tom.pdf", b"")

    assert response.status_code == 200
    assert "Den skickade filen är tom." in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_an_oversized_file_is_refused_with_the_limit(coordinator, action, settings):
    settings.TRYGG_MAX_UPLOAD_BYTES = 2048
    big = PDF[:-6] + b"%" + b"0" * 4096 + b"\n%%EOF\n"

    response = upload(coordinator, action, "stor.pdf", big)

    assert response.status_code == 200
    assert "största tillåtna är 2,0\xa0kB" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("legacy_name", "content", "content_type", "extension"),
    [
        ("progress/legacy/rapport.html", b"%PDF-1.4\n%old upload\n", "application/pdf", ".pdf"),
        ("progress/legacy/bild.svg", b"\x89PNG\r\n\x1a\nold", "image/png", ".png"),
        ("progress/legacy/sida.pdf", SCRIPT, "application/octet-stream", ".bin"),
    ],
)
def test_a_file_stored_before_the_check_is_served_by_its_bytes_not_its_name(
    client, action, legacy_name, content, content_type, extension
):
    # Stored as the old code did: under the uploader's name, checked by its first bytes
    # only (or, for the last, not at all), bypassing today's validation.
    update = ProgressUpdate.objects.create(action=action, date="2025-05-01", text="Förr")
    update.attachment.save(legacy_name.rsplit("/", 1)[1], ContentFile(content), save=False)
    ProgressUpdate.objects.filter(pk=update.pk).update(attachment=update.attachment.name)

    assert_served_safely(public_download(client, update), content_type, extension)


def test_an_agreement_with_a_document_stored_before_the_check_can_still_be_saved(db):
    # Publishing or editing validates the agreement again; a stored document is not
    # judged anew (it may predate the end-of-file check), so nothing already there is lost.
    agreement = ActionFactory().agreement
    agreement.signed_document.save("avtal.pdf", ContentFile(b"%PDF-1.4\n%old\n"), save=False)
    agreement.title = "Samverkansöverenskommelse 2021–2022"

    agreement.full_clean()
    agreement.save()

    agreement.refresh_from_db()
    assert agreement.signed_document.read() == b"%PDF-1.4\n%old\n"
