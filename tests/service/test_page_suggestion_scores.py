"""The coding page gives how often a label is right first, the suggester's score only as a rank, and says when
no single sentence carries a suggestion (docs/adr/0026, "What the output says"). Synthetic review and text."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cspr.learning import actions
from cspr.learning.ingest import parse_metadata
from cspr.learning.models import SuggestionStatus, ThemeSuggestion
from cspr.learning.suggest import suggester
from tests.learning.documents import metadata

pytestmark = pytest.mark.django_db


def suggestion(review, code, score, evidence):
    return ThemeSuggestion.objects.create(
        review=review,
        kind="theme",
        code=code,
        score=score,
        evidence=evidence,
        lexicon_version="test",
        model_version="test",
        created_at=timezone.now(),
        status=SuggestionStatus.PENDING,
    )


def test_a_suggestion_leads_with_its_reliability_and_is_ranked_not_scored(people, client_for):
    meta, errors = parse_metadata(metadata(title="Baby V: a step down", learning_summary="The plan was stepped down."))
    assert not errors
    review = actions.review_add(actor=people["sam"], metadata=meta)
    suggestion(review, "changing_risk", 0.999, [])
    suggestion(review, "critical_thinking", 0.62, ["The hospital accepted the father's explanation."])
    response = client_for(people["sam"]).get(reverse("learning_review_coding", args=[review.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1.00" not in html and "0.62" not in html
    reliability = suggester().reliability("changing_risk")
    assert html.index(f"How reliable: {reliability}.") < html.index("Ranked 1 of the 2 suggestions waiting")
    assert "it is not the chance that this one is right" in html and "Ranked 2 of the 2" in html
    assert "Why it was suggested: no single sentence; the passage as a whole." in html
    assert "“The hospital accepted the father&#39;s explanation.”" in html
