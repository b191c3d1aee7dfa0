"""Find a case: the notification list searches and filters within the person's scope."""

import pytest
from django.urls import reverse

from cspr.cases.models import CaseShare, Notification
from cspr.core.models import AuditEvent
from tests import factories
from tests.cases.rows import valid_row
from tests.module_world import module_world
from tests.service.personas import personas
from tests.service.world import world_people  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
LIST = reverse("notification_list")


def refs_on(response) -> list[str]:
    """The references the page lists, in order."""
    events = AuditEvent.objects.filter(action="notification.list").order_by("-pk")
    return events.first().changed_fields["refs"] if response.status_code == 200 else []


def build_register() -> dict[str, int]:
    """The personas, then three cases: two in Birmingham (alice's), one in the City of London (bob's)."""
    personas()
    made = factories.notifications(
        valid_row(notification_ref="BHM/2020/1", child_ref="KID-42", notified_date="2020-03-05"),
        valid_row(
            notification_ref="BHM/2021/2",
            incident_type="death",
            harm_category="",
            death_category="sudi",
            incident_date="2021-06-01",
            aware_date="2021-06-01",
            notified_date="2021-06-02",
            rr_submitted_date="2021-06-10",
            rr_lcspr_recommended="yes",
            rr_national_review="no",
        ),
        valid_row(notification_ref="CITY/2020/9", la_code="E09000001", notified_date="2020-03-06"),
    )
    return {ref: notification.pk for ref, notification in made.items()}


@pytest.fixture(scope="module")
def world(request):
    """Built once for the module (tests/module_world.py); each test is rolled back to it."""
    yield from module_world(request, build_register)


@pytest.fixture
def register(db, world):
    found = Notification.objects.in_bulk(world.values())
    return {ref: found[pk] for ref, pk in world.items()}


def test_a_whole_reference_typed_opens_the_case(client_for, people, register):
    response = client_for(people["sam"]).get(LIST, {"q": "BHM/2021/2"})
    assert response.status_code == 302
    assert response.url == reverse("notification_detail", args=["BHM/2021/2"])


def test_a_reference_outside_the_persons_scope_is_not_found_or_opened(client_for, people, register):
    response = client_for(people["alice"]).get(LIST, {"q": "CITY/2020/9"})
    assert response.status_code == 200
    assert refs_on(response) == []
    assert "No notifications found" in response.content.decode()


def test_part_of_a_reference_lists_the_matching_cases(client_for, people, register):
    assert refs_on(client_for(people["sam"]).get(LIST, {"q": "2020"})) == ["CITY/2020/9", "BHM/2020/1"]


def test_a_childs_reference_finds_the_case_it_belongs_to(client_for, people, register):
    assert refs_on(client_for(people["sam"]).get(LIST, {"q": "kid-42"})) == ["BHM/2020/1"]


def test_a_local_authority_by_name_or_code(client_for, people, register):
    client = client_for(people["sam"])
    assert refs_on(client.get(LIST, {"q": "city of london"})) == ["CITY/2020/9"]
    assert refs_on(client.get(LIST, {"q": "E08000025"})) == ["BHM/2021/2", "BHM/2020/1"]


def test_filters_by_notified_dates(client_for, people, register):
    client = client_for(people["sam"])
    dates = {"notified_from-day": "6", "notified_from-month": "3", "notified_from-year": "2020"}
    assert refs_on(client.get(LIST, dates)) == ["BHM/2021/2", "CITY/2020/9"]
    dates |= {"notified_to-day": "31", "notified_to-month": "12", "notified_to-year": "2020"}
    assert refs_on(client.get(LIST, dates)) == ["CITY/2020/9"]


def test_a_wrong_date_is_shown_as_an_error_and_filters_nothing(client_for, people, register):
    response = client_for(people["sam"]).get(
        LIST, {"notified_from-day": "31", "notified_from-month": "2", "notified_from-year": "2020"}
    )
    page = response.content.decode()
    assert "There is a problem" in page and "Notified on or after must be a real date" in page
    assert len(refs_on(response)) == 3


def test_dates_in_the_wrong_order_are_refused(client_for, people, register):
    response = client_for(people["sam"]).get(
        LIST,
        {
            **{"notified_from-day": "1", "notified_from-month": "1", "notified_from-year": "2021"},
            **{"notified_to-day": "1", "notified_to-month": "1", "notified_to-year": "2020"},
        },
    )
    assert "Notified on or before must be the same as or after the notified on or after date" in response.content.decode()


def test_filters_by_partnership_status_and_type(client_for, people, register):
    client = client_for(people["sam"])
    city = register["CITY/2020/9"].partnership_id
    assert refs_on(client.get(LIST, {"partnership": city})) == ["CITY/2020/9"]
    assert refs_on(client.get(LIST, {"status": "rapid_review_submitted"})) == ["BHM/2021/2"]
    assert refs_on(client.get(LIST, {"type": "death"})) == ["BHM/2021/2"]
    assert refs_on(client.get(LIST, {"type": "death", "status": "rapid_review_due"})) == []


def test_overdue_keeps_the_cases_with_an_overdue_item(client_for, people, register):
    # The rapid reviews of 2020 not yet submitted are long overdue; the submitted one is not.
    assert refs_on(client_for(people["sam"]).get(LIST, {"overdue": "true"})) == ["CITY/2020/9", "BHM/2020/1"]


def test_shared_with_me_keeps_the_cases_another_partnership_shared(client_for, people, register):
    city = register["CITY/2020/9"]
    CaseShare.objects.create(
        notification=city,
        partnership_id=people["alice"].partnership_id,
        shared_by=people["bob"],
        shared_at=city.created_at,
        reason="the child lives in Birmingham",
    )
    client = client_for(people["alice"])
    assert len(refs_on(client.get(LIST))) == 3
    assert refs_on(client.get(LIST, {"shared": "true"})) == ["CITY/2020/9"]


def test_the_panel_is_not_offered_shared_with_me(client_for, people, register):
    assert 'name="shared"' not in client_for(people["sam"]).get(LIST).content.decode()
    assert 'name="shared"' in client_for(people["alice"]).get(LIST).content.decode()


def test_a_choice_the_page_never_offered_filters_nothing(client_for, people, register):
    response = client_for(people["sam"]).get(LIST, {"status": "open", "type": "fire"})
    assert len(refs_on(response)) == 3 and "There is a problem" not in response.content.decode()


def test_the_list_page_writes_one_view_event(client_for, people, register):
    before = AuditEvent.objects.filter(action="notification.list").count()
    client_for(people["sam"]).get(LIST, {"q": "BHM"})
    assert AuditEvent.objects.filter(action="notification.list").count() == before + 1


def test_the_csv_download_has_the_same_cases_as_the_list(client_for, people, register):
    response = client_for(people["sam"]).get(reverse("notification_list_csv"), {"q": "2020"})
    rows = b"".join(response.streaming_content).decode().splitlines()[1:]
    assert sorted(row.split(",")[0] for row in rows) == ["BHM/2020/1", "CITY/2020/9"]
