"""Who may see and import population counts and weight a survey to them.

The population table and the weights are the analyst's craft, so analysts may import
and weight as coordinators may.
"""

import rules

from trygg.tenancy.rules import is_analyst, is_member

VIEW_POPULATION = "population.view_population"
IMPORT_COUNTS = "population.import_counts"
WEIGHT_SURVEY = "population.weight_survey"

rules.add_perm(VIEW_POPULATION, is_member)
rules.add_perm(IMPORT_COUNTS, is_analyst)
rules.add_perm(WEIGHT_SURVEY, is_analyst)
