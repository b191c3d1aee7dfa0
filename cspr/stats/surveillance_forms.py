"""The early-warning page's questions: weekly or monthly, which breakdown, and two periods to compare.

A GET form, as the statistics page's: the answer is a view of figures, so it can be bookmarked.
"""

from django import forms

from cspr.domain import surveillance as method
from cspr.govuk.forms import DateField
from cspr.stats.surveillance import BREAKDOWNS

FREQUENCIES = {method.WEEK: "Weekly", method.MONTH: "Monthly"}


class WatchForm(forms.Form):
    frequency = forms.ChoiceField(
        label="Counts",
        choices=list(FREQUENCIES.items()),
        widget=forms.RadioSelect,
        initial=method.MONTH,
        error_messages={
            "required": "Select weekly or monthly counts",
            "invalid_choice": "Select weekly or monthly counts",
        },
    )
    breakdown = forms.ChoiceField(
        label="Broken down by",
        choices=[(k, v[0]) for k, v in BREAKDOWNS.items()],
        widget=forms.RadioSelect,
        initial="type",
        error_messages={"required": "Select a breakdown", "invalid_choice": "Select a breakdown from the list"},
    )
    a_from = DateField(
        label="This period: from",
        subject="The first date of this period",
        required=False,
        help_text="To compare two periods. For example, 1 4 2020",
    )
    a_to = DateField(label="This period: to", subject="The last date of this period", required=False)
    b_from = DateField(
        label="Compared with: from",
        subject="The first date of the earlier period",
        required=False,
        help_text="For example, 1 4 2019",
    )
    b_to = DateField(label="Compared with: to", subject="The last date of the earlier period", required=False)

    def clean(self):
        data = super().clean()
        names = ("a_from", "a_to", "b_from", "b_to")
        given = [name for name in names if data.get(name)]
        if given and len(given) < len(names) and not any(name in self.errors for name in names):
            for name in names:
                if not data.get(name):
                    self.add_error(name, "Enter all four dates to compare two periods, or none")
        for start, end in (("a_from", "a_to"), ("b_from", "b_to")):
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, "The last date must be the same as or after the first date")
        return data

    def comparison(self) -> tuple | None:
        data = self.cleaned_data
        if all(data.get(name) for name in ("a_from", "a_to", "b_from", "b_to")):
            return data["a_from"], data["a_to"], data["b_from"], data["b_to"]
        return None
