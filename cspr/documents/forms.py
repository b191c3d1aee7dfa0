"""Attaching a document to a case."""

from django import forms

from cspr.documents import checks
from cspr.documents.checks import max_bytes
from cspr.documents.models import DocumentKind
from cspr.domain.refusal import Refused


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
