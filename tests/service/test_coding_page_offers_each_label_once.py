"""The coding page offers each label once and says how reliable the suggester is in plain words.

"Children educated at home" was offered twice to code by hand, as a first-report practice theme and as
the case characteristic that covers it (docs/learning.md): it is offered once, as the characteristic,
and a review already coded with the theme still shows it. How reliable a label is, and why some are
never suggested, were given as "F1 0.91 against 0.91" on "held-out text": they are said plainly.
"""

import re

import pytest
from django.urls import reverse

from cspr.learning import actions
from cspr.learning.ingest import parse_metadata
from tests.learning.documents import metadata

pytestmark = pytest.mark.django_db


def coding_page(people, client_for, **overrides) -> str:
    meta, errors = parse_metadata(metadata(title="Child H: out of school", **overrides))
    assert not errors
    review = actions.review_add(actor=people["sam"], metadata=meta)
    response = client_for(people["sam"]).get(reverse("learning_review_coding", args=[review.pk]))
    assert response.status_code == 200
    return response.content.decode()


def choices(html: str) -> list[str]:
    select = re.search(r'<select[^>]*id="label".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]+)"', select)


def test_home_education_is_offered_once_as_the_characteristic(people, client_for, suggester):
    offered = choices(coding_page(people, client_for, themes=[], characteristics=[]))
    assert [c for c in offered if c.endswith(":home_education")] == ["characteristic:home_education"]
    assert "theme:daily_life" in offered and "characteristic:neglect" in offered


def test_a_review_coded_with_the_theme_still_shows_it(people, client_for, suggester):
    html = coding_page(people, client_for, themes=["home_education"], characteristics=[])
    assert "Children educated at home" in html
    assert "characteristic:home_education" in choices(html)


def test_reliability_is_said_in_plain_words(people, client_for, suggester):
    html = coding_page(people, client_for, themes=[], characteristics=[])
    assert suggester.hidden  # some labels are never suggested, and the page says why
    assert "held-out" not in html and "F1 " not in html and " against 0." not in html
    assert "passages of review text it had not learned from" in html
    assert re.search(r"searching for its usual phrases did as well \(right about \w+", html)
