"""Similar reviews (with the reason shown) and recurring recommendations."""

import pytest

from cspr.learning import similar
from cspr.learning.models import PublishedReview, Recommendation
from cspr.learning.similar import age_band
from tests import factories

pytestmark = pytest.mark.django_db


def similar_reviews(**kwargs):
    """Among the whole repository (everything the Panel may read)."""
    return similar.similar_reviews(reviews=PublishedReview.objects.all(), **kwargs)


def similar_recommendations(recommendation, **kwargs):
    return similar.similar_recommendations(recommendation, reviews=PublishedReview.objects.all(), **kwargs)


@pytest.fixture
def reviews(add_review, text_document):
    def add(title, text, **kw):
        return add_review(title=title, document=text_document(text), recommendations=[], learning_summary="", **kw)

    return {
        "infant": add(
            "Baby D",
            "A baby of ten weeks had fractures and bruising. The father had been violent to the mother. "
            "The health visitor did not know about the police call-outs.",
            child_age_band="under_1", incident_type="serious_harm", incident_categories=["physical_abuse"],
            characteristics=["domestic_abuse", "non_accidental_injury"], themes=["information_sharing"],
        ),
        "infant2": add(
            "Baby E",
            "An infant was admitted with rib fractures. Domestic abuse in the household was known to the police "
            "but the information was not shared with health services.",
            child_age_band="under_1", incident_type="serious_harm", incident_categories=["physical_abuse"],
            characteristics=["domestic_abuse", "non_accidental_injury"], themes=["information_sharing"],
        ),
        "teen": add(
            "Child F",
            "A fifteen-year-old was exploited on a county line and went missing many times.",
            child_age_band="15_to_17", incident_type="serious_harm", incident_categories=["criminal_exploitation"],
            characteristics=["criminal_exploitation"], themes=["changing_risk"],
        ),
        "sleep": add(
            "Baby G",
            "A baby died while bed-sharing with parents who had been drinking alcohol.",
            child_age_band="under_1", incident_type="death", incident_categories=["sudi"],
            characteristics=["sudi_unsafe_sleep"], themes=["changing_risk"],
        ),
    }


def test_the_most_similar_review_comes_first_with_its_reason(reviews):
    [first, *rest] = similar_reviews(review=reviews["infant"], limit=3)
    assert first.review == reviews["infant2"]
    assert first.reason.startswith("shares: domestic abuse, non-accidental injury, sharing information")
    assert "under 1" in first.reason and "physical abuse" in first.reason
    assert reviews["infant"] not in [m.review for m in rest], "never similar to itself"
    assert first.score > max(m.score for m in rest)


def test_similar_reviews_for_a_notification_use_its_flags_and_children(reviews):
    notification = factories.notification("N-1", domestic_abuse="yes", age_years="0")
    matches = similar_reviews(notification=notification)
    assert {m.review for m in matches[:2]} == {reviews["infant"], reviews["infant2"]}
    assert matches[0].reason == "shares: domestic abuse, non-accidental injury, under 1, physical abuse"


def test_only_human_coding_counts(reviews, actor, every_label_shown):
    from cspr.learning import actions

    actions.theme_suggestions_generate(actor=actor, review_id=reviews["teen"].pk)
    match = next(m for m in similar_reviews(review=reviews["sleep"]) if m.review == reviews["teen"])
    assert "criminal exploitation" not in match.reason


def test_age_bands_from_ages():
    assert age_band([0]) == "under_1"
    assert age_band([3, 4]) == "1_to_4"
    assert age_band([0, 16]) == "multiple"
    assert age_band([None]) == "not_known"
    # A care leaver (deaths are notified up to 24) is not a 15 to 17 year old.
    assert age_band([17]) == "15_to_17"
    assert age_band([22]) == age_band([18, 24]) == "18_to_24"
    assert age_band([16, 22]) == "multiple"


RECOMMENDATIONS = [
    ("wa", 2019, "Partners should stop relying on written agreements as a way of keeping children safe."),
    ("wa", 2021, "The partnership should review the use of written agreements and make sure they are never relied on to keep children safe."),
    ("wa", 2020, "Written agreements must not be used as a safety plan; the partnership should issue guidance on their use."),
    ("sleep", 2021, "Health visitors should repeat safer sleep advice at every contact."),
    ("da", 2022, "The police should share domestic abuse notifications with schools within one working day."),
    ("da", 2022, "Schools must be told by the police about domestic abuse incidents involving their pupils."),
    ("da", 2022, "The partnership should commission more specialist domestic abuse services for children."),
    ("men", 2020, "Assessments must always include fathers and male carers in the household."),
    ("men", 2021, "Agencies should make sure that men living in the household are seen and assessed."),
    ("thr", 2021, "The partnership should review the threshold document and train staff in its use."),
    ("rec", 2022, "Health and social care records systems should allow practitioners to see each other's records."),
]


@pytest.fixture
def recommendations(add_review):
    created = []
    for number, (_, year, text) in enumerate(RECOMMENDATIONS):
        review = add_review(title=f"Review {number}", year=year, recommendations=[{"text": text}])
        created.append(Recommendation.objects.get(review=review))
    return created


def test_recurring_recommendations_are_found_across_reviews(recommendations):
    result = similar_recommendations(recommendations[1])
    assert {m.recommendation for m in result.matches} == {recommendations[0], recommendations[2]}
    assert result.summary == "similar recommendations were made in 2 reviews since 2019"
    assert result.matches[0].recommendation == recommendations[0], "most similar first"


def test_only_reviews_up_to_the_recommendation_s_own_year_count(recommendations):
    # 2019's is the first of them: nothing like it was recommended before.
    assert similar_recommendations(recommendations[0]).summary == "no similar recommendations in earlier reviews"
    # 2021's (recommendations[1]) is like 2020's, but came later.
    assert recommendations[1] not in {m.recommendation for m in similar_recommendations(recommendations[2]).matches}


def test_recurrence_can_start_from_a_year_or_free_text(recommendations):
    result = similar_recommendations(recommendations[1], since_year=2020)
    assert result.summary == "similar recommendations were made in 1 review since 2020"
    free = similar_recommendations("Make sure safer sleep advice is repeated at each contact by health visitors.")
    assert [m.recommendation for m in free.matches] == [recommendations[3]]
    assert similar_recommendations("Something else entirely about budgets.").summary == (
        "no similar recommendations in earlier reviews"
    )


def test_different_subjects_are_not_counted_as_recurrence(recommendations):
    topic = {rec: RECOMMENDATIONS[i][0] for i, rec in enumerate(recommendations)}
    for rec in recommendations:
        assert {topic[m.recommendation] for m in similar_recommendations(rec).matches} <= {topic[rec]}
