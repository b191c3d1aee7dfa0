"""The OpenAPI document: 3.1, served at /api/v1/openapi.json, the same as docs/openapi.json; docs from our own files."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

CHECKED_IN = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def test_the_served_document_is_the_checked_in_one(client):
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200 and served.json()["openapi"].startswith("3.1")
    assert served.json() == json.loads(CHECKED_IN.read_text()), (
        "the API changed: regenerate docs/openapi.json with `CSPR_DEMO=1 uv run cspr api-schema > docs/openapi.json` "
        "and review the difference"
    )


def test_every_error_is_documented_as_a_problem(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert list(answer["content"]) == ["application/problem+json"], (path, method, status)


def test_the_documentation_page_uses_only_the_services_own_files(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "<script>" not in html.replace('<script type="application/json"', "")  # no inline script for the CSP
    assert "cdn" not in html.lower()
    for source in sources:  # each is one of the static files collected with the service's own
        assert finders.find(source.removeprefix("/static/")), source
    assert "script-src 'self'" in page["Content-Security-Policy"]
