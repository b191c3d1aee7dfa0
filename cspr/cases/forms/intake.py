"""The notification intake journey: one question per page, the answers kept as a draft in the session.

Each page's form checks what it can alone (a date is a real date and not in the
future). The data standard's rules (`parse_record` in cspr/domain/standard.py,
the rules `cspr import` applies to files) then check the draft as a whole, and
each problem is put back beside the field it concerns, on the page that asks
it. Answers the person has not given yet are stood in for by neutral
placeholders, and only problems about the page's own fields are shown.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cspr.cases import scope
from cspr.cases.actions.load import late_reason_problem
from cspr.cases.forms import labels
from cspr.cases.forms.words import FORMULA_RULE, NOT_LATE, REF_RULE, REQUIRED, SUBJECTS, SUDI_WORDS, friendly
from cspr.core.models import LocalAuthority
from cspr.core.reference import AreaIndex
from cspr.domain import codes, workflow
from cspr.domain.deadlines import NOTIFICATION_PERIOD
from cspr.domain.standard import REF_PATTERN, Problem, parse_record, starts_like_formula
from cspr.domain.standard_rules import SUDI
from cspr.domain.text import mid_sentence
from cspr.govuk import forms as govuk

SESSION_KEY = "intake"
RECORDED_KEY = "intake_recorded"

# The journey's steps in order; each is done when its answers are in the draft, and skipped when
# `Draft.asked` says the answers so far do not call for it. What is notified comes first and has no
# default: the kind decides the deadlines and whether a rapid review is due.
STEPS = (
    "kind",
    "abuse_neglect",
    "local_authority",
    "dates",
    "type",
    "category",
    "characteristics",
    "children",
    "reference",
)
STEP_URLS = {
    "kind": "intake_kind",
    "abuse_neglect": "intake_abuse_neglect",
    "local_authority": "intake_local_authority",
    "dates": "intake_dates",
    "type": "intake_type",
    "category": "intake_category",
    "characteristics": "intake_characteristics",
    "children": "intake_children",
    "reference": "intake_reference",
}
DATE_COLUMNS = ("incident_date", "aware_date", "notified_date")
CHARACTERISTICS = tuple(flag for flag in codes.NOTIFICATION_FLAGS + codes.NOTIFICATION_FLAGS_2 if flag != "near_miss")
# Asked on the characteristics page after the flags (cspr-2): optional answers.
INCIDENT_TEXT = ("late_notification_reason", "incident_description")
CHILD_FLAG_FIELDS = codes.CHILD_FLAGS + codes.CHILD_FLAGS_2
CHILD_FIELDS = ("child_ref", "gender", "age_years", "ethnicity", *CHILD_FLAG_FIELDS, "home_la_code")

# Which page asks for each column of the standard, and the form field it is on.
COLUMN_STEP = {
    "notification_kind": ("kind", "notification_kind"),
    "abuse_neglect_suspected": ("abuse_neglect", "abuse_neglect_suspected"),
    "la_code": ("local_authority", "la_code"),
    **{column: ("dates", column) for column in DATE_COLUMNS},
    "incident_type": ("type", "incident_type"),
    "death_category": ("category", "category"),
    "harm_category": ("category", "category"),
    "near_miss": ("category", "near_miss"),
    **{flag: ("characteristics", flag) for flag in CHARACTERISTICS},
    **{column: ("characteristics", column) for column in INCIDENT_TEXT},
    "children": ("children", None),
    "notification_ref": ("reference", "notification_ref"),
}

def abuse_neglect_asked(notification_kind: str | None) -> bool:
    """Whether to ask if abuse or neglect is known or suspected: only when the answer decides whether a
    rapid review is due (domain/workflow.py `rapid_review_required`), which is for a looked-after
    child's death. For the other kinds the question is not theirs, so it is not shown to them."""
    required = workflow.rapid_review_required
    return bool(notification_kind) and required(notification_kind, "yes") != required(notification_kind, "no")


class Draft:
    """The answers so far, as text in the session (the session stores JSON). A draft saved before the
    abuse-or-neglect question had a page of its own reads the same: its key is unchanged."""

    def __init__(self, session):
        self.session = session
        self.data: dict = dict(session.get(SESSION_KEY) or {})

    def save(self, data: dict) -> None:
        self.data = data
        self.session[SESSION_KEY] = data

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)
        self.data = {}

    @property
    def children(self) -> list[dict]:
        return list(self.data.get("children") or [])

    def done(self, step: str) -> bool:
        d = self.data
        return {
            "kind": bool(d.get("notification_kind")),
            "abuse_neglect": bool(d.get("abuse_neglect_suspected")),
            "local_authority": bool(d.get("la_code")),
            "dates": bool(d.get("incident_date")),
            "type": bool(d.get("incident_type")),
            "category": bool(d.get("death_category") if d.get("incident_type") == "death" else d.get("harm_category")),
            "characteristics": bool(d.get("characteristics_done")),
            "children": bool(d.get("children")) and bool(d.get("children_done")),
            "reference": bool(d.get("reference_done")),
        }[step]

    def asked(self, step: str) -> bool:
        """Whether the journey asks this step, given the answers so far."""
        if step == "abuse_neglect":
            return abuse_neglect_asked(self.data.get("notification_kind"))
        return True

    def first_incomplete(self, before: str | None = None) -> str | None:
        """The first step asked and not yet answered (only among the steps before `before`, if given)."""
        for step in STEPS:
            if step == before:
                return None
            if self.asked(step) and not self.done(step):
                return step
        return None


def notification_text(data: dict, *, today: dt.date, placeholders: bool) -> dict[str, str]:
    """The draft as the standard's notification columns; unanswered ones stood in for when `placeholders`."""
    text = {column: data.get(column, "") for column in ("la_code", *DATE_COLUMNS, "incident_type")}
    text["notification_ref"] = data.get("notification_ref") or ("DRAFT" if placeholders else "")
    text["death_category"] = data.get("death_category", "")
    text["harm_category"] = data.get("harm_category", "")
    text.update({flag: data.get(flag, "") for flag in codes.NOTIFICATION_FLAGS + codes.NOTIFICATION_FLAGS_2})
    text["notification_kind"] = data.get("notification_kind", "")
    text["abuse_neglect_suspected"] = data.get("abuse_neglect_suspected", "")
    text.update({column: data.get(column, "") for column in INCIDENT_TEXT})
    if placeholders:
        for column in DATE_COLUMNS:
            text[column] = text[column] or today.isoformat()
        if not text["incident_type"]:
            text["incident_type"], text["harm_category"] = "other", "other_harm"
        elif text["incident_type"] == "death":
            text["death_category"] = text["death_category"] or "unrelated_or_unclear"
        else:
            text["harm_category"] = text["harm_category"] or "other_harm"
    return text


def children_text(data: dict, *, placeholders: bool) -> list[dict[str, str]]:
    children = [{column: str(child.get(column, "")) for column in CHILD_FIELDS} for child in data.get("children") or []]
    if not children and placeholders:
        children = [{"child_ref": "DRAFT", "gender": "not_known", "age_years": "", "ethnicity": "NOBT"}]
    return children


@dataclass
class Located:
    step: str
    field: str | None
    child: int | None  # 0-based index for a child's page
    message: str


def locate(problem: Problem, notification_kind: str | None = None) -> Located:
    """The page and field a problem of the standard belongs on."""
    words = friendly(problem, notification_kind)
    match = re.fullmatch(r"children\[(\d+)\]", problem.location)
    if match:
        return Located("child", problem.column, int(match.group(1)), words)
    step, field = COLUMN_STEP.get(problem.column, ("check", None))
    return Located(step, field, None, words)


def check(data: dict, *, today: dt.date, areas, partnership_id: str | None, placeholders: bool) -> list[Located]:
    """Every problem the standard's rules find in the draft, located on its page."""
    notification = notification_text(data, today=today, placeholders=placeholders)
    record, problems = parse_record(
        notification, children_text(data, placeholders=placeholders), today=today, la_check=areas.problem
    )
    found = [locate(problem, notification["notification_kind"]) for problem in problems]
    if message := late_reason_problem(notification):
        found.append(locate(Problem("form", "notification", "late_notification_reason", message)))
    # The notification belongs to the partnership covering the LA on the incident date:
    # recording one for another partnership would hide it from the person recording it.
    la, incident = notification["la_code"], notification["incident_date"]
    if not problems and partnership_id and la and incident:
        covering = areas.partnership_for(la, dt.date.fromisoformat(incident))
        if covering is not None and covering != partnership_id:
            found.append(
                Located(
                    "dates",
                    "incident_date",
                    None,
                    "On the date of the incident the local authority was in another safeguarding "
                    "partnership's area: that partnership must record this notification",
                )
            )
    return found


def page_errors(
    data: dict,
    *,
    step: str,
    today: dt.date,
    areas,
    partnership_id,
    child: int | None = None,
    children_complete: bool = False,
) -> dict[str, str]:
    """The first problem for each field of one page, given the draft with that page's answers.

    `children_complete`: a child's page changes a child of a list the person has finished, so the
    standard's rule that a SUDI death has a child under 2 is said at this child's age."""
    errors: dict[str, str] = {}
    for item in check(data, today=today, areas=areas, partnership_id=partnership_id, placeholders=True):
        if item.step == step and item.child == child and item.field:
            errors.setdefault(item.field, item.message)
        elif step == "dates" and item.step == "local_authority":
            # The LA chosen first may not have existed on the incident date given here.
            errors.setdefault("incident_date", item.message)
        elif step == "child" and children_complete and _sudi_without_baby(item):
            errors.setdefault("age_years", SUDI_WORDS["child_age"])
    return errors


def _sudi_without_baby(item: Located) -> bool:
    # The rule's one home is check_children (standard_rules.py); its words are SUDI_WORDS["age"].
    return item.step == "category" and item.message == SUDI_WORDS["age"]


def sudi_without_baby(data: dict, *, today: dt.date, areas, partnership_id) -> bool:
    """Whether the draft's category is SUDI while every child's age is known and none is under 2.

    The children page asks it when the person says the children are complete: before then an older
    sibling may be added before the baby, so a child's page does not refuse an age alone."""
    found = check(data, today=today, areas=areas, partnership_id=partnership_id, placeholders=True)
    return any(_sudi_without_baby(item) for item in found)


# --- The pages' forms -----------------------------------------------------------------


def local_authority_choices(partnership_id: str | None, today: dt.date) -> list[tuple[str, str]]:
    """The local authorities of the person's partnership that exist today."""
    las = (
        LocalAuthority.objects.filter(partnerships__code=partnership_id)
        .exclude(valid_from__gt=today)
        .exclude(valid_to__lt=today)
        .order_by("name")
        .distinct()
    )
    return [(la.gss_code, la.name) for la in las]


def home_authority_choices(today: dt.date) -> list[tuple[str, str]]:
    """Every local authority with children's services that exists today, by name (a child's home)."""
    las = LocalAuthority.objects.exclude(valid_from__gt=today).exclude(valid_to__lt=today).order_by("name")
    return [("", "The same local authority (where the incident happened)")] + [(la.gss_code, la.name) for la in las]


def local_authority_name(code: str) -> str:
    la = LocalAuthority.objects.filter(gss_code=code).first()
    return la.name if la else code


KIND_WORDS = {
    "serious_incident": "A serious incident: a child died or was seriously harmed, and abuse or neglect is "
    "known or suspected",
    "looked_after_death": "The death of a looked-after child",
    "care_leaver_death": "The death of a care leaver aged up to and including 24",
}


class KindForm(forms.Form):
    """What is being notified: the kind decides whether a rapid review is required (domain/workflow.py)."""

    notification_kind = forms.ChoiceField(
        label="What are you notifying?",
        help_text="A looked-after child's death is notified whether or not abuse or neglect is suspected. "
        "A care leaver's death needs no rapid review, though the partners may carry one out.",
        choices=list(KIND_WORDS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are notifying"},
    )


class AbuseNeglectForm(forms.Form):
    """Asked on a page of its own, only when `abuse_neglect_asked` (one thing per page): as a follow-up
    on the kind's page it was shown to every kind, since a GOV.UK conditional reveal puts
    govuk-frontend's aria-expanded on a radio, an axe violation."""

    abuse_neglect_suspected = govuk.YesNoUnknownField(
        label="Is abuse or neglect known or suspected in the looked-after child's death?",
        help_text="If it is, or it is not yet known, the death is also a serious incident and a rapid review is due",
        error_messages={"required": "Select yes if abuse or neglect is known or suspected, no if not, or not known"},
    )


class LocalAuthorityForm(forms.Form):
    la_code = forms.ChoiceField(
        label="Which local authority is making the notification?",
        help_text="The local authority where the child died or was seriously harmed, or where the child normally "
        "lives if it happened outside England.",
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED["la_code"]},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["la_code"].choices = choices


class DatesForm(forms.Form):
    incident_date = govuk.DateField(
        label="When did the incident happen?",
        help_text="For example, 27 3 2025",
        subject=SUBJECTS["incident_date"],
        past_only=True,
        error_messages={"required": REQUIRED["incident_date"]},
    )
    aware_date = govuk.DateField(
        label="When did the local authority become aware of it?",
        help_text=f"The {NOTIFICATION_PERIOD} for notifying the Panel start from this date",
        subject=SUBJECTS["aware_date"],
        past_only=True,
        error_messages={"required": REQUIRED["aware_date"]},
    )
    notified_date = govuk.DateField(
        label="When was the notification sent to the Panel?",
        help_text="Usually today",
        subject=SUBJECTS["notified_date"],
        past_only=True,
        error_messages={"required": REQUIRED["notified_date"]},
    )


class TypeForm(forms.Form):
    incident_type = forms.ChoiceField(
        label="What type of incident is it?",
        help_text="Death includes a suspected suicide. Serious harm includes serious or long-term impairment of the "
        "child's health or development, even if the child recovers.",
        choices=list(labels.INCIDENT_TYPES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED["incident_type"]},
    )


def death_categories(notification_kind: str | None) -> dict[str, str]:
    """The categories of death a notification of this kind may have: not a death in infancy for a care
    leaver (the standard's rule, standard_rules.py), so a page does not offer what the rules refuse."""
    if notification_kind == "care_leaver_death":
        return {code: words for code, words in labels.DEATH_CATEGORIES.items() if code != SUDI}
    return labels.DEATH_CATEGORIES


class CategoryForm(forms.Form):
    def __init__(self, *args, incident_type: str, notification_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        death = incident_type == "death"
        self.fields["category"] = forms.ChoiceField(
            label="What was the category of death?" if death else "What was the main category of harm?",
            choices=list((death_categories(notification_kind) if death else labels.HARM_CATEGORIES).items()),
            widget=forms.RadioSelect,
            error_messages={"required": REQUIRED["death_category" if death else "harm_category"]},
        )
        if death and SUDI in dict(self.fields["category"].choices):
            # Said before the children are added (GOV.UK: say a rule where the answer is given).
            self.fields["category"].help_text = SUDI_WORDS["hint"]
        if incident_type == "serious_harm":
            self.fields["near_miss"] = govuk.YesNoUnknownField(
                label="Was it a near miss?",
                help_text="The child could easily have died",
                error_messages={"required": "Select yes if it was a near miss, no if not, or not known"},
            )


class CharacteristicsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for flag in CHARACTERISTICS:
            words = labels.NOTIFICATION_FLAGS[flag]
            self.fields[flag] = govuk.YesNoUnknownField(
                label=words,
                error_messages={"required": f"Select yes, no or not known for {mid_sentence(words)}"},
            )
        self.fields["late_notification_reason"] = forms.ChoiceField(
            label="If the notification is late, why?",
            help_text=f"Only when it reaches the Panel more than {NOTIFICATION_PERIOD} after the local authority "
            "became aware. The Panel reports the reasons for delay.",
            required=False,
            choices=[("", NOT_LATE), *labels.LATE_NOTIFICATION_REASONS.items()],
        )
        self.fields["incident_description"] = forms.CharField(
            label="What happened? (optional)",
            help_text="A short description of the incident. Never enter a name or anything else that identifies "
            "a child or family member.",
            required=False,
            max_length=codes.DESCRIPTION_MAX,
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"max_length": f"Description must be {codes.DESCRIPTION_MAX} characters or fewer"},
        )


class ChildForm(forms.Form):
    child_ref = forms.CharField(
        label="Child's reference",
        help_text="A pseudonym such as Child-A, or your case number: letters, numbers, hyphens (-), underscores (_) "
        "or slashes (/), no spaces. Never use the child's name.",
        error_messages={"required": REQUIRED["child_ref"]},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    gender = forms.ChoiceField(
        label="Gender",
        choices=list(labels.GENDERS.items()),
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": REQUIRED["gender"]},
    )
    age_years = forms.CharField(
        label="Age at the time of the incident, in whole years",
        help_text="Enter 0 for a baby under 1. Leave it empty if the age is not known.",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
    )
    age_not_known = forms.BooleanField(label="The child's age is not known", required=False)
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=[("", "Select ethnicity"), *labels.ETHNICITIES.items()],
        error_messages={"required": REQUIRED["ethnicity"]},
    )

    def __init__(self, *args, other_refs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.other_refs = set(other_refs)
        self.fields["home_la_code"] = forms.ChoiceField(
            label="Local authority where the child normally lives",
            help_text="If it is another local authority, its safeguarding partnership will see this case too.",
            required=False,
            choices=home_authority_choices(timezone.localdate()),
        )
        for flag in CHILD_FLAG_FIELDS:
            words = labels.CHILD_FLAGS[flag]
            self.fields[flag] = govuk.YesNoUnknownField(
                label=words,
                error_messages={"required": f"Select yes, no or not known for {mid_sentence(words)}"},
            )

    def clean_child_ref(self):
        ref = self.cleaned_data["child_ref"].strip()
        if ref in self.other_refs:
            raise ValidationError("Each child needs a different reference")
        return ref

    def clean_age_years(self):
        age = self.cleaned_data["age_years"].strip()
        if age and not (age.isascii() and age.isdigit()):
            raise ValidationError("Age must be a number, like 3")
        return age

    def clean(self):
        data = super().clean()
        if "age_years" in self.errors:
            return data
        if not data.get("age_years") and not data.get("age_not_known"):
            self.add_error("age_years", "Enter the child's age, or select that it is not known")
        elif data.get("age_years") and data.get("age_not_known"):
            self.add_error("age_years", "Enter the child's age or select that it is not known, not both")
        return data


class AddAnotherForm(forms.Form):
    add_another = forms.ChoiceField(
        label="Do you need to add another child?",
        help_text="One notification can concern several children, for example siblings harmed in the same incident.",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Select yes if you need to add another child"},
    )


class RemoveChildForm(forms.Form):
    confirm = forms.ChoiceField(
        label="Are you sure you want to remove this child?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Select yes if you want to remove this child"},
    )


class ReferenceForm(forms.Form):
    notification_ref = forms.CharField(
        label="Notification reference (optional)",
        help_text="If the incident already has a reference, for example from Ofsted's serious incident notification, "
        "enter it. Leave this empty and cspr will make one from the local authority code and the date.",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, incident_date: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.incident_date = user, incident_date

    def clean_notification_ref(self):
        ref = self.cleaned_data["notification_ref"].strip()
        if starts_like_formula(ref):
            raise ValidationError(f"Notification reference {FORMULA_RULE}")
        if ref and not REF_PATTERN.match(ref):
            raise ValidationError(f"Notification reference {REF_RULE}")
        # The API's rule and words: a reference another partnership's case has is refused without
        # saying that a case has it.
        words = ref and scope.taken_ref_words(self.user, ref, areas=AreaIndex.from_database(), on=self.incident_date)
        if words:
            raise ValidationError(taken_ref_message(words))
        return ref


def taken_ref_message(words: str) -> str:
    """`scope.taken_ref_words` as a page's error message: a sentence."""
    return words[:1].upper() + words[1:]


def generated_ref_prefix(data: dict) -> str:
    """`<la_code>-<YYYYMMDD>` of the notified date; `scope.next_free_ref` adds the number."""
    return f"{data['la_code']}-{dt.date.fromisoformat(data['notified_date']):%Y%m%d}"
