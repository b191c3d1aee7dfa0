"""A work-programme topic's state is called the same in a briefing as on its page (workflow.STATE_NAMES)."""

import re

import pytest

from cspr.briefings.gather import WORK_PROGRAMME_ORDER, work_programme
from cspr.domain.workflow import WorkProgrammeStatus
from cspr.reviews import actions

pytestmark = pytest.mark.django_db


def test_a_topic_under_review_is_called_the_same_in_the_briefing_as_on_its_page(people, client_for):
    sam = people["sam"]
    topic = actions.work_programme_topic_create(actor=sam, title="Topic small 0", programme_year="2020-21")
    actions.work_programme_topic_move(actor=sam, topic_id=topic.pk, version=None, to_status="under_review")
    page = client_for(sam).get(f"/work-programme/{topic.pk}/").content.decode()
    on_page = re.findall(r'<strong class="govuk-tag govuk-tag--\w+">([^<]*)<', page)  # the status tag
    assert on_page == ["Under review"]
    assert [w.status for w in work_programme() if w.title == "Topic small 0"] == on_page


def test_the_briefing_orders_every_work_programme_state():
    assert sorted(WORK_PROGRAMME_ORDER) == sorted(WorkProgrammeStatus)
