"""Marking content written in the municipalities' language on pages in another.

Promises, agreements, actions and follow-ups are written by the municipality and
the police in one language (settings.TRYGG_CONTENT_LANGUAGE, Swedish). On a page
whose interface is in English, that content keeps its language and says so, so a
screen reader pronounces it as Swedish (WCAG 3.1.2, language of parts):

  <h3{% content_lang %}>{{ promise.title }}</h3>
  {% blocktranslate with title=promise.title|in_content_lang %}Of {{ title }}{% endblocktranslate %}

On a page in the content's own language both add nothing.
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def content_language_differs() -> bool:
    """Whether the active language is not the one content is written in."""
    active = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return active != settings.TRYGG_CONTENT_LANGUAGE


@register.simple_tag
def content_lang() -> SafeString:
    """` lang="sv"` for an element holding content, when the page is in another language."""
    if not content_language_differs():
        return mark_safe("")
    return format_html(' lang="{}"', settings.TRYGG_CONTENT_LANGUAGE)


@register.filter
def in_content_lang(value) -> str:
    """``value`` in a span marked with the content's language, when the page is in another."""
    if value in (None, "") or not content_language_differs():
        return value
    return format_html('<span lang="{}">{}</span>', settings.TRYGG_CONTENT_LANGUAGE, value)
