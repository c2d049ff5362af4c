"""Checks on uploaded files: by their content, not by the name the browser sent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}


def _head(upload, length: int = 8) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(length)
    upload.seek(position)
    return head


def _check_size(upload) -> None:
    limit = settings.TRYGG_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def validate_pdf(upload) -> None:
    _check_size(upload)
    if not _head(upload).startswith(SIGNATURES["pdf"]):
        raise ValidationError(_("The file is not a PDF."), code="not_pdf")


def validate_attachment(upload) -> None:
    _check_size(upload)
    head = _head(upload)
    if not any(head.startswith(sig) for sigs in SIGNATURES.values() for sig in sigs):
        raise ValidationError(
            _("The attachment must be a PDF, PNG or JPEG file."), code="bad_attachment"
        )
