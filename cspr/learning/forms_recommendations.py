"""The questions about one of a review's recommendations, as its report makes it."""

from django import forms

from cspr.govuk.forms import DateField, PlainText, VersionedForm
from cspr.learning.models import RecommendationStatus


class RecommendationForm(forms.Form):
    position = forms.IntegerField(
        label="Recommendation number (optional)",
        help_text="As the report numbers it. Leave blank for the next number",
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Recommendation number must be a whole number, like 3",
            "min_value": "Recommendation number must be 1 or more",
            "max_value": "Recommendation number must be 999 or less",
        },
    )
    text = forms.CharField(
        label="The recommendation",
        help_text="In the report's words",
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[PlainText("The recommendation")],
        error_messages={"required": "Enter the recommendation"},
    )
    owner_agency = forms.CharField(
        label="To whom it is addressed (optional)",
        help_text="The agency or body the report addresses it to, for example, the safeguarding partners",
        required=False,
        max_length=150,
        validators=[PlainText("To whom it is addressed")],
        error_messages={"max_length": "To whom it is addressed must be 150 characters or fewer"},
    )
    due_date = DateField(
        label="Due date (optional)",
        subject="Due date",
        help_text="For example, 31 3 2027",
        required=False,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=RecommendationStatus.choices,
        initial=RecommendationStatus.OPEN,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the recommendation's status"},
    )

    def action_arguments(self, data: dict) -> dict:
        return {
            "text": data["text"],
            "owner_agency": data["owner_agency"],
            "due_date": data["due_date"],
            "status": data["status"],
            **({"position": data["position"]} if data["position"] is not None else {}),
        }


class RecommendationChangeForm(VersionedForm, RecommendationForm):
    record = "recommendation"
    reason = forms.CharField(
        label="Why are you making this change? (optional)",
        required=False,
        max_length=500,
        validators=[PlainText("The reason")],
    )

    def action_arguments(self, data: dict) -> dict:
        # A blank number keeps the one it has (the parent leaves it out).
        return super().action_arguments(data) | {"reason": data["reason"].strip()}


class RecommendationRemoveForm(VersionedForm):
    record = "recommendation"
    reason = forms.CharField(
        label="Why is it being removed?",
        help_text="For example, it was recorded twice, or belongs to another review",
        max_length=500,
        validators=[PlainText("The reason")],
        error_messages={"required": "Enter why the recommendation is being removed"},
    )
