"""A state has one name and one colour, whichever page or briefing shows it; "due soon" is the reminder window."""

from types import SimpleNamespace

import pytest
from django.template import engines

from cspr.domain import workflow
from cspr.govuk.jinja2 import STATE_TAG_COLOURS


def tag(source: str, **context) -> str:
    env = engines["jinja2"].env
    return env.from_string('{% from "includes/tags.html" import status_tag, due_tag %}' + source).render(**context)


def test_every_state_of_every_workflow_has_a_name_and_a_colour():
    states = {
        str(s)
        for enum in (
            workflow.RapidReviewStatus,
            workflow.PracticeReviewStatus,
            workflow.NationalReviewStatus,
            workflow.WorkProgrammeStatus,
        )
        for s in enum
    }
    assert set(workflow.STATE_NAMES) == states
    assert set(STATE_TAG_COLOURS) == states


def test_a_rapid_review_not_required_has_its_own_colour_and_words():
    html = tag("{{ status_tag('not_required') }}")
    assert 'govuk-tag--purple">Not required<' in html


def test_a_tag_says_the_state_s_one_name():
    for state, name in workflow.STATE_NAMES.items():
        assert f">{name}</strong>" in tag("{{ status_tag(s) }}", s=state)


@pytest.mark.parametrize(
    ("window", "left", "colour"), [(3, 4, "blue"), (5, 4, "yellow"), (5, 5, "yellow"), (0, 1, "blue"), (0, 0, "yellow")]
)
def test_due_soon_is_the_reminder_window(settings, window, left, colour):
    settings.CSPR_REMINDER_WORKING_DAYS = window
    html = tag("{{ due_tag(item) }}", item=SimpleNamespace(working_days_left=left))
    assert f"govuk-tag--{colour}" in html
