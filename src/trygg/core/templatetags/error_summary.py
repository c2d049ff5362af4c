"""The error summary at the top of a refused form (the GOV.UK pattern).

``{% error_summary form heading %}`` lists the form's errors, each a link to the
field it belongs to and naming that field's question, so a resident who arrives at
the summary (the page moves focus there, error-summary.js) knows what to fix and
can go straight to it. Errors of the whole form come first, without a link.
"""

from dataclasses import dataclass

from django import forms, template
from django.utils.text import Truncator

register = template.Library()

# A long question is cut in the summary; the field itself shows it whole.
QUESTION_CHARACTERS = 80


@dataclass(frozen=True)
class ErrorLink:
    text: str
    """The question and what is wrong with its answer: "Hur trygg …? Svara på frågan."."""
    target: str
    """The id of the element the link moves to; empty for an error of the whole form."""


def field_target(bound: forms.BoundField) -> str:
    """The id to move to for ``bound``: its first option for a group, its question for
    a hidden field (the map question's fieldset is ``<id>-question``)."""
    if bound.is_hidden:
        return f"{bound.auto_id}-question"
    subwidgets = bound.subwidgets
    if bound.field.widget.use_fieldset and subwidgets:
        return subwidgets[0].id_for_label
    return bound.id_for_label


def naming_the_question(label: str, message: str) -> str:
    question = Truncator(str(label)).chars(QUESTION_CHARACTERS)
    separator = " " if question.endswith(("?", ".", "!", ":", "…")) else ": "
    return f"{question}{separator}{message}"


def error_links(form: forms.Form) -> list[ErrorLink]:
    """The errors of ``form`` in the order of its fields, the form's own first."""
    links = [ErrorLink(str(message), "") for message in form.non_field_errors()]
    for name in form.fields:
        bound = form[name]
        for message in bound.errors:
            links.append(ErrorLink(naming_the_question(bound.label, message), field_target(bound)))
    return links


@register.inclusion_tag("core/error_summary.html")
def error_summary(form: forms.Form, heading: str) -> dict:
    return {"links": error_links(form), "heading": heading}
