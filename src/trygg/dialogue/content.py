"""Survey content in the respondent's language.

A survey is written in Swedish and offered in English when every part a respondent
reads has an English version. The choice is made for the whole survey, not per
question: a page that switches language from one question to the next leaves
respondents guessing, and a screen reader would read the Swedish parts with English
pronunciation. A respondent who asks for English gets the Swedish survey, marked
as Swedish, until the English version is complete.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import translation

from .models import Option, Question, Survey

SWEDISH = "sv"
ENGLISH = "en"


@dataclass(frozen=True)
class MissingEnglish:
    """What a survey lacks before it can be offered in English."""

    survey_parts: tuple[str, ...]
    """Survey fields without English: ``"title"``, ``"introduction"``."""
    questions: tuple[Question, ...]
    """Questions whose text, help text or an option has no English."""

    def __bool__(self) -> bool:
        return bool(self.survey_parts or self.questions)


def _question_lacks_english(question: Question) -> bool:
    return (
        not question.text_en
        or bool(question.help_text and not question.help_text_en)
        or (question.has_options and any(not o.label_en for o in question.options.all()))
    )


def missing_english(survey: Survey) -> MissingEnglish:
    survey_parts = tuple(
        part
        for part, swedish, english in (
            ("title", survey.title, survey.title_en),
            ("introduction", survey.introduction, survey.introduction_en),
        )
        if swedish and not english
    )
    questions = tuple(
        question
        for question in survey.questions.prefetch_related("options")
        if _question_lacks_english(question)
    )
    return MissingEnglish(survey_parts, questions)


def content_language(survey: Survey, language: str | None = None) -> str:
    """The language to show ``survey`` in, for a reader of ``language`` (default: active)."""
    language = language or translation.get_language() or SWEDISH
    if language.split("-")[0] == ENGLISH and not missing_english(survey):
        return ENGLISH
    return SWEDISH


def in_language_field(field: str, language: str) -> str:
    """The name of ``field``'s version in ``language``: its ``_en`` twin for English."""
    return f"{field}_en" if language == ENGLISH else field


def in_language(content: Survey | Question | Option, field: str, language: str) -> str:
    return getattr(content, in_language_field(field, language))


def use_survey_language(request: HttpRequest, survey: Survey) -> tuple[str, bool]:
    """Switch the request to the language ``survey`` can be read in.

    A reader who asked for English gets the whole page in Swedish when the survey has
    no complete English version, rather than English headings around Swedish
    questions. Returns the language and whether it differs from the one asked for.
    """
    asked = translation.get_language() or SWEDISH
    language = content_language(survey, asked)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language, asked.split("-")[0] != language
