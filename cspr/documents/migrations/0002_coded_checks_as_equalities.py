"""Coded CHECKs as equalities, not IN (cspr/core/fields.py in_codes, ADR 0034): the same rule, which SQLite checks without building an index per inserted row."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_coded_checks_as_equalities'),
        ('documents', '0001_case_documents'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='casedocument',
            name='case_document_kind_code',
        ),
        migrations.RemoveConstraint(
            model_name='casedocument',
            name='case_document_file_format_code',
        ),
        migrations.AddConstraint(
            model_name='casedocument',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'rapid_review_report'), ('kind', 'lcspr_final_report'), ('kind', 'panel_letter'), ('kind', 'other'), _connector='OR'), name='case_document_kind_code'),
        ),
        migrations.AddConstraint(
            model_name='casedocument',
            constraint=models.CheckConstraint(condition=models.Q(('file_format', 'pdf'), ('file_format', 'docx'), ('file_format', 'odt'), ('file_format', 'text'), _connector='OR'), name='case_document_file_format_code'),
        ),
    ]
