"""The vocabulary of the cspr data standard, version 2 (`cspr-2`), which still reads version 1.

Source: docs/standard/data-standard.md (copied from the project's shared
specification). Each tuple is in the order the standard lists its codes; that
order is also the order reports and forms present them in.
"""

import json
from pathlib import Path

STANDARD = "cspr-2"
# Every version cspr reads: a cspr-1 file imports unchanged (its missing columns take
# their empty meaning); cspr writes only the newest.
STANDARDS = ("cspr-1", "cspr-2")

FLAG_VALUES = ("yes", "no", "unknown")

INCIDENT_TYPES = ("death", "serious_harm", "other")

DEATH_CATEGORIES = (
    "sudi",
    "suicide",
    "maltreatment_in_family",
    "maltreatment_related",
    "extra_familial_homicide",
    "unrelated_or_unclear",
)

HARM_CATEGORIES = (
    "physical_abuse",
    "neglect",
    "sexual_abuse_in_family",
    "sexual_abuse_extra_familial",
    "sexual_exploitation",
    "emotional_abuse",
    "criminal_exploitation",
    "risk_taking_or_violence",
    "young_person_harmed_others",
    "other_harm",
)

GENDERS = ("male", "female", "transgender", "not_known")

OUTCOMES = ("died", "seriously_harmed", "other")

# The outcome a child's record takes when the file leaves it empty.
DEFAULT_OUTCOME = {"death": "died", "serious_harm": "seriously_harmed", "other": "other"}

ETHNIC_GROUPS = {
    "white": ("WBRI", "WIRI", "WIRT", "WOTH", "WROM"),
    "mixed": ("MWBC", "MWBA", "MWAS", "MOTH"),
    "asian": ("AIND", "APKN", "ABAN", "AOTH", "CHNE"),
    "black": ("BCRB", "BAFR", "BOTH"),
    "other": ("OOTH",),
    "not_recorded": ("REFU", "NOBT"),
}
ETHNICITIES = tuple(code for codes in ETHNIC_GROUPS.values() for code in codes)
ETHNIC_GROUP_OF = {code: group for group, codes in ETHNIC_GROUPS.items() for code in codes}

MIN_AGE, MAX_AGE = 0, 17

# Notification-level yes/no/unknown flags, in the standard's column order.
NOTIFICATION_FLAGS = (
    "near_miss",
    "domestic_abuse",
    "maternal_mental_ill_health",
    "paternal_mental_ill_health",
    "parental_alcohol_misuse",
    "parental_drug_misuse",
    "neglect_feature",
    "previously_known",
    "exploitation_background",
    "covid_factor",
)

CHILD_FLAGS = (
    "disability",
    "cp_plan",
    "looked_after",
    "child_in_need",
    "known_to_csc",
    "home_educated",
    "child_mental_ill_health",
)

# Practice theme codes: the 2020 six, then the first report's twelve.
THEMES_2020 = (
    "daily_life",
    "reluctant_engagement",
    "critical_thinking",
    "changing_risk",
    "information_sharing",
    "leadership_culture",
)
THEMES_2018_19 = (
    "optimism",
    "risk_assessment",
    "information_exchange",
    "return_home_after_proceedings",
    "offending_adults",
    "domestic_abuse_response",
    "adolescent_mental_health",
    "including_men",
    "health_access",
    "home_education",
    "written_agreements",
    "professional_disputes",
)
THEME_CODES = THEMES_2020 + THEMES_2018_19


def _theme_mapping() -> dict[str, tuple[str, ...]]:
    """Each 2020 theme -> the stored codes counted under it when editions are compared.

    The mapping has one home, cspr/reference/practice_themes.json (the database's
    PracticeTheme.maps_to is loaded from the same file); it is read here, never
    retyped. A 2020 theme counts itself and the first-report themes that map to it;
    a first-report theme with no agreed mapping is compared under no 2020 theme.
    """
    data = json.loads((Path(__file__).parents[1] / "reference" / "practice_themes.json").read_text("utf-8"))
    mapping: dict[str, tuple[str, ...]] = {code: (code,) for code in THEMES_2020}
    for version in data["versions"]:
        for theme in version["themes"]:
            if theme.get("maps_to"):
                mapping[theme["maps_to"]] += (theme["code"],)
    return mapping


THEMES_COMPARED = _theme_mapping()

# --- cspr-2 vocabulary -------------------------------------------------------------
# What the seeds count that cspr-1 could not hold (the Panel's first report: 49
# children previously subject to care proceedings, 36 whose earlier siblings had been
# removed permanently without the later child being returned to court; adults with a
# history of offending; the 2020 report's 15 incidents with electively home-educated
# children). Kept apart from the cspr-1 tuples so that what counted cspr-1 columns
# (the synthetic data's rows, the measure catalogue's loops) keeps its meaning.
NOTIFICATION_FLAGS_2 = (
    "offending_adults",  # adults in the household with a history of offending (MAPPA)
    "home_educated_incident",  # the incident involved an electively home-educated child
)
CHILD_FLAGS_2 = (
    "previous_care_proceedings",  # the child had previously been subject to care proceedings
    "siblings_removed_not_returned",  # earlier siblings removed permanently; this child not returned to court
)
# Why a notification reached the Panel after its 5 working days, and why a rapid
# review after its 15: the reasons the partners give, reported as tables.
LATE_NOTIFICATION_REASONS = (
    "criteria_unclear",  # unsure at first whether the case met the notification criteria
    "harm_recognised_later",  # the seriousness of the harm became clear only later
    "information_awaited",  # waiting for facts from another agency or the police
    "process_delay",  # the local authority's own process or administration
    "other",
)
LATE_RAPID_REVIEW_REASONS = (
    "information_awaited",  # agencies' chronologies or records came late
    "partner_availability",  # the safeguarding partners could not meet in time
    "parallel_proceedings",  # a criminal investigation, inquest or care proceedings ran alongside
    "case_complexity",  # several agencies or areas, or a sibling group
    "process_delay",
    "other",
)
# The incident's description: free text, so a length and no control characters
# but line breaks and tabs; it is child-level data (scoped and read-audited).
DESCRIPTION_MAX = 4000

# The kinds of notification the same national service receives (process.md §1): a
# serious incident; the death of a looked-after child, whether or not abuse or neglect
# is suspected (DfE splits "abuse/neglect" and "no abuse/neglect"; when suspected it
# is also a serious incident notification); the death of a care leaver up to and
# including age 24 (Working Together 2023). Which need a rapid review is
# domain/workflow.py's `rapid_review_required`.
NOTIFICATION_KINDS = ("serious_incident", "looked_after_death", "care_leaver_death")
DEFAULT_KIND = "serious_incident"
# Kinds that are always a death (incident_type must be death).
DEATH_KINDS = ("looked_after_death", "care_leaver_death")
# A care leaver's death is notified up to and including age 24; every other kind is a child's (0-17).
CARE_LEAVER_MAX_AGE = 24

# --- Columns -------------------------------------------------------------------
# The CSV header in canonical order: notification columns, child columns, then
# the computed columns an export adds (import accepts and ignores those).
CSPR1_NOTIFICATION_COLUMNS = (
    "notification_ref",
    "la_code",
    "incident_date",
    "aware_date",
    "notified_date",
    "incident_type",
    "death_category",
    "harm_category",
    *NOTIFICATION_FLAGS,
    "rr_submitted_date",
    "rr_themes",
    "rr_lcspr_recommended",
    "rr_panel_response_date",
    "rr_national_review",
    "lcspr_decision_date",
    "lcspr_final_report_date",
    "lcspr_published_date",
)
CSPR1_CHILD_COLUMNS = (
    "child_ref",
    "gender",
    "age_years",
    "ethnicity",
    *CHILD_FLAGS,
    "outcome",
)
# cspr-2 adds its columns after cspr-1's, so a cspr-1 file's columns are a prefix.
NOTIFICATION_COLUMNS_2 = (
    "notification_kind",
    "abuse_neglect_suspected",  # a flag; for a looked-after child's death, whether it is also a serious incident
    *NOTIFICATION_FLAGS_2,
    "late_notification_reason",
    "late_rapid_review_reason",
    "incident_description",
)
# The authority where the child normally lives, when it is not the notifying one (la_code,
# where the incident happened): its partnership then sees the case too.
CHILD_COLUMNS_2 = (*CHILD_FLAGS_2, "home_la_code")
# What an absent cspr-2 column means (a cspr-1 file, or a row written before cspr-2).
CSPR2_DEFAULTS = {
    "notification_kind": DEFAULT_KIND,
    "abuse_neglect_suspected": "unknown",
    **dict.fromkeys(NOTIFICATION_FLAGS_2, "unknown"),
    "late_notification_reason": None,
    "late_rapid_review_reason": None,
    "incident_description": "",
    **dict.fromkeys(CHILD_FLAGS_2, "unknown"),
    "home_la_code": None,
}
NOTIFICATION_COLUMNS = CSPR1_NOTIFICATION_COLUMNS + NOTIFICATION_COLUMNS_2
CHILD_COLUMNS = CSPR1_CHILD_COLUMNS + CHILD_COLUMNS_2
COMPUTED_COLUMNS = ("notification_due_date", "rr_due_date", "lcspr_due_date")
# The record's version when the file was exported: an import refuses a row whose
# record has changed since (two imports, or an import and a person, never both win
# silently). Optional, so files written before it was added still import.
VERSION_COLUMN = "record_version"
STANDARD_COLUMNS = NOTIFICATION_COLUMNS + CHILD_COLUMNS
CSPR1_STANDARD_COLUMNS = CSPR1_NOTIFICATION_COLUMNS + CSPR1_CHILD_COLUMNS
# Columns only a cspr-2 file may carry (a JSON document declaring cspr-1 may not).
CSPR2_ONLY_COLUMNS = NOTIFICATION_COLUMNS_2 + CHILD_COLUMNS_2
ALL_COLUMNS = STANDARD_COLUMNS + COMPUTED_COLUMNS + (VERSION_COLUMN,)

# Columns that must be present in a file (a required *value* is a separate rule).
REQUIRED_COLUMNS = (
    "notification_ref",
    "la_code",
    "incident_date",
    "aware_date",
    "notified_date",
    "incident_type",
    "child_ref",
    "gender",
    "age_years",
    "ethnicity",
)

# The JSON form nests these under "rapid_review" and "practice_review" without
# their prefixes.
RAPID_REVIEW_FIELDS = {
    "rr_submitted_date": "submitted_date",
    "rr_themes": "themes",
    "rr_lcspr_recommended": "lcspr_recommended",
    "rr_panel_response_date": "panel_response_date",
    "rr_national_review": "national_review",
}
PRACTICE_REVIEW_FIELDS = {
    "lcspr_decision_date": "decision_date",
    "lcspr_final_report_date": "final_report_date",
    "lcspr_published_date": "published_date",
}
# The field each of those objects must give (it may be null): without it the object says
# nothing of a review, and "rapid_review": {} would read silently as no rapid review.
NESTED_REQUIRED = {"rapid_review": "submitted_date", "practice_review": "decision_date"}


# --- Coded fields packed into one integer ------------------------------------------


class PackedCodes:
    """A table's coded fields as one integer: each field's code in bits of its own.

    A field's code is its value's place in its list, from 1; 0 for NULL or any other value,
    which the table's CHECK constraints (the same lists) and NOT NULL rule out, so every
    code stands for exactly one value. The database computes the integer as each row is
    written (a stored generated column, cspr/core/fields.py `packed_codes`), and the
    statistics read it in place of testing each field's text on every report (ADR 0036,
    third amendment).
    """

    BITS = 62  # below the sign bit of a 64-bit integer

    def __init__(self, fields: dict[str, tuple[str, ...]]):
        self.values = dict(fields)
        self.layout: dict[str, tuple[int, int]] = {}  # field -> (shift, bits)
        shift = 0
        for name, values in self.values.items():
            bits = len(values).bit_length()
            self.layout[name] = (shift, bits)
            shift += bits
        if shift > self.BITS:
            raise ValueError(f"{shift} bits of codes: at most {self.BITS} fit one integer")

    def value(self, name: str, code: int) -> str | None:
        """The value a field's code stands for: None for 0."""
        return self.values[name][code - 1] if code else None


def _with_blank(values: tuple[str, ...]) -> tuple[str, ...]:
    return (*values, "")  # a field that may be left empty: "" is one of its values


# Each table's coded fields and the values its CHECK constraints allow (cspr/cases/models/register.py).
NOTIFICATION_CODED = PackedCodes(
    {
        "incident_type": INCIDENT_TYPES,
        "death_category": _with_blank(DEATH_CATEGORIES),
        "harm_category": _with_blank(HARM_CATEGORIES),
        **{flag: FLAG_VALUES for flag in NOTIFICATION_FLAGS + NOTIFICATION_FLAGS_2},
        "notification_kind": NOTIFICATION_KINDS,
        "abuse_neglect_suspected": FLAG_VALUES,
        "late_notification_reason": _with_blank(LATE_NOTIFICATION_REASONS),
        "late_rapid_review_reason": _with_blank(LATE_RAPID_REVIEW_REASONS),
    }
)
CHILD_CODED = PackedCodes(
    {
        "gender": GENDERS,
        "ethnicity": ETHNICITIES,
        "outcome": OUTCOMES,
        **{flag: FLAG_VALUES for flag in CHILD_FLAGS + CHILD_FLAGS_2},
    }
)
