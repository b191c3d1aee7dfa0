"""`cspr import a.csv a.csv`: the file is refused once for being given twice, before it is read,
not once per notification for being "also in" itself."""

import io

import pytest
from django.core.management import CommandError, call_command

from cspr.cases.models import Notification
from tests.cases.rows import csv_bytes, valid_row

pytestmark = pytest.mark.django_db


def refused(*paths) -> list[str]:
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import", *map(str, paths), stdout=io.StringIO(), stderr=err)
    assert not Notification.objects.exists()
    return err.getvalue().splitlines()


@pytest.fixture
def two_notifications(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([valid_row(notification_ref="N-1"), valid_row(notification_ref="N-2")]))
    return path


def test_the_same_name_twice_is_refused_once(two_notifications):
    path = two_notifications
    assert refused(path, path, path) == [f"{path}: (file): given twice on the command line"]


def test_the_same_file_under_other_names_is_refused_once(two_notifications, tmp_path):
    other = tmp_path / "b.csv"
    other.symlink_to(two_notifications)
    roundabout = tmp_path / "sub" / ".." / "a.csv"
    (tmp_path / "sub").mkdir()
    assert refused(two_notifications, other, roundabout) == [
        f"{other}: (file): given twice on the command line (also as {two_notifications})"
    ]


def test_a_missing_file_given_twice_is_refused_once(tmp_path):
    missing = tmp_path / "gone.csv"
    assert refused(missing, missing) == [f"{missing}: (file): given twice on the command line"]


def test_two_files_are_still_read_together(two_notifications, tmp_path):
    other = tmp_path / "b.csv"
    other.write_bytes(csv_bytes([valid_row(notification_ref="N-3")]))
    out = io.StringIO()
    call_command("import", str(two_notifications), str(other), stdout=out, stderr=io.StringIO())
    assert "imported 2 file(s): 3 notifications created" in out.getvalue()
