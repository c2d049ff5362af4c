"""The printed invitation letters: each code with the answer address and a QR code of it.

The QR code opens the survey's start page with the letter's code after ``#kod=``. The
part after ``#`` stays in the resident's browser (it is never sent to the server, so
no access log holds a code beside the time it was used); the start page's script
fills the code in from it and removes it from the address. Without scripts the
resident types the code printed beside the QR code, as before.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from trygg.core.qr import inline_svg

# What the start page's script (dialogue/js/code-from-link.js) reads the code from.
CODE_FRAGMENT = "kod"


@dataclass(frozen=True)
class Letter:
    code: str
    link: str
    """The answer address with the code, as the QR code encodes it."""
    qr_svg: SafeString


def link_with_code(answer_url: str, code: str) -> str:
    return f"{answer_url}#{CODE_FRAGMENT}={code}"


def invitation_letters(answer_url: str, codes: list[str]) -> list[Letter]:
    """One letter per code, in the order given, each with its QR code drawn."""
    letters = []
    for code in codes:
        link = link_with_code(answer_url, code)
        # Scale 3: a 37-module code is 4 cm wide on paper, big enough for any phone.
        letters.append(Letter(code=code, link=link, qr_svg=inline_svg(link, scale=3)))
    return letters
