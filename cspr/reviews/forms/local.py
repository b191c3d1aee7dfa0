"""Forms that track a local child safeguarding practice review (LCSPR) to publication."""

from django import forms

from cspr.core.access import Role
from cspr.core.models import User
from cspr.domain.dates import long_date
from cspr.domain.deadlines import LCSPR_PUBLICATION_PERIOD
from cspr.govuk.forms import VersionedForm, past_date, text
from cspr.reviews.models import MilestoneKind

REG_11_HINT = (
    "The partners must take into account whether the case highlights improvements needed, recurrent themes, "
    "or concerns about agencies working together, and whether the Panel thought a local review more appropriate "
    "(regulation 11)."
)


class CommissionForm(forms.Form):
    decision_date = past_date(
        "When did the safeguarding partners decide to commission the review?", "Date of the decision"
    )
    reasons = text(
        "Why is a local review appropriate?",
        hint=REG_11_HINT,
        required=True,
        message="Enter why a local review is appropriate",
    )


class ReviewerForm(VersionedForm):
    reviewer = forms.ModelChoiceField(
        label="Who is the independent reviewer?",
        help_text="Only people with the reviewer role are listed. They will see this case and can record milestones.",
        queryset=User.objects.none(),
        empty_label="Select a reviewer",
        error_messages={"required": "Select the reviewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.filter(role=Role.REVIEWER, is_active=True).order_by(
            "last_name", "first_name", "username"
        )


class MilestoneForm(VersionedForm):
    kind = forms.ChoiceField(
        label="Which milestone has been reached?",
        choices=MilestoneKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the milestone"},
    )
    completed_date = past_date("When was it reached?", "Date the milestone was reached")
    note = text("Notes (optional)", hint="For example, the quality of a draft or what the family said.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["kind", "completed_date", "note", "version"])


class DelayForm(VersionedForm):
    reasons = text(
        "Why is the review delayed?",
        hint="Reasons for a delay are recorded and reported to the Panel. For example, a criminal trial, or the "
        "family asked for more time.",
        required=True,
        rows=6,
        message="Enter why the review is delayed",
    )


class FinalReportForm(VersionedForm):
    final_report_date = past_date(
        "When was the final report sent to the Panel and the Secretary of State?", "Date the final report was sent"
    )


class PublishForm(VersionedForm):
    published_date = past_date("When was the report published?", "Date the report was published")
    delay_reasons = text(
        "Reasons for the delay",
        hint=f"Needed when the report is published more than {LCSPR_PUBLICATION_PERIOD} after the decision to "
        "commission it.",
        rows=6,
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        if review.delay_reasons:
            del self.fields["delay_reasons"]
        self.order_fields(["published_date", "delay_reasons", "version"])

    def clean(self):
        data = super().clean()
        published = data.get("published_date")
        late = published is not None and published > self.review.publication_due_date
        if late and "delay_reasons" in self.fields and not data.get("delay_reasons", "").strip():
            self.add_error(
                "delay_reasons",
                "Enter the reasons for the delay: publication was due by "
                f"{long_date(self.review.publication_due_date)}",
            )
        return data


class NotPublishedForm(VersionedForm):
    reasons = text(
        "Why will the report not be published?",
        hint="The Panel is told why. The partners must still publish the improvements that should be made.",
        required=True,
        rows=6,
        message="Enter why the report will not be published",
    )
