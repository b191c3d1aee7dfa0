"""The notification list's queries do not grow with the register: ten years of national data stay fast."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db
SEARCHES = [{}, {"q": "SIN"}, {"overdue": "true", "status": "rapid_review_due", "type": "serious_harm"}]


def _register(n: int) -> None:
    factories.notifications(
        *(
            valid_row(notification_ref=f"SIN/2020/{i}", child_ref=f"C{i}", **({"la_code": "E09000001"} if i % 2 else {}))
            for i in range(n)
        )
    )


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("notification_list"), params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("params", SEARCHES, ids=["all", "search", "filters"])
def test_the_panels_list_makes_as_many_queries_for_200_notifications_as_for_10(
    client_for, people, params, django_assert_max_num_queries
):
    client = client_for(people["sam"])
    _register(10)
    few = _queries(client, params)
    _register_more = [valid_row(notification_ref=f"MORE/{i}", child_ref="C1") for i in range(190)]
    factories.notifications(*_register_more)
    with django_assert_max_num_queries(few):
        response = client.get(reverse("notification_list"), params)
    assert "200 notifications" in response.content.decode() or params
