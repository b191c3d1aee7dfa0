"""Resource lists edited per agency: each file in cspr/briefings/data/agencies/ reads cleanly,
a bad one is refused with every problem named, and asking for an agency that has no file, or
for an agency on a briefing of another kind, is refused before anything is counted."""

import pytest
from django.core.management import CommandError, call_command

from cspr.briefings.agencies import FOLDER, agency_codes, read_agency
from cspr.briefings.practice import REQUIRED, PracticeContentError


def test_every_agency_file_in_the_project_reads_cleanly_and_names_its_agency():
    codes = agency_codes()
    assert {"health", "education", "police", "childrens_social_care"} <= set(codes)
    for code in codes:
        agency = read_agency(code)
        assert agency.name and agency.resources and len(agency.sha256) == 64
        assert set(agency.resources) <= REQUIRED
        assert all(r["url"].startswith("https://") for rs in agency.resources.values() for r in rs)


def test_a_bad_agency_file_is_refused_with_every_problem_named(tmp_path):
    (tmp_path / "probation.toml").write_text(
        'name = "probation"\n'
        "[links]\n"
        'plain = { title = "A page", url = "http://www.gov.uk/page" }\n'
        'elsewhere = { title = "Another", url = "https://example.com/page" }\n'
        'counted = { title = "Top 10 tips", url = "https://www.gov.uk/tips" }\n'
        "[theme]\n"
        'daily_life = ["plain", "missing_link"]\n'
        'not_a_theme = ["plain"]\n'
        "[characteristic]\n"
        'neglect = ["elsewhere", "counted"]\n',
        encoding="utf-8",
    )
    with pytest.raises(PracticeContentError) as refused:
        read_agency("probation", folder=tmp_path)
    message = str(refused.value)
    assert message.startswith("cspr/briefings/data/agencies/probation.toml: ")
    for problem in (
        "[links] plain: the resource “A page” links to http://www.gov.uk/page: resources may only link over https to",
        "[theme] daily_life: unknown link 'missing_link' (add it under [links])",
        "[theme] not_a_theme: not a 2020 practice theme or a case characteristic",
        "[links] elsewhere: the resource “Another” links to https://example.com/page:",
        "[links] counted: write numbers as words",
    ):
        assert problem in message


def test_a_file_that_is_not_toml_is_refused_by_name(tmp_path):
    (tmp_path / "broken.toml").write_text("name = \n", encoding="utf-8")
    with pytest.raises(PracticeContentError, match=r"agencies/broken.toml: not readable TOML"):
        read_agency("broken", folder=tmp_path)


def test_an_agency_without_a_file_is_refused_with_the_agencies_that_have_one():
    with pytest.raises(PracticeContentError, match=r"no resource list for the agency 'fire'.*health"):
        read_agency("fire")
    with pytest.raises(PracticeContentError, match="no resource list"):
        read_agency("../practice_content")  # a code is a file name in the folder, nothing else
    assert FOLDER.name == "agencies"


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_agency_or_an_agency_on_another_kind():
    with pytest.raises(CommandError, match="no resource list for the agency 'fire'"):
        call_command("briefing", "--year", "2020", "--kind", "agency", "--agency", "fire", "--format", "md")
    with pytest.raises(CommandError, match="only an agency briefing is for one agency"):
        call_command("briefing", "--year", "2020", "--kind", "national", "--agency", "health", "--format", "md")
