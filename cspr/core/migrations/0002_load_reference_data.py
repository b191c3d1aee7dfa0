from django.db import migrations


def load(apps, schema_editor):
    from cspr.core.reference import sync_reference_data

    sync_reference_data(
        apps.get_model("core", "LocalAuthority"),
        apps.get_model("core", "Partnership"),
        apps.get_model("core", "PracticeTheme"),
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
