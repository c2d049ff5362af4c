"""The one category taxonomy and the shipped mapping of the police's event types to it.

``data/categories.csv`` lists the categories (``key,name``, the name in English and
translated in the catalogue); ``data/police_event_types.csv`` maps every type that
occurs in the police's open events (``type,category``) to one of them. Both are
loaded by a data migration and, again, by ``load_taxonomy`` (which adds what is new
and leaves what an administrator changed in Django admin alone).

The categories follow the groups the police and Brå (the Swedish National Council
for Crime Prevention) report on, with the police's own non-crime events
(accidents, rescues, checks) kept apart so that they do not swell a crime count:

violence, sexual_offences, robbery, shootings_explosions, weapons, property (theft
and burglary), vandalism, fraud, drugs, public_order, traffic_offences,
traffic_accidents, fire, accidents_rescue, police_operations (checks and
operations), lighting (faults in street and path lighting, which a municipality's
reports carry and the priority places of the hotspots look for), other.

The police's summaries ("Sammanfattning natt") and press-office notices are not
mapped: they are not incidents and are never stored (see ``police_events``).
"""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
POLICE_EVENTS = "police_events"


def categories() -> list[tuple[str, str]]:
    """``(key, name)`` of every built-in category, in the order pages list them."""
    with (DATA / "categories.csv").open(encoding="utf-8", newline="") as file:
        return [(row["key"], row["name"]) for row in csv.DictReader(file)]


def police_event_types() -> list[tuple[str, str]]:
    """``(type, category key)`` for every type in the police's open events."""
    with (DATA / "police_event_types.csv").open(encoding="utf-8", newline="") as file:
        return [(row["type"], row["category"]) for row in csv.DictReader(file)]


def load_taxonomy(category_model, mapping_model, normalise) -> tuple[int, int]:
    """Create the missing built-in categories and police type mappings; ``(new, new)``.

    Takes the models (a migration passes its historical ones) and the type
    normaliser; an existing category or mapping is never changed.
    """
    new_categories = 0
    by_key = {}
    for order, (key, name) in enumerate(categories()):
        category, created = category_model.objects.get_or_create(
            key=key, defaults={"name": name, "order": order}
        )
        by_key[key] = category
        new_categories += created
    new_mappings = 0
    for label, key in police_event_types():
        _mapping, created = mapping_model.objects.get_or_create(
            source_kind=POLICE_EVENTS,
            type_key=normalise(label),
            defaults={"type_label": label, "category": by_key[key]},
        )
        new_mappings += created
    return new_categories, new_mappings
