"""The pages people use every day: 0 axe violations on each (the sign-in pages' own are in test_sign_in.py)."""

from tests.browser.conftest import signed_in, visit


def test_the_service_pages_have_no_axe_violations(page, people, cases):
    signed_in(page, people["alice"])
    visit(page, "/", "What is due")
    visit(page, "/notifications/", "Notifications")
    visit(page, "/notifications/?status=open&overdue=yes")
    visit(page, f"/notifications/{cases['A'].ref}/", f"Notification {cases['A'].ref}")
    for path in ("/accessibility", "/cookies", "/privacy"):
        visit(page, path)
    assert len(page.checked) == 7  # the 7 pages here


def test_the_audit_pages_have_no_axe_violations(page, people, cases):
    adam = people["adam"]
    signed_in(page, adam)
    # Administrators have no case pages: the dashboard sends them to the audit trail.
    visit(page, "/", "Audit")
    assert page.url.endswith("/audit/")
    visit(page, "/audit/?action=notification.view")
    visit(page, f"/audit/notifications/{cases['A'].ref}/")
