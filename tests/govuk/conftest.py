import re
from html.parser import HTMLParser

import pytest
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template.loader import get_template
from django.test import RequestFactory


@pytest.fixture
def rf_request():
    """A GET request as the CSP middleware leaves it: with a nonce to read."""
    request = RequestFactory().get("/cookies")
    ContentSecurityPolicyMiddleware(lambda r: None).process_request(request)
    return request


@pytest.fixture
def render(rf_request):
    def render(template_name, **context):
        return get_template(template_name).render(context, rf_request)

    return render


class Scripts(HTMLParser):
    """Every <script> on a page: its attributes and whether it is inline."""

    def __init__(self, html):
        super().__init__()
        self.scripts = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def nonce_in_header(response) -> str:
    return re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
