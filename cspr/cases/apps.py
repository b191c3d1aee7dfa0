from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cspr.cases"
    label = "cases"
    verbose_name = "The case register"
