from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "cspr.service"
    label = "service"
    verbose_name = "The whole service: the demo and the synthetic register"
