"""Search on whichever database the tests run on (SQLite FTS5 or PostgreSQL): same tests, same answers.

Every test here searches one corpus, built once for the module; tests/learning/test_search_snippets.py
searches reviews of its own.
"""

import pytest
from django.db import connection

from cspr.core.actors import system_actor
from cspr.learning import actions, search
from cspr.learning.models import PublishedReview
from tests.learning.reviews import add_review_as, text_documents_in
from tests.module_world import module_world

pytestmark = pytest.mark.django_db

CORPUS = [
    dict(
        title="Baby A: sleeping arrangements after a house move",
        year=2021,
        child_age_band="under_1",
        incident_type="death",
        incident_categories=["sudi"],
        characteristics=["sudi_unsafe_sleep", "parental_substance_misuse"],
        themes=["changing_risk"],
        text="Baby A died after co-sleeping on a sofa with his father, who had been drinking. "
        "Safer sleep advice was not repeated after the family moved to temporary accommodation.",
    ),
    dict(
        title="Child B: neglect over many years",
        year=2020,
        child_age_band="5_to_9",
        incident_type="serious_harm",
        incident_categories=["neglect"],
        characteristics=["neglect"],
        themes=["critical_thinking"],
        text="The children lived with chronic neglect. Dental decay and poor home conditions were accepted as normal. "
        "Professional curiosity was lacking and nobody questioned the mother's explanations.",
    ),
    dict(
        title="Child C: exploitation and going missing",
        year=2021,
        child_age_band="15_to_17",
        incident_type="serious_harm",
        incident_categories=["criminal_exploitation"],
        characteristics=["criminal_exploitation"],
        themes=["information_sharing"],
        review_type="scr",
        text="Child C went missing many times and was found running drugs on a county line. Information held by the "
        "police was not shared with the school. The neglect of his younger siblings was overlooked.",
    ),
    dict(
        title="National review: sleeping safely",
        year=2022,
        child_age_band="under_1",
        incident_type="death",
        incident_categories=["sudi"],
        characteristics=["sudi_unsafe_sleep"],
        themes=["leadership_culture"],
        review_type="national_review",
        text="Across the cases reviewed, co-sleeping and bed-sharing after alcohol use were common. "
        "Safe sleep messages were delivered once and not tailored to families' circumstances.",
    ),
]


def build_corpus(directory):
    """The four reviews of CORPUS, added through the actions; their ids by the title's first words."""
    actor = system_actor("cspr tests")
    text_document = text_documents_in(directory)
    reviews = {}
    for spec in CORPUS:
        spec = dict(spec)
        text = spec.pop("text")
        review = add_review_as(actor, document=text_document(text), **spec, learning_summary="", recommendations=[])
        reviews[review.title.split(":")[0]] = review.pk
    return reviews


@pytest.fixture(scope="module")
def world(request, tmp_path_factory):
    """The corpus, built once for the module (tests/module_world.py); each test's writes are rolled back."""
    yield from module_world(request, lambda: build_corpus(tmp_path_factory.mktemp("corpus")))


@pytest.fixture
def corpus(db, world):
    """The corpus's reviews, read afresh for each test (a test's changes to them are rolled back)."""
    found = PublishedReview.objects.in_bulk(world.values())
    return {key: found[pk] for key, pk in world.items()}


def find(query: str = "", **kwargs):
    """Search the whole repository (everything the Panel may read)."""
    return search.search(query, reviews=PublishedReview.objects.all(), **kwargs)


def titles(result):
    return [hit.title.split(":")[0] for hit in result.hits]


def test_the_backend_follows_the_database():
    expected = "PostgresBackend" if connection.vendor == "postgresql" else "SqliteBackend"
    assert type(search.backend()).__name__ == expected


def test_ranked_results_with_highlighted_snippets(corpus):
    result = find("neglect")
    assert set(titles(result)) == {"Child B", "Child C"}
    assert titles(result)[0] == "Child B"  # in the title as well as the text
    snippet = result.hits[0].snippet_html
    assert "<mark>" in snippet and "neglect" in snippet.lower()


@pytest.mark.parametrize("query", ["co-sleeping", '"co-sleeping"', "co sleeping", "CO-SLEEPING"])
def test_hyphenated_words_work_however_they_are_typed(corpus, query):
    assert set(titles(find(query))) == {"Baby A", "National review"}


def test_stemming_finds_other_forms_of_a_word(corpus):
    assert set(titles(find("sleeps"))) == {"Baby A", "National review"}


def test_phrases_must_match_in_order(corpus):
    assert titles(find('"professional curiosity"')) == ["Child B"]
    assert titles(find('"curiosity professional"')) == []


@pytest.mark.parametrize(
    "query,expected",
    [
        ("neglect AND dental", {"Child B"}),
        ("dental OR county", {"Child B", "Child C"}),
        ("neglect -dental", {"Child C"}),
        ("neglect NOT dental", {"Child B", "Child C"} - {"Child B"}),
        ("explo*", {"Child C"}),
        ("neglect AND", {"Child B", "Child C"}),
    ],
)
def test_operators(corpus, query, expected):
    assert set(titles(find(query))) == expected


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "AND",
        "NOT neglect",
        '"unclosed',
        "NEAR(",
        "title:",
        "'); DROP TABLE learning_review_fts; --",
        "neglect)",
        "^",
        "{}",
        "\\",
        "-",
        "a\x00b",
    ],
)
def test_hostile_input_never_breaks_search(corpus, query):
    result = find(query)
    assert result.total >= 0
    if result.parsed.is_empty:
        assert result.notices, "an empty query always says why"
    assert PublishedReview.objects.count() == 4


def test_only_exclusions_gives_a_friendly_message(corpus):
    result = find("-neglect")
    assert result.total == 0
    assert result.notices == ["Add a word to search for as well as the words to leave out."]


def test_facets_count_the_matches_and_are_disjunctive(corpus):
    result = find("sleeping", filters=search.Filters(years=(2021,)))
    assert titles(result) == ["Baby A"]
    years = {f.value: (f.count, f.selected) for f in result.facets["year"]}
    assert years == {"2021": (1, True), "2022": (1, False)}
    types = {f.value: f.count for f in result.facets["review_type"]}
    assert types == {"lcspr": 1}
    themes = {f.value: f.count for f in result.facets["theme"]}
    assert themes == {"changing_risk": 1}
    characteristics = {f.value: f.count for f in result.facets["characteristic"]}
    assert characteristics == {"sudi_unsafe_sleep": 1, "parental_substance_misuse": 1}


def test_every_facet_filters(corpus):
    cases = [
        (search.Filters(review_types=("scr",)), ["Child C"]),
        (search.Filters(age_bands=("under_1",)), ["Baby A", "National review"]),
        (search.Filters(incident_types=("serious_harm",)), ["Child B", "Child C"]),
        (search.Filters(themes=("critical_thinking",)), ["Child B"]),
        (search.Filters(characteristics=("neglect", "criminal_exploitation")), ["Child B", "Child C"]),
        (search.Filters(regions=("national",)), ["National review"]),
    ]
    for filters, expected in cases:
        assert sorted(titles(find("", filters=filters))) == expected, filters


def test_an_empty_query_with_no_filters_lists_everything_newest_first(corpus):
    result = find("")
    assert titles(result)[0] == "National review" and result.total == 4 and result.notices == []


def test_the_scope_limits_results_and_facets(corpus):
    visible = PublishedReview.objects.exclude(pk=corpus["Child C"].pk)
    result = search.search("neglect", reviews=visible)
    assert titles(result) == ["Child B"]
    assert {f.value for f in result.facets["review_type"]} == {"lcspr"}


def test_pages(corpus):
    first = find("sleeping OR neglect", per_page=2)
    second = find("sleeping OR neglect", per_page=2, page=2)
    assert first.total == 4 and first.pages == 2
    assert set(titles(first)).isdisjoint(titles(second))
    assert find("neglect", page=99).page == 1


def test_the_actions_keep_the_index_in_step(corpus, actor):
    review = corpus["Child B"]
    actions.review_update(
        actor=actor, review_id=review.pk, version=review.version, changes={"title": "Child B: renamed zebra"}
    )
    assert titles(find("zebra")) == ["Child B"]
    actions.recommendation_add(actor=actor, review_id=review.pk, text="Commission a giraffe-proof service.")
    assert titles(find("giraffe")) == ["Child B"]
    actions.source_document_remove(actor=actor, review_id=review.pk, reason="Retention period ended")
    assert find("dental").total == 0
    assert titles(find("zebra")) == ["Child B"]
    actions.review_delete(actor=actor, review_id=review.pk, reason="Added in error")
    assert find("zebra").total == 0


def test_reindex_rebuilds_from_the_database(corpus):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("learning", "reindex", stdout=out)
    assert out.getvalue().strip() == "reindexed 4 review(s)"
    assert set(titles(find("co-sleeping"))) == {"Baby A", "National review"}


def test_facets_follow_coding_changes_made_through_the_actions(corpus, actor):
    review = corpus["Child C"]
    assert "neglect" not in {f.value for f in find("county").facets["characteristic"]}
    actions.review_label_add(actor=actor, review_id=review.pk, kind="characteristic", code="neglect")
    assert {f.value: f.count for f in find("county").facets["characteristic"]}["neglect"] == 1
    actions.review_label_remove(actor=actor, review_id=review.pk, kind="characteristic", code="neglect")
    assert "neglect" not in {f.value for f in find("county").facets["characteristic"]}
