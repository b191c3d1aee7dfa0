"""Django's default validation messages are shown in GOV.UK's words; a form's own words are kept."""

from django import forms

from cspr.govuk.forms import error_list, field_params


class Question(forms.Form):
    reasons = forms.CharField(label="Reasons for the delay")
    partnership = forms.ChoiceField(label="Partnership", choices=[("", "Choose"), ("a", "A")])
    which = forms.ChoiceField(label="Which local authority is it?", choices=[("a", "A")], widget=forms.RadioSelect)
    count = forms.IntegerField(label="Number of children", min_value=1, required=False)
    title = forms.CharField(label="Title", max_length=5, required=False)
    own = forms.CharField(label="Own", error_messages={"required": "Say why the case is shared"})


def messages(data) -> dict[str, str]:
    form = Question(data)
    assert not form.is_valid()
    summary = {item["href"].removeprefix("#id_"): item["text"] for item in error_list(form)}
    # The field's own error message says the same as the summary.
    for name in summary:
        assert field_params(form[name])[1]["errorMessage"]["text"] == summary[name]
    return summary


def test_an_empty_answer_names_the_question():
    found = messages({})
    assert found["reasons"] == "Enter reasons for the delay"
    assert found["partnership"] == "Select partnership"
    assert found["which"] == "Select an answer"
    assert found["own"] == "Say why the case is shared"
    assert "This field is required." not in found.values()


def test_a_wrong_answer_says_what_is_wrong():
    found = messages({"partnership": "z", "count": "two", "title": "too long", "own": "x", "reasons": "x"})
    assert found["partnership"] == "Select partnership from the list"
    assert found["count"] == "Number of children must be a whole number"
    assert found["title"] == "Title must be 5 characters or fewer"
    assert messages({"count": "0"})["count"] == "Number of children must be 1 or more"
