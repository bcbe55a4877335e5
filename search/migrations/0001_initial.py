import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# The weights: title A, tags and source B, excerpts, commentary, lead and body C.
PG_FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END $$;
CREATE FUNCTION search_document_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.vector :=
        setweight(to_tsvector('french_unaccent', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('french_unaccent', coalesce(NEW.tags, '')), 'B')
        || setweight(to_tsvector('french_unaccent', coalesce(NEW.source, '')), 'B')
        || setweight(to_tsvector('french_unaccent', coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END $$;
CREATE TRIGGER search_document_vector BEFORE INSERT OR UPDATE OF title, tags, source, body
    ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_document_vector();
CREATE INDEX search_vector_gin ON search_searchdocument USING gin (vector);
"""
PG_BACKWARD = """
DROP INDEX IF EXISTS search_vector_gin;
DROP TRIGGER IF EXISTS search_document_vector ON search_searchdocument;
DROP FUNCTION IF EXISTS search_document_vector();
"""

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, source, tags,
        content='search_searchdocument', content_rowid='entry_id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, body, source, tags)
        VALUES (new.entry_id, new.title, new.body, new.source, new.tags);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, source, tags)
        VALUES ('delete', old.entry_id, old.title, old.body, old.source, old.tags);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, source, tags)
        VALUES ('delete', old.entry_id, old.title, old.body, old.source, old.tags);
        INSERT INTO search_fts(rowid, title, body, source, tags)
        VALUES (new.entry_id, new.title, new.body, new.source, new.tags);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def run(statements):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor in statements:
            for statement in statements[vendor]:
                schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0002_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.entry",
                    ),
                ),
                ("published_at", models.DateTimeField(db_index=True, null=True)),
                (
                    "publication",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.source",
                    ),
                ),
                ("title", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("source", models.TextField(blank=True)),
                ("tags", models.TextField(blank=True)),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(
                        editable=False, null=True
                    ),
                ),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
                "indexes": [
                    models.Index(
                        fields=["publication", "-published_at"], name="search_by_publication"
                    )
                ],
            },
        ),
        migrations.RunPython(
            run({"postgresql": [PG_FORWARD], "sqlite": SQLITE_FORWARD}),
            run({"postgresql": [PG_BACKWARD], "sqlite": SQLITE_BACKWARD}),
        ),
    ]
