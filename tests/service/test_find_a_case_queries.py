"""The notification list's queries do not grow with the register: ten years of national data stay fast."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db
LIST = reverse("notification_list")
# Each search matches every notification made below, so the page really holds more rows.
SEARCHES = [{}, {"q": "SIN"}, {"overdue": "true", "status": "rapid_review_due", "type": "serious_harm"}]


def _register(start: int, stop: int) -> None:
    # Half Birmingham's, half the City of London's; every rapid review long overdue.
    factories.notifications(
        *(
            valid_row(notification_ref=f"SIN/2020/{i}", **({"la_code": "E09000001"} if i % 2 else {}))
            for i in range(start, stop)
        )
    )


@pytest.mark.parametrize("params", SEARCHES, ids=["everything", "search", "filters"])
def test_the_panels_list_makes_no_more_queries_for_200_notifications_than_for_10(
    client_for, people, params, django_assert_max_num_queries
):
    client = client_for(people["sam"])
    _register(0, 10)
    with CaptureQueriesContext(connection) as ten:
        assert "10 notifications" in client.get(LIST, params).content.decode()
    _register(10, 200)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        assert "200 notifications" in client.get(LIST, params).content.decode()
