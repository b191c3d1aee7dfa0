"""The repository's actions: one audit event each, optimistic locking, coding only by people."""

from datetime import date

import pytest

from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused, StaleRecord
from cspr.learning import actions
from cspr.learning.models import ReviewLabel, SuggestionStatus, ThemeSuggestion

pytestmark = pytest.mark.django_db

NARRATIVE = (
    "Baby M was eight weeks old when she was found unresponsive after bed-sharing with her parents, who had "
    "both been drinking. Safe sleep advice had been given once. The father had been violent towards the mother "
    "and police had attended the flat four times, but the health visitor was not told about the domestic abuse. "
    "The mother had postnatal depression and had stopped taking her medication."
)


def events(action):
    return AuditEvent.objects.filter(action=action)


def test_every_action_needs_an_actor(add_review):
    review = add_review()
    with pytest.raises(ValueError, match="needs an actor"):
        actions.review_update(actor=None, review_id=review.pk, version=1, changes={"title": "x"})


def test_review_update_is_audited_and_refuses_stale_versions(add_review, actor):
    review = add_review()
    updated = actions.review_update(
        actor=actor, review_id=review.pk, version=1, changes={"title": "New title", "child_age_band": "1_to_4"}
    )
    assert updated.version == 2 and updated.title == "New title"
    assert events("learning.review.update").get().changed_fields == {"fields": ["child_age_band", "title"]}
    with pytest.raises(StaleRecord):
        actions.review_update(actor=actor, review_id=review.pk, version=1, changes={"title": "Lost update"})
    with pytest.raises(Refused, match="cannot be changed here"):
        actions.review_update(actor=actor, review_id=review.pk, version=2, changes={"search_vector": "x"})


def test_region_follows_the_area(add_review, actor):
    review = add_review()
    assert review.region == ""
    actions.review_update(actor=actor, review_id=review.pk, version=1, changes={"local_authority_id": "E08000025"})
    review.refresh_from_db()
    assert review.region == "west_midlands"


def test_recommendations_are_tracked_with_their_own_versions(add_review, actor):
    review = add_review()
    rec = actions.recommendation_add(
        actor=actor, review_id=review.pk, text="Audit written agreements.", owner_agency="Children's social care",
        due_date=date(2023, 1, 31),
    )
    assert rec.position == 2 and rec.status == "open"
    rec = actions.recommendation_update(actor=actor, recommendation_id=rec.pk, version=1, status="completed")
    assert rec.status == "completed" and rec.status_changed_at is not None and rec.version == 2
    assert events("learning.recommendation.update").get().changed_fields == {
        "fields": ["status"], "status": ["open", "completed"]}
    with pytest.raises(StaleRecord):
        actions.recommendation_update(actor=actor, recommendation_id=rec.pk, version=1, owner_agency="Police")
    with pytest.raises(Refused, match="status must be one of"):
        actions.recommendation_update(actor=actor, recommendation_id=rec.pk, version=2, status="finished")


def test_linking_a_review_to_its_notification(add_review, actor):
    from tests import factories

    notification = factories.notification("N-1")
    review = add_review()
    review = actions.review_link_notification(actor=actor, review_id=review.pk, version=1, notification_id=notification.pk)
    assert list(notification.published_reviews.all()) == [review]
    assert events("learning.review.link_notification").get().changed_fields == {"notification": ["", "N-1"]}
    other = add_review(title="Another LCSPR")
    with pytest.raises(Refused, match="already has a lcspr"):
        actions.review_link_notification(actor=actor, review_id=other.pk, version=1, notification_id=notification.pk)


def test_removing_the_text_keeps_the_catalogue_record(add_review, actor, text_document):
    review = add_review(document=text_document(NARRATIVE))
    with pytest.raises(Refused, match="say why"):
        actions.source_document_remove(actor=actor, review_id=review.pk, reason=" ")
    actions.source_document_remove(actor=actor, review_id=review.pk, reason="Five-year retention reached")
    review.refresh_from_db()
    assert not hasattr(review, "source") and review.labels.count() == 2
    assert events("learning.source.remove").get().reason == "Five-year retention reached"


def test_manual_coding_is_attributed_and_audited(add_review, actor):
    review = add_review(themes=[], characteristics=[])
    label = actions.review_label_add(actor=actor, review_id=review.pk, kind="theme", code="information_sharing")
    assert (label.coded_by, label.source) == (actor, "manual") and label.coded_at is not None
    with pytest.raises(Refused, match="not a theme code"):
        actions.review_label_add(actor=actor, review_id=review.pk, kind="theme", code="domestic_abuse")
    with pytest.raises(Refused, match="not a characteristic code"):
        actions.review_label_add(actor=actor, review_id=review.pk, kind="characteristic", code="risk_score")
    actions.review_label_remove(actor=actor, review_id=review.pk, kind="theme", code="information_sharing", reason="Mis-coded")
    assert review.labels.count() == 0
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="learning.label")] == [
        "learning.label.add", "learning.label.remove"]


@pytest.fixture
def suggested(add_review, actor, text_document, every_label_shown):
    review = add_review(document=text_document(NARRATIVE), themes=[], characteristics=["sudi_unsafe_sleep"])
    created = actions.theme_suggestions_generate(actor=actor, review_id=review.pk)
    return review, {s.code: s for s in created}


def test_generated_suggestions_wait_for_a_coder_and_skip_coded_labels(suggested):
    review, by_code = suggested
    assert "domestic_abuse" in by_code
    assert "sudi_unsafe_sleep" not in by_code, "already coded by a person"
    assert all(s.status == SuggestionStatus.PENDING and s.evidence for s in by_code.values())
    assert ReviewLabel.objects.filter(review=review).count() == 1, "a suggestion is not a label"
    event = events("learning.suggestions.generate").get()
    assert set(event.changed_fields["suggested"]) == set(by_code)
    assert event.changed_fields["model_version"] == by_code["domestic_abuse"].model_version


def test_accepting_a_suggestion_codes_the_review_as_the_coder(suggested, django_user_model):
    review, by_code = suggested
    coder = django_user_model.objects.create(username="coder")
    label = actions.theme_suggestion_accept(actor=coder, suggestion_id=by_code["domestic_abuse"].pk)
    assert (label.kind, label.code, label.source, label.coded_by) == ("characteristic", "domestic_abuse", "suggestion", coder)
    suggestion = ThemeSuggestion.objects.get(pk=by_code["domestic_abuse"].pk)
    assert (suggestion.status, suggestion.decided_by) == ("accepted", coder) and suggestion.decided_at
    event = events("learning.suggestion.accept").get()
    assert event.actor == coder and event.changed_fields["code"] == "domestic_abuse"
    with pytest.raises(Refused, match="already accepted"):
        actions.theme_suggestion_accept(actor=coder, suggestion_id=suggestion.pk)


def test_rejecting_keeps_the_suggestion_with_the_reason(suggested, actor):
    review, by_code = suggested
    code, suggestion = next(iter(by_code.items()))
    actions.theme_suggestion_reject(actor=actor, suggestion_id=suggestion.pk, reason="Mentioned only in passing")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reason) == ("rejected", "Mentioned only in passing")
    assert not ReviewLabel.objects.filter(review=review, code=code).exists()
    assert events("learning.suggestion.reject").get().reason == "Mentioned only in passing"


def test_regenerating_replaces_only_undecided_suggestions(suggested, actor):
    review, by_code = suggested
    actions.theme_suggestion_reject(actor=actor, suggestion_id=by_code["domestic_abuse"].pk)
    again = actions.theme_suggestions_generate(actor=actor, review_id=review.pk)
    assert ThemeSuggestion.objects.filter(review=review, status="rejected").count() == 1
    assert ThemeSuggestion.objects.filter(review=review, status="pending").count() == len(again)


def test_coding_by_hand_settles_a_pending_suggestion(suggested, actor):
    review, by_code = suggested
    actions.review_label_add(actor=actor, review_id=review.pk, kind="characteristic", code="domestic_abuse")
    assert ThemeSuggestion.objects.get(pk=by_code["domestic_abuse"].pk).status == "accepted"


@pytest.mark.parametrize("address", ["javascript:alert(1)", "ftp://example.org/review.pdf", "not a url"])
def test_review_update_refuses_a_report_link_that_is_not_a_web_address(add_review, actor, address):
    review = add_review()
    with pytest.raises(Refused, match="http or https"):
        actions.review_update(actor=actor, review_id=review.pk, version=None, changes={"source_url": address})
    review.refresh_from_db()
    assert review.source_url == ""
