from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "cspr.learning"
    label = "learning"
    verbose_name = "The learning repository"
