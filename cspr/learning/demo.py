"""A synthetic learning repository for `cspr demo`: reviews made from the team's own passages.

Every review here is invented. Its text is assembled from the labelled passages
the team wrote (cspr/learning/data/passages.jsonl), so its coding is the union
of what those passages are labelled with, and its recommendations come from a
short bank written for the demo. Nothing is copied from a real review and no
real child appears. A third of the reviews are left uncoded, so that the
coding page has suggestions to decide.

Some reviews are linked to notifications in the demo register whose local
review was published, so the path from notification to published learning can
be followed end to end. Those take their passages from the characteristics the
notification records.
"""

import hashlib
import json
import random
from datetime import date, timedelta

from cspr.cases.models import Notification
from cspr.core.models import Partnership
from cspr.domain import codes
from cspr.domain.text import normalise
from cspr.domain.themes import CHARACTERISTIC_CODES
from cspr.learning import actions
from cspr.learning.extract import ExtractedDocument
from cspr.learning.ingest import IngestItem, parse_metadata
from cspr.learning.similar import age_band as child_age_band
from cspr.learning.suggest import PASSAGES_PATH

CHARACTERISTICS_BY_CATEGORY = {
    "sudi": ("death", ["sudi"], "under_1", "sudi_unsafe_sleep"),
    "suicide": ("death", ["suicide"], "15_to_17", "suicide_self_harm"),
    "maltreatment_in_family": ("death", ["maltreatment_in_family"], "under_1", "non_accidental_injury"),
    "physical_abuse": ("serious_harm", ["physical_abuse"], "under_1", "non_accidental_injury"),
    "neglect": ("serious_harm", ["neglect"], "1_to_4", "neglect"),
    "sexual_abuse_in_family": ("serious_harm", ["sexual_abuse_in_family"], "10_to_14", "sexual_abuse"),
    "criminal_exploitation": ("serious_harm", ["criminal_exploitation"], "15_to_17", "criminal_exploitation"),
    "extra_familial_homicide": ("death", ["extra_familial_homicide"], "15_to_17", "criminal_exploitation"),
}
FLAG_CHARACTERISTICS = {
    "domestic_abuse": "domestic_abuse",
    "maternal_mental_ill_health": "parental_mental_ill_health",
    "parental_alcohol_misuse": "parental_substance_misuse",
    "parental_drug_misuse": "parental_substance_misuse",
    "neglect_feature": "neglect",
}
RECOMMENDATIONS = {
    "domestic_abuse": (
        "Seek assurance that practitioners routinely ask about domestic abuse when a new partner joins a household."
    ),
    "parental_mental_ill_health": (
        "Adult mental health services should consider the children in the household at every assessment and discharge."
    ),
    "parental_substance_misuse": (
        "Substance misuse services should share with health visitors when a parent in treatment has a baby."
    ),
    "neglect": "Embed a shared neglect assessment tool across agencies and audit its use within twelve months.",
    "sudi_unsafe_sleep": (
        "Repeat safer sleep conversations whenever a family's circumstances change, not only at the new birth visit."
    ),
    "criminal_exploitation": (
        "Agree a multi-agency response to children who repeatedly go missing and may be criminally exploited."
    ),
    "sexual_abuse": (
        "Train practitioners to recognise and respond to the indicators of intra-familial child sexual abuse."
    ),
    "suicide_self_harm": (
        "Make sure that a young person's repeated self-harm triggers a review of their safety plan by every "
        "agency involved."
    ),
    "non_accidental_injury": (
        "Follow the bruising protocol for non-mobile babies in every setting, including emergency departments."
    ),
    "home_education": (
        "Check that children known to children's social care are seen when they are withdrawn to be educated at home."
    ),
    "looked_after": (
        "Review how placement moves are planned so that a looked after child's school and health support move"
        " with them."
    ),
    "including_men": "Make fathers and male carers part of every assessment, and record when they have not been seen.",
    "information_sharing": (
        "Clarify with all agencies that safeguarding concerns must be shared without waiting for consent."
    ),
    "critical_thinking": "Promote professional curiosity in supervision, testing the explanations parents give.",
    "changing_risk": "Reassess risk whenever a household changes, rather than relying on an earlier assessment.",
    "written_agreements": "Stop using written agreements as a safety plan; make plans that name who will do what.",
    "professional_disputes": "Relaunch the escalation policy and report its use to the partnership each quarter.",
    "leadership_culture": "Leaders should make sure caseloads and supervision allow practitioners time to think.",
    "reluctant_engagement": (
        "Treat a family's repeated missed appointments as a safeguarding concern, not only as disengagement."
    ),
    "daily_life": "Record what a day in the child's life is like, in the child's own words wherever possible.",
}
NATIONAL_TOPICS = {
    "sudi_unsafe_sleep": "sudden unexpected infant deaths",
    "suicide_self_harm": "adolescents who take their own lives",
    "non_accidental_injury": "non-accidental injury to babies",
    "neglect": "chronic neglect",
    "sexual_abuse": "child sexual abuse in the family",
    "criminal_exploitation": "child criminal exploitation",
}
OWNERS = (
    "Children's social care",
    "Police",
    "Integrated care board",
    "The partnership",
    "Education",
    "Health visiting",
)
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def passages() -> list[dict]:
    return [json.loads(line) for line in PASSAGES_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


def _document(name: str, text: str) -> ExtractedDocument:
    text = normalise(text)
    data = text.encode()
    return ExtractedDocument(name, "text", hashlib.sha256(data).hexdigest(), len(data), None, text, "cspr demo")


def review_metadata(
    rng: random.Random, number: int, pool: list[dict], *, notification=None, partnership=None, year: int, today: date
) -> tuple[dict, str]:
    """One synthetic review's metadata (the standard's metadata JSON) and its document text."""
    if notification is not None:
        category = notification.death_category or notification.harm_category
        anchor = CHARACTERISTICS_BY_CATEGORY.get(category, (None, None, None, "neglect"))[3]
        incident_type, categories = notification.incident_type, [category]
        age_band = child_age_band([child.age_years for child in notification.children.all()])
        published = notification.practice_review.published_date or today
        year = published.year
        wanted = {anchor} | {c for flag, c in FLAG_CHARACTERISTICS.items() if getattr(notification, flag) == "yes"}
        review_type = "lcspr"
    else:
        category = rng.choice(sorted(CHARACTERISTICS_BY_CATEGORY))
        incident_type, categories, age_band, anchor = CHARACTERISTICS_BY_CATEGORY[category]
        wanted = {anchor}
        review_type = rng.choices(["lcspr", "scr", "rapid_review_summary", "national_review"], [50, 25, 20, 5])[0]
        if review_type == "scr":
            year = min(year, 2019)
        elif review_type == "lcspr":
            year = max(year, 2020)
    chosen = [p for p in pool if wanted & set(p["labels"])]
    rng.shuffle(chosen)
    picked = chosen[: rng.randint(3, 5)]
    others = [p for p in pool if p not in picked]
    picked += rng.sample(others, rng.randint(1, 3))
    labels = sorted({label for p in picked for label in p["labels"]})
    letter = LETTERS[number % len(LETTERS)] + (str(number // len(LETTERS)) if number >= len(LETTERS) else "")
    who = "Baby" if age_band == "under_1" else "Child"
    titles = {
        "lcspr": f"{who} {letter}: local child safeguarding practice review",
        "scr": f"Serious case review: {who} {letter}",
        "rapid_review_summary": f"Rapid review learning summary: {who} {letter}",
        "national_review": f"National review {letter}: learning about {NATIONAL_TOPICS[anchor]}",
    }
    if notification is not None:
        published_on = published
    else:
        published_on = min(date(year, rng.randint(1, 12), rng.randint(1, 28)), today)
    recommendation_codes = [code for code in labels if code in RECOMMENDATIONS]
    rng.shuffle(recommendation_codes)
    recommendations = [
        {
            "text": RECOMMENDATIONS[code],
            "owner_agency": rng.choice(OWNERS),
            "due_date": (published_on + timedelta(days=rng.choice((90, 180, 365)))).isoformat(),
            "status": rng.choice(("open", "in_progress", "completed", "completed", "not_known")),
        }
        for code in recommendation_codes[: rng.randint(2, 5)]
    ]
    coded = rng.random() < 2 / 3
    meta = {
        "title": titles[review_type],
        "review_type": review_type,
        "year": published_on.year,
        "publication_date": published_on.isoformat(),
        "child_age_band": age_band,
        "incident_type": incident_type,
        "incident_categories": categories,
        "learning_summary": "\n\n".join(p["text"] for p in picked[:2]),
        "recommendations": recommendations,
        "themes": [code for code in labels if code in codes.THEME_CODES] if coded else [],
        "characteristics": [code for code in labels if code in CHARACTERISTIC_CODES] if coded else [],
    }
    if review_type == "national_review":
        meta["area_name"] = "England"
    elif partnership is not None:
        meta["partnership"] = partnership
    if notification is not None:
        meta["notification_ref"] = notification.ref
    text = "\n\n".join(
        [f"{titles[review_type]} (a synthetic review made for the cspr demo)"] + [p["text"] for p in picked]
    )
    return meta, text


def load_demo_repository(*, actor, seed: int = 2026, count: int = 60, today: date | None = None) -> int:
    """Add `count` synthetic reviews (plus one per published local review in the register), all or nothing."""
    today = today or date.today()
    rng = random.Random(seed)
    pool = passages()
    partnerships = list(
        Partnership.objects.filter(local_authorities__isnull=False)
        .distinct()
        .order_by("code")
        .values_list("code", flat=True)
    )
    linked = list(Notification.objects.filter(practice_review__status="published").order_by("ref")[:8])
    items = []
    for number in range(count + len(linked)):
        notification = linked[number - count] if number >= count else None
        meta, text = review_metadata(
            rng,
            number,
            pool,
            notification=notification,
            partnership=notification.partnership_id if notification else rng.choice(partnerships),
            year=rng.randint(2015, today.year),
            today=today,
        )
        metadata, problems = parse_metadata(meta, f"demo review {number + 1}")
        if problems:
            raise ValueError("; ".join(problems))
        items.append(IngestItem(metadata, _document(f"demo-review-{number + 1:03d}.txt", text), meta["title"]))
    return len(actions.reviews_import(actor=actor, items=items))
