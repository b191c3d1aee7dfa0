"""`cspr import` run as a command in the test's process: what it says, or what it refuses."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def imported(path, *args) -> str:
    """The import's report (stdout) of a file it accepts."""
    out = io.StringIO()
    call_command("import", *args, str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(path, *args) -> str:
    """The import's problems (stderr) of a file it refuses whole: nothing imported."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", *args, str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()
