"""Uploaded files are served only through views that check the agreement is published."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import (
    ActionFactory,
    AgreementFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    ProgressUpdateFactory,
    PromiseFactory,
)

pytestmark = pytest.mark.django_db


def document_url(agreement, slug=None):
    return reverse(
        "portal:agreement_document",
        kwargs={"municipality": slug or agreement.municipality.slug, "pk": agreement.pk},
    )


def test_signed_pdf_of_a_published_agreement_downloads_as_a_pdf(client, published):
    response = client.get(document_url(published.agreement))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="overenskommelse-kungsbacka-' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_signed_pdf_of_a_draft_is_404(client, db):
    draft = AgreementFactory()
    draft.signed_document.save("utkast.pdf", ContentFile(b"%PDF-1.4\n%draft\n"))

    assert client.get(document_url(draft)).status_code == 404


def test_signed_pdf_under_another_municipalitys_address_is_404(client, published):
    other = MunicipalityFactory()

    assert client.get(document_url(published.agreement, slug=other.slug)).status_code == 404


def test_published_agreement_without_a_pdf_is_404(client, db):
    agreement = AgreementFactory(published=True)

    assert client.get(document_url(agreement)).status_code == 404


def test_progress_attachment_of_a_published_agreement_downloads(client, published):
    url = reverse(
        "portal:update_attachment", kwargs={"municipality": "kungsbacka", "pk": published.latest.pk}
    )

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_progress_attachment_of_a_draft_is_404(client, db):
    draft = AgreementFactory()
    update = ProgressUpdateFactory(
        action=ActionFactory(promise=PromiseFactory(focus_area=FocusAreaFactory(agreement=draft)))
    )
    update.attachment.save("bild.png", ContentFile(b"\x89PNG\r\n\x1a\nxxxx"))
    url = reverse(
        "portal:update_attachment",
        kwargs={"municipality": draft.municipality.slug, "pk": update.pk},
    )

    assert client.get(url).status_code == 404


def test_uploaded_files_are_not_reachable_under_a_media_address(client, published):
    name = published.agreement.signed_document.name

    for prefix in ["/media/", "/media-not-served/"]:
        assert client.get(prefix + name).status_code == 404
