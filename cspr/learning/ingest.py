"""Checking review documents and their metadata before anything is written.

`cspr learning add FILE --meta META.json` and `cspr learning import DIR` both
come through here: every file is extracted and every metadata file checked,
all problems are collected, and only a batch with none reaches the actions
(one transaction). A broken file never leaves a half-loaded review behind.

META.json (all keys but `title`, `review_type` and `year` optional):

    {"title": "...", "review_type": "lcspr", "year": 2021, "publication_date": "2021-06-30",
     "partnership": "<partnership code>", "local_authority": "E09000001", "area_name": "...",
     "child_age_band": "under_1", "incident_type": "serious_harm",
     "incident_categories": ["physical_abuse"], "learning_summary": "...",
     "recommendations": [{"text": "...", "owner_agency": "...", "due_date": "2022-03-31",
                          "status": "open"}],
     "themes": ["information_sharing"], "characteristics": ["domestic_abuse"],
     "notification_ref": "N-123", "source_url": "https://...", "published": true}

In a directory, each document `NAME.pdf` (or .docx, .html, .txt) has its
metadata beside it in `NAME.json`.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from cspr.cases.models import Notification
from cspr.core.models import LocalAuthority, Partnership
from cspr.domain import codes
from cspr.domain.standard_cells import single_line_problem
from cspr.domain.themes import CHARACTERISTIC_CODES
from cspr.learning.extract import EXTENSIONS, ExtractedDocument, ExtractionError, extract
from cspr.learning.models import INCIDENT_CATEGORIES, AgeBand, RecommendationStatus, ReviewType, SourceDocument

ALLOWED_KEYS = {
    "title", "review_type", "year", "publication_date", "partnership", "local_authority", "area_name",
    "child_age_band", "incident_type", "incident_categories", "learning_summary", "recommendations", "themes",
    "characteristics", "notification_ref", "source_url", "published",
}  # fmt: skip
RECOMMENDATION_KEYS = {"text", "owner_agency", "due_date", "status"}


class IngestFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s); nothing was added")
        self.errors = errors


@dataclass
class RecommendationData:
    text: str
    owner_agency: str = ""
    due_date: date | None = None
    status: str = RecommendationStatus.NOT_KNOWN


@dataclass
class ReviewMetadata:
    """Checked metadata for one review, ready for `review_add`."""

    title: str
    review_type: str
    year: int
    publication_date: date | None = None
    partnership: Partnership | None = None
    local_authority: LocalAuthority | None = None
    area_name: str = ""
    child_age_band: str = AgeBand.NOT_KNOWN
    incident_type: str = ""
    incident_categories: list[str] = field(default_factory=list)
    learning_summary: str = ""
    recommendations: list[RecommendationData] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)
    notification: Notification | None = None
    source_url: str = ""
    published: bool = True


@dataclass
class IngestItem:
    metadata: ReviewMetadata
    document: ExtractedDocument | None
    label: str  # the file name, for messages


def parse_metadata(data: object, where: str = "") -> tuple[ReviewMetadata | None, list[str]]:
    """Check one metadata object; return it with no problems, or None and every problem found."""
    prefix = f"{where}: " if where else ""
    if not isinstance(data, dict):
        return None, [f"{prefix}metadata must be a JSON object"]
    errors: list[str] = []

    def problem(key: str, message: str) -> None:
        errors.append(f"{prefix}{key}: {message}")

    for key in sorted(set(data) - ALLOWED_KEYS):
        problem(key, "unknown key (check the spelling; see docs/learning.md)")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 300:
        problem("title", "required text of up to 300 characters")
    else:
        _one_line(title.strip(), "title", problem)
    review_type = data.get("review_type")
    if review_type not in ReviewType.values:
        problem("review_type", f"must be one of {', '.join(ReviewType.values)}")
    publication_date = _date(data.get("publication_date"), "publication_date", problem)
    year = data.get("year", publication_date.year if publication_date else None)
    if not isinstance(year, int) or isinstance(year, bool) or not 1945 <= year <= 2100:
        problem("year", "required: the year of publication (1945 to 2100)")
    elif publication_date and publication_date.year != year:
        problem("year", f"{year} is not the year of publication_date {publication_date.isoformat()}")
    metadata = ReviewMetadata(title=(title or "").strip(), review_type=review_type or "", year=year or 0)
    metadata.publication_date = publication_date
    _area(data, metadata, problem)
    metadata.child_age_band = data.get("child_age_band", AgeBand.NOT_KNOWN)
    if metadata.child_age_band not in AgeBand.values:
        problem("child_age_band", f"must be one of {', '.join(AgeBand.values)}")
    metadata.incident_type = data.get("incident_type", "")
    if metadata.incident_type not in (*codes.INCIDENT_TYPES, ""):
        problem("incident_type", f"must be one of {', '.join(codes.INCIDENT_TYPES)} (or left out)")
    metadata.incident_categories = _codes(data, "incident_categories", INCIDENT_CATEGORIES, problem)
    metadata.themes = _codes(data, "themes", codes.THEME_CODES, problem)
    metadata.characteristics = _codes(data, "characteristics", CHARACTERISTIC_CODES, problem)
    metadata.learning_summary = _text(data, "learning_summary", problem)
    metadata.recommendations = _recommendations(data.get("recommendations", []), problem)
    metadata.source_url = _text(data, "source_url", problem)
    if metadata.source_url and _one_line(metadata.source_url, "source_url", problem):
        try:
            URLValidator(schemes=["http", "https"])(metadata.source_url)
        except ValidationError:
            problem("source_url", "must be an http or https address")
    published = data.get("published", True)
    if not isinstance(published, bool):
        problem("published", "must be true or false")
    metadata.published = published is True
    ref = data.get("notification_ref")
    if ref is not None:
        metadata.notification = Notification.objects.filter(ref=ref).first()
        if metadata.notification is None:
            problem("notification_ref", f"no notification {ref!r} in the case register")
    return (None, errors) if errors else (metadata, [])


def _date(value, key: str, problem: Callable) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        problem(key, f"{value!r} is not a date (YYYY-MM-DD)")
        return None


def _text(data: dict, key: str, problem: Callable) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        problem(key, "must be text")
        return ""
    return value.strip()


def _one_line(value: str, key: str, problem: Callable) -> bool:
    """Whether a title, name or address is one line: a line break or control character is a problem.

    A title with a line break stopped every reminder email (its subject): see single_line_problem."""
    if found := single_line_problem(value):
        problem(key, found)
        return False
    return True


def _codes(data: dict, key: str, allowed, problem: Callable) -> list[str]:
    values = data.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        problem(key, "must be a list of codes")
        return []
    unknown = [v for v in values if v not in allowed]
    if unknown:
        problem(key, f"unknown code(s) {', '.join(unknown)}")
    return list(dict.fromkeys(v for v in values if v in allowed))


def _area(data: dict, metadata: ReviewMetadata, problem: Callable) -> None:
    metadata.area_name = _text(data, "area_name", problem)
    _one_line(metadata.area_name, "area_name", problem)
    if "partnership" in data:
        metadata.partnership = Partnership.objects.filter(code=data["partnership"]).first()
        if metadata.partnership is None:
            problem("partnership", f"no partnership with code {data['partnership']!r} in the reference data")
    if "local_authority" in data:
        metadata.local_authority = LocalAuthority.objects.filter(gss_code=data["local_authority"]).first()
        if metadata.local_authority is None:
            problem("local_authority", f"no local authority {data['local_authority']!r} in the reference data")


def _recommendations(values, problem: Callable) -> list[RecommendationData]:
    if not isinstance(values, list):
        problem("recommendations", "must be a list")
        return []
    result = []
    for number, value in enumerate(values, start=1):
        key = f"recommendations[{number}]"
        if isinstance(value, str):
            value = {"text": value}
        if not isinstance(value, dict) or not isinstance(value.get("text"), str) or not value["text"].strip():
            problem(key, "needs text")
            continue
        for extra in sorted(set(value) - RECOMMENDATION_KEYS):
            problem(f"{key}.{extra}", "unknown key")
        status = value.get("status", RecommendationStatus.NOT_KNOWN)
        if status not in RecommendationStatus.values:
            problem(f"{key}.status", f"must be one of {', '.join(RecommendationStatus.values)}")
        owner = value.get("owner_agency", "")
        if not isinstance(owner, str) or len(owner) > 150:
            problem(f"{key}.owner_agency", "must be text of up to 150 characters")
            owner = ""
        _one_line(owner.strip(), f"{key}.owner_agency", problem)
        due = _date(value.get("due_date"), f"{key}.due_date", problem)
        result.append(RecommendationData(value["text"].strip(), owner.strip(), due, status))
    return result


def read_metadata_file(path: Path) -> tuple[ReviewMetadata | None, list[str]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [f"{path.name}: metadata file not found"]
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, [f"{path.name}: not valid JSON ({error})"]
    return parse_metadata(data, path.name)


def prepare_file(path: Path, meta_path: Path) -> tuple[IngestItem | None, list[str]]:
    """Extract one document and check its metadata; problems are prefixed with the file's name."""
    errors: list[str] = []
    metadata, meta_errors = read_metadata_file(meta_path)
    errors.extend(meta_errors)
    document = None
    try:
        document = extract(path)
    except ExtractionError as error:
        errors.append(f"{path.name}: {error}")
    if document is not None:
        existing = SourceDocument.objects.filter(sha256=document.sha256).values_list("review_id", flat=True).first()
        if existing:
            errors.append(f"{path.name}: this document is already in the repository (review {existing})")
    if errors:
        return None, errors
    return IngestItem(metadata, document, path.name), []


def prepare_directory(directory: Path, progress: Callable[[str], None] | None = None) -> list[IngestItem]:
    """Check every document in a directory; raise IngestFailed listing every problem, or return them all."""
    directory = Path(directory)
    if not directory.is_dir():
        raise IngestFailed([f"{directory}: not a directory"])
    documents, errors = [], []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or path.is_dir() or path.suffix.lower() == ".json":
            continue
        if path.suffix.lower() not in EXTENSIONS:
            kind = path.suffix or "files without an extension"
            errors.append(f"{path.name}: {kind} not supported (PDF, DOCX, HTML, TXT)")
            continue
        documents.append(path)
    for path in sorted(directory.glob("*.json")):
        if not any(doc.stem == path.stem for doc in documents):
            errors.append(f"{path.name}: metadata with no document beside it")
    if not documents and not errors:
        raise IngestFailed([f"{directory}: no documents to import"])
    items: list[IngestItem] = []
    hashes: dict[str, str] = {}
    for path in documents:
        item, problems = prepare_file(path, path.with_suffix(".json"))
        errors.extend(problems)
        if item is not None:
            if item.document.sha256 in hashes:
                errors.append(f"{path.name}: the same document as {hashes[item.document.sha256]}")
            hashes[item.document.sha256] = path.name
            items.append(item)
        if progress:
            progress(path.name)
    if errors:
        raise IngestFailed(errors)
    return items
