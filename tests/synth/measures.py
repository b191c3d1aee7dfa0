"""The annual report's measures, computed straight from a generated CSV file.

Written independently of cspr/synth (the statistics engine is a later issue):
read the rows with `csv`, group them by notification, count, and round the way
statistics are published (100 x count / base, half-up).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

ADOLESCENT_CATEGORIES = ("suicide", "risk_taking_or_violence", "criminal_exploitation", "sexual_exploitation",
                         "young_person_harmed_others")


@dataclass
class Notification:
    fields: dict
    children: list[dict] = field(default_factory=list)

    def __getitem__(self, column: str) -> str:
        return self.fields[column]

    def yes(self, column: str) -> bool:
        return self.fields[column] == "yes"

    def date(self, column: str) -> date | None:
        value = self.fields[column]
        return date.fromisoformat(value) if value else None

    @property
    def category(self) -> str:
        return self.fields["death_category"] or self.fields["harm_category"]


def read(text: str) -> list[Notification]:
    """Notifications in file order; a notification's rows must be consecutive."""
    out: list[Notification] = []
    seen: set[str] = set()
    for row in csv.DictReader(io.StringIO(text)):
        ref = row["notification_ref"]
        if not out or out[-1]["notification_ref"] != ref:
            assert ref not in seen, f"rows of {ref} are not consecutive"
            seen.add(ref)
            out.append(Notification({k: v for k, v in row.items() if not k.startswith("child_") or k == "child_mental_ill_health"}))
        out[-1].children.append(row)
    return out


def serious_incident(n: Notification) -> bool:
    """What the Panel's figures count: a serious incident, and a looked-after child's death unless abuse
    or neglect is ruled out (process.md section 1); never a care leaver's death."""
    kind = n["notification_kind"]
    return kind == "serious_incident" or (kind == "looked_after_death" and n["abuse_neglect_suspected"] != "no")


def notified_between(notifications: list[Notification], start: date, end: date) -> list[Notification]:
    return [n for n in notifications if start <= n.date("notified_date") <= end]


def percent(count: int, base: int, decimals: int = 0) -> int | float:
    """Published rounding: a whole percent (or to `decimals` places), half-up."""
    value = (Decimal(100 * count) / Decimal(base)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return int(value) if decimals == 0 else float(value)


def children_of(notifications: list[Notification]) -> list[dict]:
    return [c for n in notifications for c in n.children]


def age_band(age: str) -> str:
    if age == "":
        return "not_known"
    a = int(age)
    return "under_1" if a == 0 else "1_to_4" if a <= 4 else "5_to_9" if a <= 9 else "10_to_14" if a <= 14 else "15_to_17"
