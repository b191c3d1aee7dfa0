"""GOV.UK Design System defects a reviewer reproduced on 2026-12-07 (second round), each shown on the page.

The coding page's "Code by hand" error tied to its field and kept to its review, one-question
intake steps with the question as the legend (the looked-after follow-up kept only for that kind), the allauth email
and two-factor pages, titles that match their h1, a number of days as text with a numeric
keypad, numeric table columns, page numbers in paginated titles, and date errors in the
question's words.
"""

import html
import re

import pytest
from django.urls import reverse

from cspr.cases.forms import intake
from tests.learning.reviews import add_review_as
from tests.service.personas import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def errors(response) -> list[tuple[str, str]]:
    """The error summary's (link, text) pairs; the link is "" for an error about the whole page."""
    page = response.content.decode()
    found = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, f"no error summary ({response.status_code})"
    pairs = []
    for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S):
        link = re.search(r'href="#([^"]+)"', item)
        pairs.append((link.group(1) if link else "", html.unescape(" ".join(re.sub(r"<[^>]+>", " ", item).split()))))
    return pairs


def title(response) -> str:
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return html.unescape(" ".join(found.group(1).split()))


def h1(response) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()))


# --- 1. The coding page's "Code by hand" error ---------------------------------------------------


def test_code_by_hand_with_nothing_chosen_shows_the_error_against_the_select(people, client_for):
    sam = people["sam"]
    review = add_review_as(sam, title="Baby S: safe sleep", year=2021)
    client = client_for(sam)
    client.post(reverse("learning_review_coding_decide", args=[review.pk]), {"decision": "add", "label": ""})
    response = client.get(reverse("learning_review_coding", args=[review.pk]))
    assert errors(response) == [("label", "Select a practice theme or case characteristic")]
    page = response.content.decode()
    group = re.search(r'<div class="govuk-form-group([^"]*)">\s*<label class="govuk-label" for="label">', page)
    assert group and "govuk-form-group--error" in group.group(1)
    assert '<p id="label-error" class="govuk-error-message">' in page
    assert re.search(r'<select class="govuk-select[^"]*govuk-select--error"[^>]*aria-describedby="label-error"', page)


def test_a_coding_error_on_one_review_is_not_shown_on_another(people, client_for):
    sam = people["sam"]
    first = add_review_as(sam, title="Baby S: safe sleep", year=2021)
    second = add_review_as(sam, title="Baby I: bruising", year=2022)
    client = client_for(sam)
    client.post(reverse("learning_review_coding_decide", args=[first.pk]), {"decision": "add", "label": ""})
    other = client.get(reverse("learning_review_coding", args=[second.pk])).content.decode()
    assert "There is a problem" not in other and "Select a practice theme" not in other
    # The error waits for the review it is about.
    assert errors(client.get(reverse("learning_review_coding", args=[first.pk])))


# --- 2. Intake: the question is the legend; the looked-after follow-up is kept only for that kind ----


def legend_h1(response) -> str:
    """The text of the <h1> inside a fieldset legend, or "" when the h1 is not in a legend."""
    found = re.search(r"<legend[^>]*>\s*<h1[^>]*>(.*?)</h1>\s*</legend>", response.content.decode(), re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())) if found else ""


def test_what_are_you_notifying_has_its_question_once_as_the_legend(people, client_for):
    response = client_for(people["alice"]).get(reverse("intake_kind"))
    page = response.content.decode()
    assert legend_h1(response) == "What are you notifying?"
    assert page.count("What are you notifying?") == 2  # the title and the legend, not a second heading
    assert len(re.findall(r"<h1", page)) == 1


def test_the_category_of_harm_has_its_question_once_as_the_legend(people, client_for):
    client = client_for(people["alice"])
    client.post(reverse("intake_kind"), {"notification_kind": "serious_incident"})
    client.post(reverse("intake_local_authority"), {"la_code": "E08000025"})
    dates = {}
    for name in ("incident_date", "aware_date", "notified_date"):
        dates |= {f"{name}-day": "7", f"{name}-month": "3", f"{name}-year": "2025"}
    client.post(reverse("intake_dates"), dates)
    client.post(reverse("intake_type"), {"incident_type": "serious_harm"})
    response = client.get(reverse("intake_category"))
    assert response.status_code == 200
    assert legend_h1(response) == "What was the main category of harm?"
    assert len(re.findall(r"<h1", response.content.decode())) == 1


def test_an_abuse_answer_sent_with_another_kind_is_not_kept(people, client_for):
    client = client_for(people["alice"])
    response = client.post(
        reverse("intake_kind"), {"notification_kind": "serious_incident", "abuse_neglect_suspected": "no"}
    )
    assert response.status_code == 302
    draft = client.session[intake.SESSION_KEY]
    assert draft["notification_kind"] == "serious_incident"
    assert draft["abuse_neglect_suspected"] == ""


# --- 3. The allauth two-factor pages (its email pages are not served: tests/core/test_fixemail_own_address.py) ---


def test_two_factor_pages_are_in_sentence_case_with_their_own_titles(people, client_for):
    sam = people["sam"]
    index = client_for(sam).get(reverse("mfa_index"))
    assert title(index).startswith("Two-factor authentication –") and h1(index) == "Two-factor authentication"
    page = index.content.decode()
    assert "Two-Factor Authentication" not in page and "Authenticator App" not in page
    # Someone without an authenticator app sets one up on a page of its own.
    newcomer = make_user("nina", "panel_secretariat", sam.organisation, mfa=False)
    client = client_for(newcomer)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate.status_code == 200
    assert title(activate).startswith("Set up your authenticator app –")
    assert h1(activate) == "Set up your authenticator app"


# --- 4. Each title starts with its page's h1 -------------------------------------------------------

SERVICE = " – Child safeguarding practice reviews"


@pytest.mark.parametrize(
    ("who", "url_name", "case"),
    [
        ("ann", "dashboard", None),  # an analyst's home: no case records
        ("adam", "access_report", "A"),
        ("alice", "lcspr_delay", "A"),
        ("alice", "lcspr_final_report", "A"),
        ("alice", "notification_amend", "A"),
        ("alice", "accessibility", None),
        ("alice", "feedback", None),
    ],
)
def test_the_title_starts_with_the_h1(people, cases, client_for, who, url_name, case):
    url = reverse(url_name, args=[cases[case].ref] if case else [])
    response = client_for(people[who]).get(url)
    assert response.status_code == 200
    first_part = title(response).removesuffix(SERVICE).split(" – Notification ")[0]
    assert first_part == h1(response), url


# --- 5. A number of days is a text input with a numeric keypad ----------------------------------------


def test_days_until_a_token_expires_is_text_with_a_numeric_keypad(people, client_for):
    client = client_for(people["adam"])
    page = client.get(reverse("api_token_list")).content.decode()
    days = re.search(r'<input[^>]*name="days"[^>]*>', page).group(0)
    assert 'type="text"' in days and 'inputmode="numeric"' in days
    assert 'type="number"' not in days and "min=" not in days and "max=" not in days
    # The server still checks it, in the same words.
    for typed, message in (("0", "A token lasts at least 1 day"), ("ten", "Enter a whole number of days")):
        response = client.post(reverse("api_token_list"), {"name": "x", "role": "", "days": typed})
        assert ("id_days", message) in errors(response)


# --- 6. Year columns of the recurrence table are numeric --------------------------------------------


def test_the_themes_over_the_years_table_right_aligns_its_year_columns(people, client_for):
    sam = people["sam"]
    for year in (2021, 2022):
        add_review_as(sam, title=f"Baby {year}", year=year, themes=["critical_thinking"])
    page = client_for(sam).get(reverse("learning_theme_recurrence")).content.decode()
    table = re.search(r"Share of published reviews with each theme, by year.*?</table>", page, re.S).group(0)
    headers = re.findall(r'<th scope="col" class="([^"]*)"[^>]*>\s*(\d{4})\s*</th>', table)
    assert [year for _, year in headers] == ["2021", "2022"]
    assert all("govuk-table__header--numeric" in classes for classes, _ in headers)
    first_row = re.search(r"<tbody.*?<tr[^>]*>(.*?)</tr>", table, re.S).group(1)
    cells = re.findall(r'<td class="([^"]*)"', first_row)
    assert len(cells) == 2 and all("govuk-table__cell--numeric" in classes for classes in cells)


# --- 7. Pages after the first say so in their titles ------------------------------------------------


def test_a_later_page_of_notifications_has_its_number_in_the_title(people, cases, client_for, monkeypatch):
    from cspr.cases.views import notifications

    monkeypatch.setattr(notifications, "PAGE_SIZE", 1)
    client = client_for(people["sam"])
    assert title(client.get(reverse("notification_list"))).startswith("Notifications –")
    assert title(client.get(reverse("notification_list") + "?page=2")).startswith("Notifications (page 2 of 2) –")


def test_a_later_page_of_the_audit_trail_has_its_number_in_the_title(people, client_for):
    from django.utils import timezone

    from cspr.core.models import AuditEvent

    adam = people["adam"]
    AuditEvent.objects.bulk_create(
        AuditEvent(at=timezone.now(), actor=adam, action="test.event", hash=f"{i:064x}") for i in range(101)
    )
    client = client_for(adam)
    assert title(client.get(reverse("audit_list"))).startswith("Audit trail –")
    assert title(client.get(reverse("audit_list") + "?page=2")).startswith("Audit trail (page 2 of 2) –")


def test_a_later_page_of_learning_search_has_its_number_in_the_title(people, client_for, monkeypatch):
    from cspr.learning import views

    monkeypatch.setattr(views, "PER_PAGE", 1)
    sam = people["sam"]
    for year in (2021, 2022):
        add_review_as(sam, title=f"Baby {year}", year=year)
    response = client_for(sam).get(reverse("learning_search") + "?page=2")
    assert title(response).startswith("Learning from reviews (page 2 of 2) –")


# --- 8. Date errors name the date in the question's words ----------------------------------------


def test_notification_date_filters_name_their_dates_in_errors(people, cases, client_for):
    query = {
        "notified_from-day": "31", "notified_from-month": "2", "notified_from-year": "2020",
        "notified_to-day": "1", "notified_to-month": "13", "notified_to-year": "2020",
    }  # fmt: skip
    response = client_for(people["sam"]).get(reverse("notification_list"), query)
    assert errors(response) == [
        ("id_notified_from-day", "Notified on or after must be a real date"),
        ("id_notified_to-month", "Notified on or before must be a real date"),
    ]
    later_first = {**query, "notified_from-day": "2", "notified_from-month": "3", "notified_to-month": "1"}
    assert errors(client_for(people["sam"]).get(reverse("notification_list"), later_first)) == [
        ("id_notified_to-day", "Notified on or before must be the same as or after the notified on or after date")
    ]


def test_statistics_date_errors_name_the_from_and_to_dates(people, client_for):
    query = {
        "report": "panel-annual", "period": "dates",
        "date_from-day": "31", "date_from-month": "2", "date_from-year": "2020",
        "date_to-day": "", "date_to-month": "", "date_to-year": "",
    }  # fmt: skip
    page = client_for(people["sam"]).get(reverse("statistics"), query).content.decode()
    assert "From date must be a real date" in page and "Enter the to date" in page
    assert "first date" not in page and "last date" not in page
