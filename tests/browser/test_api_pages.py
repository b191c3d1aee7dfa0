"""The API's pages in Chromium: the token page (axe, issuing and revoking), and the API documentation
rendering under the service's Content-Security-Policy from its own static files."""

from tests.browser.conftest import check_page, signed_in, visit


def test_an_administrator_issues_and_revokes_a_token_on_an_accessible_page(page, people):
    from cspr.api.models import ApiToken

    signed_in(page, people["adam"])
    visit(page, "/administration/api-tokens/", "API tokens")
    page.fill("#id_name", "dfe-statistics")
    page.select_option("#id_organisation", label="Department for Education analysts")
    page.check("input[name=role][value=analyst]")
    page.check("input[name=scopes][value=read]")
    page.click("button:has-text('Issue the token')")
    check_page(page, "API tokens")
    shown = page.inner_text("#new-token")
    assert shown.startswith("cspr_") and ApiToken.objects.get(name="dfe-statistics").prefix == shown[:12]
    page.click("button:has-text('Revoke')")
    check_page(page, "API tokens")
    assert ApiToken.objects.get(name="dfe-statistics").revoked_at is not None


def test_the_api_documentation_renders_under_the_content_security_policy(page):
    page.goto(page.base_url + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert page.locator(".opblock").count() >= 16
    refused = [p for p in page.problems if "Content Security Policy" in p or "Refused" in p]
    assert refused == [], refused
