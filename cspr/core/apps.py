from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cspr.core"
    label = "core"
    verbose_name = "People, organisations, reference data and audit"
