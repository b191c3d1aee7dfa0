"""The child-population baseline that representation ratios compare with.

A CSV with a header and the columns `group,count`, where `group` is one of the
data standard's ethnic groups (white, mixed, asian, black, other). Optional
columns: `age_band` (0_to_4, 5_to_9, 10_to_14, 15_to_17, or empty for all ages)
gives representation by age band; `source` says where a row's figure comes from.
cspr ships one file per census (cspr/reference/population/, whose README gives
each source) and the year of the data picks the census: the latest taken in or
before that year, or the earliest for older data (`census_for`). `cspr report
--population FILE` reads another.
"""

import csv
import io
from pathlib import Path

from cspr.domain import codes
from cspr.domain.measures import REPRESENTATION_AGE
from cspr.domain.report_build import Baseline

SHIPPED = Path(__file__).resolve().parent.parent / "reference" / "population"
# (census year, file), newest first. No 2021 file yet: no copy of the 2021 Census counts by
# ethnic group and age band for England could be traced to an ONS table (README), so data
# from 2021 on is compared with 2011 until one is added here.
CENSUSES = (
    (2011, SHIPPED / "england-2011-census-under-18-by-ethnic-group-and-age.csv"),
    (2001, SHIPPED / "england-and-wales-2001-census-under-18-by-ethnic-group.csv"),
)
DEFAULT_BASELINE = CENSUSES[0][1]
GROUPS = tuple(g for g in codes.ETHNIC_GROUPS if g != "not_recorded")
BANDS = tuple(c.code for c in REPRESENTATION_AGE.categories if c.code != "not_known")


class BaselineError(ValueError):
    pass


def parse_baseline(text: str, name: str = "population file") -> Baseline:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or not {"group", "count"} <= set(reader.fieldnames):
        raise BaselineError(f"{name}: needs a header with the columns group,count")
    groups: dict[str, int] = {}
    by_age: dict[tuple[str, str], int] = {}
    sources: list[str] = []
    for line, row in enumerate(reader, start=2):
        group, band = row["group"].strip(), (row.get("age_band") or "").strip()
        if group not in GROUPS:
            raise BaselineError(f"{name}:{line}: group: '{group}' is not one of {', '.join(GROUPS)}")
        if band and band not in BANDS:
            raise BaselineError(f"{name}:{line}: age_band: '{band}' is not one of {', '.join(BANDS)}")
        try:
            count = int(row["count"].replace(",", "").strip())
        except ValueError:
            raise BaselineError(f"{name}:{line}: count: '{row['count']}' is not a whole number") from None
        if count < 0:
            raise BaselineError(f"{name}:{line}: count: must not be negative")
        if band:
            by_age[(band, group)] = by_age.get((band, group), 0) + count
        else:
            groups[group] = groups.get(group, 0) + count
        source = (row.get("source") or "").strip()
        if source and source not in sources:
            sources.append(source)
    if not groups and by_age:
        for (_band, group), count in by_age.items():
            groups[group] = groups.get(group, 0) + count
    if not groups:
        raise BaselineError(f"{name}: has no counts")
    first = sources[0].split(";")[0] if sources else name
    return Baseline(groups=groups, by_age=by_age, source=first)


def census_for(year: int | None) -> Path:
    """The shipped census for data of `year`: the latest taken in or before it (the newest for None)."""
    if year is None:
        return DEFAULT_BASELINE
    return next((path for taken, path in CENSUSES if taken <= year), CENSUSES[-1][1])


def load_baseline(path: Path | None = None, *, year: int | None = None) -> Baseline:
    """`path`, or the shipped census that `year` picks (`census_for`)."""
    path = Path(path) if path else census_for(year)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"{path}: cannot be read: {error.strerror}") from None
    return parse_baseline(text, str(path))
