"""Synthetic words for the demo's sent rapid reviews, so that opening one shows a rapid review.

`cspr synth` makes the register through the data standard, which carries a rapid
review's dates, themes and recommendation but not its narrative. The demo writes a
short narrative for each sent review from what the record already says (the incident's
category, the children's ages, the themes, the recommendation), through
`rapid_reviews_record_narratives`, so the words never contradict the record. Every
sentence is invented and says so: no real child, family or agency is described.
"""

import random

from cspr.cases.forms import labels
from cspr.domain.text import mid_sentence
from cspr.domain.workflow import RAPID_REVIEW_EDITABLE
from cspr.reviews import actions
from cspr.reviews.models import RapidReview

# Who works with a child depends on the child's age: a health visitor until five (a midwife around a
# birth), a nursery or early years setting from two, school from five, college from sixteen ("school or
# education" is the form's one choice for all three); a care leaver's leaving care team is children's social care.
ALWAYS = ("childrens_social_care", "police")
BY_AGE = (
    # (youngest age, oldest age, agencies)
    (0, 1, ("health_visiting_midwifery", "gp")),
    (2, 4, ("health_visiting_midwifery", "school_education", "gp")),
    (5, 15, ("school_education", "gp")),
    (16, 17, ("school_education", "health_icb")),
    (18, 24, ("health_icb",)),
)
AGE_NOT_KNOWN = ("gp", "health_icb")
# Agencies that work with a family whatever the child's age (a parent's probation officer, the housing
# service); one of them, or none, is added to each case for variety.
ANY_AGE = ("hospital", "housing", "probation")
IMMEDIATE = (
    "A strategy discussion was held within a working day and the child's siblings were seen and made safe.",
    "Children's social care and the police agreed a safety plan with the wider family the same day.",
    "Agencies shared what they knew at a multi-agency meeting; no other child in the household was at risk.",
)
LEARNING = (
    "Information held by one agency about {theme} did not reach the others in time to change the plan.",
    "Practitioners saw the family often, but no one brought together what each knew about {theme}.",
    "Professional curiosity about {theme} was limited: the adults' accounts were accepted without challenge.",
)


def _ages(notification) -> str:
    ages = [labels.age_words(child.age_years) for child in notification.children.all()]
    words = [("a child under 1" if age == "Under 1" else f"a child aged {age}") for age in ages if age != "Not known"]
    return " and ".join(words) or "a child"


def agencies_for(ages: list[int | None], rng: random.Random) -> list[str]:
    """Agencies that fit the children's ages (every child's), in the form's order."""
    chosen = set(ALWAYS)
    for age in ages:
        if age is None:
            chosen.update(AGE_NOT_KNOWN)
        else:
            chosen.update(next(agencies for low, high, agencies in BY_AGE if low <= age <= high))
    if not ages:
        chosen.update(AGE_NOT_KNOWN)
    extra = rng.choice((*ANY_AGE, None))
    if extra:
        chosen.add(extra)
    return [code for code in labels.AGENCIES if code in chosen]


def narrative(review: RapidReview) -> dict:
    """The narrative of one sent rapid review, made from its own record (the same words each time)."""
    n = review.notification
    rng = random.Random(f"cspr-demo-narrative:{n.ref}")
    themes = [mid_sentence(theme.label) for theme in review.themes.all()] or ["the family's circumstances"]
    category = mid_sentence(labels.category_words(n.death_category or n.harm_category))
    recommended = {
        "yes": "The partners decided that a local child safeguarding practice review is appropriate: "
        "the case may show improvements needed in how agencies work together.",
        "no": "The partners decided that a local review is not appropriate: the learning is already "
        "understood and is being acted on through the partnership's own plan.",
    }.get(review.lcspr_recommended, "The partners have not yet decided whether a local review is appropriate.")
    return {
        "facts": f"Synthetic demo case. {_ages(n).capitalize()} came to the attention of agencies after an "
        f"incident recorded as {category}. The local authority became aware on {n.aware_date:%d %B %Y}. "
        f"The rapid review gathered what each agency knew, in particular about {', '.join(themes)}.",
        "agencies_involved": agencies_for([child.age_years for child in n.children.all()], rng),
        "immediate_actions": rng.choice(IMMEDIATE),
        "learning": rng.choice(LEARNING).format(theme=themes[0]),
        "decision_reasons": recommended,
    }


def record_demo_narratives(*, actor) -> int:
    """Give every sent rapid review with an empty narrative its synthetic words; how many were written."""
    empty = (
        RapidReview.objects.filter(facts="")
        .exclude(status__in=RAPID_REVIEW_EDITABLE)
        .select_related("notification")
        .prefetch_related("themes", "notification__children")
    )
    written = 0
    batch: dict[int, dict] = {}
    for review in list(empty):  # read first: the action writes these rows
        batch[review.pk] = narrative(review)
        if len(batch) == 500:
            written += actions.rapid_reviews_record_narratives(actor=actor, narratives=batch, reason=REASON)
            batch = {}
    if batch:
        written += actions.rapid_reviews_record_narratives(actor=actor, narratives=batch, reason=REASON)
    return written


REASON = "cspr demo: synthetic words for a synthetic rapid review sent before the demo began"
