"""Regulation 3's criteria are coded once, cited by paragraph, and conflicts are found by area."""

from cspr.domain.national import REG3_CRITERIA, Reg3Criterion, conflicting_areas, criterion_label


def test_each_criterion_cites_its_paragraph_in_the_regulations_order():
    assert [REG3_CRITERIA[c].paragraph for c in Reg3Criterion] == ["3(a)", "3(b)", "3(c)"]
    assert criterion_label("recurrent_themes").startswith("Regulation 3(c): highlights or may highlight recurrent")


def test_conflicting_areas_are_the_reviewer_s_areas_the_review_reaches_sorted():
    conflicts = {"la:E09000001", "partnership:birmingham", "la:E08000026"}
    areas = {"la:E08000025", "partnership:birmingham", "la:E09000001"}
    assert conflicting_areas(conflicts=conflicts, areas=areas) == ["la:E09000001", "partnership:birmingham"]
    assert conflicting_areas(conflicts=set(), areas=areas) == []
