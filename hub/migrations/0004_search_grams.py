"""The hub search's index: each service's and organisation's two-letter pieces of their words, in a
generated column with a GIN index, replacing the trigram indexes that could not answer two-letter
Korean words."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models

GRAMS = r"""
CREATE OR REPLACE FUNCTION hub_search_grams(doc text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT substr(word, i, 2)), '{}')
  FROM regexp_split_to_table(lower(doc), '\s+') AS word, generate_series(1, length(word) - 1) AS i
  WHERE length(word) >= 2
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("hub", "0003_image_upload_checks")]

    operations = [
        migrations.RunSQL(GRAMS, "DROP FUNCTION IF EXISTS hub_search_grams(text);"),
        migrations.RemoveIndex(
            model_name='service',
            name='hub_service_title_trgm',
        ),
        migrations.RemoveIndex(
            model_name='service',
            name='hub_service_title_en_trgm',
        ),
        migrations.RemoveIndex(
            model_name='service',
            name='hub_service_summary_trgm',
        ),
        migrations.AddField(
            model_name='organisation',
            name='search_grams',
            field=models.GeneratedField(db_persist=True, expression=models.Func(django.db.models.functions.text.Concat(models.F('name'), models.Value(' '), models.F('name_en')), function='hub_search_grams'), output_field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)),
        ),
        migrations.AddField(
            model_name='service',
            name='search_grams',
            field=models.GeneratedField(db_persist=True, expression=models.Func(django.db.models.functions.text.Concat(models.F('title'), models.Value(' '), models.F('title_en'), models.Value(' '), models.F('summary')), function='hub_search_grams'), output_field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)),
        ),
        migrations.AddIndex(
            model_name='organisation',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_grams'], name='hub_org_search_grams'),
        ),
        migrations.AddIndex(
            model_name='service',
            index=models.Index(fields=['status', 'title'], name='hub_service_status_title'),
        ),
        migrations.AddIndex(
            model_name='service',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_grams'], name='hub_service_search_grams'),
        ),
    ]
