"""The words the case pages show for the data standard's codes."""

from cspr.domain import codes
from cspr.domain.report_labels import label

FLAG_WORDS = {"yes": "Yes", "no": "No", "unknown": "Not known", "": "Not known"}

INCIDENT_TYPES = {
    "death": "Death",
    "serious_harm": "Serious harm",
    "other": "Other",
}
DEATH_CATEGORIES = {code: label(f"deaths.category.{code}") for code in codes.DEATH_CATEGORIES}
HARM_CATEGORIES = {code: label(f"non_fatal.category.{code}") for code in codes.HARM_CATEGORIES}
NOTIFICATION_FLAGS = {
    code: label(f"notifications.characteristic.{code}")
    for code in codes.NOTIFICATION_FLAGS + codes.NOTIFICATION_FLAGS_2
}
CHILD_FLAGS = {code: label(f"children.status.{code}") for code in codes.CHILD_FLAGS + codes.CHILD_FLAGS_2}
NOTIFICATION_FLAGS["abuse_neglect_suspected"] = "Abuse or neglect known or suspected"
LATE_NOTIFICATION_REASONS = {
    code: label(f"late_notifications.reason.{code}") for code in codes.LATE_NOTIFICATION_REASONS
}
LATE_RAPID_REVIEW_REASONS = {
    code: label(f"late_rapid_reviews.reason.{code}") for code in codes.LATE_RAPID_REVIEW_REASONS
}
NOTIFICATION_KINDS = {
    "serious_incident": "Serious incident",
    "looked_after_death": "Death of a looked-after child",
    "care_leaver_death": "Death of a care leaver",
}
assert tuple(NOTIFICATION_KINDS) == codes.NOTIFICATION_KINDS
# The caption above a notification's reference, on its page and its summary.
NOTIFICATION_CAPTIONS = {
    "serious_incident": "Serious incident notification",
    "looked_after_death": "Notification of a looked-after child's death",
    "care_leaver_death": "Notification of a care leaver's death",
}
assert tuple(NOTIFICATION_CAPTIONS) == codes.NOTIFICATION_KINDS
GENDERS = {"male": "Male", "female": "Female", "transgender": "Transgender", "not_known": "Not known"}
OUTCOMES = {"died": "Died", "seriously_harmed": "Seriously harmed", "other": "Other"}
assert tuple(OUTCOMES) == codes.OUTCOMES

# DfE's ethnicity codes (the school census and children in need census wording).
ETHNICITIES = {
    "WBRI": "White – English, Welsh, Scottish, Northern Irish or British",
    "WIRI": "White – Irish",
    "WIRT": "White – Traveller of Irish heritage",
    "WOTH": "White – any other White background",
    "WROM": "White – Gypsy or Roma",
    "MWBC": "Mixed – White and Black Caribbean",
    "MWBA": "Mixed – White and Black African",
    "MWAS": "Mixed – White and Asian",
    "MOTH": "Mixed – any other mixed background",
    "AIND": "Asian or Asian British – Indian",
    "APKN": "Asian or Asian British – Pakistani",
    "ABAN": "Asian or Asian British – Bangladeshi",
    "AOTH": "Asian or Asian British – any other Asian background",
    "CHNE": "Chinese",
    "BCRB": "Black or Black British – Caribbean",
    "BAFR": "Black or Black British – African",
    "BOTH": "Black or Black British – any other Black background",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}
assert tuple(ETHNICITIES) == codes.ETHNICITIES

# The agencies a rapid review gathers facts from (Working Together 2023, chapter 5).
AGENCIES = {
    "childrens_social_care": "Local authority children's social care",
    "police": "Police",
    "health_icb": "Health (integrated care board)",
    "gp": "GP",
    "hospital": "Hospital",
    "health_visiting_midwifery": "Health visiting or midwifery",
    "school_education": "School or education",
    "probation": "Probation",
    "housing": "Housing",
    "other": "Other",
}


def category_words(code: str) -> str:
    return DEATH_CATEGORIES.get(code) or HARM_CATEGORIES.get(code) or code


def age_words(age) -> str:
    if age in (None, ""):
        return "Not known"
    return "Under 1" if int(age) == 0 else f"{age}"


def agency_words(agencies) -> str:
    return ", ".join(AGENCIES.get(code, code) for code in agencies or ()) or "None selected"
