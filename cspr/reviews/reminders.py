"""Reminders of statutory deadlines, emailed to the people who own them.

Run daily (cron or a systemd timer: docs/operations.md). Owners are the
partnership managers of the case's partnership and, for a local review, its
reviewer. The email names the notification reference and the deadline only:
no child's details ever leave the service by email. Each email sent is audited as
`cspr deadlines`'s listing of the same items is: a `notification.list` event naming its
recipient (by id) and its reference, written with the email's ReminderSent row.

Only statutory deadlines are reminded: a rapid review the Panel has queried gets no reminder,
since no period runs for the partners' answer and nothing about it is due or overdue (ADR 0028);
the dashboard lists it as awaiting their answer.
"""

import logging
from datetime import date, timedelta
from smtplib import SMTPRecipientsRefused

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.core import audit, clock
from cspr.core.access import Role
from cspr.core.actors import system_actor
from cspr.core.models import User
from cspr.domain.dates import long_date
from cspr.domain.site_url import site_url_problem
from cspr.reviews.models import ReminderSent
from cspr.reviews.open_items import OpenItem, open_items

logger = logging.getLogger("cspr.reviews")
# Failures of one email, not of the mail server: the run goes on to the next (cspr/learning/reminders.py
# does the same). ValueError covers Django's BadHeaderError and the email library's refusal of a
# line break in a header.
ONE_EMAIL_FAILED = (ValueError, SMTPRecipientsRefused)

# `cspr demo`'s own address: the demo's reminders link to it when CSPR_SITE_URL is not set.
DEMO_SITE_URL = "http://127.0.0.1:8000"


class RemindersFailed(Exception):
    """A run that cannot send (or cannot go on sending): one line for the operator."""


def site_url(base_url: str = "") -> str:
    """The address every link in a reminder starts with: --base-url, else CSPR_SITE_URL."""
    url = base_url or settings.CSPR_SITE_URL or (DEMO_SITE_URL if settings.DEMO_MODE else "")
    if not url:
        # A bare path in an email goes nowhere: refuse before anything is sent or recorded as sent.
        raise RemindersFailed(
            "set CSPR_SITE_URL (or pass --base-url) to the service's public address, such as "
            "https://cspr.example.org: each reminder links to it; nothing was sent"
        )
    if problem := site_url_problem(url, https_required=settings.SECURE_SSL_REDIRECT):
        # A bare host (`cspr.example.org`) makes every link a dead relative one, and the reminder
        # would still be recorded as sent: refuse before anything is sent.
        raise RemindersFailed(f"{problem}; nothing was sent")
    return url.rstrip("/")


def sending_failed(error: OSError, sent: int) -> RemindersFailed:
    """The mail server refused or could not be reached: say which, and that no reminder is lost."""
    options = settings.MAILERS.get("default", {}).get("OPTIONS", {})
    server = f"{options.get('host', '')}:{options.get('port', '')}" if options.get("host") else "the mail server"
    # Each reminder is recorded as sent in the transaction that sends it, so the one that failed,
    # and every one after it, is still unsent: the next run sends them.
    return RemindersFailed(
        f"could not send email through {server} (CSPR_EMAIL_HOST, CSPR_EMAIL_PORT): {error}; "
        f"{sent} reminder(s) sent before the failure, the rest will be sent on the next run"
    )


def due_items(*, today: date, within: int) -> list[OpenItem]:
    """Open deadlines due within `within` working days, or overdue: the dashboard's items, nearer in."""
    # Everything with at most `within` working days left, as the item itself counts them: the day
    # before the next working day after that, so a deadline on the weekend or a bank holiday after
    # the last counted working day (a publication due on a Saturday) is in the same run.
    horizon = clock.working_days().add_working_days(today, within + 1) - timedelta(days=1)
    return open_items(today=today, scope=Notification.objects.all(), due_by=horizon)


def _owners(items: list[OpenItem]) -> tuple[dict[str, list[User]], dict[int, User]]:
    managers: dict[str, list[User]] = {}
    for user in (
        User.objects.filter(
            is_active=True,
            role=Role.PARTNERSHIP_MANAGER,
            organisation__partnership_id__in={d.partnership for d in items},
        )
        .select_related("organisation")
        .exclude(email="")
    ):
        managers.setdefault(user.organisation.partnership_id, []).append(user)
    reviewers = {
        u.pk: u
        for u in User.objects.filter(pk__in={d.reviewer_id for d in items if d.reviewer_id}, is_active=True).exclude(
            email=""
        )
    }
    return managers, reviewers


def send_reminders(*, today: date, within: int | None = None, base_url: str = "") -> int:
    """Email every owner once a day about each item; return how many emails were sent."""
    within = settings.CSPR_REMINDER_WORKING_DAYS if within is None else within
    items = due_items(today=today, within=within)
    managers, reviewers = _owners(items)
    actor = system_actor("cspr send-reminders") if items else None
    sent = failed = 0
    for item in items:
        recipients = list(managers.get(item.partnership, []))
        if item.reviewer_id in reviewers:
            recipients.append(reviewers[item.reviewer_id])
        days = item.working_days_left
        when = f"overdue by {-days} working day(s)" if days < 0 else f"due in {days} working day(s)"
        for user in recipients:
            try:
                # The row and its audit event are written first and the email sent last, inside the
                # same transaction: a crash mid-run neither loses nor repeats a reminder.
                with transaction.atomic():
                    ReminderSent.objects.create(
                        item=item.kind, object_id=item.object_id, recipient=user, due_date=item.due_date, sent_on=today
                    )
                    # In the same transaction, and before the email: an email is audited exactly when it is
                    # recorded as sent, and the send is last, so nothing after it can fail and roll back a sent one.
                    reminder_sent(actor=actor, recipient=user, refs=[item.notification_ref])
                    send_mail(
                        subject=f"cspr: {item.item} for {item.notification_ref} is {when}",
                        message=(
                            f"The {item.item} for notification {item.notification_ref} is {when} "
                            f"(due {long_date(item.due_date)}).\n\n"
                            f"{base_url}{reverse('notification_detail', args=[item.notification_ref])}\n"
                        ),
                        from_email=None,
                        recipient_list=[user.email],
                    )
            except IntegrityError:
                continue  # already reminded today
            except ONE_EMAIL_FAILED as error:
                # Ids and the kind of error only: the message may hold the recipient's address.
                logger.error(
                    "reminder of %s %s to user %s not sent: %s",
                    item.kind,
                    item.object_id,
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


def reminder_sent(*, actor, recipient: User, refs: list[str]) -> None:
    """An email named these cases to `recipient`: a listing of them, as `cspr deadlines` records its own.

    The recipient is named by account id, as an event's actor is, not by email address.
    """
    audit.record(
        actor=actor,
        action=audit.CASES_LISTED,
        object_type="reminder",
        changed_fields={"command": "send-reminders", "recipient": recipient.pk, "refs": refs},
    )
