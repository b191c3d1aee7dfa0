"""References a spreadsheet would read as a formula are refused in the intake form, as in the import."""

from datetime import date

import pytest

from cspr.cases.forms import intake

pytestmark = pytest.mark.django_db


def ReferenceForm(data):  # noqa: N802 - the form as the page makes it, for a person who sees no case
    return intake.ReferenceForm(data, user=None, incident_date=date(2020, 3, 2))


@pytest.mark.parametrize("ref", ["-1+2", "+N1", "=HYPERLINK(1)", "@SUM"])
def test_the_intake_form_refuses_a_reference_starting_like_a_formula(ref):
    form = ReferenceForm({"notification_ref": ref})
    assert not form.is_valid()
    assert form.errors["notification_ref"] == [
        "Notification reference must not start with -, +, = or @ (a spreadsheet would read it as a formula)"
    ]


def test_a_hyphen_inside_a_reference_is_still_allowed():
    assert ReferenceForm({"notification_ref": "SIN-2020-7"}).is_valid()
