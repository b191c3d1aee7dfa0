"""A synthetic learning repository for `cspr demo`: reviews made from the team's own passages.

Every review here is invented. Its text is assembled from the labelled passages
the team wrote (cspr/learning/data/passages.jsonl), so its coding is the union
of what those passages are labelled with, and its recommendations come from a
short bank written for the demo. Nothing is copied from a real review and no
real child appears. A third of the reviews are left uncoded, so that the
coding page has suggestions to decide.

Each review is about one invented child (an age band, a gender, what happened): it takes only
the passages whose words fit that child, and renames the children they name to its own. Its
type, date and publisher fit together (an SCR by a board before the 2019 transition, later
reviews by a partnership), and each recommendation goes to an agency that could own it.

Some reviews are linked to notifications in the demo register whose local
review was published, so the path from notification to published learning can
be followed end to end. Those take their passages from the characteristics the
notification records.
"""

import hashlib
import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django.utils import timezone

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
# Who could own each recommendation: the agency the recommendation speaks to, or the partnership
# when it asks for something across agencies. "ICB" stands for the health commissioner, named
# for the review's date (see owner_name).
ICB = "Integrated care board"
RECOMMENDATION_OWNERS = {
    "domestic_abuse": ("Children's social care", "Police", "The partnership"),
    "parental_mental_ill_health": ("Adult mental health services", ICB),
    "parental_substance_misuse": ("Substance misuse services", "Public health"),
    "neglect": ("The partnership", "Children's social care"),
    "sudi_unsafe_sleep": ("Health visiting", "Midwifery", ICB),
    "criminal_exploitation": ("Police", "Children's social care", "Youth justice service"),
    "sexual_abuse": ("The partnership", "Children's social care"),
    "suicide_self_harm": ("Child and adolescent mental health services", ICB, "The partnership"),
    "non_accidental_injury": (ICB, "Health visiting", "Hospital trust"),
    "home_education": ("Education", "Children's social care"),
    "looked_after": ("Children's social care", "Virtual school"),
    "including_men": ("Children's social care", "Health visiting", "The partnership"),
    "information_sharing": ("The partnership",),
    "critical_thinking": ("Children's social care", "The partnership"),
    "changing_risk": ("Children's social care", "The partnership"),
    "written_agreements": ("Children's social care",),
    "professional_disputes": ("The partnership",),
    "leadership_culture": ("Children's social care", "The partnership"),
    "reluctant_engagement": ("Health visiting", "Children's social care", ICB),
    "daily_life": ("Children's social care", "Education"),
}
# A national review's recommendations go to government: health ones to DHSC, policing ones to the
# Home Office, the rest to the DfE (which leads on children's safeguarding).
NATIONAL_OWNERS = {
    **{code: ("Department for Education",) for code in RECOMMENDATION_OWNERS},
    **{
        code: ("Department of Health and Social Care",)
        for code in ("parental_mental_ill_health", "parental_substance_misuse", "sudi_unsafe_sleep",
                     "suicide_self_harm", "non_accidental_injury")
    },
    **{code: ("Home Office",) for code in ("domestic_abuse", "criminal_exploitation")},
}  # fmt: skip
ICBS_BEGAN = date(2022, 7, 1)  # clinical commissioning groups before (Health and Care Act 2022)

# Which reviews could be published when, and by whom. Local Safeguarding Children Boards ran serious
# case reviews until the transition to safeguarding partnerships ended on 29 September 2019; rapid
# reviews and LCSPRs belong to the partnerships after it; the Panel (from 2018) published its first
# national reviews in 2020. A review's date is drawn inside its type's window.
LSCBS_ENDED = date(2019, 9, 28)
REVIEW_TYPES = {  # type: (publisher, first date, last date or None for today)
    "scr": ("lscb", date(2015, 1, 1), LSCBS_ENDED),
    "rapid_review_summary": ("partnership", LSCBS_ENDED + timedelta(days=1), None),
    "lcspr": ("partnership", date(2020, 1, 1), None),
    "national_review": ("panel", date(2020, 1, 1), None),
}
REVIEW_TYPE_WEIGHTS = {"lcspr": 50, "scr": 25, "rapid_review_summary": 20, "national_review": 5}

# What a passage says about the child it describes, read from its words so that a review takes
# passages about one child only: one age band, one gender, and no death in a serious-harm case.
# The reading is cautious: any gendered word and any age counts, even a parent's, so a passage is
# left out whenever it might describe another child.
_WORDS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen"
_NUMBERS = {word: number for number, word in enumerate(_WORDS.split() + ["eighteen", "nineteen"], start=1)}
_N = r"(\d{1,2}|" + "|".join(_NUMBERS) + r")"
_UNIT = r"(day|week|month|year)s?"
AGE_WORDS = re.compile(
    rf"\b{_N}[- ]{_UNIT}[- ]old\b"
    rf"|\b(?:aged|age of|ages of|at|was|turned) {_N}(?: (?:and|or|to) {_N})?(?: {_UNIT})?(?=[\s,.;)]|$)"
    r"(?! (?:days?|weeks?|months?|years?|times|hours?|minutes?)\b)",
    re.IGNORECASE,
)
AGE_HINTS = (  # words that place a child in some bands only
    (r"bab(?:y|ies)|infants?|new-?born|non-mobile|unborn|pre-birth|moses basket", {"under_1"}),
    (r"toddlers?", {"1_to_4"}),
    (r"nursery|pre-?school", {"under_1", "1_to_4"}),
    (r"primary school", {"5_to_9", "10_to_14"}),
    (r"secondary school|GCSEs?|year (?:seven|eight|nine|ten|eleven|[7-9]|1[01])", {"10_to_14", "15_to_17"}),
    (r"sixth form|college", {"15_to_17"}),
    (r"teen\w*|adolescen\w*|young (?:person|people)|youth", {"10_to_14", "15_to_17"}),
    (r"(?<!pre-)(?<!nursery )schools?|teachers?|pupils?|classroom", {"5_to_9", "10_to_14", "15_to_17"}),
    (r"exploit\w*|groom\w*|gangs?|county lines", {"10_to_14", "15_to_17"}),
)
AGE_HINT_PATTERNS = tuple((re.compile(rf"\b(?:{words})\b", re.IGNORECASE), frozenset(b)) for words, b in AGE_HINTS)
GENDER_WORDS = {
    "male": re.compile(r"\b(?:he|him|his|himself|boys?|sons?)\b", re.IGNORECASE),
    "female": re.compile(r"\b(?:she|her|hers|herself|girls?|daughters?)\b", re.IGNORECASE),
}
DEATH_WORDS = re.compile(r"\b(?:died|dies|dead|deaths?|killed|fatal\w*|post-mortem|murder\w*|own life|inquest)\b", re.I)
# The children the passages name; each is renamed to the review's own child.
CHILD_NAMES = re.compile(
    r"\b(?:Baby|Child) [A-Z]\d*\b|\b(?:Aimee|Aisha|Alex|Amir|Ben|Chloe|Ella|Ellis|Hana|Jade|Jamie|Jay|Jess|Jordan"
    r"|Kai|Kayla|Leon|Lily|Lucy|Marcus|Mia|Ruby|Sam|Sara|Sophie|Tia|Ty)\b"
)
CHILD_BANDS = ("under_1", "1_to_4", "5_to_9", "10_to_14", "15_to_17", "18_to_24")
# What a child was harmed by, as passages are labelled: a review keeps to its own.
INCIDENT_KINDS = {row[3] for row in CHARACTERISTICS_BY_CATEGORY.values()} - {"neglect"}  # neglect goes with any
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class ChildProfile:
    """The one child a synthetic review is about."""

    age_band: str  # a band of CHILD_BANDS, or another AgeBand (then passages must not give an age)
    gender: str  # "male", "female" or "" (then passages must not say)
    incident_type: str
    incident_kinds: frozenset[str]  # the INCIDENT_KINDS the review is about


@dataclass(frozen=True)
class PassageProfile:
    """What a passage's words say of a child: the bands each age it gives allows, its genders, a death."""

    age_bands: tuple[frozenset[str], ...]
    genders: frozenset[str]
    death: bool
    names: frozenset[str]


def _band(years: float) -> str:
    for band, limit in zip(CHILD_BANDS, (1, 5, 10, 15, 18, 25)):
        if years < limit:
            return band
    return "adult"


# Cached: each of the 160 demo reviews tests every passage of the pool against its child, and a
# profile is a dozen regular-expression searches (unmemoised, 290,000 profiles, most of a minute).
@cache
def passage_profile(text: str) -> PassageProfile:
    ages = []
    for match in AGE_WORDS.finditer(text):
        first, unit, low, high, range_unit = match.groups()
        numbers = [first] if first else [n for n in (low, high) if n]
        values = [int(n) if n.isdigit() else _NUMBERS[n.lower()] for n in numbers]
        per_year = {"day": 365, "week": 52, "month": 12, "year": 1}[(unit or range_unit or "year").lower()]
        ages.append(frozenset(_band(v / per_year) for v in range(min(values), max(values) + 1)))
    ages += [bands for pattern, bands in AGE_HINT_PATTERNS if pattern.search(text)]
    return PassageProfile(
        age_bands=tuple(ages),
        genders=frozenset(g for g, pattern in GENDER_WORDS.items() if pattern.search(text)),
        death=bool(DEATH_WORDS.search(text)),
        names=frozenset(CHILD_NAMES.findall(text)),
    )


def fits(passage: PassageProfile, child: ChildProfile) -> bool:
    """Whether a passage can describe `child`: every age it gives, its gender and its outcome agree."""
    return (
        all(child.age_band in bands for bands in passage.age_bands)
        and passage.genders <= {child.gender}
        and not (passage.death and child.incident_type != "death")
        and len(passage.names) <= 1
    )


def owner_name(owner: str, on: date) -> str:
    return "Clinical commissioning group" if owner == ICB and on < ICBS_BEGAN else owner


def allowed_owners(code: str, review_type: str, published_on: date) -> tuple[str, ...]:
    """The agencies that could own a recommendation on `code` in a review of this type and date."""
    owners = NATIONAL_OWNERS if review_type == "national_review" else RECOMMENDATION_OWNERS
    return tuple(owner_name(owner, published_on) for owner in owners[code])


def publisher_kind(name: str) -> str:
    """ "lscb", "partnership" or "" (unclear) from the name a publication shows (its trailing note dropped)."""
    shown = re.sub(r"\s*\([^()]*\)$", "", name)
    board, partnership = "Safeguarding Children Board" in shown, "Partnership" in shown
    return "lscb" if board and not partnership else "partnership" if partnership and not board else ""


@dataclass(frozen=True)
class Publisher:
    code: str
    kind: str
    valid_from: date | None
    valid_to: date | None

    def publishes(self, kind: str, on: date) -> bool:
        return self.kind == kind and (self.valid_from or on) <= on <= (self.valid_to or on)


def publishers() -> list[Publisher]:
    rows = (
        Partnership.objects.filter(local_authorities__isnull=False)
        .distinct()
        .order_by("code")
        .values_list("code", "name", "valid_from", "valid_to")
    )
    return [Publisher(code, publisher_kind(name), start, end) for code, name, start, end in rows]


def passages() -> list[dict]:
    return [json.loads(line) for line in PASSAGES_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


def _document(name: str, text: str) -> ExtractedDocument:
    text = normalise(text)
    data = text.encode()
    return ExtractedDocument(name, "text", hashlib.sha256(data).hexdigest(), len(data), None, text, "cspr demo")


def _linked_profile(notification) -> tuple[ChildProfile, list[str], set[str]]:
    """The child of a register notification whose local review was published, as the register records it."""
    category = notification.death_category or notification.harm_category
    anchor = CHARACTERISTICS_BY_CATEGORY.get(category, (None, None, None, "neglect"))[3]
    children = list(notification.children.all())
    genders = {child.gender for child in children}
    wanted = {anchor} | {c for flag, c in FLAG_CHARACTERISTICS.items() if getattr(notification, flag) == "yes"}
    child = ChildProfile(
        age_band=child_age_band([child.age_years for child in children]),
        gender=genders.pop() if len(genders) == 1 and genders <= {"male", "female"} else "",
        incident_type=notification.incident_type,
        incident_kinds=frozenset(wanted & INCIDENT_KINDS),
    )
    return child, [category], wanted


def _date_in(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _pick_passages(rng: random.Random, pool: list[dict], child: ChildProfile, wanted: set[str]) -> list[dict]:
    """3 to 5 passages on what the review is about and 1 to 3 others, all about `child`."""
    usable = [
        p
        for p in pool
        if fits(passage_profile(p["text"]), child) and not (set(p["labels"]) & INCIDENT_KINDS) - child.incident_kinds
    ]
    chosen = [p for p in usable if wanted & set(p["labels"])]
    rng.shuffle(chosen)
    picked = chosen[: rng.randint(3, 5)]
    others = [p for p in usable if p not in picked]
    return picked + rng.sample(others, min(rng.randint(1, 3), len(others)))


def review_metadata(
    rng: random.Random,
    number: int,
    pool: list[dict],
    *,
    publishers: list[Publisher],
    notification=None,
    today: date,
) -> tuple[dict, str]:
    """One synthetic review's metadata (the standard's metadata JSON) and its document text."""
    partnership = None
    if notification is not None:
        child, categories, wanted = _linked_profile(notification)
        anchor = next(iter(sorted(child.incident_kinds)), "neglect")
        published_on = notification.practice_review.published_date or today
        review_type, partnership = "lcspr", notification.partnership_id
    else:
        category = rng.choice(sorted(CHARACTERISTICS_BY_CATEGORY))
        incident_type, categories, age_band, anchor = CHARACTERISTICS_BY_CATEGORY[category]
        child = ChildProfile(
            age_band, rng.choice(("male", "female")), incident_type, frozenset({anchor}) & INCIDENT_KINDS
        )
        wanted = {anchor}
        review_type = rng.choices(list(REVIEW_TYPE_WEIGHTS), list(REVIEW_TYPE_WEIGHTS.values()))[0]
        kind, first, last = REVIEW_TYPES[review_type]
        published_on = _date_in(rng, first, min(last or today, today))
        if kind != "panel":
            candidates = [p.code for p in publishers if p.publishes(kind, published_on)]
            if not candidates:  # reference data without boards: a partnership's review instead
                review_type, (kind, first, _) = "lcspr", REVIEW_TYPES["lcspr"]
                published_on = _date_in(rng, first, today)
                candidates = [p.code for p in publishers if p.publishes(kind, published_on)]
            partnership = rng.choice(candidates)
    picked = _pick_passages(rng, pool, child, wanted)
    labels = sorted({label for p in picked for label in p["labels"]})
    letter = LETTERS[number % len(LETTERS)] + (str(number // len(LETTERS)) if number >= len(LETTERS) else "")
    who = f"{'Baby' if child.age_band == 'under_1' else 'Child'} {letter}"
    titles = {
        "lcspr": f"{who}: local child safeguarding practice review",
        "scr": f"Serious case review: {who}",
        "rapid_review_summary": f"Rapid review learning summary: {who}",
        "national_review": f"National review {letter}: learning about {NATIONAL_TOPICS[anchor]}",
    }
    texts = [CHILD_NAMES.sub(who, p["text"]) for p in picked]
    recommendation_codes = [code for code in labels if code in RECOMMENDATION_OWNERS]
    rng.shuffle(recommendation_codes)
    recommendations = [
        {
            "text": RECOMMENDATIONS[code],
            "owner_agency": rng.choice(allowed_owners(code, review_type, published_on)),
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
        "child_age_band": child.age_band,
        "incident_type": child.incident_type,
        "incident_categories": categories,
        "learning_summary": "\n\n".join(texts[:2]),
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
    text = "\n\n".join([f"{titles[review_type]} (a synthetic review made for the cspr demo)"] + texts)
    return meta, text


def load_demo_repository(*, actor, seed: int = 2026, count: int = 60, today: date | None = None) -> int:
    """Add `count` synthetic reviews (plus one per published local review in the register), all or nothing."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    pool = passages()
    known = publishers()
    linked = list(Notification.objects.filter(practice_review__status="published").order_by("ref")[:8])
    items = []
    for number in range(count + len(linked)):
        notification = linked[number - count] if number >= count else None
        meta, text = review_metadata(rng, number, pool, publishers=known, notification=notification, today=today)
        metadata, problems = parse_metadata(meta, f"demo review {number + 1}")
        if problems:
            raise ValueError("; ".join(problems))
        items.append(IngestItem(metadata, _document(f"demo-review-{number + 1:03d}.txt", text), meta["title"]))
    return len(actions.reviews_import(actor=actor, items=items))
