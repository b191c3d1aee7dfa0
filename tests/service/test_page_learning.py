"""The learning repository's pages: search with facets, a review, its coding, recurrence, the case panels.

Every test here starts from the same world, built once for the module (tests/module_world.py):
the personas, four reviews in the repository, then cases A and B. A test's writes (a coding
decision, a review added, a sign-in's last_login) are rolled back to that world before the next.
Tests that need the repository absent are in test_page_learning_of_cases.py.
"""

import pytest
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.learning import actions
from cspr.learning.ingest import parse_metadata
from cspr.learning.models import PublishedReview, ReviewLabel, SuggestionStatus, ThemeSuggestion
from tests.learning.documents import metadata
from tests.module_world import module_world
from tests.service.cases import two_cases
from tests.service.personas import personas
from tests.service.world import world_people  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

SEARCH = reverse("learning_search")


def add(actor, **overrides) -> PublishedReview:
    if "year" in overrides and "publication_date" not in overrides:
        overrides["publication_date"] = f"{overrides['year']}-06-30"
    meta, errors = parse_metadata(metadata(**overrides))
    assert not errors, errors
    return actions.review_add(actor=actor, metadata=meta)


def add_repository(sam) -> dict[str, PublishedReview]:
    return {
        "sleep": add(
            sam,
            title="Baby S: safe sleep",
            year=2021,
            learning_summary="The baby died while co-sleeping with a parent on a sofa after drinking.",
        ),
        "injury": add(
            sam,
            title="Baby I: bruising",
            year=2022,
            incident_type="serious_harm",
            incident_categories=["physical_abuse"],
            characteristics=["non_accidental_injury"],
            themes=["critical_thinking"],
            learning_summary="Bruising to a non-mobile baby was accepted without a medical opinion.",
            recommendations=[
                {"text": "Follow the bruising protocol for non-mobile babies in every setting.", "status": "open"}
            ],
        ),
        "exploitation": add(
            sam,
            title="Child E: county lines",
            year=2019,
            review_type="scr",
            child_age_band="15_to_17",
            incident_categories=["criminal_exploitation"],
            incident_type="serious_harm",
            characteristics=["criminal_exploitation"],
            themes=["information_sharing"],
            learning_summary="He was exploited through county lines after leaving school.",
        ),
        # Learning partnership A shared with the Panel but did not publish.
        "unpublished_a": add(
            sam,
            title="Baby U: unpublished bruising",
            year=2020,
            published=False,
            partnership="birmingham",
            incident_type="serious_harm",
            incident_categories=["physical_abuse"],
            characteristics=["non_accidental_injury"],
            learning_summary="Bruising to a non-mobile baby was not referred.",
            recommendations=[{"text": "Follow the bruising protocol for non-mobile babies always.", "status": "open"}],
        ),
    }


def build_world() -> dict[str, int]:
    """The personas, the repository and then cases A and B, in the order the per-test fixtures made them."""
    people = personas()
    repository = add_repository(people["sam"])
    two_cases(people)
    return {name: review.pk for name, review in repository.items()}


@pytest.fixture(scope="module")
def world(request):
    yield from module_world(request, build_world)


# Each test gets its own instances, fetched from the world: a shared instance would carry one
# test's in-memory changes (a sign-in's last_login, a cached relation) into the next.
@pytest.fixture
def repository(db, world):
    found = PublishedReview.objects.in_bulk(world.values())
    return {name: found[pk] for name, pk in world.items()}


@pytest.fixture
def cases(db, world):
    found = Notification.objects.in_bulk(["A-1", "B-1"], field_name="ref")
    return {"A": found["A-1"], "B": found["B-1"]}


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# --- Search -------------------------------------------------------------------------------------


def test_search_ranks_highlights_and_counts_facets(repository, people, client_for):
    html = page(client_for(people["alice"]), SEARCH + "?q=co-sleeping")
    assert "1 review found" in html
    assert "Baby S: safe sleep" in html and "<mark>" in html
    # Facets show what the matches hold, with counts.
    assert 'name="year" type="checkbox" value="2021"' in html


def test_facets_filter_and_can_be_removed(repository, people, client_for):
    client = client_for(people["alice"])
    html = page(client, SEARCH + "?q=baby&characteristic=non_accidental_injury")
    assert "Baby I: bruising" in html and "Baby S: safe sleep" not in html
    assert 'Remove<span class="govuk-visually-hidden"> filter</span> case characteristic' in html
    # The removal link keeps the words and drops only that filter.
    assert 'href="/learning/?q=baby"' in html


def test_facets_are_disjunctive_within_a_facet(repository, people, client_for):
    html = page(client_for(people["sam"]), SEARCH + "?year=2019&year=2021")
    assert "Baby S: safe sleep" in html and "Child E: county lines" in html and "Baby I: bruising" not in html
    assert "2 reviews found" in html


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "*", "co-sleeping AND", "NOT", "((", "<script>"])
def test_awkward_queries_get_a_page_not_an_error(repository, people, client_for, query):
    html = page(client_for(people["alice"]), SEARCH + "?" + f"q={query}".replace("&", "%26"))
    assert "<script>" not in html.split("<main", 1)[1]


def test_unknown_filter_values_are_ignored(repository, people, client_for):
    html = page(client_for(people["alice"]), SEARCH + "?year=abc&type=nonsense&theme=DROP%20TABLE&page=x")
    assert "4 reviews in the repository" in html  # her partnership's unpublished one too


def test_unpublished_learning_is_only_for_the_panel_analysts_and_its_partnership(repository, people, client_for):
    client = client_for(people["bob"])
    assert "Baby U" not in page(client, SEARCH + "?q=bruising")
    page(client, reverse("learning_review_detail", args=[repository["unpublished_a"].pk]), 404)
    for name in ("alice", "agnes", "sam", "ann"):
        client = client_for(people[name])
        assert "Baby U: unpublished bruising" in page(client, SEARCH + "?q=bruising")
        html = page(client, reverse("learning_review_detail", args=[repository["unpublished_a"].pk]))
        assert "not published" in html


# --- A review and its recommendations ------------------------------------------------------------


def test_review_page_shows_coding_recommendations_and_similar_reviews(repository, people, client_for):
    html = page(client_for(people["alice"]), reverse("learning_review_detail", args=[repository["injury"].pk]))
    assert "Critical thinking" in html or "critical thinking" in html.lower()
    assert "Follow the bruising protocol" in html
    assert "Similar reviews" in html
    # Alice can see her partnership's unpublished review, which shares the characteristic.
    assert "Baby U: unpublished bruising" in html and "shares: non-accidental injury" in html.lower()
    html = page(client_for(people["bob"]), reverse("learning_review_detail", args=[repository["injury"].pk]))
    assert "Baby U" not in html


def test_recurrence_lists_earlier_recommendations_in_reviews_the_person_may_read(repository, people, client_for):
    recommendation = repository["injury"].recommendations.get()
    url = reverse("learning_recommendation_detail", args=[recommendation.pk])
    assert "Similar recommendations were made in 1 review since 2020" in page(client_for(people["alice"]), url)
    assert "No similar recommendations in earlier reviews" in page(client_for(people["bob"]), url)
    # Only earlier reviews count: the 2020 recommendation was not made "before" in 2022.
    earlier = repository["unpublished_a"].recommendations.get()
    url = reverse("learning_recommendation_detail", args=[earlier.pk])
    assert "No similar recommendations in earlier reviews" in page(client_for(people["alice"]), url)


def test_reading_an_ordinary_published_review_is_not_audited(repository, people, client_for):
    page(client_for(people["alice"]), reverse("learning_review_detail", args=[repository["sleep"].pk]))
    assert not AuditEvent.objects.filter(action="learning.review.view").exists()


# --- Coding ---------------------------------------------------------------------------------------


def decide(client, review, **data):
    return client.post(reverse("learning_review_coding_decide", args=[review.pk]), data)


def test_a_coder_generates_accepts_and_rejects_suggestions(repository, people, client_for, every_label_shown):
    sam, review = people["sam"], repository["sleep"]
    client = client_for(sam)
    response = decide(client, review, decision="generate")
    assert response.status_code == 302 and response["Location"] == reverse("learning_review_coding", args=[review.pk])
    pending = list(review.suggestions.filter(status=SuggestionStatus.PENDING))
    assert pending, "the sleep review should draw suggestions"
    html = page(client, reverse("learning_review_coding", args=[review.pk]))
    assert "Suggestions to decide" in html and "Why it was suggested" in html
    first, *rest = pending
    decide(client, review, decision="accept", suggestion=first.pk)
    assert ReviewLabel.objects.filter(review=review, code=first.code, coded_by=sam, source="suggestion").exists()
    assert AuditEvent.objects.filter(action="learning.suggestion.accept", actor=sam, object_id=str(first.pk)).exists()
    if rest:
        decide(client, review, decision="reject", suggestion=rest[0].pk, reason="the review does not say this")
        rejected = ThemeSuggestion.objects.get(pk=rest[0].pk)
        assert rejected.status == "rejected" and rejected.reason == "the review does not say this"
        assert AuditEvent.objects.filter(action="learning.suggestion.reject", reason="the review does not say this")
    html = page(client, reverse("learning_review_coding", args=[review.pk]))
    assert "Decided suggestions" in html


def test_a_coder_codes_by_hand_and_removes(repository, people, client_for):
    sam, review = people["sam"], repository["sleep"]
    client = client_for(sam)
    decide(client, review, decision="add", label="theme:leadership_culture")
    assert review.labels.filter(kind="theme", code="leadership_culture", source="manual").exists()
    decide(client, review, decision="remove", label="theme:leadership_culture")
    assert not review.labels.filter(code="leadership_culture").exists()
    assert AuditEvent.objects.filter(action__in=["learning.label.add", "learning.label.remove"]).count() == 2


def test_bad_coding_requests_change_nothing_and_say_why(repository, people, client_for):
    client = client_for(people["sam"])
    review, other = repository["sleep"], repository["injury"]
    suggestion = ThemeSuggestion.objects.create(
        review=other,
        kind="theme",
        code="changing_risk",
        score=0.9,
        lexicon_version="x",
        model_version="y",
        created_at=other.created_at,
        status="pending",
    )
    before = AuditEvent.objects.count()
    for data, why in (
        ({"decision": "accept", "suggestion": suggestion.pk}, "no longer on this review"),  # another review's
        ({"decision": "add", "label": "theme:not_a_theme"}, "is not a theme code"),
        ({"decision": "add", "label": ""}, "Select a practice theme or case characteristic"),
        ({"decision": "shred"}, "Choose accept, reject, add or remove"),
    ):
        decide(client, review, **data)
        html = page(client, reverse("learning_review_coding", args=[review.pk]))
        assert "There is a problem" in html and why in html, data
    assert AuditEvent.objects.count() == before
    assert ThemeSuggestion.objects.get(pk=suggestion.pk).status == "pending"


@pytest.mark.parametrize("name", ["alice", "agnes", "bob", "pat", "rita"])
def test_people_who_do_not_code_cannot(repository, people, client_for, name):
    review = repository["sleep"]
    client = client_for(people[name])
    assert client.get(reverse("learning_review_coding", args=[review.pk])).status_code == 403
    assert decide(client, review, decision="add", label="theme:leadership_culture").status_code == 403
    assert not review.labels.filter(code="leadership_culture").exists()


# --- Public access ------------------------------------------------------------------------------


def test_without_public_access_visitors_must_sign_in(repository, client):
    for url in (SEARCH, reverse("learning_review_detail", args=[repository["sleep"].pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_public_access_shows_published_reviews_only(repository, client, settings):
    settings.CSPR_LEARNING_PUBLIC_ACCESS = True
    html = page(client, SEARCH + "?q=bruising")
    assert "Baby I: bruising" in html and "Baby U" not in html
    assert "Sign in" in html
    html = page(client, reverse("learning_review_detail", args=[repository["injury"].pk]))
    assert "Follow the bruising protocol" in html and "coded by" not in html and "Code this review" not in html
    page(client, reverse("learning_review_detail", args=[repository["unpublished_a"].pk]), 404)
    response = client.get(reverse("learning_review_coding", args=[repository["injury"].pk]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    # Nothing else opens: the register still sends visitors to sign in.
    assert client.get(reverse("notification_list")).status_code == 302


# --- The similar-reviews panel on case pages -------------------------------------------------------


def test_notification_and_rapid_review_pages_show_similar_published_reviews(repository, cases, people, client_for):
    # Case A: serious harm, physical abuse, a baby under 1: like "Baby I: bruising".
    client = client_for(people["alice"])
    for url in (
        reverse("notification_detail", args=[cases["A"].ref]),
        reverse("rapid_review_edit", args=[cases["A"].ref]),
    ):
        html = page(client, url)
        assert "Similar reviews" in html and "Baby I: bruising" in html
        assert "non-accidental injury" in html.lower()
    # bob's case panel never offers partnership A's unpublished learning.
    html = page(client_for(people["bob"]), reverse("notification_detail", args=[cases["B"].ref]))
    assert "Baby U" not in html


def test_a_case_shows_its_own_published_learning_apart_from_similar_reviews(repository, cases, people, client_for):
    own = add(
        people["sam"],
        title="Baby A-1: the own review",
        incident_type="serious_harm",
        incident_categories=["physical_abuse"],
        characteristics=["non_accidental_injury"],
        notification_ref=cases["A"].ref,
    )
    html = page(client_for(people["alice"]), reverse("notification_detail", args=[cases["A"].ref]))
    main, panel = html.split('aria-labelledby="similar-reviews-heading"')
    assert "Learning from this case in the repository" in main and own.title in main
    assert own.title not in panel and "Baby I: bruising" in panel


def test_a_decision_on_learning_out_of_scope_is_a_404_and_changes_nothing(repository, people, client_for):
    before = AuditEvent.objects.count()
    response = decide(client_for(people["bob"]), repository["unpublished_a"], decision="generate")
    assert response.status_code == 404 and AuditEvent.objects.count() == before
    assert "Baby U" not in response.content.decode()


@pytest.mark.parametrize(
    "query", ["?page=²", "?year=²", "?page=" + "9" * 5000, "?year=" + "9" * 5000, "?page=-1", "?page=0"]
)
def test_odd_numbers_in_the_address_are_ignored_not_a_crash(repository, people, client_for, query):
    page(client_for(people["alice"]), SEARCH + query)


def test_an_odd_year_on_a_recommendation_page_is_ignored(repository, people, client_for):
    recommendation = repository["injury"].recommendations.get()
    url = reverse("learning_recommendation_detail", args=[recommendation.pk])
    page(client_for(people["alice"]), url + "?since=²")


def test_a_stale_or_odd_suggestion_gets_a_plain_error(repository, people, client_for):
    client, review = client_for(people["sam"]), repository["sleep"]
    for suggestion in ("²", "999999", "x"):
        decide(client, review, decision="accept", suggestion=suggestion)
        html = page(client, reverse("learning_review_coding", args=[review.pk]))
        assert "no longer on this review" in html and "matching query" not in html
        assert "<title>Error: " in html and "govuk-error-summary__list" in html


def test_a_decision_s_outcome_is_shown_once(repository, people, client_for):
    client, review = client_for(people["sam"]), repository["sleep"]
    decide(client, review, decision="add", label="theme:leadership_culture")
    assert "Coded: " in page(client, reverse("learning_review_coding", args=[review.pk]))
    assert "Coded: " not in page(client, reverse("learning_review_coding", args=[review.pk]))


@pytest.mark.parametrize(
    ("name", "status"),
    [("bob", 404), ("rita", 404), ("ron", 404), ("adam", 404), ("pat", 403), ("alice", 403), ("agnes", 403)],
)
def test_decisions_on_unpublished_learning_refuse_everyone_but_coders(repository, people, client_for, name, status):
    before = AuditEvent.objects.count()
    response = decide(client_for(people[name]), repository["unpublished_a"], decision="add", label="theme:daily_life")
    assert response.status_code == status and AuditEvent.objects.count() == before


def test_public_access_opens_published_recommendations_only(repository, client, settings):
    settings.CSPR_LEARNING_PUBLIC_ACCESS = True
    published = repository["injury"].recommendations.get()
    unpublished = repository["unpublished_a"].recommendations.get()
    assert "No similar recommendations" in page(client, reverse("learning_recommendation_detail", args=[published.pk]))
    page(client, reverse("learning_recommendation_detail", args=[unpublished.pk]), 404)
    response = client.post(reverse("learning_review_coding_decide", args=[repository["injury"].pk]), {"decision": "x"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    "reason, message",
    [
        ("why\x00", "the reason must not contain invisible control characters: remove the one at character 4"),
        ("w" * 501, "the reason must be 500 characters or fewer"),
    ],
)
def test_a_coding_reason_that_cannot_be_kept_is_refused_not_cut_or_stored(
    repository, people, client_for, reason, message
):
    """A NUL in the reason was a server error on PostgreSQL; a long one was cut to 500 characters unsaid."""
    client = client_for(people["sam"])
    review = repository["sleep"]
    decide(client, review, decision="add", label="theme:leadership_culture", reason=reason)
    assert not review.labels.filter(code="leadership_culture").exists()
    html = page(client, reverse("learning_review_coding", args=[review.pk]))
    assert message.capitalize() in html or message in html
