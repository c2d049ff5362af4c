"""Who may read a survey's results, places and free text on the staff side.

Free text is read by moderators only: it is what residents wrote in their own words,
scrubbed, but still the closest thing to a person in the survey.
"""

import rules

from trygg.tenancy.rules import is_member, is_moderator

VIEW_RESULTS = "insight.view_results"
READ_FREE_TEXT = "insight.read_free_text"

rules.add_perm(VIEW_RESULTS, is_member)
rules.add_perm(READ_FREE_TEXT, is_moderator)
