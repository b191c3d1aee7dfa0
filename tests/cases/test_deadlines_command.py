"""`cspr deadlines` lists open items with due dates and working days left."""

import io
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command

from cspr.cases.models import Notification
from tests.cases.rows import csv_bytes, valid_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(tmp_path, actor):
    rows = [
        # Aware Monday 21 December 2020: the rapid review is due Thursday 14 January 2021.
        valid_row(
            notification_ref="XMAS", incident_date="2020-12-20", aware_date="2020-12-21", notified_date="2020-12-22"
        ),
        # Submitted and answered: nothing open.
        valid_row(notification_ref="DONE", rr_submitted_date="2020-03-20", rr_panel_response_date="2020-04-01"),
        # An LCSPR commissioned 31 August 2020: publication due 28 February 2021.
        valid_row(
            notification_ref="LCSPR",
            la_code="E09000001",
            rr_submitted_date="2020-03-20",
            lcspr_decision_date="2020-08-31",
        ),
    ]
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(rows))
    call_command("import", str(path), stdout=io.StringIO())


def deadlines(*args) -> str:
    out = io.StringIO()
    call_command("deadlines", *args, stdout=out)
    return out.getvalue()


@time_machine.travel(date(2021, 1, 4), tick=False)
def test_lists_open_items_by_due_date_with_working_days_left(register):
    output = deadlines()
    lines = output.splitlines()
    xmas = next(line for line in lines if "XMAS" in line)
    # From Monday 4 January to Thursday 14 January 2021: 8 working days.
    assert xmas.startswith("2021-01-14  8 ")
    assert "(Working Together 2018, from the date the local authority became aware)" in xmas
    assert "DONE" not in output
    assert any("LCSPR" in line and "publication" in line and line.startswith("2021-02-28") for line in lines)
    assert "3 open item(s), 0 overdue" in output


@time_machine.travel(date(2021, 1, 15), tick=False)
def test_overdue_lists_only_items_past_their_due_date(register):
    output = deadlines("--overdue")
    assert "XMAS" in output and "-1 OVERDUE" in output
    assert "LCSPR" not in output


@time_machine.travel(date(2021, 1, 4), tick=False)
def test_filters_by_partnership(register):
    partnership = Notification.objects.get(ref="LCSPR").partnership_id
    output = deadlines("--partnership", partnership)
    assert "LCSPR" in output and "XMAS" not in output


def test_an_unknown_partnership_is_a_clear_error(register):
    with pytest.raises(CommandError, match="no partnership with code 'nowhere'"):
        deadlines("--partnership", "nowhere")
