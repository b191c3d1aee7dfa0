"""The questions a partnership answers about what it did for a recommendation, and its impact."""

from django import forms

from cspr.domain.workflow import RecommendationActionStatus
from cspr.govuk.forms import DateField, PlainText, VersionedForm

STATUS_NAMES = {
    RecommendationActionStatus.PLANNED: "Planned",
    RecommendationActionStatus.IN_PROGRESS: "In progress",
    RecommendationActionStatus.COMPLETED: "Completed",
    RecommendationActionStatus.WITHDRAWN: "Withdrawn",
}


class ActionForm(forms.Form):
    description = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[PlainText("What will be done")],
        error_messages={"required": "Enter what will be done"},
    )
    owning_agency = forms.CharField(
        label="Owning agency",
        max_length=150,
        validators=[PlainText("Owning agency")],
        error_messages={"required": "Enter the agency that owns the action"},
    )
    owner = forms.CharField(
        label="Owner",
        help_text="The person or post responsible",
        max_length=150,
        validators=[PlainText("Owner")],
        error_messages={"required": "Enter the person or post responsible"},
    )
    due_date = DateField(
        label="Due date",
        subject="Due date",
        help_text="For example, 31 3 2027",
        error_messages={"required": "Enter the date it is due"},
    )


class ActionProgressForm(VersionedForm):
    record = "action"
    status = forms.ChoiceField(
        label="Status",
        choices=list(STATUS_NAMES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the action's status"},
    )
    completion_evidence = forms.CharField(
        label="Evidence of completion",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[PlainText("Evidence of completion")],
        help_text="Needed when the action is completed: what shows it was done",
    )
    completed_on = DateField(
        label="Date completed (optional)",
        subject="Date completed",
        past_only=True,
        required=False,
        help_text="Only for a completed action. Leave blank for today",
    )
    # Required by the action when the action is withdrawn (domain/workflow.py: "with the reason").
    reason = forms.CharField(
        # Distinct from the details form's reason on the same page (learning/follow_up/action.html).
        label="Why are you changing its progress?",
        help_text="Needed when the action is withdrawn",
        required=False,
        validators=[PlainText("The reason")],
    )


class ImpactForm(VersionedForm):
    record = "action"
    impact = forms.CharField(
        label="What changed",
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[PlainText("What changed")],
        error_messages={"required": "Enter what changed"},
    )
    impact_measure = forms.CharField(
        label="How it was measured",
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[PlainText("How it was measured")],
        error_messages={"required": "Enter how the change was measured"},
    )


class ActionDetailsForm(VersionedForm, ActionForm):
    """What an action is, who owns it and when it is due, as recorded: to correct a mistake or re-plan it."""

    record = "action"
    reason = forms.CharField(
        label="Why are you changing its details? (optional)",
        help_text="For example, the due date moved because the audit was put back a quarter",
        required=False,
        validators=[PlainText("The reason")],
    )
