# Publishing an LCSPR names its final report (a case document or an address) and, when
# milestones are not recorded, why it was published without them (docs/adr/0016).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_case_documents"),
        ("reviews", "0002_national_work"),
    ]

    operations = [
        migrations.AddField(
            model_name="practicereview",
            name="final_report_document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="documents.casedocument",
            ),
        ),
        migrations.AddField(
            model_name="practicereview",
            name="final_report_url",
            field=models.URLField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="practicereview",
            name="outstanding_milestones_reason",
            field=models.TextField(blank=True, help_text="why the review was published with milestones not recorded"),
        ),
    ]
