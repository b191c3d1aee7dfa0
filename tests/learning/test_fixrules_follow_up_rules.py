"""The follow-up's rules have one home: who sees every partnership (core/access.py), what is open
and what is completed (domain/workflow.py), never a role or state typed again in a view or page."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cspr.core import access
from cspr.domain.workflow import RECOMMENDATION_OPEN
from cspr.learning import actions
from cspr.learning.models import RecommendationAction, RecommendationStatus
from tests.service.personas import personas

LEARNING = Path(__file__).resolve().parents[2] / "cspr" / "learning"


@pytest.fixture
def people(db):
    return personas()


def test_a_recommendation_is_open_while_open_or_in_progress():
    assert RECOMMENDATION_OPEN == {RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS}
    assert RECOMMENDATION_OPEN <= set(RecommendationStatus.values)


@pytest.mark.parametrize(
    "path",
    [
        LEARNING / "views_follow_up.py",
        *sorted((LEARNING / "jinja2" / "learning" / "follow_up").glob("*.html")),
    ],
    ids=lambda p: p.name,
)
def test_no_follow_up_view_or_page_compares_a_status_to_a_typed_code(path):
    assert not re.findall(r"status\s*==\s*[\"']", path.read_text()), "use RecommendationActionStatus"


def test_the_panel_and_analysts_see_every_partnership_in_the_scope_and_on_the_progress_page(people, add_review, client):
    recommendation = add_review(review_type="national_review", title="National review: infants").recommendations.get()
    due = timezone.localdate() + timedelta(days=30)
    made = {
        actions.recommendation_action_add(
            actor=people[name],
            recommendation_id=recommendation.pk,
            description=f"{name}'s action",
            owning_agency="Health",
            owner="Head of health visiting",
            due_date=due,
        )
        for name in ("alice", "bob")
    }
    every = {name for name, person in people.items() if access.sees_every_partnership(person)}
    assert every == {"sam", "pat", "ann"}
    for name, person in people.items():
        assert (set(RecommendationAction.objects.visible_to(person)) == made) == (name in every), name
        client.force_login(person)
        page = client.get(reverse("learning_follow_up"))
        if not person.has_perm("learning.view_follow_up"):
            assert page.status_code == 403 and name in {"rita", "ron", "adam"}, name
            continue
        assert ("Every partnership's actions" in page.content.decode()) == (name in every), name
