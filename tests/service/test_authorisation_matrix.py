"""Every URL x every role x own/other organisation: allowed, 404 or 403 exactly as designed."""

import pytest
from django.urls import reverse

from cspr.reviews.models import NationalReview
from tests.module_world import module_world
from tests.service.cases import two_cases
from tests.service.personas import personas
from tests.service.world import world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

EVERYONE = ("sam", "pat", "alice", "agnes", "bob", "rita", "ron", "ann", "adam")

# url name, args (by case key), expected status per persona.
MATRIX = [
    ("dashboard", (), {"adam": 302, **{p: 200 for p in EVERYONE if p != "adam"}}),
    (
        "notification_list",
        (),
        {
            "sam": 200,
            "pat": 200,
            "alice": 200,
            "agnes": 200,
            "bob": 200,
            "rita": 200,
            "ron": 200,
            "ann": 403,
            "adam": 403,
        },
    ),
    (
        "notification_list_csv",
        (),
        {
            "sam": 200,
            "pat": 403,
            "alice": 200,
            "agnes": 403,
            "bob": 200,
            "rita": 403,
            "ron": 403,
            "ann": 403,
            "adam": 403,
        },
    ),
    (
        "notification_detail",
        ("A",),
        {
            "sam": 200,
            "pat": 200,
            "alice": 200,
            "agnes": 200,
            "bob": 404,
            "rita": 200,
            "ron": 200,
            "ann": 404,
            "adam": 404,
        },
    ),
    (
        "notification_detail",
        ("B",),
        {
            "sam": 200,
            "pat": 200,
            "alice": 404,
            "agnes": 404,
            "bob": 200,
            "rita": 404,
            "ron": 404,
            "ann": 404,
            "adam": 404,
        },
    ),
    ("audit_list", (), {**{p: 403 for p in EVERYONE}, "adam": 200}),
    ("access_report", ("A",), {**{p: 403 for p in EVERYONE}, "adam": 200}),
]

# --- The case pages (cspr/cases/urls.py) ------------------------------------------------------
# Case A (Birmingham: alice, agnes; its LCSPR reviewed by rita; rapid review submitted; gathered
# into the national review "NR", to which ron is appointed) and case B (City of London: bob; rapid
# review due; no LCSPR). Out of scope is 404 whatever the verb; in scope without the verb is 403.
IN_SCOPE = {"A": {"sam", "pat", "alice", "agnes", "rita", "ron"}, "B": {"sam", "pat", "bob"}}
PARTNERSHIP_STAFF = {"alice", "agnes", "bob"}


def on_case(case: str, allowed: set[str], *, exists: bool = True) -> dict[str, int]:
    """200 for those allowed, 403 for others who can see the case, 404 for the rest (or all, if no record)."""
    if not exists:
        return dict.fromkeys(EVERYONE, 404)
    return {p: (200 if p in allowed else 403) if p in IN_SCOPE[case] else 404 for p in EVERYONE}


def by_role(allowed: dict[str, int], default: int) -> dict[str, int]:
    return {p: allowed.get(p, default) for p in EVERYONE}


# Intake: partnership staff only; later steps send a person with no answers back to the first question.
MATRIX += [
    ("intake_start", (), by_role(dict.fromkeys(PARTNERSHIP_STAFF, 200), 403)),
]
MATRIX += [
    (name, args, by_role(dict.fromkeys(PARTNERSHIP_STAFF, 302), 403))
    for name, args in (
        # With no answers, even the local authority question sends the person to what is notified.
        ("intake_abuse_neglect", ()),
        ("intake_local_authority", ()),
        ("intake_dates", ()),
        ("intake_type", ()),
        ("intake_category", ()),
        ("intake_characteristics", ()),
        ("intake_children", ()),
        ("intake_child_add", ()),
        ("intake_child_change", (1,)),
        ("intake_child_remove", (1,)),
        ("intake_reference", ()),
        ("intake_check", ()),
        ("intake_confirmation", ()),
    )
]
MATRIX += [
    ("rapid_review_edit", ("A",), on_case("A", {"alice", "agnes"})),
    ("rapid_review_edit", ("B",), on_case("B", {"bob"})),
    ("rapid_review_submit", ("A",), on_case("A", {"alice"})),
    ("rapid_review_submit", ("B",), on_case("B", {"bob"})),
    *[
        (name, (case,), on_case(case, {"sam", "pat"}))
        for name in ("panel_response", "panel_response_agree", "panel_response_query")
        for case in ("A", "B")
    ],
    ("case_national_review", ("A",), on_case("A", {"sam"})),
    ("case_national_review", ("B",), on_case("B", {"sam"})),
    ("case_share", ("A",), on_case("A", {"alice"})),
    ("case_share", ("B",), on_case("B", {"bob"})),
    # Withdrawing a share: the Panel secretariat only (issue 13; case A is shared with no one here).
    ("case_share_withdraw", ("A",), on_case("A", {"sam"})),
    ("case_share_withdraw", ("B",), on_case("B", {"sam"})),
    ("lcspr_commission", ("A",), on_case("A", {"alice"})),
    ("lcspr_commission", ("B",), on_case("B", {"bob"})),
    ("lcspr_detail", ("A",), on_case("A", IN_SCOPE["A"])),
    # Before commissioning, the LCSPR page explains the next step to everyone who can see the case.
    ("lcspr_detail", ("B",), on_case("B", IN_SCOPE["B"])),
    ("lcspr_reviewer", ("A",), on_case("A", {"alice"})),
    ("lcspr_milestone", ("A",), on_case("A", {"alice", "rita"})),
    ("lcspr_delay", ("A",), on_case("A", {"alice", "rita"})),
    ("lcspr_final_report", ("A",), on_case("A", {"alice"})),
    ("lcspr_publish", ("A",), on_case("A", {"alice"})),
    ("lcspr_not_published", ("A",), on_case("A", {"alice"})),
    *[
        (name, ("B",), on_case("B", set(), exists=False))
        for name in (
            "lcspr_reviewer",
            "lcspr_milestone",
            "lcspr_delay",
            "lcspr_final_report",
            "lcspr_publish",
            "lcspr_not_published",
        )
    ],
    # Statistics (cspr/stats/urls.py): Panel roles, analysts and partnership managers (national
    # figures and their own); the page shows last year's annual report, the download its JSON.
    ("statistics", (), by_role(dict.fromkeys(("sam", "pat", "alice", "bob", "ann"), 200), 403)),
    ("statistics_download", (), by_role(dict.fromkeys(("sam", "pat", "alice", "bob", "ann"), 200), 403)),
    # The learning repository (cspr/learning/urls.py): published learning for everyone signed in;
    # learning partnership A shared but did not publish ("UR") for the Panel, analysts and A's staff;
    # coding for the Panel secretariat and analysts. The decision URL takes POSTs only.
    ("learning_search", (), dict.fromkeys(EVERYONE, 200)),
    ("learning_review_detail", ("PR",), dict.fromkeys(EVERYONE, 200)),
    ("learning_review_detail", ("UR",), by_role(dict.fromkeys(("sam", "pat", "alice", "agnes", "ann"), 200), 404)),
    ("learning_review_coding", ("PR",), by_role({"sam": 200, "ann": 200}, 403)),
    ("learning_review_coding", ("UR",), by_role({"sam": 200, "ann": 200, "pat": 403, "alice": 403, "agnes": 403}, 404)),
    ("learning_review_coding_decide", ("PR",), dict.fromkeys(EVERYONE, 405)),
    ("learning_recommendation_detail", ("PRR",), dict.fromkeys(EVERYONE, 200)),
    (
        "learning_recommendation_detail",
        ("URR",),
        by_role(dict.fromkeys(("sam", "pat", "alice", "agnes", "ann"), 200), 404),
    ),
]

# --- GOV.UK fixes and read-audit: the service's public pages (cspr/govuk/urls.py, cspr/core/urls.py) ---
# Open to everyone, signed in or not; the health check answers everyone too.
MATRIX += [(name, (), dict.fromkeys(EVERYONE, 200)) for name in ("accessibility", "cookies", "privacy", "feedback")]
MATRIX += [("healthz", (), dict.fromkeys(EVERYONE, 200))]
# Briefings (cspr/briefings/urls.py): the Panel, analysts and partnership managers read and make them;
# practice content is the administrators'. Downloads and edits of one briefing or entry are in
# tests/briefings/test_service.py, which makes the records they need.
BRIEFING_READERS = ("sam", "pat", "alice", "bob", "ann")
MATRIX += [
    ("briefing_list", (), by_role(dict.fromkeys(BRIEFING_READERS, 200), 403)),
    ("briefing_new", (), by_role(dict.fromkeys(BRIEFING_READERS, 200), 403)),
    ("practice_content_list", (), by_role({"adam": 200}, 403)),
]

# --- Correcting and reading records (issue 12, items 1 and 3) ----------------------------------
# Correcting a notification: its own partnership's staff before the Panel responds (A is submitted,
# B is due), the Panel secretariat at any time. Reading the rapid review with the Panel's response
# and the LCSPR, and the summary PDF: everyone who can see the case, at every stage.
MATRIX += [
    ("notification_amend", ("A",), on_case("A", {"sam", "alice", "agnes"})),
    ("notification_amend", ("B",), on_case("B", {"sam", "bob"})),
    *[
        (name, (case,), on_case(case, IN_SCOPE[case]))
        for name in ("rapid_review_read", "case_summary_pdf")
        for case in "AB"
    ],
]

# --- The Panel's national work (cspr/reviews/views/national.py, programme.py) ---------------------
# "NR" gathers case A (Birmingham) under a work-programme topic ("NT"), with ron appointed from the
# pool ("RP" is his pool entry). The Panel reads national reviews, the secretariat manages them; a
# partnership sees a review that gathers its cases (alice, agnes: A) and bob, whose case is not in
# it, finds none; the appointed reviewer (ron) reads it. The work programme and the pool are the Panel's.
NR_READERS = {"sam": 200, "pat": 200, "alice": 200, "agnes": 200, "ron": 200}
NR_MANAGED = {**dict.fromkeys(NR_READERS, 403), "sam": 200}
MATRIX += [
    (
        "national_review_list",
        (),
        by_role(dict.fromkeys(("sam", "pat", "alice", "agnes", "bob", "rita", "ron"), 200), 403),
    ),
    ("national_review_create", (), by_role({"sam": 200}, 403)),
    ("national_review_detail", ("NR",), by_role(NR_READERS, 404)),
    *[
        (name, ("NR",), by_role(NR_MANAGED, 404))
        for name in (
            "national_review_commission",
            "national_review_publish",
            "national_review_take_case",
            "national_review_appoint",
        )
    ],
    # Ending ron's appointment (reg 5(2)): the secretariat only (ron reads the review, so he gets a 403).
    ("national_review_remove_reviewer", ("NR", "RON"), by_role(NR_MANAGED, 404)),
    ("work_programme", (), by_role({"sam": 200, "pat": 200}, 403)),
    ("work_programme_topic_create", (), by_role({"sam": 200}, 403)),
    ("work_programme_topic", ("NT",), by_role({"sam": 200, "pat": 200}, 403)),
    ("work_programme_topic_status", ("NT",), by_role({"sam": 200}, 403)),
    ("reviewer_pool", (), by_role({"sam": 200, "pat": 200}, 403)),
    ("reviewer_pool_add", (), by_role({"sam": 200}, 403)),
    ("reviewer_pool_conflicts", ("RP",), by_role({"sam": 200}, 403)),
    ("reviewer_pool_remove", ("RP",), by_role({"sam": 200}, 403)),
]


# --- Documents and publication (cspr/documents/urls.py, cspr/learning/case_urls.py) ------------
# A case's documents: its own partnership's staff, the Panel and its reviewer read them; the same
# people attach them, except that of the Panel only the secretariat does. ("lcspr_publish", above,
# is now the learning app's page, with the same expectations.) Downloads: DOWNLOADS below.
MATRIX += [
    ("document_attach", ("A",), on_case("A", {"sam", "alice", "agnes", "rita"})),
    ("document_attach", ("B",), on_case("B", {"sam", "bob"})),
]
DOWNLOADS = [
    ("A", on_case("A", {"sam", "pat", "alice", "agnes", "rita", "ron"})),
    ("B", on_case("B", {"sam", "pat", "bob"})),
]
# Withdrawing one: the Panel secretariat and the manager of the case's own partnership. The verb is
# checked before the document is looked up, so for an id that is no document those allowed get 404
# and everyone else who sees the case 403: nobody learns which ids exist. WITHDRAWALS: a real one.
NO_DOCUMENT = 999_999
MATRIX += [
    ("document_withdraw", ("A", NO_DOCUMENT), {**on_case("A", set()), "sam": 404, "alice": 404}),
    ("document_withdraw", ("B", NO_DOCUMENT), {**on_case("B", set()), "sam": 404, "bob": 404}),
]
WITHDRAWALS = [
    ("A", on_case("A", {"sam", "alice"})),
    ("B", on_case("B", {"sam", "bob"})),
]

# --- The production run (issue 15: health and readiness, cspr/core/urls.py) --------------------
# A load balancer's probe: no sign-in, the same answer for everyone.
MATRIX += [("readyz", (), dict.fromkeys(EVERYONE, 200))]

# --- Audit, sign-in lockouts (issue 15, item 5: cspr/core/urls.py) ------------------------------
# The lockouts in force, for administrators; lifting one takes POSTs only (tests/service/test_sign_in_lockouts.py
# checks who may lift).
MATRIX += [
    ("lockout_list", (), {**dict.fromkeys(EVERYONE, 403), "adam": 200}),
    ("lockout_lift", (1,), dict.fromkeys(EVERYONE, 405)),
]


# --- The API (issue 14: cspr/api/urls.py) --------------------------------------------------------
# Signing in to the pages never opens the API: every persona's session gets 401 from every API
# route (tests/api/test_api_matrix.py runs the same routes with each persona's token: 404 out of
# scope, 403 without the verb). Tokens are issued and revoked by administrators only.
API_ROUTES = [
    ("api-1:api_notifications", ()),
    ("api-1:api_notification", ("A",)),
    ("api-1:api_notification", ("B",)),
    ("api-1:api_children", ("A",)),
    ("api-1:api_rapid_review", ("A",)),
    ("api-1:api_panel_response", ("B",)),
    ("api-1:api_lcspr", ("A",)),
    ("api-1:api_deadlines", ()),
    ("api-1:api_statistics", ()),
    ("api-1:api_learning_search", ()),
    ("api-1:api_token", ()),
]
MATRIX += [(name, args, dict.fromkeys(EVERYONE, 401)) for name, args in API_ROUTES]
MATRIX += [
    ("api_token_list", (), by_role({"adam": 200}, 403)),
    ("api_token_revoke", ("NONE",), dict.fromkeys(EVERYONE, 405)),  # POST only
]


# --- Learning that sticks: recommendations -> actions -> impact (issue 16, cspr/learning/urls.py) ----------
# The Panel and analysts read every partnership's actions, partnership staff their own; reviewers and
# administrators none (403). "RA" is alice's (Birmingham) action on a national review's recommendation:
# out of scope for bob, the reviewers and adam (404).
FOLLOW_UP_READERS = ("sam", "pat", "alice", "agnes", "bob", "ann")
MATRIX += [
    # Themes over the years: aggregate counts (a partnership's under disclosure control), for everyone signed in.
    ("learning_theme_recurrence", (), dict.fromkeys(EVERYONE, 200)),
    ("learning_follow_up", (), by_role(dict.fromkeys(FOLLOW_UP_READERS, 200), 403)),
    ("learning_recommendation_actions", ("PRR",), by_role(dict.fromkeys(FOLLOW_UP_READERS, 200), 403)),
    (
        "learning_recommendation_actions",
        ("URR",),
        by_role({**dict.fromkeys(("sam", "pat", "alice", "agnes", "ann"), 200)}, 404),
    ),
    (
        "learning_recommendation_action",
        ("RA",),
        by_role(dict.fromkeys(("sam", "pat", "alice", "agnes", "ann"), 200), 404),
    ),
]

# --- Recording a review's recommendations (cspr/learning/views_recommendations.py) -----------------------
# `learning.record_recommendations`: the Panel secretariat for any review, a partnership's manager for
# its own local reviews. "PR" is a published local review of no partnership in the register (the
# secretariat's to record; everyone else reads it, so 403); "UR" is Birmingham's unpublished one
# (alice's too; those who may not read it: 404).
RECORD_UNPUBLISHED = {"sam": 200, "alice": 200, "pat": 403, "agnes": 403, "ann": 403}
MATRIX += [
    ("learning_recommendation_add", ("PR",), by_role({"sam": 200}, 403)),
    ("learning_recommendation_add", ("UR",), by_role(RECORD_UNPUBLISHED, 404)),
    ("learning_recommendation_change", ("PRR",), by_role({"sam": 200}, 403)),
    ("learning_recommendation_change", ("URR",), by_role(RECORD_UNPUBLISHED, 404)),
    ("learning_recommendation_remove", ("PRR",), by_role({"sam": 200}, 403)),
    ("learning_recommendation_remove", ("URR",), by_role(RECORD_UNPUBLISHED, 404)),
]

# --- Statistics: early warning (issue 17, cspr/stats/urls.py) ----------------------------------------------
# Exact weekly counts by region: the Panel's roles only; analysts and partnerships get 403.
MATRIX += [
    ("statistics_early_warning", (), by_role(dict.fromkeys(("sam", "pat"), 200), 403)),
]

# --- Notification kinds (issue 13 item 1, cspr/cases/urls.py) -------------------------------------------
# Saying what is notified (a serious incident, a looked-after child's death, a care leaver's death):
# partnership staff, like every intake page; no case data.
MATRIX += [("intake_kind", (), by_role(dict.fromkeys(PARTNERSHIP_STAFF, 200), 403))]


# --- When the reviews close (cspr/core/access.py: LOCAL_REVIEW_OPEN, NATIONAL_REVIEW_OPEN) -------
# A reviewer reaches a case only while their review is open. Once case A's LCSPR is published (or
# the partners decide not to publish it) and the Panel publishes "NR", rita and ron see nothing of
# case A or of "NR" (404, like any case out of scope); everyone else keeps what they had. Nobody
# appoints a reviewer to the closed LCSPR: its reviewer page says the review is finished, and the
# action refuses (tests/service/test_reviewer_reach_ends_with_the_review.py).
CLOSED_SCOPE = IN_SCOPE["A"] - {"rita", "ron"}


def on_closed_case(allowed: set[str]) -> dict[str, int]:
    """`on_case("A", ...)` once the reviews of case A are closed: its reviewers see none of it."""
    return {p: (200 if p in allowed else 403) if p in CLOSED_SCOPE else 404 for p in EVERYONE}


CLOSED_MATRIX = [
    *[
        (name, ("A",), on_closed_case(CLOSED_SCOPE))
        for name in ("notification_detail", "rapid_review_read", "case_summary_pdf", "lcspr_detail")
    ],
    # The closed review's pages: its partnership manager is told it is finished (a 200 page).
    ("lcspr_reviewer", ("A",), on_closed_case({"alice"})),
    ("lcspr_milestone", ("A",), on_closed_case({"alice"})),
    ("lcspr_delay", ("A",), on_closed_case({"alice"})),
    ("document_attach", ("A",), on_closed_case({"sam", "alice", "agnes"})),
    ("national_review_detail", ("NR",), by_role({p: 200 for p in CLOSED_SCOPE}, 404)),
    (
        "national_review_list",
        (),
        by_role(dict.fromkeys(("sam", "pat", "alice", "agnes", "bob", "rita", "ron"), 200), 403),
    ),
]


def close_the_reviews(people, cases, national_review, *, local: str) -> None:
    """Case A's LCSPR published or recorded as not published (`local`), and "NR" published."""
    from datetime import date

    from cspr.reviews import actions

    review = cases["A"].practice_review
    actions.practice_review_send_final_report(
        actor=people["alice"], practice_review_id=review.pk, version=None, final_report_date=date(2020, 9, 10)
    )
    if local == "published":
        actions.practice_review_publish(
            actor=people["alice"],
            practice_review_id=review.pk,
            version=None,
            published_date=date(2020, 9, 20),
            final_report_url="https://example.org/review.pdf",
            outstanding_reason="Recorded before cspr",
        )
    else:
        actions.practice_review_record_not_published(
            actor=people["alice"], practice_review_id=review.pk, version=None, reason="The family asked us not to"
        )
    actions.national_review_publish(
        actor=people["sam"], national_review_id=national_review.pk, version=None, published_date=date(2021, 3, 1)
    )


def matrix_rows():
    for name, args, expected in MATRIX:
        assert set(expected) == set(EVERYONE), f"{name}: every persona needs an expectation"
        yield pytest.param(name, args, expected, id=f"{name}{list(args)}")


def national_review_of(people, cases):
    """The national review "NR": case A taken in under a topic ("NT"), ron appointed from the pool ("RP")."""
    from datetime import date

    from cspr.reviews import actions
    from tests.reviews.national import pool, take, topic

    review = actions.national_review_create(
        actor=people["sam"], title="Out of routine", programme_topic_id=topic(people, "SUDI").pk
    )
    take(people, review, cases["A"])
    pool(people)
    actions.national_review_appoint_reviewer(
        actor=people["sam"],
        national_review_id=review.pk,
        version=None,
        reviewer_id=people["ron"].pk,
        confirmed_date=date(2020, 5, 4),
    )
    return review


def learning_of(people):
    """A published review ("PR") and partnership A's unpublished one ("UR"), each with a recommendation."""
    from datetime import date

    from cspr.learning import actions
    from cspr.learning.ingest import parse_metadata
    from tests.learning.documents import metadata

    found = {}
    for key, extra in (("PR", {}), ("UR", {"published": False, "partnership": "birmingham"})):
        meta, errors = parse_metadata(metadata(title=f"Review {key}", **extra))
        assert not errors
        review = actions.review_add(actor=people["sam"], metadata=meta)
        found[key], found[key + "R"] = review.pk, review.recommendations.get().pk
    # Issue 16: alice's action ("RA") on a national review's recommendation.
    meta, errors = parse_metadata(metadata(title="National review", review_type="national_review"))
    national = actions.review_add(actor=people["sam"], metadata=meta)
    found["RA"] = actions.recommendation_action_add(
        actor=people["alice"],
        recommendation_id=national.recommendations.get().pk,
        description="Audit safer sleep",
        owning_agency="Health visiting",
        owner="Head of service",
        due_date=date(2030, 1, 31),
    ).pk
    return found


def build_world():
    people = personas()
    cases = two_cases(people)
    return {"NR": national_review_of(people, cases).pk, "learning": learning_of(people)}


@pytest.fixture(scope="module")
def world(request):
    """The personas, cases A and B, the national review and the learning, built once for the module.

    Every test here reads them and rolls its own writes back to them (tests/module_world.py).
    The fixtures below hand each test fresh instances, so no test sees another's in-memory changes.
    """
    yield from module_world(request, build_world)


@pytest.fixture
def national_review(db, world):
    return NationalReview.objects.get(pk=world["NR"])


@pytest.fixture
def learning(db, world):
    return dict(world["learning"])


def resolve(arg, cases, national_review, learning=None):
    """A case key ("A", "B") is its ref, "NR" the national review's id, a learning key its id, a number itself."""
    if arg == "NR":
        return national_review.pk
    if arg == "NT":
        return national_review.programme_topic_id
    if arg == "RON":
        return national_review.appointments.get().reviewer_id
    if arg == "RP":
        return national_review.appointments.get().reviewer.pool_entry.pk
    if learning and arg in learning:
        return learning[arg]
    if arg == "NONE":  # a name that is not a record (a token's, say)
        return "none"
    return arg if isinstance(arg, int) else cases[arg].ref


@pytest.mark.parametrize(("name", "args", "expected"), list(matrix_rows()))
def test_access(cases, people, client, national_review, learning, name, args, expected):
    # One URL per test, every persona within it: the fixtures are built once per row,
    # and a failure lists every persona that got the wrong answer.
    url = reverse(name, args=[resolve(a, cases, national_review, learning) for a in args])
    wrong = {}
    for persona, status in expected.items():
        client.force_login(people[persona])
        got = client.get(url).status_code
        if got != status:
            wrong[persona] = f"expected {status}, got {got}"
    assert not wrong, f"{url}: {wrong}"


@pytest.mark.parametrize("local", ["published", "not_published"])
@pytest.mark.parametrize(
    ("name", "args", "expected"), [pytest.param(*row, id=f"{row[0]}{list(row[1])}") for row in CLOSED_MATRIX]
)
def test_access_once_the_reviews_are_closed(cases, people, client, national_review, local, name, args, expected):
    close_the_reviews(people, cases, national_review, local=local)
    url = reverse(name, args=[resolve(a, cases, national_review) for a in args])
    wrong = {}
    for persona, status in expected.items():
        client.force_login(people[persona])
        got = client.get(url).status_code
        if got != status:
            wrong[persona] = f"expected {status}, got {got}"
    assert not wrong, f"{url}: {wrong}"


@pytest.mark.parametrize("name", ["dashboard", "notification_list", "audit_list"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name, cases):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_person_without_mfa_is_sent_to_set_it_up(cases, client):
    from tests.service.personas import make_user

    newcomer = make_user("nina", "panel_member", None, mfa=False)
    client.force_login(newcomer)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_partnership_lists_hold_only_their_own_cases(cases, people, client_for):
    page = client_for(people["alice"]).get(reverse("notification_list")).content.decode()
    assert "A-1" in page and "B-1" not in page
    exported = b"".join(client_for(people["bob"]).get(reverse("notification_list_csv")).streaming_content).decode()
    assert "B-1" in exported and "A-1" not in exported


def test_a_shared_case_becomes_visible_to_the_other_partnership(cases, people, client_for):
    from cspr.cases import actions

    actions.case_share(
        actor=people["alice"],
        notification_id=cases["A"].pk,
        partnership_id="city-and-hackney",
        reason="The child's home authority",
    )
    assert client_for(people["bob"]).get(reverse("notification_detail", args=["A-1"])).status_code == 200


DOCUMENT_PAGES = [("document_download", case, expected) for case, expected in DOWNLOADS] + [
    ("document_withdraw", case, expected) for case, expected in WITHDRAWALS
]


@pytest.mark.parametrize(
    ("page", "case", "expected"), DOCUMENT_PAGES, ids=[f"{page}[{case}]" for page, case, _ in DOCUMENT_PAGES]
)
def test_document_pages(cases, people, client, page, case, expected):
    # A document on each case, downloaded, and its withdrawal page opened (not sent), by every persona.
    from cspr.documents.actions import case_document_attach
    from tests.documents import files

    document = case_document_attach(
        actor=people["sam"],
        notification_id=cases[case].pk,
        kind="panel_letter",
        upload_name="letter.txt",
        data=files.text(f"The Panel's letter about case {case}.\n"),
    )
    url = reverse(page, args=[cases[case].ref, document.pk])
    wrong = {}
    for persona, status in expected.items():
        client.force_login(people[persona])
        got = client.get(url).status_code
        if got != status:
            wrong[persona] = f"expected {status}, got {got}"
    assert not wrong, f"{url}: {wrong}"
