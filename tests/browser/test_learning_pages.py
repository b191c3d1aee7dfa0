"""The learning repository's pages in Chromium: 0 axe violations, and a coder's decision through the page."""

from tests.browser.conftest import check_page, signed_in, visit


def _add_reviews(people, cases):
    from cspr.learning import actions
    from cspr.learning.ingest import parse_metadata
    from tests.learning.documents import metadata

    added = []
    for overrides in (
        {
            "title": "Baby I: bruising",
            "incident_type": "serious_harm",
            "incident_categories": ["physical_abuse"],
            "characteristics": ["non_accidental_injury"],
            "themes": [],
            "learning_summary": "Bruising to a non-mobile baby was accepted without a medical opinion. The father "
            "was not part of any assessment.",
            "notification_ref": cases["A"].ref,
        },
        {
            "title": "Baby S: safe sleep",
            "year": 2022,
            "publication_date": "2022-05-01",
            "learning_summary": "The baby died while co-sleeping on a sofa after the parents had been drinking.",
        },
    ):
        meta, errors = parse_metadata(metadata(**overrides))
        assert not errors, errors
        added.append(actions.review_add(actor=people["sam"], metadata=meta))
    return added


def test_the_learning_pages_have_no_axe_violations(suggester, page, people, cases):
    injury, sleep = _add_reviews(people, cases)
    signed_in(page, people["sam"])
    visit(page, "/learning/", "Learning from reviews")
    visit(page, "/learning/?q=co-sleeping&year=2022", "Search results")
    visit(page, '/learning/?q="unbalanced', "Search results")
    # A search that finds nothing: each word's count, a spelling, and the words that find something.
    visit(page, "/learning/?q=bruisng", "Search results")
    assert "Did you mean bruising?" in page.inner_text("main")
    visit(page, "/learning/?q=bruisng+sofa+county&year=2022", "Search results")
    assert "county: 0 reviews" in page.inner_text("main") and "Search for sofa" in page.inner_text("main")
    visit(page, f"/learning/reviews/{injury.pk}/", "Baby I: bruising")
    visit(page, f"/learning/recommendations/{injury.recommendations.first().pk}/", "Recommendation 1")
    visit(page, f"/learning/reviews/{sleep.pk}/coding/", "Code the review")
    # A decision through the page: code the review by hand, and see it coded.
    page.select_option("#label", "theme:leadership_culture")
    page.click("button:has-text('Add')")
    check_page(page, "Code the review")
    assert "Coded: " in page.inner_text(".govuk-notification-banner")
    assert sleep.labels.filter(code="leadership_culture").exists()
    # The similar-reviews panel on the case pages.
    signed_in(page, people["alice"])
    visit(page, f"/notifications/{cases['A'].ref}/", f"Notification {cases['A'].ref}")
    # Its own review is its learning; the panel offers the others.
    assert "Baby I: bruising" in page.inner_text("main") and "Baby I" not in page.inner_text("aside")
    assert "Baby S: safe sleep" in page.inner_text("aside")
