"""Who may see a municipality's incidents and alerts, import them and act on them."""

import rules

from trygg.tenancy.rules import is_analyst, is_member  # noqa: F401

# Any member reads the municipality's incidents, their counts and comparisons.
VIEW_INCIDENTS = "situation.view_incidents"

rules.add_perm(VIEW_INCIDENTS, is_member)
