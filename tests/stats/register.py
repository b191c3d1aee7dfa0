"""A small register whose every figure was worked out by hand (see each row's comment).

Ten notifications: seven notified in 2020 (N1-N7), two in 2019 (N8, N9) for
the comparisons, one in January 2021 (N10) that a 2020 report must leave out
and the 2020-21 financial year must include. Birmingham (E08000025, West
Midlands) unless stated; N7 is the City of London (E09000001, London).

Working days (England, 2020-21): the deadlines and lateness in the comments
count forward from the day after, skipping weekends and bank holidays.
"""

from tests.stats.conftest import row

DEATH = {"incident_type": "death", "harm_category": ""}


def rows_2020() -> list[dict]:
    return [
        # N1: serious harm, physical abuse, near miss. Aware Tue 3 Mar, due Tue 10 Mar, notified 5 Mar: on time.
        # Rapid review due Tue 24 Mar (15 working days), submitted 20 Mar: on time.
        # LCSPR decided 1 Apr, due 1 Oct, published 1 Sep: on time.
        *[
            row(
                "N1",
                child,
                incident_date="2020-03-02",
                aware_date="2020-03-03",
                notified_date="2020-03-05",
                near_miss="yes",
                domestic_abuse="yes",
                parental_alcohol_misuse="yes",
                neglect_feature="yes",
                previously_known="yes",
                rr_submitted_date="2020-03-20",
                rr_themes="daily_life;critical_thinking",
                rr_lcspr_recommended="yes",
                lcspr_decision_date="2020-04-01",
                lcspr_final_report_date="2020-08-20",
                lcspr_published_date="2020-09-01",
                **fields,
            )
            for child, fields in (
                ("C1", {"gender": "female", "age_years": "0", "ethnicity": "WBRI", "cp_plan": "yes"}),
                ("C2", {"gender": "male", "age_years": "3", "ethnicity": "MWBC", "looked_after": "yes"}),
            )
        ],
        # N2: death, SUDI. Aware Thu 2 Jan, due Thu 9 Jan, notified Fri 10 Jan: 1 working day late.
        # Rapid review due Thu 23 Jan, submitted Fri 14 Feb: 16 working days late.
        row(
            "N2",
            **DEATH,
            death_category="sudi",
            incident_date="2020-01-01",
            aware_date="2020-01-02",
            notified_date="2020-01-10",
            neglect_feature="yes",
            maternal_mental_ill_health="yes",
            covid_factor="no",
            rr_submitted_date="2020-02-14",
            rr_themes="daily_life",
            rr_lcspr_recommended="no",
            gender="male",
            age_years="",
            ethnicity="REFU",
        ),
        # N3: death, suicide. Aware Fri 12 Jun, notified Mon 15 Jun: on time. No rapid review yet.
        row(
            "N3",
            **DEATH,
            death_category="suicide",
            incident_date="2020-06-11",
            aware_date="2020-06-12",
            notified_date="2020-06-15",
            domestic_abuse="yes",
            parental_drug_misuse="yes",
            exploitation_background="yes",
            gender="female",
            age_years="16",
            ethnicity="BAFR",
            known_to_csc="yes",
            child_mental_ill_health="yes",
        ),
        # N4: other (the young person harmed others). Aware Wed 30 Sep, notified 2 Oct: on time.
        # Rapid review due 21 Oct, submitted 5 Oct: on time. LCSPR decided, not yet published.
        row(
            "N4",
            incident_type="other",
            harm_category="young_person_harmed_others",
            incident_date="2020-09-29",
            aware_date="2020-09-30",
            notified_date="2020-10-02",
            domestic_abuse="yes",
            rr_submitted_date="2020-10-05",
            rr_lcspr_recommended="yes",
            lcspr_decision_date="2020-10-20",
            gender="transgender",
            age_years="15",
            ethnicity="AIND",
            home_educated="yes",
            disability="yes",
        ),
        # N5: serious harm, risk-taking with criminal exploitation. Aware Mon 1 Jun, due Mon 8 Jun,
        # notified 1 Jul: 17 working days late. Rapid review due Mon 22 Jun, submitted 10 Jul: 14 late.
        # LCSPR decided 15 Jul 2020, due 15 Jan 2021, published 1 Mar 2021: 31 working days late.
        *[
            row(
                "N5",
                child,
                harm_category="risk_taking_or_violence",
                incident_date="2020-05-31",
                aware_date="2020-06-01",
                notified_date="2020-07-01",
                exploitation_background="yes",
                rr_submitted_date="2020-07-10",
                rr_themes="information_sharing;optimism",
                rr_lcspr_recommended="unknown",
                lcspr_decision_date="2020-07-15",
                lcspr_final_report_date="2021-02-01",
                lcspr_published_date="2021-03-01",
                **fields,
            )
            for child, fields in (
                ("C1", {"gender": "male", "age_years": "17", "ethnicity": "OOTH", "known_to_csc": "yes"}),
                ("C2", {"gender": "male", "age_years": "12", "ethnicity": "WBRI", "child_in_need": "yes"}),
            )
        ],
        # N6: serious harm, risk-taking without exploitation. Aware Thu 16 Apr, notified Mon 20 Apr: on time.
        row(
            "N6",
            harm_category="risk_taking_or_violence",
            incident_date="2020-04-15",
            aware_date="2020-04-16",
            notified_date="2020-04-20",
            exploitation_background="no",
            gender="female",
            age_years="14",
            ethnicity="WIRI",
        ),
        # N7: London, serious harm, neglect. Aware Mon 30 Nov, notified 1 Dec: on time.
        row(
            "N7",
            la_code="E09000001",
            harm_category="neglect",
            incident_date="2020-11-29",
            aware_date="2020-11-30",
            notified_date="2020-12-01",
            gender="not_known",
            age_years="9",
            ethnicity="CHNE",
        ),
    ]


def rows_other_years() -> list[dict]:
    return [
        row("N8", incident_date="2019-05-07", aware_date="2019-05-08", notified_date="2019-05-10", age_years="2"),
        row("N9", incident_date="2019-11-13", aware_date="2019-11-14", notified_date="2019-11-15"),
        row("N10", incident_date="2021-01-03", aware_date="2021-01-04", notified_date="2021-01-05"),
    ]


def all_rows() -> list[dict]:
    return rows_2020() + rows_other_years()


# A test baseline: 1,000 children, and (with ages) 200 of them aged 15 to 17.
BASELINE_CSV = """group,count
white,800
mixed,50
asian,100
black,40
other,10
"""
BASELINE_BY_AGE_CSV = """group,count,age_band
white,800,
mixed,50,
asian,100,
black,40,
other,10,
white,160,15_to_17
mixed,10,15_to_17
asian,20,15_to_17
black,8,15_to_17
other,2,15_to_17
"""
