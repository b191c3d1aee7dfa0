"""Rows of the data standard for tests: one valid row to start from, and files built from rows."""

import csv
import io
import random
from datetime import date, timedelta

from cspr.domain import codes, deadlines, workflow
from cspr.domain.calendar import england_calendar

# Birmingham: a metropolitan district whose code has not changed since 2012.
LA = "E08000025"


def valid_row(**overrides) -> dict[str, str]:
    row = {column: "" for column in codes.STANDARD_COLUMNS}
    row.update(
        {
            "notification_ref": "N-1",
            "la_code": LA,
            "incident_date": "2020-03-02",
            "aware_date": "2020-03-03",
            "notified_date": "2020-03-05",
            "incident_type": "serious_harm",
            "harm_category": "physical_abuse",
            "child_ref": "C1",
            "gender": "female",
            "age_years": "0",
            "ethnicity": "WBRI",
        }
    )
    row.update(overrides)
    return row


def notification_columns(ref: str, day: date = date(2024, 3, 4)) -> dict:
    """A serious-harm notification's columns as `BulkWriter.insert` takes them (no id): every
    column without a default, all its dates `day`, on time."""
    return {
        "ref": ref,
        "local_authority_id": "E08000025",
        "partnership_id": "birmingham",
        "incident_date": day,
        "aware_date": day,
        "notified_date": day,
        "incident_type": "serious_harm",
        "harm_category": "neglect",
        "notification_due_date": day,
        "notification_days_late": 0,
    }


def csv_bytes(rows: list[dict], columns=None) -> bytes:
    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


# Plain descriptions (many tests split an exported line on commas), and awkward ones
# that need the CSV's quoting: commas, quotes, line breaks and tabs.
DESCRIPTIONS = (
    "",
    "Infant admitted with a head injury that the parents' account did not explain.",
    "Found at home by a sibling after the school had raised concerns twice.",
)
AWKWARD_DESCRIPTIONS = (
    'Found at home by a sibling.\nThe school had raised "concerns" twice, in writing; the GP once.',
    "Stabbed near the station, aged 16; known to the youth offending service\tsince 2019.",
)


def varied_file(
    n_notifications: int, seed: int = 1, standard: str = codes.STANDARD, awkward_text: bool = False
) -> bytes:
    """A canonical file (as `cspr export` writes it) exercising every column and code.

    Deterministic for a seed. Written in canonical order with every flag spelled
    out, so import followed by export must give back the same bytes. With
    `standard="cspr-1"` the file has only cspr-1's columns (and the same rows
    otherwise), as a file written before cspr-2 would. `awkward_text` adds descriptions
    that only the CSV's quoting keeps in one cell.
    """
    descriptions = DESCRIPTIONS + (AWKWARD_DESCRIPTIONS if awkward_text else ())
    rng = random.Random(seed)
    # The notification kinds draw from their own stream, so the rest of a seed's file is as it was.
    kinds = random.Random(seed * 7919 + 1)
    rows = []
    start = date(2019, 1, 1)
    for i in range(n_notifications):
        incident = start + timedelta(days=rng.randrange(0, 1500))
        aware = incident + timedelta(days=rng.choice([0, 0, 1, 2, 5]))
        notified = aware + timedelta(days=rng.choice([1, 2, 3, 5, 9]))
        kind = rng.choices(codes.INCIDENT_TYPES, weights=[43, 55, 2])[0]
        flags = {flag: rng.choice(codes.FLAG_VALUES) for flag in codes.NOTIFICATION_FLAGS}
        if kind != "serious_harm" and flags["near_miss"] == "yes":
            flags["near_miss"] = "no"
        base = {
            "notification_ref": f"SIN/{incident.year}/{i:05d}",
            "la_code": rng.choice(["E08000025", "E09000001", "E06000053", "E10000030", "E08000001"]),
            "incident_date": incident.isoformat(),
            "aware_date": aware.isoformat(),
            "notified_date": notified.isoformat(),
            "incident_type": kind,
            "death_category": rng.choice(codes.DEATH_CATEGORIES) if kind == "death" else "",
            "harm_category": rng.choice(codes.HARM_CATEGORIES) if kind != "death" else "",
            **flags,
            "rr_submitted_date": "",
            "rr_themes": "",
            "rr_lcspr_recommended": "",
            "rr_panel_response_date": "",
            "rr_national_review": "",
            "lcspr_decision_date": "",
            "lcspr_final_report_date": "",
            "lcspr_published_date": "",
        }
        if rng.random() < 0.9:
            submitted = aware + timedelta(days=rng.randrange(10, 30))
            themes = rng.sample(codes.THEMES_2020, rng.randrange(0, 4))
            base.update(
                {
                    "rr_submitted_date": submitted.isoformat(),
                    "rr_themes": ";".join(sorted(themes, key=codes.THEME_CODES.index)),
                    "rr_lcspr_recommended": rng.choice(codes.FLAG_VALUES),
                    "rr_national_review": rng.choice(codes.FLAG_VALUES),
                }
            )
            if rng.random() < 0.8:
                base["rr_panel_response_date"] = (submitted + timedelta(days=rng.randrange(5, 40))).isoformat()
            if rng.random() < 0.25:
                decision = submitted + timedelta(days=rng.randrange(0, 20))
                base["lcspr_decision_date"] = decision.isoformat()
                if rng.random() < 0.7:
                    final = decision + timedelta(days=rng.randrange(100, 300))
                    base["lcspr_final_report_date"] = final.isoformat()
                    if rng.random() < 0.8:
                        base["lcspr_published_date"] = (final + timedelta(days=rng.randrange(7, 60))).isoformat()
        calendar = england_calendar()
        base["notification_due_date"] = deadlines.notification_due(aware, calendar).isoformat()
        base["notification_kind"], base["abuse_neglect_suspected"] = "serious_incident", "unknown"
        if kind == "death" and standard != "cspr-1":
            base["notification_kind"] = kinds.choices(codes.NOTIFICATION_KINDS, weights=[70, 18, 12])[0]
            base["abuse_neglect_suspected"] = kinds.choice(codes.FLAG_VALUES)
        required = workflow.rapid_review_required(base["notification_kind"], base["abuse_neglect_suspected"])
        base["rr_due_date"] = (
            deadlines.rapid_review_due(aware_date=aware, notified_date=notified, calendar=calendar).due.isoformat()
            if required
            else ""
        )
        base["lcspr_due_date"] = (
            deadlines.lcspr_publication_due(date.fromisoformat(base["lcspr_decision_date"])).isoformat()
            if base["lcspr_decision_date"]
            else ""
        )
        base.update({flag: rng.choice(codes.FLAG_VALUES) for flag in codes.NOTIFICATION_FLAGS_2})
        late = notified > date.fromisoformat(base["notification_due_date"])
        base["late_notification_reason"] = rng.choice(codes.LATE_NOTIFICATION_REASONS) if late else ""
        rr_late = base["rr_submitted_date"] and base["rr_due_date"] and base["rr_submitted_date"] > base["rr_due_date"]
        base["late_rapid_review_reason"] = rng.choice(codes.LATE_RAPID_REVIEW_REASONS) if rr_late else ""
        base["incident_description"] = rng.choice(descriptions)
        # What a fresh import leaves: version 1 of the notification, its rapid review and any local review.
        base["record_version"] = "3" if base["lcspr_decision_date"] else "2"
        for c in range(rng.choice([1, 1, 1, 1, 2, 3])):
            rows.append(
                {
                    **base,
                    "child_ref": f"C{c + 1}",
                    "gender": rng.choice(codes.GENDERS),
                    "age_years": rng.choice(["", *map(str, range(18))]),
                    **(
                        {"age_years": kinds.choice(["", *map(str, range(16, 25))])}
                        if base["notification_kind"] == "care_leaver_death"
                        else {}
                    ),
                    "ethnicity": rng.choice(codes.ETHNICITIES),
                    **{flag: rng.choice(codes.FLAG_VALUES) for flag in codes.CHILD_FLAGS},
                    "outcome": rng.choice(codes.OUTCOMES),
                    **{flag: rng.choice(codes.FLAG_VALUES) for flag in codes.CHILD_FLAGS_2},
                    # Mostly the notifying authority's area (empty); sometimes another's.
                    "home_la_code": kinds.choice(["", "", "", "", "E08000025", "E09000001", "E06000053"]),
                }
            )
        own = [row for row in rows if row["notification_ref"] == base["notification_ref"]]
        if base["notification_kind"] == "looked_after_death" and all(row["looked_after"] == "no" for row in own):
            # The standard refuses a looked-after child's death with no child looked after: the one who died was.
            own[0]["looked_after"] = "yes"
        if base["death_category"] == "sudi" and base["notification_kind"] == "care_leaver_death":
            # The standard refuses a care leaver's death as sudden unexpected death in infancy.
            for row in own:
                row["death_category"] = "unrelated_or_unclear"
        elif base["death_category"] == "sudi" and all(row["age_years"] not in ("", "0", "1") for row in own):
            # ... and a death in infancy with no child under 2: the one who died was a baby.
            own[0]["age_years"] = "0"
        if any(row["home_educated"] == "yes" for row in rows if row["notification_ref"] == base["notification_ref"]):
            for row in rows:
                if row["notification_ref"] == base["notification_ref"] and row["home_educated_incident"] == "no":
                    row["home_educated_incident"] = "yes"
    rows.sort(key=lambda r: (r["notified_date"], r["notification_ref"], r["child_ref"]))
    if standard == "cspr-1":
        columns = [c for c in codes.ALL_COLUMNS if c not in codes.CSPR2_ONLY_COLUMNS]
        return csv_bytes([{c: row[c] for c in columns} for row in rows], columns)
    return csv_bytes(rows, list(codes.ALL_COLUMNS))
