"""A search that finds nothing says how many reviews each word finds, offers the largest set of the words
that finds something, and the nearest word for one that finds nothing: all among the reviews the person
may see. Same tests on SQLite (FTS5's fts5vocab) and PostgreSQL (ts_stat), whichever the suite runs on.
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from cspr.core.actors import system_actor
from cspr.domain.text_query import parse
from cspr.learning import search
from cspr.learning.models import PublishedReview
from cspr.learning.search.rescue import edit_distance, query_text
from tests.learning.reviews import add_review_as, text_documents_in
from tests.module_world import module_world

pytestmark = pytest.mark.django_db

REVIEWS = [
    dict(title="Child C: going missing", text="Criminal exploitation was recognised late by the school."),
    dict(title="Child D: drugs", text="The criminal exploitation of a teenager by older men was not seen."),
    dict(title="Child E: telephone", text="Calls to the telephone lines of children's services went unanswered."),
    dict(title="Child F: neglect", text="Chronic neglect of the families was accepted. Dental decay was ignored."),
    dict(title="Child G: neglect at home", text="Neglect of the younger siblings went unnoticed for years."),
    # Learning shared with the Panel, not published: never counted or suggested to those who cannot read it.
    dict(
        title="Child U: unpublished",
        text="County officers fabricated records. The neglet spelling appears only here.",
        published=False,
    ),
]


def build(directory):
    actor = system_actor("cspr tests")
    document = text_documents_in(directory)
    for spec in REVIEWS:
        spec = dict(spec)
        add_review_as(actor, document=document(spec.pop("text")), **spec, learning_summary="", recommendations=[])


@pytest.fixture(scope="module")
def world(request, tmp_path_factory):
    yield from module_world(request, lambda: build(tmp_path_factory.mktemp("zero")))


@pytest.fixture
def reviews(db, world):
    return world


def as_public(query: str, **kwargs):
    """What someone who may read published reviews only is shown."""
    return search.search(query, reviews=PublishedReview.objects.published(), **kwargs)


def as_panel(query: str, **kwargs):
    return search.search(query, reviews=PublishedReview.objects.all(), **kwargs)


def counts(result):
    return {word.text: word.count for word in result.rescue.words}


def test_each_word_is_counted_and_the_largest_set_that_finds_something_is_offered(reviews):
    result = as_public("criminal exploitation county lines")
    assert result.total == 0
    assert counts(result) == {"criminal": 2, "exploitation": 2, "county": 0, "lines": 1}
    assert (result.rescue.fewer.query, result.rescue.fewer.count) == ("criminal exploitation", 2)


def test_a_word_missing_from_a_phrase_query_is_dropped_from_the_offer(reviews):
    result = as_public('"criminal exploitation" school telephone')
    assert counts(result) == {'"criminal exploitation"': 2, "school": 1, "telephone": 1}
    # Two words find one review each together ("criminal exploitation" and school): the largest set wins.
    assert result.rescue.fewer.query == '"criminal exploitation" school'
    assert result.rescue.fewer.count == 1


def test_a_single_word_that_finds_nothing_is_given_the_nearest_word(reviews):
    result = as_public("neglet")
    assert result.total == 0 and result.rescue.words == ()  # one word: its count is the page's own
    assert (result.rescue.spelling.query, result.rescue.spelling.count) == ("neglect", 2)


def test_the_nearest_word_is_spelt_as_the_reviews_write_it_not_as_its_stem(reviews):
    # The index holds "famili" (Porter's stem); a person is offered a word they would type.
    result = as_public("familes")
    assert result.rescue.spelling.query == "families"


def test_a_corrected_word_is_shown_with_its_count_even_when_the_whole_query_still_finds_nothing(reviews):
    result = as_public("neglet telephone")
    neglet = result.rescue.words[0]
    assert (neglet.text, neglet.count) == ("neglet", 0)
    assert (neglet.nearest.text, neglet.nearest.count) == ("neglect", 2)
    assert result.rescue.spelling is None  # "neglect telephone" finds nothing either
    assert result.rescue.fewer.query == "telephone"


def test_the_corrected_query_keeps_the_other_words_and_those_left_out(reviews):
    result = as_public("neglet -dental")
    assert (result.rescue.spelling.query, result.rescue.spelling.count) == ("neglect -dental", 1)


def test_only_a_plain_word_is_corrected_never_a_phrase_that_starts_with_it(reviews):
    result = as_public('neglet "neglet decay"')
    assert [word.nearest.text if word.nearest else None for word in result.rescue.words] == ["neglect", None]
    assert result.rescue.spelling is None  # "neglect" and the phrase, as typed, find nothing


def test_filters_apply_to_every_count(reviews):
    result = as_public("criminal exploitation county", filters=search.Filters(review_types=("scr",)))
    assert counts(result) == {"criminal": 0, "exploitation": 0, "county": 0}
    assert result.rescue.fewer is None and result.rescue.spelling is None


def test_nothing_is_offered_when_the_search_found_something(reviews):
    assert not as_public("neglect").rescue


def test_an_unpublished_reviews_words_are_never_counted_or_suggested_to_someone_who_cannot_see_it(reviews):
    # The Panel may read the unpublished review: its words count and can be suggested.
    assert counts(as_panel("criminal county")) == {"criminal": 2, "county": 1}
    assert as_panel("recrds").rescue.spelling.query == "records"
    # Published-only readers: "county" finds nothing, "records" is never offered, and a word only the
    # unpublished review has ("neglet") counts 0 and is corrected to a published word.
    public = as_public("criminal county")
    assert counts(public) == {"criminal": 2, "county": 0}
    assert public.rescue.fewer.query == "criminal"
    assert not as_public("recrds").rescue
    assert as_public("recrds criminal").rescue.words[0].nearest is None
    neglet = as_public("neglet telephone").rescue.words[0]
    assert neglet.count == 0 and neglet.nearest.text == "neglect"


def test_the_page_offers_links_that_keep_the_filters_and_shows_the_counts(reviews, client, settings):
    settings.CSPR_LEARNING_PUBLIC_ACCESS = True
    url = reverse("learning_search")
    response = client.get(url + "?" + urlencode({"q": "criminal exploitation county lines", "type": "lcspr"}))
    html = response.content.decode()
    assert "county: 0 reviews" in html and "criminal: 2 reviews" in html and "lines: 1 review</li>" in html
    assert "?" + urlencode({"q": "criminal exploitation", "type": "lcspr"}).replace("&", "&amp;") in html
    html = client.get(url + "?" + urlencode({"q": "neglet"})).content.decode()
    assert 'Did you mean <a class="govuk-link" href="?q=neglect">neglect</a>? (2 reviews)' in html


def test_the_page_never_shows_an_unpublished_word_to_a_visitor(reviews, client, settings):
    settings.CSPR_LEARNING_PUBLIC_ACCESS = True
    html = client.get(reverse("learning_search") + "?" + urlencode({"q": "recrds county"})).content.decode()
    assert "records" not in html
    assert "county: 0 reviews" in html


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("neglet", "neglect", 2, 1),
        ("abcd", "abdc", 2, 1),  # neighbours swapped: one edit
        ("kitten", "sitting", 5, 3),
        ("neglect", "dental", 2, 3),  # past the limit: limit + 1
        ("same", "same", 1, 0),
    ],
)
def test_edit_distance(a, b, limit, expected):
    assert edit_distance(a, b, limit) == expected


@pytest.mark.parametrize(
    "query",
    [
        "criminal exploitation",
        '"co sleeping" alcohol',
        "cannabis OR cocaine neglect",
        "negl* -dental",
        'abuse NOT "b c"',
    ],
)
def test_an_offered_query_means_what_its_words_meant(query):
    parsed = parse(query)
    assert parse(query_text(parsed.groups, parsed.excluded)) == parsed
