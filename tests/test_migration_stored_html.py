"""Migration 0003 fills the stored HTML of existing rows and keeps their typed tags."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0002_initial"), ("tags", "0001_initial")]
AFTER = [("articles", "0003_stored_html")]


@pytest.fixture
def executor():
    executor = MigrationExecutor(connection)
    yield executor
    executor = MigrationExecutor(connection)  # back to the latest schema for the next tests
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_their_html_and_tag_line(executor):
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    user = apps.get_model("auth", "User").objects.create(username="old")
    link = apps.get_model("articles", "PressLink").objects.create(
        kind="link", author=user, title="Vieux", commentary="Un *avis* #Casino"
    )
    apps.get_model("articles", "Excerpt").objects.create(link=link, text="Un [rouge]x[/rouge]")
    campaign = apps.get_model("articles", "Campaign").objects.create(
        name="C", slug="c", description="**Stop**"
    )
    post = apps.get_model("articles", "CampaignPost").objects.create(
        kind="post", author=user, campaign=campaign, episode=1, title="E", body="Voir [1] et [2]."
    )
    apps.get_model("articles", "PostSource").objects.create(post=post, number=1, label="S")
    Tag = apps.get_model("tags", "Tag")
    TaggedEntry = apps.get_model("tags", "TaggedEntry")
    for position, (name, slug) in enumerate([("Amazon", "amazon"), ("Casino", "casino")]):
        tag = Tag.objects.create(name=name, slug=slug)
        TaggedEntry.objects.create(content_object_id=link.pk, tag=tag, position=position)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    link = apps.get_model("articles", "PressLink").objects.get(pk=link.pk)
    assert link.commentary_html.startswith('<p>Un <em>avis</em> <a class="hashtag"')
    assert link.tag_line == "#Amazon"  # Casino is written in the commentary
    excerpt = apps.get_model("articles", "Excerpt").objects.get(link_id=link.pk)
    assert excerpt.html == '<p>Un <mark class="hl hl-rouge">x</mark></p>'
    post = apps.get_model("articles", "CampaignPost").objects.get(pk=post.pk)
    assert '<a class="ref" href="#source-1" id="ref-1">[1]</a> et [2]' in post.body_html
    campaign = apps.get_model("articles", "Campaign").objects.get(pk=campaign.pk)
    assert campaign.description_html == "<p><strong>Stop</strong></p>"
