"""The Panel's national work in `cspr demo`: a work programme, the demo reviewer in the pool, and a
national review under the first topic gathering synthetic cases from the demo partnership and others.

Everything goes through the actions, so the demo's audit trail and status events are real.
"""

from datetime import date, timedelta

from cspr.cases.models import Notification
from cspr.reviews import actions
from cspr.reviews.models import WorkProgrammeTopic

# The Panel's published themes (process.md §4): the topics a demo work programme names.
TOPICS = (
    ("Non-accidental injury in children under 1", "Men in the household unseen by the services around the baby."),
    ("Criminal exploitation of adolescents", "Children drawn into county lines and serious youth violence."),
    ("Children not visible to schools", "Children electively home educated or missing education."),
)

DEMO_REVIEW_TITLE = "Demonstration review: non-accidental injury in infants"


def load_demo_national_work(*, actor, reviewer, partnership: str, today: date) -> WorkProgrammeTopic | None:
    """Set up the demo's national work once (nothing when the work programme already has topics); the first topic."""
    if WorkProgrammeTopic.objects.exists():
        return None
    year = f"{today.year - 1}-{str(today.year)[2:]}"
    topics = [
        actions.work_programme_topic_create(actor=actor, title=title, programme_year=year, summary=summary)
        for title, summary in TOPICS
    ]
    infants = (
        Notification.objects.filter(children__age_years=0, aware_date__lte=today).distinct().order_by("-aware_date")
    )
    cases = list(infants.filter(partnership_id=partnership)[:2]) + list(infants.exclude(partnership_id=partnership)[:2])
    # A title no real review has: the Panel's own national reviews (process.md §4) are published documents, and
    # the demo's dates and synthetic cases must not be read as theirs.
    review = actions.national_review_create(actor=actor, title=DEMO_REVIEW_TITLE, programme_topic_id=topics[0].pk)
    for case in cases:
        actions.national_review_take_case(
            actor=actor,
            national_review_id=review.pk,
            version=None,
            notification_id=case.pk,
            criteria=["improvements", "recurrent_themes"],
            reasons="An infant injured where a man in the household was unknown to the services (synthetic).",
            decided_date=today,
        )
    actions.pool_reviewer_add(
        actor=actor,
        user_id=reviewer.pk,
        expertise="Infant injury, health visiting and the role of fathers (synthetic).",
        joined_date=today - timedelta(days=365),
    )
    actions.national_review_appoint_reviewer(
        actor=actor, national_review_id=review.pk, version=None, reviewer_id=reviewer.pk, confirmed_date=today
    )
    topics[0].refresh_from_db()  # under review now that a review started under it
    return topics[0]
