"""The data standard's problems in the words of GOV.UK error messages, for the pages that record and
correct a notification (cspr/cases/forms/intake.py, cspr/cases/forms/amend.py).

The rules themselves live in the domain (cspr/domain/standard_rules.py); their messages name
columns, as a file's importer needs. A page says the same problem to a person: which answer, and
what it must be. tests/cases/test_every_rule_is_worded.py fails when a rule's message has no words here.
"""

import re

from cspr.domain import codes
from cspr.domain.standard import FORMULA_MESSAGE, Problem
from cspr.domain.standard_rules import SUDI_UNDER_AGE, max_age
from cspr.domain.text import mid_sentence

SUBJECTS = {
    "incident_date": "Date of the incident",
    "aware_date": "Date the local authority became aware",
    "notified_date": "Date the notification was sent",
    # The reviews' dates: a correction checks the record with them (they are changed on their own pages).
    "rr_submitted_date": "Date the rapid review was submitted",
    "rr_panel_response_date": "Date of the Panel's response to the rapid review",
    "lcspr_decision_date": "Date of the decision to commission a local review",
    "lcspr_final_report_date": "Date the local review's final report was sent",
    "lcspr_published_date": "Date the local review was published",
}
# The rapid review's answers, which need its submission date (the standard's RAPID_REVIEW_DEPENDENTS and flags).
RAPID_REVIEW_ANSWERS = {
    "rr_themes": "The rapid review's themes",
    "rr_panel_response_date": "The Panel's response",
    "rr_lcspr_recommended": "Whether the rapid review recommended a local review",
    "rr_national_review": "Whether the Panel took the case into a national review",
    "late_rapid_review_reason": "A reason the rapid review was late",
}
REQUIRED = {
    "la_code": "Select the local authority",
    "incident_date": "Enter the date of the incident",
    "aware_date": "Enter the date the local authority became aware",
    "notified_date": "Enter the date the notification was sent",
    "incident_type": "Select the type of incident",
    "death_category": "Select the category of death",
    "harm_category": "Select the category of harm",
    "child_ref": "Enter a reference for the child",
    "gender": "Select the child's gender",
    "ethnicity": "Select the child's ethnicity",
}
ORDER = {
    "aware_date": "Date the local authority became aware must be the same as or after the date of the incident",
    "notified_date": "Date the notification was sent must be the same as or after the date the local authority "
    "became aware",
}
# The standard's rules for `sudi` (standard_rules.py), as a page says them.
SUDI_WORDS = {
    "age": f"Sudden unexpected death in infancy is the category only for a child under {SUDI_UNDER_AGE}: "
    "no child of this notification is that young (choose another category, or correct the child's age)",
    "care_leaver": "Sudden unexpected death in infancy cannot be the category of a care leaver's death: "
    "choose another category",
    # The intake's child page, changing a child once the children are complete: said at the age.
    "child_age": f"Sudden unexpected death in infancy is the category only for a child under {SUDI_UNDER_AGE}: "
    f"enter an age under {SUDI_UNDER_AGE} for the child who died, or change the category",
    # The intake's children page, said when the person says there is no other child to add.
    "children": f"Sudden unexpected death in infancy is the category only for a child under {SUDI_UNDER_AGE}: "
    f"add the child under {SUDI_UNDER_AGE} who died, or change a child's age or the category",
    # The category page's hint, before the rule is met or broken.
    "hint": f"Sudden unexpected death in infancy (SUDI) is only for a child under {SUDI_UNDER_AGE}",
}
# The late reason select's first option, which says the notification was not late (intake and correction).
NOT_LATE = "Not late, or no reason to give"
REF_RULE = "must be 1 to 40 letters, numbers, hyphens (-), underscores (_) or slashes (/), with no spaces"
# The standard's FORMULA_MESSAGE, in GOV.UK words.
FORMULA_RULE = "must not start with -, +, = or @ (a spreadsheet would read it as a formula)"


def age_message(notification_kind: str | None) -> str:
    """What an age must be, for the kind notified: from 0 to 17, or to 24 for a care leaver's death.

    Without a kind (not chosen yet, or not known to the caller) both limits are said."""
    if notification_kind:
        return f"Age must be a whole number of years from {codes.MIN_AGE} to {max_age(notification_kind)}"
    return (
        f"Age must be a whole number of years from {codes.MIN_AGE} to {codes.MAX_AGE}, "
        f"or to {codes.CARE_LEAVER_MAX_AGE} for a care leaver"
    )


def friendly(problem: Problem, notification_kind: str | None = None) -> str:
    """The standard's message for a problem, in the words of a GOV.UK error message.

    `notification_kind` is the kind being notified, when known: it decides the age limit said.
    Every message of the standard's rules between fields (standard_rules.py) has words here:
    tests/cases/test_every_rule_is_worded.py fails when one leaks a column name."""
    column, message = problem.column, problem.message
    if message == "a value is required":
        return REQUIRED.get(column, "Enter a value")
    if message.endswith("is in the future"):
        return f"{SUBJECTS.get(column, 'Date')} must be today or in the past"
    if " is before " in message and column in ORDER:
        return ORDER[column]
    before = re.search(r" is before (\w+) ", message)
    if before and column in SUBJECTS and before[1] in SUBJECTS:
        return f"{SUBJECTS[column]} must be the same as or after the {mid_sentence(SUBJECTS[before[1]])}"
    if message.startswith("needs rr_submitted_date") and column in RAPID_REVIEW_ANSWERS:
        return f"{RAPID_REVIEW_ANSWERS[column]} can be given only once the rapid review has been submitted"
    if message.startswith("needs lcspr_decision_date") and column in SUBJECTS:
        return f"{SUBJECTS[column]} can be given only once a local review has been commissioned"
    if column == "incident_type" and "notification_kind" in message:
        return "Type of incident must be death for the death of a looked-after child or a care leaver"
    if column == "looked_after":
        return "Select yes (or not known) for looked after: you are notifying the death of a looked-after child"
    if column == "notification_ref" and FORMULA_MESSAGE in message:
        return f"Notification reference {FORMULA_RULE}"
    if column == "child_ref" and FORMULA_MESSAGE in message:
        return f"Child's reference {FORMULA_RULE}"
    if column == "notification_ref" and "must be 1 to 40" in message:
        return f"Notification reference {REF_RULE}"
    if column == "child_ref" and "must be 1 to 40" in message:
        return f"Child's reference {REF_RULE}"
    if column == "child_ref":
        return "Each child needs a different reference"
    if column == "age_years" and "for a care leaver's death" in message:
        # Not a whole number, or older than any notification concerns: the limit for the kind, if known.
        return age_message(notification_kind)
    if column == "age_years":
        # Older than a child (check_children): the kind is not a care leaver's death.
        return age_message(notification_kind or codes.DEFAULT_KIND)
    if column == "near_miss":
        return "A near miss can be recorded only when the child was seriously harmed"
    if column == "children":
        return "Add at least one child"
    if column == "incident_description" and FORMULA_MESSAGE in message:
        return f"Description {FORMULA_RULE}"
    if column == "home_educated_incident":
        return "A child is electively home educated, so the incident involved a home-educated child: select yes"
    took = re.search(r"notified_date is (\d+ working days?) after aware_date, within the ([^)]+)\)", message)
    if column == "late_notification_reason" and took:
        return (
            f"Select ‘{NOT_LATE}’: the notification was sent on time, {took[1]} after the local "
            f"authority became aware (within the {took[2]})"
        )
    if column == "death_category" and "sudi" in message:
        return SUDI_WORDS["care_leaver" if "care_leaver_death" in message else "age"]
    if column in ("death_category", "harm_category") and message.startswith("required"):
        return REQUIRED[column]
    if column == "death_category" and message.startswith("must be empty because"):
        return "Leave the category of death empty: the child did not die"
    if column == "harm_category" and message.startswith("must be empty because"):
        return "Leave the category of harm empty: the child died (choose a category of death)"
    return message[:1].upper() + message[1:]
