"""A stored file the storage cannot give back is "not available" (a 404 page), whatever the storage says.

A folder raises OSError; django-storages' S3 backend raises FileNotFoundError only for a 404, and an
object store answers 403 for a missing object when the service's key lacks s3:ListBucket: that
reached the person as a 500. The S3 test runs a local server that answers as such a store does, so
it needs boto3 (not installed by default: `uv run --with boto3 pytest tests/documents/...`).
"""

import logging
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from cspr.core.models import AuditEvent
from cspr.documents.models import CaseDocument
from tests.documents.test_checks_findings_2026_12_07b import given_a_document_on_case_a
from tests.service.conftest import cases, client_for, people  # noqa: F401 (the service tests' fixtures)

pytestmark = pytest.mark.django_db


class AccessDenied(BaseHTTPRequestHandler):
    """An S3 endpoint that refuses every request, as AWS does for a missing object without s3:ListBucket."""

    def _deny(self):
        body = b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
        self.send_response(403)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = _deny

    def log_message(self, *args):
        pass


@pytest.fixture
def store_denying_access():
    """The S3 backend, pointed at a store that answers 403 to everything."""
    pytest.importorskip("boto3")
    from storages.backends.s3 import S3Storage

    server = ThreadingHTTPServer(("127.0.0.1", 0), AccessDenied)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    storage = S3Storage(
        bucket_name="cspr-documents",
        endpoint_url=f"http://127.0.0.1:{server.server_address[1]}",
        region_name="eu-west-2",
        access_key="AKIAEXAMPLE",
        secret_key="not-a-real-secret",
        addressing_style="path",
        location="documents",
    )
    yield storage
    server.shutdown()
    server.server_close()


def test_a_403_from_the_object_store_is_the_not_available_page(
    cases,  # noqa: F811
    people,  # noqa: F811
    client_for,  # noqa: F811
    caplog,
    monkeypatch,
    store_denying_access,
):
    document = given_a_document_on_case_a(people, cases)  # stored in the folder...
    # ...and then read from the object store, as after a move to S3 whose copy missed this file.
    monkeypatch.setattr(CaseDocument._meta.get_field("file"), "storage", store_denying_access)
    with caplog.at_level(logging.ERROR, logger="cspr.documents"):
        response = client_for(people["sam"]).get(reverse("document_download", args=["A-1", document.pk]))
    assert response.status_code == 404
    assert "The document is not available" in response.content.decode()
    assert not AuditEvent.objects.filter(action="document.download").exists()
    [record] = [r for r in caplog.records if r.name == "cspr.documents"]
    assert "ClientError" in record.getMessage()


def test_a_stored_file_that_cannot_be_read_is_the_not_available_page(cases, people, client_for):  # noqa: F811
    document = given_a_document_on_case_a(people, cases)
    stored = document.file.path
    document.file.storage.delete(document.file.name)
    # Unreadable even to root (the tests may run as root, whom file modes do not stop): a folder in its place.
    os.mkdir(stored)
    try:
        response = client_for(people["sam"]).get(reverse("document_download", args=["A-1", document.pk]))
    finally:
        os.rmdir(stored)
    assert response.status_code == 404
    assert "The document is not available" in response.content.decode()
    assert not AuditEvent.objects.filter(action="document.download").exists()
