"""Recommendation follow-up, as the review of 2026-12-08 found it:

- the "Record an action" form is offered exactly where the action accepts it (one rule), and elsewhere a
  sentence says who records actions on the recommendation;
- an action's wording, owning agency, owner and due date can be changed (versioned, audited, errors on
  their fields), and a re-planned due date is what overdue and the reminders go by;
- the progress page lists every partnership with its own reviews' recommendations, acted on or not, in
  a constant number of queries;
- an analyst's start page lists the overdue actions they may see, as docs/learning.md says.
"""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cspr.core.models import AuditEvent, Partnership
from cspr.domain.refusal import Refused
from cspr.learning import actions
from cspr.learning.models import RecommendationAction
from cspr.learning.reminders import send_action_reminders
from tests.service.personas import PARTNERSHIP_A, PARTNERSHIP_B, personas

RECORD_FORM = "Record an action"


@pytest.fixture
def people(db):
    return personas()


@pytest.fixture
def recommendations(add_review):
    """Birmingham's local review and serious case review, a national review and a rapid review summary."""

    def one(**overrides):
        return add_review(**overrides).recommendations.get()

    return {
        "local": one(partnership=PARTNERSHIP_A, title="Child N2: a local review"),
        "scr": one(partnership=PARTNERSHIP_A, review_type="scr", title="Child N3: a serious case review"),
        "national": one(review_type="national_review", title="National review: infants"),
        "summary": one(
            partnership=PARTNERSHIP_A, review_type="rapid_review_summary", title="Rapid review learning summary"
        ),
    }


def _plan(person, recommendation, **overrides):
    fields = {
        "description": "Safer sleep conversation at every health visitor contact after a move.",
        "owning_agency": "Community health",
        "owner": "Head of health visiting",
        "due_date": timezone.localdate() + timedelta(days=60),
    } | overrides
    return actions.recommendation_action_add(actor=person, recommendation_id=recommendation.pk, **fields)


def _accepted(person, recommendation) -> bool:
    try:
        with transaction.atomic():
            _plan(person, recommendation)
            transaction.set_rollback(True)
    except Refused:
        return False
    return True


def _summary_links(page: str) -> list[str]:
    summary = (
        page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0] if "govuk-error-summary" in page else ""
    )
    return re.findall(r'href="([^"]+)"', summary)


def _form_data(**fields):
    data = {}
    for name, value in fields.items():
        if hasattr(value, "year"):
            data |= {f"{name}-day": value.day, f"{name}-month": value.month, f"{name}-year": value.year}
        else:
            data[name] = value
    return data


# --- (2) the form where the action accepts it, a sentence where not --------------------------------


def test_the_record_form_is_offered_exactly_where_the_action_accepts_an_action(people, recommendations, client):
    for name in ("alice", "agnes", "bob", "sam", "ann"):
        client.force_login(people[name])
        for kind, recommendation in recommendations.items():
            page = client.get(f"/learning/recommendations/{recommendation.pk}/actions/")
            assert page.status_code == 200, (name, kind)
            offered = RECORD_FORM in page.content.decode()
            assert offered == _accepted(people[name], recommendation), (name, kind)
    # Birmingham's staff record on its own reviews and national ones; City and Hackney only on national ones.
    assert _accepted(people["alice"], recommendations["scr"]) and not _accepted(people["bob"], recommendations["scr"])


@pytest.mark.parametrize("kind", ["local", "scr"])
def test_another_partnership_reads_who_records_and_its_post_is_refused(people, recommendations, client, kind):
    recommendation = recommendations[kind]
    client.force_login(people["bob"])
    url = f"/learning/recommendations/{recommendation.pk}/actions/"
    page = client.get(url).content.decode()
    assert RECORD_FORM not in page
    birmingham = Partnership.objects.get(code=PARTNERSHIP_A).name
    assert f"Actions on this recommendation are recorded by the staff of {birmingham}, whose review it is." in page
    posted = client.post(url, _form_data(description="x", owning_agency="y", owner="z", due_date=timezone.localdate()))
    assert posted.status_code == 403
    assert not RecommendationAction.objects.exists()


def test_the_panel_reads_who_records_a_national_reviews_actions(people, recommendations, client):
    client.force_login(people["sam"])
    page = html.unescape(client.get(f"/learning/recommendations/{recommendations['national'].pk}/actions/").text)
    assert RECORD_FORM not in page
    assert "Each safeguarding partnership's staff record their own partnership's actions" in page


# --- (3) changing an action's details --------------------------------------------------------------


def test_a_partnership_changes_its_actions_details_and_a_new_due_date_ends_overdue_and_reminders(
    people, recommendations, client, mailoutbox
):
    alice = people["alice"]
    alice.email = "alice@example.org"
    alice.save(update_fields=["email"])
    today = timezone.localdate()
    action = _plan(alice, recommendations["local"], due_date=today - timedelta(days=2), owner="Head of helth")
    assert action.overdue(today)
    client.force_login(alice)
    url = f"/learning/actions/{action.pk}/"
    page = html.unescape(client.get(url).text)
    assert "Change the action's details" in page and 'name="details-owner"' in page

    replanned = today + timedelta(days=90)
    data = _form_data(
        **{
            "form": "details",
            "details-version": action.version,
            "details-description": action.description,
            "details-owning_agency": "Community health",
            "details-owner": "Head of health visiting",
            "details-due_date": replanned,
            "details-reason": "The audit moved to next quarter",
        }
    )
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.due_date, action.version) == ("Head of health visiting", replanned, 2)
    assert not action.overdue(today)
    assert send_action_reminders(today=today) == 0 and not mailoutbox
    event = AuditEvent.objects.filter(action="learning.recommendation_action.update", object_id=str(action.pk)).get()
    assert event.changed_fields["fields"] == ["due_date", "owner"]
    assert event.changed_fields["due_date"] == [(today - timedelta(days=2)).isoformat(), replanned.isoformat()]
    assert event.reason == "The audit moved to next quarter"

    # The page it showed is now stale: a second change from it is refused, nothing written.
    again = client.post(url, data | {"details-owner": "Someone else"}).content.decode()
    assert "govuk-error-summary" in again
    action.refresh_from_db()
    assert action.owner == "Head of health visiting"


def test_a_changed_detail_the_action_refuses_is_shown_on_its_field(people, recommendations, client):
    alice = people["alice"]
    action = _plan(alice, recommendations["local"])
    client.force_login(alice)
    data = _form_data(
        **{
            "form": "details",
            "details-version": action.version,
            "details-description": action.description,
            "details-owning_agency": action.owning_agency,
            "details-owner": "   ",
            "details-due_date": action.due_date.replace(year=2000),
        }
    )
    page = client.post(f"/learning/actions/{action.pk}/", data)
    assert page.status_code == 200
    # The form's own check, before the action runs: linked from the summary, marked on its field.
    assert _summary_links(page.text) == ["#id_details-owner"] and 'id="id_details-owner-error"' in page.text
    data["details-owner"] = "Head of health visiting"
    page = html.unescape(client.post(f"/learning/actions/{action.pk}/", data).text)
    # The action's refusal, shown on the field it names: the summary links to the date's first box.
    assert _summary_links(page) == ["#id_details-due_date-day"], _summary_links(page)
    assert 'id="id_details-due_date-error"' in page and "Due date must be the same as or after" in page
    assert RecommendationAction.objects.get(pk=action.pk).version == 1


def test_only_the_actions_partnership_is_offered_its_details(people, recommendations, client):
    action = _plan(people["alice"], recommendations["national"])
    client.force_login(people["sam"])
    assert "Change the action's details" not in html.unescape(client.get(f"/learning/actions/{action.pk}/").text)


# --- (6) every partnership on the progress page, in constant queries ---------------------------------


def _progress_rows(client) -> dict[str, list[str]]:
    page = client.get("/learning/follow-up/").content.decode()
    table = page.split("Progress by partnership", 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, flags=re.S)[1:]:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows[html.unescape(cells[0])] = cells[1:]
    return rows


def test_a_partnership_with_recommendations_and_no_actions_is_on_the_panels_progress_page(people, add_review, client):
    for position in range(3):
        add_review(partnership=PARTNERSHIP_B, title=f"Child H{position}: a local review")
    acted = add_review(partnership=PARTNERSHIP_A, title="Child B1: a local review").recommendations.get()
    add_review(partnership=PARTNERSHIP_A, title="Child B2: a local review")
    _plan(people["alice"], acted)
    names = dict(Partnership.objects.filter(code__in=[PARTNERSHIP_A, PARTNERSHIP_B]).values_list("code", "name"))
    for persona in ("sam", "ann"):
        client.force_login(people[persona])
        rows = _progress_rows(client)
        # Own recommendations, without an action, actions, completed, overdue, impact recorded.
        assert rows[names[PARTNERSHIP_B]] == ["3", "3", "0", "0", "0", "0"], persona
        assert rows[names[PARTNERSHIP_A]] == ["2", "1", "1", "0", "0", "0"], persona
    client.force_login(people["bob"])
    assert _progress_rows(client) == {names[PARTNERSHIP_B]: ["3", "3", "0", "0", "0", "0"]}


def test_the_progress_page_reads_the_same_number_of_queries_however_many_partnerships(people, add_review, client):
    client.force_login(people["sam"])
    others = list(Partnership.objects.exclude(code__in=[PARTNERSHIP_A, PARTNERSHIP_B]).values_list("code", flat=True))

    def queries() -> int:
        with CaptureQueriesContext(connection) as read:
            assert client.get("/learning/follow-up/").status_code == 200
        return len(read)

    add_review(partnership=PARTNERSHIP_A, title="Child C0: a local review")
    one = queries()
    for position, code in enumerate(others[:4]):
        add_review(partnership=code, title=f"Child C{position + 1}: a local review")
    assert len(_progress_rows(client)) == 5
    assert queries() == one


# --- (9) overdue actions on an analyst's start page ------------------------------------------------


def test_an_analysts_start_page_lists_the_overdue_actions_they_may_see(people, recommendations, client):
    late = _plan(people["alice"], recommendations["national"], due_date=timezone.localdate() - timedelta(days=3))
    client.force_login(people["ann"])
    page = client.get("/").content.decode()
    assert "Your role has no access to individual case records" in page
    assert "Overdue actions on review recommendations" in page and late.description in page
    assert f"/learning/actions/{late.pk}/" in page
    # An administrator (no follow-up to see) still reads no such list.
    client.force_login(people["adam"])
    assert "Overdue actions on review recommendations" not in client.get("/", follow=True).content.decode()
