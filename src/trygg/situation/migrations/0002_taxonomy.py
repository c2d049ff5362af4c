"""The built-in categories and the police's event types mapped to them (see taxonomy)."""

from django.db import migrations


def load(apps, schema_editor):
    from trygg.situation.models import normalise_type
    from trygg.situation.taxonomy import load_taxonomy

    load_taxonomy(apps.get_model("situation", "Category"), apps.get_model("situation", "TypeMapping"), normalise_type)


class Migration(migrations.Migration):
    dependencies = [("situation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
