"""A briefing quotes, under a theme, the sentence a coder accepted as that theme's evidence (cspr/briefings/gather.py)."""

import pytest
from django.utils import timezone

from cspr.briefings.gather import learning
from cspr.learning import actions
from cspr.learning.ingest import parse_metadata
from cspr.learning.models import PublishedReview, ReviewLabel, SuggestionStatus, ThemeSuggestion
from tests.learning.documents import metadata

pytestmark = pytest.mark.django_db

ACCEPTED = "Nobody asked the boy what a day at home was like."


def test_the_accepted_evidence_of_a_label_reaches_its_learning_item(people):
    meta, errors = parse_metadata(metadata(title="Child Q: unseen", learning_summary="The plan was stepped down."))
    assert not errors
    review = actions.review_add(actor=people["sam"], metadata=meta)
    PublishedReview.objects.filter(pk=review.pk).update(is_published=True)
    for kind, code in (("theme", "daily_life"), ("theme", "critical_thinking")):
        ReviewLabel.objects.get_or_create(
            review=review,
            kind=kind,
            code=code,
            defaults={"coded_by": people["sam"], "coded_at": timezone.now(), "source": "manual"},
        )
    ThemeSuggestion.objects.create(
        review=review,
        kind="theme",
        code="daily_life",
        score=0.9,
        evidence=[ACCEPTED],
        lexicon_version="t",
        model_version="t",
        created_at=timezone.now(),
        status=SuggestionStatus.ACCEPTED,
        decided_at=timezone.now(),
        decided_by=people["sam"],
    )
    by_label, _ = learning()
    (daily,) = [i for i in by_label[("theme", "daily_life")] if i.title.startswith("Child Q")]
    (critical,) = [i for i in by_label[("theme", "critical_thinking")] if i.title.startswith("Child Q")]
    assert daily.evidence == (ACCEPTED,)
    assert critical.evidence == ()  # another label's evidence is not this one's
