"""A briefing for any period between two dates: the first report's 17 months, not only a calendar year."""

import io

import pytest
from django.core.management import CommandError, call_command

from cspr.briefings.models import Briefing
from tests.stats.conftest import load_rows
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("briefing", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_briefing_covers_the_dates_given_and_is_recorded_with_them(tmp_path):
    load_rows(all_rows())
    path = tmp_path / "first.md"
    run(
        "--from",
        "2019-07-01",
        "--to",
        "2020-11-30",
        "--kind",
        "national",
        "--format",
        "md",
        "--out",
        str(path),
        "--as-of",
        "2021-05-14",
    )
    briefing = Briefing.objects.get()
    assert (briefing.period_start.isoformat(), briefing.period_end.isoformat()) == ("2019-07-01", "2020-11-30")
    assert briefing.file_name == "briefing-national-2019-07-01-to-2020-11-30.md"
    assert briefing.parameters["year"] is None
    assert "1 July 2019 to 30 November 2020" in path.read_text()


@pytest.mark.parametrize(
    "args",
    [["--year", "2020", "--from", "2020-01-01", "--to", "2020-06-30"], ["--from", "2020-01-01"], []],
)
def test_a_period_is_a_year_or_two_dates_and_nothing_else(args):
    with pytest.raises(
        CommandError,
        match="give one of a calendar year, a financial year, or a from/to range|"
        "a range needs both its first and its last date",
    ):
        run(*args, "--kind", "national", "--format", "md")
