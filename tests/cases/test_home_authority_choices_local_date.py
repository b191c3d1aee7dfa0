"""The intake form offers the local authorities of the day in England, not the server's UTC day.

At 00:30 BST on 1 April 2023 it is still 31 March in UTC: Cumbria County Council had ended
(31 March 2023) and Cumberland and Westmorland and Furness had begun, so the form offers the two
new authorities and not Cumbria.
"""

import datetime as dt

import pytest
import time_machine

from cspr.cases.forms.intake import ChildForm

pytestmark = pytest.mark.django_db

CUMBRIA, CUMBERLAND, WESTMORLAND_AND_FURNESS = "E10000006", "E06000063", "E06000064"


@time_machine.travel(dt.datetime(2023, 3, 31, 23, 30, tzinfo=dt.UTC), tick=False)
def test_just_after_midnight_in_england_the_form_offers_that_days_authorities():
    offered = {code for code, _ in ChildForm().fields["home_la_code"].choices}
    assert {CUMBERLAND, WESTMORLAND_AND_FURNESS} <= offered
    assert CUMBRIA not in offered
