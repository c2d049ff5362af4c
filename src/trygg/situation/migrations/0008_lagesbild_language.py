"""The lägesbild in every language: a snapshot per language, an approval of them all.

The snapshots and approvals made so far were built in Swedish: they are kept as the
Swedish version. The English snapshots are made the next time the lägesbild is
computed (any data change, or "compute now"); an approval recorded before then keeps
only the Swedish version it approved, and English readers are shown that one.
"""

from django.db import migrations, models


def approved_figures_as_swedish(apps, schema_editor):
    approvals = apps.get_model("situation", "LagesbildApproval")
    for approval in approvals.objects.all():
        approval.figures_by_language = {"sv": approval.figures_by_language}
        approval.save(update_fields=["figures_by_language"])


def approved_figures_unwrapped(apps, schema_editor):
    approvals = apps.get_model("situation", "LagesbildApproval")
    for approval in approvals.objects.all():
        approval.figures_by_language = approval.figures_by_language["sv"]
        approval.save(update_fields=["figures_by_language"])


def english_snapshots_removed(apps, schema_editor):
    # Going back, only the Swedish version fits the old one-per-version constraint.
    apps.get_model("situation", "LagesbildSnapshot").objects.exclude(language="sv").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("situation", "0007_source_type_mappings"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="lagesbildsnapshot",
            name="situation_one_lagesbild_snapshot",
        ),
        migrations.AddField(
            model_name="lagesbildsnapshot",
            name="language",
            field=models.CharField(
                choices=[("sv", "Swedish"), ("en", "English")],
                default="sv",
                max_length=10,
                verbose_name="language",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(migrations.RunPython.noop, english_snapshots_removed),
        migrations.AddConstraint(
            model_name="lagesbildsnapshot",
            constraint=models.UniqueConstraint(
                fields=("municipality", "year", "public", "language"),
                name="situation_one_lagesbild_snapshot",
            ),
        ),
        migrations.RenameField(
            model_name="lagesbildapproval",
            old_name="figures",
            new_name="figures_by_language",
        ),
        migrations.AlterField(
            model_name="lagesbildapproval",
            name="figures_by_language",
            field=models.JSONField(
                help_text=(
                    "The public version as approved, by language: later data do not change "
                    "what was approved."
                ),
                verbose_name="published figures",
            ),
        ),
        migrations.RunPython(approved_figures_as_swedish, approved_figures_unwrapped),
    ]
