"""The Panel's work programme: topics, their status, and the national reviews under each."""

from datetime import date

import pytest

from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from tests.reviews.national import take, topic

pytestmark = pytest.mark.django_db


def test_a_new_topic_is_planned_and_audited(people):
    made = topic(people)
    assert (made.status, made.programme_year, made.version) == ("planned", "2020-21", 1)
    event = AuditEvent.objects.get(action="work_programme_topic.create")
    assert event.object_id == str(made.pk) and event.actor == people["sam"]


def test_a_topic_title_is_used_once(people):
    topic(people)
    with pytest.raises(Refused) as refused:
        topic(people, title="non-accidental injury in UNDER-1s")
    assert refused.value.field == "title"


def test_the_first_national_review_under_a_planned_topic_puts_it_under_review(people):
    made = topic(people)
    review = actions.national_review_create(
        actor=people["sam"], title="The myth of invisible men", programme_topic_id=made.pk
    )
    made.refresh_from_db()
    assert made.status == "under_review"
    assert (review.programme_topic, review.topic) == (made, "Non-accidental injury in under-1s")
    assert AuditEvent.objects.filter(action="work_programme_topic.move").count() == 1


def test_a_withdrawn_topic_takes_no_new_review(people):
    made = topic(people)
    actions.work_programme_topic_move(actor=people["sam"], topic_id=made.pk, version=1, to_status="withdrawn")
    with pytest.raises(Refused) as refused:
        actions.national_review_create(actor=people["sam"], title="Too late", programme_topic_id=made.pk)
    assert refused.value.field == "programme_topic" and "withdrawn" in refused.value.message


def test_a_topic_moves_only_as_the_table_allows(people):
    made = topic(people)
    with pytest.raises(Refused) as refused:
        actions.work_programme_topic_move(actor=people["sam"], topic_id=made.pk, version=1, to_status="reported")
    assert refused.value.message == "a work programme topic cannot move from planned to reported"


def test_a_topic_is_reported_only_once_a_review_under_it_is_published(people, cases):
    made = topic(people)
    review = actions.national_review_create(actor=people["sam"], title="Invisible men", programme_topic_id=made.pk)
    made.refresh_from_db()
    with pytest.raises(Refused, match="has been published"):
        actions.work_programme_topic_move(
            actor=people["sam"], topic_id=made.pk, version=made.version, to_status="reported"
        )
    take(people, review, cases["A"])
    actions.national_review_commission(
        actor=people["sam"], national_review_id=review.pk, version=None, commissioned_date=date(2020, 5, 1)
    )
    actions.national_review_publish(
        actor=people["sam"], national_review_id=review.pk, version=None, published_date=date(2020, 9, 1)
    )
    actions.work_programme_topic_move(actor=people["sam"], topic_id=made.pk, version=made.version, to_status="reported")
    made.refresh_from_db()
    assert made.status == "reported"
    assert list(made.national_reviews.values_list("notifications__ref", flat=True)) == ["A-1"]


def test_a_stale_topic_move_is_refused(people):
    made = topic(people)
    actions.work_programme_topic_move(actor=people["sam"], topic_id=made.pk, version=1, to_status="under_review")
    with pytest.raises(Refused, match="changed by someone else"):
        actions.work_programme_topic_move(actor=people["sam"], topic_id=made.pk, version=1, to_status="withdrawn")
