"""What a person types that looks like FTS5's query syntax (NEAR(, ^, :, {}, +, a stray quote or *) is searched
as plain words on the search page: never an error page, never "That search could not be run", and the words
count as the same words typed plainly. Quoted words are a phrase; AND, OR, NOT and -word work as the page says.
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.service.personas import personas

pytestmark = pytest.mark.django_db

COULD_NOT_RUN = "That search could not be run"


@pytest.fixture
def searched(add_review, client):
    add_review(
        title="Baby I: bruising",
        learning_summary="Bruising near the ear of a non-mobile baby was accepted without a medical opinion.",
    )
    add_review(title="Baby S: safe sleep", learning_summary="The baby died while co-sleeping with a parent on a sofa.")
    client.force_login(personas()["alice"])

    def search(query: str) -> set[str]:
        response = client.get(reverse("learning_search") + "?" + urlencode({"q": query}))
        assert response.status_code == 200, query
        html = response.content.decode()
        assert COULD_NOT_RUN not in html, query
        return {name for name in ("Baby I", "Baby S") if f"{name}: " in html}

    return search


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("NEAR(bruising baby)", {"Baby I"}),  # the words near, bruising and baby
        ("NEAR(bruising baby, 5)", set()),  # ... and 5, which neither has
        ("^bruising", {"Baby I"}),
        ("title:bruising", set()),  # the word title, not a column
        ("summary:sofa", set()),
        ("bruising:", {"Baby I"}),
        (":sofa", {"Baby S"}),
        ("{title summary}: sofa", set()),
        ("bruising + baby", {"Baby I"}),
        ("bruis*", {"Baby I"}),
        ("*sofa", {"Baby S"}),
        ("ba*by", set()),  # the phrase "ba by", as a hyphen would make it
        ('"non-mobile baby"', {"Baby I"}),
        ('"baby non-mobile"', set()),
        ('"sofa', {"Baby S"}),
        ('sofa"', {"Baby S"}),
        ('a"b"c', set()),
        ("bruising AND baby", {"Baby I"}),
        ("bruising OR sofa", {"Baby I", "Baby S"}),
        ("baby NOT bruising", {"Baby S"}),
        ("baby -bruising", {"Baby S"}),
        ("baby - bruising", {"Baby I"}),
        ("NOT bruising", set()),
        ("(sofa)", {"Baby S"}),
        ("sofa)", {"Baby S"}),
        ("\\", set()),
    ],
)
def test_query_syntax_typed_into_the_search_box_is_searched_as_words(searched, query, found):
    assert searched(query) == found
