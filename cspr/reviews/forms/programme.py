"""Forms of the Panel's national work: the work programme, the pool of reviewers, taking a case
nationally (regulation 3) and appointing a reviewer (regulation 4)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Q

from cspr.cases import scope
from cspr.core.access import Role
from cspr.core.models import LocalAuthority, Partnership, User
from cspr.domain.deadlines import NATIONAL_REVIEW_MONTHS
from cspr.domain.national import Reg3Criterion, criterion_label
from cspr.domain.workflow import WORK_PROGRAMME_TRANSITIONS
from cspr.govuk.forms import PlainText, VersionedForm, past_date, stale_message, text
from cspr.reviews.actions.programme import REASONS_MAX, TOPIC_SUMMARY_MAX


def _limited(field: forms.CharField, limit: int, subject: str) -> forms.CharField:
    """`field` refused past `limit` characters in GOV.UK's words ("The summary must be 5,000 characters
    or fewer"), before the action would refuse it (actions/programme.py holds the limits)."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.error_messages["max_length"] = f"{subject} must be {limit:,} characters or fewer"
    return field


class TopicForm(forms.Form):
    title = forms.CharField(
        label="Topic",
        help_text="For example, non-accidental injury in children under 1",
        max_length=200,
        validators=[PlainText("Topic")],
        error_messages={"required": "Enter the topic"},
    )
    programme_year = forms.CharField(
        label="Work programme year",
        help_text="For example, 2024-25",
        max_length=7,
        error_messages={"required": "Enter the work programme year"},
    )
    summary = _limited(text("Why the Panel is looking at it (optional)"), TOPIC_SUMMARY_MAX, "The summary")

    def clean_programme_year(self):
        year = self.cleaned_data["programme_year"].strip()
        # ASCII digits only: \d also takes "٢٠٢٤-٢٥", which int() reads but the database's check refuses.
        found = re.fullmatch(r"([0-9]{4})-([0-9]{2})", year)
        if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
            raise ValidationError("Enter the work programme year as two years, like 2024-25")
        return year


class TopicStatusForm(VersionedForm):
    record = "topic"
    status = forms.ChoiceField(
        label="What is the topic's status now?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the topic's status"},
    )
    reason = _limited(text("Why (optional)", rows=3), REASONS_MAX, "The reason")

    def __init__(self, *args, current: str, **kwargs):
        """`current`: the topic's status now; the initial version is the topic's version now."""
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (b, b.replace("_", " ").capitalize()) for a, b in sorted(WORK_PROGRAMME_TRANSITIONS) if a == current
        ]

    def clean(self):
        data = super().clean()
        # A second tab's answer was one of the choices of the status it showed, which may not be a
        # choice now: it is told someone else moved the topic, not to select one of the options.
        shown, now = data.get("version"), self.initial.get("version")
        if shown is not None and now is not None and shown != now:
            self.errors.pop("status", None)
            raise ValidationError(stale_message(self.record))
        return data


class PoolAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Who joins the pool?",
        help_text="People with the independent reviewer role who are not in the pool yet.",
        queryset=User.objects.none(),
        empty_label="Select a reviewer",
        error_messages={
            "required": "Select the reviewer who joins the pool",
            "invalid_choice": "Select a reviewer from the list",
        },
    )
    expertise = text("Their expertise", hint="As the public list of the pool describes it.", required=True)
    joined_date = past_date("When did they join the pool?", "Date they joined the pool")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            role=Role.REVIEWER, is_active=True, pool_entry__isnull=True
        ).order_by("last_name", "first_name", "username")


class ConflictsForm(VersionedForm):
    record = "pool entry"
    areas = text(
        "Areas this reviewer must not review",
        hint="One on each line: a local authority or a safeguarding partnership, by name or code. "
        "Leave empty for none.",
    )
    note = text("Why (optional)", hint="For example, worked in Birmingham's children's services until 2019.", rows=3)

    def clean_areas(self):
        """Each line names one local authority or partnership; an error names the line that does not."""
        self.local_authority_codes, self.partnership_codes = [], []
        for number, line in enumerate(self.cleaned_data["areas"].splitlines(), start=1):
            name = line.strip()
            if not name:
                continue
            las = list(LocalAuthority.objects.filter(Q(pk__iexact=name) | Q(name__iexact=name)))
            partnerships = list(Partnership.objects.filter(Q(pk__iexact=name) | Q(name__iexact=name)))
            found = [("local authority", a.pk) for a in las] + [("partnership", p.pk) for p in partnerships]
            if not found:
                raise ValidationError(f"Line {number}: there is no local authority or partnership called {name}")
            if len(found) > 1:
                both = " and ".join(f"a {kind} ({code})" for kind, code in found)
                raise ValidationError(f"Line {number}: {name} names {both}: enter the code of the one you mean")
            if las:
                self.local_authority_codes.append(las[0].pk)
            else:
                self.partnership_codes.append(partnerships[0].pk)
        return self.cleaned_data["areas"]


class RemoveForm(VersionedForm):
    record = "pool entry"
    left_date = past_date("When did they leave the pool?", "Date they left the pool")


CRITERIA = [(c.value, criterion_label(c)) for c in Reg3Criterion]


class TakeCaseForm(VersionedForm):
    ref = forms.CharField(
        label="Notification reference", max_length=60, error_messages={"required": "Enter the notification reference"}
    )
    criteria = forms.MultipleChoiceField(
        label="Which regulation 3 criteria does the case meet?",
        help_text="Select all that apply.",
        choices=CRITERIA,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the regulation 3 criteria the case meets"},
    )
    reasons = _limited(
        text(
            "Why does the case raise issues that are complex or of national importance?",
            required=True,
            message="Enter why the case raises issues that are complex or of national importance",
        ),
        REASONS_MAX,
        "The reasons",
    )
    decided_date = past_date("When did the Panel decide?", "Date of the decision")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_ref(self):
        ref = self.cleaned_data["ref"].strip()
        found = scope.notifications_with_refs(self.user, [ref]).first()
        if found is None:
            raise ValidationError(f"There is no notification with the reference {ref}")
        self.notification_id = found.pk
        return ref


class AppointForm(VersionedForm):
    reviewer = forms.ChoiceField(
        label="Who has been appointed?",
        help_text="Reviewers in the Panel's pool. A reviewer's conflicts are checked against every case in the review.",
        error_messages={"required": "Select the reviewer", "invalid_choice": "Select a reviewer from the list"},
    )
    confirmed_date = past_date(
        "When did the Secretary of State confirm the appointment?", "Date the appointment was confirmed"
    )
    report_months = forms.IntegerField(
        label="How many months do the terms of reference allow for the report?",
        help_text="Counted from the confirmation. The Panel's first national review allowed 6.",
        min_value=1,
        max_value=36,
        initial=NATIONAL_REVIEW_MONTHS,
        # GOV.UK: a whole number is a text input with a numeric keypad, not type="number".
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of months",
            "invalid": "Enter the number of months as a whole number, like 6",
            "min_value": "The terms of reference allow at least 1 month",
            "max_value": "Enter 36 months or fewer",
        },
    )

    def __init__(self, *args, pool, **kwargs):
        """`pool`: the reviewers in the pool (none who left) not yet appointed to this review."""
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [("", "Select a reviewer")] + [
            (str(e.user_id), f"{e} — {e.expertise[:60]}") for e in pool
        ]
