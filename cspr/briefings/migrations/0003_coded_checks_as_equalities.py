"""Coded CHECKs as equalities, not IN (cspr/core/fields.py in_codes, ADR 0034): the same rule, which SQLite checks without building an index per inserted row."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('briefings', '0002_load_practice_content'),
        ('core', '0003_alter_user_options_user_is_demo_user_role_and_more'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='briefing',
            name='briefing_kind_code',
        ),
        migrations.RemoveConstraint(
            model_name='briefing',
            name='briefing_format_code',
        ),
        migrations.RemoveConstraint(
            model_name='practicecontent',
            name='practice_content_kind_code',
        ),
        migrations.AddConstraint(
            model_name='briefing',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'national'), ('kind', 'agency'), ('kind', 'partnership'), _connector='OR'), name='briefing_kind_code'),
        ),
        migrations.AddConstraint(
            model_name='briefing',
            constraint=models.CheckConstraint(condition=models.Q(('format', 'html'), ('format', 'pdf'), ('format', 'docx'), ('format', 'md'), _connector='OR'), name='briefing_format_code'),
        ),
        migrations.AddConstraint(
            model_name='practicecontent',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'theme'), ('kind', 'characteristic'), _connector='OR'), name='practice_content_kind_code'),
        ),
    ]
