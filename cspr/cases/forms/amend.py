"""The form that corrects a notification and its children: every answer of the intake on one page, and a reason.

Each field is named after its column of the data standard (a child's as
`child<N>-<column>`), so a refusal of `notification_amend` (the standard's rules,
cspr/cases/actions/amend.py) goes back beside the field it is about, in the
intake's words (`words.friendly`). When the form itself refuses an answer the page
still shows the standard's problems (`standard_problems`), so every error is shown at once.
"""

import re

from django import forms
from django.utils import timezone

from cspr.cases import exporter
from cspr.cases.actions.amend import read_correction
from cspr.cases.forms import intake, labels, words
from cspr.core.reference import AreaIndex
from cspr.domain import codes
from cspr.domain.deadlines import NOTIFICATION_PERIOD, RAPID_REVIEW_PERIOD
from cspr.domain.standard import Problem, format_value
from cspr.domain.standard_rules import SUDI
from cspr.domain.text import mid_sentence
from cspr.govuk import forms as govuk

DATES = {
    "incident_date": "Date of the incident",
    "aware_date": "Date the local authority became aware",
    "notified_date": "Date the notification reached the Panel",
}


# The notification's yes/no/unknown answers, then its cspr-2 coded and free-text answers.
FLAGS = codes.NOTIFICATION_FLAGS + codes.NOTIFICATION_FLAGS_2 + ("abuse_neglect_suspected",)
TEXT = ("notification_kind", "late_notification_reason", "late_rapid_review_reason", "incident_description")


def _choices(words: dict, blank: str | None = None) -> list[tuple[str, str]]:
    return ([("", blank)] if blank is not None else []) + list(words.items())


def _flag(words: str) -> govuk.YesNoUnknownField:
    return govuk.YesNoUnknownField(
        label=words,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": f"Select yes, no or not known for {mid_sentence(words)}"},
    )


def child_field(index: int, column: str) -> str:
    return f"child{index}-{column}"


class AmendForm(govuk.VersionedForm):
    """`children` are the notification's children as they stand; `local_authorities` the choices offered."""

    record = "notification"

    def __init__(self, *args, notification, children, local_authorities, **kwargs):
        self.notification = notification
        self.child_refs = [c.child_ref for c in children]
        initial = {column: getattr(notification, column) for column in DATES}
        initial |= {
            "notification_ref": notification.ref,
            "la_code": notification.local_authority_id,
            "incident_type": notification.incident_type,
            "death_category": notification.death_category,
            "harm_category": notification.harm_category,
            "version": notification.version,
            **{flag: getattr(notification, flag) for flag in FLAGS},
            **{column: getattr(notification, column) for column in TEXT},
        }
        for index, child in enumerate(children):
            initial |= {
                child_field(index, column): format_value(getattr(child, column)) for column in codes.CHILD_COLUMNS
            }
        super().__init__(*args, initial=initial, **kwargs)
        f = self.fields
        f["notification_ref"] = forms.CharField(
            label="Notification reference",
            error_messages={"required": "Enter the notification reference"},
            widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        )
        f["la_code"] = forms.ChoiceField(label="Local authority making the notification", choices=local_authorities)
        for column, subject in DATES.items():
            f[column] = govuk.past_date(subject, subject, today_by_default=False)
        f["incident_type"] = forms.ChoiceField(
            label="Type of incident", choices=_choices(labels.INCIDENT_TYPES), widget=forms.RadioSelect
        )
        f["death_category"] = forms.ChoiceField(
            label="Category of death",
            help_text="Only for a death",
            required=False,
            # A care leaver's death is never sudi (the standard's rule): not offered, unless the record has it.
            choices=_choices(
                labels.DEATH_CATEGORIES
                if notification.death_category == SUDI
                else intake.death_categories(notification.notification_kind),
                "Not a death",
            ),
        )
        f["harm_category"] = forms.ChoiceField(
            label="Main category of harm",
            help_text="Only for serious harm or another incident",
            required=False,
            choices=_choices(labels.HARM_CATEGORIES, "Not serious harm"),
        )
        for flag in FLAGS:
            f[flag] = _flag(labels.NOTIFICATION_FLAGS[flag])
        f["notification_kind"] = forms.ChoiceField(
            label="Kind of notification",
            help_text="A change that would start or stop the rapid review's clock is the Panel secretariat's",
            choices=_choices(labels.NOTIFICATION_KINDS),
            widget=forms.RadioSelect,
        )
        f["late_notification_reason"] = forms.ChoiceField(
            label="Reason the notification was late",
            help_text=f"Only when it reached the Panel after its {NOTIFICATION_PERIOD}",
            required=False,
            choices=_choices(labels.LATE_NOTIFICATION_REASONS, words.NOT_LATE),  # the option its error names
        )
        f["late_rapid_review_reason"] = forms.ChoiceField(
            label="Reason the rapid review was late",
            help_text=f"Only when the rapid review reached the Panel after its {RAPID_REVIEW_PERIOD}",
            required=False,
            choices=_choices(labels.LATE_RAPID_REVIEW_REASONS, "Not late, or no reason given"),
        )
        f["incident_description"] = forms.CharField(
            label="What happened",
            help_text="Never a name or anything else that identifies a child or family member",
            required=False,
            max_length=codes.DESCRIPTION_MAX,
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"max_length": f"Description must be {codes.DESCRIPTION_MAX} characters or fewer"},
        )
        homes = intake.home_authority_choices(timezone.localdate())
        for index in range(len(children)):
            f[child_field(index, "child_ref")] = forms.CharField(
                label="Child's reference",
                help_text="Never the child's name",
                error_messages={"required": words.REQUIRED["child_ref"]},
                widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
            )
            f[child_field(index, "gender")] = forms.ChoiceField(
                label="Gender",
                choices=_choices(labels.GENDERS),
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
            )
            f[child_field(index, "age_years")] = forms.CharField(
                label="Age at the time of the incident, in whole years",
                help_text="Leave it empty if the age is not known",
                required=False,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
            )
            f[child_field(index, "ethnicity")] = forms.ChoiceField(
                label="Ethnicity", choices=_choices(labels.ETHNICITIES, "Select ethnicity")
            )
            for flag in codes.CHILD_FLAGS + codes.CHILD_FLAGS_2:
                f[child_field(index, flag)] = _flag(labels.CHILD_FLAGS[flag])
            f[child_field(index, "home_la_code")] = forms.ChoiceField(
                label="Local authority where the child normally lives",
                help_text="If another, its safeguarding partnership sees the case too",
                required=False,
                choices=homes,
            )
            f[child_field(index, "outcome")] = forms.ChoiceField(
                label="Outcome for the child",
                choices=_choices({"died": "Died", "seriously_harmed": "Seriously harmed", "other": "Other"}),
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
            )
        f["reason"] = govuk.text(
            "Why are you correcting it?",
            hint="Say what was wrong and where the right answer comes from. This is kept with the change.",
            required=True,
            rows=3,
            message="Enter why you are correcting the notification",
        )
        f["version"] = f.pop("version")  # last, after the questions

    def notification_fields(self):
        return [self[name] for name in ("notification_ref", "la_code", *DATES, "incident_type")]

    def category_fields(self):
        return [self["death_category"], self["harm_category"], self["near_miss"]]

    def characteristic_fields(self):
        return [self[name] for name in (*FLAGS, *TEXT) if name != "near_miss"]

    def child_fields(self):
        """Each child's reference (as it stands) and bound fields."""
        return [
            (ref, [self[child_field(index, column)] for column in codes.CHILD_COLUMNS])
            for index, ref in enumerate(self.child_refs)
        ]

    def arguments(self, data) -> dict:
        """`notification_amend`'s changes, children and reason from the answers."""
        changes = {column: data[column] for column in ("notification_ref", "la_code", *DATES, "incident_type")}
        changes |= {"death_category": data["death_category"], "harm_category": data["harm_category"]}
        changes |= {flag: data[flag] for flag in FLAGS}
        changes |= {column: data[column] for column in TEXT}
        children = [
            {column: data[child_field(index, column)] for column in codes.CHILD_COLUMNS}
            for index in range(len(self.child_refs))
        ]
        return {"changes": changes, "children": children, "reason": data["reason"]}

    def standard_problems(self) -> list[tuple[str, str]]:
        """The standard's problems with the answers as they stand, as `notification_amend` finds them
        (`read_correction`, the one reading of a correction).

        For a form that refused some answers: each refused one is checked as the record has it (its
        initial value), so the problems found are about the answers the form accepted. The action
        still checks them again and is the only writer.
        """
        data = {**self.initial, **getattr(self, "cleaned_data", {}), "reason": ""}
        arguments = self.arguments(data)
        before = exporter.notification_columns(self.notification)
        before_children = {c.child_ref: exporter.child_columns(c) for c in self.notification.children.all()}
        _, problems = read_correction(
            before, before_children, arguments["changes"], arguments["children"], areas=AreaIndex.from_database()
        )
        return problems

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        """Each of the standard's problems beside its field, in the intake's words."""
        answers = getattr(self, "cleaned_data", {})
        kind = answers.get("notification_kind") or self.initial.get("notification_kind")
        for field, message in problems:
            match = re.fullmatch(r"children\[(\d+)\]\.(\w+)", field)
            location, column = (f"children[{match[1]}]", match[2]) if match else ("notification", field)
            name = child_field(int(match[1]), column) if match else column
            said = words.friendly(Problem("", location, column, message), kind)
            if name in self.fields and name not in self.errors:
                self.add_error(name, said)
            elif name not in self.fields:
                self.add_error(None, f"{column.replace('_', ' ').capitalize()}: {said}")
