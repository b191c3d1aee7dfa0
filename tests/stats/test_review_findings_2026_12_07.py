"""A reviewer's findings of 7 December 2026 on the published statistics.

Each published report is checked by a reader who knows the sums a report's figures obey (typed
here, independently of the catalogue) and works out every hidden or unpublished count they can
(the auditor's attacks, cspr/domain/disclosure_audit.py): none of those may be from 1 to the
threshold.
"""

from datetime import date

import pytest

from cspr.domain import codes
from cspr.domain.disclosure_audit import worked_out
from cspr.domain.measures import CHILD, NOTIFICATION, THEME
from cspr.domain.report_build import ReportData, plan
from cspr.domain.report_labels import label
from cspr.domain.report_periods import calendar_year, financial_year
from cspr.domain.reports import DEFINITIONS
from cspr.stats.render import render
from tests.stats.test_publish import evaluate

THRESHOLD = 4
PERIODS = {"panel-annual": calendar_year(2020), "dfe-official": financial_year("2020-21")}


def register(notifications: list[dict]) -> dict[str, list[dict]]:
    """One child to a notification, all notified on one day (no small month or half), every
    characteristic "no": the only small counts are the ones a test puts in."""
    rows = {NOTIFICATION: [], CHILD: [], THEME: []}
    for i, fields in enumerate(notifications):
        n = {
            "notification_ref": f"N-{i}",  # which notification each child row is (children beyond the first)
            "notified_date": date(2020, 6, 1),
            "notification_due_date": date(2020, 6, 1),
            "incident_type": "death",
            "death_category": "sudi",
            "harm_category": None,
            "region": "london",
            **dict.fromkeys(codes.NOTIFICATION_FLAGS, "no"),
            "rr_submitted_date": None,
            "lcspr_decision_date": None,
            "lcspr_published_date": None,
        } | {k: v for k, v in fields.items() if k != "age_years"}
        rows[NOTIFICATION].append(n)
        child = {"gender": "female", "ethnicity": "WBRI", **dict.fromkeys(codes.CHILD_FLAGS, "no")}
        rows[CHILD].append(n | child | {"age_years": fields.get("age_years", 8)})
    return rows


def report_data(definition_id: str, rows) -> ReportData:
    definition, period = DEFINITIONS[definition_id], PERIODS[definition_id]
    return ReportData(definition, period, evaluate(rows, plan(definition, period).keys))


def disclosed(data: ReportData, sums: list[tuple[str, tuple[str, ...]]], unpublished: dict[str, int]) -> dict:
    """The small counts a reader of the published report works out from `sums` over measure ids
    (and `unpublished` counts, which no output shows): {id: its true value}."""
    published = data.published(THRESHOLD).measures
    exact = {mid: m.count for mid, m in data.report().measures.items()} | unpublished
    hidden = {mid for mid, m in published.items() if m.count == "c"} | set(unpublished)
    # The auditor asks for shown counts and, once it has worked one out, that count's true value.
    found = worked_out(sums, exact.__getitem__, hidden)
    return {mid: exact[mid] for mid in found if 1 <= exact[mid] <= THRESHOLD}


# --- 1. The kind row "serious incident" is not every serious incident notification ------------


def test_the_kind_row_is_not_labelled_as_every_serious_incident_notification():
    rows = register([{"notification_kind": "looked_after_death", "abuse_neglect_suspected": "yes"}] * 5 + [{}] * 20)
    data = report_data("panel-annual", rows)
    kinds = next(t for t in data.report().tables() if t.id == "notifications-by-kind")
    words = kinds.rows[0][0]
    assert words == label("notifications_received.kind.serious_incident")
    # Every other table's "serious incident notifications" count the looked-after deaths too (25 here);
    # this row (20) does not, and says so.
    assert "serious incident notifications" not in words.lower()
    assert "looked-after" in words
    assert words in render(data.report(), "csv").decode()


# --- 3. notifications.total is the serious incidents among the kinds -----------------------------


@pytest.mark.parametrize("definition_id", ["panel-annual", "dfe-official"])
def test_the_looked_after_deaths_cannot_be_worked_out_from_the_serious_incident_total(definition_id):
    looked_after = {"notification_kind": "looked_after_death"}
    rows = register(
        [{}] * 50
        + [looked_after | {"abuse_neglect_suspected": "yes"}] * 25
        + [looked_after | {"abuse_neglect_suspected": "no"}] * 17
        + [looked_after | {"abuse_neglect_suspected": "unknown"}] * 2
    )
    data = report_data(definition_id, rows)
    lad = "looked_after_deaths.abuse_neglect_suspected"
    assert data.report().measures["notifications.total"].count == 77
    sums = [
        # A serious incident notification: a serious incident, or a looked-after child's death with
        # abuse or neglect suspected or not known (process.md §1).
        ("notifications.total", ("notifications_received.kind.serious_incident", f"{lad}.yes", f"{lad}.unknown")),
        ("notifications_received.kind.looked_after_death", (f"{lad}.yes", f"{lad}.no", f"{lad}.unknown")),
    ]
    assert disclosed(data, sums, {}) == {}
    published = data.published(THRESHOLD).measures
    assert published[f"{lad}.unknown"].count == "c"


# --- 4. DfE's age bands beside the Panel's ----------------------------------------------------


def _ages(counts: dict[int, int]) -> list[dict]:
    return [{"age_years": age} for age, n in counts.items() for _ in range(n)]


# Ages where DfE's bands and the Panel's differ; none of the published bands is small.
AGES = {0: 30, 2: 20, 5: 3, 7: 12, 10: 4, 12: 15, 15: 10, 16: 25}
FINE = {"age 5": 3, "age 6 to 9": 12, "age 10": 4, "age 11 to 14": 15, "age 15": 10}
AGE_SUMS = [
    ("children.dfe_age.1_to_5", ("children.age.1_to_4", "age 5")),
    ("children.age.5_to_9", ("age 5", "age 6 to 9")),
    ("children.dfe_age.6_to_10", ("age 6 to 9", "age 10")),
    ("children.age.10_to_14", ("age 10", "age 11 to 14")),
    ("children.dfe_age.11_to_15", ("age 11 to 14", "age 15")),
    ("children.age.15_to_17", ("age 15", "children.dfe_age.16_to_17")),
]


@pytest.mark.parametrize("definition_id", ["dfe-official", "panel-annual"])
def test_single_years_cannot_be_worked_out_from_overlapping_age_bands(definition_id):
    data = report_data(definition_id, register(_ages(AGES)))
    exact = data.report().measures
    assert (exact["children.dfe_age.1_to_5"].count, exact["children.age.1_to_4"].count) == (23, 20)
    assert disclosed(data, AGE_SUMS, FINE) == {}


def test_the_dfe_official_tables_show_both_sets_of_bands_without_giving_a_single_year_away():
    data = report_data("dfe-official", register(_ages(AGES)))
    tables = {t.id: t for t in data.published(THRESHOLD).tables()}
    dfe = dict(tables["children-by-dfe-age"].rows[i][:2] for i in range(6))
    panel = dict(tables["children-by-age"].rows[i][:2] for i in range(6))
    # The reviewer's subtraction: "1 to 5" less "1 to 4" was age 5, 3 children.
    assert "c" in (dfe[label("children.dfe_age.1_to_5")], panel[label("children.age.1_to_4")])
