"""Synthetic-data profiles: declarative TOML files in cspr/synth/profiles/.

A profile says how many notifications and children to make in which period, and
what they look like: every marginal the generator reproduces and every weight of
its joint structure is a number in the file with its source beside it.

A target is an inline table with one of three forms and a `source`:

- `{ count = 206, source = "..." }`: a published count for the profile's own
  period, reproduced exactly there and scaled with the volume elsewhere;
- `{ percent = 31, source = "..." }`: a published percentage, rounded half-up to
  whole percent (or to `decimals`); the generator picks counts that round to it;
- `{ share = 12, source = "assumption: ..." }`: a proportion the sources do not
  publish; apportioned, never checked.

`extends = "other-profile"` starts from another profile's model. What is
inherited becomes an assumption: a percentage published for 2020 is a share in
the profile that borrows it, and is not held to the 2020 rounding.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

__all__ = ["PROFILE_DIR", "Comparison", "Period", "Profile", "ProfileError", "Target", "available", "load_profile"]

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
TARGET_KINDS = ("count", "percent", "share")
# Keys that describe the profile's own period and volume; never inherited.
OWN_KEYS = {"name", "description", "extends", "ref_prefix", "default_years", "volume", "periods", "comparison"}
MODEL_KEYS = {
    "theme_set", "incident_type", "death_category", "harm_category", "exploitation_background",
    "near_miss", "neglect_feature", "sibling_groups", "age_band", "age_years", "gender", "ethnic_group",
    "status", "disability", "child_mental_ill_health", "home_educated", "family_context",
    "parental_mental_ill_health", "previously_known", "rapid_review", "themes", "timing",
    "seasonality", "covid_factor", "places", "family_history", "other_kinds",
}


class ProfileError(ValueError):
    """A profile file is malformed, or its targets cannot all be met."""


@dataclass(frozen=True)
class Target:
    kind: str  # "count", "percent" or "share"
    value: float
    source: str
    decimals: int = 0
    strict: bool = True  # published for this profile's period (False once inherited)
    of_notifications: int | None = None  # a count's period volume, to scale it elsewhere

    def quota(self, base: int, notifications: int) -> float:
        """The ideal (fractional) count of this target in a population of `base`.

        A count is scaled by the block's volume against the volume it was
        published for; percentages and shares apply to `base`.
        """
        if self.kind == "count":
            if self.of_notifications:
                return self.value * notifications / self.of_notifications
            return self.value
        return self.value * base / 100.0


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date
    notifications: Target
    children: Target


@dataclass(frozen=True)
class Comparison:
    this_start: date
    this_end: date
    previous_start: date
    previous_end: date
    percent_change: Target


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    ref_prefix: str
    default_years: tuple[int, ...]
    notifications_per_year: Target
    children_per_notification: float
    periods: tuple[Period, ...]
    comparison: Comparison | None
    model: dict = field(repr=False)
    path: Path | None = None

    def section(self, key: str) -> dict:
        try:
            return self.model[key]
        except KeyError:
            raise ProfileError(f"profile {self.name}: missing section [{key}]") from None

    def period_for_year(self, year: int) -> Period | None:
        for period in self.periods:
            if period.start == date(year, 1, 1) and period.end == date(year, 12, 31):
                return period
        return None


def available() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))


def _path_of(name: str | Path) -> Path:
    path = Path(name)
    if path.suffix == ".toml" and path.exists():
        return path
    candidate = PROFILE_DIR / f"{name}.toml"
    if not candidate.exists():
        raise ProfileError(f"no profile '{name}': the profiles are {', '.join(available())}")
    return candidate


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{path.name}: {error}") from None


def _targets(node, where: str, *, strict: bool, of_notifications: int | None):
    """Turn every target table under `node` into a Target (recursively)."""
    if isinstance(node, dict):
        kinds = [k for k in TARGET_KINDS if k in node]
        if kinds:
            if len(kinds) > 1:
                raise ProfileError(f"{where}: give one of count, percent or share, not {' and '.join(kinds)}")
            source = node.get("source", "")
            if not isinstance(source, str) or not source.strip():
                raise ProfileError(f"{where}: every target needs a source")
            extra = set(node) - {kinds[0], "source", "decimals"}
            if extra:
                raise ProfileError(f"{where}: unknown key(s) {', '.join(sorted(extra))}")
            value = node[kinds[0]]
            if not isinstance(value, (int, float)) or value < 0:
                raise ProfileError(f"{where}: {kinds[0]} must be a non-negative number")
            return Target(kinds[0], float(value), source.strip(), int(node.get("decimals", 0)), strict,
                          of_notifications if kinds[0] == "count" else None)
        return {k: _targets(v, f"{where}.{k}", strict=strict, of_notifications=of_notifications)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_targets(v, f"{where}[{i}]", strict=strict, of_notifications=of_notifications)
                for i, v in enumerate(node)]
    return node


def _as_assumption(node):
    if isinstance(node, Target):
        return replace(node, kind="share" if node.kind == "percent" else node.kind, strict=False)
    if isinstance(node, dict):
        return {k: _as_assumption(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_assumption(v) for v in node]
    return node


def _merge(base, over):
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return over


def _date(value, where: str) -> date:
    if not isinstance(value, date):
        raise ProfileError(f"{where}: expected a date (YYYY-MM-DD), got {value!r}")
    return value


def _first_volume(raw: dict) -> int | None:
    periods = raw.get("periods") or []
    if periods:
        return int(periods[0]["notifications"]["count"])
    return None


def _load_model(path: Path, seen: tuple[str, ...] = ()) -> tuple[dict, dict]:
    raw = _read(path)
    unknown = set(raw) - OWN_KEYS - MODEL_KEYS
    if unknown:
        raise ProfileError(f"{path.name}: unknown section(s) {', '.join(sorted(unknown))}")
    own = {k: raw[k] for k in OWN_KEYS if k in raw}
    model = _targets({k: raw[k] for k in MODEL_KEYS if k in raw}, path.stem,
                     strict=True, of_notifications=_first_volume(raw))
    parent = raw.get("extends")
    if parent:
        if parent in seen:
            raise ProfileError(f"{path.name}: profiles extend each other in a loop ({' -> '.join(seen)})")
        _, base_model = _load_model(_path_of(parent), (*seen, path.stem))
        model = _merge(_as_assumption(base_model), model)
    return own, model


def load_profile(name: str | Path) -> Profile:
    """Read a profile by name (`panel-2020`) or path, following `extends`."""
    path = _path_of(name)
    own, model = _load_model(path)
    where = path.name
    volume = _targets(own.get("volume", {}), f"{where}.volume", strict=True, of_notifications=None)
    per_year = volume.get("notifications_per_year")
    ratio = volume.get("children_per_notification")
    if not isinstance(per_year, Target) or per_year.kind != "count":
        raise ProfileError(f"{where}: [volume] needs notifications_per_year = {{ count = N, source = ... }}")
    if not isinstance(ratio, dict) or not {"children", "notifications", "source"} <= set(ratio):
        raise ProfileError(f"{where}: [volume] needs children_per_notification = "
                           "{ children = C, notifications = N, source = ... }")
    periods = []
    for i, p in enumerate(own.get("periods", [])):
        at = f"{where}.periods[{i}]"
        counts = _targets({k: p[k] for k in ("notifications", "children") if k in p}, at,
                          strict=True, of_notifications=None)
        if set(counts) != {"notifications", "children"} or any(t.kind != "count" for t in counts.values()):
            raise ProfileError(f"{at}: a period needs notifications and children counts")
        start, end = _date(p.get("from"), f"{at}.from"), _date(p.get("to"), f"{at}.to")
        if end < start:
            raise ProfileError(f"{at}: ends before it starts")
        periods.append(Period(str(p.get("label", start.year)), start, end, counts["notifications"], counts["children"]))
    comparison = None
    if "comparison" in own:
        c = own["comparison"]
        at = f"{where}.comparison"
        change = _targets(c.get("percent_change"), f"{at}.percent_change", strict=True, of_notifications=None)
        if not isinstance(change, Target) or change.kind != "percent":
            raise ProfileError(f"{at}: percent_change must be a published percent")
        comparison = Comparison(_date(c["this"]["from"], at), _date(c["this"]["to"], at),
                                _date(c["previous"]["from"], at), _date(c["previous"]["to"], at), change)
        if not periods or not any(p.start <= comparison.this_start and comparison.this_end <= p.end for p in periods):
            raise ProfileError(f"{at}: the 'this' window must lie inside one of the profile's periods")
    years = own.get("default_years")
    if years is None and not periods:
        raise ProfileError(f"{where}: give default_years or at least one period")
    return Profile(
        name=str(own.get("name", path.stem)),
        description=str(own.get("description", "")),
        ref_prefix=str(own.get("ref_prefix", "SYN")),
        default_years=tuple(int(y) for y in years) if years else (),
        notifications_per_year=per_year,
        children_per_notification=float(ratio["children"]) / float(ratio["notifications"]),
        periods=tuple(periods),
        comparison=comparison,
        model=model,
        path=path,
    )
