"""Withdrawing a case's document (documents.actions.case_document_withdraw): the row stays, with who withdrew it, when and why."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_packed_codes"),
        ("documents", "0002_coded_checks_as_equalities"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="casedocument",
            name="case_document_once_per_case",
        ),
        migrations.AddField(
            model_name="casedocument",
            name="withdrawal_reason",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="casedocument",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="casedocument",
            name="withdrawn_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="casedocument",
            constraint=models.UniqueConstraint(
                condition=models.Q(("withdrawn_at__isnull", True)),
                fields=("notification", "sha256"),
                name="case_document_once_per_case",
            ),
        ),
        migrations.AddConstraint(
            model_name="casedocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("withdrawal_reason", ""), ("withdrawn_at__isnull", True), ("withdrawn_by__isnull", True)),
                    models.Q(
                        ("withdrawn_at__isnull", False),
                        ("withdrawn_by__isnull", False),
                        models.Q(("withdrawal_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="case_document_withdrawal_whole",
            ),
        ),
    ]
