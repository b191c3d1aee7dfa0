"""Reminders of overdue actions on review recommendations, emailed to the partnership's managers.

`cspr learning send-reminders`, run daily beside `cspr send-reminders` (docs/operations.md).
Overdue is domain/deadlines.py's rule. The email names the review and the action's owner,
never a child: a recommendation is about practice, and the link needs a sign-in.
Each (action, person, day) is sent once: ReminderSent's unique constraint. An email names
a review, so one about a review that is part of a case record is audited as the action's
page is: a read of that review (`reviews_listed`), naming the recipient, written with the
email's ReminderSent row.
One email that cannot be sent (a header the email library refuses, a recipient the mail server
refuses) is logged and counted, and the run goes on: it no longer stops every reminder after it,
every day. The run still ends in RemindersFailed, so the command exits non-zero and someone looks.
"""

import logging
from datetime import date

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from cspr.core.access import Role
from cspr.core.actors import system_actor
from cspr.core.models import User
from cspr.domain.dates import long_date
from cspr.domain.standard_cells import one_line
from cspr.domain.workflow import RECOMMENDATION_ACTION_CLOSED
from cspr.learning.actions import reviews_listed
from cspr.learning.models import PublishedReview, RecommendationAction
from cspr.reviews.models import ReminderSent
from cspr.reviews.reminders import ONE_EMAIL_FAILED, RemindersFailed, sending_failed

ITEM = "recommendation_action"
logger = logging.getLogger("cspr.learning")


def overdue_actions(*, today: date) -> list[RecommendationAction]:
    still_open = (
        RecommendationAction.objects.exclude(status__in=RECOMMENDATION_ACTION_CLOSED)
        .select_related("recommendation__review")
        .order_by("due_date", "pk")
    )
    return [action for action in still_open if action.overdue(today)]


def send_action_reminders(*, today: date, base_url: str = "") -> int:
    """Email each overdue action's partnership managers once a day; return how many emails were sent."""
    actions = overdue_actions(today=today)
    managers: dict[str, list[User]] = {}
    for user in (
        User.objects.filter(
            is_active=True,
            role=Role.PARTNERSHIP_MANAGER,
            organisation__partnership_id__in={a.partnership_id for a in actions},
        )
        .exclude(email="")
        .select_related("organisation")
    ):
        managers.setdefault(user.organisation.partnership_id, []).append(user)
    # Each manager is reminded only of the actions they may read now: an action on a case's learning
    # stays its partnership's, but once the Panel moves the case to another partnership the learning
    # goes with it (ADR 0026), and the old partnership must not be emailed its title and words.
    ids = [a.pk for a in actions]
    readable = {
        user.pk: set(RecommendationAction.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
        for users in managers.values()
        for user in users
    }
    actor = system_actor("cspr learning") if actions else None
    sent = failed = 0
    for action in actions:
        review = action.recommendation.review
        for user in managers.get(action.partnership_id, []):
            if action.pk not in readable[user.pk]:
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        item=ITEM, object_id=action.pk, recipient=user, due_date=action.due_date, sent_on=today
                    )
                    # In the same transaction, and before the email (sent last, so nothing after it can roll back
                    # a sent one): an email is audited exactly when it is recorded as sent.
                    reviews_listed(
                        actor=actor,
                        reviews=PublishedReview.objects.filter(pk=review.pk),
                        shown_on={"command": "learning send-reminders", "recipient": user.pk},
                    )
                    send_mail(
                        # A title stored with a line break (before the import refused one) is put on one line.
                        subject=f"cspr: an action on a recommendation of {one_line(review.title)} is overdue",
                        message=(
                            f'The action "{action.description}" ({action.owning_agency}, owner: {action.owner}) '
                            f"for recommendation {action.recommendation.position} of {review.title} was due "
                            f"{long_date(action.due_date)} and is not completed.\n\n"
                            f"{base_url}{reverse('learning_recommendation_action', args=[action.pk])}\n"
                        ),
                        from_email=None,
                        recipient_list=[user.email],
                    )
            except IntegrityError:
                continue  # already reminded today
            except ONE_EMAIL_FAILED as error:
                # Ids and the kind of error only: the message may hold the recipient's address. Not
                # recorded as sent (the transaction is undone), so the next run tries it again.
                logger.error(
                    "reminder of overdue recommendation action %s to user %s not sent: %s",
                    action.pk,
                    user.pk,
                    type(error).__name__,
                )
                failed += 1
                continue
            except OSError as error:  # smtplib's errors are OSErrors too
                raise sending_failed(error, sent) from error
            sent += 1
    if failed:
        raise RemindersFailed(
            f"{failed} reminder(s) could not be sent (see the log for which); {sent} sent, "
            "the failed ones will be tried again on the next run"
        )
    return sent
