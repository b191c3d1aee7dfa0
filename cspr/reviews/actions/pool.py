"""Actions on the Panel's pool of reviewers and on appointments (Regulations 2018 regs 4 and 5).

The Panel keeps a pool of potential reviewers (reg 4(1)) and selects from it (reg 4(3)); the
Secretary of State confirms the appointment (reg 4(5)). A reviewer records the areas they must
not review once, in the pool; every appointment, to a national review or to a local review, is
checked against them here, and a case that would put an appointed reviewer in conflict cannot
join the review (cspr/reviews/actions/programme.py).
"""

from datetime import date

from cspr.core import audit, writes
from cspr.core.access import Role
from cspr.core.models import LocalAuthority, Partnership, User
from cspr.domain import deadlines
from cspr.domain.dates import long_date
from cspr.domain.national import conflicting_areas
from cspr.domain.refusal import Refused, not_before
from cspr.domain.workflow import WORK_PROGRAMME_OPEN, NationalReviewStatus, Workflow
from cspr.reviews.models import NationalReview, NationalReviewAppointment, PoolReviewer
from cspr.reviews.writes import move


def _name(user) -> str:
    return user.get_full_name() or user.username


def refuse_conflicts(reviewer, notifications, *, field: str) -> None:
    """Refuse when any case is in an area the reviewer must not review (their pool entry's conflicts).

    `notifications` are the cases the reviewer would review. A reviewer outside the pool has
    declared no conflicts here (reg 4(4) lets the Panel, and the partners, appoint others).
    """
    entry = PoolReviewer.objects.filter(user=reviewer).first()
    if entry is None:
        return
    conflicts = {f"la:{c}" for c in entry.conflict_local_authorities.values_list("pk", flat=True)}
    conflicts |= {f"partnership:{c}" for c in entry.conflict_partnerships.values_list("pk", flat=True)}
    areas = {}
    for n in notifications:
        areas[f"la:{n.local_authority_id}"] = n
        areas[f"partnership:{n.partnership_id}"] = n
    clashes = conflicting_areas(conflicts=conflicts, areas=set(areas))
    if not clashes:
        return
    kind, code = clashes[0].split(":", 1)
    place = (LocalAuthority if kind == "la" else Partnership).objects.get(pk=code).name
    why = f" ({entry.conflict_note.strip()})" if entry.conflict_note.strip() else ""
    raise Refused(
        field,
        f"{_name(reviewer)} must not review cases in {place}{why}, and case {areas[clashes[0]].ref} is there",
    )


@audit.action
def pool_reviewer_add(*, actor, user_id: int, expertise: str, joined_date: date, request=None) -> PoolReviewer:
    """The Panel adds an independent reviewer to its pool (reg 4(1))."""
    user = User.objects.select_for_update().get(pk=user_id)
    if user.role != Role.REVIEWER or not user.is_active:
        raise Refused("user", f"{_name(user)} is not an active independent reviewer")
    if PoolReviewer.objects.filter(user=user).exists():
        raise Refused("user", f"{_name(user)} is already in the pool")
    if not expertise.strip():
        raise Refused("expertise", "describe the reviewer's expertise, as the public pool will show it")
    entry = PoolReviewer.objects.create(user=user, expertise=expertise.strip(), joined_date=joined_date)
    audit.record_change(
        entry,
        actor=actor,
        action="pool_reviewer.add",
        changed_fields={"user": user.pk, "joined_date": joined_date.isoformat()},
        request=request,
    )
    return entry


@audit.action
def pool_reviewer_remove(*, actor, pool_reviewer_id: int, version: int | None, left_date: date, request=None):
    """The Panel removes a person from the pool (reg 5(1)): no new appointments from `left_date`.

    Their appointments stand: removing a reviewer from a review is the Secretary of State's
    act on the Panel's determination (reg 5(2)), not a consequence of leaving the pool.
    """
    entry = writes.lock(PoolReviewer, pool_reviewer_id, version)
    if entry.left_date is not None:
        raise Refused("left_date", f"{entry} left the pool on {long_date(entry.left_date)}")
    not_before(left_date, entry.joined_date, field="left_date", message="a reviewer cannot leave before joining")
    writes.save(entry, {"left_date": left_date})
    audit.record_change(
        entry,
        actor=actor,
        action="pool_reviewer.remove",
        changed_fields={"left_date": left_date.isoformat()},
        request=request,
    )
    return entry


@audit.action
def pool_reviewer_set_conflicts(
    *,
    actor,
    pool_reviewer_id: int,
    version: int | None,
    local_authority_codes: list[str],
    partnership_codes: list[str],
    note: str,
    request=None,
) -> PoolReviewer:
    """Record the areas a reviewer must not review, replacing what was recorded before.

    Refused when a reviewer is already appointed to an open national review with a case in a
    newly declared area: the Panel removes them from that review first (reg 5(2)).
    """
    entry = writes.lock(PoolReviewer, pool_reviewer_id, version)
    las = list(LocalAuthority.objects.filter(pk__in=local_authority_codes))
    partnerships = list(Partnership.objects.filter(pk__in=partnership_codes))
    unknown = sorted(set(local_authority_codes) - {a.pk for a in las}) + sorted(
        set(partnership_codes) - {p.pk for p in partnerships}
    )
    if unknown:
        raise Refused("areas", f"there is no local authority or partnership with the code {unknown[0]}")
    entry.conflict_local_authorities.set(las)
    entry.conflict_partnerships.set(partnerships)
    # Saved before the check, so a refusal gives the reason declared now (the refusal rolls it all back).
    writes.save(entry, {"conflict_note": note.strip()})
    open_reviews = NationalReview.objects.filter(appointments__reviewer=entry.user).exclude(
        status=NationalReviewStatus.PUBLISHED
    )
    for review in open_reviews:
        refuse_conflicts(entry.user, review.notifications.all(), field="areas")
    audit.record_change(
        entry,
        actor=actor,
        action="pool_reviewer.set_conflicts",
        changed_fields={
            "local_authorities": sorted(a.pk for a in las),
            "partnerships": sorted(p.pk for p in partnerships),
        },
        request=request,
    )
    return entry


def refuse_before_programme_year(review, commissioned: date, *, field: str) -> None:
    """Refuse a commissioning date before the first calendar year its work programme topic's year names.

    The earliest date the record holds that is a bound on what the Panel did. Not the day the
    review was entered (its first status event): a review can be recorded after the fact, as those
    recorded for history are, so that day may be later than the real commissioning. Not 1 April:
    the record does not say when a programme year starts, and a programme is agreed before its
    year begins. A review outside the work programme has no such date: only the date form's own
    floor (1900) applies. So a 2026-27 topic's review commissioned on 1 January 2000 is refused.
    """
    topic = review.programme_topic
    if topic is None:
        return
    earliest = date(int(topic.programme_year[:4]), 1, 1)
    not_before(
        commissioned,
        earliest,
        field=field,
        message=f"a national review under the {topic.programme_year} work programme topic {topic.title} "
        f"cannot be commissioned before {long_date(earliest)}",
    )


def refuse_closed_topic(review: NationalReview, *, refused: str = "takes no new cases") -> None:
    """Refuse new work on a review whose work programme topic is no longer open (WORK_PROGRAMME_OPEN).

    A withdrawn or reported topic takes no new cases, reviewers or commissioning, as it takes no
    new reviews; `refused` words what the review may not do. A topic is withdrawn or reported only
    once its reviews are closed (programme.`_refuse_open_reviews`), so this guards reviews left open
    under a topic closed before that rule. On its own field: the pages word a refusal on
    `national_review` as the review being published.
    """
    topic = review.programme_topic
    if topic is not None and topic.status not in WORK_PROGRAMME_OPEN:
        raise Refused(
            "programme_topic",
            f"the work programme topic {topic.title} is {topic.status.replace('_', ' ')}: "
            f"its national review {review.title} {refused}",
        )


@audit.action
def national_review_appoint_reviewer(
    *,
    actor,
    national_review_id: int,
    version: int | None,
    reviewer_id: int,
    confirmed_date: date,
    report_months: int = deadlines.NATIONAL_REVIEW_MONTHS,
    request=None,
) -> NationalReviewAppointment:
    """Record a reviewer's appointment to a national review, confirmed by the Secretary of State on `confirmed_date`.

    The reviewer must be in the pool and free of conflicts with every case in the review. The
    first confirmed appointment commissions a proposed review and starts its clock: the report
    is due `report_months` after the confirmation (domain/deadlines.py). Later appointments
    (another reviewer, or a replacement under reg 5(3)) leave the dates as they are.
    """
    review = writes.lock(NationalReview, national_review_id, version)
    if review.status == NationalReviewStatus.PUBLISHED:
        raise Refused("reviewer", "the national review is published: it needs no more reviewers")
    entry = PoolReviewer.objects.select_related("user").filter(user_id=reviewer_id).first()
    if entry is None or entry.left_date is not None:
        name = _name(entry.user) if entry else "This person"
        raise Refused("reviewer", f"{name} is not in the Panel's pool of reviewers")
    refuse_closed_topic(review, refused="takes no new reviewers")
    reviewer = entry.user
    if review.appointments.filter(reviewer=reviewer).exists():
        raise Refused("reviewer", f"{_name(reviewer)} is already appointed to this review")
    not_before(
        confirmed_date,
        entry.joined_date,
        field="confirmed_date",
        message="the appointment cannot be confirmed before the reviewer joined the pool",
    )
    not_before(
        confirmed_date,
        review.commissioned_date,
        field="confirmed_date",
        message="a further appointment cannot be confirmed before the review was commissioned",
    )
    refuse_conflicts(reviewer, review.notifications.all(), field="reviewer")
    if review.status == NationalReviewStatus.PROPOSED:  # the first confirmation is the commissioning date
        refuse_before_programme_year(review, confirmed_date, field="confirmed_date")
    appointment = NationalReviewAppointment.objects.create(
        national_review=review, reviewer=reviewer, confirmed_date=confirmed_date, recorded_by=actor
    )
    changes = {}
    if review.report_due_date is None:
        try:
            due = deadlines.national_review_report_due(confirmed_date, report_months)
        except ValueError as error:
            raise Refused("report_months", str(error)) from None
        changes = {"report_months": report_months, "report_due_date": due}
    to_status = None
    if review.status == NationalReviewStatus.PROPOSED:
        changes["commissioned_date"] = confirmed_date
        to_status = NationalReviewStatus.COMMISSIONED
    reason = f"Appointment of {_name(reviewer)} confirmed by the Secretary of State"
    from_status = review.status
    changed = move(
        review,
        Workflow.NATIONAL_REVIEW,
        actor=actor,
        changes=changes,
        to_status=to_status,
        reason=reason,
        audited=False,  # one event below, naming the reviewer as well as what the review's record gained
        refused_field="reviewer",
    )
    detail = {"reviewer": reviewer.pk, "confirmed_date": confirmed_date.isoformat()}
    detail |= {name: str(changes[name]) for name in changed if name in changes}
    if to_status:
        detail["status"] = [from_status, to_status]
    audit.record_change(
        review,
        actor=actor,
        action="national_review.appoint_reviewer",
        changed_fields=detail,
        reason=reason,
        request=request,
    )
    return appointment
