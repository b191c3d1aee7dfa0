"""Coded CHECKs as equalities, not IN (cspr/core/fields.py in_codes, ADR 0034): the same rule, which SQLite checks without building an index per inserted row."""

import cspr.domain.deadlines
import cspr.domain.workflow
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_coded_checks_as_equalities'),
        ('core', '0003_alter_user_options_user_is_demo_user_role_and_more'),
        ('documents', '0002_coded_checks_as_equalities'),
        ('reviews', '0006_days_late'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='milestone',
            name='milestone_kind_code',
        ),
        migrations.RemoveConstraint(
            model_name='nationalreview',
            name='national_review_status_code',
        ),
        migrations.RemoveConstraint(
            model_name='practicereview',
            name='practice_review_status_code',
        ),
        migrations.RemoveConstraint(
            model_name='rapidreview',
            name='rapid_review_due_rule_code',
        ),
        migrations.RemoveConstraint(
            model_name='rapidreview',
            name='rapid_review_lcspr_recommended_code',
        ),
        migrations.RemoveConstraint(
            model_name='rapidreview',
            name='rapid_review_national_review_code',
        ),
        migrations.RemoveConstraint(
            model_name='rapidreview',
            name='rapid_review_status_code',
        ),
        migrations.RemoveConstraint(
            model_name='statusevent',
            name='status_event_workflow_code',
        ),
        migrations.RemoveConstraint(
            model_name='workprogrammetopic',
            name='work_programme_topic_status_code',
        ),
        migrations.AddConstraint(
            model_name='milestone',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'reviewer_appointed'), ('kind', 'terms_of_reference'), ('kind', 'practitioners_involved'), ('kind', 'family_involved'), ('kind', 'draft_report'), ('kind', 'partners_sign_off'), _connector='OR'), name='milestone_kind_code'),
        ),
        migrations.AddConstraint(
            model_name='nationalreview',
            constraint=models.CheckConstraint(condition=models.Q(('status', cspr.domain.workflow.NationalReviewStatus['PROPOSED']), ('status', cspr.domain.workflow.NationalReviewStatus['COMMISSIONED']), ('status', cspr.domain.workflow.NationalReviewStatus['PUBLISHED']), _connector='OR'), name='national_review_status_code'),
        ),
        migrations.AddConstraint(
            model_name='practicereview',
            constraint=models.CheckConstraint(condition=models.Q(('status', cspr.domain.workflow.PracticeReviewStatus['COMMISSIONED']), ('status', cspr.domain.workflow.PracticeReviewStatus['FINAL_REPORT_SENT']), ('status', cspr.domain.workflow.PracticeReviewStatus['PUBLISHED']), ('status', cspr.domain.workflow.PracticeReviewStatus['NOT_PUBLISHED']), _connector='OR'), name='practice_review_status_code'),
        ),
        migrations.AddConstraint(
            model_name='rapidreview',
            constraint=models.CheckConstraint(condition=models.Q(('status', cspr.domain.workflow.RapidReviewStatus['DUE']), ('status', cspr.domain.workflow.RapidReviewStatus['NOT_REQUIRED']), ('status', cspr.domain.workflow.RapidReviewStatus['SUBMITTED']), ('status', cspr.domain.workflow.RapidReviewStatus['QUERIED']), ('status', cspr.domain.workflow.RapidReviewStatus['RESPONDED']), _connector='OR'), name='rapid_review_status_code'),
        ),
        migrations.AddConstraint(
            model_name='rapidreview',
            constraint=models.CheckConstraint(condition=models.Q(('due_rule', cspr.domain.deadlines.Edition['WT2018']), ('due_rule', cspr.domain.deadlines.Edition['WT2023']), _connector='OR'), name='rapid_review_due_rule_code'),
        ),
        migrations.AddConstraint(
            model_name='rapidreview',
            constraint=models.CheckConstraint(condition=models.Q(('lcspr_recommended', 'yes'), ('lcspr_recommended', 'no'), ('lcspr_recommended', 'unknown'), _connector='OR'), name='rapid_review_lcspr_recommended_code'),
        ),
        migrations.AddConstraint(
            model_name='rapidreview',
            constraint=models.CheckConstraint(condition=models.Q(('national_review', 'yes'), ('national_review', 'no'), ('national_review', 'unknown'), _connector='OR'), name='rapid_review_national_review_code'),
        ),
        migrations.AddConstraint(
            model_name='statusevent',
            constraint=models.CheckConstraint(condition=models.Q(('workflow', cspr.domain.workflow.Workflow['RAPID_REVIEW']), ('workflow', cspr.domain.workflow.Workflow['PRACTICE_REVIEW']), ('workflow', cspr.domain.workflow.Workflow['NATIONAL_REVIEW']), _connector='OR'), name='status_event_workflow_code'),
        ),
        migrations.AddConstraint(
            model_name='workprogrammetopic',
            constraint=models.CheckConstraint(condition=models.Q(('status', cspr.domain.workflow.WorkProgrammeStatus['PLANNED']), ('status', cspr.domain.workflow.WorkProgrammeStatus['UNDER_REVIEW']), ('status', cspr.domain.workflow.WorkProgrammeStatus['REPORTED']), ('status', cspr.domain.workflow.WorkProgrammeStatus['WITHDRAWN']), _connector='OR'), name='work_programme_topic_status_code'),
        ),
    ]
