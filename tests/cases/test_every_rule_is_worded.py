"""Every message the standard's rules between fields can give reaches a page in GOV.UK words.

The rules (cspr/domain/standard_rules.py) speak the standard's column names, for files; the pages
say them through `words.friendly`. The cases below reach every `problems.add` in the rules, and
a test fails when one is not reached: a new rule needs a case here, and so words that name no column.
"""

import ast
import inspect
import re
import sys
from datetime import date, timedelta

import pytest

from cspr.cases.forms.words import friendly
from cspr.domain import standard_rules
from cspr.domain.standard import Problem
from cspr.domain.standard_rules import DATE_ORDER, NOTIFICATION_DATES, check_children, check_notification

TODAY = date(2024, 6, 1)
DAY = timedelta(days=1)
# A code of the standard (a column, a kind, a category): words with underscores.
CODE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


class Recorder:
    """Problems, with the line of standard_rules.py each was added on."""

    def __init__(self):
        self.items: list[Problem] = []
        self.lines: set[int] = set()

    def add(self, location, column: str, message: str) -> None:
        self.lines.add(sys._getframe(1).f_lineno)
        self.items.append(Problem("page", str(location), column, message))


def la_check(code, on):
    return f"{code} (Somewhere) was not valid on {on}: it ended on 2019-03-31"


def notification_cases() -> list[dict]:
    cases = [
        {"incident_type": "death", "death_category": None, "harm_category": "neglect"},
        {"incident_type": "serious_harm", "harm_category": None, "death_category": "sudi"},
        {"incident_type": "serious_harm", "notification_kind": "looked_after_death", "harm_category": "neglect"},
        {"incident_type": "other", "harm_category": "other_harm", "near_miss": "yes"},
        {"incident_type": "death", "death_category": "sudi", "notification_kind": "care_leaver_death"},
        {"la_code": "E10000001", "incident_date": TODAY},
    ]
    cases += [{column: TODAY + DAY} for column in NOTIFICATION_DATES]
    cases += [{later: TODAY - 2 * DAY, earlier: TODAY - DAY} for later, earlier in DATE_ORDER]
    cases.append(
        {
            "rr_submitted_date": None,
            "rr_themes": ["neglect"],
            "rr_panel_response_date": TODAY,
            "rr_lcspr_recommended": "yes",
            "rr_national_review": "no",
            "late_rapid_review_reason": "other",
        }
    )
    cases.append({"lcspr_decision_date": None, "lcspr_final_report_date": TODAY, "lcspr_published_date": TODAY})
    return cases


def children_cases() -> list[tuple[dict, list[dict]]]:
    child = {"child_ref": "C1", "looked_after": "no", "home_educated": "no"}
    return [
        ({"incident_date": TODAY}, [{**child, "home_la_code": "E10000001"}]),
        ({"notification_kind": "serious_incident"}, [{**child, "age_years": 19}]),
        ({"notification_kind": "looked_after_death"}, [child, {**child, "child_ref": "C2"}]),
        ({"home_educated_incident": "no"}, [{**child, "home_educated": "yes"}]),
        ({"incident_type": "death", "death_category": "sudi"}, [{**child, "age_years": 4}]),
    ]


def every_problem() -> Recorder:
    recorder = Recorder()
    for values in notification_cases():
        check_notification(values, recorder, "notification", today=TODAY, la_check=la_check)
    for values, children in children_cases():
        check_children(values, children, recorder, "notification", la_check, lambda i: f"children[{i}]")
    return recorder


def add_calls() -> list[tuple[int, int]]:
    """The lines of each `problems.add(...)` in standard_rules.py."""
    tree = ast.parse(inspect.getsource(standard_rules))
    return [
        (node.lineno, node.end_lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "add"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "problems"
    ]


def test_the_cases_reach_every_rule():
    lines = every_problem().lines
    missed = [start for start, end in add_calls() if not any(start <= line <= end for line in lines)]
    assert add_calls() and not missed, f"no case here reaches the rule at standard_rules.py line(s) {missed}"


@pytest.mark.parametrize("kind", [None, "serious_incident", "looked_after_death", "care_leaver_death"])
def test_every_message_is_in_words_that_name_no_column(kind):
    for problem in every_problem().items:
        words = friendly(problem, kind)
        assert not CODE.search(words), f"{problem.column}: {problem.message!r} is shown as {words!r}"
        assert words[:1].isupper()


def test_a_death_kind_with_another_type_of_incident_says_so():
    recorder = Recorder()
    values = {"incident_type": "serious_harm", "harm_category": "neglect", "notification_kind": "looked_after_death"}
    check_notification(values, recorder, "notification", today=TODAY, la_check=la_check)
    assert [friendly(p) for p in recorder.items] == [
        "Type of incident must be death for the death of a looked-after child or a care leaver"
    ]


def test_a_looked_after_childs_death_needs_a_child_who_was_or_may_have_been_looked_after():
    def problems(*flags: str) -> list[Problem]:
        recorder = Recorder()
        children = [{"child_ref": f"C{i}", "looked_after": flag} for i, flag in enumerate(flags)]
        check_children(
            {"notification_kind": "looked_after_death"},
            children,
            recorder,
            "notification",
            None,
            lambda i: f"children[{i}]",
        )
        return recorder.items

    refused = problems("no", "no")
    assert [(p.location, p.column) for p in refused] == [("children[0]", "looked_after")]
    assert friendly(refused[0]).startswith("Select yes (or not known) for looked after")
    assert problems("no", "yes") == problems("unknown") == []


def test_a_serious_incidents_children_may_all_not_be_looked_after():
    recorder = Recorder()
    check_children({"notification_kind": "serious_incident"}, [{"child_ref": "C1", "looked_after": "no"}], recorder, 1)
    assert recorder.items == []


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("serious_incident", "Age must be a whole number of years from 0 to 17"),
        ("looked_after_death", "Age must be a whole number of years from 0 to 17"),
        ("care_leaver_death", "Age must be a whole number of years from 0 to 24"),
        (None, "Age must be a whole number of years from 0 to 17, or to 24 for a care leaver"),
    ],
)
def test_the_age_limit_said_is_the_kind_notifieds(kind, words):
    from cspr.domain.standard_cells import parse_age

    with pytest.raises(ValueError) as too_old:
        parse_age("40")
    assert friendly(Problem("page", "children[0]", "age_years", str(too_old.value)), kind) == words
