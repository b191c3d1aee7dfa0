"""`cspr report`: periods, formats, publishing, the population file, and the audit trail."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cspr.core.models import AuditEvent
from tests.stats.register import BASELINE_CSV, all_rows

pytestmark = pytest.mark.django_db


def report(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_calendar_year_as_json(load):
    load(all_rows())
    document = json.loads(report("--year", "2020"))
    assert document["period"]["from"] == "2020-01-01"
    assert document["measures"]["notifications.total"] == {"count": 7}
    assert document["report"]["id"] == "panel-annual"


def test_a_financial_year_gives_the_official_statistics_tables(load):
    load(all_rows())
    document = json.loads(report("--financial-year", "2020-21"))
    assert document["report"]["id"] == "dfe-official"
    assert "type-by-half" in {t["id"] for t in document["tables"]}


def test_an_arbitrary_range_in_the_first_reports_shape(load):
    load(all_rows())
    document = json.loads(report("--from", "2019-01-01", "--to", "2020-12-31", "--definition", "first-report"))
    assert document["measures"]["notifications.total"] == {"count": 9}


def test_publish_writes_c_and_respects_the_threshold(load):
    load(all_rows())
    strict = json.loads(report("--year", "2020", "--publish"))
    assert strict["measures"]["notifications.type.other"]["count"] == "c"
    assert strict["report"]["threshold"] == 4
    loose = json.loads(report("--year", "2020", "--publish", "--threshold", "1"))
    assert loose["report"]["threshold"] == 1


def test_the_threshold_comes_from_settings(load, settings):
    load(all_rows())
    settings.CSPR_DISCLOSURE_THRESHOLD = 2
    assert json.loads(report("--year", "2020", "--publish"))["report"]["threshold"] == 2


def test_another_population_file(load, tmp_path):
    load(all_rows())
    path = tmp_path / "population.csv"
    path.write_text(BASELINE_CSV)
    document = json.loads(report("--year", "2020", "--population", str(path)))
    assert document["representation"]["black"]["population_share"] == 4.0


def test_binary_formats_go_to_a_file(load, tmp_path):
    load(all_rows())
    out = tmp_path / "report.ods"
    report("--year", "2020", "--format", "ods", "--out", str(out))
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "give one of"),
        (("--year", "2020", "--financial-year", "2020-21"), "give one of"),
        (("--from", "2020-01-01"), "both"),
        (("--financial-year", "2020-22"), "April of one year to March of the next"),
        (("--from", "2020-02-01", "--to", "2020-01-01"), "before it starts"),
    ],
)
def test_a_period_must_be_named_once_and_make_sense(db, args, message):
    with pytest.raises(CommandError, match=message):
        report(*args)


def test_a_report_is_audited(load):
    load(all_rows())
    report("--year", "2020", "--publish")
    event = AuditEvent.objects.filter(action="statistics.report").latest("id")
    assert event.changed_fields["published"] is True and event.changed_fields["from"] == "2020-01-01"
