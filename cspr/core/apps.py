from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cspr.core"
    label = "core"
    verbose_name = "People, organisations, reference data and audit"

    def ready(self) -> None:
        # Registers every permission (rules.add_perm) at start-up: the access module is
        # the only place they are defined (docs/adr/0014-access-module.md).
        from cspr.core import access  # noqa: F401
