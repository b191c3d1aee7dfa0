"""Coded CHECKs as equalities, not IN (cspr/core/fields.py in_codes, ADR 0034): the same rule, which SQLite checks without building an index per inserted row."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_coded_checks_as_equalities'),
        ('core', '0003_alter_user_options_user_is_demo_user_role_and_more'),
        ('learning', '0005_stored_similar_reviews'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='incidentcategory',
            name='incident_category_code_code',
        ),
        migrations.RemoveConstraint(
            model_name='publishedreview',
            name='published_review_review_type_code',
        ),
        migrations.RemoveConstraint(
            model_name='publishedreview',
            name='published_review_region_code',
        ),
        migrations.RemoveConstraint(
            model_name='publishedreview',
            name='published_review_child_age_band_code',
        ),
        migrations.RemoveConstraint(
            model_name='publishedreview',
            name='published_review_incident_type_code',
        ),
        migrations.RemoveConstraint(
            model_name='recommendation',
            name='recommendation_status_code',
        ),
        migrations.RemoveConstraint(
            model_name='recommendationaction',
            name='recommendation_action_status_code',
        ),
        migrations.RemoveConstraint(
            model_name='reviewlabel',
            name='review_label_kind_code',
        ),
        migrations.RemoveConstraint(
            model_name='reviewlabel',
            name='review_label_source_code',
        ),
        migrations.RemoveConstraint(
            model_name='sourcedocument',
            name='source_document_file_format_code',
        ),
        migrations.RemoveConstraint(
            model_name='themesuggestion',
            name='theme_suggestion_kind_code',
        ),
        migrations.RemoveConstraint(
            model_name='themesuggestion',
            name='theme_suggestion_status_code',
        ),
        migrations.AddConstraint(
            model_name='incidentcategory',
            constraint=models.CheckConstraint(condition=models.Q(('code', 'sudi'), ('code', 'suicide'), ('code', 'maltreatment_in_family'), ('code', 'maltreatment_related'), ('code', 'extra_familial_homicide'), ('code', 'unrelated_or_unclear'), ('code', 'physical_abuse'), ('code', 'neglect'), ('code', 'sexual_abuse_in_family'), ('code', 'sexual_abuse_extra_familial'), ('code', 'sexual_exploitation'), ('code', 'emotional_abuse'), ('code', 'criminal_exploitation'), ('code', 'risk_taking_or_violence'), ('code', 'young_person_harmed_others'), ('code', 'other_harm'), _connector='OR'), name='incident_category_code_code'),
        ),
        migrations.AddConstraint(
            model_name='publishedreview',
            constraint=models.CheckConstraint(condition=models.Q(('review_type', 'lcspr'), ('review_type', 'scr'), ('review_type', 'national_review'), ('review_type', 'rapid_review_summary'), _connector='OR'), name='published_review_review_type_code'),
        ),
        migrations.AddConstraint(
            model_name='publishedreview',
            constraint=models.CheckConstraint(condition=models.Q(('region', 'north_east'), ('region', 'north_west'), ('region', 'yorkshire_and_the_humber'), ('region', 'east_midlands'), ('region', 'west_midlands'), ('region', 'east_of_england'), ('region', 'london'), ('region', 'south_east'), ('region', 'south_west'), ('region', 'national'), ('region', ''), _connector='OR'), name='published_review_region_code'),
        ),
        migrations.AddConstraint(
            model_name='publishedreview',
            constraint=models.CheckConstraint(condition=models.Q(('child_age_band', 'under_1'), ('child_age_band', '1_to_4'), ('child_age_band', '5_to_9'), ('child_age_band', '10_to_14'), ('child_age_band', '15_to_17'), ('child_age_band', 'multiple'), ('child_age_band', 'not_known'), _connector='OR'), name='published_review_child_age_band_code'),
        ),
        migrations.AddConstraint(
            model_name='publishedreview',
            constraint=models.CheckConstraint(condition=models.Q(('incident_type', 'death'), ('incident_type', 'serious_harm'), ('incident_type', 'other'), ('incident_type', ''), _connector='OR'), name='published_review_incident_type_code'),
        ),
        migrations.AddConstraint(
            model_name='recommendation',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'open'), ('status', 'in_progress'), ('status', 'completed'), ('status', 'not_accepted'), ('status', 'not_known'), _connector='OR'), name='recommendation_status_code'),
        ),
        migrations.AddConstraint(
            model_name='recommendationaction',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'planned'), ('status', 'in_progress'), ('status', 'completed'), ('status', 'withdrawn'), _connector='OR'), name='recommendation_action_status_code'),
        ),
        migrations.AddConstraint(
            model_name='reviewlabel',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'theme'), ('kind', 'characteristic'), _connector='OR'), name='review_label_kind_code'),
        ),
        migrations.AddConstraint(
            model_name='reviewlabel',
            constraint=models.CheckConstraint(condition=models.Q(('source', 'manual'), ('source', 'suggestion'), ('source', 'import'), _connector='OR'), name='review_label_source_code'),
        ),
        migrations.AddConstraint(
            model_name='sourcedocument',
            constraint=models.CheckConstraint(condition=models.Q(('file_format', 'pdf'), ('file_format', 'docx'), ('file_format', 'html'), ('file_format', 'text'), _connector='OR'), name='source_document_file_format_code'),
        ),
        migrations.AddConstraint(
            model_name='themesuggestion',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'theme'), ('kind', 'characteristic'), _connector='OR'), name='theme_suggestion_kind_code'),
        ),
        migrations.AddConstraint(
            model_name='themesuggestion',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'pending'), ('status', 'accepted'), ('status', 'rejected'), _connector='OR'), name='theme_suggestion_status_code'),
        ),
    ]
