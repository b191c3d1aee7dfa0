"""`cspr --help` lists cspr's own commands first, grouped by app with one line each, then the framework's."""

from django.core.management import get_commands

from cspr.cli import Utility, command_summary, first_sentence

FRAMEWORK_HEADING = "Django's and allauth's commands"


def help_lines() -> list[str]:
    return Utility(["cspr", "--help"]).main_help_text().splitlines()


def test_cspr_commands_come_before_the_frameworks_each_with_a_summary():
    lines = help_lines()
    framework_at = next(i for i, line in enumerate(lines) if line.startswith(FRAMEWORK_HEADING))
    ours = sorted(name for name, app in get_commands().items() if app.startswith("cspr."))
    listed = {line.split()[0]: line for line in lines[:framework_at] if line.startswith("    ")}
    assert sorted(listed) == ours
    for name, line in listed.items():
        summary = line.removeprefix("    ").removeprefix(name).strip()
        assert summary.endswith("."), f"{name} has no one-line description: {line!r}"


def test_cspr_commands_are_grouped_under_their_apps_names():
    lines = help_lines()
    deadlines = lines.index(next(line for line in lines if line.strip().startswith("deadlines ")))
    heading = next(line for line in reversed(lines[:deadlines]) if line and not line.startswith("    "))
    assert heading == "Rapid, local and national reviews"  # cspr.reviews' verbose name


def test_the_frameworks_commands_are_listed_after_their_heading():
    lines = help_lines()
    framework_at = next(i for i, line in enumerate(lines) if line.startswith(FRAMEWORK_HEADING))
    after = [line.strip() for line in lines[framework_at:]]
    for name in ("migrate", "collectstatic", "createsuperuser", "axes_reset"):
        assert name in after
        assert f"    {name}" not in lines[:framework_at]


def test_a_summary_is_the_first_sentence_of_the_commands_help(tmp_path):
    source = tmp_path / "example.py"
    source.write_text(
        'class Command:\n    help = (\n        "Do one thing well. Then explain "\n        "at length."\n    )\n'
    )
    assert command_summary(source) == "Do one thing well."
    assert first_sentence("No full stop here") == "No full stop here"


def test_the_bare_command_list_for_shell_completion_is_unchanged():
    listed = Utility(["cspr", "help", "--commands"]).main_help_text(commands_only=True).splitlines()
    assert listed == sorted(get_commands())
