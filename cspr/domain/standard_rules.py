"""The data standard's rules between fields: one notification's, and a notification's with its children's.

Split from standard.py (which reads files and applies these to every record). `problems` is
anything with `add(location, column, message)`: standard.py's `Problems`.
"""

from collections.abc import Callable
from datetime import date

from cspr.domain import codes, rapid_review_dates

# A callable that says what is wrong with an LA code on a date, or None.
LaCheck = Callable[[str, date], str | None]

NOTIFICATION_DATES = (
    "incident_date",
    "aware_date",
    "notified_date",
    "rr_submitted_date",
    "rr_panel_response_date",
    "lcspr_decision_date",
    "lcspr_final_report_date",
    "lcspr_published_date",
)
NOTIFICATION_FLAG_COLUMNS = (*codes.NOTIFICATION_FLAGS, "rr_lcspr_recommended", "rr_national_review")
# (later, earlier): dates the standard orders, checked (and reported) in this order.
DATE_ORDER = (
    ("aware_date", "incident_date"),
    ("notified_date", "aware_date"),
    # The open standard's order: a register's history may hold a rapid review that reached the Panel
    # before its notification was logged. A send recorded in the service has a later floor, the
    # notification date (domain/rapid_review_dates.py STANDARD_FLOOR and check_sent).
    ("rr_submitted_date", rapid_review_dates.STANDARD_FLOOR),
    ("rr_panel_response_date", "rr_submitted_date"),
    ("lcspr_decision_date", "aware_date"),
    ("lcspr_final_report_date", "lcspr_decision_date"),
    ("lcspr_published_date", "lcspr_decision_date"),
    ("lcspr_published_date", "lcspr_final_report_date"),
)
# Sudden unexpected death in infancy is a baby's death: the Panel's national review of SUDI ("Out of
# routine", 2020) covers children under 2, and the annual report counts it as a cause of death of
# babies. A care leaver (16 and over) is never one.
SUDI = "sudi"
SUDI_UNDER_AGE = 2
RAPID_REVIEW_DEPENDENTS = ("rr_themes", "rr_panel_response_date")
PRACTICE_REVIEW_DEPENDENTS = ("lcspr_final_report_date", "lcspr_published_date")


# --- Rules across fields ------------------------------------------------------------


def max_age(notification_kind: str | None) -> int:
    """The oldest age a notification of this kind concerns: a care leaver's death up to and including
    24, every other kind a child's (17). None (the kind not known yet) is the default kind's."""
    return codes.CARE_LEAVER_MAX_AGE if notification_kind == "care_leaver_death" else codes.MAX_AGE


def check_notification(values: dict, problems, location, *, today: date, la_check: LaCheck) -> None:
    """The standard's rules that relate one notification field to another."""
    kind = values.get("incident_type")
    if kind == "death":
        if values.get("death_category") is None and "death_category" in values:
            problems.add(location, "death_category", "required because incident_type is death")
        if values.get("harm_category"):
            problems.add(location, "harm_category", "must be empty because incident_type is death (use death_category)")
    elif kind is not None:
        if values.get("harm_category") is None and "harm_category" in values:
            problems.add(location, "harm_category", f"required because incident_type is {kind}")
        if values.get("death_category"):
            problems.add(location, "death_category", f"must be empty because incident_type is {kind}")
    notification_kind = values.get("notification_kind")
    if notification_kind in codes.DEATH_KINDS and kind not in (None, "death"):
        problems.add(location, "incident_type", f"must be death because notification_kind is {notification_kind}")
    if notification_kind == "care_leaver_death" and values.get("death_category") == SUDI:
        problems.add(
            location,
            "death_category",
            f"cannot be sudi for a care_leaver_death: sudden unexpected death in infancy is of a child under "
            f"{SUDI_UNDER_AGE}",
        )
    if values.get("near_miss") == "yes" and kind not in (None, "serious_harm"):
        problems.add(location, "near_miss", f"can be yes only for serious_harm, not {kind}")

    for column in NOTIFICATION_DATES:
        value = values.get(column)
        if value is not None and value > today:
            problems.add(location, column, f"{value} is in the future")

    for later, earlier in DATE_ORDER:
        a, b = values.get(later), values.get(earlier)
        if a is not None and b is not None and a < b:
            problems.add(location, later, f"{a} is before {earlier} {b}")

    if values.get("rr_submitted_date") is None and "rr_submitted_date" in values:
        for column in RAPID_REVIEW_DEPENDENTS:
            if values.get(column):
                problems.add(location, column, "needs rr_submitted_date (no rapid review has been submitted)")
        for column in ("rr_lcspr_recommended", "rr_national_review"):
            if values.get(column) in ("yes", "no"):
                problems.add(location, column, "needs rr_submitted_date (no rapid review has been submitted)")
        if values.get("late_rapid_review_reason"):
            problems.add(
                location,
                "late_rapid_review_reason",
                "needs rr_submitted_date (a reason for a late rapid review is given when it is submitted)",
            )
    if values.get("lcspr_decision_date") is None and "lcspr_decision_date" in values:
        for column in PRACTICE_REVIEW_DEPENDENTS:
            if values.get(column):
                problems.add(location, column, "needs lcspr_decision_date (no local review was commissioned)")

    la_code, incident_date = values.get("la_code"), values.get("incident_date")
    if la_code and incident_date:
        message = la_check(la_code, incident_date)
        if message:
            problems.add(location, "la_code", message)


def check_children(
    values: dict,
    children: list[dict],
    problems,
    location,
    la_check: LaCheck | None = None,
    child_location: Callable[[int], str] | None = None,
) -> None:
    """The rules that relate a notification to its children (cspr-2).

    A problem is placed at `child_location(index)` when given (the intake's `children[N]`, a
    JSON path), else at the notification's location (a CSV's first line of it)."""
    kind = values.get("notification_kind", codes.DEFAULT_KIND)
    incident_date = values.get("incident_date")
    for index, child in enumerate(children):
        where = child_location(index) if child_location else location
        home = child.get("home_la_code")
        message = la_check(home, incident_date) if home and incident_date and la_check else None
        if message:
            problems.add(where, "home_la_code", f"child {child.get('child_ref')}: {message}")
        age = child.get("age_years")
        if age is not None and age > max_age(kind):
            problems.add(
                where,
                "age_years",
                f"'{age}' is not a whole number of years from {codes.MIN_AGE} to {codes.MAX_AGE} "
                f"(child {child.get('child_ref')}; only a care leaver's death concerns someone older)",
            )
    if kind == "looked_after_death" and children and all(c.get("looked_after") == "no" for c in children):
        # The kind and the child's flag both feed the statistics: a looked-after child's death with no
        # child who was (or may have been) looked after counts the same death two ways.
        problems.add(
            child_location(0) if child_location else location,
            "looked_after",
            "is no for every child, but notification_kind is looked_after_death: say yes (or unknown) "
            "for the child who died",
        )
    ages = [c.get("age_years") for c in children]
    if (
        values.get("death_category") == SUDI
        and kind != "care_leaver_death"  # said by check_notification
        and ages
        and all(age is not None and age >= SUDI_UNDER_AGE for age in ages)
    ):
        # Only one child need be a baby (a notification may name the baby's siblings), and an age not
        # known may be under 2: refused only when every child's age is known and none is.
        problems.add(
            location,
            "death_category",
            f"is sudi (sudden unexpected death in infancy), but no child is under {SUDI_UNDER_AGE} "
            f"(age_years {', '.join(str(age) for age in ages)}): choose another category or correct the age",
        )
    home_educated = [c["child_ref"] for c in children if c.get("home_educated") == "yes" and "child_ref" in c]
    if home_educated and values.get("home_educated_incident") == "no":
        problems.add(
            location,
            "home_educated_incident",
            f"is no, but child {home_educated[0]} is electively home educated: say yes (or unknown)",
        )


def complete_child(child: dict, incident_type: str | None) -> None:
    """Fill the defaults the standard gives for empty child values."""
    if child.get("outcome") is None and incident_type in codes.DEFAULT_OUTCOME:
        child["outcome"] = codes.DEFAULT_OUTCOME[incident_type]
