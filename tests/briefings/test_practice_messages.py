"""Practice content's problems read as plain sentences: which entry, which field, why; never
Python's quoting (`'https://…'`, `None`, `('theme', 'x')`). An editor sees them on the edit page;
whoever changes the seed or an agency's file sees them when it is read."""

import pytest
from django.urls import reverse

from cspr.briefings.agencies import read_agency
from cspr.briefings.models import PracticeContent
from cspr.briefings.practice import PracticeContentError, check_resource, read_seed

SEED_ENTRY = """
[links]
blog = {{ title = "A blog", url = "http://example.com/page" }}

[[entry]]
kind = "theme"
code = "daily_life"
title = "Daily life"
summary = "What daily life was like."
practice_points = ["Ask about {number} things."]
reflective_questions = ["What was a good day like?"]
resources = ["blog", "missing_link"]
"""


def test_a_resource_with_no_address_or_a_wrong_one_is_named_by_its_title():
    assert check_resource({"title": "A blog", "url": None}) == ["the resource “A blog” needs a web address"]
    (problem,) = check_resource({"title": "A blog", "url": "http://example.com/page"})
    assert problem.startswith("the resource “A blog” links to http://example.com/page: resources may only link")
    assert check_resource({"url": "https://www.gov.uk/x"}) == [
        "a resource needs a title (its address is https://www.gov.uk/x)"
    ]


def test_a_bad_seed_entry_is_named_with_its_field_and_no_python_quoting(tmp_path):
    seed = tmp_path / "practice_content.toml"
    seed.write_text(SEED_ENTRY.format(number=15), encoding="utf-8")
    with pytest.raises(PracticeContentError) as refused:
        read_seed(seed)
    message = str(refused.value)
    assert "[theme] daily_life: unknown link missing_link (add it under [links])" in message
    assert "[theme] daily_life: practice point 1: write numbers as words, not 15 (only years are in figures)" in message
    assert "[theme] daily_life: the resource “A blog” links to http://example.com/page:" in message
    assert "[characteristic] neglect: missing" in message
    assert "'" not in message and "None" not in message


def test_an_agency_file_names_a_bad_link_plainly(tmp_path):
    (tmp_path / "probation.toml").write_text(
        'name = "probation"\n[links]\nplain = { title = "A page", url = "http://www.gov.uk/page" }\n'
        '[theme]\ndaily_life = ["plain"]\n',
        encoding="utf-8",
    )
    with pytest.raises(PracticeContentError) as refused:
        read_agency("probation", folder=tmp_path)
    assert (
        "[links] plain: the resource “A page” links to http://www.gov.uk/page: resources may only link over https"
        in str(refused.value)
    )


@pytest.mark.django_db
def test_the_edit_page_says_which_resource_is_wrong_and_why(people, client_for):
    content = PracticeContent.objects.get(kind="characteristic", code="neglect")
    data = {
        "version": "1",
        "title": content.title,
        "summary": content.summary,
        "practice_points": "\n".join(content.practice_points),
        "reflective_questions": "\n".join(content.reflective_questions),
        "resources": "A page | Someone | http://example.com/page",
        "reason": "Checking the message",
    }
    response = client_for(people["adam"]).post(reverse("practice_content_edit", args=[content.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Check this resource: the resource “A page” links to http://example.com/page: resources may only link" in html
    )
    assert "&#x27;http" not in html and "'http" not in html
