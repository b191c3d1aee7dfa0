"""Themes over the years, charted (issue 16, item 4), in Chromium with axe and the CSP enforced.

The charts are inline SVG: no script and no style attribute, so the page's
Content-Security-Policy refuses nothing (check_page fails on any console error),
and axe finds no violation with the tables below them.
"""

from tests.browser.conftest import signed_in, visit
from tests.service.personas import PARTNERSHIP_A


def given_coded_reviews_over_two_years(people):
    from cspr.learning import actions
    from cspr.learning.ingest import parse_metadata
    from tests.learning.documents import metadata

    coded = [(2021, "information_sharing")] * 5 + [(2021, "changing_risk"), (2022, "information_sharing")]
    for n, (year, theme) in enumerate(coded):
        meta, errors = parse_metadata(
            metadata(
                title=f"Child {n}",
                year=year,
                publication_date=f"{year}-06-30",
                partnership=PARTNERSHIP_A,
                themes=[theme],
            )
        )
        assert not errors, errors
        actions.review_add(actor=people["sam"], metadata=meta)


def test_each_themes_share_is_charted_nationally_and_for_a_partnership(page, people):
    given_coded_reviews_over_two_years(people)
    signed_in(page, people["pat"])
    visit(page, "/learning/recurrence/", "Themes over the years")
    charts = page.locator("main svg[role=img]")
    assert charts.count() == 2
    assert charts.first.is_visible()
    assert page.locator("main svg[role=img] text", has_text="[c]").count() == 0
    visit(page, f"/learning/recurrence/?partnership={PARTNERSHIP_A}", "Themes over the years")
    assert page.locator("main svg[role=img]").count() == 2
    # Changing risk's 1 of 6 and 2022's base of 1 are hidden: marked [c], not drawn.
    assert page.locator("main svg[role=img] text", has_text="[c]").count() == 3
