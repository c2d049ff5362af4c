"""Who may see and import a municipality's areas."""

import rules

from trygg.tenancy.rules import is_coordinator, is_member

VIEW_AREAS = "geo.view_areas"
IMPORT_AREAS = "geo.import_areas"

rules.add_perm(VIEW_AREAS, is_member)
rules.add_perm(IMPORT_AREAS, is_coordinator)
