"""A correction to a notification or its children: what changed, from what, to what, by whom and why.

The case timeline shows these beside the workflow's status events; the audit
event the amend action writes carries the same detail (the audit trail is not
read by application logic, so the timeline needs its own rows). Append-only, as
status events are: a correction of a correction is another amendment.
"""

from django.conf import settings
from django.db import models

from cspr.cases.models.register import Notification
from cspr.core import access


@access.scoped(access.through("notification"))
class Amendment(models.Model):
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="amendments")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    # {"notification": {column: [old, new]}, "children": {"added": [...], "removed": [...],
    #  "changed": [{"child_ref": ..., "fields": {column: [old, new]}}]}} in the standard's text form.
    changes = models.JSONField()
    # [{"deadline": ..., "label": ..., "old": "YYYY-MM-DD", "new": ..., "rule": ...}]: the due dates
    # the correction moved, each with the rule it was computed under.
    due_dates = models.JSONField(default=list)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("amendments are append-only")
        super().save(*args, **kwargs)
