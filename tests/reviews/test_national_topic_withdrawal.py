"""A work programme topic is withdrawn only once its national reviews are closed, and a review under a
closed topic is not commissioned nor given a reviewer (docs/national-work.md, "A closed topic takes nothing new")."""

from datetime import date

import pytest
from django.urls import reverse

from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import NationalReview, WorkProgrammeTopic
from tests.reviews.national import pool, take, topic

pytestmark = pytest.mark.django_db


def _withdraw(people, made, **extra):
    return actions.work_programme_topic_move(
        actor=people["sam"], topic_id=made.pk, version=None, to_status="withdrawn", reason="Covered elsewhere", **extra
    )


def _review(people, made, title):
    return actions.national_review_create(actor=people["sam"], title=title, programme_topic_id=made.pk)


def test_a_topic_with_open_reviews_is_not_withdrawn_and_the_refusal_names_them(people, cases):
    made = topic(people)
    _review(people, made, "Invisible men")
    second = _review(people, made, "Out of routine")
    take(people, second, cases["A"])
    pool(people)
    actions.national_review_appoint_reviewer(
        actor=people["sam"],
        national_review_id=second.pk,
        version=None,
        reviewer_id=people["ron"].pk,
        confirmed_date=date(2020, 5, 4),
    )
    with pytest.raises(Refused) as refused:
        _withdraw(people, made)
    assert refused.value.field == "status"
    assert refused.value.message == (
        "the topic Non-accidental injury in under-1s cannot be withdrawn while its national reviews are open: "
        "Invisible men (proposed); Out of routine (commissioned). Close them (record that they were published) first"
    )
    assert WorkProgrammeTopic.objects.get(pk=made.pk).status == "under_review"
    assert not AuditEvent.objects.filter(action="work_programme_topic.move", reason="Covered elsewhere").exists()


def test_a_topic_is_withdrawn_once_its_reviews_are_closed(people, cases):
    made = topic(people)
    review = _review(people, made, "Invisible men")
    take(people, review, cases["A"])
    actions.national_review_commission(
        actor=people["sam"], national_review_id=review.pk, version=None, commissioned_date=date(2020, 5, 1)
    )
    actions.national_review_publish(
        actor=people["sam"], national_review_id=review.pk, version=None, published_date=date(2020, 9, 1)
    )
    assert _withdraw(people, made).status == "withdrawn"


def test_the_status_page_shows_the_refusal_against_the_status(people, client):
    made = topic(people)
    _review(people, made, "Invisible men")
    made.refresh_from_db()
    client.force_login(people["sam"])
    page = client.post(
        reverse("work_programme_topic_status", args=[made.pk]), {"version": made.version, "status": "withdrawn"}
    )
    assert page.status_code == 200
    assert "cannot be withdrawn while its national reviews are open: Invisible men (proposed)" in page.content.decode()


@pytest.fixture
def left_open(people, cases):
    """A proposed review, with case A, under a topic withdrawn before the rule above (as older data holds it)."""
    made = topic(people)
    review = _review(people, made, "Invisible men")
    take(people, review, cases["A"])
    WorkProgrammeTopic.objects.filter(pk=made.pk).update(status="withdrawn")
    pool(people)
    return NationalReview.objects.get(pk=review.pk)


def test_a_review_under_a_withdrawn_topic_is_not_commissioned(people, left_open):
    with pytest.raises(Refused) as refused:
        actions.national_review_commission(
            actor=people["sam"], national_review_id=left_open.pk, version=None, commissioned_date=date(2020, 5, 1)
        )
    assert refused.value.field == "programme_topic"
    assert refused.value.message == (
        "the work programme topic Non-accidental injury in under-1s is withdrawn: "
        "its national review Invisible men cannot be commissioned"
    )
    assert NationalReview.objects.get(pk=left_open.pk).status == "proposed"


def test_a_review_under_a_withdrawn_topic_takes_no_reviewer_by_the_action_itself(people, left_open):
    """Not only its page: the API, an import or a script calling the action is refused too."""
    with pytest.raises(Refused) as refused:
        actions.national_review_appoint_reviewer(
            actor=people["sam"],
            national_review_id=left_open.pk,
            version=None,
            reviewer_id=people["ron"].pk,
            confirmed_date=date(2020, 5, 4),
        )
    assert refused.value.field == "programme_topic"
    assert refused.value.message.endswith("its national review Invisible men takes no new reviewers")
    assert not NationalReview.objects.get(pk=left_open.pk).appointments.exists()


def test_the_pages_of_a_review_under_a_withdrawn_topic_offer_no_appointment_or_commissioning(people, left_open, client):
    client.force_login(people["sam"])
    detail = client.get(reverse("national_review_detail", args=[left_open.pk])).content.decode()
    assert "is withdrawn: this review takes no new cases or reviewers" in detail
    for offered in ("Record a reviewer", "Record that it was commissioned", "Take a case"):
        assert offered not in detail
    for name, refused in (
        ("national_review_appoint", "takes no new reviewers"),
        ("national_review_commission", "cannot be commissioned"),
    ):
        url = reverse(name, args=[left_open.pk])
        assert refused in client.get(url).content.decode()
        form = {"version": left_open.version, "reviewer": str(people["ron"].pk), "report_months": "6"}
        form |= {"confirmed_date-day": "4", "confirmed_date-month": "5", "confirmed_date-year": "2020"}
        form |= {"commissioned_date-day": "4", "commissioned_date-month": "5", "commissioned_date-year": "2020"}
        assert refused in client.post(url, form).content.decode()
    left_open.refresh_from_db()
    assert left_open.status == "proposed" and not left_open.appointments.exists()


def test_a_topic_is_not_reported_while_another_review_under_it_is_open(people, cases, client):
    """One review published is not enough: reporting would strand the other, uncommissionable and unpublishable."""
    made = topic(people)
    published = _review(people, made, "Invisible men")
    take(people, published, cases["A"])
    actions.national_review_commission(
        actor=people["sam"], national_review_id=published.pk, version=None, commissioned_date=date(2020, 5, 1)
    )
    actions.national_review_publish(
        actor=people["sam"], national_review_id=published.pk, version=None, published_date=date(2020, 9, 1)
    )
    take(people, _review(people, made, "Out of routine"), cases["B"])
    with pytest.raises(Refused) as refused:
        actions.work_programme_topic_move(
            actor=people["sam"], topic_id=made.pk, version=None, to_status="reported", reason="Report out"
        )
    assert refused.value.field == "status"
    assert refused.value.message == (
        "the topic Non-accidental injury in under-1s cannot be reported while its national reviews are open: "
        "Out of routine (proposed). Close them (record that they were published) first"
    )
    made.refresh_from_db()
    assert made.status == "under_review"
    client.force_login(people["sam"])
    page = client.post(
        reverse("work_programme_topic_status", args=[made.pk]), {"version": made.version, "status": "reported"}
    )
    assert "cannot be reported while its national reviews are open: Out of routine (proposed)" in page.content.decode()
