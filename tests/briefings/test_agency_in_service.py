"""Making an agency briefing for one agency in the service: its own resource list is used and recorded.

The register is empty here: these tests are about the form and the record, not the figures.
"""

import pytest
from django.urls import reverse

from cspr.briefings.agencies import read_agency
from cspr.briefings.models import Briefing

pytestmark = pytest.mark.django_db


def when_i_ask_for_a_briefing(client, **fields):
    data = {"year": "2020", "kind": "agency", "format": "md", "partnership": "", "agency": ""} | fields
    return client.post(reverse("briefing_new"), data)


def test_the_panel_makes_an_agency_briefing_with_the_police_s_own_resources(people, client_for):
    sam = client_for(people["sam"])
    form = sam.get(reverse("briefing_new")).content.decode()
    assert 'value="police"' in form and "The police" in form

    response = when_i_ask_for_a_briefing(sam, agency="police")
    assert response.status_code == 302

    briefing = Briefing.objects.get()
    assert briefing.parameters["agency"] == {"code": "police", "sha256": read_agency("police").sha256}
    assert briefing.file_name == "briefing-agency-police-2020.md"
    text = bytes(briefing.content).decode()
    assert "#### Resources for the police" in text
    assert "(https://www.gov.uk/government/publications/child-exploitation-disruption-toolkit)" in text


def test_an_agency_chosen_for_another_kind_of_briefing_is_left_out(people, client_for):
    response = when_i_ask_for_a_briefing(client_for(people["sam"]), kind="national", agency="police")
    assert response.status_code == 302
    briefing = Briefing.objects.get()
    assert "agency" not in briefing.parameters and briefing.file_name == "briefing-national-2020.md"


def test_an_agency_with_no_resource_list_is_not_a_choice(people, client_for):
    response = when_i_ask_for_a_briefing(client_for(people["sam"]), agency="fire")
    assert response.status_code == 200
    assert "Choose an agency from the list: fire has no resource list" in response.content.decode()
    assert not Briefing.objects.exists()
