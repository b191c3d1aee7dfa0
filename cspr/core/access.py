"""Who may see what and do what: the roles, the scope of every read and the verbs, in one place.

- **Roles.** `Role` is what a person does in the review process (`User.role`); their
  organisation says for whom. Nothing else spells a role.
- **Scope (reading).** Every model that holds case data or unpublished learning is
  registered here with `@scoped(rule)`, and its `objects.visible_to(user)` applies
  the rule. Out of scope is a 404 in the pages: a 403 would confirm that the record
  exists. `tests/service/test_views_use_scope.py` fails on any view that reaches a
  registered model's manager without `visible_to`.
- **Verbs (doing).** rules' permissions such as `cases.edit_rapid_review`, over the
  role predicates below; a verb not allowed on a record one can see is a 403
  (`require`). They are registered when this module is imported, which
  `CoreConfig.ready()` makes sure of.

Core sits below the apps whose models it scopes, so it imports none of them: each
model registers itself, passing the lookups (field paths) its rule needs.
"""

import operator
from collections.abc import Callable
from functools import reduce

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q

from cspr.domain.workflow import RAPID_REVIEW_BEFORE_PANEL_RESPONSE, RAPID_REVIEW_NOT_SENT, Workflow, open_states


class Role(models.TextChoices):
    """What a person does in the review process; their organisation says for whom."""

    PANEL_SECRETARIAT = "panel_secretariat", "Panel secretariat"
    PANEL_MEMBER = "panel_member", "Panel member"
    PARTNERSHIP_MANAGER = "partnership_manager", "Safeguarding partnership business manager"
    PARTNER_AGENCY_USER = "partner_agency_user", "Safeguarding partner agency user"
    REVIEWER = "reviewer", "Independent reviewer"
    ANALYST = "analyst", "Analyst or statistician"
    ADMINISTRATOR = "administrator", "Administrator"


PANEL_ROLES = frozenset({Role.PANEL_SECRETARIAT, Role.PANEL_MEMBER})
# The roles that work on one partnership's cases (`User.partnership_id`).
PARTNERSHIP_ROLES = frozenset({Role.PARTNERSHIP_MANAGER, Role.PARTNER_AGENCY_USER})
# An independent reviewer reaches a case only while their review of it is open: a local review
# until the partners publish it or record their decision not to (after the final report is sent
# too, as the reviewer may still answer the partners' questions), a national review until the
# Panel publishes it. Once it is closed the reviewer neither reads nor writes anything of the case:
# it is the partnership's and the Panel's again. The scope (`cases`, `national_reviews`) and the
# predicates (`reviews_case`, `reviews_case_nationally`) both follow these states.
LOCAL_REVIEW_OPEN = open_states(Workflow.PRACTICE_REVIEW)
NATIONAL_REVIEW_OPEN = open_states(Workflow.NATIONAL_REVIEW)


def signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def _role(user) -> str:
    return getattr(user, "role", "")  # an anonymous visitor has none


# --- Role predicates -----------------------------------------------------------------------------


def role_in(name: str, *roles: Role) -> rules.Predicate:
    """A predicate true for people whose role is one of `roles`."""
    return rules.Predicate(lambda user: _role(user) in roles, name=name)


is_panel = role_in("is_panel", *PANEL_ROLES)
is_panel_secretariat = role_in("is_panel_secretariat", Role.PANEL_SECRETARIAT)
is_partnership_manager = role_in("is_partnership_manager", Role.PARTNERSHIP_MANAGER)
is_reviewer = role_in("is_reviewer", Role.REVIEWER)
is_analyst = role_in("is_analyst", Role.ANALYST)
is_administrator = role_in("is_administrator", Role.ADMINISTRATOR)
# Who reads every partnership's follow-up of recommendations (actions and their impact), not one
# partnership's own: the Panel and analysts. The scope (`partnership_follow_up`), the verb
# (`learning.view_follow_up`) and the progress page's national view all ask this.
sees_every_partnership = role_in("sees_every_partnership", *PANEL_ROLES, Role.ANALYST)


@rules.predicate
def is_partnership_staff(user) -> bool:
    """A partnership's manager or agency user, attached to a partnership (so with cases to work on)."""
    return _role(user) in PARTNERSHIP_ROLES and user.partnership_id is not None


@rules.predicate
def owns_case(user, notification) -> bool:
    """The case is the person's own partnership's (not merely shared with it)."""
    return notification is not None and notification.partnership_id == user.partnership_id


@rules.predicate
def reviews_case(user, notification) -> bool:
    """The person is the independent reviewer of the case's local review, and it is still open."""
    review = getattr(notification, "practice_review", None) if notification is not None else None
    return review is not None and review.reviewer_id == user.pk and review.status in LOCAL_REVIEW_OPEN


@rules.predicate
def reviews_case_nationally(user, notification) -> bool:
    """The person is appointed to an open national review that gathers the case (regulation 4(5))."""
    if notification is None:
        return False
    return notification.national_reviews.filter(appointments__reviewer=user, status__in=NATIONAL_REVIEW_OPEN).exists()


@rules.predicate
def rapid_review_sent(user, notification) -> bool:
    """The partners have sent the case's rapid review to the Panel (at least once)."""
    review = getattr(notification, "rapid_review", None) if notification is not None else None
    # Any state past the first ones: the review was sent (it may be queried since). A rapid review
    # not required for the notification's kind has not been sent either (domain/workflow.py).
    return review is not None and review.status not in RAPID_REVIEW_NOT_SENT


@rules.predicate
def panel_not_responded(user, notification) -> bool:
    """The Panel has not yet responded to the case's rapid review (domain/workflow.py's state set)."""
    review = getattr(notification, "rapid_review", None) if notification is not None else None
    return review is None or review.status in RAPID_REVIEW_BEFORE_PANEL_RESPONSE


@rules.predicate
def shared_with_partnership(user, notification) -> bool:
    """Another partnership shared the case with the person's partnership."""
    if notification is None or not getattr(user, "partnership_id", None):
        return False
    return notification.shares.filter(partnership_id=user.partnership_id).exists()


@rules.predicate
def has_rapid_review(user, notification) -> bool:
    return notification is not None and getattr(notification, "rapid_review", None) is not None


@rules.predicate
def for_own_partnership(user, partnership_code) -> bool:
    """No partnership (a national or agency briefing), or the person's own."""
    return not partnership_code or partnership_code == user.partnership_id


# --- Verbs ---------------------------------------------------------------------------------------
# The register: what someone may do to a case they can see.
own_case_staff = is_partnership_staff & owns_case
rules.add_perm("cases.view_register", is_panel | is_partnership_staff | is_reviewer)
rules.add_perm("cases.record_notification", is_partnership_staff)
rules.add_perm("cases.share_case", is_partnership_manager & owns_case)
# A share may be withdrawn by the Panel secretariat only (an automatic home-authority share included).
rules.add_perm("cases.withdraw_share", is_panel_secretariat)
rules.add_perm("cases.export_list", is_panel_secretariat | is_partnership_manager)
# What a person reads about a case they can see, beyond its category, type and children's ages
# (the similar-learning panel shows only these): the characteristics the notification records, for
# its own partnership's staff and the Panel (to whom it was notified); the rapid review's themes and
# words, for its own partnership's staff, and for the Panel once it was sent to them.
# A national review's appointed reviewer reviews its cases' practice for the Panel: while it is
# open they read what the Panel reads of those cases (characteristics, the sent rapid review,
# documents), and write none.
reviews_case_for_panel = is_reviewer & reviews_case_nationally
rules.add_perm("cases.read_case_characteristics", own_case_staff | is_panel | reviews_case_for_panel)
# A rapid review not yet sent is the partners' draft; once sent, everyone the case is open to reads
# it at every stage (the Panel after responding, a partnership it was shared with, the LCSPR's reviewer).
rules.add_perm(
    "cases.read_rapid_review",
    has_rapid_review
    & (
        own_case_staff
        | (
            rapid_review_sent
            & (is_panel | (is_partnership_staff & shared_with_partnership) | reviews_case | reviews_case_for_panel)
        )
    ),
)
# The reviews of a case.
rules.add_perm("cases.edit_rapid_review", own_case_staff)
rules.add_perm("cases.submit_rapid_review", is_partnership_manager & owns_case)
rules.add_perm("cases.respond_as_panel", is_panel)
# Correcting a notification and its children (cspr/cases/actions/amend.py): the partners while the
# Panel has not responded, the Panel secretariat at any time.
rules.add_perm("cases.amend_notification", is_panel_secretariat | (own_case_staff & panel_not_responded))
# A correction of the local authority or incident date that gives the case to another partnership.
rules.add_perm("cases.move_case_to_partnership", is_panel_secretariat)
# A correction that starts or stops the rapid review's clock (a looked-after child's death found to
# involve abuse or neglect, or found not to): agreed between the Panel and the partners, so the
# secretariat's to make.
rules.add_perm("cases.change_rapid_review_requirement", is_panel_secretariat)
rules.add_perm("cases.commission_lcspr", is_partnership_manager & owns_case)
rules.add_perm("cases.track_lcspr", (is_partnership_manager & owns_case) | (is_reviewer & reviews_case))
rules.add_perm("cases.publish_lcspr", is_partnership_manager & owns_case)
rules.add_perm("cases.manage_national_reviews", is_panel_secretariat)
# The Panel's national work (cspr/reviews/national*.py): the Panel reads its work programme and its
# pool of reviewers; the secretariat keeps them. A partnership's staff see the national reviews that
# gather their cases (the scope shows them only their own cases in it); so does an appointed reviewer.
rules.add_perm("cases.view_national_reviews", is_panel | is_partnership_staff | is_reviewer)
rules.add_perm("reviews.view_work_programme", is_panel)
rules.add_perm("reviews.manage_work_programme", is_panel_secretariat)
rules.add_perm("reviews.view_reviewer_pool", is_panel)
rules.add_perm("reviews.manage_reviewer_pool", is_panel_secretariat)
rules.add_perm("reviews.remove_national_reviewer", is_panel_secretariat)
# The audit trail and the statistics.
rules.add_perm("core.view_audit", is_administrator)
# API tokens (cspr/api): administrators issue and revoke them; a token acts as its own service account.
rules.add_perm("api.manage_tokens", is_administrator)
rules.add_perm("core.lift_lockouts", is_administrator)
rules.add_perm("stats.view_statistics", is_panel | is_analyst | is_partnership_manager)
# Published figures for a period between any two dates: only for those who read every notification
# anyway. Two periods a day apart differ by one notification, and subtracting one page from the other
# would show it and its child in full to an analyst or another partnership (cspr/stats/forms.py).
rules.add_perm("stats.choose_any_period", is_panel)
# Early warning: exact weekly counts by region, for the Panel, who act on a surge (issue 17).
rules.add_perm("stats.view_early_warning", is_panel)
# The learning repository: everyone signed in reads it. Coding a review (accepting or rejecting
# the suggester's themes and characteristics) is a judgement the Panel's secretariat and analysts
# make for the whole repository, so its facets mean the same everywhere.
rules.add_perm("learning.view_repository", rules.is_authenticated & rules.is_active)
rules.add_perm("learning.code_reviews", is_panel_secretariat | is_analyst)
# Briefings: the Panel, analysts and partnership managers make them (a partnership manager only
# national and agency briefings and their own partnership's); administrators edit the practice content.
rules.add_perm("briefings.view_briefings", is_panel | is_analyst | is_partnership_manager)
rules.add_perm("briefings.generate_briefing", is_panel | is_analyst | (is_partnership_manager & for_own_partnership))
rules.add_perm("briefings.edit_practice_content", is_administrator)
# A case's documents (cspr/documents): the reports and letters of the statutory process. The case's
# own partnership's staff, the Panel and the case's independent reviewer (while the review is open:
# `reviews_case`) read them; a partnership the case is only shared with sees the case but not its
# documents (they hold the rapid review's words).
rules.add_perm(
    "documents.read_documents", own_case_staff | is_panel | (is_reviewer & reviews_case) | reviews_case_for_panel
)
# The same people attach them (of the Panel, only its secretariat), each only the kinds they author
# in the statutory process (the codes of cspr/documents/models.py's DocumentKind, each with its filers
# here): the partners write the rapid review and commission the local review, whose final report they
# send and publish; the local review's independent reviewer writes that report (and its drafts); the
# Panel's letters come from its secretariat. Anything else (terms of reference, a draft, minutes) is
# "other", which everyone who attaches documents may attach. A national review's reviewer attaches none.
reviews_case_locally = is_reviewer & reviews_case
attaches_documents = own_case_staff | is_panel_secretariat | reviews_case_locally
DOCUMENT_KIND_FILERS: dict[str, tuple[rules.Predicate, str]] = {
    "rapid_review_report": (own_case_staff, "the case's own safeguarding partnership"),
    "lcspr_final_report": (
        own_case_staff | reviews_case_locally,
        "the case's own safeguarding partnership and the independent reviewer of its local review",
    ),
    "panel_letter": (is_panel_secretariat, "the Panel secretariat"),
    "other": (
        attaches_documents,
        "the case's own safeguarding partnership, the Panel secretariat and the independent reviewer of its "
        "local review",
    ),
}
rules.add_perm("documents.attach_documents", attaches_documents)
for _kind, (_filers, _) in DOCUMENT_KIND_FILERS.items():
    rules.add_perm(f"documents.attach_{_kind}", _filers)


def may_attach_document(user, notification, kind: str) -> bool:
    """Whether the person may attach a document of this kind (a DocumentKind code) to the case."""
    if kind not in DOCUMENT_KIND_FILERS:
        return False
    if getattr(user, "is_system", False) and not _role(user):
        # A command or job the operator runs (core/actors.system_actor: no role, never signed in)
        # files what the operator chose. An API token's account has a role, and is held to it.
        return True
    return user.has_perm(f"documents.attach_{kind}", notification)


def document_kinds_attached_by(user, notification) -> list[str]:
    """The kinds of document the person may attach to the case: the only ones its page offers them."""
    return [kind for kind in DOCUMENT_KIND_FILERS if may_attach_document(user, notification, kind)]


def document_kind_filers(kind: str) -> str:
    """Who attaches documents of this kind, in words for a refusal ("the Panel secretariat")."""
    return DOCUMENT_KIND_FILERS[kind][1]


# Withdrawing one (attached to the wrong case, say: another child's report) deletes its file for
# everyone: the Panel secretariat, and the manager of the case's own partnership; not its agency
# users, its reviewer, or a partnership the case is only shared with.
rules.add_perm("documents.withdraw_documents", is_panel_secretariat | (is_partnership_manager & owns_case))


def require(user, perm: str, obj=None) -> None:
    """403 for a verb the person's role does not allow (on a record they can see)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


# --- Scope ---------------------------------------------------------------------------------------
# A rule says which rows of a model a person may see: True (all), False (none) or a Q.
type Reach = Q | bool
type Rule = Callable[[type[models.Model], object], Reach]

_RULES: dict[type[models.Model], Rule] = {}


def scoped(rule: Rule):
    """Class decorator for a model whose rows are case data or unpublished learning.

    The model's default manager must offer `visible_to` (a `ScopedQuerySet`).
    """

    def register(model):
        if not hasattr(model._default_manager, "visible_to"):
            raise ImproperlyConfigured(f"{model.__name__} is scoped but its manager has no visible_to")
        _RULES[model] = rule
        return model

    return register


def scoped_models() -> frozenset[type[models.Model]]:
    """Every model registered as scoped: the views' lint checks each of them."""
    return frozenset(_RULES)


def _reach(model: type[models.Model], user) -> Reach:
    try:
        rule = _RULES[model]
    except KeyError:
        raise ImproperlyConfigured(f"{model.__name__} is not scoped") from None
    return rule(model, user)


def visible(queryset: models.QuerySet, user) -> models.QuerySet:
    """`queryset` narrowed to the rows `user` may see."""
    found = _reach(queryset.model, user)
    if found is True:
        return queryset
    if found is False:
        return queryset.none()
    return queryset.filter(found)


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rows this person may see (`cspr.core.access`): the only way views read them."""
        return visible(self, user)


def cases(*, partnership: str, shared_with: str, reviewer: str, national_reviewer: str) -> Rule:
    """The register (the notification): the Panel sees every case; a partnership's staff their
    own and those another partnership shared with them; a reviewer the cases of the open local
    reviews they are assigned to and of the open national reviews they are appointed to
    (`LOCAL_REVIEW_OPEN`, `NATIONAL_REVIEW_OPEN`); analysts and administrators no child-level records.

    The arguments are the notification's lookups: its partnership, the partnerships it is
    shared with, its local review's reviewer and its national reviews' appointed reviewers. Each
    reviewer lookup starts with the notification's relation to the review itself
    (`practice_review__...`, `national_reviews__...`), whose `status` says whether it is open.
    """
    local_open = {_review_status(reviewer): LOCAL_REVIEW_OPEN}
    national_open = {_review_status(national_reviewer): NATIONAL_REVIEW_OPEN}

    def rule(model, user) -> Reach:
        if not signed_in(user):
            return False
        if user.role in PANEL_ROLES:
            return True
        if user.role in PARTNERSHIP_ROLES and user.partnership_id:
            shared = model._default_manager.filter(**{shared_with: user.partnership_id}).values("pk")
            return Q(**{partnership: user.partnership_id}) | Q(pk__in=shared)
        if user.role == Role.REVIEWER:
            # One filter() call: the appointment and the open status are the same national review's.
            nationally = model._default_manager.filter(**{national_reviewer: user}, **national_open).values("pk")
            return Q(**{reviewer: user}, **local_open) | Q(pk__in=nationally)
        return False

    return rule


def _review_status(reviewer: str) -> str:
    """The lookup of the review's status among some states, from a reviewer lookup that starts with
    the relation to the review: "national_reviews__appointments__reviewer" -> "national_reviews__status__in"."""
    return f"{reviewer.split('__', 1)[0]}__status__in"


def through(*fields: str) -> Rule:
    """Visible when the row that any of `fields` (foreign keys to scoped models) points at is visible."""

    def rule(model, user) -> Reach:
        found = []
        for name in fields:
            field = model._meta.get_field(name)
            parent = _reach(field.related_model, user)
            if parent is True and not field.null:
                return True
            if parent is True:
                found.append(Q(**{f"{name}__isnull": False}))
            elif parent is not False:
                found.append(Q(**{f"{name}__in": field.related_model._default_manager.filter(parent).values("pk")}))
        return reduce(operator.or_, found) if found else False

    return rule


def both(first: Rule, second: Rule) -> Rule:
    """Visible only when both rules let the person see the row."""

    def rule(model, user) -> Reach:
        a = first(model, user)
        if a is False:
            return False
        b = second(model, user)
        if b is False:
            return False
        if a is True:
            return b
        return a if b is True else a & b

    return rule


def panel_only(model, user) -> Reach:
    """The Panel's own work (national reviews): Panel roles see all of it, nobody else any."""
    return signed_in(user) and user.role in PANEL_ROLES


def national_reviews(*, cases: str, reviewer: str) -> Rule:
    """The Panel's national reviews: Panel roles see all of them; a partnership's staff those that
    gather a case they can see (the page then lists only those cases: a review may gather cases
    from many partnerships, and none sees another's); an independent reviewer the open ones they
    are appointed to (`NATIONAL_REVIEW_OPEN`), as they see its cases; nobody else any.

    `cases` is the review's many-to-many to the notification (itself scoped), `reviewer` the
    lookup of an appointed reviewer. Subqueries on the review's own key, so a review that gathers
    two of a partnership's cases is one row, not two.
    """

    def rule(model, user) -> Reach:
        if not signed_in(user):
            return False
        if user.role in PANEL_ROLES:
            return True
        if user.role in PARTNERSHIP_ROLES and user.partnership_id:
            notification = model._meta.get_field(cases).related_model
            seen = visible(notification._default_manager.all(), user).values("pk")
            return Q(pk__in=model._default_manager.filter(**{f"{cases}__in": seen}).values("pk"))
        if user.role == Role.REVIEWER:
            appointed = model._default_manager.filter(**{reviewer: user}, status__in=NATIONAL_REVIEW_OPEN)
            return Q(pk__in=appointed.values("pk"))
        return False

    return rule


def addressed_to(recipient: str) -> Rule:
    """What was sent to a person (a reminder) is theirs alone."""

    def rule(model, user) -> Reach:
        return Q(**{recipient: user}) if signed_in(user) else False

    return rule


def learning(*, published: str, partnership: str, case: str, case_partnership: str) -> Rule:
    """The learning repository: published learning for everyone signed in (and for the public,
    when the operator turns public access on); learning a partnership shared with the Panel but
    did not publish for the Panel, analysts and that partnership's own staff.

    Unpublished learning from a case in the register is the case's partnership's, whatever the
    review's own partnership says: a mistaken import must not show it to another partnership.
    """

    def rule(model, user) -> Reach:
        public = Q(**{published: True})
        if not signed_in(user):
            return public
        if user.role in PANEL_ROLES or user.role == Role.ANALYST:
            return True
        if user.partnership_id:
            pid = user.partnership_id
            own = Q(**{partnership: pid, f"{case}__isnull": True}) | Q(**{case_partnership: pid})
            return public | own
        return public

    return rule


def briefings(*, partnership: str) -> Rule:
    """The Panel and analysts see every briefing; a partnership manager the national and agency
    briefings (no partnership) and their own partnership's; others none."""

    def rule(model, user) -> Reach:
        if not signed_in(user):
            return False
        if user.role in PANEL_ROLES or user.role == Role.ANALYST:
            return True
        if user.role == Role.PARTNERSHIP_MANAGER and user.partnership_id:
            return Q(**{f"{partnership}__isnull": True}) | Q(**{partnership: user.partnership_id})
        return False

    return rule


def partnership_follow_up(*, partnership: str) -> Rule:
    """What partnerships did about recommendations (actions and their impact): the Panel and
    analysts see every partnership's progress (`sees_every_partnership`); a partnership's staff
    only their own; others none."""

    def rule(model, user) -> Reach:
        if not signed_in(user):
            return False
        if sees_every_partnership(user):
            return True
        if user.role in PARTNERSHIP_ROLES and user.partnership_id:
            return Q(**{partnership: user.partnership_id})
        return False

    return rule


# Recording what a partnership did about a recommendation, and its impact: that partnership's staff.
# Reading it: the Panel and analysts (everyone's), partnership staff (their own, by the scope above).
rules.add_perm("learning.record_follow_up", is_partnership_staff & for_own_partnership)
rules.add_perm("learning.view_follow_up", sees_every_partnership | is_partnership_staff)


@rules.predicate
def owns_local_review(user, review) -> bool:
    """A review of the person's own partnership that is not a national one (those are the Panel's).

    A review from a case in the register is the case's partnership's, as its scope says
    (`learning` above): a case the Panel moved takes its review with it."""
    if review is None or not getattr(user, "partnership_id", None) or review.review_type == "national_review":
        return False
    owner = review.notification.partnership_id if review.notification_id else review.partnership_id
    return owner == user.partnership_id


# Recording a review's recommendations as its report makes them (the words, to whom, the status),
# so that partnerships can record their actions against them: the manager of the partnership that
# made a local review, and the Panel secretariat for any review (national reviews, legacy serious
# case reviews). The object is the review, read through its scope first (out of scope: 404).
rules.add_perm("learning.record_recommendations", is_panel_secretariat | (is_partnership_manager & owns_local_review))
