"""A form with one of each GOV.UK question type, for the form glue tests and the axe test."""

from django import forms

from cspr.govuk import forms as govuk

THEMES = [("daily_life", "Understanding the child’s daily life"), ("risk", "Assessing risk of harm")]


class ExampleForm(forms.Form):
    name = forms.CharField(label="Reviewer’s name", help_text="As it appears on the report", max_length=100)
    summary = forms.CharField(label="Summary", widget=forms.Textarea, required=False)
    agency = forms.ChoiceField(
        label="Lead agency", choices=[("", "Choose an agency"), ("police", "Police"), ("health", "Health")]
    )
    domestic_abuse = govuk.YesNoUnknownField(label="Was domestic abuse a feature?")
    themes = forms.MultipleChoiceField(
        label="Practice themes",
        choices=THEMES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one practice theme"},
    )
    incident_date = govuk.DateField(
        label="When did the incident happen?",
        help_text="For example, 27 3 2024",
        subject="Date of the incident",
        past_only=True,
        error_messages={"required": "Enter the date of the incident"},
    )
    final_report_sent = forms.BooleanField(label="The final report has been sent", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, initial=1)
