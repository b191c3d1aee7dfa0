"""The pseudonymised extract for analysts: one row per child, coded fields only, no reference and no free text.

Analysts study the register without child-level access: instead of the notification
and child references, each row carries keyed hashes (HMAC-SHA256 with
`CSPR_PSEUDONYM_KEY`, kept outside the database and away from the analysts), so rows of
one case or one child can be linked across extracts made with the same key but not
traced back without it. Ages are in the published statistics' bands
(domain/measures.py's PANEL_AGE for children, CARE_LEAVER_AGE's for care leavers of 18 to 24),
each row says which kind of notification it came from, ethnicity in its major group, place in its region, dates
as the year of notification. Only columns listed here are written, all of them codes:
the register holds no names, and nothing typed as free text leaves. The extract holds
no small-count suppression of its own: what analysts publish from it goes through
disclosure control (cspr/domain/disclosure.py), as the annual report does.
"""

import csv
import hashlib
import hmac
from collections.abc import Iterator

from django.conf import settings

from cspr.cases.models import Child
from cspr.cases.models.register import in_byte_order
from cspr.domain import codes
from cspr.domain.measures import CARE_LEAVER_AGE, PANEL_AGE

MIN_KEY_LENGTH = 32

COLUMNS = (
    "case_key",
    "child_key",
    "notified_year",
    "notification_kind",
    # With the kind, which deaths of looked-after children are serious incidents (the report's population).
    "abuse_neglect_suspected",
    "region",
    "incident_type",
    "category",
    *codes.NOTIFICATION_FLAGS,
    "gender",
    "age_band",
    "ethnic_group",
    *codes.CHILD_FLAGS,
    "outcome",
)


class ExtractRefused(Exception):
    pass


def pseudonym_key() -> bytes:
    key = getattr(settings, "CSPR_PSEUDONYM_KEY", "") or ""
    if len(key) < MIN_KEY_LENGTH:
        raise ExtractRefused(
            f"set CSPR_PSEUDONYM_KEY to a secret of at least {MIN_KEY_LENGTH} characters: it keys the hash that "
            "replaces each reference (keep it from the analysts, and keep it the same to link extracts)"
        )
    return key.encode()


def keyed(key: bytes, kind: str, value: str) -> str:
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:20]


# The Panel's bands cover children (to 17) and a missing age; the care leavers' bands the ages
# only their deaths are notified at (18 to 24, `codes.CARE_LEAVER_MAX_AGE`), as the report bands them.
AGE_BANDS = (
    *PANEL_AGE.categories,
    *(c for c in CARE_LEAVER_AGE.categories if getattr(c.condition, "low", -1) > codes.MAX_AGE),
)


def age_band(age_years: int | None) -> str:
    row = {"age_years": age_years}
    for category in AGE_BANDS:
        if category.condition.matches(row):
            return category.code
    # The register's own constraint keeps ages within the bands; a row outside them is a fault to see.
    raise ExtractRefused(f"age_years: {age_years} is in no age band (0 to {codes.CARE_LEAVER_MAX_AGE})")


def rows(key: bytes) -> Iterator[dict]:
    # Every child in the register, by design: the extract is the whole register, pseudonymised.
    children = Child.objects.select_related("notification__local_authority")
    # In byte order, as the export is: a database with an ICU or en_US collation otherwise
    # gave the same register's extract in another order than SQLite does.
    children = children.order_by(
        "notification__notified_date",
        in_byte_order("notification__ref", children.db),
        in_byte_order("child_ref", children.db),
    )
    for child in children.iterator(chunk_size=2000):
        case = child.notification
        row = {
            "case_key": keyed(key, "case", case.ref),
            "child_key": keyed(key, "child", f"{case.ref}/{child.child_ref}"),
            "notified_year": case.notified_date.year,
            "notification_kind": case.notification_kind,
            "abuse_neglect_suspected": case.abuse_neglect_suspected,
            "region": case.local_authority.region,
            "incident_type": case.incident_type,
            "category": case.death_category or case.harm_category,
            **{flag: getattr(case, flag) for flag in codes.NOTIFICATION_FLAGS},
            "gender": child.gender,
            "age_band": age_band(child.age_years),
            "ethnic_group": codes.ETHNIC_GROUP_OF.get(child.ethnicity, ""),
            **{flag: getattr(child, flag) for flag in codes.CHILD_FLAGS},
            "outcome": child.outcome,
        }
        yield row


def write_csv(out, key: bytes) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows(key):
        writer.writerow(row)
        count += 1
    return count
