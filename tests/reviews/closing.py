"""Case A's local review (tests/service/world.py) taken to its end through the actions: sent, then
published or not to be published. Shared by the tests of what a finished review refuses."""

from datetime import date

from cspr.reviews import actions
from cspr.reviews.models import PracticeReview


def the_review() -> PracticeReview:
    return PracticeReview.objects.get(notification__ref="A-1")


def given_the_final_report_was_sent(people):
    actions.practice_review_send_final_report(
        actor=people["alice"], practice_review_id=the_review().pk, version=None, final_report_date=date(2020, 9, 10)
    )


def given_the_review_was_published(people):
    given_the_final_report_was_sent(people)
    actions.practice_review_publish(
        actor=people["alice"],
        practice_review_id=the_review().pk,
        version=None,
        published_date=date(2020, 9, 20),
        final_report_url="https://example.org/review.pdf",
        outstanding_reason="Recorded before cspr",
    )


def given_the_partners_decided_not_to_publish(people):
    given_the_final_report_was_sent(people)
    actions.practice_review_record_not_published(
        actor=people["alice"], practice_review_id=the_review().pk, version=None, reason="The family asked us not to"
    )


CLOSE = {"published": given_the_review_was_published, "not_published": given_the_partners_decided_not_to_publish}
