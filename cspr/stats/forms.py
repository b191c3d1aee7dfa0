"""The statistics page's question: which report, for which period.

A GET form (the answer is a view of figures, so its address can be bookmarked
and the downloads carry the same query): the report, then a calendar year, a
financial year or two dates, each revealed under its radio button.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.utils import timezone

from cspr.domain.measures import Period
from cspr.domain.report_periods import calendar_year, financial_year
from cspr.govuk.forms import DATE_PARTS, DateField

# The Panel began work in June 2018: no register holds an earlier notification.
FIRST_YEAR = 2018

REPORTS = {
    "panel-annual": "Panel annual report",
    "dfe-official": "DfE official statistics tables",
}
PERIODS = {
    "year": "Calendar year",
    "financial_year": "Financial year (April to March)",
    "dates": "Between two dates",
}
# The fields each kind of period uses, in the order they are asked.
PERIOD_FIELDS = {"year": ("year",), "financial_year": ("financial_year",), "dates": ("date_from", "date_to")}


def fy_label(first: int) -> str:
    return f"{first}-{(first + 1) % 100:02d}"


def financial_years(today: date) -> list[tuple[str, str]]:
    """(value, label) for every financial year from 2018-19 to the one `today` is in, latest first."""
    current = today.year if today.month >= 4 else today.year - 1
    return [(fy_label(y), f"April {y} to March {y + 1}") for y in range(current, FIRST_YEAR - 1, -1)]


@dataclass(frozen=True)
class Choice:
    """A valid answer: the report definition's id and the period, plus how to ask for it again."""

    definition: str
    period: Period
    query: dict[str, str]
    slug: str  # the period in file names: 2020, 2020-21, 2020-01-01-to-2020-06-30

    @property
    def querystring(self) -> str:
        return urlencode(self.query)


class StatisticsForm(forms.Form):
    report = forms.ChoiceField(
        label="Report",
        choices=list(REPORTS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select which report you want", "invalid_choice": "Select which report you want"},
    )
    period = forms.ChoiceField(
        label="Period",
        choices=list(PERIODS.items()),
        widget=forms.RadioSelect,
        help_text="Figures count notifications by the date they reached the Panel.",
        error_messages={
            "required": "Select a calendar year, a financial year or dates",
            "invalid_choice": "Select a calendar year, a financial year or dates",
        },
    )
    year = forms.CharField(
        label="Year",
        required=False,
        help_text="For example, 2020",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-4", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    financial_year = forms.ChoiceField(
        label="Financial year",
        required=False,
        choices=[],
        error_messages={"invalid_choice": "Select a financial year from the list"},
    )
    date_from = DateField(label="From", subject="The first date", required=False, help_text="For example, 1 4 2020")
    date_to = DateField(label="To", subject="The last date", required=False, help_text="For example, 31 3 2021")

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["financial_year"].choices = [("", "Select a financial year"), *financial_years(self.today)]

    @classmethod
    def default_data(cls, today: date | None = None) -> dict[str, str]:
        """What the page shows before anything is chosen: last calendar year's annual report."""
        today = today or timezone.localdate()
        return {"report": "panel-annual", "period": "year", "year": str(max(today.year - 1, FIRST_YEAR))}

    def clean_year(self) -> int | None:
        value = self.cleaned_data["year"].strip()
        if not value:
            return None
        if not (value.isascii() and value.isdigit() and len(value) == 4):
            raise forms.ValidationError("Year must be 4 numbers, like 2020", code="invalid")
        year = int(value)
        if not FIRST_YEAR <= year <= self.today.year:
            raise forms.ValidationError(f"Year must be between {FIRST_YEAR} and {self.today.year}", code="range")
        return year

    def clean(self):
        data = super().clean()
        kind, period = data.get("report"), data.get("period")
        # Only the chosen period's boxes count: what is left in the others is ignored.
        for fields in PERIOD_FIELDS.values():
            for name in fields:
                if name not in PERIOD_FIELDS.get(period, ()):
                    self.errors.pop(name, None)
                    data[name] = None
        if period == "year" and data.get("year") is None and "year" not in self.errors:
            self.add_error("year", forms.ValidationError("Enter a year", code="required"))
        if period == "financial_year" and not data.get("financial_year") and "financial_year" not in self.errors:
            self.add_error("financial_year", forms.ValidationError("Select a financial year", code="required"))
        if period == "dates":
            self._clean_dates(data)
        if kind == "dfe-official" and period and period != "financial_year":
            self.add_error(
                "period",
                forms.ValidationError(
                    "DfE official statistics tables are for a financial year: select Financial year",
                    code="needs_financial_year",
                ),
            )
        return data

    def _clean_dates(self, data) -> None:
        first, last = data.get("date_from"), data.get("date_to")
        for name, value, message in (
            ("date_from", first, "Enter the first date"),
            ("date_to", last, "Enter the last date"),
        ):
            if value is None and name not in self.errors:
                self.add_error(name, forms.ValidationError(message, code="required", params={"parts": DATE_PARTS}))
        if first and first < date(FIRST_YEAR, 1, 1):
            self.add_error(
                "date_from",
                forms.ValidationError(
                    f"The first date must be 1 January {FIRST_YEAR} or later", code="early", params={"parts": DATE_PARTS}
                ),
            )
        if first and last and last < first:
            self.add_error(
                "date_to",
                forms.ValidationError(
                    "The last date must be the same as or after the first date", code="order", params={"parts": DATE_PARTS}
                ),
            )

    def choice(self) -> Choice:
        """The valid answer (call after `is_valid()`)."""
        data = self.cleaned_data
        kind, how = data["report"], data["period"]
        query = {"report": kind, "period": how}
        if how == "year":
            period, slug = calendar_year(data["year"]), str(data["year"])
            query["year"] = slug
        elif how == "financial_year":
            period, slug = financial_year(data["financial_year"]), data["financial_year"]
            query["financial_year"] = slug
        else:
            first, last = data["date_from"], data["date_to"]
            period, slug = Period(first, last), f"{first.isoformat()}-to-{last.isoformat()}"
            for name, day in (("date_from", first), ("date_to", last)):
                query |= {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}
        return Choice(kind, period, query, slug)
