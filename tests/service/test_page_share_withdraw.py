"""The Panel secretariat withdraws a share of a case; the partnership no longer sees it."""

import pytest
from django.urls import reverse

from cspr.cases import actions
from cspr.cases.models import CaseShare
from cspr.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(cases, people):
    """Case A (Birmingham's) shared with the City of London, bob's partnership."""
    actions.case_share(
        actor=people["alice"], notification_id=cases["A"].pk, partnership_id="city-and-hackney", reason="Home authority"
    )
    return cases["A"]


def test_the_secretariat_withdraws_a_share_with_a_reason(shared, people, client_for):
    sam = client_for(people["sam"])
    url = reverse("case_share_withdraw", args=[shared.ref])
    page = sam.get(url).content.decode()
    assert "Which partnership should no longer see this case?" in page
    response = sam.post(url, {"partnership": "city-and-hackney", "reason": "Not the child's home authority"})
    assert response.status_code == 302 and response["Location"] == reverse("notification_detail", args=[shared.ref])
    assert not CaseShare.objects.filter(notification=shared).exists()
    event = AuditEvent.objects.filter(action="notification.share_withdraw").get()
    assert (event.object_id, event.reason) == (shared.ref, "Not the child's home authority")
    assert client_for(people["bob"]).get(reverse("notification_detail", args=[shared.ref])).status_code == 404


def test_a_withdrawal_needs_a_reason_and_a_partnership(shared, people, client_for):
    response = client_for(people["sam"]).post(reverse("case_share_withdraw", args=[shared.ref]), {"reason": ""})
    page = response.content.decode()
    assert "Select the partnership whose share you are withdrawing" in page
    assert "Enter why you are withdrawing the share" in page
    assert CaseShare.objects.filter(notification=shared).exists()


def test_the_case_page_offers_the_withdrawal_to_the_secretariat_only(shared, people, client_for):
    url = reverse("case_share_withdraw", args=[shared.ref])
    assert url in client_for(people["sam"]).get(reverse("notification_detail", args=[shared.ref])).content.decode()
    assert (
        url not in client_for(people["alice"]).get(reverse("notification_detail", args=[shared.ref])).content.decode()
    )


def test_a_case_shared_with_no_one_has_nothing_to_withdraw(cases, people, client_for):
    response = client_for(people["sam"]).get(reverse("case_share_withdraw", args=[cases["B"].ref]))
    assert response.status_code == 200 and "This case is not shared" in response.content.decode()
