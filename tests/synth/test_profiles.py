"""Profiles are data: every target carries its source, and bad files are refused."""

import pytest

from cspr.synth.profile import ProfileError, Target, available, load_profile


def targets(node):
    if isinstance(node, Target):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from targets(value)
    elif isinstance(node, list):
        for value in node:
            yield from targets(value)


def test_the_three_profiles_are_shipped():
    assert {"panel-2020", "panel-2018-19", "national"} <= set(available())


@pytest.mark.parametrize("name", ["panel-2020", "panel-2018-19", "national"])
def test_every_target_names_its_source(name):
    profile = load_profile(name)
    found = list(targets(profile.model))
    assert len(found) > 50
    assert all(t.source for t in found)


def test_published_figures_are_held_only_in_their_own_profile():
    p2020, national = load_profile("panel-2020"), load_profile("national")
    assert p2020.model["death_category"]["sudi"].kind == "percent" and p2020.model["death_category"]["sudi"].strict
    inherited = national.model["death_category"]["sudi"]
    assert inherited.kind == "share" and not inherited.strict  # an assumption outside 2020
    assert national.model["incident_type"]["death"].of_notifications == 482  # a 2020 count, scaled


def test_the_first_report_overrides_what_it_publishes():
    p = load_profile("panel-2018-19")
    assert p.model["near_miss"]["serious_harm"].value == 77 and p.model["near_miss"]["serious_harm"].strict
    assert p.model["status"]["child_in_need"].kind == "share"  # not published: 2020's assumption
    assert p.periods[0].start.isoformat() == "2018-07-01" and p.periods[0].end.isoformat() == "2019-11-30"


def write(tmp_path, text):
    path = tmp_path / "broken.toml"
    path.write_text(text)
    return path


def test_a_target_without_a_source_is_refused(tmp_path):
    path = write(tmp_path, 'extends = "national"\n[volume]\nnotifications_per_year = { count = 10 }\n')
    with pytest.raises(ProfileError, match="needs a source"):
        load_profile(path)


def test_an_unknown_section_is_refused(tmp_path):
    path = write(tmp_path, 'extends = "national"\n[gendr]\nmale = { share = 1, source = "x" }\n')
    with pytest.raises(ProfileError, match="unknown section"):
        load_profile(path)


def test_an_unknown_profile_names_the_known_ones():
    with pytest.raises(ProfileError, match="panel-2020"):
        load_profile("panel-1999")
