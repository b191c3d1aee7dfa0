"""Practice content: the seed file, its checks, and loading it as version one.

The seed (cspr/briefings/data/practice_content.toml) is read and checked here;
the data migration briefings/0002 calls `load_seed()` with the historical
models. After that the database is the source: administrators edit entries
through `practice_content_update` (cspr/briefings/actions.py).
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from cspr.domain.codes import THEMES_2020
from cspr.domain.themes import CHARACTERISTIC_CODES

SEED = Path(__file__).parent / "data" / "practice_content.toml"
SEED_ACTOR = "system:briefings-seed"
# Publishers whose public pages resources may link to (https only).
ALLOWED_HOSTS = (
    "www.gov.uk",
    "learning.nspcc.org.uk",
    "www.lullabytrust.org.uk",
    "www.csacentre.org.uk",
    "www.nice.org.uk",
    "www.papyrus-uk.org",
)
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"^(19|20)\d\d$")
REQUIRED = {("theme", code) for code in THEMES_2020} | {("characteristic", code) for code in CHARACTERISTIC_CODES}


class PracticeContentError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    kind: str
    code: str
    title: str
    summary: str
    practice_points: tuple[str, ...]
    reflective_questions: tuple[str, ...]
    resources: tuple[dict, ...]

    def snapshot(self) -> dict:
        return {
            "title": self.title,
            "summary": self.summary,
            "practice_points": list(self.practice_points),
            "reflective_questions": list(self.reflective_questions),
            "resources": [dict(r) for r in self.resources],
        }


def non_year_numbers(text: str) -> list[str]:
    """Digits in practice text other than years: a briefing's numbers must all be statistics."""
    return [m for m in _DIGITS.findall(text) if not _YEAR.match(m)]


def check_resource(resource: dict) -> list[str]:
    """Problems with one resource, as sentences naming it by its title (an editor sees them as they are)."""
    title = str(resource.get("title") or "").strip()
    url = str(resource.get("url") or "").strip()
    named = f"the resource “{_shortened(title)}”" if title else "a resource"
    problems = []
    if not title:
        problems.append(f"a resource needs a title{f' (its address is {_shortened(url)})' if url else ''}")
    if not url:
        problems.append(f"{named} needs a web address")
        return problems
    address = urlparse(url)
    if address.scheme != "https" or address.hostname not in ALLOWED_HOSTS:
        problems.append(
            f"{named} links to {_shortened(url)}: resources may only link over https to {', '.join(ALLOWED_HOSTS)}"
        )
    return problems


def check_entry(snapshot: dict) -> list[str]:
    """Problems with one entry's content, as sentences (empty when it is fine)."""
    problems = []
    if not snapshot.get("title", "").strip():
        problems.append("enter a title")
    if not snapshot.get("summary", "").strip():
        problems.append("enter a summary")
    for field in ("practice_points", "reflective_questions", "resources"):
        if not snapshot.get(field):
            problems.append(f"add at least one of the {field.replace('_', ' ')}")
    texts = [("the title", snapshot.get("title", "")), ("the summary", snapshot.get("summary", ""))]
    texts += [(f"practice point {n}", text) for n, text in enumerate(snapshot.get("practice_points", []), 1)]
    texts += [(f"question {n}", text) for n, text in enumerate(snapshot.get("reflective_questions", []), 1)]
    texts += [(f"resource {n}'s title", r.get("title", "")) for n, r in enumerate(snapshot.get("resources", []), 1)]
    for where, text in texts:
        numbers = non_year_numbers(text)
        if numbers:
            problems.append(f"{where}: write numbers as words, not {numbers[0]} (only years are in figures)")
    for resource in snapshot.get("resources", []):
        problems.extend(check_resource(resource))
    return problems


def _shortened(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def read_seed(path: Path = SEED) -> list[Entry]:
    """The seed's entries, each checked; raises PracticeContentError listing every problem."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    links = data.get("links", {})
    entries, problems, seen = [], [], set()
    for raw in data.get("entry", []):
        key = (raw.get("kind"), raw.get("code"))
        named = f"[{key[0]}] {key[1]}"  # as the agencies' files name an entry (cspr/briefings/agencies.py)
        if key in seen:
            problems.append(f"{named}: listed twice")
        seen.add(key)
        if key not in REQUIRED:
            problems.append(f"{named}: not a 2020 practice theme or a case characteristic")
        resources = []
        for name in raw.get("resources", []):
            if name not in links:
                problems.append(f"{named}: unknown link {name} (add it under [links])")
                continue
            resources.append(
                {
                    "title": links[name]["title"],
                    "publisher": links[name].get("publisher", ""),
                    "url": links[name]["url"],
                }
            )
        entry = Entry(
            kind=raw.get("kind", ""),
            code=raw.get("code", ""),
            title=raw.get("title", ""),
            summary=" ".join(raw.get("summary", "").split()),
            practice_points=tuple(raw.get("practice_points", [])),
            reflective_questions=tuple(raw.get("reflective_questions", [])),
            resources=tuple(resources),
        )
        problems.extend(f"{named}: {p}" for p in check_entry(entry.snapshot()))
        entries.append(entry)
    missing = REQUIRED - seen
    problems.extend(f"[{kind}] {code}: missing" for kind, code in sorted(missing))
    if problems:
        raise PracticeContentError("; ".join(problems))
    return entries


def load_seed(PracticeContent, PracticeContentVersion, User, *, at) -> int:
    """Create version one of every seed entry that is not in the database yet.

    Takes the models as arguments so that the data migration can pass its
    historical ones. Existing entries are left alone: after the first load the
    administrators' edits are the content.
    """
    actor, _ = User.objects.get_or_create(
        username=SEED_ACTOR, defaults={"is_system": True, "is_active": False, "first_name": "practice content seed"}
    )
    created = 0
    for entry in read_seed():
        if PracticeContent.objects.filter(kind=entry.kind, code=entry.code).exists():
            continue
        snapshot = entry.snapshot()
        content = PracticeContent.objects.create(
            kind=entry.kind, code=entry.code, version=1, updated_at=at, updated_by=actor, **snapshot
        )
        PracticeContentVersion.objects.create(
            content=content,
            version=1,
            snapshot=snapshot,
            changed_by=actor,
            changed_at=at,
            reason="Loaded from the seed file cspr/briefings/data/practice_content.toml",
        )
        created += 1
    return created
