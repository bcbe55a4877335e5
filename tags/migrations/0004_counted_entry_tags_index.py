"""A GIN index on the tag ids each counted entry carries (PostgreSQL only).

It finds the entries of a combination of tags (``tag_ids @> '[a, b]'``) without scanning
every tagging of its most used tag: a two-tag page's timeline
(:func:`articles.stream.tag_stats.counted_timeline_of`). Declared here only, not on the model: it exists
on PostgreSQL alone (SQLite reads the taggings instead).
"""

from django.db import migrations

INDEX = "counted_entry_tags"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON tags_countedentry "
            "USING gin (tag_ids jsonb_path_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("tags", "0003_tag_counts"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
