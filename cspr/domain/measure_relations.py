"""The sums between the catalogue's measures that a reader of a report can use.

Disclosure control (cspr/domain/disclosure.py) protects a small count only if it knows every
way a reader could work it out: each breakdown adds up to its population, and beyond those the
identities here. Kept apart from the catalogue (measures.py), which says what each measure
counts; this says how published counts hang together, including through counts never published
(the age bands DfE's and the Panel's bands have in common).
"""

from dataclasses import dataclass

from cspr.domain import codes, workflow
from cspr.domain.measures import (
    ALWAYS,
    BREAKDOWNS,
    CHILD_NUMBER,
    DFE_AGE,
    MEASURES,
    PANEL_AGE,
    AtLeast,
    Between,
    Condition,
    Dimension,
    Eq,
    Missing,
    Period,
    Quantity,
    both,
    measure_quantity,
    quantity,
    yes,
)


def _serious_incident_parts() -> tuple[Condition, ...]:
    """The serious incident population in disjoint pieces, each one a published count: a kind
    that always needs a rapid review (`notifications_received.kind.<kind>`), or a kind and one
    abuse-or-neglect value (`looked_after_deaths.abuse_neglect_suspected.<value>`)."""
    parts: list[Condition] = []
    for kind, values in workflow.NEEDING_RAPID_REVIEW:
        if len(values) == len(codes.FLAG_VALUES):
            parts.append(Eq("notification_kind", kind))
        else:
            parts.extend(both(Eq("notification_kind", kind), Eq("abuse_neglect_suspected", v)) for v in values)
    return tuple(parts)


def _common_ages(*dimensions: Dimension) -> tuple[Between, ...]:
    """The finest bands that each of `dimensions`' bands is a sum of: ages cut wherever one cuts."""
    bands = [c.condition for d in dimensions for c in d.categories if isinstance(c.condition, Between)]
    cuts = sorted({band.low for band in bands} | {band.high + 1 for band in bands})
    return tuple(
        Between("age_years", low, end - 1)
        for low, end in zip(cuts, cuts[1:])
        if any(band.low <= low and end - 1 <= band.high for band in bands)
    )


# Never published: what DfE's bands and the Panel's have in common (catalogue_relations).
COMMON_AGES = _common_ages(PANEL_AGE, DFE_AGE)


def _finer_ages(band: Condition) -> tuple[Between, ...]:
    """The common bands inside an age band; none for "not known" (the same category in both)."""
    if not isinstance(band, Between):
        return ()
    return tuple(fine for fine in COMMON_AGES if band.low <= fine.low and fine.high <= band.high)


# Never published: a notification's children after its first. Every notification concerns at
# least one child (the standard refuses one without), so a count of children is the count of
# their notifications plus these (catalogue_relations).
LATER_CHILD = AtLeast(CHILD_NUMBER, 2)
# Children counted beside their notifications on the same condition on the notification:
# (children's population, notifications' population, the condition).
CHILDREN_OF_NOTIFICATIONS = (
    ("children", "notifications", ALWAYS),
    ("children", "notifications", yes("domestic_abuse")),
    ("care_leaver_deaths", "notifications_received", Eq("notification_kind", "care_leaver_death")),
)


@dataclass(frozen=True)
class Relation:
    """`total` equals the sum of `parts`: a sum a reader of the report can use."""

    total: Quantity
    parts: tuple[Quantity, ...]


def partition(population: str, dimension: Dimension, period: Period, within: Condition = ALWAYS) -> Relation:
    """An exhaustive dimension's categories add up to their population."""
    if not dimension.exhaustive:
        raise ValueError(f"{dimension.id} is not exhaustive")
    total = quantity(population, within, period)
    return Relation(total, tuple(quantity(population, both(within, c.condition), period) for c in dimension.categories))


def catalogue_relations(period: Period) -> list[Relation]:
    """The sums between the catalogue's own measures, beyond each breakdown's."""
    q = lambda measure_id: measure_quantity(MEASURES[measure_id], period)  # noqa: E731
    # Every exhaustive breakdown in the catalogue (measures.BREAKDOWNS): its categories add up to
    # its population. A list typed out here once missed the home-educated children's outcomes, and
    # "other" was worked out from the total less "died" and "seriously harmed".
    relations = [partition(pop, dim, period) for pop, dim in BREAKDOWNS if dim.exhaustive]
    # The serious incidents are published in pieces among the other kinds of notification
    # (serious incidents, looked-after deaths with abuse or neglect suspected or not known), so a
    # reader can take them from notifications.total: "no" would give "unknown" back.
    relations.append(
        Relation(
            quantity("notifications", ALWAYS, period),
            tuple(quantity("notifications_received", part, period) for part in _serious_incident_parts()),
        )
    )
    # Every serious incident needs a rapid review (workflow.NEEDING_RAPID_REVIEW is the population),
    # so the rapid reviews received are the notifications less those whose review is not yet in:
    # with none outstanding, a reader takes a hidden total straight from them. That remainder is
    # never published; like the common age bands it is a count disclosure control protects.
    relations.append(
        Relation(
            q("notifications.total"),
            (q("rapid_reviews.total"), quantity("notifications", Missing("rr_submitted_date"), period)),
        )
    )
    # A notification concerns one child or more, so its children are at least as many: "children 6"
    # beside a hidden notifications total of at least 6 (its hidden types each at least 1) gives the
    # total and the hidden types back. The children beyond each notification's first make it a sum.
    relations += [
        Relation(
            quantity(children, condition, period),
            (quantity(notifications, condition, period), quantity(children, both(condition, LATER_CHILD), period)),
        )
        for children, notifications, condition in CHILDREN_OF_NOTIFICATIONS
    ]
    # DfE's age bands and the Panel's overlap: one from the other gives single years ("1 to 5"
    # less "1 to 4" is age 5). Both are sums of their common finer bands, never published
    # themselves, so disclosure control protects a small one like any other count.
    for dimension in (PANEL_AGE, DFE_AGE):
        relations += [
            Relation(quantity("children", category.condition, period), parts)
            for category in dimension.categories
            if len(parts := tuple(quantity("children", fine, period) for fine in _finer_ages(category.condition))) > 1
        ]
    relations += [
        Relation(q("notifications.non_fatal"), (q("notifications.type.serious_harm"), q("notifications.type.other"))),
        # Only serious harm can be a near miss (a database constraint): two ids, one number.
        Relation(q("notifications.characteristic.near_miss"), (q("serious_harm.near_miss"),)),
        Relation(
            q("notifications.characteristic.neglect_feature"),
            (q("deaths.characteristic.neglect_feature"), q("non_fatal.characteristic.neglect_feature")),
        ),
    ]
    return relations
