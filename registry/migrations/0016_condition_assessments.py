"""Condition assessments (dated observations of a site or structure, with their
disturbances and threats), and the threat vocabulary, after EAMENA's threat
categories."""

import django.db.models.deletion
import registry.models.base
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models


# EAMENA's threat categories (the conflict-relevant ones first); curators extend them.
THREATS = [
    ("armed-conflict", "Armed conflict", "نزاع مسلح"),
    ("looting", "Looting and illegal excavation", "النهب والتنقيب غير المشروع"),
    ("deliberate-destruction", "Deliberate destruction", "التدمير المتعمد"),
    ("vandalism", "Vandalism", "التخريب"),
    ("military-use", "Military occupation or use", "الاحتلال أو الاستخدام العسكري"),
    ("development", "Building and development", "البناء والتطوير"),
    ("agriculture", "Agriculture and pastoralism", "الزراعة والرعي"),
    ("natural-hazard", "Natural hazard", "خطر طبيعي"),
    ("climate-change", "Climate change", "تغير المناخ"),
    ("neglect", "Neglect and lack of management", "الإهمال وغياب الإدارة"),
    ("unknown", "Unknown", "غير معروف"),
]


def seed(apps, schema_editor):
    Term = apps.get_model("registry", "Term")
    db = schema_editor.connection.alias
    for order, (code, label_en, label_ar) in enumerate(THREATS):
        Term.objects.using(db).get_or_create(
            vocabulary="threat",
            code=code,
            defaults={"label_en": label_en, "label_ar": label_ar, "sort_order": order},
        )


def unseed(apps, schema_editor):
    Term = apps.get_model("registry", "Term")
    Term.objects.using(schema_editor.connection.alias).filter(
        vocabulary="threat"
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0015_phonetic_search_keys'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ConditionAssessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, help_text='Permanent: used in public URLs; never changes, even on rename.', unique=True, verbose_name='public identifier')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], db_index=True, default='draft', help_text='Only published records appear on the public API and catalogue, and only while the records they belong to are published too. Editors publish; contributors submit drafts for review.', max_length=12, verbose_name='publication status')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='updated')),
                ('published_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='first published')),
                ('status_changed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='status changed')),
                ('curator_notes', models.TextField(blank=True, help_text='Internal notes for curators. Never shown on any public surface.', verbose_name='curator notes')),
                ('date_mode', models.CharField(choices=[('on', 'On (a known day, month or year)'), ('between', 'Between two dates'), ('before', 'Before (terminus ante quem)'), ('after', 'After (terminus post quem)'), ('unknown', 'Unknown')], default='unknown', max_length=8, verbose_name='date mode')),
                ('date_from', models.DateField(blank=True, help_text="The date (mode 'on'), the start ('between'), or 'after' this date.", null=True, verbose_name='from / on')),
                ('date_to', models.DateField(blank=True, help_text="The end of a 'between' range, or the 'before' date.", null=True, verbose_name='to / before')),
                ('date_precision', models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], help_text="How much of the date is known. With 'month' the day is ignored, with 'year' the day and month are.", max_length=5, verbose_name='precision')),
                ('date_earliest', models.DateField(db_index=True, editable=False, null=True)),
                ('date_latest', models.DateField(db_index=True, editable=False, null=True)),
                ('certainty', models.CharField(choices=[('not_applicable', 'Not applicable'), ('negligible', 'Negligible'), ('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('definite', 'Definite')], default='low', help_text='How sure we are that this happened as described.', max_length=14, verbose_name='certainty')),
                ('verification', models.CharField(choices=[('reported', 'Reported'), ('corroborated', 'Corroborated'), ('confirmed', 'Confirmed'), ('disputed', 'Disputed'), ('retracted', 'Retracted')], default='reported', help_text="Reported: one source says so. Corroborated: independent sources agree. Confirmed: verified (imagery, site visit). A claim known only from one press report is 'reported'.", max_length=12, verbose_name='verification')),
                ('method', models.CharField(choices=[('site_visit', 'Site visit'), ('satellite', 'Satellite imagery'), ('aerial', 'Aerial or drone imagery'), ('remote_report', 'Remote report'), ('press', 'Press report')], default='remote_report', max_length=14, verbose_name='method')),
                ('assessor', models.CharField(blank=True, help_text="Who assessed, as they may be named publicly (a team or a role is enough: never a protected person's name).", max_length=200, verbose_name='assessor')),
                ('imagery_provider', models.CharField(blank=True, help_text='e.g. Maxar WorldView-2, Airbus Pléiades, Planet.', max_length=200, verbose_name='imagery provider')),
                ('imagery_date', models.DateField(blank=True, help_text='The day the image that was assessed was taken.', null=True, verbose_name='imagery acquired on')),
                ('no_change', models.BooleanField(default=False, help_text='Nothing visible has changed since the previous assessment: its condition holds, now as of this date.', verbose_name='no change since the last assessment')),
                ('condition', models.CharField(blank=True, choices=[('good', 'Good'), ('fair', 'Fair'), ('poor', 'Poor'), ('very_bad', 'Very bad'), ('destroyed', 'Destroyed'), ('unknown', 'Unknown')], help_text="Empty only with 'no change' (the previous condition holds).", max_length=10, verbose_name='observed condition')),
                ('priority', models.CharField(choices=[('none', 'None needed'), ('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('immediate', 'Immediate'), ('unknown', 'Not assessed')], default='unknown', max_length=10, verbose_name='recommended priority')),
                ('recommendation', models.TextField(blank=True, verbose_name='recommended intervention')),
                ('description', models.TextField(blank=True, verbose_name='observations (English)')),
                ('description_ar', models.TextField(blank=True, verbose_name='observations (Arabic)')),
            ],
            options={
                'verbose_name': 'condition assessment',
                'ordering': ['-date_earliest', '-pk'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'publish'),
            },
            bases=(registry.models.base.PublicationRule, models.Model),
        ),
        migrations.CreateModel(
            name='Disturbance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('certainty', models.CharField(choices=[('not_applicable', 'Not applicable'), ('negligible', 'Negligible'), ('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('definite', 'Definite')], default='low', max_length=14, verbose_name='certainty')),
            ],
            options={
                'verbose_name': 'disturbance observed',
                'ordering': ['assessment', 'pk'],
            },
            bases=(registry.models.base.PublicationRule, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalConditionAssessment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('public_id', models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, help_text='Permanent: used in public URLs; never changes, even on rename.', verbose_name='public identifier')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], db_index=True, default='draft', help_text='Only published records appear on the public API and catalogue, and only while the records they belong to are published too. Editors publish; contributors submit drafts for review.', max_length=12, verbose_name='publication status')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='updated')),
                ('published_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='first published')),
                ('status_changed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='status changed')),
                ('curator_notes', models.TextField(blank=True, help_text='Internal notes for curators. Never shown on any public surface.', verbose_name='curator notes')),
                ('date_mode', models.CharField(choices=[('on', 'On (a known day, month or year)'), ('between', 'Between two dates'), ('before', 'Before (terminus ante quem)'), ('after', 'After (terminus post quem)'), ('unknown', 'Unknown')], default='unknown', max_length=8, verbose_name='date mode')),
                ('date_from', models.DateField(blank=True, help_text="The date (mode 'on'), the start ('between'), or 'after' this date.", null=True, verbose_name='from / on')),
                ('date_to', models.DateField(blank=True, help_text="The end of a 'between' range, or the 'before' date.", null=True, verbose_name='to / before')),
                ('date_precision', models.CharField(blank=True, choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], help_text="How much of the date is known. With 'month' the day is ignored, with 'year' the day and month are.", max_length=5, verbose_name='precision')),
                ('date_earliest', models.DateField(db_index=True, editable=False, null=True)),
                ('date_latest', models.DateField(db_index=True, editable=False, null=True)),
                ('certainty', models.CharField(choices=[('not_applicable', 'Not applicable'), ('negligible', 'Negligible'), ('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('definite', 'Definite')], default='low', help_text='How sure we are that this happened as described.', max_length=14, verbose_name='certainty')),
                ('verification', models.CharField(choices=[('reported', 'Reported'), ('corroborated', 'Corroborated'), ('confirmed', 'Confirmed'), ('disputed', 'Disputed'), ('retracted', 'Retracted')], default='reported', help_text="Reported: one source says so. Corroborated: independent sources agree. Confirmed: verified (imagery, site visit). A claim known only from one press report is 'reported'.", max_length=12, verbose_name='verification')),
                ('method', models.CharField(choices=[('site_visit', 'Site visit'), ('satellite', 'Satellite imagery'), ('aerial', 'Aerial or drone imagery'), ('remote_report', 'Remote report'), ('press', 'Press report')], default='remote_report', max_length=14, verbose_name='method')),
                ('assessor', models.CharField(blank=True, help_text="Who assessed, as they may be named publicly (a team or a role is enough: never a protected person's name).", max_length=200, verbose_name='assessor')),
                ('imagery_provider', models.CharField(blank=True, help_text='e.g. Maxar WorldView-2, Airbus Pléiades, Planet.', max_length=200, verbose_name='imagery provider')),
                ('imagery_date', models.DateField(blank=True, help_text='The day the image that was assessed was taken.', null=True, verbose_name='imagery acquired on')),
                ('no_change', models.BooleanField(default=False, help_text='Nothing visible has changed since the previous assessment: its condition holds, now as of this date.', verbose_name='no change since the last assessment')),
                ('condition', models.CharField(blank=True, choices=[('good', 'Good'), ('fair', 'Fair'), ('poor', 'Poor'), ('very_bad', 'Very bad'), ('destroyed', 'Destroyed'), ('unknown', 'Unknown')], help_text="Empty only with 'no change' (the previous condition holds).", max_length=10, verbose_name='observed condition')),
                ('priority', models.CharField(choices=[('none', 'None needed'), ('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('immediate', 'Immediate'), ('unknown', 'Not assessed')], default='unknown', max_length=10, verbose_name='recommended priority')),
                ('recommendation', models.TextField(blank=True, verbose_name='recommended intervention')),
                ('description', models.TextField(blank=True, verbose_name='observations (English)')),
                ('description_ar', models.TextField(blank=True, verbose_name='observations (Arabic)')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical condition assessment',
                'verbose_name_plural': 'historical condition assessments',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalDisturbance',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('certainty', models.CharField(choices=[('not_applicable', 'Not applicable'), ('negligible', 'Negligible'), ('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('definite', 'Definite')], default='low', max_length=14, verbose_name='certainty')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical disturbance observed',
                'verbose_name_plural': 'historical disturbance observeds',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalThreat',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('probability', models.CharField(choices=[('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('definite', 'Definite'), ('unknown', 'Unknown')], default='unknown', max_length=10, verbose_name='probability')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical threat',
                'verbose_name_plural': 'historical threats',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Threat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('probability', models.CharField(choices=[('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('definite', 'Definite'), ('unknown', 'Unknown')], default='unknown', max_length=10, verbose_name='probability')),
            ],
            options={
                'verbose_name': 'threat',
                'ordering': ['assessment', 'pk'],
            },
            bases=(registry.models.base.PublicationRule, models.Model),
        ),
        migrations.RemoveConstraint(
            model_name='term',
            name='registry_term_vocabulary_valid',
        ),
        migrations.AlterField(
            model_name='historicalterm',
            name='vocabulary',
            field=models.CharField(choices=[('site_type', 'Site type'), ('structure_type', 'Structure type'), ('object_type', 'Object type'), ('cause_type', 'Cause type'), ('effect_type', 'Effect type'), ('role', 'Role of a person'), ('material', 'Material'), ('technique', 'Technique'), ('period', 'Period'), ('threat', 'Threat')], max_length=20, verbose_name='vocabulary'),
        ),
        migrations.AlterField(
            model_name='term',
            name='vocabulary',
            field=models.CharField(choices=[('site_type', 'Site type'), ('structure_type', 'Structure type'), ('object_type', 'Object type'), ('cause_type', 'Cause type'), ('effect_type', 'Effect type'), ('role', 'Role of a person'), ('material', 'Material'), ('technique', 'Technique'), ('period', 'Period'), ('threat', 'Threat')], max_length=20, verbose_name='vocabulary'),
        ),
        migrations.AddConstraint(
            model_name='term',
            constraint=models.CheckConstraint(condition=models.Q(('vocabulary__in', ['site_type', 'structure_type', 'object_type', 'cause_type', 'effect_type', 'role', 'material', 'technique', 'period', 'threat'])), name='registry_term_vocabulary_valid', violation_error_message='vocabulary has a value outside its scale.'),
        ),
        migrations.AddField(
            model_name='conditionassessment',
            name='organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='registry.actor', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='conditionassessment',
            name='site',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='registry.heritagesite', verbose_name='site'),
        ),
        migrations.AddField(
            model_name='conditionassessment',
            name='structure',
            field=models.ForeignKey(blank=True, help_text='Empty when the assessment is of the whole site.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='registry.structure', verbose_name='structure'),
        ),
        migrations.AddField(
            model_name='disturbance',
            name='assessment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='disturbances', to='registry.conditionassessment'),
        ),
        migrations.AddField(
            model_name='disturbance',
            name='cause',
            field=models.ForeignKey(blank=True, limit_choices_to=models.Q(('vocabulary', 'cause_type')), null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.term', verbose_name='cause'),
        ),
        migrations.AddField(
            model_name='disturbance',
            name='effect',
            field=models.ForeignKey(limit_choices_to=models.Q(('vocabulary', 'effect_type')), on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.term', verbose_name='effect'),
        ),
        migrations.AddField(
            model_name='historicalconditionassessment',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalconditionassessment',
            name='organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.actor', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='historicalconditionassessment',
            name='site',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.heritagesite', verbose_name='site'),
        ),
        migrations.AddField(
            model_name='historicalconditionassessment',
            name='structure',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Empty when the assessment is of the whole site.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.structure', verbose_name='structure'),
        ),
        migrations.AddField(
            model_name='historicaldisturbance',
            name='assessment',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.conditionassessment'),
        ),
        migrations.AddField(
            model_name='historicaldisturbance',
            name='cause',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to=models.Q(('vocabulary', 'cause_type')), null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.term', verbose_name='cause'),
        ),
        migrations.AddField(
            model_name='historicaldisturbance',
            name='effect',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to=models.Q(('vocabulary', 'effect_type')), null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.term', verbose_name='effect'),
        ),
        migrations.AddField(
            model_name='historicaldisturbance',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalthreat',
            name='assessment',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.conditionassessment'),
        ),
        migrations.AddField(
            model_name='historicalthreat',
            name='category',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to=models.Q(('vocabulary', 'threat')), null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.term', verbose_name='threat'),
        ),
        migrations.AddField(
            model_name='historicalthreat',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='threat',
            name='assessment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='threats', to='registry.conditionassessment'),
        ),
        migrations.AddField(
            model_name='threat',
            name='category',
            field=models.ForeignKey(limit_choices_to=models.Q(('vocabulary', 'threat')), on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.term', verbose_name='threat'),
        ),
        migrations.AddIndex(
            model_name='conditionassessment',
            index=models.Index(fields=['site', 'status', 'date_earliest'], name='assessment_site_date'),
        ),
        migrations.AddIndex(
            model_name='conditionassessment',
            index=models.Index(fields=['structure', 'status', 'date_earliest'], name='assessment_structure_date'),
        ),
        migrations.AddConstraint(
            model_name='conditionassessment',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'review', 'published', 'withdrawn'])), name='registry_conditionassessment_status_valid', violation_error_message='status has a value outside its scale.'),
        ),
        migrations.AddConstraint(
            model_name='conditionassessment',
            constraint=models.CheckConstraint(condition=models.Q(('date_mode__in', ['on', 'between', 'before', 'after', 'unknown'])), name='registry_conditionassessment_date_mode_valid', violation_error_message='date_mode has a value outside its scale.'),
        ),
        migrations.AddConstraint(
            model_name='conditionassessment',
            constraint=models.CheckConstraint(condition=models.Q(('date_precision__in', ['day', 'month', 'year']), ('date_precision', ''), _connector='OR'), name='registry_conditionassessment_date_precision_valid', violation_error_message='date_precision has a value outside its scale.'),
        ),
        migrations.AddConstraint(
            model_name='conditionassessment',
            constraint=models.CheckConstraint(condition=models.Q(('date_from__isnull', True), ('date_to__isnull', True), ('date_to__gte', models.F('date_from')), _connector='OR'), name='registry_conditionassessment_date_order', violation_error_message='The end date precedes the start date.'),
        ),
        migrations.AddConstraint(
            model_name='conditionassessment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(models.Q(('date_from__isnull', False), ('date_mode', 'on'), ('date_to__isnull', True)), models.Q(('date_from__isnull', False), ('date_mode', 'between'), ('date_to__isnull', False)), models.Q(('date_from__isnull', True), ('date_mode', 'before'), ('date_to__isnull', False)), models.Q(('date_from__isnull', False), ('date_mode', 'after'), ('date_to__isnull', True)), models.Q(('date_from__isnull', True), ('date_mode', 'unknown'), ('date_to__isnull', True)), _connector='OR'), models.Q(models.Q(('date_mode', 'unknown'), ('date_precision', '')), models.Q(models.Q(('date_mode', 'unknown'), _negated=True), models.Q(('date_precision', ''), _negated=True)), _connector='OR')), name='registry_conditionassessment_date_mode_fields', violation_error_message="The dates do not fit the date mode: 'on' and 'after' take the first date, 'before' the second, 'between' both, 'unknown' none; every mode but 'unknown' needs a precision."),
        ),
        migrations.AddConstraint(
            model_name='conditionassessment',
            constraint=models.CheckConstraint(condition=models.Q(('certainty__in', ['not_applicable', 'negligible', 'low', 'medium', 'high', 'definite'])), name='registry_conditionassessment_certainty_valid', violation_error_message='certainty has a value outside its scale.'),
        ),
        migrations.AddConstraint(
            model_name='conditionassessment',
            constraint=models.CheckConstraint(condition=models.Q(('verification__in', ['reported', 'corroborated', 'confirmed', 'disputed', 'retracted'])), name='registry_conditionassessment_verification_valid', violation_error_message='verification has a value outside its scale.'),
        ),
        migrations.AddConstraint(
            model_name='conditionassessment',
            constraint=models.CheckConstraint(condition=models.Q(('method__in', ['site_visit', 'satellite', 'aerial', 'remote_report', 'press'])), name='registry_conditionassessment_method_valid', violation_error_message='method has a value outside its scale.'),
        ),
        migrations.AddConstraint(
            model_name='conditionassessment',
            constraint=models.CheckConstraint(condition=models.Q(('priority__in', ['none', 'low', 'medium', 'high', 'immediate', 'unknown'])), name='registry_conditionassessment_priority_valid', violation_error_message='priority has a value outside its scale.'),
        ),
        migrations.AddConstraint(
            model_name='conditionassessment',
            constraint=models.CheckConstraint(condition=models.Q(('condition__in', ['good', 'fair', 'poor', 'very_bad', 'destroyed', 'unknown']), ('condition', ''), _connector='OR'), name='registry_conditionassessment_condition_valid', violation_error_message='condition has a value outside its scale.'),
        ),
        migrations.AddConstraint(
            model_name='conditionassessment',
            constraint=models.CheckConstraint(condition=models.Q(('condition', ''), ('no_change', False), _negated=True), name='registry_assessment_condition_or_no_change', violation_error_message="Give the observed condition, or tick 'no change'."),
        ),
        migrations.AddConstraint(
            model_name='disturbance',
            constraint=models.CheckConstraint(condition=models.Q(('certainty__in', ['not_applicable', 'negligible', 'low', 'medium', 'high', 'definite'])), name='registry_disturbance_certainty_valid', violation_error_message='certainty has a value outside its scale.'),
        ),
        migrations.AddConstraint(
            model_name='threat',
            constraint=models.CheckConstraint(condition=models.Q(('probability__in', ['low', 'medium', 'high', 'definite', 'unknown'])), name='registry_threat_probability_valid', violation_error_message='probability has a value outside its scale.'),
        ),
        migrations.RunPython(seed, unseed),
    ]
