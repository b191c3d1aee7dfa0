"""`cspr synth`: writes files, or loads through the import path, with a one-line summary."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cspr.cases.models import Child, Notification
from cspr.domain import codes
from tests.synth.data import AS_OF, text

AS_OF_ARG = ["--as-of", AS_OF.isoformat()]


def synth(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("synth", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_writes_csv_to_standard_output_with_a_summary_on_standard_error():
    out, err = synth("--profile", "panel-2018-19", "--seed", "5", *AS_OF_ARG)
    assert out == text("panel-2018-19", 5)
    refs = {row["notification_ref"] for row in csv.DictReader(io.StringIO(out))}
    # 538 serious incidents, and the looked-after children's deaths with no abuse or neglect suspected
    assert len(refs) > 538
    assert f"{len(refs)} notifications (538 serious incidents), {len(refs)} children" in err
    assert err.count("\n") <= 1


def test_it_writes_json_for_a_json_file(tmp_path):
    path = tmp_path / "synth.json"
    synth("--profile", "panel-2020", "--seed", "5", "--out", str(path), *AS_OF_ARG)
    assert json.loads(path.read_text())["standard"] == "cspr-2"
    assert path.read_text() == text("panel-2020", 5, "json")


def test_years_and_scale_are_passed_through(tmp_path):
    path = tmp_path / "synth.csv"
    _, err = synth("--profile", "national", "--seed", "2", "--years", "2021-2022", "--scale", "2.5",
                   "--out", str(path), *AS_OF_ARG)
    assert path.read_text() == text("national", 2, "csv", (2021, 2022), 2.5)
    assert "(2130 serious incidents)" in err


@pytest.mark.django_db
def test_load_imports_a_panel_year_cleanly_through_the_import_path():
    _, err = synth("--profile", "panel-2020", "--seed", "3", "--load")
    total = Notification.objects.count()
    others = Notification.objects.filter(notification_kind="looked_after_death", abuse_neglect_suspected="no")
    assert total - others.count() == 908  # 2020's 482 and 2019's 426 serious incidents
    assert others.count() == 88 - Notification.objects.filter(notification_kind="looked_after_death",
                                                                 abuse_neglect_suspected="yes").count()  # 44 a year
    assert Child.objects.count() == 968 + others.count()
    assert f"{total} created" in err and "(908 serious incidents)" in err
    _, err = synth("--profile", "panel-2020", "--seed", "3", "--load")  # the same refs: updates, not duplicates
    assert Notification.objects.count() == total and f"{total} unchanged" in err


@pytest.mark.django_db
def test_an_export_after_loading_gives_back_the_generated_rows():
    synth("--profile", "panel-2020", "--seed", "2", *AS_OF_ARG, "--load")
    out = io.StringIO()
    call_command("export", stdout=out, stderr=io.StringIO())

    def standard(data):
        return [[row[c] for c in codes.STANDARD_COLUMNS] for row in csv.DictReader(io.StringIO(data))]

    assert standard(out.getvalue()) == standard(text("panel-2020", 2))


@pytest.mark.django_db
def test_load_imports_many_years_of_the_national_profile():
    synth("--profile", "national", "--seed", "4", "--years", "2012-2026", "--load")
    assert Notification.objects.count() > 5500


def test_a_future_as_of_and_an_unknown_profile_are_refused():
    with pytest.raises(CommandError, match="future"):
        synth("--profile", "national", "--seed", "1", "--as-of", "2999-01-01")
    with pytest.raises(CommandError, match="no profile"):
        synth("--profile", "panel-1999", "--seed", "1")
