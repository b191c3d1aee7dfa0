import pytest, io
from pathlib import Path
from django.core.management import call_command
from tests.stats.conftest import row

@pytest.mark.django_db
def test_smoke(load, tmp_path):
    load([row("N-1", rr_submitted_date="2020-03-20", lcspr_decision_date="2020-04-01"), row("N-2", incident_type="death", harm_category="", death_category="sudi")])
    for fmt in ["json", "csv", "ods", "html", "pdf"]:
        for pub in ([], ["--publish"]):
            out = tmp_path / f"r{len(pub)}.{fmt}"
            call_command("report", "--year", "2020", "--format", fmt, "--out", str(out), *pub, stderr=io.StringIO())
            Path("/tmp/out").mkdir(exist_ok=True)
            (Path("/tmp/out") / out.name).write_bytes(out.read_bytes())
    call_command("report", "--financial-year", "2020-21", "--format", "html", "--out", "/tmp/out/dfe.html", stderr=io.StringIO())
    call_command("report", "--from", "2019-07-01", "--to", "2020-11-30", "--definition", "first-report", "--format", "html", "--out", "/tmp/out/first.html", stderr=io.StringIO())
