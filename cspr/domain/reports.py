"""Report definitions as data: which tables and charts each report shows.

Three definitions (docs/statistics.md describes them for readers):

- `panel-annual`: the Panel's annual report for a calendar year (2020) or any
  period: notifications, children, deaths, non-fatal harm, case
  characteristics, rapid reviews and themes, local reviews, timeliness,
  comparisons and representation against the child population.
- `first-report`: the shape of the Panel's first report (2018 to 2019, its
  first 17 months): rapid reviews by outcome, near misses, legal status, the
  first taxonomy's practice themes, for an arbitrary date range.
- `dfe-official`: DfE-style official statistics tables for a financial year:
  April-September and October-March halves, regions, and DfE's age bands
  beside the Panel's.

Each table is one of the kinds in cspr/domain/report_tables.py: a small
dataclass whose `build` reads figures through the report `Context`
(cspr/domain/report_build.py) and declares the sums a reader can see, so
disclosure control knows them.
"""

from cspr.domain import codes
from cspr.domain.deadlines import NOTIFICATION_PERIOD, RAPID_REVIEW_PERIOD
from cspr.domain.measures import (
    DFE_AGE,
    INCIDENT_TYPE,
    LATE_NOTIFICATION_REASON,
    LATE_RAPID_REVIEW_REASON,
    PANEL_AGE,
    REGION,
)
from cspr.domain.report_tables import (
    ComparisonsTable,
    CrossTable,
    MeasureTable,
    MonthsTable,
    ReportDefinition,
    RepresentationTable,
    TimelinessTable,
)
from cspr.domain.report_themes import THEMES_COMPARED_TABLE


def _ids(prefix: str, names) -> tuple[str, ...]:
    return tuple(f"{prefix}.{n}" for n in names)


CHARACTERISTICS = (
    *_ids("notifications.characteristic", [f for f in codes.NOTIFICATION_FLAGS if f != "near_miss"]),
    "notifications.domestic_abuse_and_substance",
    "children.domestic_abuse",
    "deaths.characteristic.neglect_feature",
    "non_fatal.characteristic.neglect_feature",
    "children.status.child_mental_ill_health",
    "children.status.home_educated",
)
TYPE_TABLE = MeasureTable(
    "notifications-by-type",
    "Notifications by type of incident",
    _ids("notifications.type", codes.INCIDENT_TYPES),
    "Type of incident",
    "notifications by type of incident",
)
GENDER_TABLE = MeasureTable(
    "children-by-gender", "Children by gender", _ids("children.gender", codes.GENDERS), "Gender"
)
AGE_TABLE = MeasureTable(
    "children-by-age",
    "Children by age at the incident (the Panel's bands)",
    _ids("children.age", PANEL_AGE.codes),
    "Age",
    "children in each age band",
)
THEMES_2020_TABLE = MeasureTable(
    "rapid-review-themes",
    "Rapid reviews by practice theme (the Panel's six themes)",
    _ids("rapid_reviews.theme", codes.THEMES_2020),
    "Practice theme",
    "rapid reviews coded with each theme",
    "A rapid review can be coded with several themes, or none.",
)
MONTHS_TABLE = MonthsTable("notifications-by-month", "Notifications by month, against the same month a year earlier")
COMPARISONS_TABLE = ComparisonsTable("comparisons", "Notifications compared with earlier periods")
TIMELINESS_TABLE = TimelinessTable("timeliness", "Timeliness: deadlines met, and working days late")
STATUS_TABLE = MeasureTable(
    "children-status",
    "Children's legal status and contact with services",
    _ids("children.status", ("cp_plan", "looked_after", "child_in_need", "known_to_csc", "disability")),
    "Status",
)

# cspr-2: the reasons partners gave for a late notification or rapid review, as tables.
LATE_REASON_TABLES = (
    MeasureTable(
        "late-notification-reasons",
        "Reasons given for a late notification",
        _ids("late_notifications.reason", LATE_NOTIFICATION_REASON.codes),
        "Reason",
        "late notifications by the reason given",
        f"Out of the notifications made after their {NOTIFICATION_PERIOD}.",
    ),
    MeasureTable(
        "late-rapid-review-reasons",
        "Reasons given for a late rapid review",
        _ids("late_rapid_reviews.reason", LATE_RAPID_REVIEW_REASON.codes),
        "Reason",
        "late rapid reviews by the reason given",
        f"Out of the rapid reviews submitted after their {RAPID_REVIEW_PERIOD}.",
    ),
)
# The other kinds of notification the same service receives (issue 13 item 1).
KINDS_TABLES = (
    MeasureTable(
        "notifications-by-kind",
        "Notifications received, by kind",
        _ids("notifications_received.kind", codes.NOTIFICATION_KINDS),
        "Kind of notification",
        "notifications by kind",
        notes=(
            "Every other table counts serious incident notifications, and a looked-after child's death "
            "counts as one when abuse or neglect is suspected (or not yet ruled out): their total is this "
            "table's serious incidents and those deaths (the table 'Deaths of looked-after children: abuse "
            "or neglect suspected').",
        ),
    ),
    MeasureTable(
        "looked-after-deaths",
        "Deaths of looked-after children: abuse or neglect suspected",
        _ids("looked_after_deaths.abuse_neglect_suspected", codes.FLAG_VALUES),
        "Abuse or neglect",
    ),
    MeasureTable(
        "care-leaver-deaths",
        "Deaths of care leavers, by age",
        _ids("care_leaver_deaths.age", ("under_18", "18_to_20", "21_to_24", "not_known")),
        "Age",
    ),
)
CHARACTERISTICS_2 = _ids("notifications.characteristic", codes.NOTIFICATION_FLAGS_2)
FAMILY_HISTORY_TABLE = MeasureTable(
    "family-history",
    "Children's family history and home education (the first report's counts)",
    (
        *_ids("children.status", codes.CHILD_FLAGS_2),
        *_ids("home_educated_children.outcome", ("died", "seriously_harmed")),
    ),
    "Measure",
)

PANEL_ANNUAL = ReportDefinition(
    "panel-annual",
    "Serious incident notifications to the Child Safeguarding Practice Review Panel",
    "calendar_year",
    (
        ("Serious incident notifications", (TYPE_TABLE, COMPARISONS_TABLE, MONTHS_TABLE)),
        ("Other notifications", KINDS_TABLES),
        (
            "The children",
            (
                GENDER_TABLE,
                AGE_TABLE,
                MeasureTable(
                    "children-by-ethnic-group",
                    "Children by ethnic group",
                    (*_ids("children.ethnic_group", codes.ETHNIC_GROUPS), "children.ethnicity.white_british"),
                    "Ethnic group",
                ),
                RepresentationTable("representation", "Representation against the child population"),
                STATUS_TABLE,
            ),
        ),
        (
            "Child deaths",
            (
                MeasureTable(
                    "deaths-by-category",
                    "Deaths by category",
                    _ids("deaths.category", codes.DEATH_CATEGORIES),
                    "Category of death",
                    "deaths in each category",
                ),
            ),
        ),
        (
            "Non-fatal incidents",
            (
                MeasureTable(
                    "non-fatal-by-category",
                    "Non-fatal incidents by primary form of harm",
                    _ids("non_fatal.category", codes.HARM_CATEGORIES),
                    "Primary form of harm",
                    "non-fatal incidents by primary form of harm",
                ),
                MeasureTable(
                    "non-fatal-context",
                    "Risk-taking and near misses",
                    (
                        "non_fatal.risk_taking_or_violence.exploitation_background",
                        "serious_harm.near_miss",
                        "serious_harm.domestic_abuse",
                    ),
                    "Measure",
                ),
            ),
        ),
        (
            "Case characteristics",
            (
                MeasureTable(
                    "case-characteristics",
                    "Case characteristics",
                    (*CHARACTERISTICS, *CHARACTERISTICS_2),
                    "Characteristic",
                    "incidents with each characteristic",
                ),
            ),
        ),
        (
            "Rapid reviews and local reviews",
            (
                MeasureTable(
                    "rapid-reviews",
                    "Rapid reviews and local child safeguarding practice reviews",
                    ("rapid_reviews.total", "rapid_reviews.lcspr_recommended", "lcsprs.total", "lcsprs.published"),
                    "Measure",
                ),
                THEMES_2020_TABLE,
                THEMES_COMPARED_TABLE,
            ),
        ),
        ("Timeliness", (TIMELINESS_TABLE, *LATE_REASON_TABLES)),
    ),
)

FIRST_REPORT = ReportDefinition(
    "first-report",
    "Rapid reviews and serious incidents (the shape of the Panel's first annual report)",
    "range",
    (
        ("Serious incidents", (TYPE_TABLE, MONTHS_TABLE, COMPARISONS_TABLE)),
        (
            "The children",
            (
                AGE_TABLE,
                MeasureTable(
                    "first-report-status",
                    "Children's legal status and contact with children's social care",
                    _ids("children.status", ("cp_plan", "looked_after", "known_to_csc", "home_educated")),
                    "Status",
                ),
                MeasureTable(
                    "first-report-context",
                    "Near misses and domestic abuse",
                    ("serious_harm.near_miss", "notifications.characteristic.domestic_abuse"),
                    "Measure",
                ),
                FAMILY_HISTORY_TABLE,
            ),
        ),
        (
            "Rapid reviews",
            (
                MeasureTable(
                    "first-report-rapid-reviews",
                    "Rapid reviews",
                    ("rapid_reviews.total", "rapid_reviews.on_time", "rapid_reviews.lcspr_recommended"),
                    "Measure",
                ),
                MeasureTable(
                    "first-report-themes",
                    "Rapid reviews by practice issue (the first report's themes)",
                    _ids("rapid_reviews.theme", codes.THEMES_2018_19),
                    "Practice issue",
                    "rapid reviews coded with each practice issue",
                ),
                THEMES_COMPARED_TABLE,
            ),
        ),
        ("Timeliness", (TIMELINESS_TABLE, *LATE_REASON_TABLES)),
    ),
    comparisons=("period_vs_previous_period",),
    representation=False,
)

DFE_OFFICIAL = ReportDefinition(
    "dfe-official",
    "Serious incident notifications: official statistics tables",
    "financial_year",
    (
        (
            "Notifications",
            (
                CrossTable(
                    "type-by-half",
                    "Notifications by type of incident, April to September and October to March",
                    "notifications",
                    INCIDENT_TYPE,
                    "halves",
                    "Type of incident",
                ),
                CrossTable(
                    "region-by-type",
                    "Notifications by region and type of incident",
                    "notifications",
                    REGION,
                    INCIDENT_TYPE,
                    "Region",
                ),
                COMPARISONS_TABLE,
            ),
        ),
        (
            "Children",
            (
                MeasureTable(
                    "children-by-dfe-age",
                    "Children by age (DfE's bands)",
                    _ids("children.dfe_age", DFE_AGE.codes),
                    "Age",
                    "children in each of DfE's age bands",
                ),
                AGE_TABLE,
                GENDER_TABLE,
                MeasureTable(
                    "children-by-ethnic-group",
                    "Children by ethnic group",
                    _ids("children.ethnic_group", codes.ETHNIC_GROUPS),
                    "Ethnic group",
                ),
                STATUS_TABLE,
            ),
        ),
        ("Timeliness", (TIMELINESS_TABLE, *LATE_REASON_TABLES)),
    ),
    comparisons=("apr_to_sep_vs_previous_year", "period_vs_previous_period"),
    representation=False,
)

DEFINITIONS = {d.id: d for d in (PANEL_ANNUAL, FIRST_REPORT, DFE_OFFICIAL)}
