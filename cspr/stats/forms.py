"""The statistics page's question: which report, for which period.

A GET form (the answer is a view of figures, so its address can be bookmarked
and the downloads carry the same query): the report, then a period chosen from
a list of calendar and financial years, or "between the dates below" and two
dates. (Radios that reveal each kind of period's boxes would be GOV.UK's first
choice, but their `aria-expanded` fails axe: alphagov/govuk-frontend#979.)
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.utils import timezone

from cspr.domain.measures import Period
from cspr.domain.report_periods import calendar_year, ended, financial_year, last_complete_day, publish_refusal
from cspr.domain.reports import DEFINITIONS
from cspr.govuk.forms import DATE_PARTS, DateField

# The Panel began work in June 2018: no register holds an earlier notification.
FIRST_YEAR = 2018
DATES = "dates"

# Figures for a period between two dates are offered only to those who may read every notification
# (cspr/core/access.py `stats.choose_any_period`): two such periods a day apart differ by a single
# notification, so subtracting one published page from the other would show that notification and
# its child in full (its region, kind, timeliness, the child's age, sex and characteristics) to a
# reader who may not see it. Calendar and financial years do not nest that finely (ADR 0005).
BETWEEN_DATES_REFUSAL = (
    "Select a calendar or financial year: figures between two dates are for the Panel, who can see every notification"
)

REPORTS = {
    "panel-annual": "Panel annual report",
    "dfe-official": "DfE official statistics tables",
}


def fy_label(first: int) -> str:
    return f"{first}-{(first + 1) % 100:02d}"


def _years(today: date) -> list[tuple[str, str, Period]]:
    """(value, label, period) of every calendar and financial year from FIRST_YEAR to today's."""
    current_fy = today.year if today.month >= 4 else today.year - 1
    years = [(str(y), f"{y} (January to December)", calendar_year(y)) for y in range(today.year, FIRST_YEAR - 1, -1)]
    fys = [
        (fy_label(y), f"April {y} to March {y + 1} (financial year)", financial_year(fy_label(y)))
        for y in range(current_fy, FIRST_YEAR - 1, -1)
    ]
    return [*years, *fys]


def periods(today: date, *, any_period: bool = False) -> list[tuple[str, str]]:
    """(value, label) for every period on the list: calendar years, then financial years, latest first,
    and "between the dates below" for a person who may choose any period (`stats.choose_any_period`).

    Only periods that have ended: the page publishes its figures, and a period under way would
    read as a fall (domain/report_periods.py `publish_refusal`), as the early-warning page shows
    only complete weeks and months."""
    end = last_complete_day(today)
    found = [(value, words) for value, words, period in _years(today) if ended(period, end)]
    return [*found, (DATES, "Between the dates below")] if any_period else found


def not_ended(today: date) -> dict[str, str]:
    """The years still under way or to come, each with why it is not on the list (a bookmarked address)."""
    end = last_complete_day(today)
    return {value: publish_refusal(period, end) for value, _, period in _years(today) if not ended(period, end)}


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
        choices=[],
        help_text="Figures count notifications by the date they reached the Panel.",
        error_messages={"required": "Select a period", "invalid_choice": "Select a period from the list"},
    )
    date_from = DateField(
        label="From",
        subject="From date",
        required=False,
        help_text="Only for a period between two dates. For example, 1 4 2020",
    )
    date_to = DateField(
        label="To",
        subject="To date",
        required=False,
        help_text="Only for a period between two dates. For example, 31 3 2021",
    )

    def __init__(self, *args, today: date | None = None, any_period: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.any_period = any_period
        self.fields["period"].choices = [("", "Select a period"), *periods(self.today, any_period=any_period)]
        if not any_period:  # no boxes for a period the person cannot choose
            del self.fields["date_from"], self.fields["date_to"]

    @classmethod
    def default_data(cls, today: date | None = None, latest_year: int | None = None) -> dict[str, str]:
        """What the page shows before anything is chosen: the annual report of the last calendar year,
        or of `latest_year`, the latest with data, when the register's data ends earlier."""
        today = today or timezone.localdate()
        year = min(today.year - 1, latest_year) if latest_year else today.year - 1
        return {"report": "panel-annual", "period": str(max(year, FIRST_YEAR))}

    def clean(self):
        data = super().clean()
        asked = self.data.get("period")
        if "period" in self.errors and asked in (pending := not_ended(self.today)):
            # An address for a year under way: say why, not "Select a period from the list".
            self.errors.pop("period")
            self.add_error("period", forms.ValidationError(pending[asked], code="not_ended"))
        elif "period" in self.errors and asked == DATES and not self.any_period:
            # A bookmarked or shared address: say what the person can choose, and why not this.
            self.errors.pop("period")
            self.add_error("period", forms.ValidationError(BETWEEN_DATES_REFUSAL, code="not_offered"))
        kind, period = data.get("report"), data.get("period")
        if period != DATES:  # the date boxes count only for a period between two dates
            for name in ("date_from", "date_to"):
                self.errors.pop(name, None)
                data[name] = None
        else:
            self._clean_dates(data)
        # A report made for financial years (its tables split the year into April-September and
        # October-March): a calendar year, or a period between two dates, has no such halves.
        if kind and DEFINITIONS[kind].period_kind == "financial_year" and period and "-" not in period:
            self.add_error(
                "period",
                forms.ValidationError(
                    "DfE official statistics tables are for a financial year: select a financial year",
                    code="needs_financial_year",
                ),
            )
        return data

    def _clean_dates(self, data) -> None:
        first, last = data.get("date_from"), data.get("date_to")
        for name, value, message in (
            ("date_from", first, "Enter the from date"),
            ("date_to", last, "Enter the to date"),
        ):
            if value is None and name not in self.errors:
                self.add_error(name, forms.ValidationError(message, code="required", params={"parts": DATE_PARTS}))
        if first and first < date(FIRST_YEAR, 1, 1):
            self.add_error(
                "date_from",
                forms.ValidationError(
                    f"From date must be 1 January {FIRST_YEAR} or later",
                    code="early",
                    params={"parts": DATE_PARTS},
                ),
            )
        if last and not ended(Period(last, last), last_complete_day(self.today)):
            self.add_error(
                "date_to",
                forms.ValidationError(
                    "To date must be before today: a period can be published once it has ended",
                    code="not_ended",
                    params={"parts": DATE_PARTS},
                ),
            )
        if first and last and last < first:
            self.add_error(
                "date_to",
                forms.ValidationError(
                    "To date must be the same as or after the from date",
                    code="order",
                    params={"parts": DATE_PARTS},
                ),
            )

    def choice(self) -> Choice:
        """The valid answer (call after `is_valid()`)."""
        data = self.cleaned_data
        kind, value = data["report"], data["period"]
        query = {"report": kind, "period": value}
        if value == DATES:
            first, last = data["date_from"], data["date_to"]
            period, slug = Period(first, last), f"{first.isoformat()}-to-{last.isoformat()}"
            for name, day in (("date_from", first), ("date_to", last)):
                query |= {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}
        elif "-" in value:
            period, slug = financial_year(value), value
        else:
            period, slug = calendar_year(int(value)), value
        return Choice(kind, period, query, slug)
