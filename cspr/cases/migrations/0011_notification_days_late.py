"""Each notification stores its working days late (ADR 0036), filled here for the rows already written."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from cspr.core.days_late import fill_working_days_late

    fill_working_days_late(
        schema_editor.connection,
        "cases_notification",
        "notification_days_late",
        "notification_due_date",
        "notified_date",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0010_child_home_authority'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='notification_days_late',
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='notification',
            name='notification_days_late',
            field=models.PositiveIntegerField(
                help_text='working days the notification was late (domain/deadlines.py working_days_late; 0: on time)'
            ),
        ),
    ]
