"""Learning tied to a case, read from the case's pages and the repository's, without the shared repository.

These tests start from the personas and cases A and B only, built once for the module
(tests/module_world.py): each adds the reviews it needs, and its writes are rolled back before
the next. The panel test needs no other review with the themes it checks, so the four reviews of
test_page_learning.py's world are not here.
"""

import pytest
from django.urls import reverse

from cspr.core.models import AuditEvent
from tests.service.test_page_learning import SEARCH, add, page
from tests.service.world import world, world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_title_is_escaped(people, client_for):
    add(people["sam"], title="<img src=x onerror=alert(1)> review")
    html = page(client_for(people["alice"]), SEARCH)
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_reading_a_review_from_the_register_is_audited_and_links_to_the_case(cases, people, client_for):
    review = add(people["sam"], title="Child A-1 review", notification_ref=cases["A"].ref)
    url = reverse("learning_review_detail", args=[review.pk])
    html = page(client_for(people["alice"]), url)
    assert reverse("notification_detail", args=[cases["A"].ref]) in html
    assert (
        AuditEvent.objects.filter(
            action="learning.review.view",
            actor=people["alice"],
            object_type="notification",
            object_id=cases["A"].ref,
            changed_fields={"review": review.pk},
        ).count()
        == 1
    )
    # bob may read the published review, but not the case it came from.
    html = page(client_for(people["bob"]), url)
    assert reverse("notification_detail", args=[cases["A"].ref]) not in html
    # The case's access report lists both reads of its learning.
    report = page(client_for(people["adam"]), reverse("access_report", args=[cases["A"].ref]))
    assert report.count("learning.review.view") == 2 and "Alice" in report and "Bob" in report


def test_reading_case_learning_on_any_page_is_audited(cases, people, client_for):
    review = add(
        people["sam"],
        title="Child A-1 review",
        notification_ref=cases["A"].ref,
        recommendations=[{"text": "Share information early.", "status": "open"}],
    )
    client = client_for(people["sam"])
    page(client, reverse("learning_recommendation_detail", args=[review.recommendations.get().pk]))
    page(client, reverse("learning_review_coding", args=[review.pk]))
    assert AuditEvent.objects.filter(action="learning.review.view", actor=people["sam"]).count() == 2


def test_the_case_panel_names_only_what_the_reader_may_read(people, client_for):
    """A Panel member must not learn a draft rapid review's themes, nor anyone the case's flags, from the panel."""
    from tests import factories

    case = factories.notification("D-1", domestic_abuse="yes")
    add(people["sam"], title="Baby D review", characteristics=["domestic_abuse"], themes=["information_sharing"])
    from cspr.reviews import actions as case_actions

    rapid_review = case.rapid_review
    case_actions.rapid_review_save(
        actor=people["alice"],
        rapid_review_id=rapid_review.pk,
        version=rapid_review.version,
        changes={},
        themes=["information_sharing"],
    )
    url = reverse("notification_detail", args=[case.ref])
    # The partnership's own staff read everything about their case.
    own = page(client_for(people["alice"]), url)
    assert "domestic abuse" in own.lower() and "information in a timely" in own.lower()
    # The Panel knows the notification's characteristics, but the rapid review is still a draft.
    panel = page(client_for(people["pat"]), url)
    assert "Baby D review" in panel and "domestic abuse" in panel.lower()
    assert "information in a timely" not in panel.lower()
    # The assigned reviewer of another case, or a partnership it is shared with, sees neither.
    from cspr.cases.actions import case_share

    case_share(actor=people["alice"], notification_id=case.pk, partnership_id="city-and-hackney", reason="moved")
    shared = page(client_for(people["bob"]), url)
    panel_text = shared.split('aria-labelledby="similar-reviews-heading"')[1].lower()
    assert "domestic abuse" not in panel_text and "information in a timely" not in panel_text
