import pytest

from tests.govuk.conftest import Scripts, nonce_in_header

pytestmark = pytest.mark.urls("tests.govuk.urls")

NAV = [
    {"text": "What is due", "href": "/"},
    {"text": "Notifications", "href": "/notifications/"},
    {"text": "Cookies", "href": "/cookies"},
]


def test_it_renders_the_nav_items_and_marks_the_current_page(render):
    html = render("pages/cookies.html", nav_items=NAV, cookies=[])
    assert 'class="govuk-service-navigation"' in html
    assert '<a class="govuk-service-navigation__link" href="/notifications/">' in html
    assert '<a class="govuk-service-navigation__link" href="/cookies" aria-current="page">' in html
    assert html.count("govuk-service-navigation__item--active") == 1


def test_a_section_item_is_active_on_its_pages(rf_request):
    from cspr.govuk.jinja2 import service_navigation

    rf_request.path = "/notifications/N-1/"
    items = service_navigation(NAV, rf_request)
    assert [(i["current"], i["active"]) for i in items] == [(False, False), (False, True), (False, False)]


def test_a_view_can_mark_the_current_item_itself(rf_request):
    from cspr.govuk.jinja2 import service_navigation

    items = service_navigation([{"text": "Due", "href": "/", "active": True}], rf_request)
    assert items == [{"text": "Due", "href": "/", "active": True}]


def test_every_inline_script_carries_the_nonce_from_the_csp_header(client):
    response = client.get("/cookies")
    nonce = nonce_in_header(response)
    scripts = Scripts(response.content.decode()).scripts
    assert len(scripts) == 2  # the js-enabled class, and initAll
    assert all(script.get("nonce") == nonce for script in scripts)
    assert scripts[1]["type"] == "module"


def test_without_the_csp_middleware_scripts_have_no_nonce(client, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("ContentSecurityPolicyMiddleware")]
    response = client.get("/cookies")
    assert "Content-Security-Policy" not in response.headers
    assert "nonce" not in response.content.decode()


def test_it_has_the_govuk_template_structure_without_the_crown(render):
    html = render("pages/cookies.html", cookies=[])
    assert '<html lang="en-GB"' in html
    assert 'href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "govuk-generic-header" in html
    assert "govuk-logo" not in html and "govuk-footer__crown" not in html and "Crown copyright" not in html
    assert 'href="/static/govuk/cspr.css"' in html
    assert 'import { initAll } from "/static/govuk/govuk-frontend.min.js"' in html


def test_it_shows_a_beta_banner_with_a_feedback_link(render, settings):
    html = render("pages/cookies.html", cookies=[])
    assert "govuk-phase-banner" in html and "Beta" in html
    assert 'href="/feedback">give your feedback</a>' in html


def test_the_footer_links_to_the_service_pages(render):
    html = render("pages/cookies.html", cookies=[])
    for href, text in [("/accessibility", "Accessibility statement"), ("/cookies", "Cookies"), ("/privacy", "Privacy")]:
        assert f'<a class="govuk-footer__link" href="{href}">{text}</a>' in html


def test_the_title_names_the_page_and_the_service(render):
    html = render("pages/cookies.html", cookies=[])
    assert "<title>Cookies – Child safeguarding practice reviews</title>" in html


def test_the_title_starts_with_error_when_the_form_has_errors(client):
    html = client.post("/example-form", {}).content.decode()
    assert "<title>Error: Record a review – Child safeguarding practice reviews</title>" in html
    assert html.index("govuk-error-summary") < html.index("<h1")


def test_the_title_has_no_error_prefix_for_an_unbound_form(client):
    html = client.get("/example-form").content.decode()
    assert "<title>Record a review – Child safeguarding practice reviews</title>" in html
    assert "govuk-error-summary" not in html
