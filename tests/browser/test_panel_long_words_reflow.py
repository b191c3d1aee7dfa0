"""At 320 CSS px a long unbroken word the Panel typed (an address in a topic's summary, a 200-character
title) wraps on the work programme and national review pages instead of widening them (WCAG 1.4.10)."""

from tests.browser.conftest import check_reflow, signed_in, visit

LONG_WORD = "https://www.example-partnership.org.uk/" + "a-very-long-unbroken-address-" * 8


def given_a_topic_and_a_review_with_long_words(people):
    from cspr.reviews import actions

    topic = actions.work_programme_topic_create(
        actor=people["sam"], title="T" * 200, programme_year="2026-27", summary=LONG_WORD
    )
    review = actions.national_review_create(actor=people["sam"], title="R" * 200, programme_topic_id=topic.pk)
    return topic, review


def test_the_panels_long_words_wrap_at_320_px(page, people):
    topic, review = given_a_topic_and_a_review_with_long_words(people)
    signed_in(page, people["sam"])
    for path in (f"/work-programme/{topic.pk}/", f"/national-reviews/{review.pk}/"):
        visit(page, path)
        check_reflow(page)  # not only on pages with a table


def test_a_form_pages_caption_wraps_at_320_px(page, people):
    topic, review = given_a_topic_and_a_review_with_long_words(people)
    signed_in(page, people["sam"])
    for path in (f"/work-programme/{topic.pk}/status/", f"/national-reviews/{review.pk}/commission/"):
        visit(page, path)
        check_reflow(page)
