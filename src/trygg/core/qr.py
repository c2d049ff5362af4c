"""QR codes drawn here, with segno, as inline SVG: nothing is sent to a third party."""

import segno
from django.utils.safestring import SafeString, mark_safe


def inline_svg(data: str, *, scale: int = 5) -> SafeString:
    """``data`` as a QR code (error correction M), an ``<svg>`` to put in the page as is.

    Dark on white with a quiet zone, so it scans on screen and on paper. The drawing
    is hidden from screen readers: the page names it (role="img" around it) and
    prints what it encodes beside it.
    """
    svg = segno.make(data, error="m").svg_inline(
        scale=scale, dark="#1b1b1b", light="#ffffff", border=2, omitsize=False
    )
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))
