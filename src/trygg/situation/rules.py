"""Who may see a municipality's incidents and alerts, import them and act on them."""

import rules  # noqa: F401

from trygg.tenancy.rules import is_analyst, is_member  # noqa: F401
