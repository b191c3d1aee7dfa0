"""The `cspr` console script: Django's management commands under one name.

`cspr import FILE` is `django-admin import FILE` with cspr's settings, so the
CLI, the web service and the tests all run the same code.

Commands must start quickly (docs/operations.md, "Quick commands"; bench/startup.py):
nothing here or in an app's models imports a heavy library at start-up, and
`cspr --help` describes cspr's own commands without importing them.
"""

import ast
import os
import sys
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management import ManagementUtility, get_commands
from django.core.management.color import color_style

from cspr.config import SettingError


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")
    if sys.argv[1:2] == ["demo"]:
        # Demo mode must be decided before settings load: it relaxes MFA for the
        # demo users and lets cookies work over http://127.0.0.1.
        os.environ.setdefault("CSPR_DEMO", "1")
    try:
        # Settings load here; an unsafe or mistyped setting is one line naming it, not a traceback.
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018
    except (ImproperlyConfigured, SettingError) as refusal:
        if not (isinstance(refusal, ImproperlyConfigured) and asks_for_help(sys.argv[1:])):
            sys.exit(f"cspr: refusing to start: {refusal}")
        help_without_settings(settings, refusal)
        Utility([sys.argv[0], *sys.argv[1:]], refusal=refusal).execute()
        return
    Utility([sys.argv[0], *sys.argv[1:]]).execute()


HELP_WORDS = {"help", "--help", "-h"}


def asks_for_help(words: list[str]) -> bool:
    """`cspr`, `cspr help ...`, `cspr --help` or `cspr <command> ... --help`: printing help, running nothing.

    Words after `--` are arguments, not options, so `cspr check -- --help` is a command to run.
    """
    options = words[: words.index("--")] if "--" in words else words
    return not words or words[0] in HELP_WORDS or any(word in ("--help", "-h") for word in options)


def help_without_settings(settings, refusal: ImproperlyConfigured) -> None:
    """Load the settings as demo mode does, to print help on a machine not yet configured.

    The docs send a new operator to `cspr --help` before any setting is made, and the unsafe-settings
    refusal (no secret key, console email) would stop it. Demo mode relaxes exactly those checks; a
    mistyped setting is still refused. No command runs this way: `Utility(refusal=...)` lets a
    command print its help and refuses it with the original message if it would execute.
    """
    os.environ["CSPR_DEMO"] = "1"
    try:
        settings.INSTALLED_APPS  # noqa: B018  (the first attempt failed, so this loads them again)
    except (ImproperlyConfigured, SettingError) as still:
        sys.exit(f"cspr: refusing to start: {still}")
    sys.stderr.write(f"cspr: help only; commands will refuse to start: {refusal}\n")


class Utility(ManagementUtility):
    """Django's command-line utility, with a main help that puts cspr's own commands first."""

    def __init__(self, argv=None, *, refusal: Exception | None = None):
        super().__init__(argv)
        # Set when the settings were refused and loaded for help only (`help_without_settings`).
        self.refusal = refusal

    def fetch_command(self, subcommand):
        command = super().fetch_command(subcommand)
        if self.refusal is not None:
            # Help is printed (and the process ended) while the arguments are parsed, before
            # `execute`; reaching `execute` means a command would run, on placeholder settings.
            refusal = self.refusal

            def refuse(*args, **options):
                sys.exit(f"cspr: refusing to start: {refusal}")

            command.execute = refuse
        return command

    def execute(self):
        # Django's `help people add` shows `people`'s help and ignores the rest: a subcommand's
        # help is `cspr people add --help`, so `cspr help people add` is run as that.
        words = self.argv[1:]
        if words[:1] == ["help"] and len(words) > 2 and not any(word.startswith("-") for word in words[1:]):
            self.argv = [self.argv[0], *words[1:], "--help"]
        super().execute()

    def main_help_text(self, commands_only=False):
        if commands_only:  # `cspr help --commands`: the bare list shell completion reads
            return super().main_help_text(commands_only=True)
        return main_help(self.prog_name, get_commands())


def main_help(prog: str, commands: dict[str, str]) -> str:
    """cspr's commands grouped by app with one line each, then the framework's under their own heading."""
    from django.apps import apps

    style = color_style()
    ours: dict[str, list[str]] = defaultdict(list)
    framework: dict[str, list[str]] = defaultdict(list)
    for name, app in commands.items():
        if app.startswith("cspr."):
            ours[app].append(name)
        else:
            framework["django" if app == "django.core" else app.rpartition(".")[-1]].append(name)
    lines = [
        f"Usage: {prog} <command> [options]",
        f"Type '{prog} help <command>' for a command's options.",
        "",
        style.SQL_TABLE("cspr's commands"),
    ]
    # In INSTALLED_APPS order, which follows the process: the register, then reviews, statistics, learning.
    for config in apps.get_app_configs():
        app = config.name
        if app not in ours:
            continue
        lines += ["", style.NOTICE(config.verbose_name)]
        width = max(len(name) for name in ours[app])
        for name in sorted(ours[app]):
            summary = command_summary(Path(config.path) / "management" / "commands" / f"{name}.py")
            lines.append(f"    {name.ljust(width)}  {summary}".rstrip())
    lines += [
        "",
        style.SQL_TABLE("Django's and allauth's commands (the framework's own, by app)"),
    ]
    for app in sorted(framework):
        lines += ["", style.NOTICE(f"[{app}]")]
        lines += [f"    {name}" for name in sorted(framework[app])]
    return "\n".join(lines)


def command_summary(source: Path) -> str:
    """The first sentence of a command's `help`, read from its source.

    Importing the command would import what it uses (scikit-learn for `learning`,
    WeasyPrint for `report`), and `cspr --help` would take seconds; the help text is
    a literal in every cspr command, so it is read without running the module.
    """
    try:
        tree = ast.parse(source.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return ""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Command":
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and any(isinstance(target, ast.Name) and target.id == "help" for target in statement.targets)
                    and isinstance(statement.value, ast.Constant)
                    and isinstance(statement.value.value, str)
                ):
                    return first_sentence(statement.value.value)
    return ""


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]
