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


def published_before_final_report(final_report_date) -> str:
    """The publish page's words when the date published is before the final report was sent."""
    return (
        "Date the report was published must be the same as or after the date the final report was sent "
        f"({long_date(final_report_date)})"
    )


# The rapid review's answer (a data standard flag, domain/codes.py FLAG_VALUES) that recommended a local review.
RECOMMENDED = "yes"


def not_recommended(flag: str) -> str:
    """The commission page's words when the rapid review did not recommend a local review.

    Its reasons are then not offered as the answer: they say why a local review is not appropriate.
    """
    if flag == "no":
        return "The rapid review recommended no local review, so its reasons are not repeated here."
    return "The rapid review did not record whether a local review is appropriate."


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


# A `changing` that names no milestone was not typed (the field is hidden): the page was altered.
CHANGED_PAGE = "This page is out of date or was changed before it was sent. Go back to the review and try again."


class MilestoneForm(VersionedForm):
    """Record a milestone, or (`changing`, a recorded milestone's kind) change that one milestone.

    The change page says which milestone it changes, so it offers no choice of milestone: the kind
    is fixed and posted as the hidden `changing`. A posted `kind` that differs is refused rather
    than recorded under a page that said it changed another milestone.
    """

    kind = forms.ChoiceField(
        label="Which milestone has been reached?",
        choices=MilestoneKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the milestone"},
    )
    completed_date = past_date("When was it reached?", "Date the milestone was reached")
    note = text("Notes (optional)", hint="For example, the quality of a draft or what the family said.")
    # The recorded milestone this form was shown to change (prefilled with its date and notes): saving
    # another recorded milestone first shows what is recorded (`already_recorded`), so it is not
    # overwritten unseen.
    changing = forms.ChoiceField(
        widget=forms.HiddenInput,
        required=False,
        choices=[("", "")] + MilestoneKind.choices,
        error_messages={"invalid_choice": CHANGED_PAGE},
    )

    def __init__(self, *args, changing: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.changing = changing if changing in MilestoneKind.values else ""
        if self.changing:
            del self.fields["kind"]
            if not self.is_bound:
                self.initial["changing"] = self.changing
        self.order_fields(["kind", "completed_date", "note", "changing", "version"])

    def clean(self):
        data = super().clean()
        if self.changing:
            posted = self.data.get("kind")
            if posted and posted != self.changing:
                raise forms.ValidationError(not_this_milestone(self.changing), code="other_milestone")
            data["kind"] = self.changing
        return data


def not_this_milestone(kind: str) -> str:
    """The change page's words when a milestone other than the one it changes is posted to it."""
    return (
        f"This page changes only the milestone “{MilestoneKind(kind).label}”. To record another milestone, "
        "go back to the review and choose Record a milestone"
    )


def changes_recorded(milestone) -> str:
    """The milestone page's words when it changes a recorded milestone."""
    return (
        f"This changes the milestone “{milestone.get_kind_display()}”, recorded as reached on "
        f"{long_date(milestone.completed_date)}. Its date and notes are replaced by what you save."
    )


def already_recorded(milestone) -> str:
    """The message on a milestone saved over a recorded one the form was not shown to change."""
    note = f" with the notes “{milestone.note}”" if milestone.note else " with no notes"
    return (
        f"{milestone.get_kind_display()} is already recorded as reached on {long_date(milestone.completed_date)}"
        f"{note}. Save again to replace its date and notes with these"
    )


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


LINK = "link"


class PublishForm(VersionedForm):
    """Publishing the review: its date, its final report (a document or an address) and what it needs.

    `documents` are the case's documents the person can read, final reports first;
    `outstanding` the milestones not recorded (then a reason is asked for).
    """

    published_date = past_date("When was the report published?", "Date the report was published")
    title = forms.CharField(
        label="Title of the published report",
        help_text="As it appears on the report, for example “Child Q: a local child safeguarding practice review”. "
        "It is listed under this title in the learning repository.",
        max_length=300,
        error_messages={"required": "Enter the title of the published report"},
    )
    final_report = forms.ChoiceField(
        label="Which is the final report?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the final report, or give the address where it is published"},
    )
    final_report_url = forms.URLField(
        label="Address where the report is published (optional if you chose a document)",
        help_text="For example, https://www.example-partnership.org.uk/reviews/child-q",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter the address in the correct format, like https://www.example.org.uk/report"},
    )
    learning_summary = text(
        "Summary of the learning (optional)",
        hint="A few sentences for the learning repository. Practitioners searching it read this first.",
    )
    delay_reasons = text(
        "Reasons for the delay",
        hint=f"Needed when the report is published more than {LCSPR_PUBLICATION_PERIOD} after the decision to "
        "commission it.",
        rows=6,
    )
    outstanding_reason = text(
        "Why is the review published before these milestones were recorded?",
        rows=4,
        message="Enter why the review is published before its milestones were recorded",
    )

    def __init__(self, *args, review, documents=(), outstanding=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["final_report"].choices = [(str(d.pk), f"{d} ({d.file_name})") for d in documents] + [
            (LINK, "It is not attached: give the address where it is published")
        ]
        if review.delay_reasons:
            del self.fields["delay_reasons"]
        if outstanding:
            self.fields["outstanding_reason"].required = True
            self.fields["outstanding_reason"].help_text = "Not recorded: " + ", ".join(outstanding) + "."
        else:
            del self.fields["outstanding_reason"]

    def clean(self):
        data = super().clean()
        published = data.get("published_date")
        final = self.review.final_report_date
        if published is not None and final is not None and published < final:
            # practice_review_publish refuses it too (the only writer); checked here as well so the page
            # shows it with every other error, not in a second round once the rest is right.
            self.add_error("published_date", published_before_final_report(final))
        late = published is not None and published > self.review.publication_due_date
        if late and "delay_reasons" in self.fields and not data.get("delay_reasons", "").strip():
            self.add_error(
                "delay_reasons",
                "Enter the reasons for the delay: publication was due by "
                f"{long_date(self.review.publication_due_date)}",
            )
        if (
            data.get("final_report") == LINK
            and not data.get("final_report_url")
            and "final_report_url" not in self.errors
        ):
            self.add_error("final_report_url", "Enter the address where the report is published")
        return data

    def action_arguments(self, data) -> dict:
        """What practice_review_publish (through the learning app's lcspr_publish) is given."""
        chosen = data["final_report"]
        return {
            "published_date": data["published_date"],
            "title": data["title"],
            "learning_summary": data.get("learning_summary", ""),
            "final_report_document_id": None if chosen == LINK else int(chosen),
            "final_report_url": data.get("final_report_url") or "",
            "delay_reasons": data.get("delay_reasons", ""),
            "outstanding_reason": data.get("outstanding_reason", ""),
        }


class NotPublishedForm(VersionedForm):
    reasons = text(
        "Why will the report not be published?",
        hint="The Panel is told why. The partners must still publish the improvements that should be made.",
        required=True,
        rows=6,
        message="Enter why the report will not be published",
    )
