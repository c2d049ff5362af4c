# The per-network counts move from clock hours to minutes summed over a sliding hour,
# with a lock row per network. The old rows are counts of the current hour only:
# they are dropped, so a network's count starts afresh once, at the deploy.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0012_survey_open_link"),
    ]

    operations = [
        migrations.DeleteModel(name="NetworkCount"),
        migrations.CreateModel(
            name="SubmittingNetwork",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("network", models.CharField(max_length=64)),
                ("last_submitted_at", models.DateTimeField(db_index=True)),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="dialogue.survey",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("survey", "network"), name="submitting_network_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="NetworkCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("minute", models.DateTimeField(db_index=True)),
                ("count", models.PositiveIntegerField(default=0)),
                (
                    "network",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="counts",
                        to="dialogue.submittingnetwork",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("network", "minute"), name="network_count_unique"
                    )
                ],
            },
        ),
    ]
