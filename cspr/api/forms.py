"""The administrators' form for a new API token."""

from django import forms

from cspr.api.actions import MAX_DAYS, TOKEN_ROLES
from cspr.api.models import Scopes
from cspr.core.models import Organisation


class TokenForm(forms.Form):
    name = forms.SlugField(
        label="Name",
        max_length=60,
        help_text="Names the token in the audit trail, for example birmingham-case-system",
        error_messages={"required": "Enter a name for the token"},
    )
    purpose = forms.CharField(
        label="Purpose", max_length=200, required=False, help_text="Which system uses it, and for what"
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.order_by("name"),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation the token acts for"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[(str(role), role.label) for role in TOKEN_ROLES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the role the token acts in"},
    )
    scopes = forms.ChoiceField(
        label="What it may do",
        choices=Scopes.choices,
        widget=forms.RadioSelect,
        initial=Scopes.READ,
        error_messages={"required": "Choose what the token may do"},
    )
    days = forms.IntegerField(
        label="Days until it expires",
        min_value=1,
        max_value=MAX_DAYS,
        initial=365,
        # GOV.UK: a whole number is a text input with a numeric keypad, not type="number".
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many days the token lasts",
            "min_value": "A token lasts at least 1 day",
            "max_value": f"A token lasts at most {MAX_DAYS} days",
            "invalid": "Enter a whole number of days",
        },
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label="Why is it revoked?", max_length=500, required=False)
