from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "cspr.stats"
    label = "stats"
    verbose_name = "Statistics and the annual report"
