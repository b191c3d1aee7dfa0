"""Forms of the Panel's national reviews."""

import re

from django import forms
from django.core.exceptions import ValidationError

from cspr.cases import scope
from cspr.govuk.forms import VersionedForm, past_date, text


class NationalReviewForm(forms.Form):
    title = forms.CharField(
        label="Title",
        help_text="For example, The myth of invisible men",
        max_length=200,
        error_messages={"required": "Enter the title of the national review"},
    )
    programme_topic = forms.ChoiceField(
        label="Work programme topic",
        required=False,
        error_messages={"invalid_choice": "Select a topic of the work programme that is still open, or none"},
    )
    topic = forms.CharField(
        label="Topic (optional under a work programme topic)",
        help_text="For example, non-accidental injury in children under 1. Left empty, the review takes its "
        "work programme topic's words.",
        max_length=200,
        required=False,
    )
    refs = text(
        "Notifications in this review (optional)",
        hint="Notification references, one on each line. You can add more later.",
    )

    def __init__(self, *args, user, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["programme_topic"].choices = [("", "None (a review outside the work programme)")] + [
            (str(t.pk), f"{t.title} ({t.programme_year})") for t in topics
        ]

    def clean(self):
        data = super().clean()
        if not data.get("programme_topic") and not (data.get("topic") or "").strip():
            self.add_error("topic", "Enter the topic of the national review, or choose a work programme topic")
        return data

    def clean_refs(self):
        refs = [ref for ref in re.split(r"[\s,]+", self.cleaned_data["refs"]) if ref]
        found = {n.ref: n.pk for n in scope.notifications_with_refs(self.user, refs)}
        unknown = [ref for ref in refs if ref not in found]
        if unknown:
            raise ValidationError(f"There is no notification with the reference {unknown[0]}")
        self.notification_ids = sorted(set(found.values()))
        return refs


class CommissionForm(VersionedForm):
    commissioned_date = past_date(
        "When was the national review commissioned?",
        "Date the review was commissioned",
        hint="When the Secretary of State confirmed the reviewer's appointment",
    )


class PublishForm(VersionedForm):
    published_date = past_date("When was the national review published?", "Date the review was published")


class RemoveReviewerForm(VersionedForm):
    """Ending a reviewer's appointment (reg 5(2)). The action checks the reason (domain/refusal.plain_reason)."""

    ended_date = past_date("When did the appointment end?", "Date the appointment ended")
    reason = forms.CharField(
        label="Why did the Panel end the appointment?",
        help_text="Shown on the review's page to the Panel secretariat, and kept in the audit trail.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the appointment ended"},
    )
