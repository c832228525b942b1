# Step 3 of 3 of the move to the `scoring` app: assessments lets go of the models in Django's
# state; the tables stay, owned by scoring.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_scoring_tables_renamed"),
        ("planning", "0003_scenario_runs_from_scoring"),
        ("scoring", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DimensionScore"),
                migrations.DeleteModel(name="Finding"),
                migrations.DeleteModel(name="ScoringRun"),
            ],
            database_operations=[],
        ),
    ]
