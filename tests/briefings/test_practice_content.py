"""Practice content: the seed covers every theme and characteristic, loads as version one,
and administrators' edits are checked, versioned and audited."""

import pytest

from cspr.briefings.actions import practice_content_update
from cspr.briefings.models import PracticeContent, PracticeContentVersion
from cspr.briefings.practice import REQUIRED, SEED_ACTOR, check_entry, non_year_numbers, read_seed
from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused, StaleRecord


def test_the_seed_has_one_checked_entry_for_each_2020_theme_and_each_characteristic():
    entries = read_seed()
    assert {(e.kind, e.code) for e in entries} == REQUIRED
    assert len(entries) == 17
    for entry in entries:
        assert check_entry(entry.snapshot()) == []
        assert len(entry.practice_points) >= 3 and len(entry.reflective_questions) >= 3 and entry.resources


def test_practice_text_has_no_numbers_but_years():
    assert non_year_numbers("Working Together to Safeguard Children 2023") == []
    assert non_year_numbers("within 15 working days") == ["15"]


def test_a_resource_must_link_over_https_to_a_known_publisher():
    bad = {"title": "x", "summary": "y", "practice_points": ["a"], "reflective_questions": ["b"],
           "resources": [{"title": "A blog", "url": "http://example.com/page"}]}
    assert any("https" in problem for problem in check_entry(bad))


@pytest.mark.django_db
def test_the_migration_loaded_version_one_of_every_entry():
    assert PracticeContent.objects.count() == 17
    assert set(PracticeContent.objects.values_list("version", flat=True)) == {1}
    first = PracticeContentVersion.objects.filter(version=1).select_related("changed_by")
    assert first.count() == 17 and {v.changed_by.username for v in first} == {SEED_ACTOR}


@pytest.mark.django_db
def test_an_edit_is_a_new_version_with_its_audit_event(actor):
    content = PracticeContent.objects.get(kind="theme", code="daily_life")
    points = [*content.practice_points, "Ask the child what a good day looks like."]
    saved = practice_content_update(actor=actor, content_id=content.pk, version=1,
                                    changes={"practice_points": points}, reason="Added a point from a review")
    assert saved.version == 2 and saved.practice_points == points
    latest = saved.versions.first()
    assert latest.version == 2 and latest.snapshot["practice_points"] == points and latest.changed_by == actor
    assert saved.versions.get(version=1).snapshot["practice_points"] == content.practice_points
    event = AuditEvent.objects.filter(action="briefings.practice_content.update").get()
    assert event.changed_fields == {"entry": "theme:daily_life", "fields": ["practice_points"], "version": 2}

    with pytest.raises(StaleRecord):
        practice_content_update(actor=actor, content_id=content.pk, version=1, changes={"title": "Old"})
    with pytest.raises(Refused, match="numbers as words"):
        practice_content_update(actor=actor, content_id=content.pk, version=2,
                                changes={"summary": "Seen in 45 reviews."})
    assert PracticeContent.objects.get(pk=content.pk).version == 2


@pytest.mark.django_db
def test_an_edit_needs_an_actor():
    content = PracticeContent.objects.first()
    with pytest.raises(ValueError, match="needs an actor"):
        practice_content_update(actor=None, content_id=content.pk, version=None, changes={"title": "x"})
