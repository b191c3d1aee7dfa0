"""Coded CHECKs as equalities, not IN (cspr/core/fields.py in_codes, ADR 0034): the same rule, which SQLite checks without building an index per inserted row."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_notification_days_late'),
        ('core', '0003_alter_user_options_user_is_demo_user_role_and_more'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='child',
            name='child_gender_code',
        ),
        migrations.RemoveConstraint(
            model_name='child',
            name='child_ethnicity_code',
        ),
        migrations.RemoveConstraint(
            model_name='child',
            name='child_outcome_code',
        ),
        migrations.RemoveConstraint(
            model_name='child',
            name='child_disability_code',
        ),
        migrations.RemoveConstraint(
            model_name='child',
            name='child_cp_plan_code',
        ),
        migrations.RemoveConstraint(
            model_name='child',
            name='child_looked_after_code',
        ),
        migrations.RemoveConstraint(
            model_name='child',
            name='child_child_in_need_code',
        ),
        migrations.RemoveConstraint(
            model_name='child',
            name='child_known_to_csc_code',
        ),
        migrations.RemoveConstraint(
            model_name='child',
            name='child_home_educated_code',
        ),
        migrations.RemoveConstraint(
            model_name='child',
            name='child_child_mental_ill_health_code',
        ),
        migrations.RemoveConstraint(
            model_name='child',
            name='child_previous_care_proceedings_code',
        ),
        migrations.RemoveConstraint(
            model_name='child',
            name='child_siblings_removed_not_returned_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_incident_type_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_death_category_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_harm_category_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_near_miss_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_domestic_abuse_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_maternal_mental_ill_health_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_paternal_mental_ill_health_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_parental_alcohol_misuse_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_parental_drug_misuse_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_neglect_feature_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_previously_known_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_exploitation_background_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_covid_factor_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_offending_adults_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_home_educated_incident_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_late_notification_reason_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_late_rapid_review_reason_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_notification_kind_code',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_abuse_neglect_suspected_code',
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('gender', 'male'), ('gender', 'female'), ('gender', 'transgender'), ('gender', 'not_known'), _connector='OR'), name='child_gender_code'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('ethnicity', 'WBRI'), ('ethnicity', 'WIRI'), ('ethnicity', 'WIRT'), ('ethnicity', 'WOTH'), ('ethnicity', 'WROM'), ('ethnicity', 'MWBC'), ('ethnicity', 'MWBA'), ('ethnicity', 'MWAS'), ('ethnicity', 'MOTH'), ('ethnicity', 'AIND'), ('ethnicity', 'APKN'), ('ethnicity', 'ABAN'), ('ethnicity', 'AOTH'), ('ethnicity', 'CHNE'), ('ethnicity', 'BCRB'), ('ethnicity', 'BAFR'), ('ethnicity', 'BOTH'), ('ethnicity', 'OOTH'), ('ethnicity', 'REFU'), ('ethnicity', 'NOBT'), _connector='OR'), name='child_ethnicity_code'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('outcome', 'died'), ('outcome', 'seriously_harmed'), ('outcome', 'other'), _connector='OR'), name='child_outcome_code'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('disability', 'yes'), ('disability', 'no'), ('disability', 'unknown'), _connector='OR'), name='child_disability_code'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('cp_plan', 'yes'), ('cp_plan', 'no'), ('cp_plan', 'unknown'), _connector='OR'), name='child_cp_plan_code'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('looked_after', 'yes'), ('looked_after', 'no'), ('looked_after', 'unknown'), _connector='OR'), name='child_looked_after_code'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('child_in_need', 'yes'), ('child_in_need', 'no'), ('child_in_need', 'unknown'), _connector='OR'), name='child_child_in_need_code'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('known_to_csc', 'yes'), ('known_to_csc', 'no'), ('known_to_csc', 'unknown'), _connector='OR'), name='child_known_to_csc_code'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('home_educated', 'yes'), ('home_educated', 'no'), ('home_educated', 'unknown'), _connector='OR'), name='child_home_educated_code'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('child_mental_ill_health', 'yes'), ('child_mental_ill_health', 'no'), ('child_mental_ill_health', 'unknown'), _connector='OR'), name='child_child_mental_ill_health_code'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('previous_care_proceedings', 'yes'), ('previous_care_proceedings', 'no'), ('previous_care_proceedings', 'unknown'), _connector='OR'), name='child_previous_care_proceedings_code'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.CheckConstraint(condition=models.Q(('siblings_removed_not_returned', 'yes'), ('siblings_removed_not_returned', 'no'), ('siblings_removed_not_returned', 'unknown'), _connector='OR'), name='child_siblings_removed_not_returned_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('incident_type', 'death'), ('incident_type', 'serious_harm'), ('incident_type', 'other'), _connector='OR'), name='notification_incident_type_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('death_category', 'sudi'), ('death_category', 'suicide'), ('death_category', 'maltreatment_in_family'), ('death_category', 'maltreatment_related'), ('death_category', 'extra_familial_homicide'), ('death_category', 'unrelated_or_unclear'), ('death_category', ''), _connector='OR'), name='notification_death_category_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('harm_category', 'physical_abuse'), ('harm_category', 'neglect'), ('harm_category', 'sexual_abuse_in_family'), ('harm_category', 'sexual_abuse_extra_familial'), ('harm_category', 'sexual_exploitation'), ('harm_category', 'emotional_abuse'), ('harm_category', 'criminal_exploitation'), ('harm_category', 'risk_taking_or_violence'), ('harm_category', 'young_person_harmed_others'), ('harm_category', 'other_harm'), ('harm_category', ''), _connector='OR'), name='notification_harm_category_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('near_miss', 'yes'), ('near_miss', 'no'), ('near_miss', 'unknown'), _connector='OR'), name='notification_near_miss_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('domestic_abuse', 'yes'), ('domestic_abuse', 'no'), ('domestic_abuse', 'unknown'), _connector='OR'), name='notification_domestic_abuse_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('maternal_mental_ill_health', 'yes'), ('maternal_mental_ill_health', 'no'), ('maternal_mental_ill_health', 'unknown'), _connector='OR'), name='notification_maternal_mental_ill_health_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('paternal_mental_ill_health', 'yes'), ('paternal_mental_ill_health', 'no'), ('paternal_mental_ill_health', 'unknown'), _connector='OR'), name='notification_paternal_mental_ill_health_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('parental_alcohol_misuse', 'yes'), ('parental_alcohol_misuse', 'no'), ('parental_alcohol_misuse', 'unknown'), _connector='OR'), name='notification_parental_alcohol_misuse_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('parental_drug_misuse', 'yes'), ('parental_drug_misuse', 'no'), ('parental_drug_misuse', 'unknown'), _connector='OR'), name='notification_parental_drug_misuse_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('neglect_feature', 'yes'), ('neglect_feature', 'no'), ('neglect_feature', 'unknown'), _connector='OR'), name='notification_neglect_feature_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('previously_known', 'yes'), ('previously_known', 'no'), ('previously_known', 'unknown'), _connector='OR'), name='notification_previously_known_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('exploitation_background', 'yes'), ('exploitation_background', 'no'), ('exploitation_background', 'unknown'), _connector='OR'), name='notification_exploitation_background_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('covid_factor', 'yes'), ('covid_factor', 'no'), ('covid_factor', 'unknown'), _connector='OR'), name='notification_covid_factor_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('offending_adults', 'yes'), ('offending_adults', 'no'), ('offending_adults', 'unknown'), _connector='OR'), name='notification_offending_adults_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('home_educated_incident', 'yes'), ('home_educated_incident', 'no'), ('home_educated_incident', 'unknown'), _connector='OR'), name='notification_home_educated_incident_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('notification_kind', 'serious_incident'), ('notification_kind', 'looked_after_death'), ('notification_kind', 'care_leaver_death'), _connector='OR'), name='notification_notification_kind_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('abuse_neglect_suspected', 'yes'), ('abuse_neglect_suspected', 'no'), ('abuse_neglect_suspected', 'unknown'), _connector='OR'), name='notification_abuse_neglect_suspected_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('late_notification_reason', 'criteria_unclear'), ('late_notification_reason', 'harm_recognised_later'), ('late_notification_reason', 'information_awaited'), ('late_notification_reason', 'process_delay'), ('late_notification_reason', 'other'), ('late_notification_reason', ''), _connector='OR'), name='notification_late_notification_reason_code'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('late_rapid_review_reason', 'information_awaited'), ('late_rapid_review_reason', 'partner_availability'), ('late_rapid_review_reason', 'parallel_proceedings'), ('late_rapid_review_reason', 'case_complexity'), ('late_rapid_review_reason', 'process_delay'), ('late_rapid_review_reason', 'other'), ('late_rapid_review_reason', ''), _connector='OR'), name='notification_late_rapid_review_reason_code'),
        ),
    ]
