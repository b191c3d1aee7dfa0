"""The API's request and response bodies; their field names and codes are the data standard's.

A notification is sent as one notification of the standard's JSON form
(docs/standard/data-standard.md) and checked by the same rules as `cspr import`;
the schema here describes it for the OpenAPI document and for clients' generators.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from ninja import Path as PathParam
from pydantic import AfterValidator, ConfigDict, StrictInt, create_model
from pydantic_core import PydanticCustomError

from cspr.domain import codes
from cspr.domain.standard_cells import first_control_character
from cspr.domain.workflow import RecommendationActionStatus
from cspr.learning.models import RecommendationStatus
from cspr.reviews.models import PracticeReview

Flag = Literal[codes.FLAG_VALUES]
Theme = Literal[codes.THEME_CODES]
# A date as the data standard writes it; a value in another form is refused in its words (cspr.api.problems).
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DateText = Annotated[str, Field(pattern=DATE_PATTERN, examples=["2026-03-02"])]
Ref = Annotated[str, Field(pattern=r"^[A-Za-z0-9_/-]{1,40}$", examples=["BIR/2026/001"])]
# A notification reference in a URL: the data standard's characters; "/" is allowed (sub-resources follow "/~/").
RefPath = Annotated[str, PathParam(..., pattern=r"^[A-Za-z0-9_/-]{1,40}$", examples=["BIR/2026/001"])]
LaCode = Annotated[str, Field(pattern=r"^E(06|08|09|10)[0-9]{6}$", examples=["E08000025"])]
# Strict: true, "1" and 1.0 are not version 1 (nor a document's id).
Version = Annotated[
    StrictInt, Field(ge=1, le=2_147_483_647, description="the version you read; a stale one answers 409")
]


def _no_control_characters(text: str) -> str:
    """Free text holds line breaks and tabs but no other control character, as the standard's description
    (cspr/domain/standard_cells.py): a NUL cannot be stored in PostgreSQL, and the rest are never typed.
    A carriage return is let through here: a case management system on Windows ends its lines with one."""
    found = first_control_character(text, allowed="\n\r\t")
    if found is not None:
        bad = found[1]
        raise PydanticCustomError(
            "control_character",
            "contains the control character 0x{code}: only text, line breaks and tabs",
            {"code": f"{ord(bad):02x}"},
        )
    return text


# Every free-text field and header the API reads.
FreeText = Annotated[str, AfterValidator(_no_control_characters)]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class QueryParams(Schema):
    """An endpoint's query parameters: any other, or one sent twice, is refused (cspr.api.common.query_checked)."""


# --- The data standard's notification, as sent ----------------------------------------------

ChildIn = create_model(
    "ChildIn",
    __base__=Strict,
    child_ref=(Ref, ...),
    gender=(Literal[codes.GENDERS], ...),
    age_years=(
        Annotated[int, Field(ge=codes.MIN_AGE, le=codes.CARE_LEAVER_MAX_AGE)] | None,
        Field(..., description=f"0 to {codes.MAX_AGE}; to {codes.CARE_LEAVER_MAX_AGE} for a care leaver's death"),
    ),
    ethnicity=(Literal[codes.ETHNICITIES], ...),
    outcome=(Literal[codes.OUTCOMES] | None, None),
    **{flag: (Flag | None, None) for flag in codes.CHILD_FLAGS + codes.CHILD_FLAGS_2},
    home_la_code=(
        LaCode | None,
        Field(None, description="where the child normally lives, when not the notifying authority's area"),
    ),
)

NotificationIn = create_model(
    "NotificationIn",
    __base__=Strict,
    notification_ref=(Ref, ...),
    la_code=(LaCode, ...),
    incident_date=(DateText, ...),
    aware_date=(DateText, ...),
    # Empty is today, as in the standard's files: "" is accepted as well as null or leaving it out.
    notified_date=(
        DateText | Literal[""] | None,
        Field(None, description="when the Panel received it; today if empty, null or left out"),
    ),
    incident_type=(Literal[codes.INCIDENT_TYPES], ...),
    death_category=(Literal[codes.DEATH_CATEGORIES] | None, None),
    harm_category=(Literal[codes.HARM_CATEGORIES] | None, None),
    **{flag: (Flag | None, None) for flag in codes.NOTIFICATION_FLAGS},
    # cspr-2
    notification_kind=(Literal[codes.NOTIFICATION_KINDS] | None, Field(None, description="serious_incident if empty")),
    abuse_neglect_suspected=(Flag | None, None),
    **{flag: (Flag | None, None) for flag in codes.NOTIFICATION_FLAGS_2},
    late_notification_reason=(Literal[codes.LATE_NOTIFICATION_REASONS] | None, None),
    late_rapid_review_reason=(Literal[codes.LATE_RAPID_REVIEW_REASONS] | None, None),
    incident_description=(Annotated[FreeText, Field(max_length=codes.DESCRIPTION_MAX)] | None, None),
    children=(Annotated[list[ChildIn], Field(min_length=1, max_length=50)], ...),
)


class NotificationAmendIn(Strict):
    version: Version
    reason: Annotated[FreeText, Field(min_length=1, max_length=2000, description="why the record is corrected")]
    changes: dict[str, Any] = Field(
        default_factory=dict, description="columns of the standard's notification and their corrected values"
    )
    children: list[dict[str, Any]] | None = Field(
        None, max_length=50, description="every child the notification should have (whole rows), if they change"
    )


# --- Responses --------------------------------------------------------------------------------

ChildOut = create_model(
    "ChildOut",
    __base__=Schema,
    child_ref=(str, ...),
    gender=(str, ...),
    age_years=(int | None, ...),
    ethnicity=(str, ...),
    outcome=(str, ...),
    **{flag: (str, ...) for flag in codes.CHILD_FLAGS + codes.CHILD_FLAGS_2},
    home_la_code=(str | None, ...),
)


class Links(Schema):
    self: str
    rapid_review: str
    panel_response: str
    lcspr: str


NotificationOut = create_model(
    "NotificationOut",
    __base__=Schema,
    notification_ref=(str, ...),
    version=(int, ...),
    la_code=(str, ...),
    partnership=(str, ...),
    incident_date=(date, ...),
    aware_date=(date, ...),
    notified_date=(date, ...),
    notification_due_date=(date, ...),
    incident_type=(str, ...),
    death_category=(str | None, ...),
    harm_category=(str | None, ...),
    **{flag: (str, ...) for flag in codes.NOTIFICATION_FLAGS},
    notification_kind=(str, ...),
    abuse_neglect_suspected=(str, ...),
    **{flag: (str, ...) for flag in codes.NOTIFICATION_FLAGS_2},
    late_notification_reason=(str | None, ...),
    late_rapid_review_reason=(str | None, ...),
    incident_description=(str, ...),
    rapid_review_status=(str | None, ...),
    lcspr_status=(str | None, ...),
    children=(list[ChildOut], ...),
    links=(Links, ...),
)


class NotificationSummary(Schema):
    notification_ref: str
    version: int
    la_code: str
    partnership: str
    incident_type: str
    incident_date: date
    notified_date: date
    notification_due_date: date
    rapid_review_status: str | None
    lcspr_status: str | None
    self: str


class NotificationPage(Schema):
    items: list[NotificationSummary]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last")


class ChildrenOut(Schema):
    notification_ref: str
    children: list[ChildOut]


# --- The rapid review and the Panel's response ------------------------------------------------


class RapidReviewOut(Schema):
    notification_ref: str
    version: int
    status: str
    due_date: date | None  # none when no rapid review is required (a death without suspected abuse)
    due_rule: str
    submitted_date: date | None
    facts: str
    agencies_involved: list[Any]
    immediate_actions: str
    learning: str
    decision_reasons: str
    lcspr_recommended: str
    themes: list[str]
    panel_query: str
    answered_date: date | None  # the partners' latest answer to a Panel question (the first send date is kept)
    panel_answer: str


class RapidReviewSaveIn(Strict):
    version: Version
    facts: Annotated[FreeText, Field(max_length=100_000)] | None = None
    agencies_involved: Annotated[list[Annotated[FreeText, Field(max_length=200)]], Field(max_length=50)] | None = None
    immediate_actions: Annotated[FreeText, Field(max_length=100_000)] | None = None
    learning: Annotated[FreeText, Field(max_length=100_000)] | None = None
    decision_reasons: Annotated[FreeText, Field(max_length=100_000)] | None = None
    lcspr_recommended: Flag | None = None
    themes: Annotated[list[Theme], Field(max_length=len(codes.THEME_CODES))] | None = Field(
        None, description="replaces the themes; leave out to keep them"
    )


class RapidReviewSubmitIn(Strict):
    version: Version
    submitted_date: DateText = Field(
        description="the day it was sent; after a Panel question, the day the answer was sent "
        "(the first send date is kept)"
    )
    lcspr_recommended: Flag
    themes: Annotated[list[Theme], Field(max_length=len(codes.THEME_CODES))]
    answer: Annotated[FreeText, Field(max_length=100_000)] = Field(
        "", description="the partners' answer: required when the Panel has asked a question"
    )


class PanelResponseOut(Schema):
    notification_ref: str
    rapid_review_status: str
    submitted_date: date | None
    panel_response_date: date | None
    national_review: str
    panel_query: str
    answered_date: date | None
    panel_answer: str


# --- The local review (LCSPR) -----------------------------------------------------------------


class MilestoneOut(Schema):
    kind: str
    completed_date: date
    note: str


class LcsprOut(Schema):
    notification_ref: str
    version: int
    status: str
    decision_date: date
    final_report_due_date: date
    final_report_date: date | None
    publication_due_date: date
    published_date: date | None
    delay_reasons: str
    milestones: list[MilestoneOut]


class MilestoneIn(Strict):
    version: Version
    kind: Literal[
        "reviewer_appointed",
        "terms_of_reference",
        "practitioners_involved",
        "family_involved",
        "draft_report",
        "partners_sign_off",
    ]
    completed_date: DateText
    note: Annotated[FreeText, Field(max_length=10_000)] = ""


class FinalReportIn(Strict):
    version: Version
    final_report_date: DateText


class PublishIn(Strict):
    """Publication joins the learning repository: the report's title and summary go there."""

    version: Version
    published_date: DateText
    title: Annotated[FreeText, Field(min_length=1, max_length=300)]
    learning_summary: Annotated[FreeText, Field(max_length=10_000)] = ""
    final_report_document_id: StrictInt | None = None
    # As long as the column that keeps it (the learning repository's source_url is as long).
    final_report_url: Annotated[
        str, Field(max_length=PracticeReview._meta.get_field("final_report_url").max_length)
    ] = ""
    delay_reasons: Annotated[FreeText, Field(max_length=10_000)] = ""
    outstanding_reason: Annotated[FreeText, Field(max_length=10_000)] = ""


# --- Deadlines, statistics, learning ----------------------------------------------------------


class DeadlineOut(Schema):
    item: str
    kind: str
    notification_ref: str
    due_date: date
    working_days_left: int
    overdue: bool
    rule: str


class DeadlinesOut(Schema):
    today: date
    items: list[DeadlineOut]


class SearchHitOut(Schema):
    review_id: int
    title: str
    year: int
    review_type: str
    area: str
    snippet: str = Field(description="the best passage; matched words in [brackets]")


class SearchOut(Schema):
    query: str
    total: int
    items: list[SearchHitOut]
    next_cursor: str | None
    notices: list[str]


# --- A review's recommendations and the partnerships' actions on them ---------------------------

RecommendationStatusCode = Literal[tuple(RecommendationStatus.values)]
ActionStatusCode = Literal[tuple(str(status) for status in RecommendationActionStatus)]
# A recommendation's number in the report: its range is the action's rule, refused in the page's words.
Position = StrictInt
OneLine = Annotated[FreeText, Field(max_length=150)]  # as long as the columns that keep them
LongText = Annotated[FreeText, Field(max_length=100_000)]


class RecommendationLinks(Schema):
    actions: str
    review_recommendations: str


class RecommendationOut(Schema):
    id: int
    version: int
    review_id: int
    position: int
    text: str
    owner_agency: str
    due_date: date | None
    status: str
    links: RecommendationLinks


class RecommendationsOut(Schema):
    review_id: int
    title: str
    items: list[RecommendationOut]


class RecommendationIn(Strict):
    position: Position | None = Field(None, description="its number in the report; the next one if left out")
    text: LongText = Field(description="in the report's words")
    owner_agency: OneLine = Field("", description="to whom the report addresses it")
    due_date: DateText | None = None
    status: RecommendationStatusCode = "open"


class RecommendationChangeIn(Strict):
    """The fields sent are changed; those left out are kept. Only due_date may be null (no due date)."""

    version: Version
    # A default of None marks "left out"; null itself is refused (the type is not nullable).
    position: Position = None
    text: LongText = None
    owner_agency: OneLine = None
    due_date: DateText | None = None
    status: RecommendationStatusCode = None
    reason: Annotated[FreeText, Field(max_length=500)] = Field("", description="why it changes (optional)")


class ActionOut(Schema):
    id: int
    version: int
    recommendation_id: int
    partnership: str
    description: str
    owning_agency: str
    owner: str
    due_date: date
    status: str
    overdue: bool
    completion_evidence: str
    completed_on: date | None
    impact: str
    impact_measure: str
    impact_recorded_on: date | None
    self: str


class ActionsOut(Schema):
    recommendation: RecommendationOut
    items: list[ActionOut]


class ActionIn(Strict):
    description: LongText = Field(description="what will be done")
    owning_agency: OneLine
    owner: OneLine = Field(description="the person or post responsible")
    due_date: DateText


class ActionChangeIn(Strict):
    """Progress (status, evidence, date completed) or details (what, who, when due): the fields sent
    are changed, those left out kept. Only completed_on may be null (a completed action: today)."""

    version: Version
    status: ActionStatusCode = None
    description: LongText = None
    owning_agency: OneLine = None
    owner: OneLine = None
    due_date: DateText = None
    completion_evidence: LongText = None
    completed_on: DateText | None = None
    reason: Annotated[FreeText, Field(max_length=2000)] = Field(
        "", description="why it changes; required to withdraw the action"
    )


class ProblemOut(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict[str, str]] | None = None
    current: dict[str, Any] | None = Field(None, description="409 only: the record as it is now")


class TokenInfoOut(Schema):
    name: str
    organisation: str
    role: str
    scopes: list[str]
    expires_at: datetime
