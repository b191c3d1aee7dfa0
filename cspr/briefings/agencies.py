"""Resource lists edited per agency: one data file for each partner agency.

`cspr/briefings/data/agencies/<code>.toml` names the agency and, for the practice themes
and case characteristics it chooses, the resources its own practitioners use. An agency
briefing made for that agency (`cspr briefing --kind agency --agency health`) lists them
first under each theme and characteristic, before the shared practice content's. The
files are edited by the agency's safeguarding lead through the project's usual review,
not in the service; the SHA-256 of the file used is recorded in the briefing's
parameters, so a briefing can be traced to the list it showed (docs/briefings.md).

A file obeys the practice content's rules (cspr/briefings/practice.py): resources link
over https to the allowed publishers, and no digits but years.
"""

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cspr.briefings.practice import REQUIRED, PracticeContentError, check_resource, non_year_numbers

FOLDER = Path(__file__).parent / "data" / "agencies"
_CODE = re.compile(r"^[a-z][a-z_]{1,39}$")


@dataclass(frozen=True)
class AgencyResources:
    code: str
    name: str  # "health services": read as "for practitioners in health services"
    resources: dict[tuple[str, str], tuple[dict, ...]]
    sha256: str


def agency_codes(folder: Path = FOLDER) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.toml"))


def read_agency(code: str, folder: Path = FOLDER) -> AgencyResources:
    """One agency's list, checked; raises PracticeContentError naming the file and every problem."""
    if not _CODE.match(code or "") or not (folder / f"{code}.toml").is_file():
        known = ", ".join(agency_codes(folder)) or "none"
        raise PracticeContentError(f"there is no resource list for the agency {code!r} (known: {known})")
    path = folder / f"{code}.toml"
    raw = path.read_bytes()
    where = f"cspr/briefings/data/agencies/{path.name}"
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PracticeContentError(f"{where}: not readable TOML ({error})") from None
    problems = []
    name = str(data.get("name", "")).strip()
    if not name:
        problems.append("enter the agency's name (name = ...)")
    elif non_year_numbers(name):
        problems.append(f"write numbers as words (only years as digits): {name!r}")
    links = data.get("links", {})
    resources: dict[tuple[str, str], tuple[dict, ...]] = {}
    for kind in ("theme", "characteristic"):
        for code_, names in data.get(kind, {}).items():
            key = (kind, code_)
            if key not in REQUIRED:
                problems.append(f"[{kind}] {code_}: not a 2020 practice theme or a case characteristic")
                continue
            found = []
            for link in names:
                if link not in links:
                    problems.append(f"[{kind}] {code_}: unknown link {link!r} (add it under [links])")
                    continue
                resource = {
                    "title": links[link].get("title", ""),
                    "publisher": links[link].get("publisher", ""),
                    "url": links[link].get("url", ""),
                }
                problems.extend(f"[links] {link}: {p}" for p in check_resource(resource))
                if non_year_numbers(resource["title"]):
                    problems.append(f"[links] {link}: write numbers as words (only years as digits)")
                found.append(resource)
            resources[key] = tuple(found)
    if not resources and not problems:
        problems.append("list resources under [theme] or [characteristic]")
    if problems:
        raise PracticeContentError(f"{where}: " + "; ".join(dict.fromkeys(problems)))
    return AgencyResources(code, name, resources, hashlib.sha256(raw).hexdigest())
