"""HEAD on the notification list's CSV export records nothing; GET still records the export (ADR 0024)."""

import pytest
from django.urls import reverse

from cspr.core.models import AuditEvent
from tests.service.conftest import cases, client_for, people  # noqa: F401 (fixtures, by name)

pytestmark = pytest.mark.django_db


def test_head_on_the_csv_export_records_nothing_and_get_records_the_export(cases, people, client_for):  # noqa: F811
    sam = client_for(people["sam"])
    head = sam.head(reverse("notification_list_csv"))
    assert head.status_code == 200 and not AuditEvent.objects.filter(action="register.export").exists()
    got = sam.get(reverse("notification_list_csv"))
    assert got.status_code == 200 and b"A-1" in b"".join(got.streaming_content)
    assert AuditEvent.objects.filter(action="register.export").count() == 1
