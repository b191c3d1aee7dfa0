"""`cspr synth`'s engine: blocks of a profile, planned exactly, dealt out in time.

A block is one period (a calibrated period of the profile, or a calendar year).
Its notifications and children are planned once at the block's own size
(plan.py); `scale` deals that plan out `scale` times (a fractional remainder is
planned at its own size), shuffled, against notification dates spread over the
block's months. Everything after the plan (dates, places, references) is drawn
per record from fast samplers. The output is rows of the standard (one per
child, `codes.STANDARD_COLUMNS`), a block at a time, sorted by notified_date then
reference, which is the order `cspr export` writes.

Nothing here reads the clock: `as_of` says what "today" is. Records notified
after it are dropped and any later step (a review not yet published) is left
empty, so no date is in the future. The same profile, seed, years, scale and
as_of give the same bytes.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from cspr.domain import codes
from cspr.domain.calendar import england_calendar
from cspr.synth.kinds import LOOKED_AFTER_DEATH, OtherKinds
from cspr.synth.numbers import Sampler
from cspr.synth.places import Places
from cspr.synth.plan import BlockSpec, plan_block
from cspr.synth.profile import Profile, ProfileError, Target
from cspr.synth.timeline import (
    Month,
    clock_for,
    comparison_count,
    in_window,
    month_counts,
    month_weights,
    notified_ordinals,
)

__all__ = ["Block", "Synth", "blocks_for"]

YES, NO, UNKNOWN = "yes", "no", "unknown"
NOTIFICATION_WIDTH = len(codes.NOTIFICATION_COLUMNS)
CHILD_REFS = tuple(f"C{i}" for i in range(1, 10))


@dataclass(frozen=True)
class Block:
    label: str
    start: date
    end: date
    base_notifications: int  # the plan's size (the block at scale 1)
    base_children: int
    strict: bool  # a calibrated period: published figures hold exactly
    months: tuple[Month, ...] = field(repr=False)

    @property
    def notifications(self) -> int:
        return sum(m.count for m in self.months)


def _seasonality(profile: Profile) -> list[float]:
    months = profile.section("seasonality").get("months")
    if not isinstance(months, list) or len(months) != 12:
        raise ProfileError(f"{profile.name}: [seasonality] months needs 12 weights")
    return [float(w) for w in months]


def _uplift(profile: Profile, start: date, end: date):
    c = profile.comparison
    if c and start <= c.this_start and c.this_end <= end:
        return c.this_start, c.this_end, 1 + c.percent_change.value / 100
    return None


def _calibrated(profile: Profile, period, scale: float) -> Block:
    n, ch = int(period.notifications.value), int(period.children.value)
    weights = month_weights(period.start, period.end, _seasonality(profile), _uplift(profile, period.start, period.end))
    months = month_counts(round(n * scale), weights)
    return Block(period.label, period.start, period.end, n, ch, True, tuple(months))


def _derived(profile: Profile, year: int, scale: float) -> Block:
    """The comparison's previous year: the published change in its window, flat elsewhere."""
    c = profile.comparison
    this = next(p for p in profile.periods if p.start <= c.this_start and c.this_end <= p.end)
    season = _seasonality(profile)

    def months_at(s: float) -> list[Month]:
        current = _calibrated(profile, this, s)
        uplifted = month_weights(this.start, this.end, season, _uplift(profile, this.start, this.end))
        level = current.notifications / sum(w for _, _, w in uplifted)
        previous = comparison_count(in_window(list(current.months), c.this_start, c.this_end),
                                    c.percent_change.value, c.percent_change.decimals)
        weights = month_weights(date(year, 1, 1), date(year, 12, 31), season)
        inside = [(y, m, w) for y, m, w in weights if c.previous_start <= date(y, m, 1) <= c.previous_end]
        outside = [(y, m, w) for y, m, w in weights if not c.previous_start <= date(y, m, 1) <= c.previous_end]
        found = {(mc.year, mc.month): mc for mc in month_counts(previous, inside)}
        found.update({(mc.year, mc.month): mc for mc in
                      month_counts(round(level * sum(w for *_, w in outside)), outside)})
        return [found[(y, m)] for y, m, _ in weights]

    base = sum(m.count for m in months_at(1.0))
    children = round(base * profile.children_per_notification)
    return Block(str(year), date(year, 1, 1), date(year, 12, 31), base, children, False, tuple(months_at(scale)))


def _annual(profile: Profile, year: int, scale: float) -> Block:
    n = int(profile.notifications_per_year.value)
    weights = month_weights(date(year, 1, 1), date(year, 12, 31), _seasonality(profile))
    return Block(str(year), date(year, 1, 1), date(year, 12, 31), n, round(n * profile.children_per_notification),
                 False, tuple(month_counts(round(n * scale), weights)))


def blocks_for(profile: Profile, years: Sequence[int] | None, scale: float) -> list[Block]:
    """The blocks to generate: the given calendar years, else the profile's default."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    years = list(years) if years else list(profile.default_years)
    if not years:
        return [_calibrated(profile, p, scale) for p in sorted(profile.periods, key=lambda p: p.start)]
    blocks = []
    c = profile.comparison
    for year in sorted(set(years)):
        period = profile.period_for_year(year)
        if period:
            blocks.append(_calibrated(profile, period, scale))
        elif c and c.previous_start.year == year == c.previous_end.year:
            blocks.append(_derived(profile, year, scale))
        else:
            blocks.append(_annual(profile, year, scale))
    return blocks


def _rr_offset(timing: dict, on_time: float) -> Sampler:
    """Working days from the rapid review's due date to its submission: <= 0 on time, > 0 late."""
    early, late = timing["rr_early_working_days"], timing["rr_late_working_days"]
    early_total, late_total = sum(w for *_, w in early), sum(w for *_, w in late)
    if min(r[0] for r in late) < 1 or min(r[0] for r in early) < 0:
        raise ProfileError("[timing] rr_early_working_days start at 0, rr_late_working_days at 1")
    spec = [[-high, -low, w * on_time / early_total] for low, high, w in early]
    spec += [[low, high, w * (1 - on_time) / late_total] for low, high, w in late]
    return Sampler(spec)


def _yn(flag: bool) -> str:
    return YES if flag else NO


def _flag(flag: bool | None) -> str:
    """A fact the profile may leave unknown (None)."""
    return UNKNOWN if flag is None else _yn(flag)


def freeze(item: dict) -> tuple:
    """A planned notification as ready-made text: (core columns, has rr, rr answers, lcspr, children)."""
    death = item["type"] == "death"
    core = (item["type"], item["category"] if death else "", "" if death else item["category"],
            *(_yn(item[k]) for k in ("near_miss", "domestic_abuse", "maternal", "paternal", "alcohol", "drug",
                                      "neglect", "previously_known", "exploitation")))
    themes = ";".join(sorted(item["themes"], key=codes.THEME_CODES.index))
    children = tuple(
        (CHILD_REFS[j], c["gender"], "" if c["age"] is None else str(c["age"]), c["ethnicity"], _yn(c["disability"]),
         _yn(c["status"] == "cp_plan"), _yn(c["status"] == "looked_after"), _yn(c["status"] == "child_in_need"),
         _yn(c["status"] != "not_known_to_csc"), _yn(c["home_educated"]), _yn(c["mental_health"]), c["outcome"])
        + (_flag(c["previous_care_proceedings"]), _flag(c["siblings_removed_not_returned"]), "")
        for j, c in enumerate(item["children"]))
    # cspr-2's notification columns: every planned notification is a serious incident; a looked-after
    # child's death is notified as that kind, with abuse or neglect suspected (kinds.py).
    looked_after = death and item["children"][0]["status"] == "looked_after"
    core2 = (LOOKED_AFTER_DEATH if looked_after else "serious_incident", YES, UNKNOWN, _yn(item["home_educated"]),
             "", "", "")
    return core, item["rr"], (themes, _yn(item["lcspr"]), _yn(item["national"])), item["lcspr"], children, core2


class Synth:
    """One generation run; iterate `rows()` once (it counts notifications and children)."""

    def __init__(self, profile: Profile, *, seed: int, as_of: date, years: Sequence[int] | None = None,
                 scale: float = 1.0, calendar=None):
        if not 0 <= seed < 2**63:
            raise ValueError("seed must be a whole number from 0 to 2**63 - 1")
        self.profile, self.seed, self.as_of, self.scale = profile, seed, as_of, scale
        self.blocks = blocks_for(profile, years, scale)
        timing = profile.section("timing")
        self.samplers = {}
        for key, value in timing.items():
            if isinstance(value, list):
                try:
                    self.samplers[key] = Sampler(value)
                except (TypeError, ValueError) as error:
                    raise ProfileError(f"{profile.name}: [timing] {key}: {error}") from None
        self.share = {k: v.value / 100 for k, v in timing.items() if isinstance(v, Target)}
        self.samplers["rr_offset"] = _rr_offset(timing, self.share["rapid_review_on_time"])
        self.rr_from = timing["rapid_reviews_from"].toordinal()
        covid = profile.section("covid_factor")
        self.covid = (covid["from"].toordinal(), covid["to"].toordinal(), covid["notifications"].value / 100)
        back = self.samplers["incident_to_aware_days"].values[-1] + self.samplers["aware_to_notified_days"].values[-1]
        first = min(b.start for b in self.blocks) - timedelta(days=back + 7)
        last = max(max(b.end for b in self.blocks), as_of) + timedelta(days=3 * 366 + 800)
        self.clock = clock_for(first, last, calendar or england_calendar())
        self.places = Places(first, last, profile.section("places"))
        self.other_kinds = OtherKinds(profile)
        self.notifications = self.children = self.serious_incidents = 0
        # references are zero-padded to 7 digits, or more for more than 10 million notifications
        self.pad = 10 ** max(7, len(str(sum(b.notifications for b in self.blocks))))

    def _rng(self, block: Block, purpose: str) -> random.Random:
        return random.Random(f"cspr-synth:{self.profile.name}:{self.seed}:{block.label}:{purpose}")

    def deck(self, block: Block) -> list[tuple]:
        """The block's planned notifications, `scale` times over, shuffled."""
        total = block.notifications
        if total == 0:
            return []
        copies, rest = divmod(total, block.base_notifications)
        deck = []
        if copies:
            spec = BlockSpec(block.base_notifications, block.base_children, block.strict)
            deck = [freeze(i) for i in plan_block(self.profile, spec, self._rng(block, "plan"))] * copies
        if rest:
            children = max(rest, round(rest * block.base_children / block.base_notifications))
            deck += [freeze(i) for i in plan_block(self.profile, BlockSpec(rest, children, False),
                                                   self._rng(block, "remainder"))]
        rng = self._rng(block, "deal")
        rng.shuffle(deck)
        return deck

    def rows(self) -> Iterator[list[tuple]]:
        """Rows of the standard (one per child, `codes.STANDARD_COLUMNS`), a block at a time."""
        sequence = 0
        for block in self.blocks:
            rows, count = self._block_rows(block, sequence)
            sequence += count
            self.notifications += count
            self.children += len(rows)
            if rows:
                yield rows

    def _block_rows(self, block: Block, sequence: int) -> tuple[list[tuple], int]:
        """The block's rows up to as_of, and how many notifications they hold."""
        deck = self.deck(block)
        if not deck:
            return [], 0
        rng = self._rng(block, "time")
        clock, s = self.clock, self.samplers
        notified = notified_ordinals(clock, list(block.months), rng)
        deck, notified, other_days = self._with_other_kinds(block, deck, notified)
        n = len(deck)
        aware = [o - lag for o, lag in zip(notified, s["aware_to_notified_days"].draw(rng, n))]
        incident = [o - lag for o, lag in zip(aware, s["incident_to_aware_days"].draw(rng, n))]
        las = self.places.draw(rng, incident)
        offset, response = s["rr_offset"].draw(rng, n), s["panel_response_working_days"].draw(rng, n)
        covid_u = memoryview(rng.randbytes(2 * n)).cast("H")
        reviews = sum(1 for item in deck if item[3])
        local = LocalReviews(self, rng, reviews)
        cut = bisect_right(notified, self.as_of.toordinal())
        self.serious_incidents += cut - bisect_right(other_days, self.as_of.toordinal())
        as_of, base = self.as_of.toordinal(), clock.base
        covid_from, covid_to, covid_p = self.covid
        covid_p *= 65536
        iso, upto, working = clock.iso, clock.worked_upto, clock.working_ordinals
        rr_due, from_notified, rr_from = clock.rr_due, clock.rr_counts_from_notified, self.rr_from
        prefix = f"{self.profile.ref_prefix}{self.seed}/"
        # Per-record text first, in comprehensions (the cheapest loops Python has).
        # str(pad + k)[1:] is k zero-padded to the width of the largest reference, cheaply.
        # A reference carries its notification's year, as the Panel's own do (SIN/2020/7).
        pad = self.pad
        heads = [(f"{prefix}{iso[o - base][:4]}/{str(k)[1:]}", la, iso[i - base], iso[a - base], iso[o - base])
                 for k, la, i, a, o in zip(range(pad + sequence, pad + sequence + cut), las, incident, aware, notified)]
        covids = [(YES,) if covid_from <= o <= covid_to and u < covid_p else (NO,) for o, u in zip(incident, covid_u)]
        no_review, no_dates = ("",) * 8, ("", "", "")
        rows: list[tuple] = []
        append = rows.append
        for i in range(cut):
            core, has_rr, answers, lcspr, kids, core2 = deck[i]
            n_ord = notified[i]
            review = no_review
            if has_rr and n_ord >= rr_from:
                a_ord = aware[i]
                due = rr_due[n_ord - base] if from_notified[a_ord - base] else rr_due[a_ord - base]
                k = offset[i]
                if k <= 0:  # on time: k working days before the due date
                    submitted = working[upto[due - 1 - base] + k] if k else due
                else:  # late by k working days
                    submitted = working[upto[due - base] + k - 1]
                if submitted < n_ord:  # never before the notification itself
                    submitted = n_ord
                if submitted <= as_of:
                    responded = working[upto[submitted - base] + response[i] - 1]
                    if responded <= as_of:
                        review = (iso[submitted - base], answers[0], answers[1], iso[responded - base], answers[2])
                    else:
                        review = (iso[submitted - base], answers[0], answers[1], "", UNKNOWN)
                    review += local.dates(submitted) if lcspr else no_dates
                elif lcspr:
                    local.skip()
            elif lcspr:
                local.skip()
            values = heads[i] + core + covids[i] + review + core2
            for kid in kids:
                append(values + kid)
        return rows, cut


    def _with_other_kinds(self, block: Block, deck: list[tuple], notified: list[int]):
        """The block's serious incidents and its other notifications, in notified order (kinds.py),
        and the other notifications' days (none of them is a serious incident)."""
        looked_after = sum(1 for entry in deck if entry[5][0] == LOOKED_AFTER_DEATH)
        first, last = block.start.toordinal(), block.end.toordinal()
        days = [o for o in self.clock.working_ordinals if first <= o <= last]
        extra, extra_days = self.other_kinds.entries(block.start, block.end, self.scale, looked_after, days,
                                                     self._rng(block, "other kinds"))
        if not extra:
            return deck, notified, extra_days
        entries, days = deck + extra, notified + extra_days
        order = sorted(range(len(entries)), key=days.__getitem__)  # stable: serious incidents first on a day
        return [entries[i] for i in order], [days[i] for i in order], extra_days


class LocalReviews:
    """Dates of the LCSPRs of one block, drawn once for all of its planned reviews."""

    KEYS = ("lcspr_decision_days", "lcspr_on_time_days", "lcspr_late_days", "final_report_working_days_before",
            "unpublished_final_report_days")

    def __init__(self, synth: Synth, rng: random.Random, count: int):
        self.clock, self.as_of = synth.clock, synth.as_of.toordinal()
        (self.decision_lag, self.on_time_days, self.late_days, self.before,
         self.unpublished_days) = (synth.samplers[k].draw(rng, count) for k in self.KEYS)
        self.chance = memoryview(rng.randbytes(2 * count)).cast("H") if count else []
        self.unpublished = synth.share["lcspr_not_published"] * 65536
        self.on_time = self.unpublished + synth.share["lcspr_published_on_time"] * 65536
        self.next = 0

    def skip(self) -> None:
        self.next += 1

    def dates(self, submitted: int) -> tuple[str, str, str]:
        """Decision, final report and publication, empty where still to come (after as_of)."""
        j = self.next
        self.next += 1
        clock, as_of = self.clock, self.as_of
        decision = clock.working_day_from(submitted + self.decision_lag[j])  # partners decide at a meeting
        if decision > as_of:
            return "", "", ""
        u = self.chance[j]
        due = clock.lcspr_publication_due(decision)
        if u < self.unpublished:
            final, published = clock.working_day_from(decision + self.unpublished_days[j]), None
        else:
            if u < self.on_time:  # published on a working day by the due date
                published = clock.working_day_until(min(decision + self.on_time_days[j], due))
            else:
                published = clock.working_day_from(due + self.late_days[j])
            # sent to the Panel and the Secretary of State at least 7 working days before publication
            before = self.before[j]
            final = clock.subtract_working_days(published, before)
            if final < decision:
                final, published = decision, clock.add_working_days(decision, before)
        text = clock.text
        if final > as_of:
            return text(decision), "", ""
        if published is None or published > as_of:
            return text(decision), text(final), ""
        return text(decision), text(final), text(published)
