"""Loading the reference data shipped in cspr/reference/ into the database.

Called from data migrations with the historical models, so a fresh database
always has the local authorities, partnerships and theme taxonomy its
constraints refer to. When a reference file changes, add a migration that calls
`sync_reference_data` again: it updates in place and never deletes a code that
records may point at.
"""

import csv
import json
from datetime import date
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def read_local_authorities() -> list[dict]:
    with open(REFERENCE_DIR / "local_authorities.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_partnerships() -> list[dict]:
    with open(REFERENCE_DIR / "partnerships.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_themes() -> list[dict]:
    data = json.loads((REFERENCE_DIR / "practice_themes.json").read_text(encoding="utf-8"))
    themes = []
    for version in data["versions"]:
        for position, theme in enumerate(version["themes"], start=1):
            themes.append({**theme, "taxonomy_version": version["version"], "position": position})
    return themes


def sync_reference_data(LocalAuthority, Partnership, PracticeTheme) -> None:
    """Upsert every reference row from the shipped files."""
    las = read_local_authorities()
    for row in las:
        LocalAuthority.objects.update_or_create(
            gss_code=row["gss_code"],
            defaults={
                "name": row["name"],
                "region": row["region"],
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
            },
        )
    for row in las:
        codes = [c for c in row["predecessor_codes"].split(";") if c]
        if codes:
            LocalAuthority.objects.get(gss_code=row["gss_code"]).predecessors.set(codes)
    for row in read_partnerships():
        partnership, _ = Partnership.objects.update_or_create(
            code=row["partnership_code"],
            defaults={
                "name": row["name"],
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
            },
        )
        partnership.local_authorities.set([c for c in row["la_codes"].split(";") if c])
    themes = read_themes()
    for theme in themes:
        PracticeTheme.objects.update_or_create(
            code=theme["code"],
            defaults={
                "label": theme["label"],
                "taxonomy_version": theme["taxonomy_version"],
                "position": theme["position"],
            },
        )
    for theme in themes:
        if theme.get("maps_to"):
            PracticeTheme.objects.filter(code=theme["code"]).update(maps_to_id=theme["maps_to"])


class AreaIndex:
    """Which local authority codes are valid when, and which partnership covers them.

    Built once per import from the reference tables, so checking a file of
    thousands of rows asks the database nothing per row.
    """

    def __init__(self, authorities, partnerships):
        # authorities: (gss_code, name, valid_from, valid_to, successor codes)
        # partnerships: (code, valid_from, valid_to, la codes)
        self.authorities = {a[0]: a for a in authorities}
        self.covering: dict[str, list[tuple]] = {}
        for code, valid_from, valid_to, la_codes in partnerships:
            for la_code in la_codes:
                self.covering.setdefault(la_code, []).append((code, valid_from, valid_to))

    @classmethod
    def from_database(cls) -> "AreaIndex":
        """Four queries of plain values, no model instances: the intake, amendments, imports and
        the API build one per request or file, and instances of some 400 authorities cost ~0.1 s."""
        # Here, not at the top: synth reads the reference files through this module with no Django set up.
        from cspr.core.models import LocalAuthority, Partnership

        successors: dict[str, list[str]] = {}
        links = LocalAuthority.predecessors.through.objects
        for predecessor, successor in links.values_list("to_localauthority_id", "from_localauthority_id"):
            successors.setdefault(predecessor, []).append(successor)
        authorities = [
            (code, name, valid_from, valid_to, sorted(successors.get(code, ())))
            for code, name, valid_from, valid_to in LocalAuthority.objects.values_list(
                "gss_code", "name", "valid_from", "valid_to"
            )
        ]
        members: dict[str, list[str]] = {}
        for partnership, authority in Partnership.local_authorities.through.objects.values_list(
            "partnership_id", "localauthority_id"
        ):
            members.setdefault(partnership, []).append(authority)
        partnerships = [
            (code, valid_from, valid_to, members.get(code, []))
            for code, valid_from, valid_to in Partnership.objects.values_list("code", "valid_from", "valid_to")
        ]
        return cls(authorities, partnerships)

    @staticmethod
    def _valid(on: date, valid_from: date | None, valid_to: date | None) -> bool:
        return (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to)

    def problem(self, code: str, on: date) -> str | None:
        """Why `code` cannot be the notifying LA for an incident on `on`, or None."""
        authority = self.authorities.get(code)
        if authority is None:
            return f"'{code}' is not a local authority with children's services in cspr's reference list"
        _, name, valid_from, valid_to, successors = authority
        if not self._valid(on, valid_from, valid_to):
            if valid_to is not None and on > valid_to:
                hint = f"; use its successor {' or '.join(successors)}" if successors else ""
                return f"{code} ({name}) was not valid on {on}: it ended on {valid_to}{hint}"
            return f"{code} ({name}) was not valid on {on}: it started on {valid_from}"
        if self.partnership_for(code, on) is None:
            return f"no safeguarding partnership covers {code} ({name}) on {on} in cspr's reference list"
        return None

    def partnership_for(self, code: str, on: date) -> str | None:
        for partnership, valid_from, valid_to in self.covering.get(code, ()):
            if self._valid(on, valid_from, valid_to):
                return partnership
        return None
