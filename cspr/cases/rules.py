"""Who may do what: the verbs of the review process as role predicates.

Seeing a case is decided by scope (`Notification.objects.visible_to(user)`, out
of scope is a 404); these verbs decide what someone may do to a case they can
see (not allowed is a 403). Loaded by rules' autodiscovery.
"""

import rules

from cspr.core.models import Role


@rules.predicate
def is_panel(user) -> bool:
    return user.role in (Role.PANEL_SECRETARIAT, Role.PANEL_MEMBER)


@rules.predicate
def is_panel_secretariat(user) -> bool:
    return user.role == Role.PANEL_SECRETARIAT


@rules.predicate
def is_partnership_manager(user) -> bool:
    return user.role == Role.PARTNERSHIP_MANAGER


@rules.predicate
def is_partnership_staff(user) -> bool:
    return user.role in (Role.PARTNERSHIP_MANAGER, Role.PARTNER_AGENCY_USER) and user.partnership_id is not None


@rules.predicate
def is_reviewer(user) -> bool:
    return user.role == Role.REVIEWER


@rules.predicate
def is_analyst(user) -> bool:
    return user.role == Role.ANALYST


@rules.predicate
def is_administrator(user) -> bool:
    return user.role == Role.ADMINISTRATOR


@rules.predicate
def owns_case(user, notification) -> bool:
    """The case is the person's own partnership's (not merely shared with it)."""
    return notification is not None and notification.partnership_id == user.partnership_id


@rules.predicate
def reviews_case(user, notification) -> bool:
    review = getattr(notification, "practice_review", None) if notification is not None else None
    return review is not None and review.reviewer_id == user.pk


sees_cases = is_panel | is_partnership_staff | is_reviewer

rules.add_perm("cases.view_register", sees_cases)
rules.add_perm("cases.record_notification", is_partnership_staff)
rules.add_perm("cases.edit_rapid_review", is_partnership_staff & owns_case)
rules.add_perm("cases.submit_rapid_review", is_partnership_manager & owns_case)
rules.add_perm("cases.respond_as_panel", is_panel)
rules.add_perm("cases.commission_lcspr", is_partnership_manager & owns_case)
rules.add_perm("cases.track_lcspr", (is_partnership_manager & owns_case) | (is_reviewer & reviews_case))
rules.add_perm("cases.publish_lcspr", is_partnership_manager & owns_case)
rules.add_perm("cases.share_case", is_partnership_manager & owns_case)
rules.add_perm("cases.export_list", is_panel_secretariat | is_partnership_manager)
rules.add_perm("cases.manage_national_reviews", is_panel_secretariat)
rules.add_perm("cases.view_national_reviews", is_panel)
rules.add_perm("core.view_audit", is_administrator)
rules.add_perm("stats.view_statistics", is_panel | is_analyst | is_partnership_manager)
