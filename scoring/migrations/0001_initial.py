# Step 2 of 3 of the move from `assessments` (see assessments.0002): the tables exist already under
# these names, so the models are created in Django's state only. Content types and queued task
# names follow the models.

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


MODELS = ["scoringrun", "dimensionscore", "finding"]
TASKS = ["assessment_score_task", "org_score_task", "rescore_changed_orgs_task"]


def _move(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model__in=MODELS).update(app_label=new)
    OutboxMessage = apps.get_model("outbox", "OutboxMessage")
    for task in TASKS:
        OutboxMessage.objects.filter(task_name=f"{old}.tasks.{task}").update(task_name=f"{new}.tasks.{task}")


def follow_the_models(apps, schema_editor):
    _move(apps, "assessments", "scoring")


def leave_the_models(apps, schema_editor):
    _move(apps, "scoring", "assessments")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0002_scoring_tables_renamed'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('outbox', '0001_initial'),
        ('orgs', '0004_import_run_in_background'),
        ('planning', '0002_scenario_changes_targets_role_settings'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='ScoringRun',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('idempotency_key', models.CharField(help_text='Same inputs, same key: a second run is a no-op.', max_length=200, unique=True)),
                    ('status', models.CharField(choices=[('pending', 'Pending'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='pending', max_length=10)),
                    ('error', models.TextField(blank=True)),
                    ('scoring_version', models.CharField(max_length=20)),
                    ('template_version', models.CharField(blank=True, max_length=100)),
                    ('inputs_at', models.DateTimeField(help_text='When the scored data last changed.')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('finished_at', models.DateTimeField(blank=True, null=True)),
                    ('overall_level', models.PositiveSmallIntegerField(blank=True, null=True)),
                    ('overall_score', models.FloatField(blank=True, null=True)),
                    ('truck_factor', models.PositiveIntegerField(blank=True, null=True)),
                    ('archetype', models.PositiveSmallIntegerField(blank=True, null=True)),
                    ('current_structure', models.CharField(blank=True, max_length=32)),
                    ('recommended_structure', models.CharField(blank=True, max_length=32)),
                    ('summary', models.JSONField(blank=True, default=dict, help_text='Classification reasons, design choices and chart-ready metrics.')),
                    ('assessment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='scoring_runs', to='assessments.assessment')),
                    ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scoring_runs', to='orgs.organization')),
                    ('scenario', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='scoring_runs', to='planning.scenario')),
                    ('team', models.ForeignKey(blank=True, help_text='The team the assessment was about, if any.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.team')),
                ],
                options={
                    'ordering': ['-created_at', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='Finding',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(max_length=40)),
                    ('severity', models.CharField(choices=[('critical', 'Critical'), ('high', 'High'), ('medium', 'Medium'), ('low', 'Low'), ('info', 'Info')], max_length=10)),
                    ('title', models.CharField(max_length=300)),
                    ('detail', models.TextField(blank=True)),
                    ('evidence', models.JSONField(blank=True, default=dict, help_text='Ids and names of the people, teams, systems and responsibilities involved.')),
                    ('recommendation', models.TextField(blank=True)),
                    ('impact', models.PositiveSmallIntegerField(default=1)),
                    ('effort', models.PositiveSmallIntegerField(default=1)),
                    ('rank', models.PositiveIntegerField(default=0, help_text='1 = do this first.')),
                    ('team', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orgs.team')),
                    ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='findings', to='scoring.scoringrun')),
                ],
                options={
                    'ordering': ['run', 'rank', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='DimensionScore',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('dimension', models.CharField(choices=[('mlops_level', 'MLOps level'), ('structure_leadership', 'Structure and leadership'), ('roles_responsibilities', 'Roles and responsibilities'), ('talent_hiring', 'Talent and hiring'), ('expertise_bottlenecks', 'Expertise bottlenecks'), ('collaboration', 'Collaboration and knowledge sharing'), ('infra_code', 'Infrastructure: code'), ('infra_model', 'Infrastructure: model'), ('infra_data', 'Infrastructure: data'), ('tools_self_service', 'Tools and self-service'), ('ownership_kpis', 'Ownership and KPIs'), ('planning_management', 'Planning and management'), ('governance_safety', 'Governance and safety'), ('context', 'Context (classification only, not scored)')], max_length=32)),
                    ('score', models.FloatField(help_text='0-1, or empty when nothing in the dimension was answered.', null=True)),
                    ('level', models.PositiveSmallIntegerField(null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                    ('answered', models.PositiveIntegerField(default=0)),
                    ('total', models.PositiveIntegerField(default=0)),
                    ('evidence', models.JSONField(blank=True, default=list)),
                    ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='dimension_scores', to='scoring.scoringrun')),
                ],
                options={
                    'ordering': ['run', 'dimension'],
                },
            ),
            migrations.AddIndex(
                model_name='scoringrun',
                index=models.Index(fields=['organization', 'status', '-created_at'], name='scoringrun_org_status_idx'),
            ),
            migrations.AddIndex(
                model_name='finding',
                index=models.Index(fields=['run', 'rank'], name='finding_run_rank_idx'),
            ),
            migrations.AddConstraint(
                model_name='dimensionscore',
                constraint=models.UniqueConstraint(fields=('run', 'dimension'), name='dimscore_unique'),
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(follow_the_models, leave_the_models, elidable=True),
    ]
