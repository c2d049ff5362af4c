"""Who may see and import a municipality's areas and name its places."""

import rules

from trygg.tenancy.rules import is_coordinator, is_member

VIEW_AREAS = "geo.view_areas"
IMPORT_AREAS = "geo.import_areas"
MANAGE_LANDMARKS = "geo.manage_landmarks"

rules.add_perm(VIEW_AREAS, is_member)
rules.add_perm(IMPORT_AREAS, is_coordinator)
rules.add_perm(MANAGE_LANDMARKS, is_coordinator)
