"""The authorisation matrix covers every URL the service serves, so a new URL cannot escape it."""

from tests.service.test_authorisation_matrix import MATRIX
from tests.service.urlconf import own_patterns

# URLs the matrix cannot check by persona, and why. allauth's own pages are left out by
# tests/service/urlconf.py (tested through the sign-in flows in test_security.py).
NOT_IN_MATRIX = {
    "document_download": "needs a document on each case: every persona is checked by test_document_pages",
    "briefing_download": "needs a briefing of each kind: tests/briefings/test_service.py checks who may download",
    "practice_content_edit": "needs a practice content entry: tests/briefings/test_service.py checks who may edit",
}


# The API (under api/) authenticates machines by token, not the personas' sessions: its own
# matrix is tests/api/ (every endpoint with a token of each kind, and without one).
API = "api/"


def test_every_url_name_is_in_the_authorisation_matrix():
    in_matrix = {name for name, _, _ in MATRIX}
    names = {name for name, route in own_patterns() if not route.lstrip("^").startswith(API)}
    missing = sorted(names - in_matrix - set(NOT_IN_MATRIX))
    assert not missing, (
        "add a row for each of these URLs to tests/service/test_authorisation_matrix.py "
        f"(every persona's expected status), in your area's own MATRIX += [...] block: {missing}"
    )


def test_the_allow_list_names_only_urls_that_exist():
    names = {name for name, _ in own_patterns()}
    assert set(NOT_IN_MATRIX) <= names
    assert not set(NOT_IN_MATRIX) & {name for name, _, _ in MATRIX}
