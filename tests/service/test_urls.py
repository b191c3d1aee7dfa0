"""References may contain "/": a reference ending in a page's name still opens its own record."""

import pytest
from django.urls import resolve, reverse

from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db


def test_a_reference_ending_in_a_page_name_is_not_mistaken_for_that_page(people, client_for):
    factories.notifications(valid_row(notification_ref="X"), valid_row(notification_ref="X/share"))
    assert resolve("/notifications/X/share/").url_name == "notification_detail"
    assert resolve("/notifications/X/share/").kwargs == {"ref": "X/share"}
    assert resolve(reverse("case_share", args=["X"])).kwargs == {"ref": "X"}
    page = client_for(people["alice"]).get(reverse("notification_detail", args=["X/share"]))
    assert page.status_code == 200 and "X/share" in page.content.decode()


def test_every_case_page_resolves_for_a_reference_with_slashes():
    for name in ("rapid_review_edit", "panel_response", "case_share", "lcspr_detail", "lcspr_publish"):
        url = reverse(name, args=["SIN/2020/00007"])
        assert "/~/" in url
        match = resolve(url)
        assert match.url_name == name and match.kwargs == {"ref": "SIN/2020/00007"}
