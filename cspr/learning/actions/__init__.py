"""The only writers of the learning repository.

Each action is `<entity>_<verb>(*, actor, ...)`, runs in one transaction, writes
with `update_fields`, records its audit event and keeps the search index in step
(cspr/learning/search). Views, management commands and tests all call these.
"""

from cspr.learning.actions.coding import (
    review_label_add,
    review_label_remove,
    theme_suggestion_accept,
    theme_suggestion_reject,
    theme_suggestions_generate,
)
from cspr.learning.actions.follow_up import (
    recommendation_action_add,
    recommendation_action_impact_record,
    recommendation_action_update,
)
from cspr.learning.actions.publication import lcspr_publish
from cspr.learning.actions.reviews import (
    recommendation_add,
    recommendation_remove,
    recommendation_update,
    review_add,
    review_delete,
    review_link_notification,
    review_update,
    review_viewed,
    reviews_import,
    reviews_listed,
    source_document_remove,
)

__all__ = [
    "lcspr_publish",
    "recommendation_action_add",
    "recommendation_action_impact_record",
    "recommendation_action_update",
    "recommendation_add",
    "recommendation_remove",
    "recommendation_update",
    "review_add",
    "review_delete",
    "review_label_add",
    "review_label_remove",
    "review_link_notification",
    "review_update",
    "review_viewed",
    "reviews_import",
    "reviews_listed",
    "source_document_remove",
    "theme_suggestion_accept",
    "theme_suggestion_reject",
    "theme_suggestions_generate",
]
