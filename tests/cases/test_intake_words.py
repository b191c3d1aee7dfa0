"""The standard's rules, shown on the intake and correction pages in words, not column names."""

from cspr.cases.forms.words import friendly
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


def test_the_age_limit_is_said_for_both_kinds_when_the_kind_cannot_be_told():
    import pytest

    from cspr.domain.standard import Problem
    from cspr.domain.standard_cells import parse_age

    with pytest.raises(ValueError) as too_old:
        parse_age("25")  # over every limit: a care leaver's death is notified up to 24
    worded = friendly(Problem("page", "page", "age_years", str(too_old.value)))
    assert worded == "Age must be a whole number of years from 0 to 17, or to 24 for a care leaver"
    child_over_17 = Problem("page", "page", "age_years", "'19' is not ... (only a care leaver's death concerns someone older)")
    assert friendly(child_over_17) == "Age must be a whole number of years from 0 to 17"
