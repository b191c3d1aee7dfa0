"""Forms for making a briefing and editing practice content (GOV.UK components via cspr/govuk/forms.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cspr.briefings.agencies import agency_codes, read_agency
from cspr.briefings.models import KIND_LABELS
from cspr.briefings.practice import PracticeContentError, check_resource
from cspr.core import access
from cspr.core.models import Partnership
from cspr.domain.report_periods import calendar_year, ended, last_complete_day
from cspr.govuk.forms import PlainText, VersionedForm, text
from cspr.stats.report import latest_year_with_data

FIRST_YEAR = 2018  # the Panel began work in 2018
FORMAT_LABELS = {
    "pdf": "PDF (accessible, for printing and email)",
    "docx": "Word document (to add your organisation's branding and contacts)",
    "html": "Web page (a single file)",
    "md": "Markdown (for intranets and wikis)",
}


class BriefingForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Which year?",
        coerce=int,
        help_text="Notifications that reached the Panel in this calendar year",
        error_messages={"required": "Select the year the briefing covers"},
    )
    kind = forms.ChoiceField(
        label="What kind of briefing?",
        widget=forms.RadioSelect,
        choices=list(KIND_LABELS.items()),
        error_messages={"required": "Select what kind of briefing to make"},
    )
    partnership = forms.ChoiceField(label="Partnership", required=False, help_text="Only for a partnership briefing")
    agency = forms.ChoiceField(
        label="Agency",
        required=False,
        help_text="Only for an agency briefing: the agency's own resources come first",
        error_messages={"invalid_choice": "Choose an agency from the list: %(value)s has no resource list"},
    )
    format = forms.ChoiceField(
        label="Format",
        widget=forms.RadioSelect,
        choices=list(FORMAT_LABELS.items()),
        error_messages={"required": "Select a format"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only years that have ended: a briefing publishes its figures, and a year under way is
        # not published (domain/report_periods.py `publish_refusal`).
        today = timezone.localdate()
        last = today.year if ended(calendar_year(today.year), last_complete_day(today)) else today.year - 1
        self.fields["year"].choices = [(y, str(y)) for y in range(last, FIRST_YEAR - 1, -1)]
        self.fields["year"].error_messages["invalid_choice"] = (
            f"Select the year the briefing covers, from {FIRST_YEAR} to {last}: "
            "a year can be published once it has ended"
        )
        # The last complete year, or the latest with data when the register ends earlier.
        latest = latest_year_with_data(today)
        self.fields["year"].initial = min(last, latest) if latest else last
        if access.is_partnership_manager(user):
            own = Partnership.objects.filter(code=user.partnership_id)
            self.fields["partnership"].choices = [(p.code, p.name) for p in own]
        else:
            self.fields["partnership"].choices = [("", "Choose a partnership")] + [
                (p.code, p.name) for p in Partnership.objects.order_by("name")
            ]

        self.fields["agency"].choices = [("", "Every agency (the shared resources)")] + [
            (code, _agency_name(code)) for code in agency_codes()
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") != "agency":
            data["agency"] = ""
        if data.get("kind") == "partnership" and not data.get("partnership"):
            self.add_error("partnership", "Choose the partnership the briefing is for")
        if data.get("kind") != "partnership":
            data["partnership"] = ""
        return data


def _agency_name(code: str) -> str:
    """The name in the agency's file; its code when the file has a problem (making the briefing then says which)."""
    try:
        name = read_agency(code).name
    except PracticeContentError:
        return code
    return name[:1].upper() + name[1:]


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


class PracticeContentForm(VersionedForm):
    # Every field reaches the briefings, whose DOCX cannot hold a control character (PlainText).
    record = "practice content"
    title = forms.CharField(
        label="Title", max_length=200, validators=[PlainText("Title")], error_messages={"required": "Enter a title"}
    )
    summary = text("What reviews tend to find", rows=4, required=True, message="Enter what reviews tend to find")
    practice_points = text(
        "Practice points", hint="One on each line", rows=8, required=True, message="Enter at least one practice point"
    )
    reflective_questions = text(
        "Questions for supervision",
        hint="One on each line",
        rows=6,
        required=True,
        message="Enter at least one question",
    )
    resources = text(
        "Resources",
        hint="One on each line: title | publisher | address starting https://",
        required=True,
        message="Enter at least one resource",
    )
    reason = forms.CharField(
        label="Why are you making this change? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[PlainText("The reason")],
    )

    @staticmethod
    def initial_for(content) -> dict:
        return {
            "version": content.version,
            "title": content.title,
            "summary": content.summary,
            "practice_points": "\n".join(content.practice_points),
            "reflective_questions": "\n".join(content.reflective_questions),
            "resources": "\n".join(f"{r['title']} | {r.get('publisher', '')} | {r['url']}" for r in content.resources),
        }

    def clean_summary(self):
        return " ".join(self.cleaned_data["summary"].split())

    def clean_practice_points(self):
        return _lines(self.cleaned_data["practice_points"])

    def clean_reflective_questions(self):
        return _lines(self.cleaned_data["reflective_questions"])

    def clean_resources(self):
        found = []
        for line in _lines(self.cleaned_data["resources"]):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) == 2:
                parts.insert(1, "")
            if len(parts) != 3:
                raise ValidationError(f"Write each resource as title | publisher | address: {line[:60]}")
            resource = {"title": parts[0], "publisher": parts[1], "url": parts[2]}
            problems = check_resource(resource)
            if problems:
                raise ValidationError(f"Check this resource: {problems[0]}")
            found.append(resource)
        return found

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("title", "summary", "practice_points", "reflective_questions", "resources")
        }
