"""Sharing a case with another safeguarding partnership (the child's home authority's, say)."""

from django import forms
from django.utils import timezone

from cspr.core.models import Partnership
from cspr.govuk.forms import text


class ShareForm(forms.Form):
    partnership = forms.ChoiceField(
        label="Which safeguarding partnership should also see this case?",
        help_text="They will see the notification, its children and its reviews, but cannot change them.",
        error_messages={"required": "Select a safeguarding partnership"},
    )
    reason = text(
        "Why are you sharing it?",
        hint="For example, the child normally lives in that partnership's area.",
        required=True,
        message="Enter why you are sharing the case",
    )

    def __init__(self, *args, notification, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        shared = set(notification.shares.values_list("partnership_id", flat=True))
        partnerships = (
            Partnership.objects.exclude(code=notification.partnership_id)
            .exclude(code__in=shared)
            .exclude(valid_from__gt=today)
            .exclude(valid_to__lt=today)
            .order_by("name")
        )
        self.fields["partnership"].choices = [("", "Select a partnership")] + [(p.code, p.name) for p in partnerships]
