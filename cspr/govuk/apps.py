from django.apps import AppConfig


class GovukConfig(AppConfig):
    name = "cspr.govuk"
    label = "govuk"
    verbose_name = "GOV.UK Design System glue"
