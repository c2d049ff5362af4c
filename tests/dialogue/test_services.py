import pytest
from django.core.exceptions import ValidationError

from tests.factories import LAST_DAY, SurveyFactory
from trygg.core.errors import DomainError
from trygg.dialogue import services
from trygg.dialogue.bank import BANK_BY_KEY, QUESTION_BANK
from trygg.dialogue.models import Option, Question, Response, Survey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def survey(kungsbacka):
    return SurveyFactory(
        municipality=kungsbacka,
        year=2020,
        title="Trygghetsundersökning",
        question_keys=[question.key for question in QUESTION_BANK],
    )


def test_a_survey_from_the_bank_has_every_question_and_its_options(survey):
    questions = list(survey.questions.prefetch_related("options"))
    assert [q.key for q in questions] == [q.key for q in QUESTION_BANK]
    feel_safe = next(q for q in questions if q.key == "feel_safe")
    assert [o.value for o in feel_safe.options.all()] == ["always", "mostly", "seldom", "never"]
    assert survey.status == Survey.Status.DRAFT


def test_the_bank_covers_every_kind_of_question():
    assert {question.kind for question in QUESTION_BANK} == set(Question.Kind.values)


def test_every_choice_question_from_the_bank_has_options(survey):
    choice_questions = survey.questions.filter(kind__in=Question.CHOICE_KINDS)
    assert choice_questions.count() == sum(q.kind in Question.CHOICE_KINDS for q in QUESTION_BANK)
    for question in choice_questions:
        assert question.options.exists(), question.key
        assert all(option.label_en for option in question.options.all()), question.key


def test_the_background_questions_take_the_respondents_vocabulary_in_both_languages(survey):
    age = survey.questions.get(kind=Question.Kind.AGE_GROUP)
    assert [(o.value, o.label, o.label_en) for o in age.options.all()][::4] == [
        ("16-24", "16–24 år", "16–24 years"),
        ("85-", "85 år eller äldre", "85 years or older"),
    ]
    gender = survey.questions.get(kind=Question.Kind.GENDER)
    assert list(gender.options.values_list("value", flat=True)) == Response.Gender.values
    assert gender.options.get(value="other").label == "Annat"


def test_a_background_question_can_be_reworded_but_takes_no_new_answers(survey):
    age = survey.questions.get(kind=Question.Kind.AGE_GROUP)
    with pytest.raises(DomainError, match="fixed"):
        services.save_option(Option(question=age, value="13-15", label="13–15 år"))
    youngest = age.options.get(value="16-24")
    youngest.label = "16 till 24 år"
    services.save_option(youngest)
    assert age.options.count() == len(Response.AgeGroup)
    assert age.options.get(value="16-24").label == "16 till 24 år"


def test_an_unknown_bank_key_is_refused_and_nothing_is_created(kungsbacka):
    with pytest.raises(DomainError, match="no question nonsense"):
        services.create_survey(kungsbacka, year=2020, title="X", question_keys=["nonsense"])
    assert not Survey.objects.exists()


def test_copying_last_years_survey_keeps_keys_and_option_values(survey):
    copy = services.copy_survey(survey, year=2022)
    original = {q.key: [o.value for o in q.options.all()] for q in survey.questions.all()}
    copied = {q.key: [o.value for o in q.options.all()] for q in copy.questions.all()}
    assert copied == original
    assert copy.copied_from == survey and copy.year == 2022 and copy.is_draft
    assert Question.objects.filter(survey=survey).count() == len(QUESTION_BANK)


def test_a_second_survey_with_the_same_title_and_year_is_refused(survey):
    with pytest.raises(ValidationError):
        services.copy_survey(survey, year=2020)


def test_a_question_of_an_open_survey_cannot_be_changed(survey):
    services.open_survey(survey, closes_on=LAST_DAY)
    question = survey.questions.first()
    question.text = "Ändrad fråga"
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.save_question(question)
    with pytest.raises(DomainError):
        services.delete_question(question)


def test_a_survey_without_questions_cannot_open(kungsbacka):
    empty = services.create_survey(kungsbacka, year=2021, title="Tom")
    with pytest.raises(DomainError, match="Add questions"):
        services.open_survey(empty, closes_on=LAST_DAY)


def test_a_choice_question_without_options_keeps_the_survey_closed(kungsbacka):
    survey = services.create_survey(kungsbacka, year=2021, title="Egen")
    services.save_question(
        Question(survey=survey, key="own", kind=Question.Kind.SINGLE_CHOICE, text="Egen fråga?")
    )
    with pytest.raises(DomainError, match="Egen fråga"):
        services.open_survey(survey, closes_on=LAST_DAY)
    survey.refresh_from_db()
    assert survey.is_draft


def test_a_free_text_question_takes_no_options(survey):
    question = survey.questions.get(key="suggestions")
    with pytest.raises(DomainError, match="no options"):
        services.save_option(Option(question=question, value="x", label="X"))


def test_a_bank_question_is_added_once(kungsbacka):
    survey = services.create_survey(kungsbacka, year=2021, title="Liten", question_keys=["area"])
    services.add_bank_question(survey, "feel_safe")
    with pytest.raises(DomainError, match="already has"):
        services.add_bank_question(survey, "feel_safe")
    assert list(survey.questions.values_list("key", flat=True)) == ["area", "feel_safe"]


def test_a_survey_asks_for_each_background_once(kungsbacka):
    survey = services.create_survey(
        kungsbacka, year=2021, title="Bakgrund", question_keys=["gender"]
    )
    duplicate = Question(
        survey=survey, key="gender_again", kind="gender", text=BANK_BY_KEY["gender"].text
    )
    with pytest.raises(ValidationError):
        services.save_question(duplicate)


def test_an_open_survey_closes_and_a_closed_one_cannot_close_again(survey):
    services.open_survey(survey, closes_on=LAST_DAY)
    closed = services.close_survey(survey)
    assert closed.status == Survey.Status.CLOSED and closed.closes_on >= closed.opens_on
    with pytest.raises(DomainError, match="Only an open"):
        services.close_survey(closed)
