"""GOV.UK Design System form glue: Django forms rendered by govuk-frontend-jinja's macros.

Plain Django fields and widgets are enough for most questions: `field_params()`
picks the macro from the widget (TextInput and the other inputs -> govukInput,
Textarea -> govukTextarea, Select -> govukSelect, RadioSelect -> govukRadios,
CheckboxSelectMultiple and CheckboxInput -> govukCheckboxes). This module adds
only what Django lacks: a day/month/year `DateField` with GOV.UK's error
messages, and a yes/no/not known `YesNoUnknownField`.

Templates render fields with `includes/form.html` and the error summary with
`includes/error_summary.html`; both call `field_params()` and `error_list()`.
"""

import calendar
import datetime as dt

from django import forms
from django.contrib import messages as django_messages
from django.core.exceptions import ValidationError
from django.forms.widgets import Input
from django.utils import timezone
from jinja2 import Undefined

from cspr.domain.codes import FLAG_VALUES
from cspr.domain.refusal import Refused, StaleRecord
from cspr.domain.standard_cells import first_control_character
from cspr.domain.text import mid_sentence

DATE_PARTS = ("day", "month", "year")
_DATE_PART_WIDTHS = {"day": "govuk-input--width-2", "month": "govuk-input--width-2", "year": "govuk-input--width-4"}
# Attributes GOV.UK advises against: maxlength cuts text off without telling the user.
_DROPPED_ATTRS = {"maxlength", "minlength", "cols"}


class DateInput(forms.Widget):
    """Day, month and year boxes, posted as NAME-day, NAME-month and NAME-year."""

    def value_from_datadict(self, data, files, name):
        return {part: (data.get(f"{name}-{part}") or "").strip() for part in DATE_PARTS}

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}-{part}" in data for part in DATE_PARTS)

    def format_value(self, value):
        if isinstance(value, dt.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        if isinstance(value, dict):
            return {part: value.get(part) or "" for part in DATE_PARTS}
        return dict.fromkeys(DATE_PARTS, "")


def _date_error(message: str, code: str, parts) -> ValidationError:
    # `parts` says which boxes to highlight and which one the error summary links to.
    return ValidationError(message, code=code, params={"parts": tuple(parts)})


EARLIEST_YEAR = 1900


class DateField(forms.Field):
    """A date asked as day, month and year, checked as the GOV.UK date input pattern says.

    `subject` starts each message ("Date of birth must include a month");
    `past_only` rejects dates after today (London time). Each error names the
    boxes that are wrong, so only those are highlighted.
    """

    widget = DateInput
    default_error_messages = {"required": "Enter a date"}

    def __init__(self, *, subject: str = "Date", past_only: bool = False, **kwargs):
        self.subject = subject
        self.past_only = past_only
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dt.date) or value in self.empty_values:
            return value or None
        parts = {part: (value.get(part) or "").strip() for part in DATE_PARTS}
        if not any(parts.values()):
            return None
        missing = [part for part in DATE_PARTS if not parts[part]]
        if missing:
            raise _date_error(f"{self.subject} must include a {' and '.join(missing)}", "incomplete", missing)
        not_numbers = [part for part in DATE_PARTS if not (parts[part].isascii() and parts[part].isdigit())]
        if not_numbers:
            raise _date_error(f"{self.subject} must be a real date", "invalid", not_numbers)
        if len(parts["year"]) != 4:
            raise _date_error("Year must include 4 numbers", "invalid_year", ["year"])
        day, month, year = (int(parts[part]) for part in DATE_PARTS)
        # No date in the review process is before 1900; 0000 is not a year at all (Python's dates start at 1).
        if year < EARLIEST_YEAR:
            raise _date_error(f"Year must be {EARLIEST_YEAR} or later", "early_year", ["year"])
        if not 1 <= month <= 12:
            raise _date_error(f"{self.subject} must be a real date", "invalid", ["month"])
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise _date_error(f"{self.subject} must be a real date", "invalid", ["day"])
        return dt.date(year, month, day)

    def validate(self, value):
        super().validate(value)
        if value and self.past_only and value > timezone.localdate():
            raise _date_error(f"{self.subject} must be today or in the past", "future", DATE_PARTS)


class YesNoUnknownField(forms.ChoiceField):
    """The data standard's yes/no/unknown flag as three radios; cleans to "yes", "no" or "unknown"."""

    widget = forms.RadioSelect
    default_error_messages = {"required": "Select yes, no or not known"}
    LABELS = {"yes": "Yes", "no": "No", "unknown": "Not known"}

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [(value, self.LABELS[value]) for value in FLAG_VALUES])
        super().__init__(**kwargs)


def _error_parts(bound_field) -> tuple[str, ...]:
    errors = bound_field.form.errors.get(bound_field.name)
    if not errors:
        return ()
    params = errors.as_data()[0].params or {}
    return tuple(params.get("parts") or DATE_PARTS)


def first_input_id(bound_field) -> str:
    """The id the error summary links to: the field's first input, or a date's first wrong box."""
    if isinstance(bound_field.field.widget, DateInput):
        return f"{bound_field.auto_id}-{(_error_parts(bound_field) or DATE_PARTS)[0]}"
    return bound_field.auto_id


def _django_default(field, code: str) -> str | None:
    """Django's own message for `code` on this kind of field (None when Django has none)."""
    for cls in type(field).__mro__:
        message = getattr(cls, "default_error_messages", {}).get(code)
        if message is not None and cls.__module__.startswith("django."):
            return str(message)
    return None


_VALIDATOR_CODES = {"max_length", "min_value", "max_value"}


def _selects(field) -> bool:
    return isinstance(field.widget, (forms.Select, forms.RadioSelect, forms.CheckboxInput))


def govuk_message(bound_field) -> str:
    """The field's first error, in GOV.UK's words when it is still Django's default.

    Django says "This field is required." and "Enter a whole number." whatever the
    question; GOV.UK's pattern names the question ("Enter the reasons for the delay",
    "Select the partnership"). A message a form or an action chose is shown as it is.
    """
    error = bound_field.errors.as_data()[0]
    message = next(iter(error.messages))
    field = bound_field.field
    configured = field.error_messages.get(error.code)
    if configured is None:
        # Length and range limits come from Django's validators, whose messages are its own.
        is_default = error.code in _VALIDATOR_CODES
    else:
        is_default = str(configured) == _django_default(field, error.code)
    if not is_default:
        return message
    question = str(bound_field.label or "").strip()
    label = question.rstrip("?: ")
    # A label that is a question ("Which local authority ...?") cannot follow "Enter".
    subject = mid_sentence(label) if label and not question.endswith("?") else "an answer"
    params = error.params or {}
    if error.code == "required":
        return f"Select {subject}" if _selects(field) else f"Enter {subject}"
    if error.code == "invalid_choice":
        return f"Select {subject} from the list" if subject != "an answer" else "Select one of the options"
    if error.code == "invalid" and isinstance(field, forms.IntegerField):
        return f"{label or 'The answer'} must be a whole number"
    if error.code == "invalid" and isinstance(field, forms.EmailField):
        return "Enter an email address in the correct format, like name@example.com"
    if error.code == "max_length":
        return f"{label or 'The answer'} must be {params.get('limit_value')} characters or fewer"
    if error.code == "min_value":
        return f"{label or 'The answer'} must be {params.get('limit_value')} or more"
    if error.code == "max_value":
        return f"{label or 'The answer'} must be {params.get('limit_value')} or less"
    return message


def error_list(form) -> list[dict]:
    """govukErrorSummary's errorList: form-wide errors, then each field's first error with a link."""
    if form is None or isinstance(form, Undefined):
        return []
    items = [{"text": message} for message in form.non_field_errors()]
    for bound_field in form:
        if bound_field.errors:
            item = {"text": govuk_message(bound_field)}
            if not bound_field.is_hidden:
                item["href"] = "#" + first_input_id(bound_field)
            items.append(item)
    return items


def _choice_items(bound_field, state: str) -> list[dict]:
    return [
        {"value": str(sub.data["value"]), "text": sub.data["label"], state: sub.data["selected"]}
        for sub in bound_field.subwidgets
        if state == "selected" or str(sub.data["value"]) != ""
    ]


def field_params(bound_field, heading: bool = False) -> tuple[str, dict]:
    """(macro name, params) for one visible bound field.

    `heading=True` makes the label or legend the page's <h1>, as on a GOV.UK
    question page with one question.
    """
    widget = bound_field.field.widget
    attributes = {k: v for k, v in widget.attrs.items() if k not in _DROPPED_ATTRS}
    params = {"classes": attributes.pop("class", None), "attributes": attributes}
    if bound_field.help_text:
        params["hint"] = {"text": bound_field.help_text}
    if bound_field.errors:
        params["errorMessage"] = {"text": govuk_message(bound_field)}
    label = {"text": bound_field.label}
    legend = {"text": bound_field.label}
    if heading:
        label.update(classes="govuk-label--l", isPageHeading=True)
        legend.update(classes="govuk-fieldset__legend--l", isPageHeading=True)

    if isinstance(widget, DateInput):
        wrong = _error_parts(bound_field)
        value = widget.format_value(bound_field.value())
        items = [
            {
                "name": part,
                "value": value[part],
                "classes": _DATE_PART_WIDTHS[part] + (" govuk-input--error" if part in wrong else ""),
            }
            for part in DATE_PARTS
        ]
        params.update(id=bound_field.auto_id, namePrefix=bound_field.html_name, fieldset={"legend": legend})
        return "govukDateInput", params | {"items": items}
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect too
        checkboxes = isinstance(widget, forms.CheckboxSelectMultiple)
        params.update(idPrefix=bound_field.auto_id, name=bound_field.html_name, fieldset={"legend": legend})
        return ("govukCheckboxes" if checkboxes else "govukRadios"), params | {
            "items": _choice_items(bound_field, "checked")
        }
    if isinstance(widget, forms.CheckboxInput):
        item = {"value": "true", "text": bound_field.label, "checked": bool(bound_field.value())}
        params.update(idPrefix=bound_field.auto_id, name=bound_field.html_name, items=[item])
        return "govukCheckboxes", params
    params.update(id=bound_field.auto_id, name=bound_field.html_name, label=label)
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        return "govukSelect", params | {"items": _choice_items(bound_field, "selected")}
    if isinstance(widget, forms.Textarea):
        rows = attributes.pop("rows", None)
        value = widget.format_value(bound_field.value())
        rows = 5 if rows in (None, "10", 10) else rows  # GOV.UK's 5 rows unless the form asks for more
        return "govukTextarea", params | {"value": "" if value is None else value, "rows": rows}
    if isinstance(widget, Input) and not isinstance(widget, forms.FileInput):
        value = widget.format_value(bound_field.value())
        return "govukInput", params | {"type": widget.input_type, "value": value}
    raise TypeError(f"cspr.govuk.forms has no GOV.UK macro for {type(widget).__name__} ({bound_field.name})")


# --- Forms that change a versioned record through an action ---------------------------


def stale_message(record: str) -> str:
    """GOV.UK's conflict message, naming the kind of record the form changes ("review", "action")."""
    return (
        f"Someone else changed this {record} while you were editing. "
        "Your changes have not been saved. Reload to see their changes."
    )


STALE = stale_message("review")


# A version missing or garbled is not something the person typed (the field is hidden): the page
# says what they can do about it, not "Enter version".
VERSION_LOST = "This page is out of date or was changed before it was sent. Reload the page and try again."


def version_field() -> forms.IntegerField:
    """The version of the record the form showed; the action refuses a stale one (StaleRecord)."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": VERSION_LOST, "invalid": VERSION_LOST, "min_value": VERSION_LOST},
    )


class PlainText:
    """Validator of free text: no control characters (a tab and line breaks are text).

    They are invisible, and XML cannot hold them: one in practice content or a topic's title
    broke every DOCX briefing made after it. `subject` starts the message ("Title must not ...").
    """

    def __init__(self, subject: str = "The answer"):
        self.subject = subject

    def __call__(self, value) -> None:
        # A browser ends each line of a text area with a carriage return and a line feed.
        found = first_control_character(str(value), allowed="\n\r\t")
        if found is not None:
            raise ValidationError(
                f"{self.subject} must not contain invisible control characters: "
                f"remove the one at character {found[0] + 1}",
                code="control_character",
            )


def past_date(label: str, subject: str, *, hint: str = "For example, 27 3 2025", today_by_default=True):
    return DateField(
        label=label,
        help_text=hint,
        subject=subject,
        past_only=True,
        initial=timezone.localdate if today_by_default else None,
        error_messages={"required": f"Enter the {mid_sentence(subject)}"},
    )


def text(label: str, *, hint: str = "", required: bool = False, rows: int = 5, message: str = ""):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        validators=[PlainText(label.removesuffix(" (optional)").rstrip("?"))],
        error_messages={"required": message or f"Enter {mid_sentence(label)}"},
    )


def show_refusal(form: forms.Form, refusal: Refused, *, messages: dict | None = None) -> None:
    """Show an action's refusal against its field (at the top when the form has no such field).

    `messages` maps a refusal's field to the words this page uses instead of
    the action's own (a page that knows the dates involved can say more).
    A stale record gets GOV.UK's conflict message.
    """
    if isinstance(refusal, StaleRecord):
        form.add_error(None, stale_message(getattr(form, "record", "record")))
        return
    message = (messages or {}).get(refusal.field, refusal.sentence)
    form.add_error(refusal.field if refusal.field in form.fields else None, message)


def submit(
    request, form: forms.Form, action, arguments=None, *, messages: dict | None = None, success: str = "", **ids
) -> bool:
    """On a valid POST, call `action` as the person signed in; True when it accepted the change.

    `ids` name the record (`practice_review_id=...`); `arguments(cleaned_data)`
    gives the rest of the action's arguments from the answers; a VersionedForm
    adds the version it showed. A refusal is shown on the form (`messages` may
    reword it by field), so the page shows the form again with the message.
    `success` is what the next page's success banner says once the action is done
    (layouts/base.html shows it as a GOV.UK notification banner).
    """
    if request.method != "POST" or not form.is_valid():
        return False
    values = arguments(form.cleaned_data) if arguments else {}
    if isinstance(form, VersionedForm):
        values["version"] = form.cleaned_data["version"]
    try:
        action(actor=request.user, request=request, **ids, **values)
    except Refused as refusal:
        show_refusal(form, refusal, messages=messages)
        return False
    if success:
        django_messages.success(request, success)
    return True


class VersionedForm(forms.Form):
    """A form that changes a versioned record: it carries the version it showed (optimistic locking).

    `record` names what it changes in the message a stale version gets ("Someone else changed this
    review ..."); the review forms keep the default, others name their own.
    """

    record = "review"
    version = version_field()
