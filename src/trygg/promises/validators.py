"""Checks on uploaded files, kept for the migrations that name them.

The checks themselves are in ``documents``: by content, not by the name the browser
sent. ``DocumentField`` applies them by itself.
"""

from .documents import DocumentValidator

validate_pdf = DocumentValidator(["pdf"])
validate_attachment = DocumentValidator(["pdf", "png", "jpeg"])
