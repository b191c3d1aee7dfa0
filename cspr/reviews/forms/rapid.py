"""Forms of the rapid review, its submission, the Panel's response and sharing a case."""

from django import forms

from cspr.cases.forms import labels
from cspr.core.models import PracticeTheme
from cspr.govuk import forms as govuk
from cspr.govuk.forms import VersionedForm, past_date, text

NARRATIVE = ("facts", "agencies_involved", "immediate_actions", "learning", "decision_reasons")

# The taxonomy's editions, newest first, as the form groups them: (stored taxonomy_version,
# legend, hint). The codes, labels and mapping come from PracticeTheme (the reference data).
THEME_EDITIONS = (
    (
        "panel-2020",
        "The Panel's six practice themes (2020 annual report)",
        "The themes the Panel uses now.",
    ),
    (
        "panel-2018-19",
        "Practice issues from the Panel's first annual report (2018 to 2019)",
        "Use these where the learning is about one of these issues. An issue that matches one of the six is "
        "counted under it when years are compared.",
    ),
)


def practice_themes() -> list[PracticeTheme]:
    """Every theme of the taxonomy, grouped by edition (newest first), with its mapping."""
    order = {version: i for i, (version, _, _) in enumerate(THEME_EDITIONS)}
    themes = PracticeTheme.objects.select_related("maps_to")
    return sorted(themes, key=lambda t: (order.get(t.taxonomy_version, len(order)), t.position))


class RapidReviewForm(VersionedForm):
    facts = text(
        "What happened, and what did each agency know?",
        hint="The facts gathered from every agency that worked with the child and family.",
        rows=8,
    )
    agencies_involved = forms.MultipleChoiceField(
        label="Which agencies were involved with the child or family?",
        help_text="Select all that apply.",
        choices=list(labels.AGENCIES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    immediate_actions = text("What immediate action has been taken to keep children safe?")
    learning = text("What learning has the rapid review identified?", rows=8)
    themes = forms.MultipleChoiceField(
        label="Which practice themes does the learning relate to?",
        help_text="Select all that apply, from either list.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lcspr_recommended = govuk.YesNoUnknownField(
        label="Do the safeguarding partners consider a local child safeguarding practice review appropriate?",
        required=False,
    )
    decision_reasons = text(
        "Reasons for the decision",
        hint="Whether the case highlights improvements needed, recurrent themes or concerns about agencies working "
        "together (regulation 11), and anything the Panel said.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice_themes = practice_themes()
        self.fields["themes"].choices = [(t.code, t.label) for t in self.practice_themes]
        self.order_fields([*NARRATIVE[:4], "themes", "lcspr_recommended", "decision_reasons", "version"])

    def theme_groups(self) -> list[dict]:
        """govukCheckboxes parameters, one fieldset per edition, every box named `themes`.

        Two fieldsets side by side rather than one nested in another (GOV.UK advises
        against nesting): each legend names its edition; the first carries the field's
        error and the id the error summary links to.
        """
        bound = self["themes"]
        chosen = {str(code) for code in bound.value() or ()}
        groups = []
        for version, legend, hint in THEME_EDITIONS:
            items = [
                {"value": t.code, "text": t.label, "checked": t.code in chosen}
                | ({"hint": {"text": f"Compared with 2020 as: {t.maps_to.label}"}} if t.maps_to else {})
                for t in self.practice_themes
                if t.taxonomy_version == version
            ]
            params = {
                "idPrefix": bound.auto_id if not groups else f"{bound.auto_id}-{version}",
                "name": bound.html_name,
                "fieldset": {"legend": {"text": legend, "classes": "govuk-fieldset__legend--s"}},
                "hint": {"text": hint},
                "items": items,
            }
            if bound.errors and not groups:
                params["errorMessage"] = {"text": govuk.govuk_message(bound)}
            groups.append(params)
        return groups

    def changes(self) -> dict:
        data = self.cleaned_data
        changes = {name: data[name] for name in NARRATIVE}
        changes["lcspr_recommended"] = data["lcspr_recommended"] or "unknown"
        return changes


def submission_gaps(review) -> list[tuple[str, str]]:
    """What the partners must complete before the Panel can receive the review: (field, message)."""
    gaps = []
    if not review.facts.strip():
        gaps.append(("facts", "Enter what happened and what each agency knew"))
    if not review.agencies_involved:
        gaps.append(("agencies_involved", "Select the agencies involved with the child or family"))
    if review.lcspr_recommended not in ("yes", "no"):
        gaps.append(("lcspr_recommended", "Select whether a local review is appropriate"))
    if not review.decision_reasons.strip():
        gaps.append(("decision_reasons", "Enter the reasons for the decision on a local review"))
    return gaps


class SubmitForm(VersionedForm):
    submitted_date = past_date("Date sent to the Panel", "Date sent to the Panel", hint="Usually today")

    def __init__(self, *args, queried: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if queried:
            # A resubmission answers the Panel's question: its date is the answer's, and the date the
            # rapid review was first sent stays as it was (the one its deadline is measured to).
            self.fields["submitted_date"] = past_date(
                "Date your answer was sent to the Panel",
                "Date your answer was sent to the Panel",
                hint="Usually today. The date the rapid review was first sent does not change.",
            )
            self.fields["answer"] = text(
                "Your answer to the Panel's question",
                hint="Say what you found out and what you changed in the rapid review.",
                required=True,
                message="Enter your answer to the Panel's question",
            )
        self.order_fields(["answer", "submitted_date", "version"])


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="How does the Panel respond?",
        choices=[
            ("agree", "Agree with the rapid review and the partners' decision"),
            ("query", "Ask the partners a question first"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the Panel responds or asks a question"},
    )


class AgreeForm(VersionedForm):
    national_review = forms.ChoiceField(
        label="Will the Panel take this case into a national review?",
        help_text="If yes, you can add it to an existing national review or start a new one next.",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Select yes if the Panel will take this case into a national review"},
    )
    comments = text("The Panel's comments (optional)", hint="The partners see these in the case's timeline.")
    response_date = past_date("Date of the Panel's response", "Date of the Panel's response", hint="Usually today")


class QueryForm(VersionedForm):
    question = text(
        "What does the Panel want to ask the partners?",
        hint="The partners see this beside the rapid review, answer it and send the review again.",
        required=True,
        rows=6,
        message="Enter the Panel's question",
    )


class AddToNationalReviewForm(forms.Form):
    national_review = forms.ChoiceField(
        label="Which national review should this case join?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a national review, or a new one"},
    )

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(review.pk), f"{review.title} ({review.topic})") for review in reviews]
        self.fields["national_review"].choices = [*choices, ("new", "A new national review")]
