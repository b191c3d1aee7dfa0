"""`cspr learning add` and `cspr learning import`: all or nothing, with every problem reported."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused
from cspr.learning.models import PublishedReview, Recommendation, ReviewLabel, SourceDocument
from tests.learning import documents as docs

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("learning", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fail(*args):
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("learning", *[str(a) for a in args], stdout=io.StringIO(), stderr=err)
    return str(raised.value), err.getvalue()


def test_add_a_pdf_with_its_metadata(tmp_path):
    path = docs.write(tmp_path, "child-q.pdf", docs.pdf_bytes(), docs.metadata())
    out, _ = run("add", path, "--meta", path.with_suffix(".json"))
    review = PublishedReview.objects.get()
    assert out.startswith(f"added review {review.pk}: Child Q")
    assert review.source.file_format == "pdf" and "co-sleeping" in review.source.text
    assert review.child_age_band == "under_1" and review.incident_categories.get().code == "sudi"
    rec = Recommendation.objects.get()
    assert (rec.owner_agency, rec.status, str(rec.due_date)) == ("Health visiting", "open", "2022-03-31")
    labels = list(ReviewLabel.objects.values_list("kind", "code", "source", "coded_by__username"))
    assert labels == [
        ("characteristic", "sudi_unsafe_sleep", "import", "system:learning"),
        ("theme", "changing_risk", "import", "system:learning"),
    ]
    event = AuditEvent.objects.get(action="learning.review.add")
    assert event.actor.username == "system:learning" and event.object_id == str(review.pk)


def test_import_a_directory_of_every_format(tmp_path):
    docs.write(tmp_path, "a.pdf", docs.pdf_bytes(), docs.metadata(title="A"))
    docs.write(tmp_path, "b.docx", docs.docx_bytes(), docs.metadata(title="B"))
    docs.write(tmp_path, "c.html", docs.review_html(docs.REVIEW_TEXT + ["Only in C."]), docs.metadata(title="C"))
    docs.write(tmp_path, "d.txt", "\n\n".join(docs.REVIEW_TEXT + ["Only in D."]), docs.metadata(title="D"))
    out, _ = run("import", tmp_path)
    assert out.startswith("imported 4 review(s)")
    assert sorted(SourceDocument.objects.values_list("file_format", flat=True)) == ["docx", "html", "pdf", "text"]
    assert AuditEvent.objects.filter(action="learning.review.add").count() == 4


def test_one_bad_file_means_nothing_is_imported_and_every_problem_is_listed(tmp_path):
    docs.write(tmp_path, "good.pdf", docs.pdf_bytes(), docs.metadata(title="Good"))
    docs.write(tmp_path, "scan.pdf", docs.scanned_pdf_bytes(), docs.metadata(title="Scanned"))
    docs.write(tmp_path, "locked.pdf", docs.encrypted_pdf_bytes(), docs.metadata(title="Locked"))
    docs.write(tmp_path, "cut.docx", docs.docx_bytes()[:500], docs.metadata(title="Cut"))
    docs.write(tmp_path, "typo.txt", "\n\n".join(docs.REVIEW_TEXT), docs.metadata(review_type="lscpr", colour="red"))
    docs.write(tmp_path, "orphan.txt", "\n\n".join(docs.REVIEW_TEXT))
    (tmp_path / "stray.json").write_text("{}")
    message, err = fail("import", tmp_path)
    assert "nothing was added" in message
    for expected in [
        "scan.pdf: the PDF has no text layer",
        "locked.pdf: the PDF is encrypted and needs a password",
        "cut.docx: the DOCX file is corrupt",
        "typo.json: colour: unknown key",
        "typo.json: review_type: must be one of",
        "orphan.json: metadata file not found",
        "stray.json: metadata with no document beside it",
    ]:
        assert expected in err
    assert PublishedReview.objects.count() == 0 and SourceDocument.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="learning.").exists()


def test_a_failure_while_loading_rolls_everything_back(tmp_path):
    from tests import factories

    factories.notification("N-1")
    docs.write(tmp_path, "first.txt", "\n\n".join(docs.REVIEW_TEXT), docs.metadata(notification_ref="N-1"))
    docs.write(tmp_path, "second.txt", "\n\n".join(docs.REVIEW_TEXT + ["Another."]), docs.metadata(notification_ref="N-1"))
    with pytest.raises(Refused, match="already has a lcspr"):
        call_command("learning", "import", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert PublishedReview.objects.count() == 0


def test_the_same_document_cannot_be_added_twice(tmp_path):
    path = docs.write(tmp_path, "a.pdf", docs.pdf_bytes(), docs.metadata())
    run("add", path, "--meta", path.with_suffix(".json"))
    message, err = fail("add", path, "--meta", path.with_suffix(".json"))
    assert "already in the repository (review" in err
    assert PublishedReview.objects.count() == 1


def test_metadata_is_checked_against_the_reference_data_and_the_register(tmp_path):
    meta = docs.metadata(
        partnership="no-such-partnership",
        local_authority="E99999999",
        notification_ref="N-404",
        year=2020,
        recommendations=[{"text": ""}, {"text": "Fine", "status": "done", "due_date": "31/03/2022"}],
        characteristics=["risk_score"],
        source_url="javascript:alert(1)",
    )
    path = docs.write(tmp_path, "a.txt", "\n\n".join(docs.REVIEW_TEXT), meta)
    _, err = fail("add", path, "--meta", path.with_suffix(".json"))
    for expected in [
        "partnership: no partnership with code 'no-such-partnership'",
        "local_authority: no local authority 'E99999999'",
        "notification_ref: no notification 'N-404'",
        "year: 2020 is not the year of publication_date 2021-06-30",
        "recommendations[1]: needs text",
        "recommendations[2].status: must be one of",
        "recommendations[2].due_date: '31/03/2022' is not a date",
        "characteristics: unknown code(s) risk_score",
        "source_url: must be an http or https address",
    ]:
        assert expected in err


def test_broken_json_metadata(tmp_path):
    path = docs.write(tmp_path, "a.txt", "\n\n".join(docs.REVIEW_TEXT))
    path.with_suffix(".json").write_text("{not json")
    _, err = fail("add", path, "--meta", path.with_suffix(".json"))
    assert "a.json: not valid JSON" in err


def test_region_comes_from_the_local_authority(tmp_path):
    path = docs.write(tmp_path, "a.txt", "\n\n".join(docs.REVIEW_TEXT), docs.metadata(local_authority="E08000025"))
    run("add", path, "--meta", path.with_suffix(".json"))
    assert PublishedReview.objects.get().region == "west_midlands"


def test_suggest_prints_exactly_the_documented_json(tmp_path):
    path = docs.write(tmp_path, "narrative.pdf", docs.pdf_bytes())
    out, _ = run("suggest", path, "--format", "json")
    document = json.loads(out)
    assert list(document) == ["labels"]
    assert document["labels"], "some labels are shown"
    for label in document["labels"]:
        assert list(label) == [
            *("code", "kind", "score", "suggested", "evidence", "reliability"),  # the first version's keys, in order
            *("held_out_precision", "held_out_recall", "score_note", "evidence_note"),  # added, never in their place
        ]
        assert label["kind"] in ("theme", "characteristic")
        assert 0.0 <= label["score"] <= 1.0 and isinstance(label["suggested"], bool)
        assert all(sentence in " ".join(docs.REVIEW_TEXT) for sentence in label["evidence"])


def test_suggest_refuses_an_unreadable_file(tmp_path):
    path = docs.write(tmp_path, "scan.pdf", docs.scanned_pdf_bytes())
    message, _ = fail("suggest", path, "--format", "json")
    assert "scan.pdf: the PDF has no text layer" in message
