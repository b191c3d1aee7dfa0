"""The only writers of briefings and practice content.

`briefing_generate` makes a briefing and records it. The slow part (counting,
disclosure control, rendering a PDF or DOCX) runs *before* the transaction, so
a database write lock is never held while a document is drawn; the short
atomic `briefing_record` then stores the file and its audit event together.
The CLI (`cspr briefing`) and the service call the same functions.
"""

import hashlib
from datetime import date

from django.utils import timezone

from cspr.briefings.agencies import read_agency
from cspr.briefings.compose import compose
from cspr.briefings.document import Document
from cspr.briefings.gather import DEFINITION, gather
from cspr.briefings.models import FORMATS, KINDS, Briefing, PracticeContent, PracticeContentVersion
from cspr.briefings.practice import PracticeContentError, check_entry, check_resource, non_year_numbers
from cspr.briefings.render import render
from cspr.core import audit
from cspr.core.models import Partnership
from cspr.core.writes import lock, save
from cspr.domain.measures import Period
from cspr.domain.refusal import Refused, StaleRecord
from cspr.domain.report_build import DisclosureError
from cspr.stats.report import policy as published_policy
from cspr.stats.report import resolve_period
from cspr.stats.report import threshold as published_threshold

EDITABLE = ("title", "summary", "practice_points", "reflective_questions", "resources")

__all__ = [
    "StaleRecord",
    "BriefingError",
    "briefing_document",
    "briefing_generate",
    "briefing_record",
    "practice_content_update",
]


class BriefingError(ValueError):
    """What was asked for cannot be made (an unknown partnership, a kind without one ...)."""


def _partnership(kind: str, code: str | None) -> Partnership | None:
    if kind not in KINDS:
        raise BriefingError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    if kind != "partnership":
        if code:
            raise BriefingError("only a partnership briefing is for one partnership; leave the partnership out")
        return None
    if not code:
        raise BriefingError("a partnership briefing needs a partnership code")
    found = Partnership.objects.filter(code=code).first()
    if found is None:
        raise BriefingError(f"there is no partnership with the code {code!r}")
    return found


def briefing_document(
    *,
    kind: str,
    year: int | None = None,
    partnership_code: str | None = None,
    as_of: date | None = None,
    threshold: int | None = None,
    policy: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    agency: str | None = None,
) -> tuple[Document, dict]:
    """The briefing as a Document, and the parameters that make it again. Reads only.

    The period is a calendar `year`, or `date_from` to `date_to` (the Panel's first report
    covered 17 months: 2018-06-29 to 2019-12-31)."""
    partnership = _partnership(kind, partnership_code)
    resources = _agency(kind, agency)
    try:
        period = resolve_period(year=year, date_from=date_from, date_to=date_to)
    except ValueError as error:
        raise BriefingError(str(error)) from None
    as_of = as_of or timezone.localdate()
    threshold = threshold or published_threshold()
    policy = policy or published_policy()
    try:
        gathered = gather(
            kind=kind,
            period=period,
            as_of=as_of,
            threshold=threshold,
            partnership=partnership,
            policy=policy,
            agency=resources,
        )
    except DisclosureError as error:
        raise BriefingError(f"the figures cannot be published: {error}") from None
    parameters = {
        "year": year,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "kind": kind,
        "partnership": partnership.code if partnership else None,
        "as_of": as_of.isoformat(),
        "threshold": threshold,
        "policy": policy,
        "definition": DEFINITION,
        "practice_content": gathered.practice_versions(),
    }
    if resources:  # the agency's resource list, traceable to the file's exact text
        parameters["agency"] = {"code": resources.code, "sha256": resources.sha256}
    return compose(gathered), parameters


def _agency(kind: str, code: str | None):
    """An agency briefing's own resource list (cspr/briefings/data/agencies/CODE.toml), or none."""
    if not code:
        return None
    if kind != "agency":
        raise BriefingError("only an agency briefing is for one agency; leave the agency out")
    try:
        return read_agency(code)
    except PracticeContentError as error:
        raise BriefingError(str(error)) from None


def briefing_generate(
    *,
    actor,
    kind: str,
    year: int | None,
    fmt: str,
    partnership_code: str | None = None,
    as_of: date | None = None,
    request=None,
    progress=None,
    date_from: date | None = None,
    date_to: date | None = None,
    agency: str | None = None,
) -> Briefing:
    """Make a briefing and record it (file, hash, parameters, audit event).

    `progress`, when given, is called with the name of each step as it begins (the command's bar)."""
    if actor is None or getattr(actor, "pk", None) is None:
        raise ValueError("briefing_generate needs an actor: every briefing is attributed to someone")
    if fmt not in FORMATS:
        raise BriefingError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    step = progress or (lambda name: None)
    step("figures and content")
    doc, parameters = briefing_document(
        kind=kind,
        year=year,
        partnership_code=partnership_code,
        as_of=as_of,
        date_from=date_from,
        date_to=date_to,
        agency=agency,
    )
    step(f"writing {fmt}")
    content = render(doc, fmt)
    step("recording")
    return briefing_record(
        actor=actor, doc=doc, parameters={**parameters, "format": fmt}, content=content, request=request
    )


def _period_of(parameters: dict) -> Period:
    """The period the parameters name (briefings made before ranges have only a year)."""
    if parameters.get("year"):
        return resolve_period(year=parameters["year"])
    first, last = date.fromisoformat(parameters["from"]), date.fromisoformat(parameters["to"])
    return resolve_period(date_from=first, date_to=last)


def file_name(parameters: dict) -> str:
    who = f"-{parameters['partnership']}" if parameters.get("partnership") else ""
    who += f"-{parameters['agency']['code']}" if parameters.get("agency") else ""
    when = parameters["year"] or f"{parameters['from']}-to-{parameters['to']}"
    return f"briefing-{parameters['kind']}{who}-{when}.{parameters['format']}"


@audit.action
def briefing_record(*, actor, doc: Document, parameters: dict, content: bytes, request=None) -> Briefing:
    period: Period = _period_of(parameters)
    briefing = Briefing.objects.create(
        kind=parameters["kind"],
        title=doc.title,
        period_start=period.start,
        period_end=period.end,
        partnership_id=parameters.get("partnership"),
        format=parameters["format"],
        as_of=date.fromisoformat(parameters["as_of"]),
        threshold=parameters["threshold"],
        parameters=parameters,
        file_name=file_name(parameters),
        content=content,
        content_sha256=hashlib.sha256(content).hexdigest(),
        size_bytes=len(content),
        created_by=actor,
        created_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="briefing.generate",
        object_type="briefing",
        object_id=briefing.pk,
        changed_fields={
            "kind": briefing.kind,
            "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
            "partnership": briefing.partnership_id or "",
            "format": briefing.format,
            "sha256": briefing.content_sha256,
        },
        request=request,
    )
    return briefing


# What a page calls each field, for a refusal about one that is missing.
_FIELD_NAMES = {
    "title": "a title",
    "summary": "what reviews tend to find",
    "practice_points": "at least one practice point",
    "reflective_questions": "at least one question",
    "resources": "at least one resource",
}


def _refuse_problems(snapshot: dict) -> None:
    """Refuse the entry's first problem against the field it is in (a page shows it there)."""
    for field in EDITABLE:
        value = snapshot.get(field)
        if not value or (isinstance(value, str) and not value.strip()):
            raise Refused(field, f"enter {_FIELD_NAMES[field]}")
        texts = [value] if isinstance(value, str) else value
        if field == "resources":
            texts = [resource.get("title", "") for resource in value]
        for line, text in enumerate(texts, start=1):
            numbers = non_year_numbers(text)
            if numbers:
                where = "" if isinstance(value, str) else f" (line {line})"
                raise Refused(
                    field,
                    f"write numbers as words{where}, not {numbers[0]}: only years are in figures, "
                    "so that every figure in a briefing is one of its statistics",
                )
        for resource in value if field == "resources" else ():
            problems = check_resource(resource)
            if problems:
                raise Refused(field, problems[0])
    problems = check_entry(snapshot)  # any check practice.py has and the ones above do not
    if problems:
        raise Refused(None, "; ".join(problems))


@audit.action
def practice_content_update(
    *, actor, content_id: int, version: int | None, changes: dict, reason: str = "", request=None
) -> PracticeContent:
    """Save a new version of one entry: checked, versioned, audited; a stale version is refused."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise Refused(None, f"these fields cannot be changed here: {', '.join(sorted(unknown))}")
    content = lock(PracticeContent, content_id, version)
    snapshot = {**content.snapshot(), **changes}
    _refuse_problems(snapshot)
    changed = [name for name in EDITABLE if snapshot[name] != getattr(content, name)]
    if not changed:
        return content
    now = timezone.now()
    content.updated_at, content.updated_by = now, actor
    save(content, {name: snapshot[name] for name in changed}, also=("updated_at", "updated_by"))
    PracticeContentVersion.objects.create(
        content=content, version=content.version, snapshot=snapshot, changed_by=actor, changed_at=now, reason=reason
    )
    audit.record(
        actor=actor,
        action="briefings.practice_content.update",
        object_type="practicecontent",
        object_id=content.pk,
        changed_fields={"entry": f"{content.kind}:{content.code}", "fields": changed, "version": content.version},
        reason=reason,
        request=request,
    )
    return content
