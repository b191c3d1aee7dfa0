"""The standard's rules, shown on the intake and correction pages in words, not column names."""

from cspr.cases.forms.intake import friendly
from cspr.domain.standard import Problems
from cspr.domain.standard_rules import check_notification


def problems_of(values: dict) -> list:
    problems = Problems("page", 200)
    check_notification(values, problems, "page", today=None, la_check=lambda *args: None)
    return problems.items


def test_a_category_that_does_not_fit_the_incident_is_worded_for_people():
    harm = {"incident_type": "serious_harm", "harm_category": "neglect", "death_category": "unrelated_or_unclear"}
    death = {"incident_type": "death", "harm_category": "neglect", "death_category": "unrelated_or_unclear"}
    worded = {p.column: friendly(p) for p in problems_of(harm) + problems_of(death) if "must be empty" in p.message}
    assert worded == {
        "death_category": "Leave the category of death empty: the child did not die",
        "harm_category": "Leave the category of harm empty: the child died (choose a category of death)",
    }
    assert not any("incident_type" in message for message in worded.values())
