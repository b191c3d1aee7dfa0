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


class WithdrawShareForm(forms.Form):
    """The Panel secretariat ends a share: one of the partnerships the case is shared with."""

    partnership = forms.ChoiceField(
        label="Which partnership should no longer see this case?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the partnership whose share you are withdrawing"},
    )
    reason = text(
        "Why are you withdrawing the share?",
        hint="For example, the child does not live in that partnership's area.",
        required=True,
        message="Enter why you are withdrawing the share",
    )

    def __init__(self, *args, notification, **kwargs):
        super().__init__(*args, **kwargs)
        shares = notification.shares.select_related("partnership").order_by("partnership__name")
        self.fields["partnership"].choices = [(s.partnership_id, s.partnership.name) for s in shares]
