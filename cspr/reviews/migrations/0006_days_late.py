"""Rapid reviews and local reviews store their working days late (ADR 0036), filled here for existing rows."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from cspr.core.days_late import fill_working_days_late

    fill_working_days_late(schema_editor.connection, "cases_rapidreview", "days_late", "due_date", "submitted_date")
    fill_working_days_late(
        schema_editor.connection,
        "cases_practicereview",
        "publication_days_late",
        "publication_due_date",
        "published_date",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0005_sent_though_not_required_may_be_queried'),
    ]

    operations = [
        migrations.AddField(
            model_name='practicereview',
            name='publication_days_late',
            field=models.PositiveIntegerField(
                blank=True,
                default=None,
                help_text='working days published late (0: on time; empty: not published)',
                null=True,
            ),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='days_late',
            field=models.PositiveIntegerField(
                blank=True,
                default=None,
                help_text='working days submitted late (0: on time; empty: not submitted)',
                null=True,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
