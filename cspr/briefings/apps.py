from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "cspr.briefings"
    label = "briefings"
    verbose_name = "Briefings for practitioners and partnerships"
