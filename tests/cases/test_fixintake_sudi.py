"""Sudden unexpected death in infancy (`sudi`) is a death of a child under 2, never a care leaver's.

One rule (domain/standard_rules.py) for the intake, a correction, `cspr import` and the API: a
death notification with category sudi has at least one child under 2 (or whose age is not known:
a notification may name the baby's older siblings too), and a care leaver's death is never sudi.
"""

from datetime import date
from pathlib import Path

import pytest
import time_machine

from cspr.cases.forms.words import friendly
from cspr.cases.models import Notification
from cspr.domain.standard import Problems, parse_csv
from cspr.domain.standard_rules import check_children, check_notification
from tests import factories
from tests.api.conftest import problem, token_for  # noqa: F401, F811 - token_for is a fixture
from tests.cases.commands import imported, refused
from tests.cases.rows import csv_bytes, valid_row
from tests.service.test_page_correct_notification import answers
from tests.service.test_page_correct_notification import url as correct_url
from tests.service.test_page_intake import (
    BIRMINGHAM,
    CHARACTERISTICS,
    a_child,
    dated,
    errors_on,
    then_i_am_sent_to,
    when_i_say_what_i_am_notifying,
    when_i_submit,
)
from tests.synth.data import text

SUDI = {"incident_type": "death", "harm_category": "", "death_category": "sudi"}
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def problems_of(values: dict, ages: list[int | None]) -> list:
    found = Problems("page", 100)
    children = [{"child_ref": f"C{i}", "age_years": age} for i, age in enumerate(ages)]
    check_notification(values, found, "notification", today=date(2025, 1, 1), la_check=lambda code, on: None)
    check_children(values, children, found, "notification")
    return found.items


# --- The rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ages", "refused_"),
    [
        ([0], False),
        ([1], False),
        ([2], True),
        ([5, 9], True),
        ([5, 1], False),  # the baby and an older sibling
        ([None], False),  # age not known
        ([7, None], False),
    ],
)
def test_a_sudi_death_needs_a_child_under_2(ages, refused_):
    found = problems_of({"notification_kind": "serious_incident", "incident_type": "death", **SUDI}, ages)
    assert [(p.column, refused_) for p in found] == ([("death_category", True)] if refused_ else [])
    if refused_:
        assert "no child is under 2" in found[0].message
        assert friendly(found[0]).startswith("Sudden unexpected death in infancy is the category only for a child")


def test_another_category_is_not_limited_by_age():
    assert problems_of({"incident_type": "death", "death_category": "suicide"}, [15]) == []


def test_a_care_leavers_death_is_never_sudi():
    found = problems_of({"notification_kind": "care_leaver_death", **SUDI}, [24])
    assert [(p.column, p.message.split(":")[0]) for p in found] == [
        ("death_category", "cannot be sudi for a care_leaver_death")
    ]
    assert friendly(found[0]) == (
        "Sudden unexpected death in infancy cannot be the category of a care leaver's death: choose another category"
    )


# --- The intake ----------------------------------------------------------------------------------


@pytest.fixture
def frozen_today():
    with time_machine.travel(date(2025, 3, 14), tick=False):
        yield


def when_i_notify_a_death(client, kind: str):
    when_i_say_what_i_am_notifying(client, kind)
    then_i_am_sent_to(when_i_submit(client, "intake_local_authority", {"la_code": BIRMINGHAM}), "intake_dates")
    dates = {
        **dated("incident_date", date(2025, 3, 7)),
        **dated("aware_date", date(2025, 3, 10)),
        **dated("notified_date", date(2025, 3, 12)),
    }
    if kind == "serious_incident":
        then_i_am_sent_to(when_i_submit(client, "intake_dates", dates), "intake_type")
        then_i_am_sent_to(when_i_submit(client, "intake_type", {"incident_type": "death"}), "intake_category")
    else:  # a death kind is a death: the type is not asked
        then_i_am_sent_to(when_i_submit(client, "intake_dates", dates), "intake_category")


def test_the_category_page_does_not_offer_sudi_for_a_care_leaver(people, client_for, frozen_today):
    client = client_for(people["alice"])
    when_i_notify_a_death(client, "care_leaver_death")
    page = client.get("/record-a-notification/category/").content.decode()
    assert 'value="suicide"' in page and 'value="sudi"' not in page
    response = when_i_submit(client, "intake_category", {"category": "sudi"})
    assert response.status_code == 200 and "Select" in errors_on(response)


def test_a_sudi_death_of_a_five_year_old_is_refused_on_the_category_page(people, client_for, frozen_today):
    client = client_for(people["alice"])
    when_i_notify_a_death(client, "serious_incident")
    then_i_am_sent_to(when_i_submit(client, "intake_category", {"category": "sudi"}), "intake_characteristics")
    then_i_am_sent_to(when_i_submit(client, "intake_characteristics", CHARACTERISTICS), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_child_add", a_child(age_years="5")), "intake_children")
    # The children page says it once the children are complete (fix-intakepages: no longer only on
    # check your answers; tests/cases/test_fixintakepages_sudi_and_late_words.py follows the check page's link).
    response = when_i_submit(client, "intake_children", {"add_another": "no"})
    assert response.status_code == 200
    assert "Sudden unexpected death in infancy is the category only for a child under 2" in errors_on(response)
    assert not Notification.objects.exists()
    # The category page says it beside the category.
    response = when_i_submit(client, "intake_category", {"category": "sudi"})
    assert response.status_code == 200
    assert "Sudden unexpected death in infancy is the category only" in errors_on(response)


def test_a_correction_that_makes_the_only_baby_older_is_refused(people, client_for):
    n = factories.notification("SUDI-2", **SUDI)
    response = client_for(people["alice"]).post(correct_url(n.ref), answers(n) | {"child0-age_years": "3"})
    assert response.status_code == 200
    assert "Sudden unexpected death in infancy is the category only for a child under 2" in errors_on(response)
    assert n.children.get().age_years == 0


def test_the_correction_page_does_not_offer_sudi_for_a_care_leaver(people, client_for):
    n = factories.notification(
        "CL-1",
        notification_kind="care_leaver_death",
        incident_type="death",
        harm_category="",
        death_category="suicide",
        age_years="20",
    )
    page = client_for(people["alice"]).get(correct_url(n.ref)).content.decode()
    assert 'value="suicide"' in page and 'value="sudi"' not in page


# --- cspr import and the API ---------------------------------------------------------------------


def test_the_import_names_the_line_and_the_category(db, tmp_path):
    path = tmp_path / "deaths.csv"
    path.write_bytes(
        csv_bytes(
            [
                valid_row(notification_ref="D-1", **SUDI),
                valid_row(notification_ref="D-2", **SUDI, age_years="6"),
                valid_row(notification_ref="D-2", **SUDI, age_years="4", child_ref="C2"),
                valid_row(notification_ref="D-3", **SUDI, notification_kind="care_leaver_death", age_years="24"),
            ]
        )
    )
    said = refused(path)
    assert f"{path}:3: death_category: is sudi (sudden unexpected death in infancy), but no child is under 2" in said
    assert f"{path}:5: death_category: cannot be sudi for a care_leaver_death" in said
    assert ":2:" not in said and said.count("death_category") == 2
    assert not Notification.objects.exists()


def test_the_api_refuses_a_sudi_death_with_no_baby(people, token_for):  # noqa: F811 - the fixture imported above
    body = {
        "notification_ref": "API-SUDI-1",
        "la_code": "E08000025",
        "incident_date": "2020-03-02",
        "aware_date": "2020-03-03",
        "notified_date": "2020-03-05",
        "incident_type": "death",
        "death_category": "sudi",
        "children": [{"child_ref": "C1", "gender": "female", "age_years": 8, "ethnicity": "WBRI"}],
    }
    found = problem(token_for("alice").post("/api/v1/notifications", body))
    assert found["status"] == 422
    assert found["errors"][0]["field"] == "death_category"
    assert "no child is under 2" in found["errors"][0]["message"]
    body["children"][0]["age_years"] = 1
    assert token_for("alice").post("/api/v1/notifications", body).status_code == 201


# --- The examples and the synthetic data keep to it ----------------------------------------------


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.csv")), ids=lambda p: p.name)
def test_the_examples_still_import(db, path):
    assert "nothing was imported" not in imported(path)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_synthetic_data_never_has_a_sudi_death_without_a_baby(seed):
    # Every kind of notification, care leavers' deaths included (from 15 December 2023).
    generated = text("national", seed, "csv", (2023, 2024, 2025))
    records, found = parse_csv(generated.encode(), "synth.csv", today=date(2026, 6, 30), la_check=lambda c, on: None)
    assert records and not [str(p) for p in found if p.column == "death_category"]
    assert any(r.fields.get("death_category") == "sudi" for r in records), "the file has SUDI deaths to check"
