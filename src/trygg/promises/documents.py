"""Uploaded documents (signed agreements, follow-up attachments): typed by their bytes.

A file's name and the browser's Content-Type are whatever the uploader says;
``rapport.html`` may hold a PDF and ``bild.svg`` a script. So the type is decided
once, from the content, and everything else follows from it:

- accepted: only the kinds a field allows, recognised by their structure (a PDF's
  header and end-of-file marker, a PNG's signature, header chunk and end chunk, a
  JPEG's start and end markers), never by the name;
- stored: under a new name with the extension of the detected kind (``.pdf``,
  ``.png``, ``.jpg``), so the name on disk can never make it something else;
- served: with the detected Content-Type, as a download (``Content-Disposition:
  attachment``) under a name we choose, with ``X-Content-Type-Options: nosniff`` and
  a sandboxing Content-Security-Policy, so that no browser runs it as a page.

Files stored before this (under the uploader's name) are served the same way: their
type is detected from their bytes when they are served.

SVG is not accepted: an SVG image is an XML document that can carry scripts.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

__all__ = [
    "KINDS",
    "DocumentField",
    "DocumentKind",
    "DocumentValidator",
    "detect",
    "document_response",
    "kind_of",
    "signature_kind",
    "stored_name",
]

# PDF readers look for the end-of-file marker within the last 1024 bytes (ISO 32000-1,
# 7.5.5); a real PDF has it, a web page with "%PDF-" in front of it has not.
_PDF_TAIL = 1024
# Cameras and editors may put data after a JPEG's end marker (e.g. a second, preview
# image): the marker must lie in this many last bytes.
_JPEG_TAIL = 256 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


@dataclass(frozen=True)
class DocumentKind:
    """A kind of file that may be uploaded: how it is named, served and shown."""

    code: str
    extension: str
    content_type: str
    label: str


PDF = DocumentKind("pdf", ".pdf", "application/pdf", "PDF")
PNG = DocumentKind("png", ".png", "image/png", "PNG")
JPEG = DocumentKind("jpeg", ".jpg", "image/jpeg", "JPEG")
KINDS = {kind.code: kind for kind in (PDF, PNG, JPEG)}


def _read(file: IO[bytes], start: int, length: int) -> bytes:
    file.seek(start)
    return file.read(length)


def _size(file: IO[bytes]) -> int:
    file.seek(0, 2)
    return file.tell()


def signature_kind(head: bytes) -> DocumentKind | None:
    """The kind whose signature ``head`` (a file's first bytes) begins with, if any.

    Enough to serve a stored file safely under its true type; not enough to accept an
    upload, for which ``detect`` also checks the end of the file.
    """
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_PNG_SIGNATURE):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def detect(file: IO[bytes]) -> DocumentKind | None:
    """The kind of an open binary file from its structure, or ``None`` if none of ours.

    The signature at the start and the marker a reader needs at the end: a PDF's
    ``%%EOF``, a PNG's header chunk and end chunk, a JPEG's end-of-image marker. Reads
    the file's beginning and end only and leaves its position at the start.
    """
    try:
        size = _size(file)
        head = _read(file, 0, 32)
        kind = signature_kind(head)
        if kind is PDF:
            complete = b"%%EOF" in _read(file, max(0, size - _PDF_TAIL), _PDF_TAIL)
        elif kind is PNG:
            complete = (
                head[12:16] == b"IHDR"
                and _read(file, size - len(_PNG_END), len(_PNG_END)) == _PNG_END
            )
        elif kind is JPEG:
            complete = b"\xff\xd9" in _read(file, max(0, size - _JPEG_TAIL), _JPEG_TAIL)
        else:
            complete = False
        return kind if complete else None
    finally:
        file.seek(0)


def _looks_like(head: bytes) -> str | None:
    """What a refused file seems to be, to say so in the error; ``None`` if unknown."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in text[:4096] or (text.startswith(b"<?xml") and b"<svg" in text):
        return "svg"
    if text.startswith((b"<!doctype html", b"<html", b"<script", b"<head", b"<body")):
        return "html"
    if head.startswith(b"PK\x03\x04"):
        return "office"
    return None


@deconstructible
class DocumentValidator:
    """Accepts a non-empty upload within the size limit whose bytes are of one of ``kinds``."""

    def __init__(self, kinds: Iterable[str]):
        self.kinds = tuple(kinds)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentValidator) and other.kinds == self.kinds

    def __call__(self, upload) -> None:
        if getattr(upload, "_committed", False):
            # Already stored: checked when it came in (under the rules of its day).
            # Saving the object for another reason must not re-judge, or refuse, it.
            return
        limit = settings.TRYGG_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the largest allowed is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        if not upload.size:
            raise ValidationError(_("The file is empty."), code="empty")
        kind = detect(upload)
        if kind is not None and kind.code in self.kinds:
            return
        allowed = [KINDS[code] for code in self.kinds]
        upload.seek(0)
        seems = _looks_like(upload.read(8192))
        upload.seek(0)
        if seems == "svg":
            raise ValidationError(
                _(
                    "SVG images are not accepted, because they can contain programs. Save "
                    "the image as PNG or JPEG."
                ),
                code="svg",
            )
        if allowed == [PDF]:
            message = {
                "html": _("The file is a web page, not a PDF. Save or print it as a PDF."),
                "office": _(
                    "The file is a Word, Excel or other office document, not a PDF. Save it "
                    "as a PDF."
                ),
            }.get(seems, _("The file is not a PDF, or the PDF is incomplete."))
            raise ValidationError(message, code="not_pdf")
        message = {
            "html": _("The file is a web page. The attachment must be a PDF, PNG or JPEG file."),
            "office": _(
                "The file is a Word, Excel or other office document. Save it as a PDF to attach it."
            ),
        }.get(
            seems,
            _(
                "The attachment must be a PDF, PNG or JPEG file; this file's content is none "
                "of them, or it is incomplete."
            ),
        )
        raise ValidationError(message, code="bad_attachment")


def stored_name(filename: str, kind: DocumentKind) -> str:
    """A new name for an upload of ``kind``: its own stem, a random part, the kind's extension.

    ``rapport.pdf.html`` with a PDF inside becomes ``rapport-pdf-html-3f2a….pdf``; the random
    part keeps two uploads of the same name apart and the names unguessable.
    """
    # Every dot goes, so no part of the old name can read as an extension.
    stem = get_valid_filename(PurePosixPath(filename).name.replace(".", "-"))
    stem = stem[:60].strip("-_") or "fil"
    return f"{stem}-{uuid.uuid4().hex[:12]}{kind.extension}".lower()


class DocumentField(models.FileField):
    """A FileField for uploaded documents of the given ``kinds`` (see the module's text).

    Refuses files whose bytes are of another kind and stores each upload under the
    extension of the kind detected, whatever name it came with.
    """

    def __init__(self, *args, kinds: Iterable[str] = ("pdf",), **kwargs):
        self.kinds = tuple(kinds)
        super().__init__(*args, **kwargs)
        # An instance attribute, not a ``validators`` argument: it follows from
        # ``kinds`` and stays out of the migrations.
        self.default_validators = [DocumentValidator(self.kinds)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kinds"] = self.kinds
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            kind = detect(file.file)
            if kind is not None:
                file.name = stored_name(file.name, kind)
        return super().pre_save(model_instance, add)


def kind_of(field: FieldFile) -> DocumentKind | None:
    """The kind of a stored document, from its bytes; ``None`` if missing or unknown."""
    if not field:
        return None
    try:
        with field.open("rb") as handle:
            return signature_kind(handle.read(16))
    except FileNotFoundError:
        return None


def document_response(field: FieldFile, download_name: str) -> FileResponse:
    """A stored document as a download named ``download_name`` plus its kind's extension.

    The type is the one detected from the bytes; a file of no known kind (which the
    validators never let in) is offered as raw bytes. Raises ``Http404`` when the
    field is empty or the file is gone.
    """
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    # By signature: a file stored before uploads were checked to the end (or one cut
    # short on disk) is still served, and only ever as what its bytes begin as.
    kind = signature_kind(handle.read(16))
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name + (kind.extension if kind else ".bin"),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser ever show it in place, it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
