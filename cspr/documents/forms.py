"""Attaching a document to a case, and withdrawing one."""

from django import forms

from cspr.documents import checks
from cspr.documents.checks import max_bytes
from cspr.documents.models import WITHDRAWAL_REASON_MAX, DocumentKind
from cspr.domain.refusal import Refused
from cspr.govuk.forms import PlainText


class AttachForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the document?",
        choices=DocumentKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the document is",
            "invalid_choice": "Select what the document is from the list",
        },
    )
    title = forms.CharField(
        label="Description (optional)",
        help_text="For example, “Draft report, version 2” or “Terms of reference”.",
        required=False,
        max_length=200,
        error_messages={"max_length": "Description must be 200 characters or fewer"},
    )
    file = forms.FileField(
        label="Upload a file",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        """`kinds`: the kinds this person attaches to this case (core/access.document_kinds_attached_by),
        the only ones offered. Another one posted is not a valid choice, and the action refuses it too."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, DocumentKind(kind).label) for kind in kinds]
        self.fields["file"].help_text = (
            f"A PDF, Word (DOCX), OpenDocument text (ODT) or plain text file, up to {max_bytes() // 1_048_576} MB. "
            "Files with passwords or macros are refused."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before it is read into memory; checks.check() says the same of anything that slips past.
        if upload.size > max_bytes():
            raise forms.ValidationError(f"The selected file must be smaller than {max_bytes() // 1_048_576} MB")
        return upload

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        # With another answer missing the page comes back without attaching, so the file's own
        # problem is found now and shown with the others, not on the next try. When every other
        # answer is given the action checks the file (once) and refuses it in the same words.
        if self.errors and upload is not None:
            try:
                checks.check_upload(upload.read(), upload.name)
            except Refused as refused:
                self.add_error("file", refused.sentence)
            finally:
                upload.seek(0)
        return data


class WithdrawForm(forms.Form):
    """Why a document is withdrawn: kept with the case and shown on its page."""

    reason = forms.CharField(
        label="Why is the document withdrawn?",
        help_text="For example, it was attached to the wrong case. Everyone who can see this case will read this, "
        "so do not name a child.",
        max_length=WITHDRAWAL_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[PlainText("The reason")],
        error_messages={
            "required": "Enter why the document is withdrawn",
            "max_length": f"The reason must be {WITHDRAWAL_REASON_MAX} characters or fewer",
        },
    )
