"""The access module's registry covers every model that holds case data or unpublished learning."""

from django.apps import apps

from cspr.core import access


def test_every_model_pointing_at_a_scoped_model_is_scoped():
    # A row that belongs to a case or a review is read with it: a new model with a foreign key to
    # one must say who sees it (`@access.scoped(...)`) before it can pass this test.
    scoped = access.scoped_models()
    unscoped = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model not in scoped and not model._meta.auto_created
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in scoped
    ]
    assert not unscoped, unscoped


def test_every_scoped_model_reads_through_visible_to():
    for model in access.scoped_models():
        assert hasattr(model.objects, "visible_to"), model

