"""The exact core of one block of synthetic data: who, what and which review, not when.

`plan_block` makes the notifications of one block at its base size (one year of
the profile, unscaled) as plain dicts: incident type and category, the case
characteristics, the children and their characteristics, and the rapid review's
answers. Every count comes from the profile's targets through `Resolver` (exact,
rounding to published figures in a calibrated block); every joint rule comes from
the profile's weight tables, where 0 means never. Dates, places and references are
added later (timeline.py, generate.py), so one plan can be dealt out many times.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from cspr.domain import codes
from cspr.synth.allocate import Resolver, assign, assign_families, choose
from cspr.synth.context import CONTEXT_CELLS, context_key, deal_by_side, fix_sibling_groups
from cspr.synth.numbers import Infeasible, apportion
from cspr.synth.profile import Profile, ProfileError, Target

__all__ = ["BANDS", "BAND_AGES", "BlockSpec", "plan_block"]

BANDS = ("under_1", "1_4", "5_9", "10_14", "15_17", "not_known")
BAND_AGES = {"under_1": (0,), "1_4": (1, 2, 3, 4), "5_9": (5, 6, 7, 8, 9), "10_14": (10, 11, 12, 13, 14),
             "15_17": (15, 16, 17), "not_known": ()}
CATEGORIES = codes.DEATH_CATEGORIES + codes.HARM_CATEGORIES
ETHNIC_GROUPS = ("white_british", "white_other", "mixed", "asian", "black", "other", "not_recorded")
STATUSES = ("looked_after", "cp_plan", "child_in_need", "other_known", "not_known_to_csc")
THEME_SETS = {"2020": codes.THEMES_2020, "2018-19": codes.THEMES_2018_19}
NOTES = ("source", "note")


@dataclass(frozen=True)
class BlockSpec:
    notifications: int
    children: int
    strict: bool  # hold published figures exactly (a calibrated period at its own size)


class _Model:
    """Read access to a profile's sections with checked keys and defaults."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self.name = profile.name

    def __getitem__(self, key: str) -> dict:
        return self.profile.section(key)

    def table(self, section: dict, where: str, keys, width: int | None, default=None) -> dict:
        """A weight table keyed by category (or band), checked against the known keys."""
        out = {}
        for key, value in section.items():
            if key in NOTES or key == "default":
                continue
            if key not in keys:
                raise ProfileError(f"{self.name}: [{where}] '{key}' is not one of {', '.join(keys)}")
            row = list(value) if isinstance(value, list) else [value]
            if width is not None and len(row) != width:
                raise ProfileError(f"{self.name}: [{where}] '{key}' needs {width} weights, has {len(row)}")
            out[key] = [float(v) for v in row]
        if "default" in section:
            default = [float(v) for v in section["default"]]
        if default is not None:
            for key in keys:
                out.setdefault(key, list(default))
        missing = [k for k in keys if k not in out]
        if missing:
            raise ProfileError(f"{self.name}: [{where}] has no weights for {', '.join(missing)}")
        return out


def plan_block(profile: Profile, spec: BlockSpec, rng: random.Random) -> list[dict]:
    """The notifications of one block (dicts with a `children` list), exact to the profile."""
    if spec.children < spec.notifications:
        raise ProfileError(f"{profile.name}: fewer children ({spec.children}) than notifications "
                           f"({spec.notifications})")
    m = _Model(profile)
    r = Resolver(spec.notifications, spec.children, spec.strict, profile.name)
    try:
        items = _cases(m, r, rng)
        _characteristics(m, r, items, rng)
        children = _children(m, r, items, rng)
        _child_status(m, r, items, children, rng)
        _child_health_and_schooling(m, r, items, children, rng)
        _family(m, r, items, rng)
        _rapid_reviews(m, r, items, rng)
        _family_history(m, r, children, rng)  # last: the steps before draw as they always did
    except Infeasible as error:
        raise ProfileError(f"{profile.name}: the targets and joint rules cannot all hold: {error}") from None
    return items


def _targets_of(section: dict, names) -> dict[str, Target]:
    return {k: v for k, v in section.items() if k in names and isinstance(v, Target)}


def _cases(m: _Model, r: Resolver, rng) -> list[dict]:
    counts = r.partition("incident_type", m["incident_type"], codes.INCIDENT_TYPES, r.notifications)
    items = [{"type": kind} for kind, n in zip(codes.INCIDENT_TYPES, counts) for _ in range(n)]
    deaths = [i for i in items if i["type"] == "death"]
    nonfatal = [i for i in items if i["type"] != "death"]
    dc = r.partition("death_category", m["death_category"], codes.DEATH_CATEGORIES, len(deaths))
    assign(deaths, "category", codes.DEATH_CATEGORIES, dc, lambda i: 0, lambda k: [1.0] * len(dc), rng)

    harm = m["harm_category"]
    by_type = {t: list(harm.get("types", {}).get(t, codes.HARM_CATEGORIES)) for t in ("serious_harm", "other")}
    for t, cats in by_type.items():
        bad = [c for c in cats if c not in codes.HARM_CATEGORIES]
        if bad:
            raise ProfileError(f"{m.name}: [harm_category.types] {t}: unknown {', '.join(bad)}")
    # A category that only one type takes, and that type takes nothing else, has
    # exactly that type's count (e.g. incident_type other <=> young_person_harmed_others).
    fixed: dict[str, int] = {}
    for t, cats in by_type.items():
        others = [o for o in by_type if o != t]
        if len(cats) == 1 and not any(cats[0] in by_type[o] for o in others):
            fixed[cats[0]] = sum(1 for i in nonfatal if i["type"] == t)
    nested = {c: r.reachable(t) for c, t in _targets_of(m["exploitation_background"], codes.HARM_CATEGORIES).items()}
    hc = r.partition("harm_category", harm, codes.HARM_CATEGORIES, len(nonfatal), fixed, nested)
    assign(nonfatal, "category", codes.HARM_CATEGORIES, hc, lambda i: i["type"],
           lambda t: [1.0 if c in by_type[t] else 0.0 for c in codes.HARM_CATEGORIES], rng)
    return items


def _characteristics(m: _Model, r: Resolver, items: list[dict], rng) -> None:
    """Exploitation background, near misses and neglect as an underlying feature."""
    for item in items:
        item["exploitation"] = item["near_miss"] = False
    for category, target in _targets_of(m["exploitation_background"], CATEGORIES).items():
        members = [i for i in items if i["category"] == category]
        k = r.count(f"exploitation_background.{category}", target, len(members))
        choose(members, "exploitation", k, lambda i: 0, lambda k: 1.0, rng)
    unknown = set(m["exploitation_background"]) - set(CATEGORIES) - set(NOTES)
    if unknown:
        raise ProfileError(f"{m.name}: [exploitation_background] unknown {', '.join(sorted(unknown))}")

    nm = m["near_miss"]
    harmed = [i for i in items if i["type"] == "serious_harm"]
    odds = m.table(nm.get("odds", {}), "near_miss.odds", codes.HARM_CATEGORIES, 1, default=[1.0])
    k = r.count("near_miss.serious_harm", nm["serious_harm"], len(harmed))
    choose(harmed, "near_miss", k, lambda i: i["category"], lambda c: odds[c][0], rng)

    nf = m["neglect_feature"]
    always = set(nf.get("always", []))
    odds = m.table(nf.get("odds", {}), "neglect_feature.odds", CATEGORIES, 1, default=[1.0])
    deaths = [i for i in items if i["type"] == "death"]
    nonfatal = [i for i in items if i["type"] != "death"]
    forced_d = sum(1 for i in deaths if i["category"] in always)
    forced_n = sum(1 for i in nonfatal if i["category"] in always)
    overall = nf.get("all")
    best = None
    for kd in r.candidates(nf["death"], len(deaths)):
        for kn in r.candidates(nf["non_fatal"], len(nonfatal)):
            if kd < forced_d or kn < forced_n or kd > len(deaths) or kn > len(nonfatal):
                continue
            cost = abs(kd - nf["death"].quota(len(deaths), r.notifications)) + \
                abs(kn - nf["non_fatal"].quota(len(nonfatal), r.notifications))
            if isinstance(overall, Target):
                allowed = r.allowed_counts(overall, len(items))
                if allowed is not None and kd + kn not in allowed:
                    continue
                cost += abs(kd + kn - overall.quota(len(items), r.notifications))
            if best is None or (cost, kd, kn) < best:
                best = (cost, kd, kn)
    if best is None:
        raise ProfileError(f"{m.name}: [neglect_feature] no counts meet death, non_fatal and all together")
    for population, k in ((deaths, best[1]), (nonfatal, best[2])):
        choose(population, "neglect", k, lambda i: i["category"],
               lambda c: math.inf if c in always else odds[c][0], rng)


def _sibling_group_sizes(extra: int, sizes: list[int], shares: list[float]) -> list[int]:
    """How many groups of each size give exactly `extra` children beyond one per notification."""
    best = None
    total_share = sum(shares)

    def search(index: int, left: int, chosen: list[int]):
        nonlocal best
        if index == len(sizes) - 1:
            step = sizes[index] - 1
            if left % step:
                return
            counts = chosen + [left // step]
            groups = sum(counts)
            cost = sum(abs(c - groups * s / total_share) for c, s in zip(counts, shares))
            if best is None or (cost, counts) < best:
                best = (cost, counts)
            return
        for n in range(left // (sizes[index] - 1) + 1):
            search(index + 1, left - n * (sizes[index] - 1), chosen + [n])

    search(0, extra, [])
    if best is None:
        raise Infeasible(f"no sibling groups of sizes {sizes} add {extra} children")
    return best[1]


def _children(m: _Model, r: Resolver, items: list[dict], rng) -> list[dict]:
    sg = m["sibling_groups"]
    sizes = sorted(int(s) for s in sg["sizes"])
    if not sizes or sizes[0] < 2 or sizes[-1] > 4:
        raise ProfileError(f"{m.name}: [sibling_groups] sizes must be 2 to 4 (the form takes up to four children)")
    odds = m.table(sg.get("odds", {}), "sibling_groups.odds", codes.HARM_CATEGORIES, 1, default=[0.0])
    nonfatal = [i for i in items if i["type"] != "death"]
    extra = r.children - r.notifications
    shares = [sg["sizes"][str(s)].value for s in sizes]
    counts = _sibling_group_sizes(extra, sizes, shares) if extra else [0] * len(sizes)
    totals = [len(nonfatal) - sum(counts), *counts]
    if totals[0] < 0:
        raise ProfileError(f"{m.name}: {sum(counts)} sibling groups but only {len(nonfatal)} non-fatal notifications")
    for item in items:
        item["size"] = 1
    assign(nonfatal, "size", [1, *sizes], totals, lambda i: i["category"],
           lambda c: [1.0] + [odds[c][0]] * len(sizes), rng)
    children = []
    for item in items:
        outcome = codes.DEFAULT_OUTCOME[item["type"]]
        item["children"] = [{"n": item, "outcome": outcome} for _ in range(item["size"])]
        children.extend(item["children"])

    ab = m["age_band"]
    bc = r.partition("age_band", ab, BANDS, len(children))
    weights = m.table(ab["weights"], "age_band.weights", CATEGORIES, len(BANDS))
    assign(children, "band", BANDS, bc, lambda c: c["n"]["category"], weights.__getitem__, rng)
    ay = m["age_years"]
    older = set(ay.get("older_categories", []))
    for child in children:
        band = child["band"]
        ages = BAND_AGES[band]
        if not ages:
            child["age"] = None
            continue
        w = ay["older_10_14"] if band == "10_14" and child["n"]["category"] in older else ay.get(band, [1] * len(ages))
        child["age"] = ages[0] if len(ages) == 1 else rng.choices(ages, weights=w)[0]

    g = m["gender"]
    gc = r.partition("gender", g, codes.GENDERS, len(children))
    gw = m.table(g.get("weights", {}), "gender.weights", CATEGORIES, len(codes.GENDERS), default=[1.0] * 4)
    gb = m.table(g.get("band_factor", {}), "gender.band_factor", BANDS, len(codes.GENDERS), default=[1.0] * 4)
    assign(children, "gender", codes.GENDERS, gc, lambda c: (c["n"]["category"], c["band"]),
           lambda k: [a * b for a, b in zip(gw[k[0]], gb[k[1]])], rng)

    eg = m["ethnic_group"]
    ec = r.partition("ethnic_group", eg, ETHNIC_GROUPS, len(children))
    bw = m.table(eg["band_weights"], "ethnic_group.band_weights", BANDS, len(ETHNIC_GROUPS))
    cf = m.table(eg.get("category_factor", {}), "ethnic_group.category_factor", CATEGORIES, len(ETHNIC_GROUPS),
                 default=[1.0] * len(ETHNIC_GROUPS))
    assign_families(items, "ethnic_group", ETHNIC_GROUPS, ec, _family_key,
                    lambda k: [a * b for a, b in zip(bw[k[1]], cf[k[0]])], rng)
    group_codes = eg["codes"]
    for group in ETHNIC_GROUPS:
        bad = [c for c in group_codes.get(group, {}) if c not in codes.ETHNIC_GROUPS.get(_DFE_GROUP[group], ())]
        if bad or group not in group_codes:
            raise ProfileError(f"{m.name}: [ethnic_group.codes] {group}: codes missing or not in the group ({bad})")
    for item in items:
        options = group_codes[item["children"][0]["ethnic_group"]]
        code = rng.choices(list(options), weights=list(options.values()))[0]
        for child in item["children"]:
            child["ethnicity"] = code
    return children


_DFE_GROUP = {"white_british": "white", "white_other": "white", "mixed": "mixed", "asian": "asian",
              "black": "black", "other": "other", "not_recorded": "not_recorded"}


def _family_key(item: dict):
    return item["category"], item["children"][0]["band"]


def _child_status(m: _Model, r: Resolver, items, children, rng) -> None:
    """Children's social care involvement (one per family), then disability."""
    st = m["status"]
    n = len(children)
    known = r.count("status.known_to_csc", st["known_to_csc"], n)
    named = ("looked_after", "cp_plan", "child_in_need")
    quotas = [st[s].quota(n, r.notifications) for s in named]
    quotas.append(max(0.0, known - sum(quotas)))
    allowed = [r.allowed_counts(st[s], n) for s in named] + [None]
    try:
        parts = apportion(known, quotas, allowed)
    except Infeasible:
        raise ProfileError(f"{m.name}: [status] the known_to_csc count {known} cannot hold the published "
                           "looked_after, cp_plan and child_in_need counts") from None
    bw = m.table(st["band_weights"], "status.band_weights", BANDS, len(STATUSES))
    cf = m.table(st.get("category_factor", {}), "status.category_factor", CATEGORIES, len(STATUSES),
                 default=[1.0] * len(STATUSES))
    assign_families(items, "status", STATUSES, [*parts, n - known], _family_key,
                    lambda k: [a * b for a, b in zip(bw[k[1]], cf[k[0]])], rng)

    d = m["disability"]
    odds = m.table(d.get("band_odds", {}), "disability.band_odds", BANDS, 1, default=[1.0])
    k = r.count("disability.children", d["children"], n)
    choose(children, "disability", k, lambda c: c["band"], lambda b: odds[b][0], rng)


def _child_health_and_schooling(m: _Model, r: Resolver, items, children, rng) -> None:
    mh = m["child_mental_ill_health"]
    cat_odds = m.table(mh.get("odds", {}), "child_mental_ill_health.odds", CATEGORIES, 1, default=[1.0])
    band_odds = m.table(mh.get("band_odds", {}), "child_mental_ill_health.band_odds", BANDS, 1, default=[1.0])
    for child in children:
        child["mental_health"] = False
        child["_eligible"] = band_odds[child["band"]][0] > 0 and cat_odds[child["n"]["category"]][0] > 0
    families = [i for i in items if any(c["_eligible"] for c in i["children"])]
    capacity = sum(sum(c["_eligible"] for c in f["children"]) - 1 for f in families)
    qc = mh["children"].quota(len(children), r.notifications)
    qn = mh["notifications"].quota(len(items), r.notifications)
    best = None
    for kc in r.candidates(mh["children"], len(children)):
        for kn in r.candidates(mh["notifications"], len(items)):
            if kn <= kc <= kn + capacity and kn <= len(families):
                key = (abs(kc - qc) + abs(kn - qn), kc - kn, kc, kn)
                best = key if best is None or key < best else best
    if best is None:
        raise ProfileError(f"{m.name}: [child_mental_ill_health] no counts of children and notifications fit")
    kc, kn = best[2], best[3]
    extra = kc - kn
    multi = [f for f in families if sum(c["_eligible"] for c in f["children"]) > 1]
    rng.shuffle(multi)
    forced, room = [], 0
    for family in multi:
        if room >= extra:
            break
        forced.append(family)
        room += sum(c["_eligible"] for c in family["children"]) - 1
    ids = {id(f) for f in forced}
    rest = [f for f in families if id(f) not in ids]

    def top_band(f):
        return max((c["band"] for c in f["children"] if c["_eligible"]), key=BANDS.index)

    choose(rest, "_mh", kn - len(forced), lambda f: (f["category"], top_band(f)),
           lambda k: cat_odds[k[0]][0] * band_odds[k[1]][0], rng)
    pool = []
    for family in forced + [f for f in rest if f["_mh"]]:
        eligible = [c for c in family["children"] if c["_eligible"]]
        first = rng.choices(eligible, weights=[band_odds[c["band"]][0] for c in eligible])[0]
        first["mental_health"] = True
        pool.extend(c for c in eligible if c is not first)
    for child in rng.sample(pool, extra):
        child["mental_health"] = True

    he = m["home_educated"]
    low, high = int(he.get("min_age", 5)), int(he.get("max_age", 16))
    odds = m.table(he.get("odds", {}), "home_educated.odds", CATEGORIES, 1, default=[1.0])
    for item in items:
        item["home_educated"] = False
        for child in item["children"]:
            child["home_educated"] = False
    taken: set[int] = set()
    for index, stratum in enumerate(he.get("strata", [])):
        where = {k: v for k, v in stratum.items() if k != "notifications"}
        bad = set(where) - {"incident_type", "category"}
        if bad:
            raise ProfileError(f"{m.name}: [home_educated.strata] can filter on incident_type or category, not {bad}")
        pool = [i for i in items if id(i) not in taken
                and i["type"] == where.get("incident_type", i["type"])
                and i["category"] == where.get("category", i["category"])
                and any(c["age"] is not None and low <= c["age"] <= high for c in i["children"])]
        k = r.count(f"home_educated.strata[{index}]", stratum["notifications"], len(pool))
        choose(pool, "_he", k, lambda i: i["category"], lambda c: odds[c][0], rng)
        for item in pool:
            if item["_he"]:
                taken.add(id(item))
                item["home_educated"] = True
                for child in item["children"]:
                    child["home_educated"] = child["age"] is not None and low <= child["age"] <= high


def _family_history(m: _Model, r: Resolver, children, rng) -> None:
    """cspr-2's family history of a child, where the profile gives it ([family_history]).

    Children previously subject to care proceedings are drawn from those known to children's
    social care; children whose earlier siblings were removed permanently without their own case
    returning to court from the rest of those (the two are apart: the second child was not taken
    to court). Without the section both stay unknown, as in a cspr-1 file.
    """
    fh = m.profile.model.get("family_history")
    for child in children:
        child["previous_care_proceedings"] = child["siblings_removed_not_returned"] = None
    if not fh:
        return
    for child in children:
        child["previous_care_proceedings"] = child["siblings_removed_not_returned"] = False
    known = [c for c in children if c["status"] != "not_known_to_csc"]
    k = r.count("family_history.previous_care_proceedings", fh["previous_care_proceedings"], len(known))
    for child in rng.sample(known, k):
        child["previous_care_proceedings"] = True
    rest = [c for c in known if not c["previous_care_proceedings"]]
    k = r.count("family_history.siblings_removed_not_returned", fh["siblings_removed_not_returned"], len(rest))
    for child in rng.sample(rest, k):
        child["siblings_removed_not_returned"] = True


def _family(m: _Model, r: Resolver, items, rng) -> None:
    """Domestic abuse, parental substance misuse and mental ill-health; previously known."""
    fc = m["family_context"]
    n = len(items)
    da = r.count("family_context.domestic_abuse", fc["domestic_abuse"], n)
    alcohol = r.count("family_context.parental_alcohol_misuse", fc["parental_alcohol_misuse"], n)
    drug = r.count("family_context.parental_drug_misuse", fc["parental_drug_misuse"], n)
    both = min(alcohol, drug, round(fc["alcohol_and_drug"].value * alcohol / 100))
    substance = alcohol + drug - both
    if substance > n:
        raise ProfileError(f"{m.name}: [family_context] alcohol and drug misuse overlap too little to fit")
    target = fc.get("domestic_abuse_and_substance")
    if isinstance(target, Target):
        low = max(0, da - (n - substance))
        with_s = r.count("family_context.domestic_abuse_and_substance", target, n, at_least=low,
                         at_most=min(da, substance))
    else:
        with_s = round(da * substance / n) if n else 0
    parts = apportion(with_s, [alcohol - both, drug - both, both]) if with_s else [0, 0, 0]
    totals = {
        (True, True, False): parts[0], (True, False, True): parts[1], (True, True, True): parts[2],
        (False, True, False): alcohol - both - parts[0], (False, False, True): drug - both - parts[1],
        (False, True, True): both - parts[2], (True, False, False): da - with_s,
    }
    totals[(False, False, False)] = n - sum(totals.values())
    odds = m.table(fc.get("odds", {}), "family_context.odds", CATEGORIES, 3, default=[1.0] * 3)

    def weights(key):
        """A record's chance of each cell: its category's odds; none for a cell that contradicts
        its sibling group's domestic abuse when that is fixed already (context.py)."""
        category, fixed = key
        o = odds[category]
        return [0.0 if fixed is not None and c[0] != fixed else
                (o[0] if c[0] else 1) * (o[1] if c[1] else 1) * (o[2] if c[2] else 1) for c in CONTEXT_CELLS]

    # Domestic abuse has exact counts on other bases too: among serious-harm incidents, and per child.
    in_harm = fc.get("domestic_abuse_in_serious_harm")
    if isinstance(in_harm, Target):
        harmed = [i for i in items if i["type"] == "serious_harm"]
        rest = [i for i in items if i["type"] != "serious_harm"]
        k = r.count(
            "family_context.domestic_abuse_in_serious_harm",
            in_harm,
            len(harmed),
            at_least=max(0, da - len(rest)),
            at_most=min(da, len(harmed)),
        )
        sides = [(harmed, k), (rest, da - k)]
    else:
        sides = [(items, da)]
    for item in items:
        item["_da"] = None
    per_child = fc.get("domestic_abuse_children")
    if isinstance(per_child, Target):
        fix_sibling_groups(r, per_child, sides, lambda category: odds[category][0], rng)
    if len(sides) == 2:
        deal_by_side(sides, totals, weights, rng)
    else:
        assign(items, "context", CONTEXT_CELLS, [totals[c] for c in CONTEXT_CELLS], context_key, weights, rng)
    for item in items:
        item["domestic_abuse"], item["alcohol"], item["drug"] = item.pop("context")
        del item["_da"]

    pm = m["parental_mental_ill_health"]
    factor = float(pm.get("with_family_stress", 1))
    podds = m.table(pm.get("odds", {}), "parental_mental_ill_health.odds", CATEGORIES, 2, default=[1.0, 1.0])
    for column, (attr, index) in {"maternal": ("maternal", 0), "paternal": ("paternal", 1)}.items():
        k = r.count(f"parental_mental_ill_health.{column}", pm[column], n)
        choose(items, attr, k, lambda i: (i["category"], i["domestic_abuse"] or i["alcohol"] or i["drug"]),
               lambda key, index=index: podds[key[0]][index] * (factor if key[1] else 1.0), rng)

    pk = m["previously_known"]
    kodds = m.table(pk.get("odds", {}), "previously_known.odds", CATEGORIES, 1, default=[1.0])
    known = [i for i in items if any(c["status"] != "not_known_to_csc" for c in i["children"])]
    k = r.count("previously_known.notifications", pk["notifications"], n, at_least=len(known))
    for item in known:
        item["previously_known"] = True
    ids = {id(i) for i in known}
    rest = [i for i in items if id(i) not in ids]
    choose(rest, "previously_known", k - len(known), lambda i: i["category"], lambda c: kodds[c][0], rng)


def _rapid_reviews(m: _Model, r: Resolver, items, rng) -> None:
    rr = m["rapid_review"]
    n = len(items)
    choose(items, "rr", r.count("rapid_review.submitted", rr["submitted"], n), lambda i: 0, lambda k: 1.0, rng)
    reviews = [i for i in items if i["rr"]]
    for item in items:
        item["lcspr"] = item["national"] = False
        item["themes"] = []
    for attr, name, odds_key in (("lcspr", "lcspr_recommended", "lcspr_odds"),
                                 ("national", "national_review", "national_odds")):
        odds = m.table(rr.get(odds_key, {}), f"rapid_review.{odds_key}", CATEGORIES, 1, default=[1.0])
        k = r.count(f"rapid_review.{name}", rr[name], len(reviews))
        choose(reviews, attr, k, lambda i: i["category"], lambda c, odds=odds: odds[c][0], rng)
    theme_set = str(m.profile.model.get("theme_set", "2020"))
    if theme_set not in THEME_SETS:
        raise ProfileError(f"{m.name}: theme_set must be one of {', '.join(THEME_SETS)}")
    ts = m["themes"].get(theme_set)
    if not isinstance(ts, dict):
        raise ProfileError(f"{m.name}: no [themes.{theme_set}] section")
    requires = ts.get("requires", {})
    all_odds = ts.get("odds", {})
    for theme in THEME_SETS[theme_set]:
        if not isinstance(ts.get(theme), Target):
            raise ProfileError(f"{m.name}: [themes.{theme_set}] needs a target for '{theme}'")
        odds = m.table(all_odds.get(theme, {}), f"themes.{theme_set}.odds.{theme}", CATEGORIES, 1, default=[1.0])
        need = requires.get(theme)

        def key(i, need=need):
            return i["category"], (bool(i.get(need)) if need != "adolescent" else
                                   any(c["band"] in ("10_14", "15_17") for c in i["children"])) if need else True

        k = r.count(f"themes.{theme_set}.{theme}", ts[theme], len(reviews))
        choose(reviews, "_theme", k, key, lambda k, odds=odds: odds[k[0]][0] if k[1] else 0.0, rng)
        for item in reviews:
            if item["_theme"]:
                item["themes"].append(theme)
