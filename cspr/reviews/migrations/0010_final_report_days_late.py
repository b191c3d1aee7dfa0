"""A local review stores the working days its final report was sent late (ADR 0036), filled here for existing rows.

Going back needs no step of its own: removing the column removes the figures.
"""

from django.db import migrations, models


def fill(apps, schema_editor):
    from cspr.core.days_late import fill_working_days_late

    fill_working_days_late(
        schema_editor.connection,
        "cases_practicereview",
        "final_report_days_late",
        "final_report_due_date",
        "final_report_date",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0009_rapid_review_answered_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="practicereview",
            name="final_report_days_late",
            field=models.PositiveIntegerField(
                blank=True,
                default=None,
                help_text="working days the final report was sent late (0: on time; empty: not sent)",
                null=True,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
