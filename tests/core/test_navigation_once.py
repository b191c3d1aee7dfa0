"""The service navigation is worked out once per request, however often the layout asks for it."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cspr.core.models import User
from cspr.core.navigation import nav_items, navigation
from tests.service.personas import personas

pytestmark = pytest.mark.django_db


def test_the_layout_asking_twice_works_it_out_once():
    request = RequestFactory().get("/")
    request.user = User.objects.select_related("organisation").get(username=personas()["sam"].username)
    items = navigation(request)["service_nav_items"]
    first = items()
    with CaptureQueriesContext(connection) as queries:
        assert items() is first
    assert len(queries) == 0
    assert first == nav_items(request)
    assert {"text": "Notifications", "href": "/notifications/"} in first
