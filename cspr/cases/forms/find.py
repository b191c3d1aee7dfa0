"""The notification list's search box and filters (a GET form: a search is a link that can be shared)."""

from django import forms

from cspr.cases import find
from cspr.cases.forms import labels
from cspr.govuk.forms import DateField

DATE_HINT = "For example, 1 4 2024"


class FindForm(forms.Form):
    q = forms.CharField(
        label="Search",
        help_text="A notification reference, a child's reference or a local authority. "
        "A whole notification reference opens the case.",
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "type": "search"}),
    )
    # Each error names the date by its label's words (GOV.UK: "Notified on or after must be a real date").
    notified_from = DateField(
        label="Notified on or after", subject="Notified on or after", help_text=DATE_HINT, required=False
    )
    notified_to = DateField(
        label="Notified on or before", subject="Notified on or before", help_text=DATE_HINT, required=False
    )
    partnership = forms.ChoiceField(label="Partnership", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any"), *find.STATUS_FILTER_NAMES.items()])
    type = forms.ChoiceField(
        label="Type of incident", required=False, choices=[("", "Any"), *labels.INCIDENT_TYPES.items()]
    )
    overdue = forms.BooleanField(label="Overdue (a rapid review, final report or publication)", required=False)
    shared = forms.BooleanField(label="Shared with my partnership", required=False)

    def __init__(self, params, *, partnerships: list[tuple[str, str]], can_be_shared_with: bool):
        # A choice the page never offered (an old link, a hand-typed address) filters nothing, rather than
        # showing an error about a box the person did not fill in.
        super().__init__(params.copy())
        self.fields["partnership"].choices = [("", "Any"), *partnerships]
        for name in ("partnership", "status", "type"):
            if self.data.get(name) not in dict(self.fields[name].choices):
                self.data.pop(name, None)
        if len(partnerships) < 2:
            del self.fields["partnership"]
        if not can_be_shared_with:
            del self.fields["shared"]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("notified_from"), cleaned.get("notified_to")
        if first and last and first > last:
            self.add_error(
                "notified_to", "Notified on or before must be the same as or after the notified on or after date"
            )
        return cleaned

    def search(self) -> find.Search:
        """What to look for: the fields that are valid (a wrong date filters nothing and is shown as an error)."""
        self.is_valid()
        data = self.cleaned_data
        return find.Search(
            text=data.get("q") or "",
            notified_from=data.get("notified_from"),
            notified_to=data.get("notified_to"),
            partnership=data.get("partnership") or "",
            status=data.get("status") or "",
            incident_type=data.get("type") or "",
            overdue=bool(data.get("overdue")),
            shared_with_me=bool(data.get("shared")),
        )

    @property
    def filtering(self) -> bool:
        """Whether any filter or search is applied (the page offers to clear them)."""
        return any(value for name, value in self.data.items() if name != "page")
