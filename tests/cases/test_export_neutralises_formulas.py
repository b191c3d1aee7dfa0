"""The register's CSV (`cspr export`, the notifications.csv download) never hands a spreadsheet a formula.

Input refuses a description that starts like one (tests/domain/test_formula_cells.py);
a description stored before that rule looked past leading whitespace, or written around
the service, is exported with a leading ' so that a spreadsheet shows it as text.
"""

import csv
import io

import pytest
from django.core.management import call_command

from cspr.cases import exporter
from cspr.cases.models import Notification
from tests.cases.rows import csv_bytes, valid_row

pytestmark = pytest.mark.django_db
STORED = '\t=HYPERLINK("http://example.org","Open")'


@pytest.fixture
def stored_formula(tmp_path):
    path = tmp_path / "one.csv"
    path.write_bytes(csv_bytes([valid_row(incident_description="Found at home.")]))
    call_command("import", str(path), stdout=io.StringIO())
    Notification.objects.update(incident_description=STORED)  # as an older rule let it in


def descriptions(text: str) -> set[str]:
    return {row["incident_description"] for row in csv.DictReader(io.StringIO(text))}


def test_write_csv_neutralises_a_stored_formula(stored_formula):
    out = io.StringIO()
    exporter.write_csv(out, queryset=Notification.objects.all())
    assert descriptions(out.getvalue()) == {"'" + STORED}


def test_the_download_neutralises_a_stored_formula(stored_formula):
    # notification_list_csv (cspr/cases/views/notifications.py) streams these pieces.
    assert descriptions("".join(exporter.csv_pieces(queryset=Notification.objects.all()))) == {"'" + STORED}


def test_an_ordinary_description_is_exported_as_stored(tmp_path):
    text = "Found at home; agencies A-B and C met = twice."
    path = tmp_path / "one.csv"
    path.write_bytes(csv_bytes([valid_row(incident_description=text)]))
    call_command("import", str(path), stdout=io.StringIO())
    out = io.StringIO()
    exporter.write_csv(out, queryset=Notification.objects.all())
    assert descriptions(out.getvalue()) == {text}
