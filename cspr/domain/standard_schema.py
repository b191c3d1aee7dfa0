"""The data standard as machine-readable schemas, built from the same vocabulary the import reads.

`json_schema()` describes the JSON form (JSON Schema, draft 2020-12) and
`table_schema()` the CSV form (a Frictionless Table Schema). Both are published
under docs/standard/ (`cspr standard-schema` writes them; a test keeps the files
equal to what this module builds, and checks every export against them). They
describe the shape and the value rules of one cell; the rules that relate one
field to another (a death needs a death_category, dates in order, an LA code valid
on the incident date) are the import's and are listed in data-standard.md.
"""

from cspr.domain import codes
from cspr.domain.standard_cells import LA_CODE_PATTERN, REF_PATTERN

DATE = r"^\d{4}-\d{2}-\d{2}$"
SCHEMA_BASE = "https://github.com/cspr/cspr/blob/main/docs/standard/"
JSON_SCHEMA_FILE = f"{codes.STANDARD}.schema.json"
TABLE_SCHEMA_FILE = f"{codes.STANDARD}.tableschema.json"

DATES = {
    "incident_date",
    "aware_date",
    "notified_date",
    "rr_submitted_date",
    "rr_panel_response_date",
    "lcspr_decision_date",
    "lcspr_final_report_date",
    "lcspr_published_date",
    *codes.COMPUTED_COLUMNS,
}
FLAGS = {
    *codes.NOTIFICATION_FLAGS,
    *codes.NOTIFICATION_FLAGS_2,
    *codes.CHILD_FLAGS,
    *codes.CHILD_FLAGS_2,
    "rr_lcspr_recommended",
    "rr_national_review",
    "abuse_neglect_suspected",
}
CODES = {
    "notification_kind": codes.NOTIFICATION_KINDS,
    "incident_type": codes.INCIDENT_TYPES,
    "death_category": codes.DEATH_CATEGORIES,
    "harm_category": codes.HARM_CATEGORIES,
    "late_notification_reason": codes.LATE_NOTIFICATION_REASONS,
    "late_rapid_review_reason": codes.LATE_RAPID_REVIEW_REASONS,
    "gender": codes.GENDERS,
    "ethnicity": codes.ETHNICITIES,
    "outcome": codes.OUTCOMES,
}
REFS = {"notification_ref", "child_ref"}
# Values that may not be empty (REQUIRED_VALUES of standard.py, whose module this one cannot import
# without a cycle, is checked against this by a test).
REQUIRED = {
    "notification_ref",
    "la_code",
    "incident_date",
    "aware_date",
    "notified_date",
    "incident_type",
    "child_ref",
    "gender",
    "ethnicity",
}
# A reference that is not a formula to a spreadsheet: REF_PATTERN already refuses the
# first characters -, +, = and @.
REF = REF_PATTERN.pattern
DESCRIPTION = r"^(?![-+=@])[^\u0000-\u0008\u000b-\u001f\u007f]*$"


def _json_value(column: str, *, nullable: bool) -> dict:
    """One field's JSON Schema: a string of a pattern or a code list, or null where empty is allowed."""
    if column in FLAGS:
        schema: dict = {"enum": [*codes.FLAG_VALUES, None] if nullable else list(codes.FLAG_VALUES)}
        return schema
    if column in CODES:
        return {"enum": [*CODES[column], None] if nullable else list(CODES[column])}
    if column in DATES:
        schema = {"type": "string", "pattern": DATE, "format": "date"}
    elif column in REFS:
        schema = {"type": "string", "pattern": REF}
    elif column in ("la_code", "home_la_code"):
        schema = {"type": "string", "pattern": LA_CODE_PATTERN.pattern}
    elif column == "age_years":
        # to 24 for a care leaver's death; 17 for every other kind (a rule between fields)
        schema = {"type": "integer", "minimum": codes.MIN_AGE, "maximum": codes.CARE_LEAVER_MAX_AGE}
    elif column == "rr_themes":
        schema = {"type": "array", "items": {"enum": list(codes.THEME_CODES)}, "uniqueItems": True}
    elif column == "incident_description":
        schema = {"type": "string", "maxLength": codes.DESCRIPTION_MAX, "pattern": DESCRIPTION}
    else:  # pragma: no cover - a new column must be described above
        raise KeyError(f"no schema for column {column}")
    if nullable:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


def _object(columns, *, strip: str = "") -> dict:
    properties = {
        column.removeprefix(strip): _json_value(column, nullable=column not in REQUIRED) for column in columns
    }
    return {"type": "object", "properties": properties, "additionalProperties": False}


def json_schema() -> dict:
    """The JSON form of the newest version (`{"standard": ..., "notifications": [...]}`)."""
    top = [
        c
        for c in codes.NOTIFICATION_COLUMNS
        if c not in codes.RAPID_REVIEW_FIELDS and c not in codes.PRACTICE_REVIEW_FIELDS
    ]
    notification = _object([*top, *codes.COMPUTED_COLUMNS])
    notification["properties"][codes.VERSION_COLUMN] = {"type": "integer", "minimum": 1}
    child = _object(codes.CHILD_COLUMNS)
    child["required"] = ["child_ref", "gender", "age_years", "ethnicity"]
    child["properties"]["age_years"] = _json_value("age_years", nullable=True)
    rapid_review = _object(codes.RAPID_REVIEW_FIELDS, strip="rr_")
    rapid_review["required"] = [codes.NESTED_REQUIRED["rapid_review"]]
    practice_review = _object(codes.PRACTICE_REVIEW_FIELDS, strip="lcspr_")
    practice_review["required"] = [codes.NESTED_REQUIRED["practice_review"]]
    notification["properties"] |= {
        "children": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/child"}},
        "rapid_review": {"anyOf": [{"$ref": "#/$defs/rapid_review"}, {"type": "null"}]},
        "practice_review": {"anyOf": [{"$ref": "#/$defs/practice_review"}, {"type": "null"}]},
    }
    notification["required"] = [c for c in codes.REQUIRED_COLUMNS if c in top] + ["children"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + JSON_SCHEMA_FILE,
        "title": f"cspr data standard, version {codes.STANDARD} (JSON form)",
        "description": (
            "Serious incident notifications, their children, rapid reviews and local reviews. "
            "Rules between fields are in data-standard.md; cspr import checks them."
        ),
        "type": "object",
        "properties": {
            "standard": {"const": codes.STANDARD},
            "notifications": {"type": "array", "items": {"$ref": "#/$defs/notification"}},
        },
        "required": ["standard", "notifications"],
        "additionalProperties": False,
        "$defs": {
            "notification": notification,
            "child": child,
            "rapid_review": rapid_review,
            "practice_review": practice_review,
        },
    }


def _table_field(column: str) -> dict:
    field: dict = {"name": column}
    constraints: dict = {}
    if column in FLAGS:
        field["type"] = "string"
        constraints["enum"] = list(codes.FLAG_VALUES)
    elif column in CODES:
        field["type"] = "string"
        constraints["enum"] = list(CODES[column])
    elif column in DATES:
        field |= {"type": "date", "format": "default"}
    elif column in REFS:
        field["type"] = "string"
        constraints["pattern"] = REF.removeprefix("^").removesuffix("$")
    elif column in ("la_code", "home_la_code"):
        field["type"] = "string"
        constraints["pattern"] = LA_CODE_PATTERN.pattern.removeprefix("^").removesuffix("$")
    elif column == "age_years":
        field["type"] = "integer"
        constraints |= {"minimum": codes.MIN_AGE, "maximum": codes.CARE_LEAVER_MAX_AGE}
    elif column == "rr_themes":
        field["type"] = "string"
        themes = "|".join(codes.THEME_CODES)
        constraints["pattern"] = f"({themes})(;({themes}))*"
    elif column == "incident_description":
        field["type"] = "string"
        constraints |= {"maxLength": codes.DESCRIPTION_MAX, "pattern": DESCRIPTION.removeprefix("^").removesuffix("$")}
    elif column == codes.VERSION_COLUMN:
        field["type"] = "integer"
        constraints["minimum"] = 1
    else:  # pragma: no cover - a new column must be described above
        raise KeyError(f"no schema for column {column}")
    if column in REQUIRED:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema() -> dict:
    """The CSV form: every column an export writes, in its order (one row per child)."""
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "title": f"cspr data standard, version {codes.STANDARD} (CSV form, one row per child)",
        "description": (
            "Flags written in full by cspr export (an import also reads an empty flag as unknown). "
            "Rules between fields are in data-standard.md; cspr import checks them."
        ),
        "fields": [_table_field(column) for column in codes.ALL_COLUMNS],
        "missingValues": [""],
        "primaryKey": ["notification_ref", "child_ref"],
    }
