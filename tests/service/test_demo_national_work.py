"""`cspr demo` shows the Panel's national work: a work programme, a reviewer in the pool, a review with cases."""

from datetime import date

import pytest

from cspr.reviews.models import NationalReview, PoolReviewer, WorkProgrammeTopic
from cspr.service.national_demo import load_demo_national_work

pytestmark = pytest.mark.django_db


def test_the_demo_national_work_is_set_up_once_through_the_actions(cases, people):
    from cspr.core.models import AuditEvent

    kwargs = {
        "actor": people["sam"],
        "reviewer": people["rita"],
        "partnership": "birmingham",
        "today": date(2021, 1, 4),
    }
    topic = load_demo_national_work(**kwargs)
    assert (
        WorkProgrammeTopic.objects.count() == 3 and topic.status == "under_review" and topic.programme_year == "2020-21"
    )
    review = NationalReview.objects.get()
    # Both cases have a child under 1: the demo partnership's and another's.
    assert sorted(review.notifications.values_list("ref", flat=True)) == ["A-1", "B-1"]
    assert (review.status, review.report_due_date) == ("commissioned", date(2021, 7, 4))
    assert PoolReviewer.objects.get().user == people["rita"]
    assert AuditEvent.objects.filter(action="national_review.take_case").count() == 2
    assert load_demo_national_work(**kwargs) is None and NationalReview.objects.count() == 1
