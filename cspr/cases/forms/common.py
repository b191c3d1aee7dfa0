"""Pieces every case form shares: the record's version (optimistic locking) and the conflict message."""

from django import forms
from django.utils import timezone

from cspr.govuk import forms as govuk

STALE = (
    "Someone else changed this review while you were editing. "
    "Your changes have not been saved. Reload to see their changes."
)


def version_field() -> forms.IntegerField:
    """The version of the record the form showed; the action refuses a stale one (StaleRecord)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def past_date(label: str, subject: str, *, hint: str = "For example, 27 3 2025", today_by_default=True):
    return govuk.DateField(
        label=label,
        help_text=hint,
        subject=subject,
        past_only=True,
        initial=timezone.localdate if today_by_default else None,
        error_messages={"required": f"Enter the {subject[:1].lower() + subject[1:]}"},
    )


def text(label: str, *, hint: str = "", required: bool = False, rows: int = 5, message: str = ""):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message or f"Enter {label[:1].lower() + label[1:]}"},
    )


class VersionedForm(forms.Form):
    version = version_field()

    def stale(self) -> None:
        """Show the GOV.UK conflict message: another person saved the record first."""
        self.add_error(None, STALE)

    def run(self, action, *, on_error: dict | None = None, **kwargs) -> bool:
        """Call a workflow action with the version this form showed; put any refusal on the form.

        `on_error` maps an exception class (ValueError, TransitionNotAllowed) to the
        (field, message) to show; otherwise the action's own message is shown at the top.
        """
        from cspr.cases.actions import StaleRecord

        try:
            action(version=self.cleaned_data["version"], **kwargs)
        except StaleRecord:
            self.stale()
        except ValueError as error:  # TransitionNotAllowed is a ValueError too
            message = str(error)
            field, message = (on_error or {}).get(type(error), (None, message[:1].upper() + message[1:]))
            self.add_error(field, message)
        else:
            return True
        return False
