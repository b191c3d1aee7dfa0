"""`cspr demo` sets up synthetic data and demo people, and can be run again."""

import io

import pytest
from django.core.management import CommandError, call_command

from cspr.cases.models import Notification
from cspr.core.models import User

pytestmark = pytest.mark.django_db


def test_demo_sets_up_twice_without_failing(settings):
    settings.DEMO_MODE = True
    out = io.StringIO()
    call_command("demo", "--no-serve", "--seed", "3", stdout=out)
    first = Notification.objects.count()
    assert first > 300
    assert "partnership.manager" in out.getvalue() and "Open statutory deadlines" in out.getvalue()
    call_command("demo", "--no-serve", "--seed", "3", stdout=io.StringIO())
    assert Notification.objects.count() == first
    demo_people = User.objects.filter(is_demo=True)
    assert demo_people.count() == 7
    assert all(user.check_password("cspr-demo-only") for user in demo_people)
    manager = demo_people.get(username="partnership.manager")
    assert Notification.objects.visible_to(manager).exists()


def test_demo_refuses_to_run_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("demo", "--no-serve", stdout=io.StringIO())
