"""Publishing an LCSPR whose final report's stored file is lost (a restore without the documents folder).

It was a 500. Now it is refused on the final report, so that nothing is published with a report nobody
can download or search, and the operator is told which stored file is lost.
"""

import logging

import pytest

from cspr.domain.refusal import Refused
from cspr.learning.models import PublishedReview
from tests.learning.test_publication import all_milestones, final_report, publish, review  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_final_report_whose_file_is_lost_is_refused_and_nothing_is_published(
    review,  # noqa: F811
    actor,
    caplog,
):
    all_milestones(review, actor)
    document = final_report(review, actor)
    document.file.storage.delete(document.file.name)
    with caplog.at_level(logging.ERROR, logger="cspr.documents"), pytest.raises(Refused) as refused:
        publish(review, actor, final_report_document_id=document.pk)
    assert refused.value.field == "final_report"
    assert "cannot be found on the service: upload it again" in str(refused.value)
    review.refresh_from_db()
    assert review.status == "final_report_sent" and not PublishedReview.objects.exists()
    [record] = [r for r in caplog.records if r.name == "cspr.documents"]
    assert document.file.name in record.getMessage() and "FileNotFoundError" in record.getMessage()


def test_a_lost_file_in_a_format_the_repository_does_not_read_is_refused_too(review, actor):  # noqa: F811
    from tests.documents import files

    all_milestones(review, actor)
    document = final_report(review, actor, data=files.odt())
    document.file.storage.delete(document.file.name)
    with pytest.raises(Refused, match="cannot be found on the service"):
        publish(review, actor, final_report_document_id=document.pk)
    assert not PublishedReview.objects.exists()
