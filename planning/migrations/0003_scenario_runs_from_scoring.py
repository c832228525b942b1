# The scenario's scoring runs now live in the `scoring` app (same table, see assessments.0002).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_scenario_changes_targets_role_settings"),
        ("scoring", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="scenario",
            name="baseline_run",
            field=models.ForeignKey(
                blank=True,
                help_text="The scoring of the real data the scenario was compared with.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="scoring.scoringrun",
            ),
        ),
        migrations.AlterField(
            model_name="scenario",
            name="scored_run",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="scoring.scoringrun",
            ),
        ),
    ]
