"""The words a report shows for its codes and measure ids.

Wording follows the Panel's 2020 annual report as the seeds summarise it (for
example "sudden unexpected death in infancy", "extra-familial assault or
homicide") and DfE's release for regions and age bands.
"""

from cspr.domain import codes
from cspr.domain.dates import date_range
from cspr.domain.measures import Period

_TYPES = {
    "death": "Death",
    "serious_harm": "Serious harm",
    "other": "Other (for example the young person harmed others)",
}
_GENDERS = {"male": "Male", "female": "Female", "transgender": "Transgender", "not_known": "Not known"}
_PANEL_AGE = {
    "under_1": "Under 1",
    "1_to_4": "1 to 4",
    "5_to_9": "5 to 9",
    "10_to_14": "10 to 14",
    "15_to_17": "15 to 17",
    "not_known": "Not known",
}
_DFE_AGE = {
    "under_1": "Under 1",
    "1_to_5": "1 to 5",
    "6_to_10": "6 to 10",
    "11_to_15": "11 to 15",
    "16_to_17": "16 and over",
    "not_known": "Not known",
}
_REP_AGE = {"0_to_4": "0 to 4", "5_to_9": "5 to 9", "10_to_14": "10 to 14", "15_to_17": "15 to 17"}
_ETHNIC = {
    "white": "White",
    "mixed": "Mixed or multiple ethnic groups",
    "asian": "Asian or Asian British",
    "black": "Black, African, Caribbean or Black British",
    "other": "Other ethnic group",
    "not_recorded": "Not recorded (refused or not obtained)",
}
_STATUS = {
    "cp_plan": "Subject of a child protection plan",
    "looked_after": "Looked after",
    "child_in_need": "Child in need",
    "known_to_csc": "Known to children's social care",
    "home_educated": "Electively home educated",
    "disability": "Disabled",
    "child_mental_ill_health": "The child's own mental ill-health",
}
_DEATHS = {
    "sudi": "Sudden unexpected death in infancy",
    "suicide": "Suicide",
    "maltreatment_in_family": "Maltreatment within the family",
    "maltreatment_related": "Related to, but not directly caused by, maltreatment",
    "extra_familial_homicide": "Extra-familial assault or homicide",
    "unrelated_or_unclear": "Not related to maltreatment, or cause unclear",
}
_HARM = {
    "physical_abuse": "Physical abuse",
    "neglect": "Neglect",
    "sexual_abuse_in_family": "Intra-familial sexual abuse",
    "sexual_abuse_extra_familial": "Extra-familial sexual abuse",
    "sexual_exploitation": "Child sexual exploitation",
    "emotional_abuse": "Emotional abuse",
    "criminal_exploitation": "Criminal exploitation",
    "risk_taking_or_violence": "Risk-taking or violent behaviour",
    "young_person_harmed_others": "The young person harmed others",
    "other_harm": "Other",
}
_FLAGS = {
    "near_miss": "Near miss (the child could easily have died)",
    "domestic_abuse": "Domestic abuse",
    "maternal_mental_ill_health": "Maternal mental ill-health",
    "paternal_mental_ill_health": "Paternal mental ill-health",
    "parental_alcohol_misuse": "Parental alcohol misuse",
    "parental_drug_misuse": "Parental drug misuse",
    "neglect_feature": "Neglect an underlying feature",
    "previously_known": "Already identified as vulnerable by the child protection system",
    "exploitation_background": "Criminal exploitation, gang violence or county lines in the background",
    "covid_factor": "COVID-19 a factor",
}
_THEMES = {
    "daily_life": "Understanding the child's daily life",
    "reluctant_engagement": "Working with families where engagement is reluctant and sporadic",
    "critical_thinking": "Critical thinking and challenge",
    "changing_risk": "Responding to changing risk and need",
    "information_sharing": "Sharing information in a timely and appropriate way",
    "leadership_culture": "Organisational leadership and culture",
    "optimism": "Overly optimistic practice decisions",
    "risk_assessment": "Weak risk assessment and decision making",
    "information_exchange": "Poor information exchange at critical points",
    "return_home_after_proceedings": "Children returned home after care proceedings",
    "offending_adults": "Adults with a history of offending",
    "domestic_abuse_response": "Responding to domestic abuse",
    "adolescent_mental_health": "Adolescents, mental health and suicide",
    "including_men": "Including men",
    "health_access": "Health plans and children not brought",
    "home_education": "Children educated at home",
    "written_agreements": "Written agreements",
    "professional_disputes": "Resolving professional disputes",
}
_REGIONS = {
    "north_east": "North East",
    "north_west": "North West",
    "yorkshire_and_the_humber": "Yorkshire and The Humber",
    "east_midlands": "East Midlands",
    "west_midlands": "West Midlands",
    "east_of_england": "East of England",
    "london": "London",
    "south_east": "South East",
    "south_west": "South West",
}
_LATE = {
    "notifications": "Notifications",
    "rapid_reviews": "Rapid reviews",
    "lcsprs": "Local review publication",
    "1": "1",
    "2_to_5": "2 to 5",
    "6_to_10": "6 to 10",
    "11_to_20": "11 to 20",
    "21_to_60": "21 to 60",
    "61_or_more": "61 or more",
}
_POPULATIONS = {
    "notifications": "notifications",
    "children": "children",
    "deaths": "deaths",
    "non_fatal": "non-fatal incidents",
    "serious_harm": "serious harm incidents",
    "non_fatal_risk_taking": "risk-taking or violence incidents",
    "rapid_reviews": "rapid reviews",
    "lcsprs": "local reviews",
    "lcsprs_published": "published local reviews",
}

# cspr-2: what the seeds count that cspr-1 could not hold.
_STATUS_2 = {
    "previous_care_proceedings": "Previously subject to care proceedings",
    "siblings_removed_not_returned": "Earlier siblings removed permanently; not returned to court",
}
_FLAGS_2 = {
    "offending_adults": "Adults in the household with a history of offending",
    "home_educated_incident": "Involved an electively home-educated child",
}
_LATE_NOTIFICATION_REASONS = {
    "criteria_unclear": "Unclear at first whether the criteria were met",
    "harm_recognised_later": "Seriousness of the harm recognised later",
    "information_awaited": "Waiting for information from another agency",
    "process_delay": "The local authority's own process",
    "other": "Other reason",
    "not_given": "No reason given",
}
_LATE_RAPID_REVIEW_REASONS = {
    "information_awaited": "Agencies' information came late",
    "partner_availability": "Partners could not meet in time",
    "parallel_proceedings": "A criminal investigation, inquest or proceedings alongside",
    "case_complexity": "Several agencies, areas or children",
    "process_delay": "The partnership's own process",
    "other": "Other reason",
    "not_given": "No reason given",
}

LABELS: dict[str, str] = {
    **{f"notifications.type.{k}": v for k, v in _TYPES.items()},
    **{f"type.{k}": v for k, v in _TYPES.items()},
    "notifications.non_fatal": "Non-fatal (serious harm and other)",
    "notifications.total": "Notifications",
    "children.total": "Children",
    **{f"children.gender.{k}": v for k, v in _GENDERS.items()},
    **{f"children.age.{k}": v for k, v in _PANEL_AGE.items()},
    **{f"children.dfe_age.{k}": v for k, v in _DFE_AGE.items()},
    **{f"rep_age.{k}": v for k, v in _REP_AGE.items()},
    **{f"children.ethnic_group.{k}": v for k, v in _ETHNIC.items()},
    **{f"ethnic_group.{k}": v for k, v in _ETHNIC.items()},
    "children.ethnicity.white_british": "White British (of all children)",
    **{f"children.status.{k}": v for k, v in _STATUS.items()},
    **{f"deaths.category.{k}": v for k, v in _DEATHS.items()},
    **{f"non_fatal.category.{k}": v for k, v in _HARM.items()},
    "non_fatal.risk_taking_or_violence.exploitation_background": (
        "Risk-taking or violence with criminal exploitation, gang violence or county lines in the background"
    ),
    "serious_harm.near_miss": "Serious harm incidents that were near misses",
    **{f"notifications.characteristic.{k}": v for k, v in _FLAGS.items()},
    "notifications.domestic_abuse_and_substance": "Domestic abuse with parental alcohol or drug misuse",
    "deaths.characteristic.neglect_feature": "Neglect an underlying feature (of deaths)",
    "non_fatal.characteristic.neglect_feature": "Neglect an underlying feature (of non-fatal incidents)",
    "notifications.on_time": "Notified on time",
    "rapid_reviews.total": "Rapid reviews received",
    "rapid_reviews.on_time": "Rapid reviews submitted on time",
    **{f"rapid_reviews.theme.{k}": v for k, v in _THEMES.items()},
    **{f"rapid_reviews.compared.{k}": _THEMES[k] for k in codes.THEMES_COMPARED},
    "rapid_reviews.lcspr_recommended": "Rapid reviews recommending a local review",
    "lcsprs.total": "Local reviews commissioned",
    "lcsprs.published": "Local reviews published",
    "lcsprs.published_on_time": "Local reviews published on time",
    **{f"notifications.region.{k}": v for k, v in _REGIONS.items()},
    **{f"region.{k}": v for k, v in _REGIONS.items()},
    "half.apr_to_sep": "April to September",
    "half.oct_to_mar": "October to March",
    **{f"late.{k}": v for k, v in _LATE.items()},
    **{f"population.{k}": v for k, v in _POPULATIONS.items()},
    **{f"children.status.{k}": v for k, v in _STATUS_2.items()},
    **{f"notifications.characteristic.{k}": v for k, v in _FLAGS_2.items()},
    "home_educated_children.outcome.died": "Electively home-educated children who died",
    "home_educated_children.outcome.seriously_harmed": "Electively home-educated children seriously harmed",
    "home_educated_children.outcome.other": "Electively home-educated children, other incidents",
    "serious_harm.domestic_abuse": "Serious harm incidents featuring domestic abuse",
    "children.domestic_abuse": "Children in incidents where domestic abuse was a feature",
    **{f"late_notifications.reason.{k}": v for k, v in _LATE_NOTIFICATION_REASONS.items()},
    **{f"late_rapid_reviews.reason.{k}": v for k, v in _LATE_RAPID_REVIEW_REASONS.items()},
    # Not "serious incident notifications": those include looked-after children's deaths with
    # abuse or neglect suspected (measures.SERIOUS_INCIDENT), which this row does not.
    "notifications_received.kind.serious_incident": "Serious incidents (other than deaths of looked-after children)",
    "notifications_received.kind.looked_after_death": "Deaths of looked-after children",
    "notifications_received.kind.care_leaver_death": "Deaths of care leavers (up to and including 24)",
    "looked_after_deaths.abuse_neglect_suspected.yes": "Abuse or neglect suspected",
    "looked_after_deaths.abuse_neglect_suspected.no": "No abuse or neglect suspected",
    "looked_after_deaths.abuse_neglect_suspected.unknown": "Not known whether abuse or neglect is suspected",
    "care_leaver_deaths.age.under_18": "Under 18",
    "care_leaver_deaths.age.18_to_20": "18 to 20",
    "care_leaver_deaths.age.21_to_24": "21 to 24",
    "care_leaver_deaths.age.not_known": "Age not known",
    "population.notifications_received": "notifications of every kind",
    "population.looked_after_deaths": "deaths of looked-after children",
    "population.care_leaver_deaths": "care leavers who died",
    "population.home_educated_children": "electively home-educated children",
    "population.late_notifications": "late notifications",
    "population.late_rapid_reviews": "late rapid reviews",
}


def label(key: str) -> str:
    """The words for a code or measure id; the id itself if none are defined."""
    return LABELS.get(key, key)


def period_label(period: Period) -> str:
    """'2020', '2020 to 2021' (April-March), or '1 July 2018 to 30 November 2019'."""
    start, end = period.start, period.end
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
        return f"April {start.year} to March {end.year}"
    return date_range(start, end)


def category_label(code: str) -> str:
    """A death or harm category's name, as the annual report words it."""
    return _DEATHS.get(code) or _HARM.get(code) or code.replace("_", " ").capitalize()
