"""Answers enter once, whole or not at all, and never point back to an invitation."""

import uuid

import pytest
from django.db import connection

from tests.factories import AreaFactory, SurveyFactory
from trygg.dialogue import services
from trygg.dialogue.bank import QUESTION_BANK
from trygg.dialogue.models import Answer, Invitation, PlaceMark, Response, Survey
from trygg.dialogue.submission import (
    InvitationCodeError,
    Submission,
    SubmissionError,
    create_invitations,
    hash_code,
    submit_response,
    submit_responses,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# Inside the test square (12.0–12.2 E, 57.4–57.6 N) of the factories' border.
INSIDE = {"latitude": 57.5, "longitude": 12.1}


@pytest.fixture
def area(onsala):
    return onsala


@pytest.fixture
def survey(kungsbacka, area):
    return SurveyFactory(
        municipality=kungsbacka,
        question_keys=[q.key for q in QUESTION_BANK],
        status=Survey.Status.OPEN,
    )


def answers(home, **overrides):
    return {
        "area": home.pk,
        "age_group": "25-44",
        "gender": "woman",
        "feel_safe": "mostly",
        "local_problems": ["littering", "poor_lighting"],
        "years_resident": "12",
        "suggestions": "Bättre belysning vid gångtunneln.",
        "unsafe_places": [INSIDE | {"reasons": ["dark", "isolated"], "times": ["evening"]}],
    } | overrides


def submit(survey, payload, **options):
    options.setdefault("channel", Response.Channel.OPEN)
    options.setdefault("submission_key", uuid.uuid4())
    return submit_response(survey, payload, **options)


def test_a_complete_response_stores_every_answer_and_place(survey, area):
    response = submit(survey, answers(area))
    assert (response.area, response.age_group, response.gender) == (area, "25-44", "woman")
    assert Answer.objects.filter(response=response, question__key="local_problems").count() == 2
    assert Answer.objects.get(response=response, question__key="years_resident").number == 12
    place = PlaceMark.objects.get(response=response)
    assert place.reasons == ["dark", "isolated"] and place.times == ["evening"]
    assert place.h3_cell and place.h3_cell > 0


def test_a_repeated_submit_stores_exactly_one_response(survey, area):
    key = uuid.uuid4()
    first = submit(survey, answers(area), submission_key=key)
    second = submit(survey, answers(area), submission_key=key)
    assert first.pk == second.pk
    assert Response.objects.count() == 1
    assert Answer.objects.filter(question__key="feel_safe").count() == 1


def test_an_invitation_code_answers_once(survey, area):
    [code] = create_invitations(survey, 1)
    submit(survey, answers(area), channel=Response.Channel.INVITATION, invitation_code=code)
    with pytest.raises(SubmissionError, match="already been used"):
        submit(survey, answers(area), channel=Response.Channel.INVITATION, invitation_code=code)
    assert Response.objects.count() == 1


def test_a_retried_invitation_submit_returns_the_first_response(survey, area):
    [code] = create_invitations(survey, 1)
    key = uuid.uuid4()
    options = {
        "channel": Response.Channel.INVITATION,
        "invitation_code": code,
        "submission_key": key,
    }
    first = submit(survey, answers(area), **options)
    assert submit(survey, answers(area), **options).pk == first.pk


def test_a_code_is_read_whatever_its_case_spaces_and_dashes(survey, area):
    [code] = create_invitations(survey, 1)
    typed = " " + code.lower().replace("-", " ") + " "
    submit(survey, answers(area), channel=Response.Channel.INVITATION, invitation_code=typed)
    assert Invitation.objects.get().spent


def test_an_unknown_code_is_refused(survey, area):
    create_invitations(survey, 3)
    with pytest.raises(SubmissionError, match="not valid"):
        submit(survey, answers(area), channel=Response.Channel.INVITATION, invitation_code="NOPE")
    assert not Response.objects.exists()


def test_nothing_links_a_response_to_its_invitation(survey, area):
    """No foreign key, no shared time: the spent invitation keeps a flag and nothing more."""
    [code] = create_invitations(survey, 1)
    submit(survey, answers(area), channel=Response.Channel.INVITATION, invitation_code=code)
    invitation_columns = {f.column for f in Invitation._meta.concrete_fields}
    response_columns = {f.column for f in Response._meta.concrete_fields}
    assert not any("invitation" in column for column in response_columns)
    assert not any("response" in column for column in invitation_columns)
    assert not any(
        f.get_internal_type() in {"DateTimeField", "TimeField"}
        for f in (*Invitation._meta.concrete_fields, *Response._meta.concrete_fields)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM dialogue_invitation")
        [row] = cursor.fetchall()
    assert hash_code(code) in row and code not in row


def test_the_plain_code_is_never_stored(survey):
    codes = create_invitations(survey, 5)
    stored = set(Invitation.objects.values_list("code_hash", flat=True))
    assert not stored & {code.replace("-", "") for code in codes}
    assert stored == {hash_code(code) for code in codes}


def test_bad_answers_are_named_by_question_and_nothing_is_stored(survey, area):
    with pytest.raises(SubmissionError) as refusal:
        submit(
            survey,
            answers(
                area,
                feel_safe="maybe",
                years_resident="many",
                unsafe_places=[{"latitude": 59.33, "longitude": 18.07}],
            ),
        )
    assert set(refusal.value.errors) == {"feel_safe", "years_resident", "unsafe_places"}
    assert "inside Kungsbacka" in refusal.value.errors["unsafe_places"]
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_required_question_left_empty_is_refused(survey, area):
    with pytest.raises(SubmissionError) as refusal:
        submit(survey, answers(area, feel_safe=""))
    assert refusal.value.errors == {"feel_safe": "Please answer this question."}


def test_a_number_outside_the_range_names_the_range(survey, area):
    with pytest.raises(SubmissionError) as refusal:
        submit(survey, answers(area, years_resident="300"))
    assert "from 0 to 110" in refusal.value.errors["years_resident"]


def test_a_place_may_be_given_as_an_area_without_javascript(survey, area):
    response = submit(
        survey,
        answers(
            area,
            unsafe_places=[{"area": area.pk, "description": "Gångtunneln", "reasons": ["dark"]}],
        ),
    )
    place = response.place_marks.get()
    assert place.area == area and place.latitude is None and place.h3_cell is None


def test_an_area_of_another_municipality_is_refused(survey, area):
    elsewhere = AreaFactory(name="Varbergs centrum")
    with pytest.raises(SubmissionError) as refusal:
        submit(survey, answers(area, area=elsewhere.pk))
    assert "area" in refusal.value.errors


def test_a_draft_or_closed_survey_takes_no_resident_answers_but_paper_after_closing(survey, area):
    services.close_survey(survey)
    with pytest.raises(SubmissionError, match="not open"):
        submit(survey, answers(area))
    assert submit(survey, answers(area), channel=Response.Channel.PAPER).pk


def test_an_unknown_question_is_refused(survey, area):
    with pytest.raises(SubmissionError, match="no question favourite_colour"):
        submit(survey, answers(area) | {"favourite_colour": "blue"})


def test_free_text_is_stored_only_scrubbed_of_personal_data(survey, area):
    response = submit(
        survey,
        answers(
            area,
            suggestions="Ring mig på 070-123 45 67 om bilen ABC 123 som kör för fort.",
            unsafe_places=[
                INSIDE | {"description": "Min granne Anna Svensson vet, anna@example.se"}
            ],
        ),
    )
    text = Answer.objects.get(response=response, question__key="suggestions").text
    assert "070" not in text and "ABC 123" not in text
    assert "[telefonnummer]" in text and "[registreringsnummer]" in text
    description = response.place_marks.get().description
    assert "anna@example.se" not in description and "Svensson" not in description


# --- many at once: submit_responses ------------------------------------------------------


def stored(response) -> tuple:
    """What a response stored, without its ids and keys."""
    return (
        response.area_id,
        response.age_group,
        response.gender,
        sorted(
            (a.question.key, a.option and a.option.value, a.area_id, a.number, a.text)
            for a in response.answers.select_related("question", "option")
        ),
        [
            (m.h3_cell, m.area_id, m.reasons, m.times, m.description)
            for m in response.place_marks.all()
        ],
    )


def test_a_point_is_stored_with_its_cell_and_the_area_it_lies_in(survey, area):
    place = submit(survey, answers(area)).place_marks.get()
    assert place.area == area


def test_many_at_once_store_what_one_at_a_time_stores(survey, area):
    personal = answers(area, suggestions="Ring 070-123 45 67.")
    one = submit(survey, personal)
    (many,) = submit_responses(survey, [Submission(personal, Response.Channel.OPEN, uuid.uuid4())])
    assert stored(many) == stored(one)
    assert "070" not in many.answers.get(question__key="suggestions").text


def test_one_bad_response_in_a_batch_stores_none_and_is_named_by_its_position(survey, area):
    good = Submission(answers(area), Response.Channel.OPEN, uuid.uuid4())
    bad = Submission(answers(area, years_resident="många"), Response.Channel.OPEN, uuid.uuid4())
    with pytest.raises(SubmissionError, match=r"Response 2: .*years_resident") as refused:
        submit_responses(survey, [good, bad, good])
    assert "years_resident" in refused.value.errors
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_batch_refuses_a_key_already_stored_or_given_twice(survey, area):
    key = submit(survey, answers(area)).submission_key
    for keys in ([key], [uuid.uuid4()] * 2):
        batch = [Submission(answers(area), Response.Channel.OPEN, k) for k in keys]
        with pytest.raises(SubmissionError, match="already been stored"):
            submit_responses(survey, batch)
    assert Response.objects.count() == 1


def test_a_batch_spends_each_invitation_code_once_and_needs_one_per_invitation(survey, area):
    codes = create_invitations(survey, 2)
    invited = [
        Submission(answers(area), Response.Channel.INVITATION, uuid.uuid4(), invitation_code_hash=h)
        for h in map(hash_code, codes)
    ]
    submit_responses(survey, invited)
    assert Invitation.objects.filter(spent=True).count() == 2
    for batch in (
        [Submission(answers(area), Response.Channel.INVITATION, uuid.uuid4())],
        [
            Submission(
                answers(area),
                Response.Channel.OPEN,
                uuid.uuid4(),
                invitation_code_hash=hash_code(codes[0]),
            )
        ],
    ):
        with pytest.raises(InvitationCodeError):
            submit_responses(survey, batch)
    assert Response.objects.count() == 2


def test_a_batch_to_a_closed_survey_takes_only_paper(survey, area):
    services.close_survey(survey)
    with pytest.raises(SubmissionError, match=r"Response 1: .*not open"):
        submit_responses(survey, [Submission(answers(area), Response.Channel.OPEN, uuid.uuid4())])
    (paper,) = submit_responses(
        survey, [Submission(answers(area), Response.Channel.PAPER, uuid.uuid4())]
    )
    assert paper.channel == Response.Channel.PAPER
