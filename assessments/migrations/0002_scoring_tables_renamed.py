# The scoring runs, dimension scores and findings move to the `scoring` app. Step 1 of 3: their
# tables and indexes take the new app's names here, with every row kept; scoring.0001 then takes
# the models over in Django's state and assessments.0003 lets go of them.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("planning", "0002_scenario_changes_targets_role_settings"),
    ]

    operations = [
        migrations.AlterModelTable(name="scoringrun", table="scoring_scoringrun"),
        migrations.AlterModelTable(name="dimensionscore", table="scoring_dimensionscore"),
        migrations.AlterModelTable(name="finding", table="scoring_finding"),
        migrations.RenameIndex(
            model_name="scoringrun", new_name="scoringrun_org_status_idx", old_name="assessments_organiz_bee7dd_idx"
        ),
        migrations.RenameIndex(model_name="finding", new_name="finding_run_rank_idx", old_name="assessments_run_id_312b01_idx"),
    ]
