"""Who may see a municipality's incidents and alerts, import them and act on them.

Members see the incidents and their imports; analysts and coordinators import a
municipality's reports, as they import its population counts; choosing the category
of a source's types is the coordinator's, since it changes every count. The police's
open events are national: only the installation's operator imports them.

Any member sees the alerts; acknowledging one (saying what was done about it) is for
those who act on the situation picture: coordinators, analysts and the police.
"""

import rules

from trygg.tenancy.rules import is_analyst, is_coordinator, is_member, is_police

VIEW_INCIDENTS = "situation.view_incidents"
IMPORT_INCIDENTS = "situation.import_incidents"
MAP_TYPES = "situation.map_types"
IMPORT_POLICE_EVENTS = "situation.import_police_events"


@rules.predicate
def is_operator(user) -> bool:
    """The installation's operator: Django staff (or a superuser), not a municipality's."""
    return user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser)


rules.add_perm(VIEW_INCIDENTS, is_member)
rules.add_perm(IMPORT_INCIDENTS, is_analyst)
rules.add_perm(MAP_TYPES, is_coordinator)
rules.add_perm(IMPORT_POLICE_EVENTS, is_operator)

VIEW_ALERTS = "situation.view_alerts"
ACKNOWLEDGE_ALERT = "situation.acknowledge_alert"

rules.add_perm(VIEW_ALERTS, is_member)
rules.add_perm(ACKNOWLEDGE_ALERT, is_analyst | is_police)

# The hotspots are seen with the incidents (VIEW_INCIDENTS); recomputing them now,
# rather than after the next import or response, is for those who analyse.
COMPUTE_HOTSPOTS = "situation.compute_hotspots"

rules.add_perm(COMPUTE_HOTSPOTS, is_analyst)

# The lägesbild: every member reads it; analysts compute it anew; the coordinators
# write its other information and record the steering group's approval.
VIEW_LAGESBILD = "situation.view_lagesbild"
COMPUTE_LAGESBILD = "situation.compute_lagesbild"
EDIT_LAGESBILD = "situation.edit_lagesbild"

rules.add_perm(VIEW_LAGESBILD, is_member)
rules.add_perm(COMPUTE_LAGESBILD, is_analyst)
rules.add_perm(EDIT_LAGESBILD, is_coordinator)
