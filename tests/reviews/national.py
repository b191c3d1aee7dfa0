"""Shared set-up for the tests of the Panel's national work: personas, cases A and B, a pool and a topic."""

from datetime import date

from cspr.reviews import actions
from cspr.reviews.models import NationalReview


def pool(people, **conflicts):
    """rita and ron in the Panel's pool; `conflicts` maps a persona to (la codes, partnership codes)."""
    entries = {}
    for name in ("rita", "ron"):
        entry = actions.pool_reviewer_add(
            actor=people["sam"], user_id=people[name].pk, expertise=f"{name}'s expertise", joined_date=date(2019, 1, 7)
        )
        if name in conflicts:
            las, partnerships = conflicts[name]
            entry = actions.pool_reviewer_set_conflicts(
                actor=people["sam"],
                pool_reviewer_id=entry.pk,
                version=None,
                local_authority_codes=list(las),
                partnership_codes=list(partnerships),
                note="worked there until 2019",
            )
        entries[name] = entry
    return entries


def topic(people, title="Non-accidental injury in under-1s"):
    return actions.work_programme_topic_create(actor=people["sam"], title=title, programme_year="2020-21")


def take(people, review, case, *, criteria=("improvements",), when=date(2020, 4, 20), reasons="A recurrent pattern"):
    return actions.national_review_take_case(
        actor=people["sam"],
        national_review_id=review.pk,
        version=None,
        notification_id=case.pk,
        criteria=list(criteria),
        reasons=reasons,
        decided_date=when,
    )


def appointed_review(people, cases):
    """Case A taken into a review, ron appointed (confirmed 4 May 2020), so the review is commissioned."""
    made = actions.national_review_create(actor=people["sam"], title="Out of routine", topic="SUDI")
    take(people, made, cases["A"])
    pool(people)
    actions.national_review_appoint_reviewer(
        actor=people["sam"],
        national_review_id=made.pk,
        version=None,
        reviewer_id=people["ron"].pk,
        confirmed_date=date(2020, 5, 4),
    )
    return NationalReview.objects.get(pk=made.pk)
