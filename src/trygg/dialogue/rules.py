"""Who may do what with a survey, its questions and its fieldwork: role and survey state.

A survey is built while a draft (questions and options change only then, so every
resident answers the same questionnaire), answered while open, and kept as residents
saw it once closed. Paper forms are typed in while it is open and after it closes
(late post); invitation codes are made before it opens or while it is open.
"""

import rules

from trygg.tenancy.rules import in_status, is_coordinator, is_member

from .models import Survey


def survey_of(obj) -> Survey | None:
    """The survey ``obj`` belongs to; None for a municipality (nothing exists yet)."""
    if isinstance(obj, Survey):
        return obj
    return getattr(obj, "survey", None)


is_draft = in_status(survey_of, Survey.Status.DRAFT)
is_open = in_status(survey_of, Survey.Status.OPEN)
is_not_closed = in_status(survey_of, Survey.Status.DRAFT, Survey.Status.OPEN)
is_fielded = in_status(survey_of, Survey.Status.OPEN, Survey.Status.CLOSED)

VIEW_SURVEY = "dialogue.view_survey"
ADD_SURVEY = "dialogue.add_survey"
# The questionnaire: questions, options, questions from the bank.
CHANGE_SURVEY = "dialogue.change_survey"
CHANGE_SURVEY_DETAILS = "dialogue.change_survey_details"
OPEN_SURVEY = "dialogue.open_survey"
CLOSE_SURVEY = "dialogue.close_survey"
# The questionnaire page by page as residents see it, before and while it is answered.
PREVIEW_SURVEY = "dialogue.preview_survey"
# The fieldwork pages (what was sent, what came back); their forms follow the state.
DO_FIELDWORK = "dialogue.do_fieldwork"
REGISTER_PAPER = "dialogue.register_paper"
ISSUE_INVITATIONS = "dialogue.issue_invitations"

rules.add_perm(VIEW_SURVEY, is_member)
rules.add_perm(ADD_SURVEY, is_coordinator)
rules.add_perm(CHANGE_SURVEY, is_coordinator & is_draft)
rules.add_perm(CHANGE_SURVEY_DETAILS, is_coordinator & is_not_closed)
rules.add_perm(OPEN_SURVEY, is_coordinator & is_draft)
rules.add_perm(CLOSE_SURVEY, is_coordinator & is_open)
rules.add_perm(PREVIEW_SURVEY, is_coordinator & is_not_closed)
rules.add_perm(DO_FIELDWORK, is_coordinator)
rules.add_perm(REGISTER_PAPER, is_coordinator & is_fielded)
rules.add_perm(ISSUE_INVITATIONS, is_coordinator & is_not_closed)
