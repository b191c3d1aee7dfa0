"""The rapid review page: saving it unchanged writes nothing; a form whose version was changed by hand
(ahead of the review's) is refused with a message at the top, and nothing is saved."""

import pytest
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.reviews.actions import rapid_review_save
from tests import factories
from tests.service.conftest import client_for  # noqa: F401, F811 (the fixture, by name)
from tests.service.test_page_rapid_review import NARRATIVE, errors_on, review_of, when_i_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_case(cases):
    factories.notification("A-2")
    return Notification.objects.select_related("rapid_review").get(ref="A-2")


def test_saving_the_page_unchanged_keeps_the_version_and_records_no_save(due_case, people, client_for):  # noqa: F811
    agnes = client_for(people["agnes"])
    when_i_submit(agnes, "rapid_review_edit", {**NARRATIVE, "version": 1}, "A-2")
    saves = AuditEvent.objects.filter(action="rapid_review.save").count()

    response = when_i_submit(agnes, "rapid_review_edit", {**NARRATIVE, "version": 2}, "A-2")

    assert response.status_code == 302, errors_on(response)
    assert response["Location"] == reverse("rapid_review_edit", args=["A-2"]) + "?saved=1"
    assert review_of("A-2").version == 2
    assert AuditEvent.objects.filter(action="rapid_review.save").count() == saves


def test_a_form_with_a_version_never_issued_is_refused_at_the_top(due_case, people, client_for):  # noqa: F811
    agnes = client_for(people["agnes"])

    response = when_i_submit(agnes, "rapid_review_edit", {**NARRATIVE, "version": 7}, "A-2")

    assert response.status_code == 200
    assert "Version 7 was never issued: this rapid review is at version 1" in errors_on(response)
    assert 'href="#id_version"' not in response.content.decode()  # the field is hidden: no link to it
    assert review_of("A-2").version == 1 and review_of("A-2").facts == ""


def test_the_action_saves_nothing_when_nothing_changes(due_case, people):
    review = review_of("A-2")
    themes = [t.code for t in review.themes.all()]
    saved = rapid_review_save(
        actor=people["agnes"], rapid_review_id=review.pk, version=review.version, changes={}, themes=themes
    )
    assert saved.version == review.version == review_of("A-2").version
    assert not AuditEvent.objects.filter(action="rapid_review.save").exists()
