"""The survey builder's view of a questionnaire: its pages, and each question's place.

The pages are those residents go through (``answering.pages``), so what the
coordinator arranges in the builder is what the resident sees.
"""

from dataclasses import dataclass

from .answering import breaks_by_itself, pages
from .models import Question, Survey


@dataclass(frozen=True)
class PlacedQuestion:
    question: Question
    number: int
    """The question's position in the survey, from 1, as the builder numbers it."""
    is_first: bool
    is_last: bool
    fixed_break: bool
    """Opens a page whatever staff set: the first question, a map question, the one after."""


@dataclass(frozen=True)
class BuilderPage:
    number: int
    questions: list[PlacedQuestion]


def builder_pages(survey: Survey) -> list[BuilderPage]:
    """The survey's pages as residents get them, with every question placed in them."""
    all_pages = pages(survey)
    count = sum(len(page) for page in all_pages)
    result, number, previous = [], 0, None
    for page_number, questions in enumerate(all_pages, start=1):
        placed = []
        for question in questions:
            number += 1
            placed.append(
                PlacedQuestion(
                    question=question,
                    number=number,
                    is_first=number == 1,
                    is_last=number == count,
                    fixed_break=breaks_by_itself(question, previous),
                )
            )
            previous = question
        result.append(BuilderPage(page_number, placed))
    return result
