from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cspr.documents"
    label = "documents"
    verbose_name = "A case's documents"
