"""Early warning for the Panel: the register's counts, week by week or month by month, assessed
against their season in earlier years (the method is `cspr.domain.surveillance`'s).

One query per breakdown (grouped by day and category), so the page costs the same whatever
the register's size in rows of Python work, a few thousand days at most.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Min

from cspr.cases.models import Child, Notification, needing_rapid_review
from cspr.domain import surveillance as method
from cspr.domain.codes import HARM_CATEGORIES, INCIDENT_TYPES
from cspr.domain.measures import PANEL_AGE, REGIONS
from cspr.domain.report_build import ChartView
from cspr.domain.report_labels import label

ALL = "all"
# breakdown -> (words, what is counted, the field grouped by, its categories, label prefix)
BREAKDOWNS = {
    "type": ("Type of incident", "notifications", "incident_type", INCIDENT_TYPES, "type"),
    "category": ("Category of serious harm", "notifications", "harm_category", HARM_CATEGORIES, "non_fatal.category"),
    "age": ("Child's age", "children", "age_years", PANEL_AGE.codes, "children.age"),
    "region": ("Region", "notifications", "local_authority__region", REGIONS, "notifications.region"),
}
# How many periods the page assesses, the latest first.
SHOWN = {method.WEEK: 26, method.MONTH: 12}


def serious_incidents():
    """The notifications the Panel's statistics count (measures.SERIOUS_INCIDENT): those that need a
    rapid review. A care leaver's death, or a looked-after child's death without suspected abuse or
    neglect, is not a surge in serious incidents."""
    return Notification.objects.filter(needing_rapid_review())


def _age_band(years: int | None) -> str:
    for category in PANEL_AGE.categories:
        condition = category.condition
        low, high = getattr(condition, "low", None), getattr(condition, "high", None)
        if years is None and low is None:
            return category.code
        if years is not None and low is not None and low <= years <= high:
            return category.code
    return "not_known"


def daily_counts(breakdown: str, notifications=None) -> dict[str, dict[date, int]]:
    """{category: {day: count}}, and ALL: every notification (or child, for ages) by day."""
    _words, unit, field_name, _codes, _prefix = BREAKDOWNS[breakdown]
    notifications = serious_incidents() if notifications is None else notifications
    if unit == "children":
        rows = (
            Child.objects.filter(notification__in=notifications)
            .values_list("notification__notified_date", field_name)
            .annotate(n=Count("id"))
            .order_by()
        )
    else:
        rows = notifications.values_list("notified_date", field_name).annotate(n=Count("id")).order_by()
    out: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for day, value, n in rows:
        code = _age_band(value) if breakdown == "age" else (value or "not_recorded")
        out[code][day] += n
        out[ALL][day] += n
    return out


def binned(days: Mapping[date, int], frequency: str) -> dict[method.Bin, int]:
    """{bin: count} from {day: count}, each bin in the order its first day comes in `days`.

    `bin_of` once a bin, not once a day (a national register's thousands of days a series made
    it most of the page's Python work; bench/early_warning_speed.py --binning): bins are
    contiguous, so in date order a day falls in the bin before it until it passes that bin's end.
    Days are then added up by the bin's position, an int, as hashing a Bin is a Python call.
    """
    bins: list[method.Bin] = []
    position: dict[date, int] = {}
    for day in sorted(days):
        if not bins or day > bins[-1].end:
            bins.append(method.bin_of(day, frequency))
        position[day] = len(bins) - 1
    totals: dict[int, int] = {}  # by position, in the order each bin is first met
    for day, n in days.items():
        i = position[day]
        totals[i] = totals.get(i, 0) + n
    return {bins[i]: total for i, total in totals.items()}


@dataclass(frozen=True)
class Series:
    code: str
    name: str
    assessments: list[method.Assessment]

    @property
    def flags(self) -> list[method.Assessment]:
        return [a for a in self.assessments if a.flagged]


@dataclass
class Watch:
    frequency: str
    breakdown: str
    unit: str
    data_from: date | None
    last: date | None
    series: list[Series] = field(default_factory=list)

    @property
    def flags(self) -> list[tuple[Series, method.Assessment]]:
        return [(s, a) for s in self.series for a in s.flags]

    def words(self) -> list[str]:
        return [method.flag_words(s.name, a, self.frequency) for s, a in self.flags]

    def chart(self, series: Series) -> ChartView:
        periods = "week" if self.frequency == method.WEEK else "month"
        categories = tuple(a.bin.label(self.frequency).removeprefix("Week of ") for a in series.assessments)
        observed = tuple(a.observed for a in series.assessments)
        expected = tuple(round(a.expected, 1) if a.expected is not None else None for a in series.assessments)
        return ChartView(
            "line",
            f"{series.name}: {self.unit} each {periods} against the expected count",
            f"Line chart of {self.unit} each {periods} for {series.name} (solid line, round markers) and the count "
            f"expected from the same time of year in earlier years (dashed line, square markers). "
            "The figures are in the table below the chart.",
            categories,
            (("Received", observed), ("Expected", expected)),
        )


def watch(*, frequency: str, breakdown: str, as_of: date, alpha: float = method.ALPHA, notifications=None) -> Watch:
    """The latest SHOWN complete periods on or before `as_of`, each series assessed."""
    words, unit, _field, codes, prefix = BREAKDOWNS[breakdown]
    notifications = serious_incidents() if notifications is None else notifications
    span = notifications.aggregate(first=Min("notified_date"))
    data_from = span["first"]
    if data_from is None:
        return Watch(frequency, breakdown, unit, None, None)
    # The last complete period: a week or month still under way would look low, never high.
    last_bin = method.bin_of(as_of, frequency)
    if last_bin.end > as_of:
        last_bin = method.bin_of(last_bin.start - timedelta(days=1), frequency)
    bins = method.bins_between(data_from, last_bin.end, frequency)[-SHOWN[frequency] :]
    # The first period counts only when wholly inside the data.
    first_whole = method.bin_of(data_from, frequency)
    data_start = first_whole.start if first_whole.start == data_from else first_whole.end + timedelta(days=1)
    days = daily_counts(breakdown, notifications)
    result = Watch(frequency, breakdown, unit, data_start, last_bin.end)
    for code in (ALL, *codes):
        counts = binned(days.get(code, {}), frequency)
        name = f"All {unit}" if code == ALL else label(f"{prefix}.{code}")
        result.series.append(Series(code, name, method.assess_series(counts, bins, frequency, data_start, alpha)))
    return result


def period_count(date_from: date, date_to: date, notifications=None) -> int:
    notifications = serious_incidents() if notifications is None else notifications
    return notifications.filter(notified_date__gte=date_from, notified_date__lte=date_to).count()


def latest_day() -> date | None:
    """The register's latest notified date: the page watches up to it when the data end before today."""
    return serious_incidents().aggregate(last=Max("notified_date"))["last"]
