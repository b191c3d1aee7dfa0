"""Form defects a reviewer reproduced on 2026-12-07, each shown as the page shows it now.

Other digits in a work programme year (a server error before), control characters in text
that reaches a DOCX briefing, a recommendation action's status rules (a date completed on an
action that is not, reopening one whose impact is recorded, withdrawing one without a reason),
a stale second tab, practice content refusals tied to their field, the stale message naming
the record, and specific messages for a briefing's year and a pool reviewer.
"""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cspr.briefings.forms import PracticeContentForm
from cspr.briefings.models import PracticeContent
from cspr.core.models import AuditEvent
from cspr.govuk.forms import PlainText
from cspr.learning import actions as learning
from cspr.reviews.models import WorkProgrammeTopic
from tests.learning.conftest import add_review  # noqa: F401 - a fixture
from tests.reviews.national import topic
from tests.service.personas import PARTNERSHIP_A

pytestmark = pytest.mark.django_db


def errors(response) -> list[tuple[str, str]]:
    """The error summary's (link, text) pairs; the link is "" for an error about the whole form."""
    page = response.content.decode()
    found = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, f"no error summary ({response.status_code})"
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    pairs = []
    for item in items:
        link = re.search(r'href="#([^"]+)"', item)
        pairs.append((link.group(1) if link else "", html.unescape(" ".join(re.sub(r"<[^>]+>", " ", item).split()))))
    return pairs


# --- 1. A work programme year in other digits ----------------------------------------------


@pytest.mark.parametrize("year", ["٢٠٢٤-٢٥", "２０２４-２５"])
def test_a_work_programme_year_in_other_digits_is_refused_not_a_server_error(people, client_for, year):
    response = client_for(people["sam"]).post(
        reverse("work_programme_topic_create"), {"title": "Infant injury", "programme_year": year}
    )
    assert response.status_code == 200
    assert errors(response) == [("id_programme_year", "Enter the work programme year as two years, like 2024-25")]
    assert not WorkProgrammeTopic.objects.exists()


# --- 2. Control characters in text that reaches a briefing ----------------------------------


def _content_form(content, **changes) -> dict:
    return PracticeContentForm.initial_for(content) | changes


def test_a_control_character_in_practice_content_is_refused_against_its_field(people, client_for):
    content = PracticeContent.objects.get(kind="theme", code="daily_life")
    before = content.summary
    url = reverse("practice_content_edit", args=[content.pk])
    response = client_for(people["adam"]).post(url, _content_form(content, summary="Bad \x01 char"))
    assert response.status_code == 200
    assert errors(response) == [
        (
            "id_summary",
            "What reviews tend to find must not contain invisible control characters: remove the one at character 5",
        )
    ]
    response = client_for(people["adam"]).post(url, _content_form(content, practice_points="One\x0b\nTwo"))
    assert errors(response)[0][0] == "id_practice_points"
    content.refresh_from_db()
    assert content.summary == before and content.version == 1


def test_line_breaks_as_a_browser_sends_them_are_still_text(people, client_for):
    content = PracticeContent.objects.get(kind="theme", code="daily_life")
    points = "\r\n".join(content.practice_points) + "\r\nTalk to the child\tabout their day."
    response = client_for(people["adam"]).post(
        reverse("practice_content_edit", args=[content.pk]), _content_form(content, practice_points=points)
    )
    assert response.status_code == 302
    content.refresh_from_db()
    assert content.practice_points[-1] == "Talk to the child about their day."


def test_a_control_character_in_a_topic_is_refused_against_its_field(people, client_for):
    response = client_for(people["sam"]).post(
        reverse("work_programme_topic_create"),
        {"title": "Infant\x0binjury", "programme_year": "2024-25", "summary": "Why \x07"},
    )
    assert response.status_code == 200
    assert errors(response) == [
        ("id_title", "Topic must not contain invisible control characters: remove the one at character 7"),
        (
            "id_summary",
            "Why the Panel is looking at it must not contain invisible control characters: remove the one at character 5",
        ),
    ]
    assert not WorkProgrammeTopic.objects.exists()


def test_the_shared_validator_takes_text_tabs_and_line_breaks_only():
    PlainText()("Line one\r\nLine two\tand a tab")
    for bad in ("\x00", "\x08", "\x1b[31m", "\x7f"):
        with pytest.raises(Exception, match="control characters"):
            PlainText()(f"a{bad}")


# --- 3 to 5. A recommendation action's status ---------------------------------------------


@pytest.fixture
def action(people, add_review):  # noqa: F811 - the fixture imported above
    recommendation = add_review(partnership=PARTNERSHIP_A).recommendations.get()
    return learning.recommendation_action_add(
        actor=people["alice"],
        recommendation_id=recommendation.pk,
        description="Safer sleep conversation at every contact",
        owning_agency="Health visiting",
        owner="Head of health visiting",
        due_date=timezone.localdate() + timedelta(days=90),
    )


def _progress(action, status, **more) -> dict:
    action.refresh_from_db()
    data = {"form": "progress", "progress-version": action.version, "progress-status": status}
    return data | {f"progress-{name}": value for name, value in more.items()}


def _completed_on(day, month, year) -> dict:
    return {"completed_on-day": day, "completed_on-month": month, "completed_on-year": year}


def test_a_date_completed_on_an_action_that_is_not_completed_is_refused(people, client_for, action):
    url = reverse("learning_recommendation_action", args=[action.pk])
    response = client_for(people["alice"]).post(url, _progress(action, "planned", **_completed_on("1", "1", "2020")))
    assert response.status_code == 200
    assert errors(response) == [("id_progress-completed_on-day", "Date completed is only for a completed action")]
    action.refresh_from_db()
    assert action.completed_on is None and action.version == 1


def test_reopening_a_completed_action_clears_its_date_completed(people, action):
    alice = people["alice"]
    action = learning.recommendation_action_update(
        actor=alice, action_id=action.pk, version=1, status="completed", completion_evidence="Audit of records"
    )
    # The page sends back the date it showed.
    action = learning.recommendation_action_update(
        actor=alice, action_id=action.pk, version=action.version, status="in_progress", completed_on=action.completed_on
    )
    assert action.status == "in_progress" and action.completed_on is None


def test_an_action_whose_impact_is_recorded_stays_completed(people, client_for, action):
    alice = people["alice"]
    action = learning.recommendation_action_update(
        actor=alice, action_id=action.pk, version=1, status="completed", completion_evidence="Audit of records"
    )
    learning.recommendation_action_impact_record(
        actor=alice, action_id=action.pk, version=action.version, impact="Fewer unsafe sleep", impact_measure="Audit"
    )
    url = reverse("learning_recommendation_action", args=[action.pk])
    for status in ("planned", "in_progress", "withdrawn"):
        response = client_for(alice).post(url, _progress(action, status, reason="Reopened"))
        assert response.status_code == 200
        assert errors(response) == [("id_progress-status", "The action's impact is recorded, so it stays completed")]
    action.refresh_from_db()
    assert action.status == "completed" and action.impact == "Fewer unsafe sleep" and action.impact_recorded_on


def test_withdrawing_an_action_needs_the_reason_which_the_audit_trail_keeps(people, client_for, action):
    url = reverse("learning_recommendation_action", args=[action.pk])
    alice = client_for(people["alice"])
    for reason in ("", "   "):
        response = alice.post(url, _progress(action, "withdrawn", reason=reason))
        assert response.status_code == 200
        assert errors(response) == [("id_progress-reason", "Enter why the action is withdrawn")]
    action.refresh_from_db()
    assert action.status == "planned"
    assert alice.post(url, _progress(action, "withdrawn", reason="Replaced by the county plan")).status_code == 302
    event = AuditEvent.objects.filter(object_type="recommendationaction", object_id=str(action.pk)).last()
    assert event.reason == "Replaced by the county plan" and event.changed_fields["status"] == ["planned", "withdrawn"]


# --- 6 and 8. A stale second tab, and the message naming the record --------------------------


def test_a_stale_second_tab_moving_a_topic_is_told_someone_else_moved_it(people, client_for):
    moved = topic(people)
    url = reverse("work_programme_topic_status", args=[moved.pk])
    sam = client_for(people["sam"])
    assert sam.post(url, {"version": moved.version, "status": "under_review"}).status_code == 302
    response = sam.post(url, {"version": moved.version, "status": "under_review"})
    assert response.status_code == 200
    assert errors(response) == [
        (
            "",
            "Someone else changed this topic while you were editing. "
            "Your changes have not been saved. Reload to see their changes.",
        )
    ]


def test_the_stale_message_names_the_practice_content_or_the_action(people, client_for, action):
    content = PracticeContent.objects.get(kind="theme", code="daily_life")
    url = reverse("practice_content_edit", args=[content.pk])
    adam = client_for(people["adam"])
    assert adam.post(url, _content_form(content, title="Tab one")).status_code == 302
    response = adam.post(url, _content_form(content, title="Tab two"))
    assert errors(response)[0][1].startswith("Someone else changed this practice content while you were editing.")

    url = reverse("learning_recommendation_action", args=[action.pk])
    alice = client_for(people["alice"])
    shown = _progress(action, "in_progress")
    assert alice.post(url, shown).status_code == 302
    response = alice.post(url, shown)
    assert errors(response)[0][1].startswith("Someone else changed this action while you were editing.")


# --- 7. Practice content refusals against their field ---------------------------------------


def test_a_number_in_practice_content_is_refused_against_its_field_in_words(people, client_for):
    content = PracticeContent.objects.get(kind="theme", code="daily_life")
    url = reverse("practice_content_edit", args=[content.pk])
    adam = client_for(people["adam"])
    response = adam.post(url, _content_form(content, summary="Seen in 45 reviews."))
    assert errors(response) == [
        (
            "id_summary",
            "Write numbers as words, not 45: only years are in figures, so that every figure in a briefing is one of its statistics",
        )
    ]
    points = "\n".join(content.practice_points[:1] + ["Check 3 things"])
    response = adam.post(url, _content_form(content, practice_points=points))
    assert errors(response)[0] == (
        "id_practice_points",
        "Write numbers as words (line 2), not 3: only years are in figures, so that every figure in a briefing is one "
        "of its statistics",
    )


# --- 9. Specific messages for a briefing's year and a pool reviewer ------------------------


def test_a_briefing_year_missing_or_not_offered_gets_a_message_about_the_year(people, client_for):
    sam = client_for(people["sam"])
    response = sam.post(reverse("briefing_new"), {"year": "", "kind": "national", "format": "md"})
    assert errors(response) == [("id_year", "Select the year the briefing covers")]
    response = sam.post(reverse("briefing_new"), {"year": "2017", "kind": "national", "format": "md"})
    last_year = timezone.localdate().year - 1  # the year under way is not published (report_periods.py)
    expected = f"Select the year the briefing covers, from 2018 to {last_year}: a year can be published once it has ended"
    assert errors(response) == [("id_year", expected)]
    response = sam.post(reverse("briefing_new"), {"year": str(last_year + 1), "kind": "national", "format": "md"})
    assert errors(response) == [("id_year", expected)]


def test_a_pool_reviewer_not_on_the_list_gets_a_message_about_the_reviewer(people, client_for):
    sam = client_for(people["sam"])
    joined = {"joined_date-day": "1", "joined_date-month": "1", "joined_date-year": "2020"}
    for user in (people["alice"].pk, 99999, "abc"):
        response = sam.post(reverse("reviewer_pool_add"), {"user": user, "expertise": "Neglect", **joined})
        assert errors(response) == [("id_user", "Select a reviewer from the list")]
