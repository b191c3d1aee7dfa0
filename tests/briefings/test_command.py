"""`cspr briefing`: writes the file, records the briefing under a system actor, explains its errors."""

import io

import pytest
from django.core.management import CommandError, call_command

from cspr.briefings.models import Briefing
from cspr.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("briefing", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_writes_the_briefing_and_records_it(tmp_path):
    path = tmp_path / "national.md"
    _, err = run("--year", "2020", "--kind", "national", "--format", "md", "--out", str(path),
                 "--as-of", "2021-05-14")
    briefing = Briefing.objects.get()
    assert path.read_bytes() == bytes(briefing.content)
    assert path.read_text().startswith("# Serious incidents and learning: 2020")
    assert briefing.created_by.username == "system:briefing" and briefing.as_of.isoformat() == "2021-05-14"
    assert f"recorded as briefing {briefing.pk}" in err
    assert AuditEvent.objects.get(action="briefing.generate").actor == briefing.created_by


def test_it_prints_text_formats_to_standard_output():
    out, _ = run("--year", "2020", "--kind", "agency", "--format", "html")
    assert out.startswith("<!DOCTYPE html>") and "What the 2020 serious incidents mean for our practice" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--kind", "partnership"], "needs a partnership code"),
        (["--kind", "partnership", "--partnership", "nowhere"], "no partnership with the code 'nowhere'"),
        (["--kind", "national", "--partnership", "birmingham"], "leave the partnership out"),
    ],
)
def test_it_explains_what_cannot_be_made(args, message):
    with pytest.raises(CommandError, match=message):
        run("--year", "2020", *args)
    assert not Briefing.objects.exists()
