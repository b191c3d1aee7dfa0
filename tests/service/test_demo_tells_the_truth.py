"""`cspr demo` is coherent with the day it runs: what it prints and what its pages show agree with its data."""

import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.domain.workflow import RAPID_REVIEW_EDITABLE
from cspr.reviews.models import RapidReview
from cspr.reviews.open_items import open_item_counts

pytestmark = pytest.mark.django_db

TODAY = "2026-06-15"


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    out = io.StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("demo", "--no-serve", "--seed", "3", stdout=out)
    return out.getvalue()


def test_the_demo_is_coherent_with_the_day_it_runs(demo):
    # One demo for every check: setting one up takes seconds.
    sent_rapid_reviews_have_their_words()
    each_reference_carries_its_notifications_year()
    nothing_is_dated_after_the_day_it_runs()
    the_printed_summary_counts_every_open_item(demo)


def sent_rapid_reviews_have_their_words():
    sent = RapidReview.objects.exclude(status__in=RAPID_REVIEW_EDITABLE)
    assert sent.exists()
    assert not sent.filter(facts="").exists()
    assert not sent.filter(decision_reasons="").exists()
    review = sent.select_related("notification").first()
    assert review.facts.startswith("Synthetic demo case.")
    assert review.agencies_involved
    # Still being written: the partners' own, left empty.
    assert not RapidReview.objects.filter(status__in=RAPID_REVIEW_EDITABLE).exclude(facts="").exists()


def each_reference_carries_its_notifications_year():
    for ref, notified in Notification.objects.values_list("ref", "notified_date"):
        assert re.fullmatch(r"SYNN3/(\d{4})/\d{7}", ref), ref
        assert ref.split("/")[1] == str(notified.year), (ref, notified)


def nothing_is_dated_after_the_day_it_runs():
    assert not Notification.objects.filter(notified_date__gt=TODAY).exists()


def the_printed_summary_counts_every_open_item(demo):
    with time_machine.travel(TODAY, tick=False):
        counts = open_item_counts(today=timezone.localdate(), scope=Notification.objects.all())
    assert f"{counts.open} open item(s), {counts.overdue} overdue, the first 10 shown" in demo
    assert counts.open > 10
