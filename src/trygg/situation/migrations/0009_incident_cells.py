from django.db import migrations, models

# A municipality's points are counted per cell by the hotspots. PostgreSQL's planner
# estimates the number of distinct cells from a sample of 30,000 rows (the default
# statistics target of 100) and, with clustered points, guesses a fifth of the real
# number: it then picks a hash aggregate that spills to disk over the sorted pass
# through the index. The largest target makes ANALYZE read enough rows to know.
CELL_STATISTICS = 10000


def set_cell_statistics(apps, schema_editor, target=CELL_STATISTICS):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("situation", "Incident")._meta.db_table
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"ALTER TABLE {quote(table)} ALTER COLUMN {quote('h3_cell')} SET STATISTICS {target:d}"
    )


def reset_cell_statistics(apps, schema_editor):
    set_cell_statistics(apps, schema_editor, target=-1)


class Migration(migrations.Migration):
    dependencies = [
        ("situation", "0008_lagesbild_language"),
        ("tenancy", "0004_municipality_groups"),
    ]

    operations = [
        migrations.AlterField(
            model_name="incident",
            name="h3_cell",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="H3 cell"),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                condition=models.Q(("h3_cell__isnull", False)),
                fields=["municipality", "h3_cell", "occurred_at", "source"],
                name="situation_incident_cells",
            ),
        ),
        migrations.RunPython(set_cell_statistics, reset_cell_statistics),
    ]
