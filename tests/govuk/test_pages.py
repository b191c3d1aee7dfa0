import pytest

pytestmark = pytest.mark.urls("tests.govuk.urls")


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/accessibility", "Accessibility statement for Child safeguarding practice reviews"),
        ("/cookies", "Cookies"),
        ("/privacy", "Privacy"),
    ],
)
def test_each_service_page_renders(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in response.content.decode()


def test_they_reject_post(client):
    assert client.post("/cookies").status_code == 405


def test_the_accessibility_statement_targets_wcag_2_2_aa(client):
    html = client.get("/accessibility").content.decode()
    assert "WCAG) version 2.2 to level AA" in html
    assert "axe-core" in html
    assert 'id="feedback"' in html
    assert "Enforcement procedure" in html


def test_the_cookies_page_names_each_cookie_cspr_sets(client, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    html = client.get("/cookies").content.decode()
    assert "<code>sessionid</code>" in html and "<code>csrftoken</code>" in html
    assert "after 30 minutes without activity" in html
    assert "does not use analytics" in html


def test_the_privacy_notice_says_what_cspr_does(client):
    html = client.get("/privacy").content.decode()
    assert "Every read and every change is recorded" in html
    assert "synthetic records" in html
    assert "[" not in html.split('id="main-content"')[1], "no placeholders"


def test_a_missing_page_is_a_govuk_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "<title>Page not found – Child safeguarding practice reviews</title>" in response.content.decode()


def test_a_refused_action_is_a_govuk_403(client):
    response = client.get("/forbidden")
    assert response.status_code == 403
    assert '<h1 class="govuk-heading-l">You cannot do this</h1>' in response.content.decode()


def test_a_crash_is_a_govuk_500(client):
    client.raise_request_exception = False
    response = client.get("/broken")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_a_crash_while_showing_the_500_page_still_answers(rf_request, monkeypatch):
    from cspr.govuk import views

    def broken_render(*args, **kwargs):
        raise RuntimeError("the database is down")

    monkeypatch.setattr(views, "render", broken_render)
    response = views.server_error(rf_request)
    assert response.status_code == 500
    assert response.content.decode() == "Sorry, there is a problem with the service. Try again later."
