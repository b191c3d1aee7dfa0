"""Load the practice content seed (cspr/briefings/data/practice_content.toml) as version one."""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from cspr.briefings.practice import load_seed

    load_seed(
        apps.get_model("briefings", "PracticeContent"),
        apps.get_model("briefings", "PracticeContentVersion"),
        apps.get_model("core", "User"),
        at=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [("briefings", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
