"""Long builds show progress on a terminal and nothing when piped."""

import io

import pytest
from django.core.management import call_command

from cspr.stats.progress import Steps
from tests.stats.register import all_rows


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_each_step_and_a_pipe_sees_nothing():
    for file, shown in ((Terminal(), True), (io.StringIO(), False)):
        with Steps(("counting", "writing pdf"), desc="cspr report", file=file) as step:
            step("counting")
            step("writing pdf")
        text = file.getvalue()
        assert ("cspr report" in text and "writing pdf" in text and "1/2" in text) is shown
        assert bool(text) is shown


@pytest.mark.django_db
@pytest.mark.parametrize("terminal", [True, False])
def test_the_report_command_shows_progress_only_on_a_terminal(load, tmp_path, terminal):
    load(all_rows())
    err = Terminal() if terminal else io.StringIO()
    call_command("report", "--year", "2020", "--format", "csv", "--out", str(tmp_path / "r.csv"), stderr=err)
    assert ("counting" in err.getvalue() and "writing csv" in err.getvalue()) is terminal
    assert err.getvalue().rstrip().endswith("(csv, exact)")
