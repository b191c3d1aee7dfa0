"""Attaching a document to a case."""

from django import forms

from cspr.documents.checks import max_bytes
from cspr.documents.models import DocumentKind


class AttachForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the document?",
        choices=DocumentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the document is"},
    )
    title = forms.CharField(
        label="Description (optional)",
        help_text="For example, “Panel's letter agreeing the rapid review”.",
        required=False,
        max_length=200,
        error_messages={"max_length": "Description must be 200 characters or fewer"},
    )
    file = forms.FileField(
        label="Upload a file",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
