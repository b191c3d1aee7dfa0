"""Every page that shows child-level case data writes exactly one audit event per view.

The URLs are not a hand list: every pattern in the URLconf is enumerated and must be
classified here, either as a page that shows case data (with a persona and a case to
view it as) or as a page that does not (with the reason). A new URL that is neither
fails `test_every_url_is_classified`, so no page can start showing children's records
without its reads being audited. Every URL under a case (`.../~/...`) shows that case,
so it cannot be declared free of case data.
"""

import pytest
from django.urls import reverse

from cspr.core import audit
from cspr.core.models import AuditEvent
from cspr.documents.actions import DOWNLOAD, case_document_attach
from cspr.reviews import actions
from tests.service.urlconf import own_patterns

# Every database test starts from the personas and cases A and B: built once for the module,
# each test rolled back to them.
from tests.service.world import world, world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# The events a read of case data writes: a case's page, a list of cases, an export (the list's
# CSV, the case summary PDF), a document's download.
READ_ACTIONS = {audit.CASE_VIEW, audit.CASES_LISTED, "register.export", "notification.export", DOWNLOAD}

# url name -> (persona, args as case keys): a view of the page in a state that shows the case.
# Case A: Birmingham (alice), rapid review sent, LCSPR commissioned, in national review "NR".
# Case B: City of London (bob), rapid review due, no LCSPR yet.
CASE_DATA = {
    "dashboard": ("alice", ()),
    "notification_list": ("sam", ()),
    "notification_list_csv": ("alice", ()),
    "notification_detail": ("sam", ("A",)),
    "case_share": ("alice", ("A",)),
    "case_share_withdraw": ("sam", ("A",)),  # "this case is not shared": still the case's page
    "rapid_review_edit": ("alice", ("A",)),  # read-only once sent
    "rapid_review_submit": ("bob", ("B",)),
    "panel_response": ("sam", ("A",)),
    "panel_response_agree": ("sam", ("A",)),
    "panel_response_query": ("sam", ("A",)),
    "case_national_review": ("sam", ("A",)),
    "lcspr_detail": ("alice", ("A",)),
    "lcspr_commission": ("bob", ("B",)),
    "lcspr_reviewer": ("alice", ("A",)),
    "lcspr_milestone": ("rita", ("A",)),
    "lcspr_delay": ("alice", ("A",)),
    "lcspr_final_report": ("alice", ("A",)),
    "lcspr_publish": ("alice", ("A",)),  # "send the final report first": still the case's page
    "lcspr_not_published": ("alice", ("A",)),
    "national_review_detail": ("pat", ("NR",)),
    # The Panel's national work (issue 13, item 5): a topic's page lists the cases under it.
    "work_programme_topic": ("pat", ("NT",)),
    # Correcting and reading records (issue 12, items 1 and 3); the summary PDF is audited as an export.
    "notification_amend": ("alice", ("A",)),
    "rapid_review_read": ("pat", ("A",)),
    "case_summary_pdf": ("sam", ("A",)),
    # Documents (issue 12, item 4); a download is audited as one.
    "document_attach": ("alice", ("A",)),
    "document_download": ("agnes", ("A", "DOC")),
    "document_withdraw": ("alice", ("A", "DOC")),
}

# url name -> why it shows no child-level case data.
NOT_CASE_DATA = {
    "national_review_list": "titles, topics and a count of cases, no case",
    "national_review_create": "a form for a title and references typed by the Panel",
    "national_review_commission": "the national review's title and a date",
    # Once commissioned, it names the cases still without a regulation 3 decision: audited as a list then.
    "national_review_publish": "the national review's title and a date (or the cases to decide, audited as a list)",
    "intake_start": "recording a notification: the person's own answers, before any record exists",
    "intake_kind": "recording a notification: what kind it is",
    "intake_abuse_neglect": "recording a notification",
    "intake_local_authority": "recording a notification",
    "intake_dates": "recording a notification",
    "intake_type": "recording a notification",
    "intake_category": "recording a notification",
    "intake_characteristics": "recording a notification",
    "intake_children": "recording a notification",
    "intake_child_add": "recording a notification",
    "intake_child_change": "recording a notification",
    "intake_child_remove": "recording a notification",
    "intake_reference": "recording a notification",
    "intake_check": "recording a notification: the answers just given (recording it is audited)",
    "intake_confirmation": "the new reference only (its recording is audited)",
    "statistics": "aggregate statistics under disclosure control",
    "statistics_download": "aggregate statistics (each download audited as statistics.download)",
    "statistics_early_warning": "counts of notifications by month and type, no case",
    "briefing_list": "briefings built from published statistics and learning",
    "briefing_new": "a form for a briefing",
    "briefing_download": "a briefing document (published statistics and learning)",
    "practice_content_list": "practice content for briefings",
    "practice_content_edit": "practice content for briefings",
    "learning_search": "published, anonymised learning (reads audited by the learning app, ADR 0012)",
    "learning_review_detail": "a published, anonymised review (each read audited as learning.review.view)",
    "learning_review_coding": "coding of a published review's themes",
    "learning_review_coding_decide": "POST only: a coding decision, audited by its action",
    "learning_recommendation_detail": "a published review's recommendation (audited as learning.review.view)",
    # Recording a review's recommendations: forms naming the review (audited as learning.review.view).
    "learning_recommendation_add": "a form for a published review's recommendation",
    "learning_recommendation_change": "a published review's recommendation, to change",
    "learning_recommendation_remove": "a published review's recommendation, to remove",
    # Issue 16: what partnerships did about recommendations of local and national reviews (no child's details).
    "learning_recommendation_actions": "a review's recommendation and partnerships' actions on it",
    "learning_recommendation_action": "one partnership action on a recommendation, and its impact",
    "learning_follow_up": "partnerships' actions on recommendations and their impact",
    "learning_theme_recurrence": "aggregate theme counts by year; a partnership's under disclosure control",
    "audit_list": "the audit trail itself, for administrators (no child-level fields)",
    "access_report": "who saw a reference: the audit trail itself, for administrators",
    "healthz": "liveness check",
    "accessibility": "static page",
    "cookies": "static page",
    "privacy": "static page",
    "feedback": "static page: how to give feedback",
    "readyz": "readiness check",
    "national_review_take_case": "a form: the Panel types the reference of a case to take into the review",
    "national_review_appoint": "a national review's title and the Panel's pool of reviewers",
    "national_review_remove_reviewer": "a national review's title and its reviewer's name",
    "work_programme": "the Panel's work programme: topics, no case",
    "work_programme_topic_create": "the Panel's work programme: a form for a topic",
    "work_programme_topic_status": "a work programme topic's status",
    "reviewer_pool": "the Panel's pool of reviewers",
    "reviewer_pool_add": "the Panel's pool of reviewers: a form",
    "reviewer_pool_conflicts": "a reviewer's declared conflicts (partnerships, not cases)",
    "reviewer_pool_remove": "a reviewer's name and a date",
    "lockout_list": "sign-in lockouts: usernames and addresses, for administrators",
    "lockout_lift": "POST only: lifting a sign-in lockout, audited by its action",
    "api_token_list": "the API's tokens, for administrators",
    "api_token_revoke": "POST only: revoking an API token, audited by its action",
}

# The API (cspr/api, under api/) answers machines with a token, not people in a browser: each
# of its reads of case data writes the same events (cspr/api/common.py), tested in tests/api/.
API = "api/"


def classified_patterns():
    return [(name, route) for name, route in own_patterns() if not route.lstrip("^").startswith(API)]


def test_every_url_is_classified():
    unnamed = [route for name, route in classified_patterns() if not name]
    assert not unnamed, f"give these URLs a name so they can be classified: {unnamed}"
    unclassified = sorted({name for name, _ in classified_patterns()} - set(CASE_DATA) - set(NOT_CASE_DATA))
    assert not unclassified, (
        "classify each new URL in tests/service/test_every_read_is_audited.py: CASE_DATA (with a persona "
        f"and case to view it; the view must audit its read) or NOT_CASE_DATA (with the reason): {unclassified}"
    )


def test_no_classification_is_stale():
    names = {name for name, _ in classified_patterns()}
    stale = sorted((set(CASE_DATA) | set(NOT_CASE_DATA)) - names)
    assert not stale, f"these URL names no longer exist: {stale}"
    assert not set(CASE_DATA) & set(NOT_CASE_DATA)


def test_a_page_under_a_case_is_always_case_data():
    under_a_case = {name for name, route in classified_patterns() if "/~/" in route}
    assert under_a_case and not under_a_case & set(NOT_CASE_DATA)


@pytest.fixture
def national(cases, people):
    return actions.national_review_create(
        actor=people["sam"], title="Out of routine", topic="SUDI", notification_ids=[cases["A"].pk]
    )


@pytest.fixture
def national_topic(cases, people):
    """A work programme topic with a national review under it gathering case A."""
    topic = actions.work_programme_topic_create(actor=people["sam"], title="SUDI", programme_year="2020-21")
    actions.national_review_create(
        actor=people["sam"], title="Out of routine", programme_topic_id=topic.pk, notification_ids=[cases["A"].pk]
    )
    return topic


@pytest.fixture
def document(cases, people, settings):
    """A plain-text document attached to case A, kept in memory."""
    settings.STORAGES = {**settings.STORAGES, "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    return case_document_attach(
        actor=people["alice"],
        notification_id=cases["A"].pk,
        kind="other",
        upload_name="note.txt",
        data=b"A synthetic note about the case.\n",
    )


@pytest.mark.parametrize("name", sorted(CASE_DATA))
def test_each_view_of_case_data_writes_exactly_one_audit_event(cases, people, national, client_for, name, request):
    persona, keys = CASE_DATA[name]
    found = {
        "NR": lambda: national.pk,
        "NT": lambda: request.getfixturevalue("national_topic").pk,
        "DOC": lambda: request.getfixturevalue("document").pk,
    }
    args = [found[key]() if key in found else cases[key].ref for key in keys]
    client = client_for(people[persona])
    for visit in (1, 2):  # a second view is a second read
        before = AuditEvent.objects.count()
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, response.content.decode()[:500]
        new = list(AuditEvent.objects.filter(id__gt=0).order_by("-id")[: AuditEvent.objects.count() - before])
        assert len(new) == 1, f"{name} wrote {[e.action for e in new]} on view {visit}"
        [event] = new
        assert event.action in READ_ACTIONS and event.actor == people[persona]
        if keys and keys[0] in cases:
            assert event.object_id == cases[keys[0]].ref


def test_a_list_names_each_case_it_shows(cases, people, national, client_for):
    client_for(people["pat"]).get(reverse("national_review_detail", args=[national.pk]))
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_type, event.object_id) == (
        audit.CASES_LISTED,
        "national_review",
        str(national.pk),
    )
    assert event.changed_fields["refs"] == [cases["A"].ref]
    client_for(people["bob"]).get(reverse("notification_list"))
    assert AuditEvent.objects.order_by("-id").first().changed_fields["refs"] == [cases["B"].ref]


def test_a_refused_view_writes_no_read(cases, people, client_for):
    before = AuditEvent.objects.count()
    assert client_for(people["bob"]).get(reverse("lcspr_detail", args=[cases["A"].ref])).status_code == 404
    assert client_for(people["agnes"]).get(reverse("case_share", args=[cases["A"].ref])).status_code == 403
    assert AuditEvent.objects.count() == before
