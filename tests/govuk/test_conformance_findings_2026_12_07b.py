"""GOV.UK Design System defects a reviewer reproduced on 2026-12-07 (second round), in one template or form.

Page-level checks are in tests/service/test_page_conformance_2026_12_07b.py.
"""

from django.template.loader import render_to_string


def test_a_single_radio_from_allauth_is_a_govuk_radio_not_a_checkbox():
    # As allauth's {% element field type="radio" %} renders it: the attributes and the label's slot.
    rendered = render_to_string(
        "allauth/elements/field.html",
        {"attrs": {"type": "radio", "name": "email", "value": "a@b.c", "id": "r1"}, "slots": {"label": ["a@b.c"]}},
        using="django",
    )
    assert '<input class="govuk-radios__input" type="radio" id="r1" name="email"' in rendered
    assert "govuk-checkboxes" not in rendered
