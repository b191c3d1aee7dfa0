"""Text inputs, textareas, selects, radios and checkboxes rendered by the GOV.UK macros."""

import re

import pytest
from django import forms
from django.template import engines

from cspr.govuk import forms as govuk
from tests.govuk.forms import ExampleForm

VALID = {
    "name": "Alice",
    "agency": "health",
    "domestic_abuse": "unknown",
    "themes": ["risk"],
    "incident_date-day": "1",
    "incident_date-month": "2",
    "incident_date-year": "2020",
    "version": "3",
}


def render(bound_field, heading=False):
    template = engines["jinja2"].from_string(
        '{% from "includes/form.html" import govuk_field %}{{ govuk_field(field, heading) }}'
    )
    return template.render({"field": bound_field, "heading": heading})


def test_a_valid_form_cleans():
    form = ExampleForm(VALID)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["domestic_abuse"] == "unknown"
    assert form.cleaned_data["themes"] == ["risk"]


def test_radios_show_the_chosen_value_checked():
    html = render(ExampleForm(VALID)["domestic_abuse"])
    assert 'id="id_domestic_abuse" name="domestic_abuse" type="radio" value="yes">' in html
    assert 'id="id_domestic_abuse-3" name="domestic_abuse" type="radio" value="unknown" checked>' in html
    assert html.count("checked") == 1
    assert "Not known" in html


def test_radios_show_their_error_in_the_fieldset():
    form = ExampleForm({**VALID, "domestic_abuse": ""})
    html = render(form["domestic_abuse"])
    assert "govuk-form-group--error" in html
    assert 'aria-describedby="id_domestic_abuse-error"' in html
    assert '<span class="govuk-visually-hidden">Error:</span> Select yes, no or not known' in html
    assert govuk.error_list(form) == [{"text": "Select yes, no or not known", "href": "#id_domestic_abuse"}]


def test_yes_no_unknown_refuses_other_values():
    form = ExampleForm({**VALID, "domestic_abuse": "maybe"})
    assert not form.is_valid()
    assert "domestic_abuse" in form.errors


def test_checkboxes_show_each_chosen_value_checked():
    html = render(ExampleForm({**VALID, "themes": ["daily_life", "risk"]})["themes"])
    assert html.count(" checked>") == 2
    assert 'id="id_themes-2" name="themes" type="checkbox" value="risk" checked>' in html


def test_checkboxes_show_their_error_and_the_summary_links_to_the_first_box():
    form = ExampleForm({**VALID, "themes": []})
    html = render(form["themes"])
    assert "Select at least one practice theme" in html and "govuk-form-group--error" in html
    assert govuk.error_list(form) == [{"text": "Select at least one practice theme", "href": "#id_themes"}]


def test_a_select_marks_the_chosen_option():
    html = render(ExampleForm(VALID)["agency"])
    assert '<option value="health" selected>Health</option>' in html
    assert '<option value="police">Police</option>' in html


def test_a_text_input_keeps_what_was_typed_and_its_hint():
    html = render(ExampleForm({**VALID, "name": "Alice <b>"})["name"])
    assert 'value="Alice &lt;b&gt;"' in html
    assert 'aria-describedby="id_name-hint"' in html
    assert "maxlength" not in html


def test_a_textarea_is_empty_not_none():
    html = render(ExampleForm()["summary"])
    assert re.search(r'<textarea class="govuk-textarea" id="id_summary" name="summary" rows="5"\s*></textarea>', html)


def test_a_boolean_is_a_single_checkbox():
    html = render(ExampleForm({**VALID, "final_report_sent": "true"})["final_report_sent"])
    assert 'name="final_report_sent" type="checkbox" value="true" checked>' in html
    assert ExampleForm({**VALID, "final_report_sent": "true"}).is_valid()


def test_heading_makes_the_label_the_page_heading():
    html = render(ExampleForm()["name"], heading=True)
    assert '<h1 class="govuk-label-wrapper">' in html and "govuk-label--l" in html
    html = render(ExampleForm()["domestic_abuse"], heading=True)
    assert '<h1 class="govuk-fieldset__heading">' in html


def test_form_wide_errors_lead_the_summary_without_a_link():
    form = ExampleForm(VALID)
    form.is_valid()
    form.add_error(None, "Someone else changed this review")
    assert govuk.error_list(form)[0] == {"text": "Someone else changed this review"}


def test_a_widget_without_a_govuk_macro_is_refused():
    class F(forms.Form):
        many = forms.MultipleChoiceField(choices=[("a", "A")])

    with pytest.raises(TypeError, match="SelectMultiple"):
        govuk.field_params(F()["many"])
