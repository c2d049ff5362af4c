"""Who may see a municipality's incidents and alerts, import them and act on them.

Any member sees the alerts; acknowledging one (saying what was done about it) is for
those who act on the situation picture: coordinators, analysts and the police.
"""

import rules

from trygg.tenancy.rules import is_analyst, is_member, is_police

VIEW_ALERTS = "situation.view_alerts"
ACKNOWLEDGE_ALERT = "situation.acknowledge_alert"

rules.add_perm(VIEW_ALERTS, is_member)
rules.add_perm(ACKNOWLEDGE_ALERT, is_analyst | is_police)
